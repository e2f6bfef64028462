"""Bursts: the stretches of periods in which a term is used by far more papers than usual.

:func:`bursts` runs Kleinberg's two-state automaton on the per-period counts of
:func:`paperkit.trends.term_shares` (papers using the term out of all papers of the period),
for all terms at once.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from paperkit.frames import validate

__all__ = ["bursts"]


def _kleinberg_states(r: np.ndarray, d: np.ndarray, *, s: float, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """Two-state batched Kleinberg automaton, Viterbi over all terms at once.

    ``r``: (terms, periods) relevant counts; ``d``: (periods,) totals. Returns the state matrix
    (1 = burst) and the per-period weight ``cost0 - cost1`` (positive where a burst fits better).
    """
    n_terms, n = r.shape
    big_r = r.sum(axis=1)
    big_d = d.sum()
    p0 = np.clip(big_r / max(big_d, 1), 1e-12, 1 - 1e-12)[:, None]
    p1 = np.clip(s * p0, 1e-12, 1 - 1e-9)
    dd = np.broadcast_to(d[None, :], r.shape)
    cost0 = -(r * np.log(p0) + (dd - r) * np.log(1 - p0))
    cost1 = -(r * np.log(p1) + (dd - r) * np.log(1 - p1))
    up = gamma * math.log(n)
    # Viterbi: best cost ending in state 0/1 at t, with back-pointers.
    c0 = cost0[:, 0].copy()
    c1 = cost1[:, 0] + up
    back1 = np.zeros((n_terms, n), dtype=bool)  # for state 1 at t: came from state 1?
    back0 = np.zeros((n_terms, n), dtype=bool)  # for state 0 at t: came from state 1?
    for t in range(1, n):
        from0_to1 = c0 + up
        stay1 = c1
        new1 = np.minimum(from0_to1, stay1) + cost1[:, t]
        back1[:, t] = stay1 <= from0_to1
        new0 = np.minimum(c0, c1) + cost0[:, t]
        back0[:, t] = c1 < c0
        c0, c1 = new0, new1
    states = np.zeros((n_terms, n), dtype=np.int8)
    cur = (c1 < c0).astype(np.int8)
    rows = np.arange(n_terms)
    for t in range(n - 1, -1, -1):
        states[:, t] = cur
        prev1 = np.where(cur == 1, back1[rows, t], back0[rows, t])
        cur = prev1.astype(np.int8)
    return states, cost0 - cost1


def bursts(
    shares: pl.DataFrame, *, s: float = 2.0, gamma: float = 1.0, min_strength: float = 0.0, skip_partial: bool = True
) -> pl.DataFrame:
    """Kleinberg's burst detection on per-period counts (the batched, two-state form).

    Each term is a sequence of batches: in period :math:`t`, :math:`r_t` of the :math:`d_t`
    papers use it. The base state emits at the term's overall rate :math:`p_0 = R/D`, the
    burst state at :math:`p_1 = s\\,p_0`; a period costs :math:`-\\log` of its binomial
    likelihood in the state, entering the burst state costs :math:`\\gamma \\ln n` (:math:`n`
    periods), leaving it is free. The cheapest state sequence (Viterbi) marks the bursts; a
    burst's strength is the sum over its periods of cost(base) - cost(burst). Empty periods
    (:math:`d_t = 0`) cost nothing in either state.

    Parameters
    ----------
    shares
        Output of :func:`paperkit.trends.term_shares` (``term``, ``period``, ``period_end``,
        ``papers_with_term``, ``papers``).
    s
        Rate ratio of the burst state (> 1).
    gamma
        Cost of entering a burst, in units of :math:`\\ln n`.
    min_strength
        Drop weaker bursts.
    skip_partial
        Treat periods flagged ``partial`` (only partly covered by the data: the first and last
        month of a download) as empty, so a half month cannot start or end a burst.

    Returns
    -------
    polars.DataFrame
        ``term``, ``start`` (first period), ``end`` (last day of the last period), ``periods``,
        ``strength``, ``papers_with_term`` (in the burst), ``papers`` (all papers in the burst
        periods); sorted by descending strength.

    References
    ----------
    Kleinberg, J. (2002). Bursty and hierarchical structure in streams. *KDD 2002*, 91-101
    (section 4, enumerating bursts in batched arrivals).

    Examples
    --------
    >>> import datetime as dt
    >>> periods = pl.date_range(dt.date(2024, 1, 1), dt.date(2024, 12, 1), interval="1mo", eager=True)
    >>> shares = pl.DataFrame({"term": "agents", "period": periods, "period_end": periods.dt.month_end(),
    ...     "papers_with_term": [2, 3, 2, 2, 3, 20, 25, 22, 3, 2, 3, 2], "papers": [100] * 12})
    >>> bursts(shares).select("term", "start", "end", "periods").rows()
    [('agents', datetime.date(2024, 6, 1), datetime.date(2024, 8, 31), 3)]
    """
    validate(shares, "shares", needed_by="bursts")
    if s <= 1:
        raise ValueError(f"s (burst rate ratio) must be > 1, got {s!r}")
    if gamma <= 0:
        raise ValueError(f"gamma must be positive, got {gamma!r}")
    schema = {"term": pl.String(), "start": pl.Date(), "end": pl.Date(), "periods": pl.UInt32(),
              "strength": pl.Float64(), "papers_with_term": pl.Int64(), "papers": pl.Int64()}
    if shares.height == 0:
        return pl.DataFrame(schema=schema)
    terms, periods, r, d = _burst_counts(shares, skip_partial=skip_partial)
    states, weight = _kleinberg_states(r, d, s=s, gamma=gamma)
    return _burst_table(states, weight, r, d, terms=terms, periods=periods, schema=schema, min_strength=min_strength)


def _burst_counts(shares: pl.DataFrame, *, skip_partial: bool) -> tuple:
    """``(terms, periods, r, d)``: the terms (list), the periods (``period, period_end``,
    sorted), the papers using each term per period (``r``, terms x periods) and all papers per
    period (``d``), as floats; partial periods emptied when ``skip_partial``."""
    if "period_end" not in shares.columns:
        shares = shares.with_columns(pl.col("period").alias("period_end"))
    if skip_partial and "partial" in shares.columns:
        shares = shares.with_columns(
            pl.when(pl.col("partial")).then(0).otherwise(pl.col(c)).alias(c) for c in ("papers_with_term", "papers"))
    periods = shares.select("period", "period_end").unique().sort("period")
    if periods.height < 2:
        raise ValueError(f"burst detection needs at least two periods; got {periods.height} (use a shorter 'every')")
    d = (
        shares.group_by("period").agg(pl.col("papers").max()).join(periods, on="period").sort("period")["papers"]
        .fill_null(0).to_numpy().astype(float)
    )
    wide = shares.pivot(on="period", index="term", values="papers_with_term", aggregate_function="sum", sort_columns=True)
    terms = wide["term"].to_list()
    cols = [str(p) for p in periods["period"].to_list()]
    wide = wide.rename({c: str(c) for c in wide.columns})
    r = wide.select([pl.col(c).fill_null(0) for c in cols]).to_numpy().astype(float)
    return terms, periods, r, d


def _burst_table(states: np.ndarray, weight: np.ndarray, r: np.ndarray, d: np.ndarray, *, terms: list,
                 periods: pl.DataFrame, schema: dict, min_strength: float) -> pl.DataFrame:
    """The bursts of :func:`bursts` from the automaton's states (1 = burst) and per-period
    weights: consecutive burst periods of a term form one burst; bursts of ``min_strength`` or
    less dropped."""
    t_idx, p_idx = np.nonzero(states)
    if len(t_idx) == 0:
        return pl.DataFrame(schema=schema)
    marked = pl.DataFrame({
        "ti": t_idx, "pi": p_idx, "w": weight[t_idx, p_idx], "r": r[t_idx, p_idx], "d": d[p_idx],
    }).sort("ti", "pi")
    # Consecutive burst periods of one term form one burst.
    marked = marked.with_columns(
        ((pl.col("pi") - pl.col("pi").shift(1) != 1) | (pl.col("ti") != pl.col("ti").shift(1)))
        .fill_null(True).cum_sum().alias("bid")
    ).filter(pl.col("d") > 0)  # a burst starts and ends on periods with papers (not on empty/partial ones)
    starts = periods["period"]
    ends = periods["period_end"]
    out = marked.group_by("bid").agg(
        pl.col("ti").first(), pl.col("pi").min().alias("p0"), pl.col("pi").max().alias("p1"),
        pl.len().cast(pl.UInt32).alias("periods"), pl.col("w").sum().alias("strength"),
        pl.col("r").sum().cast(pl.Int64).alias("papers_with_term"), pl.col("d").sum().cast(pl.Int64).alias("papers"),
    )
    out = out.with_columns(
        pl.Series("term", [terms[i] for i in out["ti"].to_list()], dtype=pl.String()),
        starts.gather(out["p0"]).alias("start"),
        ends.gather(out["p1"]).alias("end"),
    )
    return (
        out.filter(pl.col("strength") > min_strength)
        .sort(["strength", "term"], descending=[True, False])
        .select(list(schema))
    )
