r"""Candidates: what each word may do in a keyphrase, and where the candidates of a batch are.

The question of this module: *which runs of words are candidate terms?* (the rules are in the
notes of :mod:`paperkit.keywords`). In order:

1. :func:`documents` joins each paper's title and abstract into one text (a hard break between
   them; links and inline TeX become a comma).
2. :class:`Vocabulary` describes each distinct token once (:func:`paperkit.pos.word_classes`
   for its parts of speech, the word lists below, the background IDF of
   ``resources/background_df.tsv``): its *flags* say what it may do in a candidate
   (:data:`START`, :data:`END`, :data:`INNER`, :data:`SINGLE`) and what it is
   (:data:`NOUN`, :data:`OF`, :data:`MOD`, :data:`GEN`).
3. :func:`enumerators` finds the roman-numeral list markers ("(ii)", ", iv and"), which take no
   part in a candidate.
4. :func:`occurrences` lists every candidate occurrence of a batch (1 to ``max_words`` tokens,
   and "noun of noun", found from the flags alone by :func:`candidate_rows`), each with the
   62-bit id of its term combined from its words' hashes (:mod:`paperkit.keywords.ids`) and a
   hash of its spelling.
"""

from __future__ import annotations

import functools
import threading
from importlib import resources

import numpy as np
import polars as pl

from paperkit import pos as P
from paperkit.acronyms.shortforms import is_acronym_expr
from paperkit.keywords.ids import MODULI, key_hashes
from paperkit.lexicon import english_zipf_table
from paperkit.text import ROMAN_NUMERAL, TOKEN_PATTERN, stopwords, word_key_expr

__all__ = [
    "ANY", "END", "GEN", "INNER", "INNER_WORDS", "MAX_WORDS", "MOD", "NOUN", "NO_TERM", "OF", "SINGLE", "START",
    "SHARED_WORDS", "Vocabulary", "background_df", "candidate_rows", "documents", "enumerators", "occurrences",
    "retire_vocabulary", "shared_vocabulary",
]

#: Joining words allowed inside a candidate phrase, between two nouns ("chain of thought").
INNER_WORDS: tuple[str, ...] = ("of",)
#: Longest candidate, in words (the default of ``max_words``).
MAX_WORDS = 4

#: What a token may do in a candidate (bit flags of the vocabulary's ``flags``): start, end,
#: stand inside, stand alone; :data:`ANY` is any of the four (a word that may be part of one).
START, END, INNER, SINGLE = 1, 2, 4, 8
ANY = START | END | INNER | SINGLE
#: What a token is: noun-capable or a name (``NOUN``), a joining word (``OF``), a modifier without
#: a noun reading (``MOD``: adjective or participle), a generic head noun (``GEN``).
NOUN, OF, MOD, GEN = 16, 32, 64, 128
#: Vocabulary id meaning "no word" (the head of a word that is not a compound; the words of a
#: spelling past its end) and term id of a candidate left out by ``vocabulary``.
NO_TERM = 0xFFFFFFFF

# Generic words that end a phrase ("case study") but never start one ("study X" is a verb).
_END_ONLY = ["study", "studies", "research", "result", "results", "evaluation", "issue", "issues"]
# Hyphenated modifiers whose last part is a noun ("zero-shot learning"): they start or join a
# phrase but never end one (the lexicon classes a compound by its last part).
_MODIFIER_COMPOUNDS = ["low-rank", "pretrained", "pre-trained", "fine-grained", "large-scale", "small-scale",
                       "high-quality", "open-source", "state-of-the-art", "multimodal", "multi-modal", "zero-shot",
                       "few-shot", "end-to-end"]
# Combining prefixes written as a hyphenated first part ("self-supervised", "pre-trained"): never
# the head of a compound (a closed class of English prefixes).
_PREFIXES = ["pre", "post", "non", "multi", "self", "semi", "co", "re", "un", "sub", "super", "anti", "cross",
             "inter", "intra", "meta", "over", "under", "out", "well", "ill", "mid", "quasi", "pseudo"]
# Determiners and quantifiers (a closed class): a gerund before one takes an object.
_DETERMINERS = ["the", "a", "an", "this", "these", "that", "those", "its", "their", "our", "his", "her", "each",
                "every", "all", "both", "any", "some", "no", "several", "many", "such"]
_URL_OR_MATH = r"https?://\S+|www\.\S+|\$[^$]{0,200}\$|\\[a-zA-Z]+"
# Roman numerals of two or more letters ("ii", "iv", "xii"): enumerators when parenthesised or in
# a list position (see :func:`enumerators`). One-letter ones ("i", "v") are never words here.
_ROMAN = rf"^{ROMAN_NUMERAL}$"
# Token classes for the enumerator rule: 1 opening bracket, 2 closing bracket, 3 list separator
# (start of text, ",", ";", ":", "and", "or"), 4 full stop.
_OPEN, _CLOSE, _LIST, _STOP = 1, 2, 3, 4


@functools.cache
def background_df() -> tuple[int, pl.DataFrame]:
    """Shipped document frequencies of words in computer-science abstracts (``background_df.tsv``).

    Returns the number of background documents and a frame ``[word, bg_df]``; read lazily, cached.
    The vocabulary turns them into each word's background IDF, ``bg_idf`` (the ``bg_*`` features
    of :mod:`paperkit.keywords.features`).
    """
    data = resources.files("paperkit.resources").joinpath("background_df.tsv").read_bytes()
    # The count of documents is in the header's comments; the table is read by polars (a third of
    # the time of a Python loop over its 20,000 lines).
    header = data[:4096].decode("utf-8", "replace").splitlines()
    n_docs = next((int(line.split("\t")[1]) for line in header if line.startswith("# documents\t")), None)
    if n_docs is None:
        raise ValueError("resources/background_df.tsv has no '# documents<TAB>N' line in its header")
    table = pl.read_csv(data, separator="\t", comment_prefix="#", has_header=False, new_columns=["word", "bg_df"],
                        schema_overrides={"word": pl.String, "bg_df": pl.UInt32}, quote_char=None)
    return n_docs, table


def documents(papers: pl.DataFrame) -> pl.DataFrame:
    """Number the papers and join title and abstract into one text (title first).

    Links and inline TeX become a comma, so they break candidate runs; the title and the abstract
    are joined by a full stop (a hard break: no candidate spans the join).

    Returns
    -------
    polars.DataFrame
        ``doc`` (UInt32, the row number in ``papers``), ``text``, ``title_len`` (tokens of the
        title: a token at a smaller position is in the title).

    Examples
    --------
    >>> documents(pl.DataFrame({"title": ["LoRA"], "abstract": [None]})).row(0)
    (0, 'LoRA \\n. ', 1)
    """
    clean = lambda c: pl.col(c).fill_null("").str.replace_all(_URL_OR_MATH, " , ")  # noqa: E731
    # Streaming: the regexes run over morsels on every core.
    return papers.lazy().select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"),
        clean("title").alias("title"),
        clean("abstract").alias("abstract"),
    ).select(
        "doc",
        pl.concat_str(pl.col("title"), pl.lit(" \n. "), pl.col("abstract")).alias("text"),
        pl.col("title").str.count_matches(TOKEN_PATTERN).cast(pl.UInt32).alias("title_len"),
    ).collect(engine="streaming")


# --- the vocabulary: each distinct token described once ----------------------------------------
# The expressions below read the columns ``_word`` (the token, a possessive "'s" cut off),
# ``_low`` (its lower case), ``_pos`` (its part-of-speech classes) and ``_poss`` (a possessive).
def _bit(b: int) -> pl.Expr:
    """The token's part-of-speech classes include ``b`` (a flag of :mod:`paperkit.pos`)."""
    return (pl.col("_pos") & b) > 0


def _is_name() -> pl.Expr:
    """A name (acronym, mixed case, digits: LoRA, GPT-4, Flow-GRPO) has no part of speech; a
    compound is what its last part is ("LLM-based" is a modifier, "Flow-GRPO" a name)."""
    last = pl.col("_word").str.extract(r"([^-]+)$")
    return ~last.str.contains(r"^\p{Lu}?\p{Ll}*$")


def _verb_only() -> pl.Expr:
    return _bit(P.VERB) & ~_bit(P.NOUN | P.ADJ)


def _is_gerund() -> pl.Expr:
    """A gerund is a verbal noun ("instruction tuning"), but not for "of" ("tuning of LLMs") and
    not before a determiner or a number, where it takes an object (see the batch loop)."""
    return ~_is_name() & _verb_only() & _bit(P.GERUND)


def _role_flags(inner: tuple[str, ...]) -> pl.Expr:
    """The token's flags (UInt8): what it may do in a candidate and what it is (but ``NOUN``
    and the possessive rule: :func:`_noun_flags`); ``_stop`` is :func:`_stop_words`."""
    topic_free = sorted(stopwords("abstracts") | stopwords("verbs"))
    generic = sorted(stopwords("generic"))
    word, low = pl.col("_word"), pl.col("_low")
    name = _is_name()
    is_word = word.str.contains(r"\p{L}") & (word.str.len_chars() > 1)
    verb_only = _verb_only()
    # Adverbs, finite verbs ("declare", "creates") and comparatives ("higher") break a phrase.
    breaks = ~name & ((_bit(P.ADV) & ~_bit(P.NOUN | P.ADJ | P.VERB)) | (verb_only & _bit(P.FINITE)) | _bit(P.DEGREE))
    # Adjectives start or join a phrase, never end one; a participle without a noun or adjective
    # reading ("supervised", "built") may only start one ("benchmark built on" is a clause,
    # "supervised fine-tuning" a phrase).
    verbal = ~name & verb_only & _bit(P.PAST)
    modifier = (~name & ~_bit(P.NOUN) & _bit(P.ADJ)) | low.is_in(_MODIFIER_COMPOUNDS)
    flags = (
        pl.when(~is_word | pl.col("_stop") | low.is_in(topic_free) | breaks)
        .then(pl.lit(0, pl.UInt8))
        .when(low.is_in(list(inner)))
        .then(pl.lit(OF, pl.UInt8))
        .when(low.is_in(_END_ONLY))
        .then(pl.lit(END | INNER | GEN, pl.UInt8))
        .when(modifier)
        .then(pl.lit(START | INNER | MOD, pl.UInt8))
        .when(verbal)
        .then(pl.lit(START | MOD, pl.UInt8))
        .when(low.is_in(generic))
        .then(pl.lit(START | END | INNER | GEN, pl.UInt8))
        .otherwise(pl.lit(ANY, pl.UInt8))
    )
    return flags


def _noun_flags() -> pl.Expr:
    """The flags of :func:`_role_flags` (column ``flags``) with the ``NOUN`` bit and the
    possessive rule. A second step over the column, not one expression: ``flags`` is read three
    times here, and as an expression its whole chain was evaluated each time (0.18 s of 0.4 s
    for 40,000 words)."""
    flags = pl.col("flags")
    noun = _is_name() | _bit(P.NOUN)
    flags = flags | pl.when(noun & ((flags & ANY) > 0)).then(pl.lit(NOUN, pl.UInt8)).otherwise(pl.lit(0, pl.UInt8))
    # A possessive may end a phrase or stand alone, but what follows starts a new one.
    return pl.when(pl.col("_poss")).then(flags & (END | SINGLE | NOUN | GEN)).otherwise(flags)


def _compound_head() -> pl.Expr:
    """The head of a compound whose last part is a modifier suffix: an adjective or participle
    without a noun reading in the lexicon ("-based", "-driven", "-guided", "-aware"), and not a
    combining prefix ("self-"); else null. It also counts as a term of the paper when it is a
    noun or a name (checked by :meth:`Vocabulary.lookup`)."""
    word = pl.col("_word")
    head = word.str.extract(r"^(.+)-[^-]+$")
    suffix = ~_is_name() & _bit(P.KNOWN) & ~_bit(P.NOUN) & (_bit(P.ADJ) | _bit(P.PAST))
    # An acronym or a name with two capitals, then lower-case words only: "LLM-as-a-judge",
    # "GRPO-style", "CLIP-like", "LoRA-tuned" count "LLM", "GRPO", "CLIP", "LoRA" ("Flow-GRPO", led by
    # an ordinary word, and "GPT-4", ending in a digit, stay as they are).
    acronym_led = word.str.extract(r"^(\p{Lu}[\p{L}\d]*\p{Lu}[\p{L}\d]*)-\p{Ll}+(?:-\p{Ll}+)*$")
    return (pl.when(suffix & (head.str.len_chars() > 1) & ~head.str.to_lowercase().is_in(_PREFIXES)).then(head)
            .when(acronym_led.is_not_null()).then(acronym_led)).alias("_head")


def _stop_words() -> pl.Expr:
    """``_stop``: an English stop word ("it", "as"), but not an acronym written like one ("IT", "AS");
    for the words of the stop list (see :func:`_on_rows`)."""
    return (~is_acronym_expr(pl.col("_word"))).alias("_stop")


def _on_rows(frame: pl.DataFrame, rows: pl.Expr, expr: pl.Expr, default) -> pl.Series:
    """``expr`` evaluated on the ``rows`` of ``frame`` only, ``default`` elsewhere: for a test
    that most words skip (the acronym test of the stop words, the head of a hyphenated compound),
    a filter and a scatter cost less than evaluating it on every word."""
    at = frame.select(pl.arg_where(rows)).to_series()
    values = frame[at].select(expr).to_series()
    name = values.name
    return pl.repeat(default, frame.height, dtype=values.dtype, eager=True).alias(name).scatter(at, values)


def _token_class() -> pl.Expr:
    """The class of a token for the enumerator rule (``_OPEN``, ``_CLOSE``, ``_LIST``, ``_STOP``, 0)."""
    tok = pl.col("token")
    return (
        pl.when(tok.is_in(["(", "["])).then(pl.lit(_OPEN, pl.UInt8))
        .when(tok.is_in([")", "]"])).then(pl.lit(_CLOSE, pl.UInt8))
        .when(tok.is_in([",", ";", ":", "\n"]) | tok.str.to_lowercase().is_in(["and", "or"]))
        .then(pl.lit(_LIST, pl.UInt8))
        .when(tok == ".").then(pl.lit(_STOP, pl.UInt8))
        .otherwise(pl.lit(0, pl.UInt8))
    )


def _word_readings(tokens: pl.DataFrame) -> pl.DataFrame:
    """``token`` with ``_word``, ``_poss``, ``_low`` and ``_pos`` (parts of speech from
    :func:`paperkit.pos.word_classes`, once per distinct word). A possessive ("WAM's") is
    described as its word."""
    tok = pl.col("token")
    # A possessive "'s" ("WAM's objective"): the word alone, which may end a phrase but not go on.
    # Four literal endings ('s, 'S, ’s, ’S): a regex pass over every token cost more.
    ends = [tok.str.ends_with(q + s) for q in "'’" for s in "sS"]
    possessive = (ends[0] | ends[1] | ends[2] | ends[3]) & (tok.str.len_chars() > 3)
    tokens = tokens.select(tok, pl.when(possessive).then(tok.str.head(-2)).otherwise(tok).alias("_word"),
                           possessive.alias("_poss"))
    tokens = tokens.with_columns(pl.col("_word").str.to_lowercase().alias("_low"))
    return tokens.with_columns(P.word_classes(tokens["_low"]).alias("_pos"))


def _vocabulary(tokens: pl.DataFrame, *, inner: tuple[str, ...]) -> pl.DataFrame:
    """One row per distinct token: ``token``, ``flags`` (what it may do in a candidate: start,
    end, stand inside, stand alone; and the bits ``NOUN, OF, MOD, GEN``), ``wid`` (hash of its
    folded key), ``wkey``, ``surface`` (display case: acronyms and mixed case kept, the rest
    lower-cased), ``sid`` (hash of the surface), the word attributes ``bg_idf, inged, generic,
    digit, zipf`` (float32; ``zipf``: the everyday-English Zipf frequency of the surface form,
    :mod:`paperkit.lexicon`, 0 when absent) and ``roman``, ``lower``, ``cls`` (for
    :func:`enumerators`), ``head`` (the head of a compound such as "LLM-based", else null),
    ``ing`` (a gerund), ``det`` (a determiner or a number), and the hashes ``h1, h2, w1, w2`` of
    ``wkey`` (:func:`paperkit.keywords.ids.key_hashes`)."""
    tokens = _word_readings(tokens)
    # Two tests that only a few words need are made on those words only (a third of the time).
    tokens = tokens.with_columns(
        _on_rows(tokens, pl.col("_low").is_in(sorted(stopwords("english") - set(inner))), _stop_words(), False),
        _on_rows(tokens, pl.col("_word").str.contains("-", literal=True), _compound_head(), None),
    )
    tok, word, low = pl.col("token"), pl.col("_word"), pl.col("_low")
    # Keep the case of acronyms and mixed-case names (LoRA, GPT-4, LLMs); "Low-Rank" is lower-cased.
    plain = word.str.contains(r"^\p{Lu}?[\p{Ll}\d]*(?:[-'’]\p{Lu}?[\p{Ll}\d]*)*$")
    # Lazy, so that the subexpressions the flags share (the name test, the class bits) are
    # computed once (an eager with_columns computes each again: 2.5 times slower here).
    vocab = tokens.lazy().with_columns(
        _role_flags(inner).alias("flags"),
        # A token is one word (or one punctuation mark): its key is the key of that word.
        pl.when(word.str.contains(r"^\w")).then(word_key_expr(word)).otherwise(pl.lit("")).alias("wkey"),
        pl.when(plain).then(low).otherwise(word).alias("surface"),
        _token_class().alias("cls"),
        (tok.str.contains(_ROMAN) & (tok.str.len_chars() > 1)).alias("roman"),
        (tok == tok.str.to_lowercase()).alias("lower"),
        pl.col("_head").alias("head"),
        _is_gerund().alias("ing"),
        (low.is_in(_DETERMINERS) | word.str.contains(r"^\d")).alias("det"),
    )
    n_background, background = background_df()
    vocab = vocab.with_columns(_noun_flags().alias("flags"))
    # Everyday-English frequency of the word as displayed (a name or an acronym keeps its case and
    # is not in the lower-case list): 0 when it is not there.
    general = english_zipf_table().select(pl.col("word").alias("surface"), pl.col("zipf").cast(pl.Float32))
    vocab = vocab.join(general.lazy(), on="surface", how="left", maintain_order="left").with_columns(
        pl.col("zipf").fill_null(0.0))
    vocab = vocab.join(background.lazy(), left_on="_low", right_on="word", how="left", maintain_order="left").with_columns(
        ((n_background + 1.0) / (pl.col("bg_df").fill_null(0).cast(pl.Float64) + 1.0)).log().cast(pl.Float32)
        .alias("bg_idf"),
        # 0/1 word attributes as float32: the features read them as numbers.
        pl.col("_low").str.contains(r"(?:ing|ed)$").cast(pl.Float32).alias("inged"),
        pl.col("_low").is_in(sorted(stopwords("generic"))).cast(pl.Float32).alias("generic"),
        word.str.contains(r"\d").cast(pl.Float32).alias("digit"),
    )
    vocab = vocab.drop("_word", "_low", "_pos", "_poss", "_stop", "_head", "bg_df").with_columns(
        pl.col("wkey").hash(11).alias("wid"), pl.col("surface").hash(13).alias("sid")
    ).collect()
    return vocab.with_columns(pl.Series(k, v) for k, v in key_hashes(vocab["wkey"]).items())


class Vocabulary:
    """The vocabulary of a corpus, grown batch by batch: each distinct token is described once.

    :meth:`lookup` gives the integer ``vid`` of every token of a batch; the attributes are numpy
    arrays indexed by ``vid`` (``arrays``: those of :data:`ARRAYS` and ``head_vid``, the vid of
    the head of a compound such as "LLM-based" or :data:`NO_TERM`) and the strings stay here
    (``frame``: ``token, wkey, surface``).

    Examples
    --------
    >>> vocab = Vocabulary(INNER_WORDS)
    >>> vocab.lookup(pl.Series(["LLM-based", "agents", "agents"])).tolist()
    [0, 1, 1]
    >>> vocab.frame["surface"].to_list(), vocab.arrays["head_vid"].tolist()  # "LLM" is the head of "LLM-based"
    (['LLM-based', 'agents', 'LLM'], [2, 4294967295, 4294967295])
    """

    #: The per-token attributes kept as numpy arrays (columns of the vocabulary table).
    ARRAYS = ("flags", "wid", "sid", "h1", "h2", "w1", "w2", "bg_idf", "inged", "generic", "digit", "zipf", "roman",
              "lower", "cls", "ing", "det")

    def __init__(self, inner: tuple[str, ...]):
        self.inner = inner
        self.frame = pl.DataFrame(schema={"token": pl.String(), "wkey": pl.String(), "surface": pl.String()})
        self.index = pl.DataFrame(schema={"h": pl.UInt64(), "vid": pl.UInt32()})
        self.arrays: dict = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.frame.height

    def lookup(self, tokens: pl.Series) -> np.ndarray:
        """The ``vid`` of each token (numpy UInt32); tokens never seen before are described first.

        Rows are only ever appended, so the ids a call got stay valid (and index the arrays)
        while another thread looks up more tokens."""
        with self._lock:
            return self._lookup(tokens)

    def _lookup(self, tokens: pl.Series) -> np.ndarray:
        # Tokens are matched on a 64-bit hash: no string is compared twice.
        h = tokens.hash(23).to_frame("h")
        vid = h.join(self.index, on="h", how="left", maintain_order="left")["vid"]
        if not (vid.null_count() or not self.arrays):
            return vid.to_numpy()
        missing = vid.is_null()
        new = (
            pl.DataFrame({"h": h["h"], "token": tokens}).filter(missing)
            .unique("h", keep="first", maintain_order=True)
        )
        rows = _vocabulary(new.select("token"), inner=self.inner)
        start = self.frame.height
        new = new.select("h", pl.int_range(start, start + new.height, dtype=pl.UInt32).alias("vid"))
        self.frame = pl.concat([self.frame, rows.select("token", "wkey", "surface")])
        self.index = pl.concat([self.index, new])
        for c in self.ARRAYS:
            add = rows[c].to_numpy()
            self.arrays[c] = np.concatenate([self.arrays[c], add]) if c in self.arrays else add
        self._add_heads(rows["head"], start, new.height)
        # Only the tokens that were missing are looked up again, in the new rows only.
        out = vid.fill_null(0).to_numpy().copy()
        miss = missing.to_numpy()
        out[miss] = h.filter(missing).join(new, on="h", how="left", maintain_order="left")["vid"].to_numpy()
        return out

    #: The word attributes of the features (:func:`paperkit.keywords.features.batch_features`).
    WORD_FEATURES = ("bg_idf", "inged", "generic", "digit", "zipf")

    def word_features(self) -> dict:
        """The float32 arrays of :data:`WORD_FEATURES`, indexed by ``vid`` (a snapshot: words
        added later are not in it).

        Examples
        --------
        >>> vocab = Vocabulary(INNER_WORDS)
        >>> vid = vocab.lookup(pl.Series(["excellent", "eigenvalue"]))
        >>> zipf = vocab.word_features()["zipf"][vid]
        >>> bool(zipf[0] > zipf[1])  # "excellent" is more frequent in everyday English
        True
        """
        with self._lock:
            return {c: self.arrays[c] for c in self.WORD_FEATURES}

    def _add_heads(self, heads: pl.Series, start: int, n_new: int) -> None:
        """Extend ``head_vid`` for the ``n_new`` rows from ``start``. The head of a compound
        ("LLM" of "LLM-based") is a word of the vocabulary too; it counts as a term when it may
        stand alone and is a noun or a name."""
        none = np.full(n_new, NO_TERM, np.uint32)
        self.arrays["head_vid"] = np.concatenate([self.arrays["head_vid"], none]) if "head_vid" in self.arrays else none
        if heads.null_count() < len(heads):
            at = np.flatnonzero(heads.is_not_null().to_numpy())
            hv = self._lookup(heads.gather(at))
            ok = (self.arrays["flags"][hv] & (SINGLE | NOUN)) == (SINGLE | NOUN)
            self.arrays["head_vid"][start + at[ok]] = hv[ok]


#: Largest shared vocabulary (distinct tokens, about 150 bytes each) kept between calls; past it
#: the next call starts a new one.
SHARED_WORDS = 500_000
_SHARED: dict = {}
_SHARED_LOCK = threading.Lock()


def shared_vocabulary(inner: tuple[str, ...] = INNER_WORDS) -> Vocabulary:
    """The process's vocabulary for ``inner``, kept between calls.

    What a token may do in a candidate depends on its text only, so the words one call
    described are not described again by the next (in a notebook, the second extraction on a
    corpus of the same field skips most of that work: 0.15-0.25 s per 5,000 abstracts). A
    vocabulary past :data:`SHARED_WORDS` tokens is replaced by an empty one, so what stays in
    memory between calls is bounded (about 75 MB).

    Examples
    --------
    >>> shared_vocabulary() is shared_vocabulary()
    True
    """
    with _SHARED_LOCK:
        vocab = _SHARED.get(inner)
        if vocab is None or len(vocab) > SHARED_WORDS:
            vocab = _SHARED[inner] = Vocabulary(inner)
        return vocab


def retire_vocabulary(vocab: Vocabulary) -> None:
    """Stop sharing ``vocab`` when it grew past :data:`SHARED_WORDS` (a large corpus): it is
    freed with the call that made it instead of staying in memory until the next one.

    Examples
    --------
    >>> retire_vocabulary(shared_vocabulary())  # a small vocabulary stays shared
    """
    with _SHARED_LOCK:
        if len(vocab) > SHARED_WORDS and _SHARED.get(vocab.inner) is vocab:
            del _SHARED[vocab.inner]


def enumerators(vid: np.ndarray, vocab: Vocabulary) -> np.ndarray:
    """Tokens that are roman-numeral enumerators: "(ii)", "iii)", ", iv and", "(IV)".

    A roman numeral of two or more letters is an enumerator when an opening bracket precedes it
    or a closing bracket follows it, or, written in lower case, when it stands in a list position
    (after the start of the text, ",", ";", ":", "and", "or", or before ".", ":").

    Parameters
    ----------
    vid
        The vocabulary ids of a batch's tokens, in text order.
    vocab
        The vocabulary that gave them.

    Returns
    -------
    numpy.ndarray
        Boolean, one per token.
    """
    roman = vocab.arrays["roman"][vid]
    if not roman.any():
        return roman
    cls = vocab.arrays["cls"][vid]
    prev = np.r_[_LIST, cls[:-1]]
    nxt = np.r_[cls[1:], 0]
    lower = vocab.arrays["lower"][vid]
    bracketed = (prev == _OPEN) | (nxt == _CLOSE)
    listed = lower & ((prev == _LIST) | (nxt == _STOP) | (nxt == _LIST))
    return roman & (bracketed | listed)


# --- candidate occurrences ----------------------------------------------------------------------
# ``k`` below is the list of the flags of each token and of the ones after it (``k[j]``: j after),
# uint8 numpy arrays aligned on the token (0 past the end of the batch).
def _has(flags: np.ndarray, bit: int) -> np.ndarray:
    return (flags & bit) > 0


def _valid(k: list[np.ndarray], n: int, *, weak: bool = False) -> np.ndarray:
    """The ``n`` tokens from here form a candidate (one alone; else start, inner words, end);
    with ``weak=True`` a modifier and a generic head (:func:`_weak`) too."""
    if n == 1:
        return _has(k[0], SINGLE)
    cond = _has(k[0], START) & _has(k[n - 1], END)
    for j in range(1, n - 1):
        cond &= _has(k[j], INNER)
    if n == 2 and not weak:
        cond &= ~_weak(k)
    return cond


def _weak(k: list[np.ndarray]) -> np.ndarray:
    """A modifier and a generic head: "excellent performance" (an evaluation, not a keyphrase)
    but also "deep research" (a topic, also written "DeepResearch"). Such a pair is a weak
    candidate: :func:`paperkit.keywords.batching.extract_terms` keeps it only when the corpus
    also spells the term otherwise or a caller asks for it by name."""
    return _has(k[0], MOD) & _has(k[1], GEN)


def _joined(k: list[np.ndarray]) -> np.ndarray:
    """"noun of noun" ("chain of thought"): the first noun not generic, both ends of a phrase."""
    return (_has(k[0], START) & _has(k[0], NOUN) & ~_has(k[0], GEN) & _has(k[1], OF)
            & _has(k[2], END) & _has(k[2], NOUN))


def _term_id(n: int) -> pl.Expr:
    """``th``: h(w0 w1 .. wn) from the words' hashes, for both moduli; then the two halves packed."""
    halves = []
    for i, mod in enumerate(MODULI, start=1):
        h = pl.col(f"_h{i}_0")
        for j in range(1, n):
            h = (h * pl.col(f"_w{i}_{j}") + pl.col(f"_h{i}_{j}")) % mod
        halves.append(h)
    return (halves[0] * 2**31 + halves[1]).alias("th")


def candidate_rows(flags: np.ndarray, *, max_words: int = MAX_WORDS) -> list[tuple]:
    """Where the candidates of a batch start, from the flags of its tokens alone.

    Parameters
    ----------
    flags
        The flags (uint8) of a batch's tokens, in text order.
    max_words
        Longest candidate, in words.

    Returns
    -------
    list of tuple
        ``(n, rows, maximal, weak)`` per kind of candidate: runs of ``n = 1 .. max_words``
        words, then "noun of noun" (``n = 3``); ``rows`` (int64, ascending) are the token
        rows where one starts, ``maximal`` (not inside a longer candidate) and ``weak`` (a
        modifier and a generic head, :func:`_weak`) are boolean, one per row.

    Examples
    --------
    >>> f = np.array([ANY, ANY, 0, SINGLE], np.uint8)
    >>> [(n, rows.tolist(), maximal.tolist()) for n, rows, maximal, _ in candidate_rows(f, max_words=2)]
    [(1, [0, 1, 3], [False, False, True]), (2, [0], [True])]
    """
    size = len(flags)
    padded = np.concatenate([flags, np.zeros(max_words + 1, np.uint8)])
    k = [padded[j : j + size] for j in range(max_words + 1)]
    prev = np.concatenate([np.zeros(1, np.uint8), flags])[:size]
    out = []
    for n in range(1, max_words + 1):
        rows = np.flatnonzero(_valid(k, n, weak=True))
        # At the length limit, a phrase that would go on is cut, not maximal.
        longer = _valid(k, n + 1) if n < max_words else _has(k[n], END)
        earlier = _valid([prev] + k, n + 1) if n < max_words else _has(prev, START)
        weak = _weak([k[0][rows], k[1][rows]]) if n == 2 else np.zeros(len(rows), bool)
        out.append((n, rows, ~(longer[rows] | earlier[rows]), weak))
    if max_words >= 3:
        rows = np.flatnonzero(_joined(k))
        out.append((3, rows, np.ones(len(rows), bool), np.zeros(len(rows), bool)))
    return out


def occurrences(vid: np.ndarray, doc: np.ndarray, pos: np.ndarray, in_title: np.ndarray, flags: np.ndarray,
                words: dict, *, max_words: int = MAX_WORDS) -> pl.DataFrame:
    """Every candidate occurrence of a batch, on integer ids only.

    Where the candidates are comes from the flags alone (:func:`candidate_rows`); only the
    words of candidates are then read (about 2.5 per token, against a shifted copy of every
    word column for each word of the longest candidate: half the time).

    Parameters
    ----------
    vid, doc, pos, in_title, flags
        One per token of the batch, in text order (numpy): the vocabulary id, the paper, the
        position in it, in the title (true when positive) and the flags.
    words
        The vocabulary's arrays indexed by ``vid``: ``h1, h2, w1, w2`` (the word key's hashes,
        :func:`paperkit.keywords.ids.key_hashes`) and ``sid``.
    max_words
        Longest candidate, in words.

    Returns
    -------
    polars.DataFrame
        ``doc, pos, row, n, th`` (the term id of the folded key, combined from its words'
        hashes), ``sid`` (hash of the spelling), ``in_title``, ``maximal`` (not inside a longer
        candidate), ``weak`` (a modifier and a generic head, :func:`_weak`): a candidate is
        spelled by rows ``row .. row + n - 1`` (the token's index in the batch).
    """
    frames = []
    for n, rows, maximal, weak in candidate_rows(flags, max_words=max_words):
        at = [vid[rows + j] for j in range(n)]
        cols = {f"_{c}_{j}": words[c][at[j]] for c in ("h1", "h2") for j in range(n)}
        cols |= {f"_{c}_{j}": words[c][at[j]] for c in ("w1", "w2") for j in range(1, n)}
        cols |= {f"_s{j}": words["sid"][at[j]] for j in range(n)}
        frames.append(pl.DataFrame({
            "doc": doc[rows], "pos": pos[rows], "row": rows.astype(np.uint32), "n": np.full(len(rows), n, np.uint8),
            **cols, "in_title": in_title[rows] > 0, "maximal": maximal, "weak": weak,
        }).select(
            "doc", "pos", "row", "n", _term_id(n),
            (pl.col("_s0") if n == 1 else pl.struct([f"_s{j}" for j in range(n)]).hash(7)).alias("sid"),
            "in_title", "maximal", "weak",
        ))
    return pl.concat(frames)
