"""One self-contained HTML report from a papers frame: sections of charts, tables and text.

A report is a list of :class:`Section` objects, each a heading, an explanatory paragraph and
blocks: altair charts (:class:`Figure`, or a bare chart), small tables (:class:`Table`, or a
bare polars frame) and plain text (:class:`Text`, or a bare ``str``).
:func:`render_report` turns them into one HTML string that works offline: the Vega,
Vega-Lite and vega-embed libraries are inlined (from vl-convert-python), a Content Security
Policy forbids the page any network request, and every title, abstract, cell and caption is
HTML-escaped, so a title containing ``<script>`` shows as text. With
``chart_format="png"`` or ``"svg"`` charts are embedded as static images instead (no
JavaScript at all), for slides, print and e-mail.

:func:`build_report` assembles the default report from a papers frame by calling *section
builders*, functions ``papers -> Section`` (or a list of sections). A builder that raises does
not kill the report: its section shows a visible error box and a :class:`ReportWarning` is
issued. Other modules add their sections by providing a builder; :func:`default_sections`
lists the builders of the default report, in order.

Examples
--------
>>> import altair as alt, polars as pl
>>> frame = pl.DataFrame({"term": ["LLM", "<b>RAG</b>"], "n_papers": [12, 3]})
>>> chart = alt.Chart(frame).mark_bar().encode(x="n_papers:Q", y="term:N")
>>> page = render_report([Section("Terms", "Counts of two terms.", [chart, frame])], title="Demo")
>>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;RAG&lt;/b&gt;" in page, "<b>RAG</b>" in page
(True, True, False)

How a report is made, one module each::

    papers ─▶ Digest (paperkit.pipeline: every stage computed once)
        ├─ corpus.corpus_section ─────────────────────────────┐
        ├─ sections (trend_sections, topic_sections: builders) ┼─ build.build_report ─▶ [Section] ─ render.render_report ─▶ HTML
        └─ findings (what changed, with evidence) ─────────────┘
    blocks: Section, Figure, Table, Text and run_sections (a failing builder becomes an error box)
    cli: the ``paperkit report`` command

Nothing here imports altair until a chart is drawn.
"""

from __future__ import annotations

from paperkit.report.blocks import (  # noqa: F401  (SectionBuilder: the type of a builder)
    CHART_FORMATS, Figure, ReportWarning, Section, SectionBuilder, Table, Text, run_sections,
)
from paperkit.report.render import render_report

#: Names of the modules that build a report from the analyses: loaded on first use (PEP 562), so
#: that ``import paperkit`` (which needs only :mod:`paperkit.report.findings`) does not load them.
_LAZY = {"build_report": "paperkit.report.build", "default_sections": "paperkit.report.build",
         "report_tables": "paperkit.report.build", "corpus_section": "paperkit.report.corpus",
         "register_cli": "paperkit.report.cli"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib  # deferred: only for the first use of a lazy name

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'paperkit.report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "CHART_FORMATS",
    "Figure",
    "ReportWarning",
    "Section",
    "Table",
    "Text",
    "build_report",
    "corpus_section",
    "default_sections",
    "register_cli",
    "report_tables",
    "render_report",
    "run_sections",
]
