"""The folding of phrase variants to one key: plurals, British spellings, acronym plurals, stems.

See :mod:`paperkit.text` for the rules; this module is their one home.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import polars as pl

__all__ = ["ACRONYM_PLURAL", "WORD_JOINER", "acronym_singular", "acronym_singular_expr", "fold_key", "fold_key_expr",
           "plural_last_word_expr", "plural_pattern", "porter_stem_phrase", "singular_last_word_expr", "singular_word",
           "stem_word", "word_key_expr"]

# Singular forms, as (regex, replacement) pairs applied in order to a lower-case word; the first
# rule that matches wins. Replacements use polars' ``${1}`` syntax (:func:`_py_repl` converts them).
_SINGULAR_RULES = [
    (r"^(\w+)yses$", "${1}ysis"),            # analyses, paralyses
    (r"^(\w+[^e])eses$", "${1}esis"),         # hypotheses, syntheses, theses, parentheses
    (r"^(\w+)omena$", "${1}omenon"),          # phenomena
    (r"^(\w+)hedra$", "${1}hedron"),          # polyhedra, tetrahedra
    (r"^(\w{3,})ae$", "${1}a"),               # formulae, antennae
    (r"^(\w{2,}[^aeiou])ies$", "${1}y"),      # strategies
    (r"^(\w{2,}(?:ss|sh|ch|x|zz))es$", "${1}"),  # processes, approaches, boxes, quizzes (sizes: -s)
    (r"^(\w{2,}[^sui'])s$", "${1}"),          # models, LLMs (not: process, corpus, analysis)
]
# Where English is irregular: Latin and Greek plurals no suffix rule can tell apart
# ("matrices" -> "matrix" but "indices" -> "index", "devices" -> "device").
_IRREGULAR_PLURALS = {
    "matrices": "matrix", "appendices": "appendix", "helices": "helix", "radices": "radix",
    "indices": "index", "vertices": "vertex", "vortices": "vortex", "cortices": "cortex", "simplices": "simplex",
    "apices": "apex", "codices": "codex", "criteria": "criterion", "corpora": "corpus", "genera": "genus",
    "automata": "automaton", "schemata": "schema", "lemmata": "lemma", "spectra": "spectrum", "maxima": "maximum",
    "minima": "minimum", "optima": "optimum", "curricula": "curriculum", "strata": "stratum", "quanta": "quantum",
    "radii": "radius", "foci": "focus", "loci": "locus", "stimuli": "stimulus", "nuclei": "nucleus",
    "crises": "crisis", "axes": "axis", "diagnoses": "diagnosis", "prognoses": "prognosis",
}
# Words that end like a plural but are not one (kept as they are).
_NOT_PLURAL = ["series", "species", "news", "always", "lens", "physics", "mathematics", "ethics", "economics",
               "robotics", "statistics", "analytics", "semantics", "dynamics", "kinetics", "genomics", "linguistics",
               "graphics", "electronics", "optics", "logistics", "metrics", "its", "this", "has", "was", "does", "is",
               "bias", "atlas", "canvas", "alias", "gas", "pancreas", "whereas", "yes", "plus", "thus", "chaos",
               "ethos", "pathos", "cosmos", "kudos", "harmonics", "mechanics", "kinematics", "thermodynamics",
               "hydrodynamics", "aerodynamics", "informatics", "bioinformatics", "acoustics", "photonics"]


@functools.cache
def _lexicon_singulars() -> dict[str, str]:
    """``{word: singular}`` for the English words whose singular the suffix rules and the tables
    above get wrong, read from ``resources/singulars.tsv`` (made by ``tools/make_singulars.py``
    from the LemmInflect lexicon and the wordfreq list): "quizzes" -> "quiz", "movies" -> "movie",
    "buses" -> "bus", "caches" -> "cache", and singular nouns the rules would cut ("diabetes")."""
    data = resources.files("paperkit.resources").joinpath("singulars.tsv").read_bytes()
    table = pl.read_csv(data, separator="\t", comment_prefix="#", has_header=False, new_columns=["w", "s"],
                        schema_overrides={"w": pl.String, "s": pl.String}, quote_char=None)
    return dict(zip(table["w"].to_list(), table["s"].to_list()))


@functools.cache
def _singulars() -> dict[str, str]:
    """Every word whose singular is looked up, not made by a suffix rule: the lexicon table and the
    irregular plurals (which win)."""
    return {**_lexicon_singulars(), **_IRREGULAR_PLURALS}


@functools.cache
def _not_plural() -> list[str]:
    """Words that end like a plural and are kept as they are: :data:`_NOT_PLURAL` and the
    singular nouns of the lexicon table ("diabetes")."""
    return sorted(set(_NOT_PLURAL) | {w for w, s in _lexicon_singulars().items() if w == s})


# The singular rules as one regex: the alternatives are tried in order (leftmost-first), so the
# first rule that matches wins, and one pass replaces a chain of 16 (contains, replace) passes.
_SINGULAR_ONE = "^(?:" + "|".join(p[1:-1] for p, _ in _SINGULAR_RULES) + ")$"
_SINGULAR_ENDINGS = [r.replace("${1}", "") for _, r in _SINGULAR_RULES]


# British spellings folded to American ones (:func:`_british_spellings`): the rules propose a
# variant, and the pair is kept when the shipped English word list has both words.
_BRITISH_RULES = [
    (r"^(.*\w{3})is(e|ed|es|ing|er|ers|able)$", "${1}iz${2}"),       # optimise(d), recognisable
    (r"^(.*\w{2})ys(e|ed|es|ing|er|ers)$", "${1}yz${2}"),            # analyse(d)
    (r"^(.*\w{3})our(s|ed|ing|ful|hood|able|ite|ites|less)?$", "${1}or${2}"),  # behaviour, neighbourhood
    (r"^(.*\w{2}[aeiou])ll(ed|ing|er|ers)$", "${1}l${2}"),          # modelled, labelling
    (r"^(.*\w{3})ogue(s)?$", "${1}og${2}"),                          # catalogue, analogue
]
# Always folded: "-isation" is the British "-ization" (tokenisation, quantisation), whatever the word.
_ISATION = (r"isation(s|al)?$", "ization${1}")


@functools.cache
def _british_spellings() -> dict[str, str]:
    """``{british: american}`` for word pairs that the rules of :data:`_BRITISH_RULES` relate and
    that are both in ``resources/english_zipf.tsv`` ("optimised" -> "optimized", "labelled" ->
    "labeled"); the list's check keeps "filled" from "filed" and "flour" from "flor"."""
    data = resources.files("paperkit.resources").joinpath("english_zipf.tsv").read_bytes()
    words = pl.read_csv(data, separator="\t", comment_prefix="#", has_header=False, new_columns=["w", "zipf"],
                        schema_overrides={"w": pl.String, "zipf": pl.Float64}, quote_char=None)["w"]
    known = words.implode()
    # The first rule whose variant is another word of the list wins.
    variants = [pl.col("w").str.replace(rx, rep) for rx, rep in _BRITISH_RULES]
    american = pl.coalesce([pl.when((v != pl.col("w")) & v.is_in(known)).then(v) for v in variants])
    # Lazy: each variant is computed once for its two uses (eager: twice, 2x the time).
    pairs = pl.LazyFrame({"w": words}).select("w", american.alias("a")).drop_nulls("a").collect()
    return dict(zip(pairs["w"].to_list(), pairs["a"].to_list()))


# --- the plural of an acronym: one rule, here (issue 16) -------------------------------------
#: The plural ending of an acronym (a regex): a lower-case ``s`` after a capital or a digit, in a
#: short form of three characters or more ("LLMs", "CNNs", "3DGSs"). A capital ``S`` is a letter of
#: the acronym ("RLS", "3DGS"), and two characters are too short to read ("Os", "Ms").
ACRONYM_PLURAL = r"(?s).[A-Z0-9]s$"
_ACRONYM_PLURAL_RE = re.compile(ACRONYM_PLURAL)
#: A short word ending in a capital S after a capital or a digit: an acronym ("RLS", "DMS", "RaGS")
#: whose S is a letter, not a plural (up to 5 characters: "MODELS" in an upper-case title is a plural).
_ACRONYM_S = r"^[\w-]{0,3}[A-Z\d]S$"
_ACRONYM_S_RE = re.compile(_ACRONYM_S)


def acronym_singular_expr(short_form: pl.Expr) -> pl.Expr:
    """Each short form without its plural ``s`` (:data:`ACRONYM_PLURAL`), case kept.

    The plural of an acronym is a lower-case ``s`` after its last capital or digit ("LLMs" ->
    "LLM"), which the English rules of :func:`singular_word` do not read ("GPUs" is not an
    English plural in ``-us``). A capital ``S`` is a letter of the acronym ("RLS", "3DGS"), and a
    short form of two characters is kept ("Os"). The one home of this rule: the acronym keys and
    glossary, the definition matcher and :func:`plural_pattern` use it, and :func:`word_key_expr`
    leaves the words it reads as acronyms ("RLS") to it.

    Parameters
    ----------
    short_form
        An expression of strings, one short form each.

    Returns
    -------
    polars.Expr
        Strings, null where ``short_form`` is null.

    See Also
    --------
    acronym_singular : the same rule for one string.

    Examples
    --------
    >>> df = pl.DataFrame({"sf": ["LLMs", "CNNs", "3DGSs", "LoRAs", "RLS", "3DGS", "CoT", "Os", "GPT-4", None]})
    >>> df.select(acronym_singular_expr(pl.col("sf")))["sf"].to_list()
    ['LLM', 'CNN', '3DGS', 'LoRA', 'RLS', '3DGS', 'CoT', 'Os', 'GPT-4', None]
    """
    return pl.when(short_form.str.contains(ACRONYM_PLURAL)).then(
        short_form.str.slice(0, short_form.str.len_chars() - 1)
    ).otherwise(short_form)


def acronym_singular(short_form: str) -> str:
    """One short form without its plural ``s``: the scalar twin of :func:`acronym_singular_expr`.

    Examples
    --------
    >>> [acronym_singular(sf) for sf in ["LLMs", "ViTs", "RLS", "Os", "MoE"]]
    ['LLM', 'ViT', 'RLS', 'Os', 'MoE']
    """
    return short_form[:-1] if _ACRONYM_PLURAL_RE.search(short_form) else short_form


def word_key_expr(word: pl.Expr) -> pl.Expr:
    """Key of single lower-case or mixed-case words (no spaces): the folding of one word.

    The word-level step of :func:`fold_key_expr` (case, plural, British spelling, hyphens and
    apostrophes), for callers that fold the words of a phrase one by one (the keyword
    vocabulary, term containment, the general-English lexicon).

    Examples
    --------
    A capital S after a capital or digit is a letter of an acronym, not a plural: "RLS"
    (recursive least squares) is not "RL", nor "DMS" "DM" (up to 5 letters; "MODELS" in an
    upper-case title is still a plural).

    >>> words = pl.DataFrame({"w": ["Models", "fine-tuning", "optimised", "LLMs", "RLS", "RaGS", "MODELS"]})
    >>> words.select(word_key_expr(pl.col("w")))["w"].to_list()
    ['model', 'finetuning', 'optimized', 'llm', 'rls', 'rags', 'model']
    """
    low = word.str.to_lowercase()
    stems = low.str.extract_groups(_SINGULAR_ONE)
    out = pl.coalesce([stems.struct.field(str(i)) + pl.lit(end) for i, end in enumerate(_SINGULAR_ENDINGS, start=1)])
    out = (
        pl.when(word.str.contains(_ACRONYM_S)).then(acronym_singular_expr(word).str.to_lowercase())
        .when(low.is_in(_NOT_PLURAL)).then(low)
        .otherwise(low.replace_strict(_singulars(), default=out.fill_null(low), return_dtype=pl.String))
    )
    out = out.replace(_british_spellings()).str.replace(_ISATION[0], _ISATION[1])
    return out.str.replace_all(r"[-'’]", "")


def fold_key_expr(phrase: pl.Expr) -> pl.Expr:
    """The key of each phrase in a column (the expression form of :func:`fold_key`).

    Examples
    --------
    >>> df = pl.DataFrame({"p": ["Fine-Tuning", "fine tuning", "finetuning", "Large Language Models", None]})
    >>> df.select(fold_key_expr(pl.col("p")))["p"].to_list()
    ['finetuning', 'finetuning', 'finetuning', 'largelanguagemodel', None]
    """
    words = phrase.str.extract_all(r"\w+(?:[-'’]\w+)*")
    keys = words.list.eval(word_key_expr(pl.element())).list.join("")
    return pl.when(phrase.is_not_null()).then(keys)


def _py_repl(repl: str) -> str:
    return repl.replace("${1}", r"\g<1>")


@functools.cache
def _py_rules() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(p), _py_repl(r)) for p, r in _SINGULAR_RULES]


def singular_word(word: str, *, lexicon: bool = True) -> str:
    """The singular of one word, in lower case, by the folding rules of :func:`fold_key`.

    Only the plural is folded (not British spelling, hyphens or apostrophes): the word-level
    plural step of :func:`fold_key` and the rule :func:`plural_pattern` and
    :func:`singular_last_word_expr` build on.

    Parameters
    ----------
    word
        One word.
    lexicon
        Look the word up in the lexicon table first (``resources/singulars.tsv``): the English
        words whose singular the suffix rules get wrong ("quizzes", "movies", "buses"). ``False``
        gives the suffix rules and the hand-written tables alone, which
        ``tools/make_singulars.py`` compares with the lexicon to write that table.

    Examples
    --------
    >>> [singular_word(w) for w in ["Models", "strategies", "processes", "analyses", "matrices", "LLMs"]]
    ['model', 'strategy', 'process', 'analysis', 'matrix', 'llm']
    >>> [singular_word(w) for w in ["analysis", "series", "physics", "RLS", "data"]]
    ['analysis', 'series', 'physics', 'rls', 'data']

    Where a suffix rule cannot tell ("-ies" is "-y" or "-ie"; "-ses" is "-s" or "-se"), the
    lexicon does:

    >>> [singular_word(w) for w in ["quizzes", "movies", "buses", "caches", "lenses", "diabetes"]]
    ['quiz', 'movie', 'bus', 'cache', 'lens', 'diabetes']
    >>> [singular_word(w, lexicon=False) for w in ["quizzes", "movies", "buses", "caches", "lenses", "diabetes"]]
    ['quizz', 'movy', 'buse', 'cach', 'lense', 'diabete']
    """
    if _ACRONYM_S_RE.search(word):  # "RLS": an acronym, read by the acronym rule
        return acronym_singular(word).lower()
    low = word.lower()
    if low in _NOT_PLURAL:
        return low
    if low in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[low]
    if lexicon and low in _lexicon_singulars():
        return _lexicon_singulars()[low]
    for rx, repl in _py_rules():
        if rx.search(low):
            return rx.sub(repl, low, count=1)
    return low


#: Between the words of a term in a search pattern: a space, a hyphen or nothing ("fine-tuning"
#: finds "fine tuning" and "finetuning").
WORD_JOINER = r"[\s\-]?"

# The plural of a singular, where no suffix rule makes it: the inverse of _IRREGULAR_PLURALS.
_IRREGULAR_SINGULARS = {singular: plural for plural, singular in _IRREGULAR_PLURALS.items()}


@functools.cache
def _lexicon_plurals() -> dict[str, tuple[str, ...]]:
    """``{singular: plurals}`` of the lexicon table ("quiz": ("quizzes",), "bus": ("buses", "busses"))."""
    out: dict[str, list[str]] = {}
    for plural, singular in _lexicon_singulars().items():
        if plural != singular:
            out.setdefault(singular, []).append(plural)
    return {s: tuple(sorted(p, key=lambda w: (len(w), w))) for s, p in out.items()}


def plural_pattern(word: str, *, acronym: bool = False) -> str:
    """A regular expression (no anchors, case as written) for ``word`` in the singular or plural.

    The word is first made singular (:func:`singular_word`: a plural given finds its singular
    too), then takes the endings its plural may have: ``y`` -> ``ies`` after a consonant,
    ``-sis`` -> ``-ses`` ("analysis"/"analyses"), an irregular plural ("matrix"/"matrices"),
    else ``s`` or ``es``. An acronym (``acronym=True``) is made singular by the acronym rule
    (:func:`acronym_singular`) and takes only an ``s`` ("LLM", "LLMs"); a
    word that does not end in a letter takes nothing ("GPT-4"). Used by
    :func:`paperkit.cotopics.term_pattern` (topic dictionaries) and
    :func:`paperkit.trends.keyword_in_context`.

    Examples
    --------
    >>> [plural_pattern(w) for w in ["model", "models", "strategy", "survey", "analyses", "matrix"]]
    ['model(?:s|es)?', 'model(?:s|es)?', 'strateg(?:y|ies)', 'survey(?:s|es)?', 'analys(?:is|es)', '(?:matrix|matrices)']
    >>> [plural_pattern(w) for w in ["physics", "process", "4"]], plural_pattern("LLM", acronym=True)
    (['physics(?:s|es)?', 'process(?:s|es)?', '4'], 'LLM(?:s)?')
    >>> plural_pattern("LLMs", acronym=True)
    'LLM(?:s)?'
    >>> import re
    >>> [bool(re.fullmatch(plural_pattern("strategy"), w)) for w in ["strategy", "strategies", "strategys"]]
    [True, True, False]
    """
    if acronym:
        word = acronym_singular(word)  # "LLMs": the acronym's plural
        return re.escape(word) + ("(?:s)?" if word[-1:].isalnum() else "")
    if not word[-1:].isalpha():
        return re.escape(word)
    low = word.lower()
    singular = singular_word(word)
    if singular == low:
        base = word
    elif singular == low[:-1] or singular == low[:-2]:  # "models", "processes": the letters as written
        base = word[: len(singular)]
    elif low.endswith("ies") and singular == low[:-3] + "y":  # "strategies"
        base = word[:-3] + "y"
    else:  # a plural no suffix rule undoes ("analyses", "matrices", "criteria")
        base = singular
    low = base.lower()
    if low in _IRREGULAR_SINGULARS:
        return f"(?:{re.escape(base)}|{re.escape(_IRREGULAR_SINGULARS[low])})"
    if len(low) > 2 and low[-1] == "y" and low[-2] not in "aeiou":
        pattern = re.escape(base[:-1]) + "(?:y|ies)"
    elif len(low) > 4 and low.endswith(("ysis", "esis")):
        pattern = re.escape(base[:-2]) + "(?:is|es)"
    else:
        pattern = re.escape(base) + "(?:s|es)?"
    # a plural of the lexicon table the endings miss ("quiz"/"quizzes", "life"/"lives")
    extra = [p for p in _lexicon_plurals().get(low, ()) if not re.fullmatch(pattern, p, flags=re.IGNORECASE)]
    return f"(?:{pattern}|{'|'.join(map(re.escape, extra))})" if extra else pattern


def singular_last_word_expr(phrase: pl.Expr, *, after_hyphen: bool = False) -> pl.Expr:
    """Each phrase with its last word made singular (:func:`singular_word`), the case of its
    letters kept ("Graphics Processing Units" -> "Graphics Processing Unit").

    The polars twin of :func:`singular_word` for the last word of a phrase: only a last word of
    letters after a space or the start is folded, so "Mixture-of-Experts" is left as it is
    (``after_hyphen=True`` folds it too, for keys: "Mixture-of-Expert").

    Examples
    --------
    >>> df = pl.DataFrame({"lf": ["Graphics Processing Units", "Data Analyses", "Sparse Matrices",
    ...                            "Mixture-of-Experts", "Series", "Policies", None]})
    >>> df.select(singular_last_word_expr(pl.col("lf")))["lf"].to_list()
    ['Graphics Processing Unit', 'Data Analysis', 'Sparse Matrix', 'Mixture-of-Experts', 'Series', 'Policy', None]
    >>> df = pl.DataFrame({"lf": ["Key-Value Caches", "Graph Neural Network Quizzes", "Gravitational Lenses"]})
    >>> df.select(singular_last_word_expr(pl.col("lf")))["lf"].to_list()
    ['Key-Value Cache', 'Graph Neural Network Quiz', 'Gravitational Lens']
    """
    last = phrase.str.extract(r"(?:^|[\s\-])([A-Za-z]+)$" if after_hyphen else r"(?:^|\s)([A-Za-z]+)$", 1)
    low = last.str.to_lowercase()
    head = phrase.str.slice(0, phrase.str.len_chars() - last.str.len_chars())
    stems = low.str.extract_groups(_SINGULAR_ONE)
    stem_lengths = [stems.struct.field(str(i)).str.len_chars() for i in range(1, len(_SINGULAR_ENDINGS) + 1)]
    by_rule = pl.coalesce([
        pl.when(n.is_not_null()).then(head + last.str.slice(0, n) + pl.lit(end))
        for n, end in zip(stem_lengths, _SINGULAR_ENDINGS)
    ])
    irregular = low.replace_strict(_singulars(), default=None, return_dtype=pl.String)
    as_written = last.str.slice(0, irregular.str.len_chars())  # "Buses" -> "Bus", "QUIZZES" -> "QUIZ"
    irregular = (
        pl.when(as_written.str.to_lowercase() == irregular).then(as_written)
        .when(last.str.contains(r"^[A-Z]")).then(irregular.str.slice(0, 1).str.to_uppercase() + irregular.str.slice(1))
        .otherwise(irregular)
    )
    return (
        pl.when(last.is_null() | low.is_in(_NOT_PLURAL) | last.str.contains(_ACRONYM_S)).then(phrase)
        .when(irregular.is_not_null()).then(head + irregular)
        .otherwise(pl.coalesce(by_rule, phrase))
    )


def plural_last_word_expr(phrase: pl.Expr) -> pl.Expr:
    """Each phrase, its last word taken as singular, with that word in the plural: an irregular
    plural ("matrix" -> "matrices") or the lexicon's where the endings would make one that does
    not fold back ("quiz" -> "quizzes", not "quizes"), ``-sis`` -> ``-ses``, ``y`` -> ``ies`` after a consonant,
    ``es`` after ``s``, ``sh``, ``ch``, ``x`` or ``z``, else ``s``; a word :func:`singular_word`
    keeps as it is although it ends in ``s`` ("dynamics", "series") stays (the plurals
    :func:`singular_word` folds back).

    Examples
    --------
    >>> df = pl.DataFrame({"p": ["low-rank adaptation", "markov decision process", "policy", "key", "mesh",
    ...                          "principal component analysis", "sparse matrix", "fluid dynamics", "quiz"]})
    >>> df.select(plural_last_word_expr(pl.col("p")))["p"].to_list()
    ['low-rank adaptations', 'markov decision processes', 'policies', 'keys', 'meshes', 'principal component analyses', 'sparse matrices', 'fluid dynamics', 'quizzes']
    """
    last = phrase.str.extract(r"([A-Za-z]+)$", 1).str.to_lowercase()
    irregular = last.replace_strict(_plurals(), default=None, return_dtype=pl.String)
    head = phrase.str.slice(0, phrase.str.len_chars() - last.str.len_chars())
    return pl.when(irregular.is_not_null()).then(head + irregular).otherwise(_regular_plural_expr(phrase, last))


def _regular_plural_expr(phrase: pl.Expr, last: pl.Expr) -> pl.Expr:
    """:func:`plural_last_word_expr` by its endings alone (``last``: the last word, lower case)."""
    return (
        pl.when(last.is_in(_not_plural())).then(phrase)
        .when(phrase.str.contains(r"sis$")).then(phrase.str.replace(r"is$", "es"))
        .when(phrase.str.contains(r"[^aeiouAEIOU\W\d_][yY]$")).then(phrase.str.replace(r"[yY]$", "ies"))
        .when(phrase.str.contains(r"(?i)(?:s|sh|ch|x|z)$")).then(phrase + "es")
        .otherwise(phrase + "s")
    )


@functools.cache
def _plurals() -> dict[str, str]:
    """The plural of a singular where the endings of :func:`plural_last_word_expr` do not make
    one that :func:`singular_word` folds back: the irregular plurals, and the lexicon table's
    ("quiz" -> "quizzes", not "quizes", which would fold to "quize")."""
    plurals = _lexicon_plurals()
    words = pl.Series(sorted(plurals), dtype=pl.String)
    regular = pl.select(_regular_plural_expr(pl.lit(words), pl.lit(words))).to_series().to_list()
    fixes = {s: plurals[s][0] for s, r in zip(words.to_list(), regular) if singular_word(r) != s}
    return {**fixes, **_IRREGULAR_SINGULARS}


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    """The scalar twin of :func:`word_key_expr` (same rules, Python's ``re``)."""
    out = singular_word(word)
    out = _british_spellings().get(out, out)
    out = re.sub(_ISATION[0], _py_repl(_ISATION[1]), out)
    return re.sub(r"[-'’]", "", out)


_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


def fold_key(phrase: str | None) -> str | None:
    """The folding key of one phrase: variants of one term share it (see the module notes).

    The scalar twin of :func:`fold_key_expr` (pure Python, same rules and result).

    Examples
    --------
    >>> [fold_key(p) for p in ["LLMs", "LLM", "fine-tuning", "Fine tuning", "strategies", "processes"]]
    ['llm', 'llm', 'finetuning', 'finetuning', 'strategy', 'process']
    >>> [fold_key(p) for p in ["matrices", "indices", "analyses", "hypotheses", "criteria", "corpora", "data"]]
    ['matrix', 'index', 'analysis', 'hypothesis', 'criterion', 'corpus', 'data']
    >>> [fold_key(p) for p in ["process", "bias", "analysis", "series"]]
    ['process', 'bias', 'analysis', 'series']
    >>> [fold_key(p) for p in ["optimisation", "Tokenisation", "labelled data", "chain of thought", "filled"]]
    ['optimization', 'tokenization', 'labeleddata', 'chainofthought', 'filled']
    """
    if phrase is None:
        return None
    return "".join(_word_key(w) for w in _WORD_RE.findall(phrase))


@functools.cache
def _porter():
    from nltk.stem.porter import PorterStemmer  # deferred: nltk takes a second to import

    return PorterStemmer()


def porter_stem_phrase(phrase: str) -> str:
    """Lower-case a phrase, split it on white space and Porter-stem each word.

    The normalisation of the pke evaluation protocol (used by :mod:`paperkit.evaluation.keyphrases`).

    Examples
    --------
    >>> porter_stem_phrase("Neural  Networks")
    'neural network'
    """
    return " ".join(stem_word(w) for w in phrase.lower().split())


@functools.lru_cache(maxsize=1 << 17)
def stem_word(word: str) -> str:
    """The Porter stem of one word (NLTK's stemmer, which needs no data; cached per word).

    The one stemmer of the package: keyphrase evaluation and the acronym senses use it.

    Examples
    --------
    >>> [stem_word(w) for w in ["networks", "adaptation", "adapting"]]
    ['network', 'adapt', 'adapt']
    """
    return _porter().stem(word)
