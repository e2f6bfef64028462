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

__all__ = ["ENUMERATOR", "NOT_A_TOPIC", "check_terms_frame", "papers_per_term", "term_rows"]


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
    return rows if {"key", "score"} <= set(terms_frame.columns) else rows.unique()


def papers_per_term(terms_frame: pl.DataFrame) -> pl.DataFrame:
    """``[term, papers]``: distinct papers per term (one group-by; a terms frame of
    :func:`paperkit.keywords.paper_terms` already has one row per paper and term).

    Examples
    --------
    >>> papers_per_term(pl.DataFrame({"paper_id": ["a", "a", "b"], "term": ["RL", "RL", "RL"]})).rows()
    [('RL', 2)]
    """
    return term_rows(terms_frame).group_by("term").agg(
        pl.len().cast(pl.UInt32).alias("papers")).collect(engine="streaming")
