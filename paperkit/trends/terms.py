"""The paper-terms frame that every trend function takes: its check, its rows and counts, and
the patterns of terms that are never topics.

A *paper terms* frame has one row per paper and term (``paper_id``, ``term``; e.g.
:func:`paperkit.keywords.paper_terms`, or :func:`paperkit.keywords.keyphrases` with ``phrase``
renamed to ``term``). The helpers here are shared by the modules of :mod:`paperkit.trends`.
"""

from __future__ import annotations

import polars as pl

from paperkit.frames import validate
from paperkit.text import ENUMERATOR, NOT_A_TOPIC  # re-exported: their home is paperkit.text

__all__ = ["ENUMERATOR", "NOT_A_TOPIC", "ROW_BATCH", "check_terms_frame", "count_slices", "merge_counts",
           "papers_per_term", "term_keys", "term_rows"]

#: Rows of a terms frame reduced at a time by the corpus reductions of :mod:`paperkit.trends`
#: (papers per term, the terms' keys, counts per window, the report's term table): each slice
#: is grouped on its own and the partial tables merged, so that memory grows with the terms,
#: not with the rows (one group-by of the 108 million rows of a million papers held 2.5-3.9 GB
#: next to the frame). Read at call time; a smaller value uses less memory, the result is the same.
ROW_BATCH = 10_000_000


def check_terms_frame(terms_frame: pl.DataFrame, *, needed_by: str | None = None) -> None:
    """Raise a TypeError or ValueError naming what is wrong unless ``terms_frame`` is a polars
    DataFrame with ``paper_id`` and ``term`` (:func:`paperkit.frames.validate`; ``needed_by`` names
    the caller in the error). A keyphrases frame works with ``phrase`` renamed to ``term``.

    Examples
    --------
    >>> check_terms_frame(pl.DataFrame({"paper_id": ["a"], "phrase": ["LoRA"]}))
    Traceback (most recent call last):
    ...
    ValueError: paper terms frame is missing column(s) ['term']: ... needs column(s) ['paper_id', 'term'] ...
    """
    validate(terms_frame, "terms", needed_by=needed_by)


def term_rows(terms_frame: pl.DataFrame) -> pl.LazyFrame:
    """``[paper_id, term]`` once per paper and term (lazy). The frame of
    :func:`paperkit.keywords.paper_terms` (it has ``key`` and ``score``) is already so."""
    rows = terms_frame.lazy().select("paper_id", "term")
    return rows if _distinct_rows(terms_frame) else rows.unique()


def _distinct_rows(terms_frame: pl.DataFrame) -> bool:
    return {"key", "score"} <= set(terms_frame.columns)


def count_slices(terms_frame: pl.DataFrame) -> list[pl.DataFrame]:
    """The frame in slices of :data:`ROW_BATCH` rows (no copy) when it has one row per paper and
    term (:func:`paperkit.keywords.paper_terms`), so that counts of rows are counts of papers
    slice by slice; any other frame whole (its rows are made distinct by :func:`term_rows`)."""
    if not _distinct_rows(terms_frame) or terms_frame.height <= ROW_BATCH:
        return [terms_frame]
    return [terms_frame.slice(start, ROW_BATCH) for start in range(0, terms_frame.height, ROW_BATCH)]


def merge_counts(parts: list[pl.DataFrame], by: list[str], **how: str) -> pl.DataFrame:
    """Partial tables of :func:`count_slices` merged: grouped by ``by``, each other column
    reduced as ``how`` says (``"sum"``, ``"min"`` or ``"max"``), with its dtype kept.

    Examples
    --------
    >>> a = pl.DataFrame({"term": ["RL", "GAN"], "papers": [2, 1]}, schema_overrides={"papers": pl.UInt32})
    >>> b = pl.DataFrame({"term": ["RL"], "papers": [3]}, schema_overrides={"papers": pl.UInt32})
    >>> merge_counts([a, b], ["term"], papers="sum").sort("term").rows()
    [('GAN', 1), ('RL', 5)]
    """
    if len(parts) == 1:
        return parts[0]
    dtypes = parts[0].schema
    return pl.concat(parts).group_by(by).agg(
        getattr(pl.col(c), op)().cast(dtypes[c]).alias(c) for c, op in how.items())


def papers_per_term(terms_frame: pl.DataFrame) -> pl.DataFrame:
    """``[term, papers]``: distinct papers per term (one group-by per :data:`ROW_BATCH` rows; a
    terms frame of :func:`paperkit.keywords.paper_terms` already has one row per paper and term).

    Examples
    --------
    >>> papers_per_term(pl.DataFrame({"paper_id": ["a", "a", "b"], "term": ["RL", "RL", "RL"]})).rows()
    [('RL', 2)]
    """
    parts = [term_rows(part).group_by("term").agg(pl.len().cast(pl.UInt32).alias("papers")).collect(engine="streaming")
             for part in count_slices(terms_frame)]
    return merge_counts(parts, ["term"], papers="sum")


def term_keys(terms_frame: pl.DataFrame) -> pl.DataFrame:
    """``[term, key]``: each term once, with the first folding key the frame gives it
    (:func:`paperkit.keywords.paper_terms`), read :data:`ROW_BATCH` rows at a time.

    Examples
    --------
    >>> term_keys(pl.DataFrame({"term": ["LLMs", "RL", "LLMs"], "key": ["llm", "rl", "llm"]})).rows()
    [('LLMs', 'llm'), ('RL', 'rl')]
    """
    n = max(terms_frame.height, 1)
    parts = [terms_frame.slice(start, ROW_BATCH).select("term", "key").unique("term", keep="first", maintain_order=True)
             for start in range(0, n, ROW_BATCH)]
    return pl.concat(parts).unique("term", keep="first", maintain_order=True)
