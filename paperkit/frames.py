"""The frames paperkit passes around: their schemas, one validator, dates and periods.

Every stage takes one or more of these frames and returns another (see :mod:`paperkit.pipeline`)::

    papers ─┬─ keywords.paper_terms ─▶ terms ─▶ term_table, shares ─▶ rising, bursts
            ├─ acronyms.find_acronyms ─▶ definitions ─▶ glossary ─▶ synonyms
            ├─ cotopics.topics_from_* ─▶ topics ─▶ pairs ─▶ clusters
            └─ period_counts ─▶ periods (the denominators of shares)

:data:`FRAMES` names each kind, its columns (with their meaning) and the function that makes it;
:func:`validate` is the one check at a function's boundary, naming the missing column and the
function that needed it. :func:`date_expr` and :func:`dated_papers` read the date column of a
papers frame; :func:`period_counts` is the one count of papers per period.

``period_end`` means the **last day** of a period (inclusive) in every frame paperkit returns
(``periods``, ``shares``, :func:`paperkit.charts.corpus.papers_per_period`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from typing import NamedTuple

import polars as pl

__all__ = [
    "DATE_COLUMNS",
    "FRAMES",
    "MAX_PERIODS",
    "PAPERS_SCHEMA",
    "PERIOD_NAMES",
    "FrameKind",
    "check_date",
    "check_every",
    "date_column",
    "date_expr",
    "dated_papers",
    "period_counts",
    "validate",
]

#: Columns of the papers frame, with their dtypes; their meaning is documented in :mod:`paperkit.normalize`.
PAPERS_SCHEMA: dict[str, pl.DataType] = {
    "paper_id": pl.String(),
    "arxiv_id": pl.String(),
    "title": pl.String(),
    "abstract": pl.String(),
    "digest_date": pl.Date(),
    "digest_dates": pl.List(pl.Date()),
    "published": pl.Datetime("us", "UTC"),
    "authors": pl.List(pl.String()),
    "categories": pl.List(pl.String()),
    "keywords": pl.List(pl.String()),
    "upvotes": pl.Int64(),
    "comments": pl.Int64(),
    "github_repo": pl.String(),
    "project_page": pl.String(),
    "name": pl.String(),
    "urls": pl.List(pl.String()),
    "source": pl.String(),
    "source_files": pl.List(pl.String()),
    "n_records": pl.UInt32(),
}


class FrameKind(NamedTuple):
    """One kind of frame: its ``columns`` (name -> meaning), the ``required`` ones a frame must
    have to be taken for this kind, the ``source`` that makes it and the ``label`` errors use."""

    columns: dict[str, str]
    required: tuple[str, ...]
    source: str
    label: str


#: Every frame kind, by name. ``columns`` lists what the producing function returns; ``required``
#: is what :func:`validate` checks unless the caller asks for other columns.
FRAMES: dict[str, FrameKind] = {
    "papers": FrameKind(
        {name: f"{dtype} (see paperkit.normalize)" for name, dtype in PAPERS_SCHEMA.items()},
        ("paper_id", "title"), "paperkit.read_papers(...)", "papers"),
    "terms": FrameKind(
        {"paper_id": "paper", "term": "display form of the term", "key": "folded key (one per term)",
         "score": "rank score in the paper", "count": "uses in the paper", "in_title": "used in the title",
         "first_pos": "word position of its first use"},
        ("paper_id", "term"), "paperkit.keywords.paper_terms(papers)", "paper terms"),
    "keyphrases": FrameKind(
        {"paper_id": "paper", "rank": "1 = best", "phrase": "the keyphrase", "score": "rank score"},
        ("paper_id", "phrase"), "paperkit.keywords.keyphrases(papers)", "keyphrases"),
    "definitions": FrameKind(
        {"paper_id": "paper", "field": "title or abstract", "short_form": "the acronym",
         "long_form": "its expansion", "pattern": "which rule matched", "sentence": "where it was defined",
         **{c: "character offset" for c in ("start", "end", "sf_start", "sf_end", "lf_start", "lf_end")}},
        ("paper_id", "short_form", "long_form"), "paperkit.acronyms.find_acronyms(papers)", "definitions"),
    "glossary": FrameKind(
        {"short_form": "the acronym", "long_form": "its main expansion", "variants": "spellings of the short form",
         "long_form_variants": "spellings of the long form", "n_papers_defining": "papers defining it",
         "n_papers_using": "papers using it", "n_mentions": "uses", "first_date": "first paper date",
         "last_date": "last paper date", "ambiguous": "several senses", "main_share": "share of the main sense",
         "n_senses": "senses", "long_forms": "every sense", "key": "folded short form"},
        ("short_form", "long_form", "n_papers_defining", "n_papers_using"),
        "paperkit.acronym_glossary()", "glossary"),
    "synonyms": FrameKind(
        {"term": "a spelling", "canonical": "the spelling it is counted as",
         "display_canonical": "show the canonical spelling", "long_form": "the expansion (optional)"},
        ("term", "canonical"), "paperkit.acronyms.acronym_synonyms(...)", "synonyms"),
    "term_table": FrameKind(
        {"term": "term", "papers": "papers using it", "papers_title": "papers with it in the title",
         "first_date": "first use", "last_date": "last use"},
        ("term", "papers"), "paperkit.Digest(papers).term_table", "term table"),
    "periods": FrameKind(
        {"period": "first day", "period_end": "last day (inclusive)", "papers": "dated papers in it",
         "partial": "the data start after it starts or end before it ends"},
        ("period", "papers"), "paperkit.trends.period_counts(papers)", "periods"),
    "per_period": FrameKind(
        {"period": "first day", "period_end": "last day (inclusive)", "n_papers": "papers in it",
         "n_days": "distinct dates with papers", "papers_per_day": "n_papers / n_days",
         "n_dated": "all dated papers", "share": "n_papers / n_dated"},
        ("period", "period_end", "n_papers", "n_days", "papers_per_day", "n_dated", "share"),
        "paperkit.charts.corpus.papers_per_period(papers)", "papers per period"),
    "shares": FrameKind(
        {"term": "term", "period": "first day", "period_end": "last day (inclusive)",
         "papers_with_term": "papers using it in the period", "papers": "dated papers in the period",
         "share": "papers_with_term / papers", "partial": "a partial period"},
        ("term", "period", "papers_with_term", "papers"), "term_shares()", "shares"),
    "rising": FrameKind(
        {"term": "term", "papers_recent": "papers in the recent window", "papers_before": "papers before",
         "share_recent": "share recent", "share_before": "share before", "delta": "difference of shares",
         "z": "two-proportion z", "p_value": "p", "q_value": "Benjamini-Hochberg q",
         "direction": "rising or falling", "general": "a generic word", "same_as": "a better spelling",
         "rank": "1 = most significant"},
        ("term", "z"), "paperkit.trends.rising_terms", "rising"),
    "bursts": FrameKind(
        {"term": "term", "start": "first period", "end": "last day", "periods": "length",
         "strength": "Kleinberg weight", "papers_with_term": "papers in the burst", "papers": "all papers in it"},
        ("term", "start", "end"), "paperkit.trends.bursts(shares)", "bursts"),
    "counts": FrameKind(
        {"term": "term", "group": "one of two groups", "count": "uses in the group"},
        ("term", "group", "count"), "a [term, group, count] frame", "counts"),
    "topics": FrameKind(
        {"paper_id": "paper", "topic": "topic", "weight": "strength of the topic in the paper"},
        ("paper_id", "topic", "weight"), "topics_from_dictionary(...) or topics_from_keyphrases(...)", "topics"),
    "pairs": FrameKind(
        {"topic_a": "topic", "topic_b": "topic", "n": "papers with both", "score": "association measure"},
        ("topic_a", "topic_b", "n", "score"), "cooccurrence(topics, measure=...) with a single measure",
        "co-occurrence"),
    "topic_counts": FrameKind(
        {"topic": "topic", "papers": "papers with it"}, ("topic", "papers"), "topic_counts(topics)", "topic counts"),
    "clusters": FrameKind(
        {"topic": "topic", "cluster": "cluster number", "cluster_label": "its biggest topic",
         "strength": "weighted degree"},
        ("topic", "cluster", "cluster_label"), "cotopic_clusters(...)", "clusters"),
    "nodes": FrameKind(
        {"topic": "topic", "x": "layout x", "y": "layout y", "cluster": "cluster number",
         "cluster_label": "cluster label", "papers": "papers with the topic", "degree": "links",
         "neighbors": "linked topics"},
        ("topic", "x", "y", "cluster", "papers", "neighbors"), "network_layout(pairs, clusters)", "nodes"),
    "themes": FrameKind(
        {"cluster": "cluster number", "label": "its name", "centrality": "links to other clusters",
         "density": "links inside", "rank_centrality": "rank", "rank_density": "rank",
         "quadrant": "thematic-map quadrant", "n_topics": "topics in it", "papers": "distinct papers",
         "topics": "its topics"},
        ("cluster", "label", "centrality", "density", "rank_centrality", "rank_density", "quadrant", "n_topics"),
        "thematic_map(pairs, clusters)", "themes"),
    "over_time": FrameKind(
        {"period": "first day", "topic_a": "topic", "topic_b": "topic", "n": "papers with both",
         "score": "association in the period"},
        ("period", "topic_a", "topic_b", "n", "score"), "cooccurrence_over_time(topics, papers)", "over_time"),
    "changes": FrameKind(
        {"topic_a": "topic", "topic_b": "topic", "n_before": "papers before", "n_after": "papers after",
         "score_before": "association before", "score_after": "association after", "change": "difference",
         "direction": "gained or lost"},
        ("topic_a", "topic_b", "change", "direction"), "cotopic_changes(topics, papers)", "changes"),
    "categories": FrameKind(
        {"rank": "1 = most frequent", "category": "arXiv category", "n_papers": "papers in it",
         "n_with_categories": "papers with any category", "share": "n_papers / n_with_categories"},
        ("category", "n_papers", "n_with_categories", "share"),
        "paperkit.charts.corpus.category_counts(papers)", "categories"),
    "sources": FrameKind(
        {"source": "input format", "n_papers": "papers from it", "n_total": "all papers",
         "share": "n_papers / n_total"},
        ("source", "n_papers", "n_total", "share"), "paperkit.charts.corpus.source_counts(papers)", "sources"),
    "findings": FrameKind(
        {"kind": "what was found", "sentence": "in words", "value": "the number", "evidence": "ids to follow"},
        ("kind", "sentence", "value", "evidence"), "paperkit.report.findings", "findings"),
}


def validate(frame: pl.DataFrame, kind: str, *, needed_by: str | None = None,
             columns: Sequence[str] | None = None) -> pl.DataFrame:
    """Check that ``frame`` is a polars DataFrame with the columns of ``kind``; return it unchanged.

    Parameters
    ----------
    frame
        The frame a function was given.
    kind
        A key of :data:`FRAMES` (``"papers"``, ``"terms"``, ``"topics"``...).
    needed_by
        The function that needs the columns: the error names it (``None``: no name).
    columns
        The columns to require; default the kind's ``required`` ones.

    Returns
    -------
    polars.DataFrame
        ``frame`` itself. A ``TypeError`` when it is not a DataFrame, a ``ValueError`` naming
        every missing column, the function and where such a frame comes from.

    Examples
    --------
    >>> validate(pl.DataFrame({"paper_id": ["a"], "phrase": ["LoRA"]}), "terms", needed_by="term_shares")
    Traceback (most recent call last):
    ...
    ValueError: paper terms frame is missing column(s) ['term']: term_shares needs column(s) ['paper_id', 'term'] (as from paperkit.keywords.paper_terms(papers)); got ['paper_id', 'phrase']
    >>> validate(pl.DataFrame({"topic": ["RAG"]}), "clusters", needed_by="f", columns=["topic"]).height
    1
    """
    spec = FRAMES[kind]
    who = needed_by or "paperkit"
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"{who} expects a polars DataFrame ({spec.label} frame, as from {spec.source}), "
                        f"got {type(frame).__name__}")
    need = list(spec.required if columns is None else columns)
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValueError(f"{spec.label} frame is missing column(s) {missing}: {who} needs column(s) {need} "
                         f"(as from {spec.source}); got {frame.columns}")
    return frame


# --- dates ---------------------------------------------------------------------------------------
#: The date columns of a papers frame: first digest date (default) or arXiv publication time.
DATE_COLUMNS = ("digest_date", "published")


def check_date(papers: pl.DataFrame, date: str) -> str:
    """``date`` itself when it names a date column of ``papers``; else a ValueError saying which.

    Examples
    --------
    >>> check_date(pl.DataFrame({"digest_date": []}), "updated")
    Traceback (most recent call last):
    ...
    ValueError: date must be one of ['digest_date', 'published'], got 'updated'
    """
    if date not in DATE_COLUMNS:
        raise ValueError(f"date must be one of {list(DATE_COLUMNS)}, got {date!r}")
    if date not in papers.columns:
        raise ValueError(f"papers frame has no {date!r} column; pass date='digest_date' or date='published'")
    return date


def date_column(papers: pl.DataFrame) -> str | None:
    """The date column to use: ``"digest_date"`` when some papers have one, else ``"published"``
    when some have that, else ``None``.

    Examples
    --------
    >>> date_column(pl.DataFrame({"digest_date": [None], "published": [_dt.datetime(2025, 1, 2)]}))
    'published'
    """
    for col in DATE_COLUMNS:
        if col in papers.columns and papers[col].null_count() < papers.height:
            return col
    return None


def date_expr(papers: pl.DataFrame, date: str | None) -> pl.Expr:
    """Column ``date`` of ``papers`` as a ``pl.Date`` expression named ``"date"`` (a Datetime is
    cut to its day; null when ``date`` is None).

    Examples
    --------
    >>> papers = pl.DataFrame({"published": [_dt.datetime(2025, 1, 2, 10)]})
    >>> papers.select(date_expr(papers, "published"))["date"].to_list()
    [datetime.date(2025, 1, 2)]
    """
    if date is None:
        return pl.lit(None, dtype=pl.Date).alias("date")
    col = pl.col(date)
    return (col.dt.date() if papers.schema[date] != pl.Date else col).alias("date")


def dated_papers(papers: pl.DataFrame, date: str) -> pl.DataFrame:
    """``paper_id, date`` (Date) for the papers with a date; errors when none has one.

    ``date`` is ``"digest_date"`` or ``"published"`` (a Datetime is cut to its date); a paper
    listed twice keeps its first row.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "digest_date": [_dt.date(2025, 1, 5), None]})
    >>> dated_papers(papers, "digest_date").rows()
    [('a', datetime.date(2025, 1, 5))]
    """
    validate(papers, "papers", needed_by="dated_papers", columns=("paper_id",))
    check_date(papers, date)
    out = papers.select("paper_id", date_expr(papers, date)).drop_nulls("date").unique("paper_id", keep="first")
    if out.height == 0 and papers.height > 0:
        raise ValueError(
            f"no paper has a {date!r}: trends need dates (try date='published' or load digests with dates)"
        )
    return out


# --- periods -------------------------------------------------------------------------------------
#: The usual periods as words, for sentences and titles ("Papers per month").
PERIOD_NAMES = {"1d": "day", "1w": "week", "1mo": "month", "1q": "quarter", "1y": "year"}
#: The usual period lengths (any ``<n>d|w|mo|q|y`` is accepted).
_EVERY = {"1d", "1w", "1mo", "1q", "3mo", "6mo", "1y"}
#: Most periods a grid may have (e.g. 400 years of months): more means a date far off the data
#: (a typo such as 2205 for 2025); the error names the dates instead of allocating without bound.
MAX_PERIODS = 5_000
#: Fewest days in one unit of a period: bounds the number of periods before the grid is built.
_DAYS = {"d": 1, "w": 7, "mo": 28, "q": 89, "y": 365}


def check_every(every: str) -> str:
    """``every`` itself when it is a polars duration of days, weeks, months, quarters or years
    (``"1mo"``, ``"2w"``); else a ValueError naming the usual ones.

    Examples
    --------
    >>> check_every("1q")
    '1q'
    """
    if not isinstance(every, str) or not re.fullmatch(r"\d+(d|w|mo|q|y)", every):
        raise ValueError(f"every must be a polars duration such as {sorted(_EVERY)}, got {every!r}")
    return every


def _period_grid(dates: pl.DataFrame, every: str) -> pl.DataFrame:
    """Every period from the first to the last, with its start and end (inclusive) dates.

    The number of periods is bounded before the grid is built (:data:`MAX_PERIODS`).
    """
    check_every(every)
    first = dates["date"].min()
    last = dates["date"].max()
    n, unit = re.fullmatch(r"(\d+)(d|w|mo|q|y)", every).groups()
    if int(n) == 0:
        raise ValueError(f"every must be a positive duration, got {every!r}")
    upper = (last - first).days // (int(n) * _DAYS[unit]) + 2
    if upper > MAX_PERIODS:
        raise ValueError(
            f"the dates run from {first} to {last}: about {upper:,} periods of {every!r}, more than "
            f"{MAX_PERIODS:,}. A date far from the rest is probably a typo: look at the earliest and latest "
            "papers, or filter the papers to the stretch you want (e.g. papers.filter(pl.col('digest_date') >= ...))."
        )
    lo = pl.select(pl.lit(first).dt.truncate(every)).item()
    hi = pl.select(pl.lit(last).dt.truncate(every)).item()
    starts = pl.date_range(lo, hi, interval=every, eager=True).alias("period")
    grid = pl.DataFrame(starts).with_columns(
        (pl.col("period").dt.offset_by(every) - pl.duration(days=1)).alias("period_end")
    )
    return grid.with_columns(
        ((pl.col("period") < first) | (pl.col("period_end") > last)).alias("partial")
    )


def period_counts(papers: pl.DataFrame, *, every: str = "1mo", date: str = "digest_date") -> pl.DataFrame:
    """Papers per period, every period from the first to the last (empty ones with 0).

    The one count of papers per period: the denominators of :func:`paperkit.trends.term_shares`
    and the bars of :func:`paperkit.charts.corpus.papers_per_period` come from it.

    Parameters
    ----------
    papers
        A papers frame (``paper_id`` and the ``date`` column); papers without a date are left out.
    every
        Period length (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``, ``"1y"``), as in
        ``polars.Expr.dt.truncate``.
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.

    Returns
    -------
    polars.DataFrame
        ``period`` (Date, start), ``period_end`` (Date, last day), ``papers`` (UInt32),
        ``partial`` (the data start after the period starts or end before it ends).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "digest_date": [_dt.date(2025, 1, 5), _dt.date(2025, 1, 20), _dt.date(2025, 3, 31)]})
    >>> period_counts(papers).rows()
    [(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31), 2, True), (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28), 0, False), (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), 1, False)]
    """
    dates = dated_papers(papers, date)
    if dates.height == 0:
        return pl.DataFrame(schema={"period": pl.Date(), "period_end": pl.Date(), "papers": pl.UInt32(),
                                    "partial": pl.Boolean()})
    grid = _period_grid(dates, every)
    counts = dates.group_by(pl.col("date").dt.truncate(every).alias("period")).agg(pl.len().cast(pl.UInt32).alias("papers"))
    return (
        grid.join(counts, on="period", how="left")
        .with_columns(pl.col("papers").fill_null(0))
        .select("period", "period_end", "papers", "partial")
        .sort("period")
    )
