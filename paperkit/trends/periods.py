"""Periods and windows: the time grid of the trends.

Dates are the first digest date (``digest_date``) by default, ``date="published"`` for arXiv
publication; :func:`dated_papers` reads them. :func:`period_counts` gives every period from the
first to the last (empty ones kept, at most :data:`MAX_PERIODS`) with its papers, the
denominators of :func:`paperkit.trends.term_shares` (these three live in :mod:`paperkit.frames`
and are re-exported here). :func:`trend_windows` fits the two windows
that :func:`paperkit.trends.rising_terms` compares to the data's span, :func:`describe_windows`
names them in a sentence and :func:`in_window` selects the papers of one.
"""

from __future__ import annotations

import datetime as _dt

import polars as pl

from paperkit.frames import MAX_PERIODS, check_every, dated_papers, period_counts

__all__ = ["MAX_PERIODS", "check_every", "dated_papers", "describe_windows", "in_window", "period_counts",
           "trend_windows"]


def in_window(window: tuple, name: str) -> pl.Expr:
    """A boolean expression on a ``date`` column: the date is inside ``window``.

    ``window`` is a ``(start, end)`` tuple of dates, start inclusive and end exclusive, either
    None for open; anything else is a TypeError that names the argument ``name``.

    Examples
    --------
    >>> dates = pl.DataFrame({"date": [_dt.date(2025, 1, 1), _dt.date(2025, 2, 1)]})
    >>> dates.filter(in_window((None, _dt.date(2025, 2, 1)), "before"))["date"].to_list()
    [datetime.date(2025, 1, 1)]
    """
    if not (isinstance(window, tuple) and len(window) == 2):
        raise TypeError(f"{name} must be a (start, end) tuple of dates, end exclusive; got {window!r}")
    start, end = (pl.lit(w).cast(pl.Date) if w is not None else None for w in window)
    cond = pl.lit(True)
    if start is not None:
        cond = cond & (pl.col("date") >= start)
    if end is not None:
        cond = cond & (pl.col("date") < end)
    return cond


def trend_windows(papers: pl.DataFrame, *, date: str = "digest_date") -> pl.DataFrame:
    r"""The default windows of :func:`paperkit.trends.rising_terms`: a recent stretch and the one before, fitted to the data.

    With :math:`M` calendar months of data (first to last dated paper), the recent window is
    the last :math:`R = \min(6, \max(1, \operatorname{round}(M/3)))` months and the earlier
    window the :math:`M - R` months before it, or :math:`2R` when the data are longer than
    :math:`3R + 1` months, so 8 months give "the last 3 against the 5 before" and two years "the
    last 6 against the 12 before"; windows start on the first of a month and the recent one ends
    with the data. Data spanning less than three months are cut in two halves by day, and data
    with a gap that leaves a window empty at the median date of the papers.

    Parameters
    ----------
    papers
        The papers frame (dates).
    date
        ``"digest_date"`` or ``"published"``.

    Returns
    -------
    polars.DataFrame
        Two rows, ``before`` then ``recent``: ``window``, ``start`` (Date, inclusive), ``end``
        (Date, exclusive), ``days``, ``papers`` (UInt32, dated papers inside).

    Examples
    --------
    >>> days = pl.date_range(_dt.date(2025, 1, 1), _dt.date(2025, 8, 31), interval="1d", eager=True)
    >>> papers = pl.DataFrame({"paper_id": [str(i) for i in range(len(days))], "digest_date": days})
    >>> trend_windows(papers).rows()
    [('before', datetime.date(2025, 1, 1), datetime.date(2025, 6, 1), 151, 151), ('recent', datetime.date(2025, 6, 1), datetime.date(2025, 9, 1), 92, 92)]
    """
    dates = dated_papers(papers, date)
    if dates.height == 0:
        raise ValueError(f"no paper has a {date!r}: there are no windows to compare")
    first, last = dates["date"].min(), dates["date"].max()
    if first == last:
        raise ValueError(f"all dated papers are from one day ({first}): there is no earlier window to compare with")
    end = last + _dt.timedelta(days=1)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months >= 3:
        recent_months = min(6, max(1, round(months / 3)))
        before_months = months - recent_months
        if months > 3 * recent_months + 1:
            before_months = 2 * recent_months
        last_month = _dt.date(last.year, last.month, 1)
        shift = lambda d, k: pl.select(pl.lit(d).dt.offset_by(f"-{k}mo")).item()  # noqa: E731
        recent_start = shift(last_month, recent_months - 1)
        before_start = shift(recent_start, before_months)
    else:
        recent_start = first + (end - first) / 2
        before_start = first
    inside = lambda a, b: dates.filter((pl.col("date") >= a) & (pl.col("date") < b)).height  # noqa: E731
    if not inside(before_start, recent_start) or not inside(recent_start, end):
        # Gaps in the data leave a window empty: cut at the median date of the papers instead.
        recent_start = dates["date"].sort()[dates.height // 2]
        recent_start = recent_start if recent_start > first else first + _dt.timedelta(days=1)
        before_start = first
    frame = pl.DataFrame({"window": ["before", "recent"], "start": [before_start, recent_start],
                          "end": [recent_start, end]}, schema={"window": pl.String(), "start": pl.Date(), "end": pl.Date()})
    counts = [inside(a, b) for a, b in zip(frame["start"], frame["end"])]
    return frame.with_columns(
        (pl.col("end") - pl.col("start")).dt.total_days().cast(pl.Int64).alias("days"),
        pl.Series("papers", counts, dtype=pl.UInt32),
    )


def describe_windows(windows: pl.DataFrame) -> str:
    """One sentence naming the two windows of :func:`trend_windows` with their lengths and papers.

    Examples
    --------
    >>> w = pl.DataFrame({"window": ["before", "recent"], "start": [_dt.date(2025, 1, 1), _dt.date(2025, 6, 1)],
    ...     "end": [_dt.date(2025, 6, 1), _dt.date(2025, 9, 1)], "days": [151, 92], "papers": [1200, 800]})
    >>> describe_windows(w)
    'the recent window, 2025-06-01 to 2025-08-31 (92 days, 800 papers), against the window before it, 2025-01-01 to 2025-05-31 (151 days, 1,200 papers)'
    """
    rows = {r["window"]: r for r in windows.iter_rows(named=True)}
    part = lambda r: (f"{r['start']} to {r['end'] - _dt.timedelta(days=1)} ({r['days']} days, "  # noqa: E731
                      f"{r['papers']:,} papers)")
    return f"the recent window, {part(rows['recent'])}, against the window before it, {part(rows['before'])}"
