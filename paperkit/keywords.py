r"""Keyphrases per paper, the corpus term table and keyword counts over time.

Candidates
----------
A candidate is a run of 1 to 4 words inside one sentence piece that neither starts nor ends with
a stopword (an English function word from :func:`paperkit.text.stopwords`). Punctuation,
numbers, parentheses, list separators (",", ";", "and", "or"), sentence ends, the join of title
and abstract (a hard break), verbs of the genre and topic-free words break a run; a roman-numeral
enumerator ("(ii)", "iii)", ", iv and") is never part of one. A possessive is split off: "WAM's
future-image objective" gives "WAM" and "future-image objective".

Parts of speech come from the ``lemminflect`` lexicon, looked up once per distinct word
(:mod:`paperkit.pos`), never with a tagger: a candidate ends in a word that can be a noun
(or a gerund, or a name: an acronym or a word with capitals after its first letter or digits,
"LoRA", "GPT-4", "Flow-GRPO"). Adverbs ("prematurely"), finite verb forms ("declare",
"creates") and comparatives/superlatives ("higher", "best") break a run; adjectives start or join
a phrase but never end one; a participle without a noun or adjective reading ("supervised",
"built") may only start one; a gerund does not end a phrase before a determiner or a number
(where it takes an object). A modifier followed by a generic head noun alone ("excellent
performance", "proposed method") is not a candidate; generic head nouns ("method", "model") may
end a phrase but never stand alone. "of" joins two nouns ("chain of thought", "mixture of
experts", "bag of words": noun, "of", noun; the first noun not generic, not a gerund).

A hyphenated compound whose last part is a *modifier suffix* -- an adjective or past participle
without a noun reading in the lexicon ("-based", "-driven", "-guided", "-aware", "-oriented") --
also counts its head as a term of the paper when the head is a noun or a name and not a
combining prefix ("self-", "pre-", "multi-"): "LLM-based agents" counts "LLM-based agents" and
"LLM"; "Flow-GRPO" and "DyLoRA" stay their own terms, and so do "task-specific" and
"training-free" (their last parts have noun readings). Variants fold to one key with
:func:`paperkit.text.fold_key` (case, plural, hyphen/space: "chain-of-thought" and "chain of
thought") and, when a synonym table is given or :mod:`paperkit.acronyms` is available, acronyms
fold with their long forms ("LoRA" and "low-rank adaptation"; only unambiguous glossary entries
defined in at least two papers). A term is displayed as its most frequent spelling in the corpus.

Scores
------
The score of term :math:`p` in paper :math:`d` is :math:`\exp(\sum_i w_i f_i(p, d))`, a
log-linear ranking model over features that need no part-of-speech tagger:

* phrase statistics: log frequency in the paper, corpus IDF :math:`\log((N+1)/(df+0.5))`
  (and whether :math:`df = 1`), number of words, share of its occurrences that are *maximal*
  (not inside a longer candidate), title occurrence, log position of its first occurrence;
* word graph (SingleRank/PositionRank): each document's candidate words form a co-occurrence
  graph (window of 3 tokens) ranked by PageRank with a position-biased teleport vector, solved
  for all documents at once as one block-diagonal sparse matrix; a phrase gets the sum, mean,
  maximum and last-word value of its words' scores;
* word attributes: frequency of the words in the paper, their IDF in a shipped background
  table of 35,840 computer-science abstracts (``resources/background_df.tsv``), generic head,
  ``-ing``/``-ed`` endings, digits, and whether the phrase is joined by "of".

The weights :data:`WEIGHTS` were fitted with a listwise (softmax) loss on the even-numbered ids
of the Hugging Face DEV archive (its LLM-written ``ai_keywords`` as gold, read by the benchmark
only, never here) and of Inspec DEV (``benchmarks/bench_keywords.py tune-hf 0.72``); the odd ids
of both are held out.

Computation
-----------
Papers are processed :data:`BATCH_PAPERS` at a time with one tokenization per batch shared by
the candidates and the word graph (computed in a worker thread while polars groups the
candidates). Tokens, candidates, terms and spellings are integer ids (64-bit hashes, then dense
ids), features are float32 numpy arrays over whole batches, and a batch leaves only compact
(paper, term) rows with the part of its score that needs no corpus statistics, plus a count and
the word ids of each spelling; only the spelling that names a term is spelled, at the end, and
strings are joined for the rows returned. Memory grows with the number
of (paper, term) rows, not with the token count of the corpus.

References
----------
Mihalcea, R. & Tarau, P. (2004). TextRank: Bringing order into texts. *EMNLP 2004*.
Wan, X. & Xiao, J. (2008). Single document keyphrase extraction using neighborhood knowledge.
*AAAI 2008*.
Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
*Information Processing & Management* 24(5).
Rose, S. et al. (2010). Automatic keyword extraction from individual documents (RAKE). In
*Text Mining: Applications and Theory*.
Florescu, C. & Caragea, C. (2017). PositionRank: An unsupervised approach to keyphrase
extraction from scholarly documents. *ACL 2017*.
"""

from __future__ import annotations

import functools
from importlib import resources

import polars as pl

from paperkit.io import _progress
from paperkit.normalize import validate_papers
from paperkit.text import TOKEN_PATTERN, _word_key_expr, fold_key_expr, stopwords, token_frame

__all__ = [
    "keyphrases",
    "keyword_terms",
    "keyword_trends",
    "paper_terms",
]

#: Joining words allowed inside a candidate phrase, between two nouns ("chain of thought").
INNER_WORDS: tuple[str, ...] = ("of",)
MAX_WORDS = 4

# What a token may do in a candidate (bit flags): start, end, stand inside, stand alone; and
# what it is: noun-capable or a name (``_NOUN``), a joining word (``_OF``), a modifier without a
# noun reading (``_MOD``: adjective or participle), a generic head noun (``_GEN``).
_START, _END, _INNER, _SINGLE = 1, 2, 4, 8
_ANY = _START | _END | _INNER | _SINGLE
_NOUN, _OF, _MOD, _GEN = 16, 32, 64, 128
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
# A possessive "'s" ("WAM's objective"): the word alone, which may end a phrase but not go on.
_POSSESSIVE = r"['’][sS]$"


@functools.cache
def _background_df() -> tuple[int, pl.DataFrame]:
    """Shipped document frequencies of words in computer-science abstracts (``background_df.tsv``).

    Returns the number of background documents and a frame ``[word, bg_df]``; read lazily, cached.
    """
    text = resources.files("paperkit.resources").joinpath("background_df.tsv").read_text(encoding="utf-8")
    n_docs, words, dfs = 0, [], []
    for line in text.splitlines():
        if line.startswith("# documents\t"):
            n_docs = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            word, df = line.split("\t")
            words.append(word)
            dfs.append(int(df))
    return n_docs, pl.DataFrame({"word": words, "bg_df": dfs}, schema={"word": pl.String(), "bg_df": pl.UInt32()})


_URL_OR_MATH = r"https?://\S+|www\.\S+|\$[^$]{0,200}\$|\\[a-zA-Z]+"


def _docs(papers: pl.DataFrame) -> pl.DataFrame:
    """Number the papers and join title and abstract into one text (title first).

    Links and inline TeX become a comma, so they break candidate runs; the title and the abstract
    are joined by a full stop (a hard break: no candidate spans the join).
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


# Roman numerals of two or more letters ("ii", "iv", "xii"): enumerators when parenthesised or in
# a list position (see :func:`_enumerators`). One-letter ones ("i", "v") are never words here.
_ROMAN = r"^(?i:x{0,3}(?:ix|iv|v?i{0,3}))$"
# Token classes for the enumerator rule: 1 opening bracket, 2 closing bracket, 3 list separator
# (start of text, ",", ";", ":", "and", "or"), 4 full stop.
_OPEN, _CLOSE, _LIST, _STOP = 1, 2, 3, 4


#: Moduli and bases of the two polynomial hashes whose pair is a term's 62-bit id. The hash of a
#: key can be computed from the hashes of its words, ``h(ab) = h(a) * base ** len(b) + h(b)`` (mod
#: p), so a candidate gets its term's id from its words without its key ever being spelled, and
#: "fine-tuning", "fine tuning" and "finetuning" (one key) get one id.
_MODULI = (2_147_483_647, 2_147_483_629)
_BASES = (257, 263)


def _powers(base: int, mod: int, n: int) -> "np.ndarray":
    """``base ** k % mod`` for ``k = 0 .. n`` (by doubling: log2(n) numpy steps; mod < 2**32)."""
    import numpy as np

    out = np.ones(n + 1, np.uint64)
    size, step = 1, np.uint64(base % mod)
    while size <= n:
        m = min(size, n + 1 - size)
        out[size : size + m] = out[:m] * step % np.uint64(mod)
        size, step = size + m, step * step % np.uint64(mod)
    return out


def _key_hashes(keys: pl.Series) -> dict[str, "np.ndarray"]:
    """The polynomial hashes of strings' UTF-8 bytes: ``h1, h2`` and the shifts ``w1, w2``
    (``base ** length``), all UInt64 below 2**31; a null or empty string hashes to 0, shift 1."""
    import numpy as np

    keys = keys.fill_null("")
    lens = keys.str.len_bytes().to_numpy().astype(np.int64)
    buf = np.frombuffer("".join(keys.to_list()).encode("utf-8"), np.uint8).astype(np.uint64)
    ends = np.cumsum(lens)
    # Each byte's distance from the end of its string: its power of the base.
    back = np.repeat(ends - 1, lens) - np.arange(len(buf))
    full = np.flatnonzero(lens > 0)
    out = {}
    for i, (mod, base) in enumerate(zip(_MODULI, _BASES), start=1):
        power = _powers(base, mod, int(lens.max()) if len(lens) else 0)
        terms = buf * power[back] % np.uint64(mod)
        h = np.zeros(len(lens), np.uint64)
        if len(full):
            h[full] = np.add.reduceat(terms, (ends - lens)[full]) % np.uint64(mod)
        out[f"h{i}"], out[f"w{i}"] = h, power[lens]
    return out


def _key_ids(keys: pl.Series) -> "np.ndarray":
    """The 62-bit term id of each folded key (see :data:`_MODULI`)."""
    import numpy as np

    h = _key_hashes(keys)
    return (h["h1"] << np.uint64(31)) | h["h2"]


def _vocabulary(tokens: pl.DataFrame, *, inner: tuple[str, ...]) -> pl.DataFrame:
    """One row per distinct token: ``token``, ``flags`` (what it may do in a candidate: start,
    end, stand inside, stand alone; and the bits ``_NOUN, _OF, _MOD, _GEN``), ``wid`` (hash of its
    folded key), ``wkey``, ``surface`` (display case: acronyms and mixed case kept, the rest
    lower-cased), ``sid`` (hash of the surface), the word attributes ``bg_idf, inged, generic,
    digit`` and ``roman``, ``lower``, ``cls`` (for :func:`_enumerators`), ``head`` (the head of a
    compound such as "LLM-based", else null). A possessive ("WAM's") is described as its word.

    Parts of speech come from :func:`paperkit.pos.word_classes`, once per distinct word."""
    from paperkit import pos as P

    english = sorted(stopwords("english") - set(inner))
    topic_free = sorted(stopwords("abstracts") | stopwords("verbs"))
    generic = sorted(stopwords("generic"))
    tok = pl.col("token")
    possessive = tok.str.contains(_POSSESSIVE) & (tok.str.len_chars() > 3)
    tokens = tokens.select(tok, pl.when(possessive).then(tok.str.replace(_POSSESSIVE, "")).otherwise(tok).alias("_word"),
                           possessive.alias("_poss"))
    tokens = tokens.with_columns(pl.col("_word").str.to_lowercase().alias("_low"))
    tokens = tokens.with_columns(P.word_classes(tokens["_low"]).alias("_pos"))
    word, low, pos = pl.col("_word"), pl.col("_low"), pl.col("_pos")

    def bit(b: int) -> pl.Expr:
        return (pos & b) > 0

    is_word = word.str.contains(r"\p{L}") & (word.str.len_chars() > 1)
    acronym = word.str.contains(r"^\p{Lu}[\p{Lu}\d]+$")
    # A name (acronym, mixed case, digits: LoRA, GPT-4, Flow-GRPO) has no part of speech; a
    # compound is what its last part is ("LLM-based" is a modifier, "Flow-GRPO" a name).
    last = word.str.extract(r"([^-]+)$")
    name = ~last.str.contains(r"^\p{Lu}?\p{Ll}*$")
    noun = name | bit(P.NOUN)
    verb_only = bit(P.VERB) & ~bit(P.NOUN | P.ADJ)
    # Adverbs, finite verbs ("declare", "creates") and comparatives ("higher") break a phrase.
    breaks = ~name & ((bit(P.ADV) & ~bit(P.NOUN | P.ADJ | P.VERB)) | (verb_only & bit(P.FINITE)) | bit(P.DEGREE))
    # Adjectives start or join a phrase, never end one; a participle without a noun or adjective
    # reading ("supervised", "built") may only start one ("benchmark built on" is a clause,
    # "supervised fine-tuning" a phrase). A gerund is a verbal noun ("instruction tuning"), but not
    # before a determiner or a number, where it takes an object (see :func:`_batch_terms`).
    verbal = ~name & verb_only & bit(P.PAST)
    gerund = ~name & verb_only & bit(P.GERUND)  # a noun, but not for "of" ("tuning of LLMs")
    modifier = (~name & ~bit(P.NOUN) & bit(P.ADJ)) | low.is_in(_MODIFIER_COMPOUNDS)
    flags = (
        pl.when(~is_word | (low.is_in(english) & ~acronym) | low.is_in(topic_free) | breaks)
        .then(pl.lit(0, pl.UInt8))
        .when(low.is_in(list(inner)))
        .then(pl.lit(_OF, pl.UInt8))
        .when(low.is_in(_END_ONLY))
        .then(pl.lit(_END | _INNER | _GEN, pl.UInt8))
        .when(modifier)
        .then(pl.lit(_START | _INNER | _MOD, pl.UInt8))
        .when(verbal)
        .then(pl.lit(_START | _MOD, pl.UInt8))
        .when(low.is_in(generic))
        .then(pl.lit(_START | _END | _INNER | _GEN, pl.UInt8))
        .otherwise(pl.lit(_ANY, pl.UInt8))
    )
    flags = flags | pl.when(noun & ((flags & _ANY) > 0)).then(pl.lit(_NOUN, pl.UInt8)).otherwise(pl.lit(0, pl.UInt8))
    # A possessive may end a phrase or stand alone, but what follows starts a new one.
    flags = pl.when(pl.col("_poss")).then(flags & (_END | _SINGLE | _NOUN | _GEN)).otherwise(flags)
    # The head of a compound whose last part is a modifier suffix: an adjective or participle
    # without a noun reading in the lexicon ("-based", "-driven", "-guided", "-aware"); it also
    # counts as a term of the paper when it is a noun or a name (checked by the caller).
    head = word.str.extract(r"^(.+)-[^-]+$")
    suffix = ~name & bit(P.KNOWN) & ~bit(P.NOUN) & (bit(P.ADJ) | bit(P.PAST))
    head = pl.when(suffix & (head.str.len_chars() > 1) & ~head.str.to_lowercase().is_in(_PREFIXES)).then(head)
    # Keep the case of acronyms and mixed-case names (LoRA, GPT-4, LLMs); "Low-Rank" is lower-cased.
    plain = word.str.contains(r"^\p{Lu}?[\p{Ll}\d]*(?:[-'’]\p{Lu}?[\p{Ll}\d]*)*$")
    surface = pl.when(plain).then(low).otherwise(word)
    tok_low = tok.str.to_lowercase()
    cls = (
        pl.when(tok.is_in(["(", "["])).then(pl.lit(_OPEN, pl.UInt8))
        .when(tok.is_in([")", "]"])).then(pl.lit(_CLOSE, pl.UInt8))
        .when(tok.is_in([",", ";", ":", "\n"]) | tok_low.is_in(["and", "or"])).then(pl.lit(_LIST, pl.UInt8))
        .when(tok == ".").then(pl.lit(_STOP, pl.UInt8))
        .otherwise(pl.lit(0, pl.UInt8))
    )
    n_background, background = _background_df()
    vocab = tokens.with_columns(
        flags.alias("flags"),
        # A token is one word (or one punctuation mark): its key is the key of that word.
        pl.when(word.str.contains(r"^\w")).then(_word_key_expr(word)).otherwise(pl.lit("")).alias("wkey"),
        surface.alias("surface"),
        cls.alias("cls"),
        (tok.str.contains(_ROMAN) & (tok.str.len_chars() > 1)).alias("roman"),
        (tok == tok_low).alias("lower"),
        head.alias("head"),
        gerund.alias("ing"),
        (low.is_in(_DETERMINERS) | word.str.contains(r"^\d")).alias("det"),
    )
    vocab = vocab.join(background, left_on="_low", right_on="word", how="left", maintain_order="left").with_columns(
        ((n_background + 1.0) / (pl.col("bg_df").fill_null(0).cast(pl.Float64) + 1.0)).log().cast(pl.Float32)
        .alias("bg_idf"),
        pl.col("_low").str.contains(r"(?:ing|ed)$").alias("inged"),
        pl.col("_low").is_in(generic).alias("generic"),
        word.str.contains(r"\d").alias("digit"),
    )
    vocab = vocab.drop("_word", "_low", "_pos", "_poss", "bg_df").with_columns(
        pl.col("wkey").hash(11).alias("wid"), pl.col("surface").hash(13).alias("sid")
    )
    return vocab.with_columns(pl.Series(k, v) for k, v in _key_hashes(vocab["wkey"]).items())


class _Vocabulary:
    """The vocabulary of a corpus, grown batch by batch: each distinct token is described once.

    :meth:`lookup` gives the integer ``vid`` of every token of a batch; the attributes are numpy
    arrays indexed by ``vid`` (``arrays``) and the strings stay here (``frame``).
    """

    _ARRAYS = ("flags", "wid", "sid", "h1", "h2", "w1", "w2", "bg_idf", "inged", "generic", "digit", "roman",
               "lower", "cls", "ing", "det")

    def __init__(self, inner: tuple[str, ...]):
        self.inner = inner
        self.frame = pl.DataFrame(schema={"token": pl.String(), "wkey": pl.String(), "surface": pl.String()})
        self.index = pl.DataFrame(schema={"h": pl.UInt64(), "vid": pl.UInt32()})
        self.arrays: dict = {}

    def lookup(self, tokens: pl.Series) -> "np.ndarray":
        """The ``vid`` of each token (numpy UInt32); tokens never seen before are described first."""
        import numpy as np

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
        for c in self._ARRAYS:
            add = rows[c].to_numpy()
            self.arrays[c] = np.concatenate([self.arrays[c], add]) if c in self.arrays else add
        # The head of a compound ("LLM" of "LLM-based") is a word of the vocabulary too; it counts
        # as a term when it may stand alone and is a noun or a name.
        none = np.full(new.height, _NO_TERM, np.uint32)
        self.arrays["head_vid"] = np.concatenate([self.arrays["head_vid"], none]) if "head_vid" in self.arrays else none
        heads = rows["head"]
        if heads.null_count() < len(heads):
            at = np.flatnonzero(heads.is_not_null().to_numpy())
            hv = self.lookup(heads.gather(at))
            ok = (self.arrays["flags"][hv] & (_SINGLE | _NOUN)) == (_SINGLE | _NOUN)
            self.arrays["head_vid"][start + at[ok]] = hv[ok]
        # Only the tokens that were missing are looked up again, in the new rows only.
        out = vid.fill_null(0).to_numpy().copy()
        miss = missing.to_numpy()
        out[miss] = h.filter(missing).join(new, on="h", how="left", maintain_order="left")["vid"].to_numpy()
        return out


def _enumerators(vid: "np.ndarray", vocab: _Vocabulary) -> "np.ndarray":
    """Tokens that are roman-numeral enumerators: "(ii)", "iii)", ", iv and", "(IV)".

    A roman numeral of two or more letters is an enumerator when an opening bracket precedes it
    or a closing bracket follows it, or, written in lower case, when it stands in a list position
    (after the start of the text, ",", ";", ":", "and", "or", or before ".", ":").
    """
    import numpy as np

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


def _occurrences(
    tok: pl.DataFrame, *, max_words: int = MAX_WORDS
) -> pl.DataFrame:
    """Every candidate occurrence of a batch, on integer ids only.

    ``tok`` has one row per token (``row`` = its index in the batch): ``doc, pos, flags,
    h1, h2, w1, w2`` (the word key's hashes, :func:`_key_hashes`), ``sid``, ``in_title``. Returns
    ``doc, pos, row, n, th`` (the term id of the folded key, combined from its words' hashes),
    ``sid`` (hash of the spelling), ``in_title``, ``maximal``: a candidate is spelled by rows
    ``row .. row + n - 1``.
    """
    prev = pl.col("flags").shift(1).fill_null(0)
    ks = [pl.col("flags")] + [pl.col("flags").shift(-j).fill_null(0) for j in range(1, max_words + 1)]

    def has(flags: pl.Expr, bit: int) -> pl.Expr:
        return (flags & bit) > 0

    def valid(k: list[pl.Expr], n: int) -> pl.Expr:
        if n == 1:
            return has(k[0], _SINGLE)
        cond = has(k[0], _START) & has(k[n - 1], _END)
        for j in range(1, n - 1):
            cond = cond & has(k[j], _INNER)
        if n == 2:  # a modifier and a generic head ("excellent performance") is not a keyphrase
            cond = cond & ~(has(k[0], _MOD) & has(k[1], _GEN))
        return cond

    def joined(k: list[pl.Expr]) -> pl.Expr:
        # "noun of noun" ("chain of thought"): the first noun not generic, both ends of a phrase.
        return (has(k[0], _START) & has(k[0], _NOUN) & ~has(k[0], _GEN) & has(k[1], _OF)
                & has(k[2], _END) & has(k[2], _NOUN))

    def term_id(n: int) -> pl.Expr:
        # h(w0 w1 .. wn) from the words' hashes, for both moduli; then the two halves packed.
        halves = []
        for i, mod in enumerate(_MODULI, start=1):
            h = pl.col(f"_h{i}_0")
            for j in range(1, n):
                h = (h * pl.col(f"_w{i}_{j}") + pl.col(f"_h{i}_{j}")) % mod
            halves.append(h)
        return (halves[0] * 2**31 + halves[1]).alias("th")

    lazy = tok.lazy().select(
        "doc", "pos", "row", "flags", "in_title",
        *[pl.col(c).shift(-j).alias(f"_{c}_{j}") for c in ("h1", "h2") for j in range(max_words)],
        *[pl.col(c).shift(-j).alias(f"_{c}_{j}") for c in ("w1", "w2") for j in range(1, max_words)],
        *[pl.col("sid").shift(-j).alias(f"_s{j}") for j in range(max_words)],
    )
    frames = []
    for n in range(1, max_words + 1):
        # At the length limit, a phrase that would go on is cut, not maximal.
        longer = valid(ks, n + 1) if n < max_words else has(ks[n], _END)
        earlier = valid([prev] + ks, n + 1) if n < max_words else has(prev, _START)
        frames.append(
            lazy.with_columns(valid(ks, n).alias("_ok"), (~longer & ~earlier).alias("maximal"))
            .filter("_ok")
            .select(
                "doc", "pos", "row", pl.lit(n, pl.UInt8).alias("n"),
                term_id(n),
                (pl.col("_s0") if n == 1 else pl.struct([f"_s{j}" for j in range(n)]).hash(7)).alias("sid"),
                "in_title", "maximal",
            )
        )
    if max_words >= 3:
        frames.append(
            lazy.filter(joined(ks)).select(
                "doc", "pos", "row", pl.lit(3, pl.UInt8).alias("n"), term_id(3),
                pl.struct([f"_s{j}" for j in range(3)]).hash(7).alias("sid"), "in_title",
                pl.lit(True).alias("maximal"),
            )
        )
    return pl.concat(pl.collect_all(frames))


def _spell(rows: pl.DataFrame, vid: "np.ndarray", strings: pl.Series, *, separator: str) -> pl.Series:
    """Spell candidates given by ``row`` (first token) and ``n``: ``strings`` indexed by vid."""
    import numpy as np

    starts = rows["row"].cast(pl.Int64).to_numpy()
    n = rows["n"].to_numpy()
    width = int(n.max()) if len(n) else 1
    parts = {}
    for j in range(width):
        idx = np.minimum(starts + j, len(vid) - 1)
        parts[f"p{j}"] = strings.gather(vid[idx])
    frame = pl.DataFrame(parts).with_columns(n=rows["n"])
    exprs = [pl.when(pl.col("n") > j).then(pl.col(f"p{j}")) for j in range(width)]
    return frame.select(pl.concat_str(exprs, separator=separator, ignore_nulls=True)).to_series()


def _synonym_map(synonyms: pl.DataFrame | None) -> pl.DataFrame:
    """``[key, canonical_key, canonical]`` from a ``[term, canonical]`` table."""
    schema = {"key": pl.String(), "canonical_key": pl.String(), "canonical": pl.String()}
    if synonyms is None or synonyms.height == 0:
        return pl.DataFrame(schema=schema)
    missing = [c for c in ("term", "canonical") if c not in synonyms.columns]
    if missing:
        raise ValueError(
            f"synonyms frame is missing column(s) {missing}; expected columns [term, canonical], "
            f"got {synonyms.columns}"
        )
    shown = pl.col("display_canonical") if "display_canonical" in synonyms.columns else pl.lit(True)
    table = synonyms.select(
        fold_key_expr(pl.col("term")).alias("key"),
        fold_key_expr(pl.col("canonical")).alias("canonical_key"),
        pl.when(shown).then(pl.col("canonical")).otherwise(pl.lit("", dtype=pl.String())).alias("canonical"),
    ).drop_nulls()
    # The canonical form is also a surface of itself.
    own = table.select(pl.col("canonical_key").alias("key"), "canonical_key", "canonical")
    return pl.concat([table, own]).unique("key", keep="first", maintain_order=True)


#: Glossary entries used for automatic folding: defined by at least this many papers, not ambiguous.
MIN_DEFINING_PAPERS = 2


def _auto_synonyms(papers: pl.DataFrame) -> pl.DataFrame | None:
    """Acronym synonyms from :mod:`paperkit.acronyms` when that module exists, else ``None``.

    Only unambiguous glossary entries defined in at least :data:`MIN_DEFINING_PAPERS` papers are
    used, so a one-off or clashing definition never merges two terms of the corpus.
    """
    try:
        from paperkit.acronyms import acronym_glossary, acronym_synonyms  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        glossary = acronym_glossary(papers)
        if "ambiguous" in glossary.columns and "n_papers_defining" in glossary.columns:
            glossary = glossary.filter(
                ~pl.col("ambiguous").fill_null(False) & (pl.col("n_papers_defining") >= MIN_DEFINING_PAPERS)
            )
        # Folded, but shown as the corpus writes them most often ("diffusion models", not "DM").
        return acronym_synonyms(glossary).select("term", "canonical", display_canonical=pl.lit(False))
    except Exception:  # noqa: BLE001 - a failing optional helper must not break keywords
        return None


#: Papers tokenized at a time; the per-paper work runs batch by batch so memory stays flat.
BATCH_PAPERS = 10_000
#: Co-occurrence window of the word graph (tokens), damping and iterations of its PageRank.
WINDOW, DAMPING, ITERATIONS = 3, 0.85, 20


def _word_rank(doc, pos, flags, wid, in_title) -> tuple:
    """Position-biased PageRank of the candidate words of each document (PositionRank).

    Nodes are the distinct (document, word) pairs of tokens that may take part in a candidate;
    an edge joins two of them that occur within :data:`WINDOW` tokens; the teleport vector of a
    document is proportional to the sum of ``1 / (position + 1)`` of the word's occurrences. All
    documents are solved at once as one block-diagonal sparse matrix (power iteration, float32).

    Takes numpy arrays per token and returns three per token: ``pr`` (word score, summing to 1
    per document), ``wtf`` (word frequency in the document), ``wtitle`` (word seen in the
    title); zero for tokens that are not candidate words.
    """
    import numpy as np
    import scipy.sparse as sp

    size = len(doc)
    pr_tok, wtf_tok, wtitle_tok = np.zeros(size, np.float32), np.zeros(size, np.float32), np.zeros(size, np.float32)
    sel = np.flatnonzero(flags & _ANY)
    if len(sel) == 0:
        return pr_tok, wtf_tok, wtitle_tok
    d, p = doc[sel], pos[sel].astype(np.int64)
    pair = wid[sel] ^ (d.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    # Nodes numbered by the sorted pair value (as ``np.unique(..., return_inverse=True)``, 3x faster).
    node = pl.Series(pair).rank("dense").to_numpy().astype(np.int64) - 1
    m = int(node.max()) + 1
    bias = np.bincount(node, weights=1.0 / (p + 1.0), minlength=m)
    wtf = np.bincount(node, minlength=m).astype(np.float32)
    wtitle = (np.bincount(node, weights=in_title[sel], minlength=m) > 0).astype(np.float32)
    node_doc = np.empty(m, np.int64)
    node_doc[node] = d
    a, b = [], []
    for j in range(1, WINDOW):
        ok = (d[j:] == d[:-j]) & (p[j:] - p[:-j] < WINDOW) & (node[j:] != node[:-j])
        a.append(node[:-j][ok])
        b.append(node[j:][ok])
    a, b = np.concatenate(a), np.concatenate(b)
    src = np.r_[a, b]
    adj = sp.csr_matrix((np.ones(len(src), np.float32), (src, np.r_[b, a])), shape=(m, m))
    inv_deg = 1.0 / np.maximum(np.bincount(src, minlength=m), 1).astype(np.float32)
    doc_idx = node_doc - node_doc.min()  # documents of a batch are numbered consecutively
    bias = (bias / np.bincount(doc_idx, weights=bias)[doc_idx]).astype(np.float32)
    x = bias.copy()
    # The walk matrix is adj scaled by 1/degree of the source; adj is symmetric.
    for _ in range(ITERATIONS):
        x = (1.0 - DAMPING) * bias + DAMPING * (adj @ (x * inv_deg))
    pr_tok[sel], wtf_tok[sel], wtitle_tok[sel] = x[node], wtf[node], wtitle[node]
    return pr_tok, wtf_tok, wtitle_tok


#: Features of the score. Those of :data:`_DF_FEATURES` need the document frequency over the
#: whole corpus and are added after all batches; the others are computed per batch.
_DF_FEATURES = ("idf", "df1", "n1idf")
_BATCH_FEATURES = ("ltf", "n1", "n2", "n3", "mx", "nomx", "tit", "lfp", "n1tf", "lspos", "nlspos", "lmpos", "lprl",
                   "lprm", "bg_min", "bg_mean", "bg_first", "bg_last", "lastgen", "first_inged", "last_inged", "digit",
                   "lwm", "lwf", "lwl", "wtit", "of")


def _span_reduce(values: "np.ndarray", start: "np.ndarray", longer: list, op, dtype=None) -> "np.ndarray":
    """``op`` (``np.add``, ``np.maximum``, ``np.minimum``) over ``values[start : start + n]`` for
    every span, without a per-span loop: one gather per word position, where ``longer[k - 1]``
    lists the spans that have a word k. Sums accumulate in ``dtype`` (float64)."""
    out = values[start].astype(dtype or values.dtype)
    for k, rows in enumerate(longer, start=1):
        out[rows] = op(out[rows], values[start[rows] + k])
    return out


def _batch_features(g: pl.DataFrame, tok: dict, graph) -> dict:
    """The per-batch features (float32 numpy arrays) of the (paper, term) rows ``g``.

    ``g`` has ``tf, tf_title, first_pos, tf_max``, ``n`` (longest spelling, in words) and
    ``span`` (``row << 3 | n`` of the first occurrence, whose words give the word features);
    ``tok`` holds per-token float32 arrays ``bg_idf, inged, generic, digit`` indexed by batch
    row, and ``graph()`` returns three more, ``pr, wtf, wtitle`` (:func:`_word_rank`): it is
    called only once the other features are computed, so a word graph running in a thread has
    the most time to finish. Features come in the order of :data:`_BATCH_FEATURES`.
    """
    import numpy as np

    f32 = np.float32
    span = g["span"].to_numpy()
    start = (span >> 3).astype(np.int64)
    n = (span & 7).astype(np.int64)
    nf = n.astype(f32)
    n_max = g["n"].to_numpy()
    width = int(n.max()) if len(n) else 1
    last = start + n - 1
    floor = f32(1e-9)

    # The spans that have a word k (k = 1 .. width - 1): sums and extremes gather only those.
    longer = [np.flatnonzero(n > k) for k in range(1, width)]

    def span_sums(names):
        # Sums in float64 of the span's words (``g`` is sorted by span, so gathers run forward).
        return [_span_reduce(tok[c], start, longer, np.add, np.float64).astype(f32) for c in names]

    tf = g["tf"].to_numpy().astype(f32)
    out = {}
    out["ltf"] = np.log(tf)
    out["n1"], out["n2"], out["n3"] = (n_max == 1).astype(f32), (n_max == 2).astype(f32), (n_max == 3).astype(f32)
    out["mx"] = g["tf_max"].to_numpy().astype(f32) / tf
    out["nomx"] = (out["mx"] == 0).astype(f32)
    out["tit"] = (g["tf_title"].to_numpy() > 0).astype(f32)
    out["lfp"] = np.log(g["first_pos"].to_numpy().astype(f32) + 1)
    out["n1tf"] = out["n1"] * out["ltf"]
    bgsum, digsum, ofsum = span_sums(("bg_idf", "digit", "of"))
    out["bg_min"] = _span_reduce(tok["bg_idf"], start, longer, np.minimum)
    out["bg_mean"] = bgsum / nf
    out["bg_first"] = tok["bg_idf"][start]
    out["bg_last"] = tok["bg_idf"][last]
    out["lastgen"] = tok["generic"][last]
    out["first_inged"] = tok["inged"][start]
    out["last_inged"] = tok["inged"][last]
    # 0/1 attributes: "any word" is a positive sum (a cumulative sum is cheaper than a window max).
    out["digit"] = (digsum > 0).astype(f32)
    out["of"] = (ofsum > 0).astype(f32)
    tok = dict(tok, **dict(zip(("pr", "wtf", "wtitle"), graph())))
    prsum, wtfsum, wtitsum = span_sums(("pr", "wtf", "wtitle"))
    out["lspos"] = np.log(prsum + floor)
    out["nlspos"] = n_max.astype(f32) * out["lspos"]
    out["lmpos"] = np.log(prsum / nf + floor)
    out["lprl"] = np.log(tok["pr"][last] + floor)
    out["lprm"] = np.log(_span_reduce(tok["pr"], start, longer, np.maximum) + floor)
    out["lwm"] = np.log(np.maximum(wtfsum / nf, f32(1)))
    out["lwf"] = np.log(np.maximum(tok["wtf"][start], f32(1)))
    out["lwl"] = np.log(np.maximum(tok["wtf"][last], f32(1)))
    out["wtit"] = (wtitsum > 0).astype(f32)
    return {k: out[k].astype(f32, copy=False) for k in _BATCH_FEATURES}


#: Per-batch spelling rows kept before they are merged (about 36 bytes each).
_SPELLING_ROWS = 12_000_000
#: Term id of a candidate left out by ``vocabulary``.
_NO_TERM = 0xFFFFFFFF


def _group_terms(occ: pl.DataFrame) -> pl.DataFrame:
    """One row per (paper, term) of a batch's occurrences, sorted by first occurrence.

    ``doc, th, tf, tf_title, tf_max`` (occurrences in all, in the title, maximal), ``span``
    (``row << 3 | n`` of the first occurrence) and ``n`` (the longest spelling, in words). Groups
    by one sort of a packed key (the batch's paper and 50 bits of the term id: two terms of one
    paper sharing them is a 2**-50 event) and segment reductions: about twice as fast as a hash
    group-by on (paper, term), where most groups have one row.
    """
    import numpy as np

    doc, th, n = occ["doc"].to_numpy(), occ["th"].to_numpy(), occ["n"].to_numpy()
    if len(doc) == 0:
        return pl.DataFrame(schema={"doc": pl.UInt32(), "th": pl.UInt64(), "tf": pl.UInt32(), "tf_title": pl.UInt32(),
                                    "tf_max": pl.UInt32(), "span": pl.UInt64(), "n": pl.UInt8()})
    key = ((doc - doc.min()).astype(np.uint64) << np.uint64(50)) | (th >> np.uint64(12))
    order = pl.Series(key).arg_sort().to_numpy()
    key = key[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    # Title and maximal occurrences summed as one packed count (each < 2**16 per paper).
    packed = occ["in_title"].to_numpy().astype(np.uint32) + occ["maximal"].to_numpy().astype(np.uint32) * 65536
    packed = np.add.reduceat(packed[order], first)
    span = np.minimum.reduceat(occ["row"].to_numpy()[order].astype(np.uint64) * np.uint64(8) + n[order], first)
    # Sorted by first occurrence (spans are distinct): the per-token gathers later read forward.
    by_span = np.argsort(span)
    at = first[by_span]
    return pl.DataFrame({
        "doc": doc[order[at]], "th": th[order[at]],
        "tf": np.diff(np.r_[first, len(key)]).astype(np.uint32)[by_span],
        "tf_title": (packed % 65536)[by_span], "tf_max": (packed // 65536)[by_span],
        "span": span[by_span], "n": np.maximum.reduceat(n[order], first)[by_span],
    })


def _batch_terms(
    docs: pl.DataFrame, vocab: _Vocabulary, *, max_words: int, fold: tuple | None, wanted: "np.ndarray | None",
    weights: dict | None, pool,
) -> tuple:
    """One batch of documents: tokens, candidates, word graph and features, on integer ids.

    A candidate's term is ``th``, the 62-bit id of its folded key combined from its words'
    hashes (:func:`_key_hashes`); ``fold`` maps ids to canonical ids (``(from, to)``, UInt64
    series) and ``wanted`` keeps only some ids.

    The word graph and then the features run in ``pool`` (one worker thread: numpy and scipy
    release the GIL) while polars finds and groups the candidates. Returns ``(rows, spellings)``,
    ``rows`` a future, so the caller can start the next batch first. ``rows`` has one row
    per (paper, term) with ``doc, th, tf, tf_title, first_pos, n`` and ``part`` (the weighted
    sum of the batch features, float32) or, when ``weights`` is None, the features themselves;
    ``spellings`` is ``sid, th, c``
    (occurrences of each spelling in the batch) and ``p0 ..`` (the vocabulary ids of its words,
    two per column, ``v0 << 32 | v1``; :data:`_NO_TERM` past its end).
    """
    import numpy as np

    tokens = token_frame(docs)
    vid = vocab.lookup(tokens["token"])
    a = vocab.arrays
    doc = tokens["doc"].to_numpy()
    pos = tokens["pos"].to_numpy()
    first_doc = int(docs["doc"][0])
    title_len = docs["title_len"].to_numpy()
    in_title = (pos < title_len[doc - first_doc]).astype(np.float32)
    flags = np.where(_enumerators(vid, vocab), np.uint8(0), a["flags"][vid])
    # A gerund before a determiner or a number takes an object ("spanning the", "spanning 10"): it
    # does not end a phrase there.
    verbal = a["ing"][vid][:-1] & a["det"][vid][1:]
    flags[:-1][verbal] &= np.uint8(~(_END | _SINGLE) & 0xFF)
    wid = a["wid"][vid]
    tok = pl.DataFrame({"doc": doc, "pos": pos, "flags": flags, "sid": a["sid"][vid], "in_title": in_title > 0,
                        **{c: a[c][vid] for c in ("h1", "h2", "w1", "w2")}}).with_row_index("row")
    del tokens
    # The word graph (numpy/scipy, which release the GIL) runs in a thread while polars finds
    # the candidates and groups them.
    graph = pool.submit(_word_rank, doc, pos, flags, wid, in_title)
    occ = _occurrences(tok, max_words=max_words).with_columns(pl.lit(False).alias("hd"))
    del tok
    # The head of a compound ("LLM" of "LLM-based") is also an occurrence of its own term: one word,
    # spelled by the head (``hd``), its features read from the compound's token.
    head = a["head_vid"][vid]
    at = np.flatnonzero(head != _NO_TERM)
    if len(at):
        hv = head[at]
        occ = pl.concat([occ, pl.DataFrame({
            "doc": doc[at], "pos": pos[at], "row": at.astype(np.uint32), "n": np.ones(len(at), np.uint8),
            "th": (a["h1"][hv] << np.uint64(31)) | a["h2"][hv], "sid": a["sid"][hv], "in_title": in_title[at] > 0,
            "maximal": np.zeros(len(at), bool), "hd": np.ones(len(at), bool)}).cast(occ.schema)])
    if fold is not None:
        occ = occ.with_columns(pl.col("th").replace(fold[0], fold[1]))
    if wanted is not None:
        occ = occ.filter(pl.col("th").is_in(pl.Series(wanted).implode()))
    g = _group_terms(occ)
    g = g.with_columns(pl.Series("first_pos", pos[(g["span"].to_numpy() >> 3).astype(np.int64)]))
    # Spellings: the count of each spelling and its words as vocabulary ids (spelled at the end,
    # for the spelling that names each term only).
    spellings = occ.group_by("sid").agg(pl.len().cast(pl.UInt32).alias("c"), pl.col("th").first(),
                                        pl.col("row").first(), pl.col("n").first(), pl.col("hd").first())
    starts = spellings["row"].cast(pl.Int64).to_numpy()
    n_sp = spellings["n"].to_numpy()
    v = [np.where(n_sp > j, vid[np.minimum(starts + j, len(vid) - 1)], _NO_TERM).astype(np.uint64)
         for j in range(max_words + max_words % 2)]
    hd = spellings["hd"].to_numpy()
    if hd.any():
        v[0] = np.where(hd, a["head_vid"][v[0].astype(np.int64)], v[0]).astype(np.uint64)
    # Two words' ids per UInt64 column ("p0" = v0 << 32 | v1, ...): half the columns to carry.
    words = {f"p{k}": pl.Series((v[2 * k] << np.uint64(32)) | v[2 * k + 1]) for k in range(len(v) // 2)}
    spellings = spellings.select("sid", "th", "c").with_columns(**words)
    attrs = {c: a[c][vid].astype(np.float32) for c in ("bg_idf", "inged", "generic", "digit")}
    attrs["of"] = ((flags & _OF) > 0).astype(np.float32)

    def finish() -> pl.DataFrame:
        feats = _batch_features(g, attrs, graph.result)
        rows = g.select("doc", "th", "tf", "tf_title", "first_pos", "n")
        if weights is None:
            rows = rows.with_columns([pl.Series(k, v) for k, v in feats.items()])
        else:
            part = np.zeros(g.height, np.float32)
            for k, v in feats.items():
                w = weights.get(k, 0.0)
                if w:
                    part += np.float32(w) * v
            rows = rows.with_columns(pl.Series("part", part))
        return rows

    # The features wait for the graph in the same worker thread (first in, first out), so the
    # main thread goes on with the next batch's tokens and candidates meanwhile.
    return pool.submit(finish), spellings


def _doc_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
    weights: dict | None = None,
    features: bool = False,
    names: bool = True,
) -> tuple:
    """Per-(paper, term) rows and the term table of the corpus.

    Papers are processed :data:`BATCH_PAPERS` at a time (tokens, candidates, word graph,
    features); only compact per-(paper, term) rows on integer ids are kept.

    Returns ``(doc_terms, terms)``: ``doc_terms`` has ``doc, tid, tf, tf_title, first_pos, n``
    and either ``part`` (the weighted sum of the per-batch features, ``weights`` or
    :data:`WEIGHTS`) or, with ``features=True``, the features themselves; ``terms`` has ``tid``
    (UInt32, dense, in the order of the terms' 62-bit hash ids), ``key, display, df,
    occurrences``. With ``names=False`` the term table has no ``key`` and ``display`` and a
    third value is returned: ``name(tids)``, which gives ``tid, key, display`` of those terms
    only (spelling a million terms costs more than a caller needing a few may want to pay).
    """
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    docs = _docs(papers)
    syn = _synonym_map(synonyms)
    fold, canon = None, pl.DataFrame(schema={"th": pl.UInt64(), "canonical_key": pl.String()})
    if syn.height:
        # Synonyms fold on term ids: the id of each key maps to the id of its canonical key.
        pairs = syn.filter(pl.col("key") != pl.col("canonical_key"))
        fold = (pl.Series(_key_ids(pairs["key"])), pl.Series(_key_ids(pairs["canonical_key"])))
        canon = syn.select("canonical_key").unique(maintain_order=True)
        canon = canon.select(pl.Series("th", _key_ids(canon["canonical_key"])), "canonical_key")
    wanted = None
    if vocabulary is not None:
        wanted_keys = pl.DataFrame({"v": list(vocabulary)}, schema={"v": pl.String()}).select(
            fold_key_expr(pl.col("v")).alias("key")
        )["key"].drop_nulls().unique()
        wanted = _key_ids(wanted_keys)
        if fold is not None:  # a wanted synonym keeps the term it is folded into
            wanted = np.union1d(wanted, fold[1].filter(fold[0].is_in(pl.Series(wanted).implode())).to_numpy())
    w = None if features else (WEIGHTS if weights is None else weights)
    vocab = _Vocabulary(INNER_WORDS)

    parts, spellings = [], []
    # In the column order of a batch's spellings (sid, th, c, p0 .., batch).
    agg = [pl.col("th").first(), pl.col("c").sum(), *[pl.col(f"p{k}").first() for k in range((max_words + 1) // 2)],
           pl.col("batch").min()]
    # Batch k's word graph and features run in a worker thread while the main thread goes on
    # with batch k + 1; at most two batches are in flight, so memory stays flat.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = []
        # A progress bar on a terminal or in Jupyter from three batches (20,001 papers) up.
        batches = _progress(range(0, docs.height, BATCH_PAPERS), None, desc="keywords", unit="batch", at_least=3)
        for batch, offset in enumerate(batches):
            if len(pending) == 2:
                parts.append(pending.pop(0).result())
            rows, sp = _batch_terms(docs.slice(offset, BATCH_PAPERS), vocab, max_words=max_words, fold=fold,
                                    wanted=wanted, weights=w, pool=pool)
            pending.append(rows)
            spellings.append(sp.with_columns(pl.lit(batch, pl.UInt32).alias("batch")))
            if sum(f.height for f in spellings) > _SPELLING_ROWS:  # keep the spelling table compact
                spellings = [pl.concat(spellings).group_by("sid").agg(agg)]
        parts.extend(f.result() for f in pending)
    doc_terms = pl.concat(parts)
    del parts
    # Dense term ids in the order of the 62-bit ids (one rank, no join).
    tid = (doc_terms["th"].rank("dense") - 1).cast(pl.UInt32)
    n_terms = int(tid.max()) + 1 if len(tid) else 0
    doc_terms = doc_terms.select("doc", tid.alias("tid"), pl.exclude("doc", "th"))
    spellings = pl.concat(spellings).group_by("sid").agg(agg)
    # The most frequent spelling names the term (ties: the first seen); only those are spelled,
    # and the words' keys of that spelling give the term's key (unless synonyms fold it).
    best = spellings.sort(["th", "c", "batch", "sid"], descending=[False, True, False, False]).unique(
        "th", keep="first", maintain_order=True)
    assert best.height == n_terms  # every term has a spelling; ``best`` is in th order, so in tid order
    tid = doc_terms["tid"].to_numpy()
    terms = pl.DataFrame({
        "tid": np.arange(n_terms, dtype=np.uint32),
        "df": np.bincount(tid, minlength=n_terms).astype(np.uint32),
        "occurrences": np.bincount(tid, weights=doc_terms["tf"].to_numpy(), minlength=n_terms).astype(np.uint32),
    })
    name = functools.partial(_name_terms, best=best.drop("sid", "c", "batch"), words=vocab.frame, syn=syn,
                             canon=canon, max_words=max_words)
    if not names:
        return doc_terms, terms, name
    named = name(None)
    return doc_terms, terms.select("tid", named["key"], named["display"], "df", "occurrences")


def _name_terms(tids: "np.ndarray | None", *, best: pl.DataFrame, words: pl.DataFrame, syn: pl.DataFrame,
                canon: pl.DataFrame, max_words: int) -> pl.DataFrame:
    """``tid, key, display`` of the terms ``tids`` (all when None), from the most frequent
    spelling of each (``best``: one row per term in tid order, ``th`` and its words' vocabulary
    ids packed in ``p0 ..``); a term that synonyms fold into is displayed in its canonical form."""
    import numpy as np

    if tids is None:
        tids = np.arange(best.height, dtype=np.uint32)
    rows = best[tids].with_columns(pl.Series("tid", tids, dtype=pl.UInt32))
    rows = rows.with_columns(
        (pl.col(f"p{j // 2}") // 2**32 if j % 2 == 0 else pl.col(f"p{j // 2}") % 2**32).cast(pl.UInt32).alias(f"v{j}")
        for j in range(max_words))
    present = [pl.col(f"v{j}") != _NO_TERM for j in range(max_words)]
    for out, col, sep in (("display", "surface", " "), ("key", "wkey", "")):
        strings = words[col]
        rows = rows.with_columns(
            pl.concat_str([pl.when(present[j]).then(strings.gather(rows[f"v{j}"].replace(_NO_TERM, 0)))
                           for j in range(max_words)], separator=sep, ignore_nulls=True).alias(out))
    if canon.height:
        rows = rows.join(canon, on="th", how="left", maintain_order="left").with_columns(
            pl.coalesce("canonical_key", "key").alias("key"))
    if syn.height:
        shown = syn.filter(pl.col("canonical") != "").unique("canonical_key").select(
            pl.col("canonical_key").alias("key"), "canonical")
        rows = rows.join(shown, on="key", how="left", maintain_order="left").with_columns(
            pl.coalesce("canonical", "display").alias("display"))
    return rows.select("tid", "key", "display")


#: Weights of the score (a log-linear ranking model), fitted with a listwise (softmax) loss on the
#: even-numbered ids of the Hugging Face DEV archive (gold: its ``ai_keywords``, 72% of the loss) and of
#: Inspec DEV (28%): ``benchmarks/bench_keywords.py tune-hf 0.72``. The odd ids of both are held out.
WEIGHTS = {
    "ltf": 0.5157, "idf": -0.1131, "n1": -2.7779, "n2": 0.3941, "n3": 0.3893, "mx": 0.7784, "nomx": -0.9596,
    "tit": 0.0441, "lfp": -0.0434, "df1": -0.0807, "n1idf": 0.4095, "n1tf": -0.1265, "nlspos": -0.0173,
    "lspos": 0.6359, "lmpos": -0.8008, "lprl": -0.1054, "lprm": 0.2053, "bg_min": 0.0016, "bg_mean": 0.0578,
    "bg_first": 0.0513, "bg_last": -0.0191, "lastgen": -0.1061, "first_inged": -0.3627, "last_inged": 0.3229,
    "digit": -0.4303, "lwm": -0.3245, "lwf": 0.1772, "lwl": 0.2111, "wtit": 0.0339, "of": -3.7552,
}


def _df_features(n_docs: int) -> dict[str, pl.Expr]:
    """The features that need the corpus document frequency ``df``."""
    idf = ((n_docs + 1.0) / (pl.col("df").cast(pl.Float64) + 0.5)).log()
    return {"idf": idf, "df1": (pl.col("df") == 1).cast(pl.Float64), "n1idf": (pl.col("n") == 1).cast(pl.Float64) * idf}


def _features(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """Add the document-frequency features to ``doc_terms`` (from ``_doc_terms(..., features=True)``)."""
    return doc_terms.join(terms.select("tid", "df"), on="tid", how="left").with_columns(
        **_df_features(n_docs)
    )


def _scored(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int, weights: dict | None = None) -> pl.DataFrame:
    """Add ``score``: ``exp`` of ``part`` plus the weighted document-frequency features."""
    import numpy as np

    w = WEIGHTS if weights is None else weights
    df = terms["df"].to_numpy()[doc_terms["tid"].to_numpy()].astype(np.float64)
    idf = np.log((n_docs + 1.0) / (df + 0.5))
    one = (doc_terms["n"].to_numpy() == 1)
    linear = doc_terms["part"].to_numpy().astype(np.float64) + w.get("idf", 0.0) * idf \
        + w.get("df1", 0.0) * (df == 1) + w.get("n1idf", 0.0) * one * idf
    return doc_terms.with_columns(pl.Series("score", np.exp(linear)))


# --- public API ------------------------------------------------------------------------------------
def _check_common(papers: pl.DataFrame, acronyms: str | bool, max_words: int) -> pl.DataFrame:
    if isinstance(papers, pl.DataFrame):
        # An all-null text column (e.g. titles only) has dtype Null: read it as String.
        papers = papers.with_columns(
            [pl.col(c).cast(pl.String) for c in ("title", "abstract") if papers.schema.get(c) == pl.Null]
        )
    validate_papers(papers, required=("paper_id", "title", "abstract"))
    if acronyms not in ("auto", True, False):
        raise ValueError(f"acronyms must be 'auto', True or False, got {acronyms!r}")
    if not isinstance(max_words, int) or not 1 <= max_words <= 6:
        raise ValueError(f"max_words must be an integer from 1 to 6, got {max_words!r}")
    return papers


def _resolve_synonyms(papers: pl.DataFrame, synonyms: pl.DataFrame | None, acronyms: str | bool) -> pl.DataFrame | None:
    if synonyms is not None:
        if not isinstance(synonyms, pl.DataFrame):
            raise TypeError(f"synonyms must be a polars DataFrame [term, canonical], got {type(synonyms).__name__}")
        return synonyms
    if acronyms is False:
        return None
    found = _auto_synonyms(papers)
    if found is None and acronyms is True:
        raise ImportError("acronyms=True needs paperkit.acronyms (acronym_glossary, acronym_synonyms)")
    return found


def _scored_terms(papers, *, synonyms, acronyms, vocabulary, max_words, names=True) -> tuple:
    """``(scored, terms)``: the scored (doc, tid) rows on integer ids, and the term table (with
    ``names=False``, also ``name(tids)``: see :func:`_doc_terms`)."""
    syn = _resolve_synonyms(papers, synonyms, acronyms)
    doc_terms, terms, *name = _doc_terms(papers, synonyms=syn, vocabulary=vocabulary, max_words=max_words,
                                         names=names)
    scored = _scored(doc_terms, terms, papers.height).select("doc", "tid", "score", "tf", "tf_title", "first_pos")
    return (scored, terms, *name)


_PAPER_TERMS_SCHEMA = {"paper_id": pl.String(), "term": pl.String(), "key": pl.String(), "score": pl.Float64(),
                       "count": pl.UInt32(), "in_title": pl.Boolean(), "first_pos": pl.UInt32()}


def paper_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> pl.DataFrame:
    """Every candidate term of every paper with its score (data-driven topics per paper).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``); a null abstract is allowed.
    synonyms
        ``[term, canonical]``: surface forms folded into the canonical term (which is displayed;
        with an optional boolean column ``display_canonical`` false, the folded term is displayed
        in its most frequent spelling in the corpus instead, as for the automatic acronym folding).
    acronyms
        ``"auto"``: when ``synonyms`` is None, fold acronyms with their long forms using
        :func:`paperkit.acronyms.acronym_synonyms` if that module is available; ``False``: never;
        ``True``: required.
    vocabulary
        Keep only these terms (compared after folding); None keeps every candidate.
    max_words
        Longest candidate, in words (1-6).

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``term`` (display form), ``key`` (folding key), ``score`` (Float64),
        ``count`` (occurrences in title and abstract), ``in_title``, ``first_pos`` (token index
        of the first occurrence); sorted by paper and descending score.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"],
    ...     "title": ["Fine-tuning large language models", "Gaussian splatting for scenes"],
    ...     "abstract": ["We study fine tuning of LLMs.", None]})
    >>> paper_terms(papers, acronyms=False).filter(pl.col("paper_id") == "a")["term"].to_list()[:3]
    ['fine tuning', 'fine-tuning large language models', 'large language models']
    """
    papers = _check_common(papers, acronyms, max_words)
    if papers.height == 0:
        return pl.DataFrame(schema=_PAPER_TERMS_SCHEMA)
    scored, terms = _scored_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary,
                                  max_words=max_words)
    # ``tid`` and ``doc`` are row numbers of ``terms`` and ``papers``: gathers, not joins.
    rows = scored.sort(["doc", "score", "first_pos", "tid"], descending=[False, True, False, False])
    return (
        rows.with_columns(
            papers["paper_id"].gather(rows["doc"]).alias("paper_id"),
            terms["display"].gather(rows["tid"]).alias("display"), terms["key"].gather(rows["tid"]).alias("key"),
        )
        .select(
            "paper_id", pl.col("display").alias("term"), "key", pl.col("score").cast(pl.Float64),
            pl.col("tf").alias("count"), (pl.col("tf_title") > 0).alias("in_title"), "first_pos",
        )
    )


def _top_k(scored: pl.DataFrame, k: int) -> pl.DataFrame:
    """The ``k`` best rows of each ``doc`` by descending ``score`` (ties: the earlier row), with ``rank``.

    One stable sort on a packed 64-bit key (paper in the high half, the bits of the float32 score
    inverted in the low half: for positive floats the bit order is the number order). The rows
    come grouped by paper in first-occurrence order, so a tie goes to the term seen first.
    """
    import numpy as np

    score = scored["score"].cast(pl.Float32).to_numpy()
    packed = (scored["doc"].to_numpy().astype(np.uint64) << np.uint64(32)) | (~score.view(np.uint32)).astype(np.uint64)
    order = np.argsort(packed, kind="stable")
    doc = scored["doc"].to_numpy()[order]
    start = np.r_[True, doc[1:] != doc[:-1]]
    idx = np.arange(len(doc))
    rank = idx - np.maximum.accumulate(np.where(start, idx, 0)) + 1
    keep = rank <= k
    return pl.DataFrame({
        "doc": doc[keep], "tid": scored["tid"].to_numpy()[order[keep]],
        "score": scored["score"].to_numpy()[order[keep]], "rank": rank[keep].astype(np.uint32),
    })


def keyphrases(
    papers: pl.DataFrame,
    *,
    k: int = 10,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> pl.DataFrame:
    """The top ``k`` keyphrases of each paper, scored against the whole corpus.

    See the module notes for candidates, folding and the score; the other options are those of
    :func:`paper_terms`. Papers are processed 10,000 at a time; from three batches on, a progress
    bar shows on a terminal or in Jupyter.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``).
    k
        Keyphrases per paper (at most; short abstracts may have fewer candidates).

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``rank`` (UInt32, 1 = best), ``phrase`` (display form), ``score``;
        papers in input order, ranks ascending. Papers without any candidate have no rows.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2106.09685", "2305.14314", "2006.11239"],
    ...     "title": ["LoRA: Low-Rank Adaptation of Large Language Models",
    ...               "QLoRA: Efficient Finetuning of Quantized LLMs",
    ...               "Denoising Diffusion Probabilistic Models"],
    ...     "abstract": ["We propose Low-Rank Adaptation, or LoRA, which freezes the pretrained model "
    ...                  "weights and injects trainable rank decomposition matrices.",
    ...                  "We present QLoRA, an efficient finetuning approach for quantized language models.",
    ...                  "We present high quality image synthesis results using diffusion probabilistic models."]})
    >>> keyphrases(papers, k=2, acronyms=False).select("paper_id", "rank", "phrase").rows()
    [('2106.09685', 1, 'low-rank adaptation'), ('2106.09685', 2, 'trainable rank decomposition matrices'), ('2305.14314', 1, 'efficient finetuning'), ('2305.14314', 2, 'quantized language models'), ('2006.11239', 1, 'diffusion probabilistic models'), ('2006.11239', 2, 'denoising diffusion')]
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    papers = _check_common(papers, acronyms, max_words)
    if papers.height == 0:
        return pl.DataFrame(schema={"paper_id": pl.String(), "rank": pl.UInt32(), "phrase": pl.String(),
                                    "score": pl.Float64()})
    import numpy as np

    scored, _, name = _scored_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary,
                                    max_words=max_words, names=False)
    # Top k on integer ids first; only the terms returned are spelled.
    top = _top_k(scored, k)
    shown = np.unique(top["tid"].to_numpy())
    display = name(shown)["display"]
    # ``doc`` is the row number in ``papers``: gathers, not joins.
    return top.select(
        papers["paper_id"].gather(top["doc"]).alias("paper_id"), "rank",
        display.gather(np.searchsorted(shown, top["tid"].to_numpy())).alias("phrase"),
        pl.col("score").cast(pl.Float64),
    )


def _check_terms_frame(frame: pl.DataFrame, required: tuple[str, ...]) -> pl.DataFrame:
    """A precomputed :func:`paper_terms` frame, checked for the columns this caller needs."""
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"terms_frame must be a polars DataFrame from paper_terms(papers), got {type(frame).__name__}")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"terms_frame is missing column(s) {missing}; expected the frame of paper_terms(papers) "
                         f"with {list(required)}, got {frame.columns}")
    return frame


def _date_col(papers: pl.DataFrame, date: str) -> pl.Expr:
    if date not in ("digest_date", "published"):
        raise ValueError(f"date must be 'digest_date' or 'published', got {date!r}")
    if date not in papers.columns:
        raise ValueError(f"papers frame has no {date!r} column; pass date='digest_date' or date='published'")
    col = pl.col(date)
    return (col.dt.date() if papers.schema[date] != pl.Date else col).alias("date")


def keyword_terms(
    papers: pl.DataFrame,
    *,
    date: str = "digest_date",
    min_papers: int = 1,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    terms_frame: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The corpus term table: one row per folded term with its paper count and date range.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract`` and the ``date`` column).
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    min_papers
        Keep terms used by at least this many papers.
    synonyms, acronyms, vocabulary
        As in :func:`paper_terms`.
    terms_frame
        A precomputed :func:`paper_terms` frame of these papers: used as it is (no extraction;
        ``synonyms``, ``acronyms`` and ``vocabulary`` are then ignored).

    Returns
    -------
    polars.DataFrame
        ``term`` (display form), ``key``, ``papers`` (papers using it), ``occurrences``,
        ``mean_score`` (its mean per-paper score), ``first_date``, ``last_date``; sorted by
        descending ``papers`` then ``term``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LLM agents", "LLMs as judges"],
    ...     "abstract": ["Agents built on LLMs.", None], "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 3, 4)]})
    >>> keyword_terms(papers, acronyms=False).select("term", "papers", "first_date", "last_date").head(1).rows()
    [('LLMs', 2, datetime.date(2025, 1, 2), datetime.date(2025, 3, 4))]
    """
    date_expr = _date_col(papers, date)
    if terms_frame is not None:
        terms = _check_terms_frame(terms_frame, ("paper_id", "term", "key", "score", "count"))
    else:
        terms = paper_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary)
    dates = papers.select("paper_id", date_expr).unique("paper_id")
    return (
        terms.join(dates, on="paper_id", how="left")
        .group_by("key")
        .agg(
            pl.col("term").first(),
            pl.col("paper_id").n_unique().cast(pl.UInt32).alias("papers"),
            pl.col("count").sum().alias("occurrences"),
            pl.col("score").mean().alias("mean_score"),
            pl.col("date").min().alias("first_date"),
            pl.col("date").max().alias("last_date"),
        )
        .filter(pl.col("papers") >= min_papers)
        .sort(["papers", "term"], descending=[True, False])
        .select("term", "key", "papers", "occurrences", "mean_score", "first_date", "last_date")
    )


def keyword_trends(
    papers: pl.DataFrame,
    *,
    terms: list[str] | None = None,
    every: str = "1mo",
    date: str = "digest_date",
    top: int = 20,
    min_papers: int = 1,
    terms_frame: pl.DataFrame | None = None,
    synonyms: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Papers using each term per period, as counts and shares of the period's papers.

    A thin wrapper: :func:`paper_terms` (acronyms folded with their long forms when the
    glossary allows) then :func:`paperkit.trends.term_shares`.

    Parameters
    ----------
    papers
        A papers frame with ``paper_id``, ``title``, ``abstract`` and the ``date`` column.
    terms
        Terms to follow, in any spelling: "RL" and "reinforcement learning", "LLM" and "large
        language models", "chain of thought" and "chain-of-thought" give the same line
        (:func:`paperkit.trends.lookup_terms`), reported under the corpus's own display form.
        A term that matches nothing warns with the closest known terms
        (:class:`paperkit.trends.TermNotFoundWarning`). None takes the ``top`` topical terms by
        papers (:func:`paperkit.trends.topical_terms`).
    every
        Period length for ``polars.Expr.dt.truncate``: ``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``,
        ``"1y"``.
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    top
        Number of terms when ``terms`` is None.
    min_papers
        Periods with fewer papers get a null share (too thin to read).
    terms_frame
        A precomputed :func:`paper_terms` frame of these papers (e.g. from a report that also
        shows it): used instead of extracting the terms again.
    synonyms
        ``[term, canonical]`` folded in the terms (as for :func:`paper_terms`); None uses the
        acronym glossary of the papers (computed only when needed with ``terms_frame``).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`paperkit.trends.term_shares`: ``term``, ``period``,
        ``period_end``, ``papers_with_term``, ``papers`` (the denominator), ``share``,
        ``partial``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["LLM agents", "Diffusion models", "LLM judges"],
    ...     "abstract": [None, None, None],
    ...     "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 1, 9), dt.date(2025, 3, 4)]})
    >>> keyword_trends(papers, terms=["LLMs"]).select("term", "period", "papers_with_term", "papers", "share").rows()
    [('LLM', datetime.date(2025, 1, 1), 1, 2, 0.5), ('LLM', datetime.date(2025, 2, 1), 0, 0, None), ('LLM', datetime.date(2025, 3, 1), 1, 1, 1.0)]
    """
    from paperkit.trends import lookup_terms, term_shares

    _date_col(papers, date)
    if terms is not None and (isinstance(terms, str) or not all(isinstance(t, str) for t in terms)):
        raise TypeError(f"terms must be a list of strings, got {terms!r}")
    if terms_frame is None:
        synonyms = _resolve_synonyms(_check_common(papers, "auto", MAX_WORDS), synonyms, "auto")
        found = paper_terms(papers, synonyms=synonyms)
    else:
        found = _check_terms_frame(terms_frame, ("paper_id", "term"))
        if terms is not None and synonyms is None and "key" in found.columns:
            # A long form or an acronym the frame does not spell: look it up through the glossary.
            if lookup_terms(found, list(terms))["key"].null_count():
                synonyms = _auto_synonyms(papers)
    return term_shares(found, papers, terms=None if terms is None else list(terms), top=top, every=every,
                       date=date, min_papers=min_papers, synonyms=synonyms)
