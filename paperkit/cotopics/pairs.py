"""Paper-level co-occurrence of topics from a sparse papers x topics matrix, normalized by one of :data:`MEASURES`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl
import scipy.sparse as sp

from paperkit.deprecation import renamed_keywords
from paperkit.frames import validate

#: Normalizations of :func:`cooccurrence`, in the order they are documented.
MEASURES = ("count", "association", "jaccard", "cosine", "inclusion", "pmi", "npmi")

PAIRS_SCHEMA = {"topic_a": pl.String(), "topic_b": pl.String(), "n": pl.Int64(), "score": pl.Float64()}


# --- co-occurrence -----------------------------------------------------------------------------
def _incidence(topics: pl.DataFrame) -> tuple[list[str], sp.csr_matrix, int]:
    """Sorted topic labels, the binary papers x topics matrix and the number of papers in it."""
    present = topics.filter(pl.col("weight") > 0).select(
        pl.col("paper_id").cast(pl.String()), pl.col("topic").cast(pl.String())
    ).drop_nulls()
    labels = present.get_column("topic").unique().sort()
    # hash-based codes (a categorical for papers, a lookup for the sorted topics): no string sort
    codes = present.select(
        pl.col("paper_id").cast(pl.Categorical()).to_physical().cast(pl.Int64()).alias("p"),
        pl.col("topic").replace_strict(labels, pl.int_range(labels.len(), dtype=pl.Int32(), eager=True)).alias("t"),
    )
    p = codes["p"].to_numpy()
    t = codes["t"].to_numpy()
    if len(p):  # categorical codes need not start at 0 nor be dense
        uniq, p = np.unique(p, return_inverse=True)
        n_papers = len(uniq)
    else:
        n_papers = 0
    labels = labels.to_list()
    x = sp.csr_matrix((np.ones(len(p), dtype=np.int32), (p, t)), shape=(n_papers, len(labels)))
    x.data[:] = 1  # a (paper, topic) listed twice still counts once
    return labels, x, n_papers


def _scores(measure: str, c: np.ndarray, si: np.ndarray, sj: np.ndarray, n: int) -> np.ndarray:
    c = c.astype(np.float64)
    si = si.astype(np.float64)
    sj = sj.astype(np.float64)
    if measure == "count":
        return c
    if measure == "association":
        return n * c / (si * sj)
    if measure == "jaccard":
        return c / (si + sj - c)
    if measure == "cosine":
        return c / np.sqrt(si * sj)
    if measure == "inclusion":
        return c / np.minimum(si, sj)
    pmi = np.log(n * c / (si * sj))
    if measure == "pmi":
        return pmi
    if measure == "npmi":
        h = -np.log(c / n)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(h > 0, pmi / np.where(h > 0, h, 1.0), 1.0)
    raise ValueError(f"unknown measure {measure!r}; choose one of {list(MEASURES)}")


def _gram_bitset(x: sp.csr_matrix) -> np.ndarray:
    """Dense ``X.T @ X`` (upper triangle) of a binary matrix by AND + popcount of packed topic columns."""
    coo = x.tocoo()
    k, n = x.shape[1], x.shape[0]
    words = (n + 63) // 64
    bits = np.zeros((k, words * 64), dtype=bool)
    bits[coo.col, coo.row] = True
    packed = np.packbits(bits, axis=1, bitorder="little").view(np.uint64)
    del bits
    gram = np.zeros((k, k), dtype=np.int64)
    for i in range(k):
        gram[i, i:] = np.bitwise_count(packed[i] & packed[i:]).sum(axis=1, dtype=np.int64)
    return gram


def _use_bitset(x: sp.csr_matrix) -> bool:
    """Packed bitsets beat the sparse product when topics are few and common (dense columns)."""
    n, k = x.shape
    if not hasattr(np, "bitwise_count") or k * n > 2_000_000_000:  # numpy >= 2; bool scratch <= 2 GB
        return False
    degrees = np.diff(x.indptr).astype(np.float64)
    sparse_ops = float((degrees * degrees).sum())
    bitset_ops = k * k / 2 * n / 64
    return bitset_ops < 2 * sparse_ops


def _pairs(labels, x, n_papers, measures, min_count, *, method=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Upper-triangle co-occurrence pairs (i < j, c >= min_count) and their scores per measure."""
    s = np.asarray(x.sum(axis=0)).ravel()
    if method == "bitset" or (method is None and _use_bitset(x)):
        gram = _gram_bitset(x)
        i, j = np.nonzero(np.triu(gram, k=1) >= max(min_count, 1))
        n = gram[i, j]
    else:
        c = (x.T @ x).tocoo()
        keep = (c.row < c.col) & (c.data >= max(min_count, 1))
        i, j, n = c.row[keep], c.col[keep], c.data[keep].astype(np.int64)
    order = np.lexsort((j, i))
    i, j, n = i[order], j[order], n[order]
    return i, j, n, {m: _scores(m, n, s[i], s[j], n_papers) for m in measures}


def check_measures(measure: str | Sequence[str]) -> list[str]:
    """The ``measure`` argument as a list of known measure names; a ValueError names an unknown one."""
    measures = [measure] if isinstance(measure, str) else list(measure)
    bad = [m for m in measures if m not in MEASURES]
    if bad or not measures:
        raise ValueError(f"unknown measure(s) {bad or measures}; choose from {list(MEASURES)}")
    return measures


def pair_min_count(n_papers: int) -> int:
    """The default ``min_count`` of :func:`cooccurrence`: one paper per 500, at least 3 (2 below 100 papers).

    A pair found in one or two papers gets a huge association or PMI by chance, and on a large corpus
    such pairs crowd the top of the ranking. Measured on the Hugging Face Daily Papers DEV archive
    (6,141 papers, dictionary topics with ``min_matches=2``): with ``min_count=1`` five of the top 10
    pairs by association rest on 7 papers or fewer ("graphs & knowledge graphs + recommendation" on 2);
    with this default (13) none do and all ten are pairs a reader recognises (RAG + retrieval, GUI
    agents + agents, reward models + test-time scaling...). On its first 3,000 papers (default 6) and
    first 1,000 (default 3) the top 10 are likewise free of one- and two-paper pairs
    (``benchmarks/README-cotopics.md``). Below 100 papers (one daily digest) two papers are already
    2 % of the corpus and the floor is 2.

    Parameters
    ----------
    n_papers
        Number of papers of the corpus (``N``).

    Returns
    -------
    int

    Examples
    --------
    >>> [pair_min_count(n) for n in (85, 1_000, 3_736, 6_141, 100_000)]
    [2, 3, 8, 13, 200]
    """
    if not isinstance(n_papers, int) or n_papers < 0:
        raise ValueError(f"n_papers must be a non-negative integer, got {n_papers!r}")
    return max(2 if n_papers < 100 else 3, math.ceil(n_papers / 500))


@renamed_keywords(top_n="top")
def cooccurrence(
    topics: pl.DataFrame,
    *,
    measure: str | Sequence[str] = "association",
    min_count: int | None = None,
    top: int | None = None,
    n_papers: int | None = None,
) -> pl.DataFrame:
    """Paper-level topic co-occurrence, normalized.

    Two topics co-occur when one paper has both (weight > 0). With ``X`` the binary papers x topics
    matrix (scipy.sparse), ``C = X.T @ X``: ``c_ij`` papers have both topics, ``s_i = c_ii`` papers
    have topic ``i``, and ``N`` is the number of papers. Measures:

    ==============  ==================================  =============================================
    ``count``       ``c_ij``                            raw co-occurrence count
    ``association`` ``N c_ij / (s_i s_j)``              association strength (van Eck & Waltman 2009,
                                                        VOSviewer's default), scaled by ``N`` so that
                                                        1 means "as often as chance"
    ``jaccard``     ``c_ij / (s_i + s_j - c_ij)``       Jaccard index
    ``cosine``      ``c_ij / sqrt(s_i s_j)``            Salton's cosine
    ``inclusion``   ``c_ij / min(s_i, s_j)``            inclusion index
    ``pmi``         ``log(N c_ij / (s_i s_j))``         pointwise mutual information (natural log)
    ``npmi``        ``pmi / -log(c_ij / N)``            normalized PMI in [-1, 1] (Bouma 2009);
                                                        1 when ``c_ij = N``
    ==============  ==================================  =============================================

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    measure
        One of :data:`MEASURES`, or a list of them (the result then has a ``measure`` column).
    min_count
        Keep pairs found in at least this many papers. ``None`` (default) scales with the corpus:
        :func:`pair_min_count` of ``N`` (one paper per 500, at least 3; 2 below 100 papers). Pass 1
        to keep every pair.
    top
        Keep the ``top`` pairs with the highest score (per measure; ties by ``n``, then names).
    n_papers
        ``N``; by default the number of distinct papers in ``topics`` (papers with no topic are not
        counted). Pass ``papers.height`` to count them.

    Returns
    -------
    polars.DataFrame
        ``[topic_a, topic_b, n, score]`` with ``topic_a < topic_b``, one row per co-occurring pair,
        ordered by ``topic_a, topic_b`` (by descending score when ``top`` is set); with several
        measures ``[topic_a, topic_b, n, measure, score]``.

    References
    ----------
    van Eck, N. J., & Waltman, L. (2009). How to normalize cooccurrence data? An analysis of some
    well-known similarity measures. JASIST 60(8), 1635-1651.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction. GSCL.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2", "2", "3", "4"],
    ...                   "topic": ["RAG", "agents", "RAG", "agents", "RAG", "agents"],
    ...                   "weight": [1.0] * 6})
    >>> cooccurrence(t, measure="jaccard", min_count=1).rows()
    [('RAG', 'agents', 2, 0.5)]
    >>> cooccurrence(t, measure=["count", "association"], min_count=2).rows()
    [('RAG', 'agents', 2, 'count', 2.0), ('RAG', 'agents', 2, 'association', 0.888...)]
    >>> cooccurrence(t, n_papers=1000).height  # the default min_count is 3 at N = 1,000
    0
    """
    validate(topics, "topics", needed_by="cooccurrence")
    measures = check_measures(measure)
    _positive_or_none(min_count=min_count, top=top)
    labels, x, n_found = _incidence(topics)
    if n_papers is not None and n_papers < n_found:
        raise ValueError(f"n_papers={n_papers} is smaller than the {n_found} papers that have topics")
    min_count = pair_min_count(n_papers or n_found) if min_count is None else min_count
    schema = _pairs_schema(several=len(measures) > 1 or not isinstance(measure, str))
    if len(labels) < 2:
        return pl.DataFrame(schema=schema)
    return _pair_frames(labels, _pairs(labels, x, n_papers or n_found, measures, min_count), measures, schema, top)


def _pairs_schema(*, several: bool) -> dict[str, pl.DataType]:
    """The columns of :func:`cooccurrence`: with a ``measure`` column when several measures were asked for."""
    if several:
        return {"topic_a": pl.String(), "topic_b": pl.String(), "n": pl.Int64(), "measure": pl.String(), "score": pl.Float64()}
    return dict(PAIRS_SCHEMA)


def _positive_or_none(**values: int | None) -> None:
    """A ValueError naming the first of ``values`` that is neither None nor a positive integer."""
    for name, value in values.items():
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(f"{name} must be a positive integer or None, got {value!r}")


def _pair_frames(labels: list[str], found: tuple, measures: list[str], schema: dict, top_n: int | None) -> pl.DataFrame:
    """The pairs ``(i, j, n, scores)`` of :func:`_pairs` as a frame of ``schema``, the ``top_n`` of each measure."""
    i, j, n, scores = found
    names = pl.Series("topic", labels, dtype=pl.String())
    topic_a, topic_b = names.gather(i).alias("topic_a"), names.gather(j).alias("topic_b")
    frames = []
    for m in measures:
        f = pl.DataFrame([topic_a, topic_b, pl.Series("n", n, dtype=pl.Int64()), pl.Series("score", scores[m], dtype=pl.Float64())])
        if top_n is not None:
            f = f.sort(["score", "n", "topic_a", "topic_b"], descending=[True, True, False, False]).head(top_n)
        if "measure" in schema:
            f = f.with_columns(pl.lit(m).alias("measure")).select(list(schema))
        frames.append(f)
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)
