"""Co-occurrence per period and the pairs that gained or lost papers and association.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from paperkit.cotopics.pairs import PAIRS_SCHEMA, check_measures, cooccurrence
from paperkit.frames import validate
from paperkit.normalize import validate_papers


# --- over time ---------------------------------------------------------------------------------
def _dated(topics: pl.DataFrame, papers: pl.DataFrame, date: str) -> pl.DataFrame:
    validate(topics, "topics", needed_by="cooccurrence_over_time")
    validate_papers(papers, required=("paper_id", date), needed_by="cooccurrence_over_time")
    return topics.join(papers.select(pl.col("paper_id").cast(pl.String()), pl.col(date).alias("_date")), on="paper_id", how="inner")


def cooccurrence_over_time(
    topics: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    every: str = "1q",
    measure: str = "association",
    min_count: int = 1,
    date: str = "digest_date",
) -> pl.DataFrame:
    """Co-occurrence per period (``date`` truncated to ``every``).

    Within each period ``N`` is the number of papers of ``papers`` dated in it (papers without a
    topic included), so scores compare across periods of different sizes.

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    papers
        The papers frame (for ``paper_id`` and the date column).
    every
        Period length as polars spells it: ``"1mo"``, ``"1q"``, ``"1y"``, ``"1w"``...
    measure
        One of :data:`MEASURES`.
    min_count
        Keep pairs found in at least this many papers of the period.
    date
        The date column of ``papers``: ``digest_date`` (default) or ``published``.

    Returns
    -------
    polars.DataFrame
        ``[period, topic_a, topic_b, n, score, papers]`` with ``period`` the period's first day and
        ``papers`` its ``N``; sorted by period, topic_a, topic_b.

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> papers = pl.DataFrame({"paper_id": ["1", "2", "3"], "digest_date": [dt.date(2025, 1, 5), dt.date(2025, 1, 9), dt.date(2025, 4, 2)]})
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2", "3", "3"], "topic": ["RAG", "agents", "RAG", "RAG", "agents"], "weight": [1.0] * 5})
    >>> cooccurrence_over_time(t, papers, measure="count").rows()
    [(datetime.date(2025, 1, 1), 'RAG', 'agents', 1, 1.0, 2), (datetime.date(2025, 4, 1), 'RAG', 'agents', 1, 1.0, 1)]
    """
    measure = check_measures(measure)[0]
    dated = _dated(topics, papers, date)
    sizes = papers.select(pl.col(date).dt.truncate(every).cast(pl.Date()).alias("period")).drop_nulls().group_by("period").len("papers")
    dated = dated.with_columns(pl.col("_date").dt.truncate(every).cast(pl.Date()).alias("period")).drop_nulls("period")
    out = []
    for (period,), part in dated.group_by("period", maintain_order=False):
        n_period = int(sizes.filter(pl.col("period") == period)["papers"][0])
        pairs = cooccurrence(part, measure=measure, min_count=min_count, n_papers=n_period)
        out.append(pairs.with_columns(pl.lit(period, dtype=pl.Date()).alias("period"), pl.lit(n_period, dtype=pl.Int64()).alias("papers")))
    schema = {"period": pl.Date(), **PAIRS_SCHEMA, "papers": pl.Int64()}
    if not out:
        return pl.DataFrame(schema=schema)
    return pl.concat(out).select(list(schema)).sort("period", "topic_a", "topic_b")


def cotopic_changes(
    topics: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    split: dt.date | None = None,
    measure: str = "association",
    min_count: int = 5,
    top: int = 10,
) -> pl.DataFrame:
    """The pairs whose association rose or fell most between two windows (before / from ``split``).

    Each window's scores use its own ``N`` (papers dated in it). A pair must reach ``min_count``
    papers in at least one window; where it is absent its score is 0 (``count``, ``association``,
    ``jaccard``, ``cosine``, ``inclusion``) or -1 (``npmi``); ``pmi`` is undefined there and such
    pairs are left out.

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    papers
        The papers frame (``paper_id``, ``digest_date``).
    split
        First day of the second window; by default the median ``digest_date`` (two halves).
    measure
        One of :data:`MEASURES`.
    min_count
        Minimum papers with the pair in at least one window.
    top
        How many rising and how many falling pairs to return.

    Returns
    -------
    polars.DataFrame
        ``[topic_a, topic_b, n_before, n_after, score_before, score_after, change, direction]``,
        ``direction`` "rose" or "fell"; the rising pairs first (largest change first), then the
        falling ones (largest fall first).

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> papers = pl.DataFrame({"paper_id": list("123456"), "digest_date": [dt.date(2025, 1, d) for d in (1, 2, 3)] + [dt.date(2025, 6, d) for d in (1, 2, 3)]})
    >>> t = pl.DataFrame({"paper_id": list("112334455666"), "topic": ["RAG", "agents", "RAG", "RAG", "agents", "RAG", "LoRA", "RAG", "LoRA", "RAG", "LoRA", "agents"], "weight": [1.0] * 12})
    >>> cotopic_changes(t, papers, measure="count", min_count=1, top=1).select("topic_a", "topic_b", "change", "direction").rows()
    [('LoRA', 'RAG', 3.0, 'rose'), ('RAG', 'agents', -1.0, 'fell')]
    """
    measure = check_measures(measure)[0]
    validate_papers(papers, required=("paper_id", "digest_date"), needed_by="cotopic_changes")
    if papers.height == 0 or papers["digest_date"].drop_nulls().len() == 0:
        raise ValueError("papers has no digest_date values; cotopic_changes needs dated papers")
    if split is None:
        dates = papers["digest_date"].drop_nulls().sort()
        split = dates[len(dates) // 2]
    before_ids = papers.filter(pl.col("digest_date") < split).select(pl.col("paper_id").cast(pl.String()))
    after_ids = papers.filter(pl.col("digest_date") >= split).select(pl.col("paper_id").cast(pl.String()))
    if before_ids.height == 0 or after_ids.height == 0:
        raise ValueError(f"split={split} leaves one window empty; choose a date inside the papers' digest dates")
    validate(topics, "topics", needed_by="cotopic_changes")
    windows = []
    for ids, suffix in ((before_ids, "before"), (after_ids, "after")):
        part = topics.join(ids, on="paper_id", how="semi")
        pairs = cooccurrence(part, measure=measure, min_count=1, n_papers=ids.height)
        windows.append(pairs.rename({"n": f"n_{suffix}", "score": f"score_{suffix}"}))
    fill = {"npmi": -1.0, "pmi": None}.get(measure, 0.0)
    both = windows[0].join(windows[1], on=["topic_a", "topic_b"], how="full", coalesce=True).with_columns(
        pl.col("n_before").fill_null(0), pl.col("n_after").fill_null(0),
        pl.col("score_before").fill_null(fill), pl.col("score_after").fill_null(fill),
    ).filter(pl.max_horizontal("n_before", "n_after") >= min_count)
    both = both.with_columns((pl.col("score_after") - pl.col("score_before")).alias("change")).drop_nulls("change")
    rose = both.filter(pl.col("change") > 0).sort(["change", "topic_a", "topic_b"], descending=[True, False, False]).head(top)
    fell = both.filter(pl.col("change") < 0).sort(["change", "topic_a", "topic_b"]).head(top)
    return pl.concat([
        rose.with_columns(pl.lit("rose").alias("direction")),
        fell.with_columns(pl.lit("fell").alias("direction")),
    ]).select("topic_a", "topic_b", "n_before", "n_after", "score_before", "score_after", "change", "direction")
