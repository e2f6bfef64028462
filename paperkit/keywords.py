"""Keyphrases per paper, the corpus term table and keyword counts over time.

Candidates
----------
A candidate is a run of 1 to 4 words inside one sentence piece (punctuation, numbers, verbs of
the genre and topic-free words break a run) that neither starts nor ends with a stopword (an
English function word from :func:`paperkit.text.stopwords`). Words in ``-ly`` are adverbs,
``-ed`` participles and adjectives may start but not end a phrase, generic head nouns
("method", "model") may end a phrase but never start one or stand alone. Variants fold to one
key with :func:`paperkit.text.fold_key` (case, plural, hyphen/space) and, when a synonym table
is given or :mod:`paperkit.acronyms` is available, acronyms fold with their long forms ("LoRA"
and "low-rank adaptation"; only unambiguous glossary entries defined in at least two papers).
A term is displayed as its most frequent spelling in the corpus.

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
  ``-ing``/``-ed`` endings, digits.

The weights :data:`WEIGHTS` were fitted with a listwise (softmax) loss on the even-numbered
Inspec DEV ids only (``benchmarks/bench_keywords.py tune``); the odd ids are held out.

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

from paperkit.normalize import validate_papers
from paperkit.text import TOKEN_PATTERN, fold_key_expr, stopwords, token_frame

__all__ = [
    "keyphrases",
    "keyword_terms",
    "keyword_trends",
    "paper_terms",
]

#: Joining words allowed inside a candidate phrase.
INNER_WORDS: tuple[str, ...] = ()
MAX_WORDS = 4

# What a token may do in a candidate (bit flags).
_START, _END, _INNER, _SINGLE = 1, 2, 4, 8
_ANY = _START | _END | _INNER | _SINGLE
# Generic words that end a phrase ("case study") but never start one ("study X" is a verb).
_END_ONLY = ["study", "studies", "research", "result", "results", "evaluation", "issue", "issues"]
# Adjectives: they start or join a phrase ("large language models") but never end one.
_ADJECTIVES = ["large", "small", "high", "low", "deep", "new", "real", "big", "long", "short", "fast", "slow",
               "good", "better", "best", "different", "efficient", "robust", "accurate", "multiple", "single",
               "recent", "specific", "simple", "various", "diverse", "dense", "sparse", "open", "joint", "free",
               "certain", "common", "few", "full", "higher", "lower", "larger", "smaller", "wide", "strong",
               "weak", "hard", "soft", "easy", "rich", "fine", "coarse", "main", "whole", "low-rank", "pretrained",
               "pre-trained", "fine-grained", "large-scale", "small-scale", "high-quality", "open-source",
               "state-of-the-art", "multimodal", "multi-modal", "zero-shot", "few-shot", "end-to-end"]
# Adjective suffixes (-ous, -ful, -ive, -able, -ible, -al) and the nouns that share them.
_ADJ_SUFFIX = r"^[a-z][a-z-]{2,}(?:ous|ful|ive|able|ible|al)$"
_ADJ_SUFFIX_NOUNS = ["signal", "interval", "potential", "tutorial", "proposal", "retrieval", "terminal", "material",
                     "journal", "manual", "animal", "approval", "arrival", "removal", "rival", "survival", "capital",
                     "chemical", "hospital", "trial", "portal", "total", "metal", "crystal", "festival", "objective",
                     "alternative", "primitive", "derivative", "directive", "incentive", "initiative", "archive",
                     "detective", "executive", "representative", "variable", "table", "cable", "observable",
                     "deliverable", "vegetable", "principal", "individual", "professional", "criminal", "mineral",
                     "referral", "rehearsal", "reversal", "withdrawal", "denial", "dial", "goal", "deal", "meal",
                     "seal", "vial", "appraisal", "disposal", "burial", "perceptual", "spiral", "fractal", "integral",
                     "differential", "polynomial", "orbital", "industrial", "editorial", "residual", "tensorial"]
# Adverbs in -ly that are nouns or adjectives of topics.
_LY_NOUNS = ["family", "assembly", "anomaly", "supply", "reply", "apply", "poly", "monopoly", "italy", "july",
             "only", "early", "daily", "weekly", "monthly", "yearly", "friendly", "holy", "lily", "rely", "fly",
             "ply", "jolly", "bully", "belly", "ally", "tally", "rally", "multiply", "imply", "comply"]


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

    Links and inline TeX become a comma, so they break candidate runs.
    """
    clean = lambda c: pl.col(c).fill_null("").str.replace_all(_URL_OR_MATH, " , ")  # noqa: E731
    return papers.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"),
        clean("title").alias("title"),
        clean("abstract").alias("abstract"),
    ).select(
        "doc",
        pl.concat_str(pl.col("title"), pl.lit(" \n "), pl.col("abstract")).alias("text"),
        pl.col("title").str.count_matches(TOKEN_PATTERN).cast(pl.UInt32).alias("title_len"),
    )


def _vocabulary(tokens: pl.DataFrame, *, inner: tuple[str, ...]) -> pl.DataFrame:
    """One row per distinct token: ``token``, ``flags`` (what it may do in a candidate: start,
    end, stand inside, stand alone), ``wid`` (hash of its folded key), ``wkey``, ``surface``
    (display case: acronyms and mixed case kept, the rest lower-cased) and ``sid``."""
    english = sorted(stopwords("english") - set(inner))
    topic_free = sorted(stopwords("abstracts") | stopwords("verbs"))
    generic = sorted(stopwords("generic"))
    tok = pl.col("token")
    low = tok.str.to_lowercase()
    is_word = tok.str.contains(r"\p{L}") & (tok.str.len_chars() > 1)
    adverb = low.str.contains(r"^[a-z]{3,}ly$") & ~low.is_in(_LY_NOUNS)
    # Participles in -ed start or join a phrase ("supervised learning") but never end one.
    participle = low.str.contains(r"^[a-z]{3,}[^e]ed$") & ~tok.str.contains(r"\p{Lu}.*\p{Lu}")
    acronym = tok.str.contains(r"^\p{Lu}[\p{Lu}\d]+$")
    flags = (
        pl.when(~is_word | (low.is_in(english) & ~acronym) | low.is_in(topic_free))
        .then(pl.lit(0, pl.UInt8))
        .when(adverb)
        .then(pl.lit(_START | _INNER, pl.UInt8))
        .when(low.is_in(list(inner)))
        .then(pl.lit(_INNER, pl.UInt8))
        .when(low.is_in(_END_ONLY))
        .then(pl.lit(_END | _INNER, pl.UInt8))
        .when(low.is_in(generic))
        .then(pl.lit(_START | _END | _INNER, pl.UInt8))
        .when(participle | low.is_in(_ADJECTIVES) | (low.str.contains(_ADJ_SUFFIX) & ~low.is_in(_ADJ_SUFFIX_NOUNS)))
        .then(pl.lit(_START | _INNER, pl.UInt8))
        .otherwise(pl.lit(_ANY, pl.UInt8))
    )
    # Keep the case of acronyms and mixed-case names (LoRA, GPT-4, LLMs); "Low-Rank" is lower-cased.
    plain = tok.str.contains(r"^\p{Lu}?[\p{Ll}\d]*(?:[-'’]\p{Lu}?[\p{Ll}\d]*)*$")
    surface = pl.when(plain).then(low).otherwise(tok)
    n_background, background = _background_df()
    vocab = tokens.select(tok.unique()).with_columns(
        flags.alias("flags"),
        fold_key_expr(tok).alias("wkey"),
        surface.alias("surface"),
        low.alias("_low"),
    )
    vocab = vocab.join(background, left_on="_low", right_on="word", how="left").with_columns(
        ((n_background + 1.0) / (pl.col("bg_df").fill_null(0).cast(pl.Float64) + 1.0)).log().alias("bg_idf"),
        pl.col("_low").str.contains(r"(?:ing|ed)$").alias("inged"),
        pl.col("_low").is_in(generic).alias("generic"),
        tok.str.contains(r"\d").alias("digit"),
    )
    return vocab.drop("_low", "bg_df").with_columns(
        pl.col("wkey").hash(11).alias("wid"), pl.col("surface").hash(13).alias("sid")
    )


def _occurrences(
    docs: pl.DataFrame, *, max_words: int = MAX_WORDS, inner: tuple[str, ...] = INNER_WORDS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every candidate occurrence, with integer ids only (fast on large corpora).

    Returns ``(occ, tokens)``: ``occ`` has ``doc, pos, row, n, kid`` (UInt64 hash of the folded
    words), ``sid`` (hash of the spelling), ``in_title``, ``maximal``; ``tokens`` has one row per
    token (``row`` = its index): ``doc, pos, flags, wid, in_title, token, surface, wkey`` and the
    word attributes of :func:`_vocabulary` (``bg_idf, inged, generic, digit``), so that a
    candidate is spelled by rows ``row .. row + n - 1``.
    """
    tokens = token_frame(docs)
    vocab = _vocabulary(tokens, inner=inner).with_row_index("vid")
    # Strings stay in the vocabulary; each token row keeps the integer ``vid`` only.
    tokens = (
        tokens.join(vocab.drop("surface", "wkey"), on="token", how="left", maintain_order="left")
        .drop("token")
        .join(docs.select("doc", "title_len"), on="doc", how="left", maintain_order="left")
        .with_columns((pl.col("pos") < pl.col("title_len")).alias("in_title"))
        .drop("title_len")
        .with_row_index("row")
    )
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
        return cond

    lazy = tokens.lazy().select(
        "doc", "pos", "row", "flags", "in_title",
        *[pl.col("wid").shift(-j).alias(f"_w{j}") for j in range(max_words)],
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
                pl.struct([f"_w{j}" for j in range(n)]).hash(7).alias("kid"),
                pl.struct([f"_s{j}" for j in range(n)]).hash(7).alias("sid"),
                "in_title", "maximal",
            )
        )
    occ = pl.concat(pl.collect_all(frames))
    return occ, tokens, vocab.select("vid", "surface", "wkey")


def _spell(rows: pl.DataFrame, tokens: pl.DataFrame, vocab: pl.DataFrame, *, column: str, separator: str) -> pl.Series:
    """Spell candidates given by ``row`` (first token) and ``n`` from the token frame."""
    vid = tokens["vid"]
    col = vocab.sort("vid")[column]
    starts = rows["row"].cast(pl.Int64)
    parts = []
    for j in range(int(rows["n"].max() or 1)):
        idx = (starts + j).clip(upper_bound=len(vid) - 1)
        part = col.gather(vid.gather(idx))
        parts.append(part)
    frame = pl.DataFrame({f"p{j}": p for j, p in enumerate(parts)}).with_columns(n=rows["n"])
    exprs = [pl.when(pl.col("n") > j).then(pl.col(f"p{j}")) for j in range(len(parts))]
    return frame.select(pl.concat_str(exprs, separator=separator, ignore_nulls=True).alias(column)).to_series()


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
    table = synonyms.select(
        fold_key_expr(pl.col("term")).alias("key"),
        fold_key_expr(pl.col("canonical")).alias("canonical_key"),
        pl.col("canonical"),
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
        return acronym_synonyms(glossary).select("term", "canonical")
    except Exception:  # noqa: BLE001 - a failing optional helper must not break keywords
        return None


#: Papers tokenized at a time; the per-paper work runs batch by batch so memory stays flat.
BATCH_PAPERS = 20_000
#: Co-occurrence window of the word graph (tokens), damping and iterations of its PageRank.
WINDOW, DAMPING, ITERATIONS = 3, 0.85, 20


def _word_rank(tokens: pl.DataFrame) -> pl.DataFrame:
    """Position-biased PageRank of the candidate words of each document (PositionRank).

    Nodes are the distinct (document, word) pairs of tokens that may take part in a candidate;
    an edge joins two of them that occur within :data:`WINDOW` tokens; the teleport vector of a
    document is proportional to the sum of ``1 / (position + 1)`` of the word's occurrences. All
    documents are solved at once as one block-diagonal sparse matrix (power iteration).

    Returns the token rows of candidate words: ``row``, ``pr`` (word score, summing to 1 per
    document), ``wtf`` (word frequency in the document), ``wtitle`` (word seen in the title).
    """
    import numpy as np
    import scipy.sparse as sp

    words = tokens.filter(pl.col("flags") > 0).select(
        "row", "doc", "pos", "in_title", (pl.col("wid") ^ pl.col("doc").cast(pl.UInt64).hash(5)).alias("_pair")
    )
    _, node = np.unique(words["_pair"].to_numpy(), return_inverse=True)
    words = words.drop("_pair").with_columns(pl.Series("node", node.astype(np.int64)))
    if words.height == 0:
        return pl.DataFrame(schema={"row": pl.UInt32(), "pr": pl.Float64(), "wtf": pl.UInt32(), "wtitle": pl.Boolean()})
    nodes = words.group_by("node").agg(
        pl.col("doc").first(),
        (1.0 / (pl.col("pos").cast(pl.Float64) + 1.0)).sum().alias("bias"),
        pl.len().cast(pl.UInt32).alias("wtf"),
        pl.col("in_title").any().alias("wtitle"),
    ).sort("node")
    m = nodes.height
    pairs = []
    for j in range(1, WINDOW):
        pairs.append(
            words.select(
                "node",
                pl.col("node").shift(-j).alias("other"),
                ((pl.col("doc").shift(-j) == pl.col("doc")) & (pl.col("pos").shift(-j) - pl.col("pos") < WINDOW)).alias("ok"),
            ).filter(pl.col("ok") & (pl.col("node") != pl.col("other")))
        )
    edges = pl.concat(pairs)
    a = edges["node"].to_numpy()
    b = edges["other"].to_numpy().astype(np.int64)
    adj = sp.csr_matrix((np.ones(2 * len(a)), (np.r_[a, b], np.r_[b, a])), shape=(m, m))
    deg = np.asarray(adj.sum(axis=1)).ravel()
    deg[deg == 0] = 1.0
    walk = (adj.multiply(1.0 / deg[:, None])).T.tocsr()
    doc_of = nodes["doc"].to_numpy()
    _, doc_idx = np.unique(doc_of, return_inverse=True)
    bias = nodes["bias"].to_numpy()
    bias = bias / np.bincount(doc_idx, weights=bias)[doc_idx]
    x = bias.copy()
    for _ in range(ITERATIONS):
        x = (1.0 - DAMPING) * bias + DAMPING * (walk @ x)
    nodes = nodes.with_columns(pl.Series("pr", x))
    return words.select("row", "node").join(
        nodes.select("node", "pr", "wtf", "wtitle"), on="node", how="left"
    ).drop("node")


def _word_features(per_kid: pl.DataFrame, tokens: pl.DataFrame, words: pl.DataFrame) -> pl.DataFrame:
    """Add the word features of each candidate (its words at rows ``row .. row + n - 1``)."""
    import numpy as np

    size = tokens.height
    # Token rows are 0..size-1 in order, so attributes are arrays indexed by row.
    cols = {c: tokens[c].fill_null(0).cast(pl.Float64).to_numpy() for c in ("bg_idf", "inged", "generic", "digit")}
    at = words["row"].cast(pl.Int64).to_numpy()
    for c in ("pr", "wtf", "wtitle"):
        arr = np.zeros(size)
        arr[at] = words[c].cast(pl.Float64).to_numpy()
        cols[c] = arr
    start = per_kid["row"].cast(pl.Int64).to_numpy()
    n = per_kid["n"].cast(pl.Int64).to_numpy()
    width = int(n.max()) if len(n) else 1
    idx = np.minimum(start[:, None] + np.arange(width)[None, :], size - 1)
    mask = np.arange(width)[None, :] < n[:, None]
    last = start + n - 1
    out = {}
    pr = np.where(mask, cols["pr"][idx], 0.0)
    pr_floor = 1e-9
    out["lspos"] = np.log(pr.sum(1) + pr_floor)
    out["lmpos"] = np.log(pr.sum(1) / n + pr_floor)
    out["lprl"] = np.log(cols["pr"][last] + pr_floor)
    out["lprm"] = np.log(pr.max(1) + pr_floor)
    bg = cols["bg_idf"][idx]
    out["bg_min"] = np.where(mask, bg, np.inf).min(1)
    out["bg_mean"] = np.where(mask, bg, 0.0).sum(1) / n
    out["bg_first"] = cols["bg_idf"][start]
    out["bg_last"] = cols["bg_idf"][last]
    out["lastgen"] = cols["generic"][last]
    out["first_inged"] = cols["inged"][start]
    out["last_inged"] = cols["inged"][last]
    out["digit"] = np.where(mask, cols["digit"][idx], 0.0).max(1)
    wtf = np.where(mask, cols["wtf"][idx], 0.0)
    out["lwm"] = np.log(np.maximum(wtf.sum(1) / n, 1.0))
    out["lwf"] = np.log(np.maximum(cols["wtf"][start], 1.0))
    out["lwl"] = np.log(np.maximum(cols["wtf"][last], 1.0))
    out["wtit"] = np.where(mask, cols["wtitle"][idx], 0.0).max(1)
    return per_kid.with_columns([pl.Series(k, v) for k, v in out.items()])


_WORD_FEATURES = ("lspos", "lmpos", "lprl", "lprm", "bg_min", "bg_mean", "bg_first", "bg_last", "lastgen",
                  "first_inged", "last_inged", "digit", "lwm", "lwf", "lwl", "wtit")


def _batch_terms(docs: pl.DataFrame, *, max_words: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-(paper, candidate) statistics of one batch of documents, and its spellings."""
    occ, tokens, vocab = _occurrences(docs, max_words=max_words)
    per_kid = (
        occ.lazy()
        .group_by("doc", "kid")
        .agg(
            pl.len().cast(pl.UInt32).alias("tf"),
            pl.col("in_title").sum().cast(pl.UInt32).alias("tf_title"),
            pl.col("pos").min().alias("first_pos"),
            pl.col("maximal").sum().cast(pl.UInt32).alias("tf_max"),
            pl.col("n").first(),
            pl.col("row").first(),
        )
        .collect()
    )
    per_kid = _word_features(per_kid, tokens, _word_rank(tokens))
    # Spellings: how often each (candidate, spelling) occurs, spelled once.
    kinds = occ.group_by("kid", "sid").agg(pl.len().cast(pl.UInt32).alias("_c"), pl.col("row").first(), pl.col("n").first())
    kinds = kinds.with_columns(
        _spell(kinds, tokens, vocab, column="wkey", separator="").alias("key"),
        _spell(kinds, tokens, vocab, column="surface", separator=" ").alias("display"),
    ).drop("row")
    return per_kid.drop("row"), kinds


def _doc_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-(paper, term) statistics and the term table of the corpus.

    Papers are processed :data:`BATCH_PAPERS` at a time (tokens, candidates, word graph); only
    the compact per-(paper, candidate) rows are kept and joined on integer ids at the end.

    Returns ``(doc_terms, terms)``: ``doc_terms`` has ``doc, tid, tf, tf_title, first_pos,
    max_share, n`` and the word features; ``terms`` has ``tid, key, display, df, occurrences``.
    """
    docs = _docs(papers)
    parts, spellings = [], []
    for offset in range(0, docs.height, BATCH_PAPERS):
        per_kid, kinds = _batch_terms(docs.slice(offset, BATCH_PAPERS), max_words=max_words)
        parts.append(per_kid)
        spellings.append(kinds)
    per_kid = pl.concat(parts)
    kinds = pl.concat(spellings)
    if len(spellings) > 1:
        kinds = kinds.group_by("kid", "sid").agg(pl.col("_c").sum(), pl.col("n").first(), pl.col("key").first(), pl.col("display").first())
    # Every spelling of a candidate key with its corpus count; the display of a term is its most
    # frequent spelling over the corpus (synonyms fold keys, the most frequent surface still wins).
    forms = kinds.group_by("kid").agg(pl.col("key").first(), pl.col("n").first())
    syn = _synonym_map(synonyms)
    if syn.height:
        forms = forms.join(syn.select("key", "canonical_key"), on="key", how="left").with_columns(
            pl.coalesce("canonical_key", "key").alias("key")
        ).drop("canonical_key")
    if vocabulary is not None:
        wanted = pl.DataFrame({"v": list(vocabulary)}, schema={"v": pl.String()}).select(
            fold_key_expr(pl.col("v")).alias("key")
        )
        forms = forms.join(wanted.unique(), on="key", how="semi")
    forms = forms.with_columns(pl.col("key").rank("dense").cast(pl.UInt32).alias("tid"))
    words = list(_WORD_FEATURES)
    doc_terms = (
        per_kid.lazy()
        .join(forms.lazy().select("kid", "tid"), on="kid", how="inner")
        .sort("tf", descending=True)
        .group_by("doc", "tid")
        .agg(
            pl.col("tf").sum(),
            pl.col("tf_title").sum(),
            pl.col("first_pos").min(),
            (pl.col("tf_max").sum() / pl.col("tf").sum()).alias("max_share"),
            pl.col("n").max(),
            *[pl.col(c).first() for c in words],
        )
        .collect()
    )
    surface = kinds.join(forms.select("kid", "tid"), on="kid", how="inner")
    if syn.height:
        # A canonical form never seen in the corpus still displays when it is the only name.
        surface = pl.concat([
            surface.select("tid", "display", "_c"),
            forms.join(syn.unique("canonical_key").select(pl.col("canonical_key").alias("key"), "canonical"), on="key")
            .select("tid", pl.col("canonical").alias("display"), pl.lit(0, pl.UInt32).alias("_c")),
        ])
    names = (
        surface.group_by("tid", "display").agg(pl.col("_c").sum())
        .sort(["_c", "display"], descending=[True, False])
        .group_by("tid").agg(pl.col("display").first())
    )
    terms = (
        doc_terms.group_by("tid")
        .agg(pl.len().cast(pl.UInt32).alias("df"), pl.col("tf").sum().alias("occurrences"))
        .join(forms.group_by("tid").agg(pl.col("key").first()), on="tid", how="left")
        .join(names, on="tid", how="left")
    )
    return doc_terms, terms


#: Weights of the score (a log-linear ranking model), fitted with a listwise (softmax) loss on the
#: even-numbered Inspec DEV ids only: ``benchmarks/bench_keywords.py tune``.
WEIGHTS = {
    "ltf": 0.3763, "idf": 0.0762, "n1": -1.9481, "n2": 0.4862, "n3": 0.4256, "mx": 0.8494,
    "nomx": -0.9369, "tit": -0.0809, "lfp": -0.1847, "df1": -0.2754, "n1idf": 0.2817, "n1tf": -0.1428,
    "nlspos": -0.0858, "lspos": 0.3474, "lmpos": -0.3671, "lprl": -0.1562, "lprm": 0.2445, "bg_min": 0.0169,
    "bg_mean": 0.0128, "bg_first": 0.0385, "bg_last": -0.0231, "lastgen": -0.0652, "first_inged": -0.2452, "last_inged": 0.0624,
    "digit": -0.5038, "lwm": -0.1777, "lwf": 0.0387, "lwl": 0.2374, "wtit": 0.0357,
}


def _features(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """The phrase features of the score, next to the word features already in ``doc_terms``."""
    idf = ((n_docs + 1.0) / (pl.col("df").cast(pl.Float64) + 0.5)).log()
    n = pl.col("n")
    ltf = pl.col("tf").cast(pl.Float64).log()
    return doc_terms.join(terms.select("tid", "df"), on="tid", how="left").with_columns(
        ltf.alias("ltf"),
        idf.alias("idf"),
        (n == 1).cast(pl.Float64).alias("n1"),
        (n == 2).cast(pl.Float64).alias("n2"),
        (n == 3).cast(pl.Float64).alias("n3"),
        pl.col("max_share").alias("mx"),
        (pl.col("max_share") == 0).cast(pl.Float64).alias("nomx"),
        (pl.col("tf_title") > 0).cast(pl.Float64).alias("tit"),
        (pl.col("first_pos").cast(pl.Float64) + 1.0).log().alias("lfp"),
        (pl.col("df") == 1).cast(pl.Float64).alias("df1"),
        ((n == 1).cast(pl.Float64) * idf).alias("n1idf"),
        ((n == 1).cast(pl.Float64) * ltf).alias("n1tf"),
        (n.cast(pl.Float64) * pl.col("lspos")).alias("nlspos"),
    )


def _scored(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int, weights: dict | None = None) -> pl.DataFrame:
    """Add ``score`` to ``doc_terms``: ``exp`` of the weighted sum of the features."""
    w = WEIGHTS if weights is None else weights
    feats = _features(doc_terms, terms, n_docs)
    linear = pl.sum_horizontal([float(v) * pl.col(k) for k, v in w.items()]) if w else pl.lit(0.0)
    return feats.with_columns(linear.exp().alias("score"))


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


def _scored_terms(papers, *, synonyms, acronyms, vocabulary, max_words) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(scored, terms)``: the scored (doc, tid) rows on integer ids, and the term table."""
    syn = _resolve_synonyms(papers, synonyms, acronyms)
    doc_terms, terms = _doc_terms(papers, synonyms=syn, vocabulary=vocabulary, max_words=max_words)
    scored = _scored(doc_terms, terms, papers.height).select("doc", "tid", "score", "tf", "tf_title", "first_pos")
    return scored, terms


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
        ``[term, canonical]``: surface forms folded into the canonical term (which is displayed).
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
    ids = papers.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), pl.col("paper_id"))
    return (
        scored.sort(["doc", "score", "tid"], descending=[False, True, False])
        .join(terms.select("tid", "display", "key"), on="tid", how="left", maintain_order="left")
        .join(ids, on="doc", how="left", maintain_order="left")
        .select(
            "paper_id", pl.col("display").alias("term"), "key", pl.col("score").cast(pl.Float64),
            pl.col("tf").alias("count"), (pl.col("tf_title") > 0).alias("in_title"), "first_pos",
        )
    )


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
    :func:`paper_terms`.

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
    [('2106.09685', 1, 'low-rank adaptation'), ('2106.09685', 2, 'trainable rank decomposition matrices'), ('2305.14314', 1, 'quantized LLMs'), ('2305.14314', 2, 'quantized language models'), ('2006.11239', 1, 'diffusion probabilistic models'), ('2006.11239', 2, 'denoising diffusion probabilistic models')]
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    papers = _check_common(papers, acronyms, max_words)
    if papers.height == 0:
        return pl.DataFrame(schema={"paper_id": pl.String(), "rank": pl.UInt32(), "phrase": pl.String(),
                                    "score": pl.Float64()})
    scored, terms = _scored_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary,
                                  max_words=max_words)
    # Top k on integer ids first; strings are joined to the k rows per paper only.
    top = (
        scored.lazy()
        .select("doc", "tid", "score")
        .sort(["doc", "score", "tid"], descending=[False, True, False])
        .group_by("doc", maintain_order=True)
        .head(k)
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("doc").alias("rank"))
        .collect()
    )
    ids = papers.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), pl.col("paper_id"))
    return (
        top.join(terms.select("tid", "display"), on="tid", how="left", maintain_order="left")
        .join(ids, on="doc", how="left", maintain_order="left")
        .select("paper_id", "rank", pl.col("display").alias("phrase"), pl.col("score").cast(pl.Float64))
    )


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
) -> pl.DataFrame:
    """Papers using each term per period, as counts and shares of the period's papers.

    A thin wrapper: :func:`paper_terms` (acronyms folded when available) then
    :func:`paperkit.trends.term_shares`.

    Parameters
    ----------
    papers
        A papers frame with ``paper_id``, ``title``, ``abstract`` and the ``date`` column.
    terms
        Terms to follow (folded like the candidates, so "LLM" also counts "large language
        models" when acronyms fold); None takes the ``top`` terms by papers.
    every
        Period length for ``polars.Expr.dt.truncate``: ``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``,
        ``"1y"``.
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    top
        Number of terms when ``terms`` is None.
    min_papers
        Periods with fewer papers get a null share (too thin to read).

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
    >>> keyword_trends(papers, terms=["LLM"]).select("term", "period", "papers_with_term", "papers", "share").rows()
    [('LLM', datetime.date(2025, 1, 1), 1, 2, 0.5), ('LLM', datetime.date(2025, 2, 1), 0, 0, None), ('LLM', datetime.date(2025, 3, 1), 1, 1, 1.0)]
    """
    from paperkit.trends import term_shares

    _date_col(papers, date)
    if terms is not None:
        if isinstance(terms, str) or not all(isinstance(t, str) for t in terms):
            raise TypeError(f"terms must be a list of strings, got {terms!r}")
        wanted = pl.DataFrame({"term": list(terms)}, schema={"term": pl.String()}).with_columns(
            fold_key_expr(pl.col("term")).alias("key")
        )
        found = paper_terms(papers, vocabulary=list(terms))
        # Report the caller's spelling, so absent terms still get rows (zeros).
        found = found.drop("term").join(wanted, on="key", how="inner")
        return term_shares(found, papers, terms=list(terms), every=every, date=date, min_papers=min_papers)
    found = paper_terms(papers)
    return term_shares(found, papers, top=top, every=every, date=date, min_papers=min_papers)
