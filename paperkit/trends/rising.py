"""Rising and falling terms: which terms a larger or smaller share of papers uses recently.

:func:`log_odds_ratio` is the measure of strength (the log-odds ratio with an informative
Dirichlet prior, Monroe et al. 2008); :func:`rising_terms` compares two windows of time
(:func:`paperkit.trends.trend_windows` by default), tests every term's change with a false
discovery rate, and ranks the risers and fallers: specific terms first, fragments of longer
terms and near-duplicates left out or placed last (:mod:`paperkit.trends.fragments`).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from paperkit.deprecation import renamed_keywords
from paperkit.frames import validate
from paperkit.lexicon import term_specificity
from paperkit.text import NOT_A_TOPIC
from paperkit.trends.fragments import containment_from_table, near_duplicates
from paperkit.trends.periods import dated_papers, in_window, trend_windows
from paperkit.trends.terms import count_slices, merge_counts, term_keys, term_rows

__all__ = ["log_odds_ratio", "rising_terms"]


def log_odds_ratio(
    counts: pl.DataFrame,
    *,
    groups: tuple[str, str] | None = None,
    alpha0: float | None = None,
) -> pl.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, and its z-score, between two groups.

    For term :math:`w` with counts :math:`y_w^a`, :math:`y_w^b` in groups :math:`a` and
    :math:`b` (totals :math:`n^a`, :math:`n^b`), the prior is the pooled frequency scaled to
    :math:`\\alpha_0`: :math:`\\alpha_w = \\alpha_0 (y_w^a + y_w^b) / (n^a + n^b)`. Then

    .. math::

        \\delta_w = \\log\\frac{y_w^a + \\alpha_w}{n^a + \\alpha_0 - y_w^a - \\alpha_w}
                  - \\log\\frac{y_w^b + \\alpha_w}{n^b + \\alpha_0 - y_w^b - \\alpha_w},
        \\qquad
        \\sigma^2(\\delta_w) \\approx \\frac{1}{y_w^a + \\alpha_w} + \\frac{1}{y_w^b + \\alpha_w},
        \\qquad z_w = \\delta_w / \\sigma(\\delta_w).

    Positive :math:`z` means more used in group ``a``; :math:`|z| > 1.96` is the usual bar.

    Parameters
    ----------
    counts
        ``[term, group, count]``: how often (e.g. in how many papers) each term occurs in each
        group. Missing (term, group) pairs count 0.
    groups
        ``(a, b)``: the group compared (a) and the reference (b); None takes the two groups
        present, in sorted order (an error if there are not exactly two).
    alpha0
        Prior size :math:`\\alpha_0`; None uses :math:`(n^a + n^b)/2`.

    Returns
    -------
    polars.DataFrame
        ``term``, ``count_a``, ``count_b``, ``alpha``, ``delta``, ``se``, ``z``; sorted by
        descending ``z``.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict. *Political
    Analysis* 16(4), 372-403 (eq. 16, 18 and 19).

    Examples
    --------
    >>> counts = pl.DataFrame({"term": ["agent", "agent", "gan", "gan", "data", "data"],
    ...     "group": ["new", "old", "new", "old", "new", "old"], "count": [30, 10, 5, 25, 65, 65]})
    >>> log_odds_ratio(counts, groups=("new", "old")).select("term", pl.col("z").round(3)).rows()
    [('agent', 2.754), ('data', 0.0), ('gan', -2.961)]
    """
    a, b = _two_groups(counts, groups)
    wide = (
        counts.filter(pl.col("group").is_in([a, b]))
        .group_by("term")
        .agg(
            pl.col("count").filter(pl.col("group") == a).sum().cast(pl.Float64).alias("count_a"),
            pl.col("count").filter(pl.col("group") == b).sum().cast(pl.Float64).alias("count_b"),
        )
    )
    n_a = wide["count_a"].sum()
    n_b = wide["count_b"].sum()
    if n_a == 0 or n_b == 0:
        raise ValueError(f"both groups need counts; totals are {a!r}: {n_a}, {b!r}: {n_b}")
    a0 = (n_a + n_b) / 2.0 if alpha0 is None else float(alpha0)
    if a0 <= 0:
        raise ValueError(f"alpha0 must be positive, got {alpha0!r}")
    alpha = a0 * (pl.col("count_a") + pl.col("count_b")) / (n_a + n_b)
    ya, yb = pl.col("count_a"), pl.col("count_b")
    out = wide.with_columns(alpha.alias("alpha")).with_columns(
        (
            ((ya + pl.col("alpha")) / (n_a + a0 - ya - pl.col("alpha"))).log()
            - ((yb + pl.col("alpha")) / (n_b + a0 - yb - pl.col("alpha"))).log()
        ).alias("delta"),
        (1.0 / (ya + pl.col("alpha")) + 1.0 / (yb + pl.col("alpha"))).sqrt().alias("se"),
    ).with_columns((pl.col("delta") / pl.col("se")).alias("z"))
    return out.with_columns(pl.col("count_a").cast(pl.Int64), pl.col("count_b").cast(pl.Int64)).sort(
        ["z", "term"], descending=[True, False]
    )


def _two_groups(counts: pl.DataFrame, groups: tuple[str, str] | None) -> tuple[str, str]:
    """``(a, b)`` of :func:`log_odds_ratio`, after checking the columns of ``counts`` and that
    both groups have counts."""
    validate(counts, "counts", needed_by="log_odds_ratio")
    present = sorted(counts["group"].unique().drop_nulls().to_list())
    if groups is None:
        if len(present) != 2:
            raise ValueError(f"log_odds_ratio compares exactly two groups; found {present}: pass groups=(a, b)")
        groups = (present[0], present[1])
    a, b = groups
    for g in (a, b):
        if g not in present:
            raise ValueError(f"group {g!r} has no counts; groups present: {present}")
    return a, b


def _p_values(z: pl.Expr) -> pl.Expr:
    """Two-sided normal p-values of z-scores."""
    from scipy.special import erfc  # deferred: scipy.special takes ~0.1 s to import; only rising_terms needs it

    return z.abs().map_batches(lambda s: pl.Series(erfc(s.to_numpy() / math.sqrt(2.0))), return_dtype=pl.Float64)


def _paper_odds_z(a: pl.Expr, c: pl.Expr, n_a: int, n_c: int) -> pl.Expr:
    """z of the log odds ratio of papers using a term in two windows (Woolf's standard error,
    0.5 added to every cell): ``a`` of ``n_a`` papers against ``c`` of ``n_c``."""
    a, b = a + 0.5, n_a - a + 0.5
    c, d = c + 0.5, n_c - c + 0.5
    return ((a * d) / (b * c)).log() / (1 / a + 1 / b + 1 / c + 1 / d).sqrt()


def _bh(p: pl.Series) -> pl.Series:
    """Benjamini-Hochberg adjusted p-values (q-values), in input order."""
    values = p.to_numpy()
    m = len(values)
    if m == 0:
        return pl.Series(values, dtype=pl.Float64)
    order = np.argsort(values)
    ranked = values[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out = np.empty(m)
    out[order] = q
    return pl.Series(out, dtype=pl.Float64)


@renamed_keywords(paper_terms="terms_frame")
def rising_terms(
    terms_frame: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    recent: tuple | None = None,
    before: tuple | None = None,
    date: str = "digest_date",
    min_papers: int = 5,
    alpha: float = 0.05,
    alpha0: float | None = None,
    drop_inside: float | None = 0.8,
    general: bool = False,
    synonyms: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Terms used by a larger (rising) or smaller (falling) share of papers recently than before.

    Counts are papers using the term in each window. Two questions are answered separately:

    * *Is the change real?* Each paper either uses the term or not, so the two windows form a
      2x2 table; the log odds ratio of that table with Woolf's standard error (0.5 added to
      each cell) gives a two-sided p-value. Thousands of terms are tested at once, so the
      p-values are adjusted for the false discovery rate (Benjamini & Hochberg 1995): a term is
      ``rising`` or ``falling`` when its q-value is below ``alpha``, and ``stable`` otherwise.
    * *How strong is it?* The z-score of :func:`log_odds_ratio` with an informative Dirichlet
      prior (Monroe et al. 2008), which pulls rare terms toward the corpus rate so that 3
      papers instead of 1 do not outrank 400 instead of 200. It orders the terms.

    Ranking: within each direction, *specific* terms come before single general-English words
    (:mod:`paperkit.lexicon`: "state", "budget", "points" are common in any English text and
    move with the wording of abstracts, not with topics; left out unless ``general=True``),
    each by strength (largest z first for
    rising terms, most negative first for falling ones), and near-duplicates of another term of
    their direction come last (``same_as``): a group of terms used by nearly the same papers, or
    naming the same concept, is named by its most used term, the broadest spelling of the concept
    ("RL" before "reinforcement", "agentic" before "agentic framework", whichever moved more).
    Rows come rising first, then falling, then stable (by decreasing ``|z|``).

    Parameters
    ----------
    terms_frame
        ``[paper_id, term]``.
    papers
        The papers frame (dates).
    recent, before
        ``(start, end)`` dates, start inclusive and end exclusive (``None`` for open); both None
        (default) uses :func:`trend_windows`, which fits the windows to the data's span.
    date
        ``"digest_date"`` or ``"published"``.
    min_papers
        Keep terms used by at least this many papers over both windows.
    alpha
        False discovery rate below which a change is called rising or falling.
    alpha0
        Prior size, as in :func:`log_odds_ratio`.
    drop_inside
        Drop *fragments* (:func:`paperkit.trends.fragment_terms`: "reinforcement" of "reinforcement learning",
        "large language" of "large language models") with this containment threshold; None
        keeps every term. List enumerators ("ii", "(a)") and quantities ("10B", "1st") are
        always dropped.
    general
        Keep single general-English words (:func:`paperkit.lexicon.term_specificity`: "state",
        "budget", "points"), ranked after the specific terms of their direction. By default
        they are left out: they move with the wording of abstracts, not with their topics.
    synonyms
        ``[term, canonical]`` used for the terms (for :func:`paperkit.trends.fragment_terms`).

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers_recent``, ``papers_before``, ``share_recent``, ``share_before`` (of
        all dated papers in the window), ``delta``, ``z``, ``p_value``, ``q_value``,
        ``direction`` ("rising", "falling" or "stable"), ``general`` (a single general-English
        word), ``same_as`` (the term that names its group of near-duplicates: same direction,
        nearly the same papers, :func:`near_duplicates`; null for that term and the others),
        ``rank`` (UInt32, 1 = first of its
        direction); in the order described above.

    References
    ----------
    Monroe, Colaresi & Quinn (2008), see :func:`log_odds_ratio`.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
    powerful approach to multiple testing. *J. R. Stat. Soc. B* 57(1), 289-300.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": [str(i) for i in range(40)],
    ...     "digest_date": [dt.date(2024, 1, 1)] * 20 + [dt.date(2025, 1, 1)] * 20})
    >>> pt = pl.DataFrame({"paper_id": [str(i) for i in list(range(2)) + list(range(20, 38)) + list(range(18)) + [39]],
    ...     "term": ["agentic RL"] * 20 + ["GAN"] * 19})
    >>> r = rising_terms(pt, papers, recent=(dt.date(2025, 1, 1), None), before=(None, dt.date(2025, 1, 1)))
    >>> r.select("term", "papers_recent", "papers_before", "direction", "rank").rows()
    [('agentic RL', 18, 2, 'rising', 1), ('GAN', 1, 18, 'falling', 1)]
    """
    validate(terms_frame, "terms", needed_by="rising_terms")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    dates, tot = _window_papers(papers, recent=recent, before=before, date=date)
    counts = _window_counts(terms_frame, dates, min_papers=min_papers, drop_inside=drop_inside, synonyms=synonyms)
    out = _changes(counts, tot, alpha=alpha, alpha0=alpha0, general=general)
    return _ranked(out, terms_frame)


def _window_papers(papers: pl.DataFrame, *, recent: tuple | None, before: tuple | None, date: str) -> tuple:
    """``(dates, totals)``: ``paper_id, date, group`` (``"recent"`` or ``"before"``) of the dated
    papers inside a window, and the papers per window (an error when one has none). Both
    windows None: :func:`paperkit.trends.trend_windows`."""
    if recent is None and before is None:
        windows = trend_windows(papers, date=date)
        before, recent = ((r["start"], r["end"]) for r in windows.iter_rows(named=True))
    elif recent is None or before is None:
        raise ValueError("give both recent and before, or neither (then trend_windows() fits them to the data)")
    dates = dated_papers(papers, date)
    dates = dates.with_columns(
        pl.when(in_window(recent, "recent")).then(pl.lit("recent"))
        .when(in_window(before, "before")).then(pl.lit("before"))
        .alias("group")
    ).drop_nulls("group")
    totals = dates.group_by("group").agg(pl.len().alias("n"))
    tot = dict(totals.iter_rows())
    for g in ("recent", "before"):
        if tot.get(g, 0) == 0:
            raise ValueError(f"the {g} window {recent if g == 'recent' else before!r} has no papers with a {date!r}")
    return dates, tot


def _window_counts(terms_frame: pl.DataFrame, dates: pl.DataFrame, *, min_papers: int, drop_inside: float | None,
                   synonyms: pl.DataFrame | None) -> pl.DataFrame:
    """``[term, group, count]``: papers using each term in each window, for the terms used by at
    least ``min_papers`` papers over both windows that are topics (not enumerators, quantities
    or, with ``drop_inside``, fragments of longer terms)."""
    # One pass over the (paper, term) rows, ROW_BATCH rows at a time; everything after works on the term table.
    groups = dates.lazy().select("paper_id", "group")
    by_group = merge_counts([
        term_rows(part).join(groups, on="paper_id", how="left").group_by("term", "group").agg(pl.len().alias("count"))
        .collect(engine="streaming") for part in count_slices(terms_frame)], ["term", "group"], count="sum")
    table = by_group.group_by("term").agg(pl.col("count").sum().cast(pl.UInt32).alias("papers"))
    drop = table.filter(pl.col("papers") >= min_papers, pl.col("term").str.contains(NOT_A_TOPIC))["term"]
    if drop_inside is not None:
        keys = None
        if synonyms is not None and synonyms.height and "key" in terms_frame.columns:
            keys = term_keys(terms_frame)
        contained = containment_from_table(table, synonyms=synonyms, keys=keys, min_papers=5)
        drop = pl.concat([drop, contained.filter(pl.col("inside_ratio") >= drop_inside)["term"]])
    counts = by_group.drop_nulls("group").filter(~pl.col("term").is_in(drop.implode()))
    keep = counts.group_by("term").agg(pl.col("count").sum().alias("_n")).filter(pl.col("_n") >= min_papers)
    counts = counts.join(keep.select("term"), on="term")
    if counts.height == 0 or counts["group"].n_unique() < 2:
        raise ValueError("too few terms in one of the windows to compare (lower min_papers or widen the windows)")
    return counts


def _changes(counts: pl.DataFrame, tot: dict, *, alpha: float, alpha0: float | None, general: bool) -> pl.DataFrame:
    """Per term: papers and shares in both windows, ``delta``, ``z`` (:func:`log_odds_ratio`),
    ``p_value`` (Woolf), ``q_value`` (Benjamini-Hochberg), ``direction`` and ``general``; single
    general-English words left out unless ``general``."""
    lo = log_odds_ratio(counts, groups=("recent", "before"), alpha0=alpha0)
    lo = lo.with_columns(_p_values(_paper_odds_z(pl.col("count_a"), pl.col("count_b"), tot["recent"], tot["before"]))
                         .alias("p_value"))
    lo = lo.with_columns(_bh(lo["p_value"]).alias("q_value"))
    specificity = term_specificity(lo["term"].unique())["term", "general"].unique("term")
    lo = lo.join(specificity, on="term", how="left")
    if not general:
        lo = lo.filter(~pl.col("general").fill_null(False))
    return lo.select(
        "term",
        pl.col("count_a").alias("papers_recent"),
        pl.col("count_b").alias("papers_before"),
        (pl.col("count_a") / tot["recent"]).alias("share_recent"),
        (pl.col("count_b") / tot["before"]).alias("share_before"),
        "delta", "z", "p_value", "q_value",
        pl.when(pl.col("q_value") >= alpha).then(pl.lit("stable"))
        .when(pl.col("z") > 0).then(pl.lit("rising")).otherwise(pl.lit("falling")).alias("direction"),
        pl.col("general").fill_null(False),
    )


def _ranked(out: pl.DataFrame, terms_frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of :func:`_changes` in the order of :func:`rising_terms`, with ``same_as`` and
    ``rank``: rising, falling, stable; specific terms before general words, by strength;
    near-duplicates of a better-placed term of the same direction last."""
    order = pl.col("direction").replace_strict({"rising": 0, "falling": 1, "stable": 2}, return_dtype=pl.Int8)
    strength = pl.when(pl.col("direction") == "falling").then(pl.col("z")).otherwise(-pl.col("z").abs())
    out = out.sort([order, pl.col("general"), strength, "term"])
    # Near-duplicates of a better-placed term of the same direction ("reinforcement" of "RL")
    # go after the distinct terms of that direction.
    # Within a group of near-duplicates the first term of this preference names the group: the
    # most used one, the broadest spelling of the concept ("RL" before "reinforcement", "agentic"
    # before "agentic framework"), whichever moved a little more.
    changed = out.filter(pl.col("direction") != "stable")
    if changed.height:
        used = pl.col("papers_recent") + pl.col("papers_before")
        changed = changed.sort([order, pl.col("general"), used, strength, "term"],
                               descending=[False, False, True, False, False])
    same = near_duplicates(terms_frame, changed["term"].to_list()) if changed.height else None
    if same is not None:
        same = same.join(changed.select("term", "direction"), on="term").join(
            changed.select(pl.col("term").alias("same_as"), pl.col("direction").alias("_d")), on="same_as", how="left"
        ).select("term", pl.when(pl.col("direction") == pl.col("_d")).then(pl.col("same_as")).alias("same_as"))
        out = out.join(same, on="term", how="left", maintain_order="left")
    else:
        out = out.with_columns(pl.lit(None, pl.String).alias("same_as"))
    out = out.with_row_index("_o").sort([order, pl.col("same_as").is_not_null(), "_o"]).drop("_o")
    return out.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("direction").alias("rank"))
