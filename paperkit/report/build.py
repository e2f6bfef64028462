"""The default report: its sections in order (:func:`default_sections`), built and rendered (:func:`build_report`), and its tables (:func:`report_tables`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from paperkit.normalize import validate_papers
from paperkit.report.blocks import CHART_FORMATS, Section, SectionBuilder, Table, run_sections
from paperkit.report.corpus import corpus_section
from paperkit.report.render import render_report
from paperkit.report.sections import analysis_sections, what_changed_section


def default_sections(
    *,
    duplicates: pl.DataFrame | None = None,
    problems: pl.DataFrame | None = None,
    every: str = "1mo",
    top: int = 20,
    progress: Callable[[str], None] | None = None,
    digest: Any = None,
    cache: Any = None,
) -> list[SectionBuilder]:
    """The section builders of the default report, in order.

    "What changed" (the findings, :func:`paperkit.report.sections.what_changed_section`), the corpus
    summary, then the analysis sections of :mod:`paperkit.report.sections` (keyword
    trends, rising and falling terms, bursts, the acronym glossary, co-topics, the thematic
    map), which read the stages of one :class:`paperkit.Digest`, so that the glossary, the
    terms of every paper and the topics are computed once.

    Parameters
    ----------
    duplicates, problems
        Optional loader diagnostics for the corpus summary (see :func:`corpus_section`).
    every
        Period of the papers-per-period and trend charts (``"1w"``, ``"1mo"``, ``"1q"``, ...).
    top
        Terms in the keyword trend heatmap.
    progress
        Called with a short message before each expensive shared step.
    digest
        A :class:`paperkit.Digest` to read the stages from (e.g. one a notebook already
        computed); ``every``, ``top`` and ``cache`` then come from it.
    cache
        Disk cache of the stages, as ``Digest(cache=...)`` (default: none).

    Returns
    -------
    list of callables
        Functions ``papers -> Section``.

    Examples
    --------
    >>> [b.func.__name__ for b in default_sections()][:3]
    ['what_changed_section', 'corpus_section', 'keyword_trends_section']
    """
    if digest is not None:
        every = digest.every
    corpus = functools.partial(corpus_section, duplicates=duplicates, problems=problems, every=every)
    analyses = analysis_sections(digest, every=every, top=top, cache=cache, progress=progress)
    shared = analyses[0].keywords["digest"]  # the findings read the same stages, first on the page
    return [functools.partial(what_changed_section, digest=shared), corpus, *analyses]


def build_report(
    papers: pl.DataFrame,
    *,
    title: str = "paperkit report",
    sections: Sequence[SectionBuilder] | None = None,
    duplicates: pl.DataFrame | None = None,
    problems: pl.DataFrame | None = None,
    chart_format: str = "interactive",
) -> str:
    """The one-page HTML report of a papers frame (see :func:`render_report`).

    Parameters
    ----------
    papers
        A papers frame (:data:`paperkit.normalize.PAPERS_SCHEMA`).
    title
        The report's title.
    sections
        Section builders ``papers -> Section``; :func:`default_sections` when ``None``.
        A builder that raises shows as an error box (with a :class:`ReportWarning`).
    duplicates, problems
        Optional loader diagnostics shown in the corpus summary of the default sections
        (to use them with your own ``sections``, pass ``default_sections(duplicates=...)``).
    chart_format
        ``"interactive"``, ``"svg"`` or ``"png"`` (see :func:`render_report`).

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["2406.00001"], "title": ["<script>alert(1)</script> Attention"],
    ...     "digest_date": [dt.date(2024, 6, 3)]})
    >>> page = build_report(papers, title="One paper", sections=[corpus_section])
    >>> "<script>alert(1)" in page, "Corpus summary" in page
    (False, True)
    """
    validate_papers(papers, required=("paper_id", "title"))
    if sections is None:
        sections = default_sections(duplicates=duplicates, problems=problems)
    elif duplicates is not None or problems is not None:
        raise ValueError("duplicates/problems go with the default sections; with your own sections pass "
                         "default_sections(duplicates=..., problems=...) or functools.partial(corpus_section, ...)")
    if chart_format not in CHART_FORMATS:
        raise ValueError(f"chart_format must be one of {list(CHART_FORMATS)}, got {chart_format!r}")
    built = run_sections(papers, sections)
    return render_report(built, title=title, subtitle=report_subtitle(papers), chart_format=chart_format)


def report_tables(sections: Sequence[Section]) -> dict[str, pl.DataFrame]:
    """Every table of built sections, named ``"<section> - <caption>"``, for :func:`paperkit.io.write_tables`.

    The frames are the full tables (a page shows at most ``max_rows`` of each).

    Examples
    --------
    >>> s = Section("Acronym glossary", "", [Table(pl.DataFrame({"short_form": ["RAG"]}), caption="The glossary")])
    >>> list(report_tables([s]))
    ['Acronym glossary - The glossary']
    """
    out: dict[str, pl.DataFrame] = {}
    for section in sections:
        tables = [b for b in getattr(section, "blocks", []) if isinstance(b, Table)]
        for i, block in enumerate(tables, start=1):
            caption = block.caption.split(":")[0].split("(")[0].strip()[:60] if block.caption else f"table {i}"
            name = f"{section.heading} - {caption}"
            while name in out:
                name += f" {i}"
            out[name] = block.frame
    return out


def report_subtitle(papers: pl.DataFrame) -> str:
    """The report's subtitle: the number of papers and the span of their digest dates."""
    text = f"{papers.height:,} papers"
    if "digest_date" in papers.columns and papers["digest_date"].drop_nulls().len():
        text += f", digests from {papers['digest_date'].min()} to {papers['digest_date'].max()}"
    if "source" in papers.columns and papers.height:
        text += f" ({', '.join(sorted(papers['source'].drop_nulls().unique().to_list()))})"
    return text
