"""Keyword trends over time: shares per period, rising and falling terms, bursts, trend topics
and keyword-in-context.

All functions take the *paper terms* frame (``paper_id``, ``term``; e.g. from
:func:`paperkit.keywords.paper_terms` or :func:`paperkit.keywords.keyphrases` renamed) and the
papers frame for the dates, and return tidy frames. Dates are the first digest date
(``digest_date``) by default, ``date="published"`` for arXiv publication.

Fragments: every candidate of a paper is a term, so the words inside a longer term are terms too
("reinforcement" inside "reinforcement learning", "large language" inside "large language
models"). :func:`term_containment` measures, per term, the share of its papers that use it
*only* inside a longer term; :func:`rising_terms` drops terms with a share of at least 0.8 by
default (``drop_inside=0.8``), and the report's keyword sections do the same.

Denominators are explicit: a share is papers using the term over *all papers of that period*,
so a thin or partial period does not read as a drop; periods without any paper are kept with
``papers = 0`` and a null share, and ``min_papers`` nulls the share of periods too thin to read.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

import numpy as np
import polars as pl

from paperkit.normalize import validate_papers
from paperkit.text import _word_key_expr, fold_key_expr, sentences

__all__ = [
    "bursts",
    "fragment_terms",
    "keyword_in_context",
    "log_odds_ratio",
    "period_counts",
    "rising_terms",
    "term_containment",
    "term_shares",
    "trend_topics",
]

_EVERY = {"1d", "1w", "1mo", "1q", "3mo", "6mo", "1y"}
_WORD = r"\w+(?:[-'’]\w+)*"
#: Enumerators of lists, "(i) ... (ii) ...", "(a)": never a topic.
_ENUMERATOR = r"(?i)^(?:[ivx]{1,4}|[a-h])$"
#: A one-word term with two capitals or more ("RL", "LLMs", "LoRA", "GPT-4o"): may stand for a long form.
_ACRONYM = r"^[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-\w+)?$"


def _check_every(every: str) -> str:
    if not isinstance(every, str) or not re.fullmatch(r"\d+(d|w|mo|q|y)", every):
        raise ValueError(f"every must be a polars duration such as {sorted(_EVERY)}, got {every!r}")
    return every


def _dates(papers: pl.DataFrame, date: str) -> pl.DataFrame:
    """``paper_id, date`` (Date) for the papers with a date; errors when none has one."""
    validate_papers(papers, required=("paper_id",))
    if date not in ("digest_date", "published"):
        raise ValueError(f"date must be 'digest_date' or 'published', got {date!r}")
    if date not in papers.columns:
        raise ValueError(f"papers frame has no {date!r} column; pass date='digest_date' or date='published'")
    col = pl.col(date)
    if papers.schema[date] != pl.Date:
        col = col.dt.date()
    out = papers.select("paper_id", col.alias("date")).drop_nulls("date").unique("paper_id", keep="first")
    if out.height == 0 and papers.height > 0:
        raise ValueError(
            f"no paper has a {date!r}: trends need dates (try date='published' or load digests with dates)"
        )
    return out


def _period_grid(dates: pl.DataFrame, every: str) -> pl.DataFrame:
    """Every period from the first to the last, with its start and end (inclusive) dates."""
    _check_every(every)
    first = dates["date"].min()
    last = dates["date"].max()
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
    dates = _dates(papers, date)
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


def _check_terms_frame(paper_terms: pl.DataFrame) -> None:
    if not isinstance(paper_terms, pl.DataFrame):
        raise TypeError(f"expected a polars DataFrame of paper terms, got {type(paper_terms).__name__}")
    missing = [c for c in ("paper_id", "term") if c not in paper_terms.columns]
    if missing:
        raise ValueError(
            f"paper terms frame is missing column(s) {missing}; expected [paper_id, term, ...] "
            "(paperkit.keywords.paper_terms, or keyphrases() with 'phrase' renamed to 'term')"
        )


def term_shares(
    paper_terms: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    terms: list[str] | None = None,
    top: int = 20,
    every: str = "1mo",
    date: str = "digest_date",
    min_papers: int = 1,
) -> pl.DataFrame:
    """Per term and period: papers using the term, all papers of the period, and the share.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]`` (more columns are ignored; a paper counts once per term).
    papers
        The papers frame, for the dates and the denominators.
    terms
        Terms to report, matched by folding key (:func:`paperkit.text.fold_key`: "LLM", "LLMs"
        and "llms" select the same term) against the ``key`` column when there is one, else
        against the folded ``term``; a requested term that matches no key falls back to the
        exact ``term`` text, and one that matches nothing gets zero rows. Each is reported
        under its most used display form. None takes the ``top`` terms used by most papers.
    top
        Number of terms when ``terms`` is None.
    every, date
        As in :func:`period_counts`.
    min_papers
        A period with fewer papers than this gets a null share (and so does an empty period).

    Returns
    -------
    polars.DataFrame
        ``term``, ``period`` (Date), ``period_end``, ``papers_with_term`` (UInt32), ``papers``
        (UInt32, the denominator: all papers of the period), ``share`` (Float64 or null),
        ``partial`` (period only partly covered by the data); sorted by term and period.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "digest_date": [_dt.date(2025, 1, 5), _dt.date(2025, 1, 20), _dt.date(2025, 3, 31)]})
    >>> pt = pl.DataFrame({"paper_id": ["a", "c"], "term": ["LoRA", "LoRA"]})
    >>> term_shares(pt, papers).select("period", "papers_with_term", "papers", "share").rows()
    [(datetime.date(2025, 1, 1), 1, 2, 0.5), (datetime.date(2025, 2, 1), 0, 0, None), (datetime.date(2025, 3, 1), 1, 1, 1.0)]
    >>> term_shares(pt, papers, terms=["loras"])["term"].unique().to_list()  # any spelling
    ['LoRA']
    """
    _check_terms_frame(paper_terms)
    if not isinstance(min_papers, int) or min_papers < 0:
        raise ValueError(f"min_papers must be a non-negative integer, got {min_papers!r}")
    schema = {"term": pl.String(), "period": pl.Date(), "period_end": pl.Date(), "papers_with_term": pl.UInt32(),
              "papers": pl.UInt32(), "share": pl.Float64(), "partial": pl.Boolean()}
    denom = period_counts(papers, every=every, date=date)
    if denom.height == 0:
        return pl.DataFrame(schema=schema)
    dates = _dates(papers, date).with_columns(pl.col("date").dt.truncate(every).alias("period"))
    used = paper_terms.select("paper_id", "term").unique().join(dates, on="paper_id", how="inner")
    if terms is None:
        chosen = (
            used.group_by("term").agg(pl.len().alias("_n")).sort(["_n", "term"], descending=[True, False]).head(top)
        )["term"].to_list()
    else:
        if isinstance(terms, str):
            raise TypeError(f"terms must be a list of strings, got the string {terms!r}")
        chosen, used = _match_terms(list(dict.fromkeys(terms)), paper_terms, used)
    counts = (
        used.filter(pl.col("term").is_in(chosen))
        .unique(["paper_id", "term"])
        .group_by("term", "period")
        .agg(pl.len().cast(pl.UInt32).alias("papers_with_term"))
    )
    grid = pl.DataFrame({"term": chosen}, schema={"term": pl.String()}).join(denom, how="cross")
    out = grid.join(counts, on=["term", "period"], how="left").with_columns(
        pl.col("papers_with_term").fill_null(0)
    )
    thin = (pl.col("papers") == 0) | (pl.col("papers") < min_papers)
    out = out.with_columns(
        pl.when(thin).then(None).otherwise(pl.col("papers_with_term") / pl.col("papers")).cast(pl.Float64).alias("share")
    )
    order = pl.DataFrame({"term": chosen, "_o": range(len(chosen))}, schema={"term": pl.String(), "_o": pl.Int64()})
    return out.join(order, on="term").sort("_o", "period").select(list(schema))


def _match_terms(requested: list[str], paper_terms: pl.DataFrame, used: pl.DataFrame) -> tuple[list[str], pl.DataFrame]:
    """Map requested terms to the rows of ``used`` by folding key (fallback: exact text).

    Returns the output labels (most used display form of the matched rows, else the request)
    and ``used`` with ``term`` relabelled (a row may serve two requests, so it is duplicated).
    """
    if any(not isinstance(t, str) for t in requested):
        raise TypeError(f"terms must be strings, got {requested!r}")
    req = pl.DataFrame({"_req": requested, "_o": range(len(requested))},
                       schema={"_req": pl.String(), "_o": pl.Int64()})
    req = req.with_columns(fold_key_expr(pl.col("_req")).alias("_key"))
    key = pl.col("key") if "key" in paper_terms.columns else fold_key_expr(pl.col("term"))
    keyed = used.join(paper_terms.select("paper_id", "term", key.alias("_key")).unique(), on=["paper_id", "term"])
    by_key = keyed.join(req, on="_key", how="inner").drop("_key")
    matched_keys = set(by_key["_req"].unique().to_list())
    rest = req.filter(~pl.col("_req").is_in(list(matched_keys)))
    by_text = used.join(rest.select("_req", "_o"), left_on="term", right_on="_req", how="inner").with_columns(
        pl.col("term").alias("_req"))
    rows = pl.concat([by_key.select(by_text.columns), by_text], how="vertical_relaxed")
    label = (
        rows.group_by("_req", "term").agg(pl.col("paper_id").n_unique().alias("_n"))
        .sort(["_n", "term"], descending=[True, False]).unique("_req", keep="first")
        .select("_req", pl.col("term").alias("_label"))
    )
    labels = req.join(label, on="_req", how="left").sort("_o").select(
        pl.coalesce("_label", "_req").alias("_label"))["_label"].to_list()
    rows = rows.join(label, on="_req").select("paper_id", pl.col("_label").alias("term"), "date", "period")
    return list(dict.fromkeys(labels)), rows


def term_containment(paper_terms: pl.DataFrame, *, span: int = 3) -> pl.DataFrame:
    """Per term: the share of its papers in which it occurs only inside a longer term.

    In paper :math:`d`, term :math:`t` counts as *inside* when a longer term :math:`s` of the
    same paper covers every use of it: either the folded words of :math:`t` are a contiguous
    part of those of :math:`s` ("reinforcement" in "reinforcement learning framework") and
    :math:`s` occurs at least as often, or :math:`s` is a one-word acronym (an acronym may
    stand for its long form, "RL" for "reinforcement learning"), occurs at least as often, and
    its first use starts at most ``span`` tokens before the first use of :math:`t`. The ratio
    ``papers_inside / papers`` near 1 marks a *fragment* of a longer term ("large language",
    "reinforcement", "project" of "project page").

    Parameters
    ----------
    paper_terms
        :func:`paperkit.keywords.paper_terms` output: ``paper_id``, ``term``, ``count``,
        ``first_pos`` (token index of the first use).
    span
        Largest distance in tokens between an acronym's first use and the term's (long forms
        have at most 4 words).

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32), ``papers_inside`` (UInt32), ``inside_ratio`` (Float64);
        sorted by term.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "a", "b", "b"],
    ...     "term": ["reinforcement learning framework", "reinforcement", "agents", "reinforcement", "agents"],
    ...     "count": [2, 2, 1, 1, 3], "first_pos": [0, 0, 5, 3, 0]})
    >>> term_containment(pt).rows()
    [('agents', 2, 0, 0.0), ('reinforcement', 2, 1, 0.5), ('reinforcement learning framework', 1, 0, 0.0)]
    """
    _check_terms_frame(paper_terms)
    missing = [c for c in ("count", "first_pos") if c not in paper_terms.columns]
    if missing:
        raise ValueError(f"term_containment needs the columns {missing} of paperkit.keywords.paper_terms() output; "
                         f"got {paper_terms.columns}")
    if not isinstance(span, int) or span < 0:
        raise ValueError(f"span must be a non-negative integer, got {span!r}")
    schema = {"term": pl.String(), "papers": pl.UInt32(), "papers_inside": pl.UInt32(), "inside_ratio": pl.Float64()}
    if paper_terms.height == 0:
        return pl.DataFrame(schema=schema)
    pt = (
        paper_terms.select("paper_id", "term", pl.col("count").cast(pl.Int64), pl.col("first_pos").cast(pl.Int64))
        .group_by("paper_id", "term").agg(pl.col("count").max(), pl.col("first_pos").min())
    )
    words = pl.col("term").str.extract_all(_WORD).list.eval(_word_key_expr(pl.element()))
    pt = pt.with_columns(words.alias("_w")).with_columns(
        pl.col("_w").list.len().alias("_n"), pl.col("_w").list.join(" ").alias("_k"))
    longer = pt.filter(pl.col("_n") >= 2)
    max_n = int(longer["_n"].max() or 0)
    # Every contiguous part of every longer term, with the longer term's count.
    parts = [
        longer.filter(pl.col("_n") > length, pl.col("_n") >= start + length).select(
            "paper_id", pl.col("_w").list.slice(start, length).list.join(" ").alias("_k"), pl.col("count").alias("_c"))
        for length in range(1, max_n) for start in range(0, max_n - length + 1)
    ]
    frames = []
    if parts:
        by_words = pl.concat(parts).group_by("paper_id", "_k").agg(pl.col("_c").max())
        frames.append(pt.join(by_words, on=["paper_id", "_k"]).filter(pl.col("_c") >= pl.col("count"))
                      .select("paper_id", "term"))
    is_acronym = pl.col("term").str.contains(_ACRONYM)
    acronyms = pt.filter((pl.col("_n") == 1) & is_acronym).select(
        "paper_id", pl.col("term").alias("_s"), pl.col("first_pos").alias("_p"), pl.col("count").alias("_c"))
    frames.append(
        pt.filter((pl.col("_n") <= 3) & ~is_acronym).join(acronyms, on="paper_id")
        .filter((pl.col("first_pos") >= pl.col("_p")) & (pl.col("first_pos") <= pl.col("_p") + span)
                & (pl.col("_c") >= pl.col("count")))
        .select("paper_id", "term")
    )
    inside = pl.concat(frames).unique().with_columns(pl.lit(True).alias("_in"))
    return (
        pt.select("paper_id", "term").join(inside, on=["paper_id", "term"], how="left")
        .group_by("term")
        .agg(pl.len().cast(pl.UInt32).alias("papers"),
             pl.col("_in").fill_null(False).sum().cast(pl.UInt32).alias("papers_inside"))
        .with_columns((pl.col("papers_inside") / pl.col("papers")).cast(pl.Float64).alias("inside_ratio"))
        .sort("term")
        .select(list(schema))
    )


def fragment_terms(paper_terms: pl.DataFrame, *, threshold: float = 0.8, min_papers: int = 5) -> list[str]:
    """Terms used only inside a longer term in at least ``threshold`` of their papers
    (:func:`term_containment`), among terms used by at least ``min_papers`` papers (fewer
    are too few to judge); empty when ``paper_terms`` lacks ``count``/``first_pos``.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a"], "term": ["large language models", "large language"],
    ...     "count": [1, 1], "first_pos": [0, 0]})
    >>> fragment_terms(pt, min_papers=1)
    ['large language']
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if "count" not in paper_terms.columns or "first_pos" not in paper_terms.columns:
        return []
    c = term_containment(paper_terms)
    return c.filter((pl.col("inside_ratio") >= threshold) & (pl.col("papers") >= min_papers))["term"].to_list()


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
    for col in ("term", "group", "count"):
        if col not in counts.columns:
            raise ValueError(f"counts frame needs columns [term, group, count]; missing {col!r} in {counts.columns}")
    present = sorted(counts["group"].unique().drop_nulls().to_list())
    if groups is None:
        if len(present) != 2:
            raise ValueError(f"log_odds_ratio compares exactly two groups; found {present}: pass groups=(a, b)")
        groups = (present[0], present[1])
    a, b = groups
    for g in (a, b):
        if g not in present:
            raise ValueError(f"group {g!r} has no counts; groups present: {present}")
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


def _window(dates: pl.DataFrame, window, name: str) -> pl.Expr:
    if not (isinstance(window, tuple) and len(window) == 2):
        raise TypeError(f"{name} must be a (start, end) tuple of dates, end exclusive; got {window!r}")
    start, end = (pl.lit(w).cast(pl.Date) if w is not None else None for w in window)
    cond = pl.lit(True)
    if start is not None:
        cond = cond & (pl.col("date") >= start)
    if end is not None:
        cond = cond & (pl.col("date") < end)
    return cond


def rising_terms(
    paper_terms: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    recent: tuple,
    before: tuple,
    date: str = "digest_date",
    min_papers: int = 5,
    alpha0: float | None = None,
    drop_inside: float | None = 0.8,
) -> pl.DataFrame:
    """Terms used more (rising) or less (falling) in a recent window than in an earlier one.

    Counts are papers using the term in each window; the comparison is
    :func:`log_odds_ratio` (informative Dirichlet prior, Monroe et al. 2008).

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]``.
    papers
        The papers frame (dates).
    recent, before
        ``(start, end)`` dates, start inclusive and end exclusive (``None`` for open).
    date
        ``"digest_date"`` or ``"published"``.
    min_papers
        Keep terms used by at least this many papers over both windows.
    alpha0
        Prior size, as in :func:`log_odds_ratio`.
    drop_inside
        Drop *fragments*: terms that, in at least this share of the papers using them, occur
        only inside a longer term (:func:`term_containment`; "reinforcement" of
        "reinforcement learning", "large language" of "large language models"), among terms
        used by at least 5 papers. Default 0.8; None keeps every term. Applied when ``paper_terms`` has the ``count`` and
        ``first_pos`` columns of :func:`paperkit.keywords.paper_terms`. List enumerators
        ("ii", "iii", "(a)") are always dropped.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers_recent``, ``papers_before``, ``share_recent``, ``share_before`` (of
        all papers in the window), ``delta``, ``z``, ``direction`` ("rising"/"falling"); sorted
        by descending ``z``.

    References
    ----------
    Monroe, Colaresi & Quinn (2008), see :func:`log_odds_ratio`.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abcdef"), "digest_date": [_dt.date(2024, 1, 1)] * 3 + [_dt.date(2025, 1, 1)] * 3})
    >>> pt = pl.DataFrame({"paper_id": list("abcdefdef"), "term": ["GAN"] * 3 + ["agent"] * 3 + ["data"] * 3})
    >>> r = rising_terms(pt, papers, recent=(_dt.date(2025, 1, 1), None), before=(None, _dt.date(2025, 1, 1)), min_papers=1)
    >>> r.select("term", "papers_recent", "papers_before", "direction").rows()
    [('agent', 3, 0, 'rising'), ('data', 3, 0, 'rising'), ('GAN', 0, 3, 'falling')]
    """
    _check_terms_frame(paper_terms)
    paper_terms = paper_terms.filter(~pl.col("term").str.contains(_ENUMERATOR))
    if drop_inside is not None:
        fragments = fragment_terms(paper_terms, threshold=drop_inside)
        if fragments:
            paper_terms = paper_terms.filter(~pl.col("term").is_in(fragments))
    dates = _dates(papers, date)
    dates = dates.with_columns(
        pl.when(_window(dates, recent, "recent")).then(pl.lit("recent"))
        .when(_window(dates, before, "before")).then(pl.lit("before"))
        .alias("group")
    ).drop_nulls("group")
    totals = dates.group_by("group").agg(pl.len().alias("n"))
    tot = dict(totals.iter_rows())
    for g in ("recent", "before"):
        if tot.get(g, 0) == 0:
            raise ValueError(f"the {g} window {recent if g == 'recent' else before!r} has no papers with a {date!r}")
    used = paper_terms.select("paper_id", "term").unique().join(dates.select("paper_id", "group"), on="paper_id")
    counts = used.group_by("term", "group").agg(pl.len().alias("count"))
    keep = counts.group_by("term").agg(pl.col("count").sum().alias("_n")).filter(pl.col("_n") >= min_papers)
    counts = counts.join(keep.select("term"), on="term")
    if counts.height == 0 or counts["group"].n_unique() < 2:
        raise ValueError("too few terms in one of the windows to compare (lower min_papers or widen the windows)")
    lo = log_odds_ratio(counts, groups=("recent", "before"), alpha0=alpha0)
    return lo.select(
        "term",
        pl.col("count_a").alias("papers_recent"),
        pl.col("count_b").alias("papers_before"),
        (pl.col("count_a") / tot["recent"]).alias("share_recent"),
        (pl.col("count_b") / tot["before"]).alias("share_before"),
        "delta",
        "z",
        pl.when(pl.col("z") >= 0).then(pl.lit("rising")).otherwise(pl.lit("falling")).alias("direction"),
    )


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
        Output of :func:`term_shares` (``term``, ``period``, ``period_end``,
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
    >>> periods = pl.date_range(_dt.date(2024, 1, 1), _dt.date(2024, 12, 1), interval="1mo", eager=True)
    >>> shares = pl.DataFrame({"term": "agents", "period": periods, "period_end": periods.dt.month_end(),
    ...     "papers_with_term": [2, 3, 2, 2, 3, 20, 25, 22, 3, 2, 3, 2], "papers": [100] * 12})
    >>> bursts(shares).select("term", "start", "end", "periods").rows()
    [('agents', datetime.date(2024, 6, 1), datetime.date(2024, 8, 31), 3)]
    """
    need = ("term", "period", "papers_with_term", "papers")
    missing = [c for c in need if c not in shares.columns]
    if missing:
        raise ValueError(f"shares frame is missing column(s) {missing}; expected the output of term_shares()")
    if s <= 1:
        raise ValueError(f"s (burst rate ratio) must be > 1, got {s!r}")
    if gamma <= 0:
        raise ValueError(f"gamma must be positive, got {gamma!r}")
    schema = {"term": pl.String(), "start": pl.Date(), "end": pl.Date(), "periods": pl.UInt32(),
              "strength": pl.Float64(), "papers_with_term": pl.Int64(), "papers": pl.Int64()}
    if shares.height == 0:
        return pl.DataFrame(schema=schema)
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
    states, weight = _kleinberg_states(r, d, s=s, gamma=gamma)
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


def trend_topics(
    paper_terms: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    date: str = "digest_date",
    min_papers: int = 5,
    weight: str | None = "count",
) -> pl.DataFrame:
    """Each term's first quartile, median and third quartile of date, weighted by use.

    The "trend topics" of bibliometrix (``fieldByYear``): a term is placed in time by the
    weighted quartiles of the dates of the papers that use it (weight: its occurrences in the
    paper when ``weight="count"``, else 1 per paper), so a term's span shows when it was used.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]`` plus the ``weight`` column when given.
    papers
        The papers frame (dates).
    date
        ``"digest_date"`` or ``"published"``.
    min_papers
        Keep terms used by at least this many papers.
    weight
        Column of ``paper_terms`` with a per-paper weight, or None for one per paper.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers``, ``uses`` (sum of weights), ``q1``, ``median``, ``q3`` (Dates);
        sorted by median then term.

    References
    ----------
    Aria, M. & Cuccurullo, C. (2017). bibliometrix: An R-tool for comprehensive science
    mapping analysis. *Journal of Informetrics* 11(4), 959-975 (``fieldByYear``).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "digest_date": [_dt.date(2025, m, 1) for m in (1, 2, 3, 4)]})
    >>> pt = pl.DataFrame({"paper_id": list("abcd"), "term": ["RAG"] * 4, "count": [1, 1, 1, 5]})
    >>> trend_topics(pt, papers, min_papers=1).select("term", "q1", "median", "q3").rows()
    [('RAG', datetime.date(2025, 2, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))]
    """
    _check_terms_frame(paper_terms)
    if weight is not None and weight not in paper_terms.columns:
        raise ValueError(f"weight column {weight!r} not in paper terms frame {paper_terms.columns}; pass weight=None")
    w = pl.col(weight).cast(pl.Float64) if weight is not None else pl.lit(1.0)
    used = paper_terms.select("paper_id", "term", w.alias("w")).group_by("paper_id", "term").agg(pl.col("w").sum())
    used = used.join(_dates(papers, date), on="paper_id", how="inner").sort("term", "date")
    used = used.with_columns(
        (pl.col("w").cum_sum().over("term") / pl.col("w").sum().over("term")).alias("cw")
    )

    def q(p: float) -> pl.Expr:
        return pl.col("date").filter(pl.col("cw") >= p - 1e-12).first()

    return (
        used.group_by("term")
        .agg(pl.len().cast(pl.UInt32).alias("papers"), pl.col("w").sum().alias("uses"),
             q(0.25).alias("q1"), q(0.5).alias("median"), q(0.75).alias("q3"))
        .filter(pl.col("papers") >= min_papers)
        .sort(["median", "term"])
    )


def _term_regex(term: str) -> str:
    words = re.findall(r"[^\W_]+", term)
    if not words:
        raise ValueError(f"term {term!r} has no letters or digits to search for")
    parts = []
    for w in words:
        stem = re.escape(w)
        if w.lower().endswith("y") and len(w) > 3:
            stem = re.escape(w[:-1]) + "(?:y|ies)"
        elif w.lower().endswith("s") and len(w) > 3 and not w.lower().endswith("ss"):
            stem = re.escape(w[:-1]) + "(?:s|es)?"
        else:
            stem = stem + "(?:s|es)?"
        parts.append(stem)
    return r"(?i)\b" + r"[-\s]?".join(parts) + r"\b"


def keyword_in_context(
    papers: pl.DataFrame,
    term: str,
    *,
    period: _dt.date | tuple | None = None,
    every: str = "1mo",
    date: str = "digest_date",
    width: int = 60,
) -> pl.DataFrame:
    """The papers and sentences that use a term (case, plural and hyphen/space variants).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``; the ``date`` column when
        ``period`` is given).
    term
        The term, e.g. "fine-tuning" (also finds "fine tuning", "finetuning", "Fine-Tuning").
    period
        A date (the period of ``every`` that contains it) or a ``(start, end)`` tuple (end
        exclusive); None for all papers.
    every, date
        Period length and date column, as in :func:`period_counts`.
    width
        Characters of context kept on each side of the match.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``date``, ``title``, ``sentence`` (the whole sentence), ``left``,
        ``match``, ``right`` (the keyword-in-context columns); one row per use, in paper order.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["Fine-tuning LLMs", "Vision"],
    ...     "abstract": ["We study it. Fine tuning helps small models. Nothing else.", "No match here."],
    ...     "digest_date": [_dt.date(2025, 1, 2), _dt.date(2025, 1, 3)]})
    >>> keyword_in_context(papers, "fine-tuning", width=10).select("paper_id", "left", "match", "right").rows()
    [('a', '', 'Fine-tuning', ' LLMs'), ('a', '', 'Fine tuning', ' helps sma')]
    """
    validate_papers(papers, required=("paper_id", "title", "abstract"))
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"term must be a non-empty string, got {term!r}")
    pattern = _term_regex(term)
    schema = {"paper_id": pl.String(), "date": pl.Date(), "title": pl.String(), "sentence": pl.String(),
              "left": pl.String(), "match": pl.String(), "right": pl.String()}
    frame = papers.select("paper_id", "title", "abstract")
    if date in papers.columns:
        col = pl.col(date) if papers.schema[date] == pl.Date else pl.col(date).dt.date()
        frame = frame.with_columns(papers.select(col.alias("date")).to_series())
    else:
        frame = frame.with_columns(pl.lit(None, pl.Date).alias("date"))
    if period is not None:
        if isinstance(period, tuple):
            frame = frame.filter(_window(frame, period, "period"))
        elif isinstance(period, _dt.date):
            _check_every(every)
            start = pl.select(pl.lit(period).cast(pl.Date).dt.truncate(every)).item()
            frame = frame.filter(pl.col("date").dt.truncate(every) == start)
        else:
            raise TypeError(f"period must be a date or a (start, end) tuple, got {period!r}")
    hits = frame.filter(
        pl.col("title").fill_null("").str.contains(pattern) | pl.col("abstract").fill_null("").str.contains(pattern)
    )
    rx = re.compile(pattern)
    rows = []
    for pid, title, abstract, day in hits.select("paper_id", "title", "abstract", "date").iter_rows():
        for sent in [title or ""] + sentences(abstract):
            for m in rx.finditer(sent):
                rows.append((pid, day, title, sent, sent[max(0, m.start() - width): m.start()], m.group(0),
                             sent[m.end(): m.end() + width]))
    return pl.DataFrame(rows, schema=schema, orient="row")
