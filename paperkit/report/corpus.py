"""The corpus summary section: counts, date range, papers per period, top categories and sources.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from paperkit.frames import PERIOD_NAMES, date_column
from paperkit.normalize import validate_papers
from paperkit.report.blocks import Figure, Section, Table, Text


# --- the default report ------------------------------------------------------------------------
def corpus_section(
    papers: pl.DataFrame,
    *,
    duplicates: pl.DataFrame | None = None,
    problems: pl.DataFrame | None = None,
    every: str = "1mo",
) -> Section:
    """The corpus summary: counts, date range, papers per period, top categories, sources.

    Parameters
    ----------
    papers
        A papers frame.
    duplicates
        Optional: records folded into another (:func:`paperkit.normalize.split_duplicates`);
        adds a count per merge reason.
    problems
        Optional: the loader's problem report; adds its count and first rows.
    every
        Period of the papers-per-period chart (polars duration, ``"1mo"`` by default).

    Returns
    -------
    Section

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"], "source": ["arxiv", "arxiv"],
    ...     "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 2, 3)], "categories": [["cs.CL"], []]})
    >>> [type(b).__name__ for b in corpus_section(papers).blocks]
    ['Table', 'Figure', 'Figure', 'Text']
    """
    from paperkit.charts.corpus import (  # deferred: altair
        category_counts, chart_papers_per_period, chart_sources, chart_top_categories, corpus_summary, papers_per_period, source_counts)
    validate_papers(papers, required=("paper_id", "title"))
    blocks: list[Any] = [Table(corpus_summary(papers, duplicates=duplicates, problems=problems), caption="The corpus at a glance")]
    if papers.height == 0:
        blocks.append(Text("The corpus is empty: no papers were loaded."))
        return Section("Corpus summary", blocks=blocks)
    cols = set(papers.columns)
    date = date_column(papers)
    if date is not None:
        per = papers_per_period(papers, every=every, date=date)
        if per.height:
            what = "first digest date" if date == "digest_date" else "arXiv publication date"
            period = PERIOD_NAMES.get(every, every)
            chart = chart_papers_per_period(per, title=f"Papers per {period} (N = {per['n_dated'][0]:,} dated papers)")
            blocks.append(Figure(chart, caption=f"Each paper counted once, in the {period} of its {what}. "
                                 "A period at either end of the corpus may be partial: compare papers per day (tooltip)."))
    if "categories" in cols:
        cats = category_counts(papers, top=15)
        if cats.height:
            blocks.append(Figure(chart_top_categories(cats), caption="A paper listed in several categories counts in each."))
        else:
            blocks.append(Text("No paper in this corpus has arXiv categories (Hugging Face digests do not list them)."))
    if "source" in cols:
        src = source_counts(papers)
        if src.height > 1:
            blocks.append(Figure(chart_sources(src)))
        elif src.height == 1:
            blocks.append(Text(f"All {papers.height:,} papers come from one source format: {src['source'][0]}."))
    if duplicates is not None and duplicates.height:
        by_reason = (
            duplicates.group_by("reason").agg(pl.len().cast(pl.UInt32).alias("n_records")).sort("n_records", descending=True)
            if "reason" in duplicates.columns else duplicates
        )
        blocks.append(Table(by_reason, caption="Duplicate records folded into another record, by reason"))
    if problems is not None and problems.height:
        blocks.append(Table(problems, caption="Problems reported while loading (first rows)", max_rows=20))
    return Section(
        "Corpus summary",
        intro=(
            "What the report is based on: how many papers, from when, from which digests and arXiv "
            "categories. Every share is given with its denominator, so a month that only partly "
            "falls inside the corpus, or a category that many papers are cross-listed in, is not "
            "mistaken for a trend."
        ),
        blocks=blocks,
    )
