"""Charts of keyword trends: share lines, a term-by-period heatmap, rising/falling bars, bursts.

Each function takes a frame from :mod:`paperkit.trends` (already aggregated) and returns an
altair chart; nothing is shown or saved.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from paperkit.charts._frames import MAX_ROWS as _MAX_ROWS
from paperkit.charts._frames import period_axis, period_labels, require_frame

__all__ = ["chart_bursts", "chart_rising_falling", "chart_term_heatmap", "chart_trend_lines"]


def _need(frame: pl.DataFrame, columns: Sequence[str], kind: str, needed_by: str) -> None:
    require_frame(frame, columns, kind, needed_by=needed_by, max_rows=_MAX_ROWS)


def chart_trend_lines(shares: pl.DataFrame, *, terms: Sequence[str] | None = None) -> alt.Chart:
    """Share of papers using each term per period, one line per term.

    Empty or thin periods (null share) break the line instead of dropping to zero; partial
    periods are drawn as hollow points.

    Parameters
    ----------
    shares
        Output of :func:`paperkit.trends.term_shares` (or :func:`paperkit.keyword_trends`).
    terms
        Terms to draw (default: all in the frame).

    Returns
    -------
    altair.LayerChart
        Lines (x ``period`` temporal with one tick per month or quarter, y ``share`` quantitative,
        color ``term`` nominal) and points; clicking a term in the legend fades the other lines
        (a legend-bound point selection ``pick_term``).

    Examples
    --------
    >>> import datetime as dt
    >>> s = pl.DataFrame({"term": ["LoRA"] * 2, "period": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)],
    ...     "papers_with_term": [1, 2], "papers": [10, 8], "share": [0.1, 0.25], "partial": [False, True]})
    >>> spec = chart_trend_lines(s).to_dict()
    >>> spec["layer"][0]["mark"]["type"], spec["params"][0]["bind"]
    ('line', 'legend')
    """
    _need(shares, ("term", "period", "share", "papers_with_term", "papers"), "shares", "chart_trend_lines")
    data = shares if terms is None else shares.filter(pl.col("term").is_in(list(terms)))
    if "partial" not in data.columns:
        data = data.with_columns(pl.lit(False).alias("partial"))
    data = data.select("term", "period", "share", "papers_with_term", "papers", "partial")
    pick = alt.selection_point(fields=["term"], bind="legend", name="pick_term")
    base = alt.Chart(data).encode(
        x=alt.X("period:T", title="period", axis=period_axis(data["period"])),
        y=alt.Y("share:Q", title="share of the period's papers", axis=alt.Axis(format="%")),
        color=alt.Color("term:N", title="term (click to pick)"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.12)),
        tooltip=[alt.Tooltip("term:N"), alt.Tooltip("period:T"), alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("papers_with_term:Q", title="papers with term"),
                 alt.Tooltip("papers:Q", title="papers in period"), alt.Tooltip("partial:N")],
    )
    lines = base.mark_line().add_params(pick)
    points = base.mark_point(filled=True).encode(
        # legend=None: the lines already have the term legend (a second one would repeat it);
        # the stroke keeps a partial period's white point visible.
        fill=alt.condition("datum.partial", alt.value("white"), alt.Color("term:N", legend=None)),
        stroke=alt.Color("term:N", legend=None),
    )
    return alt.layer(lines, points).properties(title="Share of papers using each term")


def chart_term_heatmap(shares: pl.DataFrame, *, value: str = "share") -> alt.Chart:
    """Heatmap of terms (rows, ordered by total use) by period (columns), colored by share.

    Parameters
    ----------
    shares
        Output of :func:`paperkit.trends.term_shares`.
    value
        ``"share"`` or ``"papers_with_term"``.

    Returns
    -------
    altair.Chart
        ``rect`` mark: x ``period`` (ordinal, labelled by the grain: "Jan 2025" for months, "2025 Q1",
        "2025", or "YYYY-MM-DD" for weeks and days), y ``term`` (nominal), color ``value``.

    Examples
    --------
    >>> import datetime as dt
    >>> s = pl.DataFrame({"term": ["LoRA", "RAG"], "period": [dt.date(2025, 1, 1)] * 2,
    ...     "papers_with_term": [1, 2], "papers": [10, 10], "share": [0.1, 0.2]})
    >>> chart_term_heatmap(s).to_dict()["mark"]["type"]
    'rect'
    """
    if value not in ("share", "papers_with_term"):
        raise ValueError(f"value must be 'share' or 'papers_with_term', got {value!r}")
    _need(shares, ("term", "period", "share", "papers_with_term", "papers"), "shares", "chart_term_heatmap")
    order = (
        shares.group_by("term").agg(pl.col("papers_with_term").sum().alias("_n"))
        .sort(["_n", "term"], descending=[True, False])["term"].to_list()
    )
    labels = period_labels(shares["period"])
    columns = shares.select(pl.col("period").cast(pl.Date())).with_columns(labels.alias("label")).unique().sort("period")
    data = shares.select("term", labels.alias("period"), "share", "papers_with_term", "papers")
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("period:O", title="period", sort=columns["label"].to_list()),
            y=alt.Y("term:N", sort=order, title=None),
            color=alt.Color(f"{value}:Q", title=value.replace("_", " "), scale=alt.Scale(scheme="blues")),
            tooltip=["term:N", "period:O", alt.Tooltip("share:Q", format=".1%"), "papers_with_term:Q", "papers:Q"],
        )
        .properties(title="Top terms by period")
    )


def chart_rising_falling(rising: pl.DataFrame, *, top: int = 15) -> alt.Chart:
    """Diverging bars of the ``top`` rising and ``top`` falling terms by log-odds z-score.

    Parameters
    ----------
    rising
        Output of :func:`paperkit.trends.rising_terms` (its first ``top`` rising and falling
        terms by its ``rank``, near-duplicates and stable terms left out; the full output can
        be passed) or any frame with ``term`` and ``z`` (the ``top`` largest and smallest z).
    top
        Bars on each side.

    Returns
    -------
    altair.Chart
        ``bar`` mark: x ``z`` (quantitative), y ``term`` (nominal, sorted by z), color ``direction``.

    Examples
    --------
    >>> r = pl.DataFrame({"term": ["agents", "GAN"], "z": [4.2, -3.1], "direction": ["rising", "falling"]})
    >>> chart_rising_falling(r).to_dict()["encoding"]["x"]["field"]
    'z'
    """
    require_frame(rising, ("term", "z"), "rising", needed_by="chart_rising_falling")  # any size: filtered below
    data = rising
    if "rank" in data.columns and "direction" in data.columns:
        # rising_terms' own ranking: significant changes only, specific terms first, no near-duplicates.
        if "same_as" in data.columns:
            data = data.filter(pl.col("same_as").is_null())
        data = data.filter(pl.col("direction").is_in(["rising", "falling"])).sort("rank").group_by(
            "direction", maintain_order=True).head(top)
    else:
        if "direction" not in data.columns:
            data = data.with_columns(
                pl.when(pl.col("z") >= 0).then(pl.lit("rising")).otherwise(pl.lit("falling")).alias("direction"))
        data = pl.concat([data.sort("z", descending=True).head(top).filter(pl.col("z") > 0),
                          data.sort("z").head(top).filter(pl.col("z") < 0)]).unique("term", keep="first")
    if data.height > _MAX_ROWS:
        raise ValueError(f"{data.height} terms to draw; charts embed at most {_MAX_ROWS}: pass a smaller top")
    order = data.sort("z", descending=True)["term"].to_list()
    cols = [c for c in ("term", "z", "direction", "papers_recent", "papers_before") if c in data.columns]
    return (
        alt.Chart(data.select(cols))
        .mark_bar()
        .encode(
            x=alt.X("z:Q", title="log-odds z-score (informative Dirichlet prior)"),
            y=alt.Y("term:N", sort=order, title=None),
            color=alt.Color("direction:N", scale=alt.Scale(domain=["rising", "falling"], range=["#0072B2", "#D55E00"])),
            tooltip=[alt.Tooltip(c) for c in cols],
        )
        .properties(title="Rising and falling terms")
    )


def chart_bursts(bursts: pl.DataFrame, *, top: int = 30) -> alt.Chart:
    """Burst timeline: one bar per burst from its start to its end, opacity by strength.

    Parameters
    ----------
    bursts
        Output of :func:`paperkit.trends.bursts`.
    top
        Strongest bursts drawn.

    Returns
    -------
    altair.Chart
        ``bar`` mark: x ``start`` / x2 ``end`` (temporal), y ``term`` (nominal), color ``strength``.

    Examples
    --------
    >>> import datetime as dt
    >>> b = pl.DataFrame({"term": ["agents"], "start": [dt.date(2025, 1, 1)], "end": [dt.date(2025, 3, 31)],
    ...     "periods": [3], "strength": [12.5]})
    >>> chart_bursts(b).to_dict()["encoding"]["x2"]["field"]
    'end'
    """
    _need(bursts, ("term", "start", "end", "strength"), "bursts", "chart_bursts")
    data = bursts.sort("strength", descending=True).head(top)
    order = data.sort("start")["term"].unique(maintain_order=True).to_list()
    # Bursts over months are read by month ("Jan 2025"), not by Vega's mixed "January"/"2025" ticks.
    span = (data["end"].cast(pl.Date()).max() - data["start"].cast(pl.Date()).min()).days if data.height else 0
    axis = alt.Axis(format="%b %Y", labelOverlap="greedy") if span >= 60 else alt.Axis()
    return (
        alt.Chart(data.select("term", "start", "end", "strength"))
        .mark_bar()
        .encode(
            x=alt.X("start:T", title="burst", axis=axis),
            x2=alt.X2("end:T"),
            y=alt.Y("term:N", sort=order, title=None),
            color=alt.Color("strength:Q", scale=alt.Scale(scheme="oranges")),
            tooltip=["term:N", "start:T", "end:T", alt.Tooltip("strength:Q", format=".1f")],
        )
        .properties(title="Bursts (Kleinberg 2002)")
    )
