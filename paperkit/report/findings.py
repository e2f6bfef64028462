"""What changed in a corpus: a few findings, each one sentence with its number and its evidence.

Pure functions from the outputs of the analysis stages (:mod:`paperkit.trends`,
:mod:`paperkit.acronyms`, :mod:`paperkit.cotopics`) to one tidy frame::

    rising / bursts / definitions / cotopic_changes / periods ──*_findings──▶ [kind, sentence, value, evidence]
                                                            ──top_findings──▶ the 5-8 that matter, strongest first

Every sentence is written from the row it describes and only when the evidence holds: a riser
must be significant (``q_value`` below ``alpha``), a burst must have a positive strength, a new
acronym must be defined by several papers of the recent window and by none before, a co-topic
pair must have gained papers as well as association. Missing or insufficient evidence gives no
finding, never a sentence with a gap.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from paperkit.deprecation import renamed_keywords
from paperkit.frames import validate

__all__ = [
    "FINDINGS_SCHEMA",
    "burst_findings",
    "caveat_findings",
    "cotopic_findings",
    "findings_text",
    "new_acronym_findings",
    "rising_findings",
    "top_findings",
]

#: Columns of every findings frame: ``evidence`` lists the ids (terms, paper ids, pairs) a reader follows.
FINDINGS_SCHEMA = {"kind": pl.String(), "sentence": pl.String(), "value": pl.Float64(), "evidence": pl.List(pl.String())}


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=FINDINGS_SCHEMA, orient="row")




def _pct(x: float) -> str:
    return f"{100 * x:.1f} %" if x < 0.1 else f"{100 * x:.0f} %"


def rising_findings(rising: pl.DataFrame, *, top: int = 2, alpha: float = 0.05) -> pl.DataFrame:
    """The strongest significant risers and fallers, with their shares before and after.

    Parameters
    ----------
    rising
        Output of :func:`paperkit.trends.rising_terms`.
    top
        Findings per direction.
    alpha
        A term counts only when its ``q_value`` (false discovery rate) is below this.

    Returns
    -------
    polars.DataFrame
        :data:`FINDINGS_SCHEMA`; ``kind`` "rising" or "falling", ``value`` the z-score,
        ``evidence`` the term.

    Examples
    --------
    >>> r = pl.DataFrame({"term": ["agentic", "GAN", "RL"], "papers_recent": [140, 12, 30], "papers_before": [40, 60, 29],
    ...     "share_recent": [0.045, 0.004, 0.01], "share_before": [0.012, 0.02, 0.01], "z": [6.1, -4.2, 0.3],
    ...     "q_value": [1e-6, 0.001, 0.9], "direction": ["rising", "falling", "stable"], "same_as": [None, None, None]})
    >>> for s in rising_findings(r)["sentence"]: print(s)
    "agentic" rose from 1.2 % to 4.5 % of papers (40 of 3,333 papers before, 140 of 3,111 recent; z = 6.1).
    "GAN" fell from 2.0 % to 0.4 % of papers (60 of 3,000 papers before, 12 of 3,000 recent; z = -4.2).
    """
    validate(rising, "rising", needed_by="rising_findings", columns=("term", "share_recent", "share_before", "papers_recent", "papers_before", "z", "q_value", "direction"))
    data = rising.filter(pl.col("direction").is_in(["rising", "falling"]) & (pl.col("q_value") < alpha))
    if "same_as" in data.columns:
        data = data.filter(pl.col("same_as").is_null())
    if "general" in data.columns:
        data = data.filter(~pl.col("general").fill_null(False))
    rows = []
    for direction, verb in (("rising", "rose"), ("falling", "fell")):
        part = data.filter(pl.col("direction") == direction).sort(pl.col("z").abs(), descending=True).head(top)
        for r in part.iter_rows(named=True):
            # The windows' sizes (papers / share) say why counts and shares may move apart.
            counts = (f'{r["papers_before"]:,} of {_window(r["papers_before"], r["share_before"])} papers before, '
                      f'{r["papers_recent"]:,} of {_window(r["papers_recent"], r["share_recent"])} recent')
            rows.append((direction, f'"{r["term"]}" {verb} from {_pct(r["share_before"])} to {_pct(r["share_recent"])} of papers '
                         f'({counts}; z = {r["z"]:.1f}).', float(r["z"]), [r["term"]]))
    return _frame(rows)


def _window(papers: int, share: float) -> str:
    """The papers of a window, from a term's papers and share there ("?" without a share)."""
    return f"{round(papers / share):,}" if share else "?"


def burst_findings(bursts: pl.DataFrame, *, top: int = 1) -> pl.DataFrame:
    """The strongest bursts (Kleinberg), with their dates and papers.

    Examples
    --------
    >>> b = pl.DataFrame({"term": ["RL"], "start": [dt.date(2025, 7, 1)], "end": [dt.date(2025, 9, 30)],
    ...     "strength": [12.5], "papers_with_term": [210], "papers": [1100]})
    >>> burst_findings(b)["sentence"][0]
    '"RL" burst from 2025-07-01 to 2025-09-30: 210 of 1,100 papers in those periods (strength 12.5).'
    """
    validate(bursts, "bursts", needed_by="burst_findings", columns=("term", "start", "end", "strength", "papers_with_term", "papers"))
    rows = []
    for r in bursts.filter(pl.col("strength") > 0).sort("strength", descending=True).head(top).iter_rows(named=True):
        rows.append(("burst", f'"{r["term"]}" burst from {r["start"]} to {r["end"]}: {r["papers_with_term"]:,} of '
                     f'{r["papers"]:,} papers in those periods (strength {r["strength"]:.1f}).', float(r["strength"]), [r["term"]]))
    return _frame(rows)


def new_acronym_findings(
    definitions: pl.DataFrame, papers: pl.DataFrame, *, since: dt.date, min_papers: int = 3, top: int = 1, date: str = "digest_date"
) -> pl.DataFrame:
    """Acronyms first defined in the recent window (from ``since``) by several papers, and never before.

    Parameters
    ----------
    definitions
        Output of :func:`paperkit.acronyms.find_acronyms` (``paper_id``, ``short_form``, ``long_form``).
    papers
        The papers frame (``paper_id`` and ``date``).
    since
        First day of the recent window.
    min_papers
        Papers of the window that must define it.
    top
        Findings to return (most defining papers first).
    date
        Date column of ``papers``.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "digest_date": [dt.date(2025, 1, 2)] + [dt.date(2025, 6, 2)] * 3})
    >>> d = pl.DataFrame({"paper_id": list("bcda"), "short_form": ["VLA"] * 3 + ["RAG"],
    ...     "long_form": ["vision-language-action"] * 3 + ["retrieval-augmented generation"]})
    >>> new_acronym_findings(d, papers, since=dt.date(2025, 6, 1))["sentence"][0]
    'VLA (vision-language-action) is new: first defined on 2025-06-02, by 3 papers since 2025-06-01 and none before.'
    """
    validate(definitions, "definitions", needed_by="new_acronym_findings", columns=("paper_id", "short_form", "long_form"))
    validate(papers, "papers", needed_by="new_acronym_findings", columns=("paper_id", date))
    dated = definitions.join(papers.select(pl.col("paper_id"), pl.col(date).alias("_date")), on="paper_id", how="inner").drop_nulls("_date")
    per = dated.group_by("short_form").agg(
        pl.col("_date").min().alias("first"),
        pl.col("paper_id").filter(pl.col("_date") >= since).n_unique().alias("recent"),
        pl.col("paper_id").filter(pl.col("_date") < since).n_unique().alias("before"),
        pl.col("long_form").str.to_lowercase().mode().first().alias("long_form"),
        pl.col("paper_id").filter(pl.col("_date") >= since).unique().sort().head(3).alias("ids"),
    ).filter((pl.col("before") == 0) & (pl.col("recent") >= min_papers)).sort(["recent", "short_form"], descending=[True, False]).head(top)
    rows = [("new acronym", f'{r["short_form"]} ({r["long_form"]}) is new: first defined on {r["first"]}, by {r["recent"]} papers '
             f"since {since} and none before.", float(r["recent"]), list(r["ids"])) for r in per.iter_rows(named=True)]
    return _frame(rows)


def cotopic_findings(changes: pl.DataFrame, *, top: int = 1, min_papers: int = 10) -> pl.DataFrame:
    """Co-topic pairs that strengthened most: association up and more papers with both.

    Parameters
    ----------
    changes
        Output of :func:`paperkit.cotopics.cotopic_changes`.
    top
        Findings to return.
    min_papers
        Papers with both topics needed in the recent window.

    Examples
    --------
    >>> c = pl.DataFrame({"topic_a": ["robotics & embodied AI"], "topic_b": ["world models"], "n_before": [2], "n_after": [24],
    ...     "score_before": [2.61], "score_after": [7.1], "change": [4.49], "direction": ["rose"]})
    >>> cotopic_findings(c)["sentence"][0]
    'robotics & embodied AI + world models strengthened: 2 -> 24 papers with both, association 2.6 -> 7.1.'
    """
    validate(changes, "changes", needed_by="cotopic_findings", columns=("topic_a", "topic_b", "n_before", "n_after", "score_before", "score_after", "change", "direction"))
    part = changes.filter((pl.col("direction") == "rose") & (pl.col("n_after") > pl.col("n_before")) & (pl.col("n_after") >= min_papers))
    rows = [("co-topics", f'{r["topic_a"]} + {r["topic_b"]} strengthened: {r["n_before"]:,} -> {r["n_after"]:,} papers with both, '
             f'association {r["score_before"]:.1f} -> {r["score_after"]:.1f}.', float(r["change"]), [f'{r["topic_a"]} + {r["topic_b"]}'])
            for r in part.sort("change", descending=True).head(top).iter_rows(named=True)]
    return _frame(rows)


def caveat_findings(periods: pl.DataFrame, *, thin: float = 0.5) -> pl.DataFrame:
    """Corpus caveats: partial periods and thin periods (fewer papers than ``thin`` x the median).

    Parameters
    ----------
    periods
        Output of :func:`paperkit.trends.period_counts` (``period``, ``papers``, ``partial``).
    thin
        A period is thin below this fraction of the median period.

    Examples
    --------
    >>> p = pl.DataFrame({"period": [dt.date(2025, m, 1) for m in (1, 2, 3, 4)], "papers": [59, 300, 320, 90],
    ...     "partial": [True, False, False, False]})
    >>> for s in caveat_findings(p)["sentence"]: print(s)
    Partial period: 2025-01 (59 papers) covers only part of its span; its shares are less reliable.
    Thin period: 2025-04 has 90 papers, under half the median of 195.
    """
    validate(periods, "periods", needed_by="caveat_findings", columns=("period", "papers"))
    if periods.height == 0:
        return _frame([])
    median = float(periods["papers"].median())
    rows = []
    if "partial" in periods.columns:
        part = periods.filter(pl.col("partial"))
        if part.height:
            names = ", ".join(f"{p:%Y-%m} ({n:,} papers)" for p, n in part.select("period", "papers").rows())
            tail = ("covers only part of its span; its shares are less reliable." if part.height == 1 else
                    "each cover only part of their span; their shares are less reliable.")
            rows.append(("caveat", f"Partial period{'s' if part.height > 1 else ''}: {names} {tail}",
                         float(part.height), [f"{p:%Y-%m}" for p in part["period"]]))
    thin_rows = periods.filter((pl.col("papers") < thin * median) & ~(pl.col("partial") if "partial" in periods.columns else pl.lit(False)))
    for p, n in thin_rows.select("period", "papers").rows():
        rows.append(("caveat", f"Thin period: {p:%Y-%m} has {n:,} papers, under half the median of {median:,.0f}.", float(n), [f"{p:%Y-%m}"]))
    return _frame(rows)


@renamed_keywords(max_findings="top")
def top_findings(*parts: pl.DataFrame, top: int = 8) -> pl.DataFrame:
    """The findings to show first: changes (rising, falling, bursts, new acronyms, co-topics) in that
    order, then at most two caveats, at most ``top`` in all.

    Examples
    --------
    >>> a = _frame([("rising", "x rose.", 5.0, ["x"])])
    >>> c = _frame([("caveat", "Thin period.", 3.0, ["2025-01"])])
    >>> top_findings(c, a)["kind"].to_list()
    ['rising', 'caveat']
    """
    if not parts:
        return _frame([])
    frames = [p.select(list(FINDINGS_SCHEMA)).cast(FINDINGS_SCHEMA) for p in parts]
    every = pl.concat(frames)
    order = {"rising": 0, "falling": 1, "burst": 2, "new acronym": 3, "co-topics": 4}
    changes = every.filter(pl.col("kind") != "caveat").with_columns(
        pl.col("kind").replace_strict(order, default=9).alias("_o")).sort("_o", maintain_order=True).drop("_o")
    caveats = every.filter(pl.col("kind") == "caveat").head(2)
    return pl.concat([changes.head(top - min(caveats.height, 2)), caveats]).head(top)


def findings_text(frame: pl.DataFrame) -> str:
    """The findings as plain text, one bullet per finding with its evidence (for any renderer).

    Examples
    --------
    >>> print(findings_text(_frame([("rising", '"x" rose.', 5.0, ["x"])])))
    - "x" rose. [evidence: x]
    """
    validate(frame, "findings", needed_by="findings_text", columns=tuple(FINDINGS_SCHEMA))
    if frame.height == 0:
        return "No change in this corpus passes the tests behind the findings."
    return "\n".join(f"- {s} [evidence: {', '.join(e)}]" for s, e in frame.select("sentence", "evidence").rows())
