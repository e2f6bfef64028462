"""Input checks shared by the chart builders."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from paperkit.frames import validate

#: Rows a chart may embed (aggregate in polars first).
MAX_ROWS = 5000


def require_frame(frame: pl.DataFrame, columns: Sequence[str], kind: str, *, needed_by: str,
                  max_rows: int | None = None) -> None:
    """Raise a clear error unless ``frame`` is a non-empty polars frame of ``kind`` (a key of
    :data:`paperkit.frames.FRAMES`) with ``columns`` and at most ``max_rows`` rows.

    Examples
    --------
    >>> require_frame(pl.DataFrame({"term": []}), ["term"], "shares", needed_by="chart_trend_lines")
    Traceback (most recent call last):
    ...
    ValueError: shares is empty: nothing to draw
    """
    validate(frame, kind, needed_by=needed_by, columns=columns)
    if frame.height == 0:
        raise ValueError(f"{kind} is empty: nothing to draw")
    if max_rows is not None and frame.height > max_rows:
        raise ValueError(f"{kind} has {frame.height} rows; charts embed at most {max_rows}: filter terms first")


def _period_step(starts: pl.Series) -> float:
    """Median days between consecutive distinct period starts (31 when there is one period)."""
    days = starts.cast(pl.Date()).diff().dt.total_days().drop_nulls()
    return float(days.median()) if days.len() else 31.0


def period_labels(periods: pl.Series) -> pl.Series:
    """Labels for period starts, by the periods' grain: "2025" (years), "2025 Q1" (quarters),
    "Jan 2025" (months), "2025-01-06" (weeks and days); for ordinal axes such as heatmaps.

    Examples
    --------
    >>> import datetime as dt
    >>> period_labels(pl.Series([dt.date(2025, 11, 1), dt.date(2025, 12, 1)])).to_list()
    ['Nov 2025', 'Dec 2025']
    >>> period_labels(pl.Series([dt.date(2025, 1, 1), dt.date(2025, 4, 1)])).to_list()
    ['2025 Q1', '2025 Q2']
    """
    dates = periods.cast(pl.Date())
    step = _period_step(dates.drop_nulls().unique().sort())
    if step >= 360:
        return dates.dt.strftime("%Y")
    if step >= 85:
        return dates.dt.strftime("%Y") + " Q" + dates.dt.quarter().cast(pl.String)
    if step >= 28:
        return dates.dt.strftime("%b %Y")
    return dates.dt.strftime("%Y-%m-%d")


def period_axis(periods: pl.Series, **kwargs) -> alt.Axis:
    """A time axis with one tick per period start, labelled by the period's grain.

    Monthly and quarterly data get "Jan 2025" labels at the first day of each period, so a bar
    spanning December is labelled "Dec 2025", not with the next year where it ends; yearly data
    "2025"; finer data keep Vega-Lite's automatic ticks. Labels that would overlap are thinned.

    Examples
    --------
    >>> import datetime as dt
    >>> axis = period_axis(pl.Series([dt.date(2025, 11, 1), dt.date(2025, 12, 1)])).to_dict()
    >>> axis["format"], len(axis["values"])
    ('%b %Y', 2)
    """
    starts = periods.drop_nulls().unique().sort()
    if starts.len() == 0:
        return alt.Axis(**kwargs)
    step = _period_step(starts)
    if step < 28:
        return alt.Axis(**kwargs)
    fmt = "%Y" if step >= 360 else "%b %Y"
    values = starts.cast(pl.Datetime("ms")).dt.epoch("ms").to_list()
    return alt.Axis(values=values, format=fmt, labelOverlap="greedy", **kwargs)
