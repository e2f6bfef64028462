"""Fragments and near-duplicates: terms that are parts of, or stand in for, other terms.

Every candidate of a paper is a term, so the words inside a longer term are terms too
("reinforcement" inside "reinforcement learning", "large language" inside "large language
models"). :func:`term_containment` measures, per term, the share of its papers that use it
*only* inside a longer term (per paper, from the counts and positions of
:func:`paperkit.keywords.paper_terms`); :func:`term_table_containment` is its corpus-level,
linear-cost estimate from papers per term, and :func:`fragment_terms` lists the terms whose
ratio is at least a threshold. :func:`paperkit.trends.rising_terms` drops terms with a ratio of
at least 0.8 by default (``drop_inside=0.8``), and the report's keyword sections do the same.

:func:`near_duplicates` finds the terms of a ranked list that name nearly the same papers as a
term before them ("reinforcement" after "RL").
"""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.shortforms import is_acronym_expr
from paperkit.deprecation import renamed_keywords
from paperkit.frames import validate
from paperkit.keywords.candidates import stopwords
from paperkit.text import fold_key_expr, word_key_expr
from paperkit.trends.terms import count_slices, papers_per_term, term_keys, term_rows

__all__ = ["CONTAINMENT_SCHEMA", "NEAR_DUPLICATE_BATCH", "concept_key", "containment_from_table", "fragment_terms", "near_duplicates",
           "term_containment", "term_table_containment"]

#: A word of a term, as :data:`paperkit.text.TOKEN_PATTERN` reads it (inner hyphens and apostrophes kept).
_WORD = r"\w+(?:[-'’]\w+)*"
#: Terms :func:`near_duplicates` compares with all earlier terms in one sparse product.
NEAR_DUPLICATE_BATCH = 1000

#: Columns of :func:`term_table_containment`.
CONTAINMENT_SCHEMA = {"term": pl.String(), "papers": pl.UInt32(), "container": pl.String(),
                      "container_papers": pl.UInt32(), "inside_ratio": pl.Float64()}


@renamed_keywords(paper_terms="terms_frame")
def term_containment(terms_frame: pl.DataFrame, *, span: int = 3) -> pl.DataFrame:
    """Per term: the share of its papers in which it occurs only inside a longer term.

    In paper :math:`d`, term :math:`t` counts as *inside* when a longer term :math:`s` of the
    same paper covers every use of it: either the folded words of :math:`t` are a contiguous
    part of those of :math:`s` ("reinforcement" in "reinforcement learning framework") and
    :math:`s` occurs at least as often, or :math:`s` is a one-word acronym (an acronym may
    stand for its long form, "RL" for "reinforcement learning"), occurs at least as often, and
    its first use starts at most ``span`` tokens before the first use of :math:`t`. The ratio
    ``papers_inside / papers`` near 1 marks a *fragment* of a longer term ("large language",
    "reinforcement", "project" of "project page").

    Parameters
    ----------
    terms_frame
        :func:`paperkit.keywords.paper_terms` output: ``paper_id``, ``term``, ``count``,
        ``first_pos`` (token index of the first use).
    span
        Largest distance in tokens between an acronym's first use and the term's (long forms
        have at most 4 words).

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32), ``papers_inside`` (UInt32), ``inside_ratio`` (Float64);
        sorted by term.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "a", "b", "b"],
    ...     "term": ["reinforcement learning framework", "reinforcement", "agents", "reinforcement", "agents"],
    ...     "count": [2, 2, 1, 1, 3], "first_pos": [0, 0, 5, 3, 0]})
    >>> term_containment(pt).rows()
    [('agents', 2, 0, 0.0), ('reinforcement', 2, 1, 0.5), ('reinforcement learning framework', 1, 0, 0.0)]
    """
    validate(terms_frame, "terms", needed_by="term_containment", columns=("paper_id", "term", "count", "first_pos"))
    if not isinstance(span, int) or span < 0:
        raise ValueError(f"span must be a non-negative integer, got {span!r}")
    schema = {"term": pl.String(), "papers": pl.UInt32(), "papers_inside": pl.UInt32(), "inside_ratio": pl.Float64()}
    if terms_frame.height == 0:
        return pl.DataFrame(schema=schema)
    pt = (
        terms_frame.select("paper_id", "term", pl.col("count").cast(pl.Int64), pl.col("first_pos").cast(pl.Int64))
        .group_by("paper_id", "term").agg(pl.col("count").max(), pl.col("first_pos").min())
    )
    words = pl.col("term").str.extract_all(_WORD).list.eval(word_key_expr(pl.element()))
    pt = pt.with_columns(words.alias("_w")).with_columns(
        pl.col("_w").list.len().alias("_n"), pl.col("_w").list.join(" ").alias("_k"))
    frames = [*_inside_longer_term(pt), _inside_acronym(pt, span)]
    inside = pl.concat(frames).unique().with_columns(pl.lit(True).alias("_in"))
    return (
        pt.select("paper_id", "term").join(inside, on=["paper_id", "term"], how="left")
        .group_by("term")
        .agg(pl.len().cast(pl.UInt32).alias("papers"),
             pl.col("_in").fill_null(False).sum().cast(pl.UInt32).alias("papers_inside"))
        .with_columns((pl.col("papers_inside") / pl.col("papers")).cast(pl.Float64).alias("inside_ratio"))
        .sort("term")
        .select(list(schema))
    )


def _inside_longer_term(pt: pl.DataFrame) -> list[pl.DataFrame]:
    """``[paper_id, term]`` (in a list, empty when no term has two words) of the terms whose
    folded words ``_w`` are a contiguous part of those of a longer term of the same paper that
    occurs at least as often (``count``)."""
    longer = pt.filter(pl.col("_n") >= 2)
    max_n = int(longer["_n"].max() or 0)
    # Every contiguous part of every longer term, with the longer term's count.
    parts = [
        longer.filter(pl.col("_n") > length, pl.col("_n") >= start + length).select(
            "paper_id", pl.col("_w").list.slice(start, length).list.join(" ").alias("_k"), pl.col("count").alias("_c"))
        for length in range(1, max_n) for start in range(0, max_n - length + 1)
    ]
    frames = []
    if parts:
        by_words = pl.concat(parts).group_by("paper_id", "_k").agg(pl.col("_c").max())
        frames.append(pt.join(by_words, on=["paper_id", "_k"]).filter(pl.col("_c") >= pl.col("count"))
                      .select("paper_id", "term"))
    return frames


def _inside_acronym(pt: pl.DataFrame, span: int) -> pl.DataFrame:
    """``[paper_id, term]`` of the terms of at most three words (not acronyms themselves) whose
    first use starts at most ``span`` tokens after the first use of a one-word acronym of the
    same paper that occurs at least as often."""
    is_acronym = is_acronym_expr(pl.col("term"))  # "RL", "LLMs", "LoRA", "GPT-4o": may stand for a long form
    acronyms = pt.filter((pl.col("_n") == 1) & is_acronym).select(
        "paper_id", pl.col("term").alias("_s"), pl.col("first_pos").alias("_p"), pl.col("count").alias("_c"))
    return (
        pt.filter((pl.col("_n") <= 3) & ~is_acronym).join(acronyms, on="paper_id")
        .filter((pl.col("first_pos") >= pl.col("_p")) & (pl.col("first_pos") <= pl.col("_p") + span)
                & (pl.col("_c") >= pl.col("count")))
        .select("paper_id", "term")
    )


def _term_words(term: pl.Expr) -> pl.Expr:
    """The folded words of a term, joined by spaces ("Large Language Models" -> "large language model")."""
    return term.str.extract_all(_WORD).list.eval(word_key_expr(pl.element())).list.join(" ")


@renamed_keywords(paper_terms="terms_frame")
def term_table_containment(
    terms_frame: pl.DataFrame, *, synonyms: pl.DataFrame | None = None, min_papers: int = 1
) -> pl.DataFrame:
    r"""Per term: the largest share of its papers that a longer term containing it accounts for.

    The corpus-level, linear-cost estimate of :func:`term_containment`. For term :math:`t` used
    by :math:`P(t)` papers and every longer term :math:`s` whose folded words contain those of
    :math:`t` as a contiguous run ("large language" in "large language models"),

    .. math:: \text{inside}(t) = \min\Big(1, \max_{s \supset t} P(s) / P(t)\Big).

    Every paper using :math:`s` uses the words of :math:`t` there, so a ratio near 1 says that
    :math:`t` is mostly written as part of :math:`s` (a *fragment*), while "language models"
    (also in "large language models", but twice as often on its own) keeps a low ratio. The
    longer terms are the terms' display forms and, when ``synonyms`` are given, every spelling
    folded into them, so "reinforcement" counts as a part of "RL" through "reinforcement
    learning". The cost is linear in the number of distinct terms: each term of at most
    :math:`n` words has fewer than :math:`n^2/2` parts.

    Parameters
    ----------
    terms_frame
        ``[paper_id, term]`` (``key`` used when present).
    synonyms
        ``[term, canonical]`` as given to :func:`paperkit.keywords.paper_terms`, or None.
    min_papers
        Only terms used by at least this many papers are reported.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32), ``container`` (the longer term with most papers, or
        null), ``container_papers`` (UInt32), ``inside_ratio`` (Float64); sorted by term.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "a", "b", "b", "b", "c", "d"],
    ...     "term": ["large language models", "large language", "language models",
    ...              "large language models", "large language", "language models", "language models", "language models"]})
    >>> term_table_containment(pt).rows()
    [('language models', 4, 'large language models', 2, 0.5), ('large language', 2, 'large language models', 2, 1.0), ('large language models', 2, None, None, 0.0)]
    """
    validate(terms_frame, "terms", needed_by="term_table_containment")
    if terms_frame.height == 0:
        return pl.DataFrame(schema=CONTAINMENT_SCHEMA)
    keys = None
    if synonyms is not None and synonyms.height and "key" in terms_frame.columns:
        keys = term_keys(terms_frame)
    return containment_from_table(papers_per_term(terms_frame), synonyms=synonyms, keys=keys, min_papers=min_papers)


def containment_from_table(table: pl.DataFrame, *, synonyms: pl.DataFrame | None, keys: pl.DataFrame | None,
                           min_papers: int) -> pl.DataFrame:
    """:func:`term_table_containment` from the term table ``[term, papers]`` (and ``[term, key]``).

    For callers that already have papers per term (:func:`paperkit.trends.terms.papers_per_term`,
    or counts over windows): ``keys`` is ``[term, key]`` of the terms, used to find the synonyms
    of a term when ``synonyms`` are given. Returns the columns of :data:`CONTAINMENT_SCHEMA`.
    """
    schema = CONTAINMENT_SCHEMA
    if min_papers > 1:
        # A container of a reported term has at least half its papers (else the ratio is below 0.5).
        table = table.filter(pl.col("papers") >= (min_papers + 1) // 2)
    table = table.with_columns(_term_words(pl.col("term")).alias("_k"))
    spellings = table.select("term", "_k", "papers")
    if synonyms is not None and synonyms.height:
        # Each surface of a synonym stands for the term its canonical form is displayed as.
        keyed = table.select("term", "papers", fold_key_expr(pl.col("term")).alias("_f"))
        if keys is not None:
            keyed = keyed.join(keys.select("term", pl.col("key").alias("_key")), on="term", how="left")
            keyed = keyed.select("term", "papers", pl.coalesce("_key", "_f").alias("_f"))
        surfaces = synonyms.select(
            fold_key_expr(pl.col("canonical")).alias("_f"), pl.col("term").alias("_s"))
        surfaces = pl.concat([surfaces, synonyms.select(
            fold_key_expr(pl.col("canonical")).alias("_f"), pl.col("canonical").alias("_s"))])
        extra = keyed.join(surfaces, on="_f").select("term", _term_words(pl.col("_s")).alias("_k"), "papers")
        spellings = pl.concat([spellings, extra]).unique(["term", "_k"])
    spellings = spellings.with_columns(pl.col("_k").str.split(" ").alias("_w")).with_columns(
        pl.col("_w").list.len().alias("_n"))
    longer = spellings.filter(pl.col("_n") >= 2)
    max_n = int(longer["_n"].max() or 0)
    parts = [
        longer.filter(pl.col("_n") > length, pl.col("_n") >= start + length).select(
            pl.col("_w").list.slice(start, length).list.join(" ").alias("_k"),
            pl.col("term").alias("container"), pl.col("papers").alias("container_papers"))
        for length in range(1, max_n) for start in range(0, max_n - length + 1)
    ]
    out = table.filter(pl.col("papers") >= min_papers)
    if parts:
        best = (
            pl.concat(parts).join(out.select("_k", pl.col("term").alias("_t")), on="_k", how="semi")
            .sort(["container_papers", "container"], descending=[True, False]).unique("_k", keep="first")
        )
        out = out.join(best, on="_k", how="left").with_columns(
            pl.when(pl.col("container") == pl.col("term")).then(None).otherwise(pl.col("container")).alias("container"))
        out = out.with_columns(pl.when(pl.col("container").is_null()).then(None)
                                              .otherwise(pl.col("container_papers")).alias("container_papers"))
    else:
        out = out.with_columns(pl.lit(None, pl.String).alias("container"),
                               pl.lit(None, pl.UInt32).alias("container_papers"))
    ratio = (pl.col("container_papers").cast(pl.Float64) / pl.col("papers")).clip(upper_bound=1.0).fill_null(0.0)
    return out.with_columns(ratio.alias("inside_ratio")).sort("term").select(list(schema))


@renamed_keywords(paper_terms="terms_frame")
def near_duplicates(terms_frame: pl.DataFrame, terms: list[str], *, threshold: float = 0.75,
                    batch: int = NEAR_DUPLICATE_BATCH) -> pl.DataFrame:
    """Which of the given terms name the same papers, or the same concept, as a term before them.

    Two terms are near-duplicates when the Jaccard similarity of the sets of papers using them
    is at least ``threshold``: "reinforcement" and "RL", "large language" and "LLMs", "KV" and
    "KV cache" are written in the same papers, while "agentic AI" (a fifth of the papers of
    "agentic") is a narrower term of its own. They are also near-duplicates when their words
    are the same but for a generic head noun ("diffusion models" and "diffusion", "world
    models" and "world": :func:`concept_key`) or the ``-ing`` noun of the last word
    ("benchmarking" and "benchmark"). ``terms`` is an order of preference (e.g. a ranking):
    each term is compared with the terms before it and marked as the same as the first that
    it duplicates. The papers two terms share are counted with a sparse product (papers ×
    terms incidence, transposed, times itself), ``batch`` terms at a time, so memory grows with
    the rows of these terms and ``batch`` × ``len(terms)``, not with the pairs of terms in each
    paper.

    Parameters
    ----------
    terms_frame
        ``[paper_id, term]``.
    terms
        The terms to compare, best first (a few hundred at most is the intended use).
    threshold
        Smallest Jaccard similarity of two near-duplicates, in (0, 1].
    batch
        Terms compared with all the terms before them in one step (:data:`NEAR_DUPLICATE_BATCH`);
        a smaller batch uses less memory, the result is the same.

    Returns
    -------
    polars.DataFrame
        ``term``, ``same_as`` (the earlier term it duplicates, or null), ``jaccard`` (Float64,
        with that term, or null when the two are the same concept by their words only); one
        row per distinct input term, in input order.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "b", "b", "c", "c", "d"],
    ...     "term": ["RL", "reinforcement", "RL", "reinforcement", "RL", "agents", "agents"]})
    >>> near_duplicates(pt, ["RL", "reinforcement", "agents"], threshold=0.6).rows()
    [('RL', None, None), ('reinforcement', 'RL', 0.6666666666666666), ('agents', None, None)]
    >>> near_duplicates(pt, ["RL", "reinforcement"], threshold=0.9)["same_as"].to_list()
    [None, None]
    >>> near_duplicates(pt, ["diffusion models", "benchmark", "diffusion", "benchmarking"])["same_as"].to_list()
    [None, None, 'diffusion models', 'benchmark']
    """
    validate(terms_frame, "terms", needed_by="near_duplicates")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    order = pl.DataFrame({"term": list(dict.fromkeys(terms))}, schema={"term": pl.String()}).with_row_index("_o")
    # Papers as integer codes (a categorical's physical ids), so the rows are 8 bytes each;
    # term_rows() leaves out a unique() where the frame has one row per paper and term already.
    # The rows of these terms are found ROW_BATCH rows at a time (a join of all rows at once held
    # 2 GB at a million papers), then their papers numbered together.
    rows = pl.concat([term_rows(part).join(order.lazy(), on="term").select(pl.col("paper_id").cast(pl.String), "_o")
                      .collect() for part in count_slices(terms_frame)])
    rows = rows.select(pl.col("paper_id").cast(pl.Categorical).to_physical(), "_o")
    pairs = (
        _jaccard_pairs(rows, n_terms=order.height, threshold=threshold, batch=batch)
        .sort("_o_b").unique("_o", keep="first")
        .join(order, on="_o").join(order.rename({"_o": "_o_b", "term": "same_as"}), on="_o_b")
        .select("term", "same_as", "jaccard", "_o_b")
    )
    # The same concept by its words: the first earlier term with the same concept key.
    concept = order.with_columns(concept_key(pl.col("term")).alias("_c"))
    by_words = (
        concept.join(concept, on="_c", suffix="_b").filter(pl.col("_o_b") < pl.col("_o"))
        .sort("_o_b").unique("term", keep="first").select("term", pl.col("term_b").alias("same_as"), "_o_b")
    )
    first = (
        pl.concat([pairs, by_words.with_columns(pl.lit(None, pl.Float64).alias("jaccard"))], how="diagonal_relaxed")
        .sort("_o_b").unique("term", keep="first").select("term", "same_as", "jaccard")
    )
    return order.join(first, on="term", how="left").sort("_o").select("term", "same_as", "jaccard")


def _jaccard_pairs(rows: pl.DataFrame, *, n_terms: int, threshold: float, batch: int) -> pl.DataFrame:
    """``[_o, _o_b, jaccard]``: the pairs of terms (``_o_b`` before ``_o``, numbers 0 ..
    ``n_terms - 1``) whose sets of papers have a Jaccard similarity of at least ``threshold``,
    from ``rows`` ``[paper_id, _o]`` (distinct; ``paper_id`` a non-negative integer code). Shared
    papers come from the sparse product of the terms x papers incidence matrix with its
    transpose, ``batch`` terms (rows) at a time."""
    import numpy as np
    from scipy import sparse

    schema = {"_o": pl.UInt32(), "_o_b": pl.UInt32(), "jaccard": pl.Float64()}
    if rows.height == 0:
        return pl.DataFrame(schema=schema)
    doc = rows["paper_id"].cast(pl.Int64).to_numpy()
    col = rows["_o"].cast(pl.Int64).to_numpy()
    x = sparse.csr_matrix((np.ones(len(col), dtype=np.int32), (doc, col)), shape=(int(doc.max()) + 1, n_terms))
    xt = x.T.tocsr()  # terms x papers: a batch of terms is a slice of rows
    sizes = np.diff(xt.indptr)  # papers per term (the rows are distinct)
    # Batches take every n_batches-th term, so that the first terms of ``terms`` (often the most
    # used, whose products are the largest) are spread over the batches instead of making one
    # batch's product, and the peak, several times the others. The pairs found are the same.
    n_batches = -(-n_terms // batch)
    order = np.argsort(np.arange(n_terms) % n_batches, kind="stable")
    xt = xt[order]
    found = []
    for lo in range(0, n_terms, batch):
        hi = min(lo + batch, n_terms)
        # Papers shared by those terms and every term (CSR times CSR: no conversion per batch).
        shared = (xt[lo:hi] @ x).tocoo()
        a, b = order[shared.row + lo], shared.col
        keep = b < a
        a, b, both = a[keep], b[keep], shared.data[keep].astype(np.float64)
        jaccard = both / (sizes[a] + sizes[b] - both)
        hit = jaccard >= threshold
        found.append(pl.DataFrame({"_o": a[hit], "_o_b": b[hit], "jaccard": jaccard[hit]}).cast(schema))
    return pl.concat(found) if found else pl.DataFrame(schema=schema)


def concept_key(term: pl.Expr) -> pl.Expr:
    """The key of a term without its trailing generic head nouns and with the ``-ing`` of its
    last word removed: "diffusion models" and "diffusion" share one, as do "benchmarking" and
    "benchmark", "video generation models" and "video generation" (the generic heads are
    ``resources/stopwords_generic.txt``: "models", "methods", "framework", ...). A term made of
    generic words only keeps its own key.

    Examples
    --------
    >>> df = pl.DataFrame({"t": ["Diffusion Models", "diffusion", "benchmarking", "world model", "models", "RL"]})
    >>> df.select(concept_key(pl.col("t")))["t"].to_list()
    ['diffusion', 'diffusion', 'benchmark', 'world', 'model', 'rl']
    """
    words = term.str.extract_all(_WORD).list.eval(word_key_expr(pl.element()))
    heads = pl.element().is_in(sorted(stopwords("generic")))
    # Drop the generic words at the end (while one word remains), then the -ing of the last.
    n_keep = words.list.eval(
        (~heads).cast(pl.Int32).reverse().cum_max().reverse().sum()).list.first()
    core = pl.when(n_keep > 0).then(words.list.head(n_keep)).otherwise(words)
    last = core.list.last()
    last = pl.when(last.str.contains(r"^[a-z]{4,}ing$")).then(last.str.replace(r"ing$", "")).otherwise(last)
    return pl.concat_list(core.list.head(core.list.len() - 1), last).list.join("")


@renamed_keywords(paper_terms="terms_frame")
def fragment_terms(
    terms_frame: pl.DataFrame,
    *,
    threshold: float = 0.8,
    min_papers: int = 5,
    synonyms: pl.DataFrame | None = None,
) -> list[str]:
    """Terms that are mostly written as part of a longer term: the fragments to leave out of trends.

    A term used by at least ``min_papers`` papers is a fragment when one longer term containing
    its words is used by at least ``threshold`` times as many papers
    (:func:`term_table_containment`: "large language" of "large language models",
    "reinforcement" of "reinforcement learning"). The cost is linear in the number of terms.

    Parameters
    ----------
    terms_frame
        ``[paper_id, term]``.
    threshold
        Smallest containment ratio of a fragment, in (0, 1].
    min_papers
        Terms used by fewer papers are too rare to judge and never listed.
    synonyms
        ``[term, canonical]``: spellings folded into a term also contain fragments.

    Returns
    -------
    list of str
        The fragments, sorted.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a"], "term": ["large language models", "large language"]})
    >>> fragment_terms(pt, min_papers=1)
    ['large language']
    """
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if not isinstance(min_papers, int) or min_papers < 1:
        raise ValueError(f"min_papers must be a positive integer, got {min_papers!r}")
    c = term_table_containment(terms_frame, synonyms=synonyms, min_papers=min_papers)
    return c.filter(pl.col("inside_ratio") >= threshold)["term"].to_list()
