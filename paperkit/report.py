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
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import re
import struct
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from paperkit.normalize import validate_papers

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

#: How charts are embedded: live Vega-Lite (``"interactive"``) or static images.
CHART_FORMATS = ("interactive", "svg", "png")

SectionBuilder = Callable[[pl.DataFrame], "Section | Sequence[Section]"]


class ReportWarning(UserWarning):
    """A report section could not be built or a block could not be drawn (the report goes on)."""


# --- blocks and sections -----------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """An altair chart with an optional caption (plain text)."""

    chart: Any
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """A small polars frame shown as an HTML table (at most ``max_rows`` rows; cells escaped)."""

    frame: pl.DataFrame
    caption: str = ""
    max_rows: int = 50


@dataclass(frozen=True)
class Text:
    """Plain text; blank lines separate paragraphs. Never interpreted as HTML."""

    text: str


@dataclass(frozen=True)
class _Failure:
    """An error box: what failed and why."""

    message: str


@dataclass(frozen=True)
class Section:
    """One section of a report.

    Parameters
    ----------
    heading
        The section's title.
    intro
        A paragraph explaining, in plain words, what the section shows and how it was computed.
    blocks
        Charts (altair charts or :class:`Figure`), tables (polars frames or :class:`Table`) and
        text (``str`` or :class:`Text`), in order.
    references
        Citations of the methods used, shown under the section.
    """

    heading: str
    intro: str = ""
    blocks: Sequence[Any] = field(default_factory=tuple)
    references: Sequence[str] = field(default_factory=tuple)


def _failed_section(heading: str, message: str) -> Section:
    return Section(heading=heading, blocks=(_Failure(message),))


def _builder_name(builder: Any) -> str:
    func = getattr(builder, "func", builder)  # functools.partial
    name = getattr(func, "__name__", None) or type(builder).__name__
    name = re.sub(r"_section$", "", name).replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Section"


# --- running builders --------------------------------------------------------------------------
def run_sections(
    papers: pl.DataFrame,
    builders: Iterable[SectionBuilder],
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Section]:
    """Call each section builder on ``papers``; a builder that raises yields an error section.

    Parameters
    ----------
    papers
        The papers frame every builder receives.
    builders
        Functions ``papers -> Section`` (or ``-> list[Section]``), in report order.
    progress
        Called with a short message before each builder runs (the CLI prints it).

    Returns
    -------
    list of Section
        The sections, in order; a failed builder contributes a section holding an error box,
        and a :class:`ReportWarning` names it and the error.

    Examples
    --------
    >>> import warnings
    >>> def broken_section(papers):
    ...     raise KeyError("keyword")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     out = run_sections(pl.DataFrame(), [lambda p: Section("Fine"), broken_section])
    >>> [s.heading for s in out], str(caught[0].message)
    (['Fine', 'Broken'], "report section 'Broken' failed: KeyError: 'keyword'")
    """
    sections: list[Section] = []
    for builder in builders:
        name = _builder_name(builder)
        if progress is not None:
            progress(f"building section: {name}")
        try:
            result = builder(papers)
            result = [result] if isinstance(result, Section) else list(result)
            bad = [type(s).__name__ for s in result if not isinstance(s, Section)]
            if bad:
                raise TypeError(f"a section builder must return Section objects, got {bad}")
        except Exception as err:  # noqa: BLE001  (fail soft: one section never kills the report)
            message = f"report section {name!r} failed: {type(err).__name__}: {err}"
            warnings.warn(message, ReportWarning, stacklevel=2)
            result = [_failed_section(name, message)]
        sections.extend(result)
    return sections


# --- HTML rendering ----------------------------------------------------------------------------
_CSP = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def _csp(scripts: Sequence[str]) -> str:
    """The page's Content-Security-Policy: only the report's own script blocks run (by their SHA-256
    hashes, no ``'unsafe-inline'``); ``'unsafe-eval'`` is for Vega's expression compiler."""
    if not scripts:
        return _CSP.format(scripts="'none'")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"
        for code in scripts
    )
    return _CSP.format(scripts=f"{hashes} 'unsafe-eval'")


# Control characters and bidirectional overrides/isolates: a title cannot hide or reverse text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_CSS = """
:root { --fg: #222; --muted: #555; --line: #ddd; --accent: #0072B2; --err: #b00020; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; line-height: 1.5;
  font-family: 'Source Sans 3', 'Source Sans Pro', 'Helvetica Neue', Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 2rem; }
header p { margin: 0; color: var(--muted); }
nav { margin: 20px 0 8px; padding: 10px 16px; background: #f6f8fa; border-radius: 6px; }
nav ol { margin: 0; padding-left: 20px; columns: 2; }
nav a { color: var(--accent); text-decoration: none; }
section { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--line); }
section h2 { font-size: 1.45rem; margin: 8px 0; }
.pk-intro { color: var(--fg); max-width: 820px; }
.pk-block { margin: 18px 0; }
.pk-chart { min-height: 40px; overflow-x: auto; }
figure { margin: 0; }
figcaption, .pk-table-note { color: var(--muted); font-size: 0.9rem; margin-top: 4px; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 6px 0; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.null { color: #999; }
.pk-table-wrap { overflow-x: auto; max-width: 100%; }
.pk-error { border: 1px solid var(--err); border-left: 6px solid var(--err); background: #fdecee;
  color: var(--err); padding: 10px 14px; border-radius: 4px; white-space: pre-wrap; }
.pk-refs { font-size: 0.88rem; color: var(--muted); }
footer { margin-top: 48px; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 10px; }
img.pk-static { max-width: 100%; height: auto; }
"""

_EMBED_JS = """
(function () {
  var specs = JSON.parse(document.getElementById("pk-specs").textContent);
  var options = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}};
  var jobs = Object.keys(specs).map(function (id) {
    var el = document.getElementById(id);
    return vegaEmbed(el, specs[id], options).then(function () {
      el.setAttribute("data-pk-status", "rendered");
    }).catch(function (err) {
      el.setAttribute("data-pk-status", "failed");
      el.className += " pk-error";
      el.textContent = "This chart could not be drawn: " + err;
      console.error("paperkit: chart " + id + " failed:", err);
    });
  });
  Promise.allSettled(jobs).then(function () { document.body.setAttribute("data-pk-charts", "done"); });
})();
"""


def _versions() -> str:
    from paperkit.charts.export import vegalite_version
    try:
        import importlib.metadata

        import vl_convert as vlc

        pk = importlib.metadata.version("paperkit")
        return f"paperkit {pk} · Vega {vlc.get_vega_version()}, Vega-Lite {vegalite_version()}, vega-embed {vlc.get_vega_embed_version()}"
    except Exception:  # noqa: BLE001  (a footer must never fail)
        return "paperkit"


def _esc(text: Any) -> str:
    return html.escape(_INVISIBLE.sub("", str(text)), quote=True)


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}-{i}", i + 1
    used.add(slug)
    return slug


def _paragraphs(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p{cls}>{_esc(' '.join(p.split()))}</p>" for p in parts)


def _cell(value: Any) -> tuple[str, str]:
    """(css class, escaped text) of one table cell."""
    if value is None:
        return "null", ""
    if isinstance(value, bool):
        return "", str(value).lower()
    if isinstance(value, int):
        return "num", _esc(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return "num", "NaN"
        return "num", _esc(f"{value:.3g}" if abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip("."))
    if isinstance(value, (dt.date, dt.datetime)):
        return "", _esc(value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat())
    if isinstance(value, (list, tuple)):
        return "", _esc("; ".join("" if v is None else str(v) for v in value))
    return "", _esc(value)


def _table_html(block: Table) -> str:
    frame = block.frame
    if frame.width == 0:
        return '<p class="pk-table-note">(empty table)</p>'
    shown = frame.head(block.max_rows)
    head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in shown.columns)
    body = []
    for row in shown.iter_rows():
        cells = (_cell(v) for v in row)
        body.append("<tr>" + "".join(f'<td class="{c}">{t}</td>' if c else f"<td>{t}</td>" for c, t in cells) + "</tr>")
    if frame.height == 0:
        body.append(f'<tr><td colspan="{frame.width}" class="null">(no rows)</td></tr>')
    caption = f"<caption>{_esc(block.caption)}</caption>" if block.caption else ""
    note = ""
    if frame.height > block.max_rows:
        note = f'<p class="pk-table-note">Showing the first {block.max_rows:,} of {frame.height:,} rows.</p>'
    return (
        f'<div class="pk-table-wrap"><table>{caption}<thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>{note}'
    )


def _chart_title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title) if title else "chart"


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _figure_html(block: Figure, chart_id: str, specs: dict, *, chart_format: str, theme: str | None, scale: float) -> str:
    from paperkit.charts.export import chart_spec, chart_to_bytes
    spec = chart_spec(block.chart, theme=theme)
    alt_text = _esc(_chart_title(spec))
    if chart_format == "interactive":
        specs[chart_id] = spec
        body = f'<div class="pk-chart" id="{chart_id}" role="img" aria-label="{alt_text}" data-pk-status="pending"></div>'
    elif chart_format == "svg":
        data = base64.b64encode(chart_to_bytes(spec, "svg")).decode("ascii")
        body = f'<div class="pk-chart" id="{chart_id}" data-pk-status="static"><img class="pk-static" alt="{alt_text}" src="data:image/svg+xml;base64,{data}"></div>'
    else:
        png = chart_to_bytes(spec, "png", scale=scale)
        width, height = _png_size(png)
        data = base64.b64encode(png).decode("ascii")
        body = (
            f'<div class="pk-chart" id="{chart_id}" data-pk-status="static"><img class="pk-static" alt="{alt_text}" '
            f'width="{round(width / scale)}" height="{round(height / scale)}" src="data:image/png;base64,{data}"></div>'
        )
    caption = f"<figcaption>{_esc(block.caption)}</figcaption>" if block.caption else ""
    return f"<figure>{body}{caption}</figure>"


def _as_block(block: Any) -> Any:
    import altair as alt
    if isinstance(block, (Figure, Table, Text, _Failure)):
        return block
    if isinstance(block, str):
        return Text(block)
    if isinstance(block, pl.DataFrame):
        return Table(block)
    if isinstance(block, (alt.TopLevelMixin, dict)):
        return Figure(block)
    raise TypeError(
        f"a report block must be an altair chart, a polars DataFrame, a str or a Figure/Table/Text; got {type(block).__name__}"
    )


def render_report(
    sections: Sequence[Section],
    *,
    title: str,
    subtitle: str = "",
    chart_format: str = "interactive",
    theme: str | None = "paperkit",
    scale: float = 2.0,
) -> str:
    """Render sections into one self-contained, offline HTML page.

    Parameters
    ----------
    sections
        The report's sections, in order.
    title
        Page title and top heading (plain text; escaped).
    subtitle
        A line under the title, e.g. the corpus and its date range.
    chart_format
        ``"interactive"`` (Vega-Lite specs drawn by the inlined vega-embed: tooltips, export
        menu), ``"svg"`` or ``"png"`` (static images made by vl-convert; the page then needs no
        JavaScript).
    theme
        Altair theme applied while the charts are converted (``"paperkit"``); ``None`` keeps
        the active one. The global theme is left as it was.
    scale
        Pixel density of PNG charts.

    Returns
    -------
    str
        The HTML document. A block that cannot be drawn becomes an error box (and a
        :class:`ReportWarning`); the rest of the report is kept.

    Examples
    --------
    >>> page = render_report([Section("About", "Plain <text>, not HTML.")], title="A <report>")
    >>> "<title>A &lt;report&gt;</title>" in page, "Plain &lt;text&gt;, not HTML." in page
    (True, True)
    >>> "vegaEmbed" in page  # no chart: no Vega libraries either
    False
    """
    from paperkit.charts.export import script_json, vega_bundle
    if chart_format not in CHART_FORMATS:
        raise ValueError(f"chart_format must be one of {list(CHART_FORMATS)}, got {chart_format!r}")
    if isinstance(sections, Section):
        sections = [sections]
    bad = [type(s).__name__ for s in sections if not isinstance(s, Section)]
    if bad:
        raise TypeError(f"render_report expects a list of Section objects, got {bad}")
    used: set[str] = set()
    specs: dict[str, dict] = {}
    toc, parts = [], []
    n_chart = 0
    for section in sections:
        sid = _slug(section.heading, used)
        toc.append(f'<li><a href="#{sid}">{_esc(section.heading)}</a></li>')
        out = [f'<section id="{sid}"><h2>{_esc(section.heading)}</h2>', _paragraphs(section.intro, "pk-intro")]
        for raw in section.blocks:
            try:
                block = _as_block(raw)
                if isinstance(block, Figure):
                    n_chart += 1
                    inner = _figure_html(block, f"pk-chart-{n_chart}", specs, chart_format=chart_format, theme=theme, scale=scale)
                elif isinstance(block, Table):
                    inner = _table_html(block)
                elif isinstance(block, Text):
                    inner = _paragraphs(block.text)
                else:
                    inner = f'<div class="pk-error" role="alert">{_esc(block.message)}</div>'
            except Exception as err:  # noqa: BLE001  (fail soft per block)
                message = f"a block of section {section.heading!r} could not be drawn: {type(err).__name__}: {err}"
                warnings.warn(message, ReportWarning, stacklevel=2)
                inner = f'<div class="pk-error" role="alert">{_esc(message)}</div>'
            out.append(f'<div class="pk-block">{inner}</div>')
        if section.references:
            refs = "".join(f"<li>{_esc(r)}</li>" for r in section.references)
            out.append(f'<div class="pk-refs"><strong>References</strong><ol>{refs}</ol></div>')
        out.append("</section>")
        parts.append("".join(out))
    scripts, code = "", []
    if specs:
        code = [vega_bundle(), _EMBED_JS]
        scripts = (
            f'<script type="application/json" id="pk-specs">{script_json(specs)}</script>\n'
            f"<script>{code[0]}</script>\n<script>{code[1]}</script>"
        )
    nav = f'<nav aria-label="Contents"><ol>{"".join(toc)}</ol></nav>' if len(toc) > 1 else ""
    sub = f"<p>{_esc(subtitle)}</p>" if subtitle else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(code)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{_esc(_versions())}">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>\n"
        f'<body data-pk-charts="{"pending" if specs else "done"}"><main>'
        f"<header><h1>{_esc(title)}</h1>{sub}</header>{nav}\n"
        + "\n".join(parts)
        + f"\n<footer>Made with {_esc(_versions())}. Self-contained: works offline, loads nothing from the network.</footer>"
        f"</main>\n{scripts}\n</body></html>\n"
    )


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
    from paperkit.charts.corpus import (category_counts, chart_papers_per_period, chart_sources, chart_top_categories, corpus_summary, papers_per_period, source_counts)
    validate_papers(papers, required=("paper_id", "title"))
    blocks: list[Any] = [Table(corpus_summary(papers, duplicates=duplicates, problems=problems), caption="The corpus at a glance")]
    if papers.height == 0:
        blocks.append(Text("The corpus is empty: no papers were loaded."))
        return Section("Corpus summary", blocks=blocks)
    cols = set(papers.columns)
    date = "digest_date" if "digest_date" in cols and papers["digest_date"].null_count() < papers.height else "published"
    if date in cols:
        per = papers_per_period(papers, every=every, date=date)
        if per.height:
            what = "first digest date" if date == "digest_date" else "arXiv publication date"
            period = {"1d": "day", "1w": "week", "1mo": "month", "1q": "quarter", "1y": "year"}.get(every, every)
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

    "What changed" (the findings, :func:`paperkit.sections.what_changed_section`), the corpus
    summary, then the analysis sections of :mod:`paperkit.sections` (keyword
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
    from paperkit.sections import analysis_sections, what_changed_section  # here: sections imports this module

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
    return render_report(built, title=title, subtitle=_subtitle(papers), chart_format=chart_format)


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


def _subtitle(papers: pl.DataFrame) -> str:
    text = f"{papers.height:,} papers"
    if "digest_date" in papers.columns and papers["digest_date"].drop_nulls().len():
        text += f", digests from {papers['digest_date'].min()} to {papers['digest_date'].max()}"
    if "source" in papers.columns and papers.height:
        text += f" ({', '.join(sorted(papers['source'].drop_nulls().unique().to_list()))})"
    return text


# --- command line ------------------------------------------------------------------------------
def register_cli(subparsers: Any) -> None:
    """Add the ``report`` subcommand to the ``paperkit`` command line.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="paperkit")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["report", "a.json", "-o", "out.html", "--format", "png"])
    >>> args.paths, args.output, args.format
    (['a.json'], 'out.html', 'png')
    """
    p = subparsers.add_parser(
        "report",
        help="write the one-page HTML report (corpus summary, trends, acronyms, co-topics)",
        description="Write one self-contained HTML report of the given digest files (or of the bundled "
        "sample when none is given). The page works offline: nothing is loaded from the network.",
    )
    p.add_argument("paths", nargs="*", help="digest files or folders (default: the bundled sample)")
    p.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    p.add_argument(
        "--format", choices=("html", "png", "svg"), default="html",
        help="charts as interactive Vega-Lite (html, default) or as static png/svg images inside the page",
    )
    p.add_argument("--title", default="paperkit report", help="the report's title")
    p.add_argument("--every", default="1mo", choices=("1d", "1w", "1mo", "1q", "1y"),
                   help="period of the trend charts (default: 1mo)")
    p.add_argument("--top", type=_positive_int, default=20, help="terms in the keyword trend heatmap (default: 20)")
    p.add_argument("--tables", type=Path, metavar="DIR",
                   help="also write every table of the report to DIR as CSV and Parquet")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    from paperkit.cli import add_cache_options, add_date_range

    add_date_range(p)
    add_cache_options(p)
    p.set_defaults(func=_cli_report)


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return value


def _load_for_cli(paths: list[str], *, quiet: bool, date_range: Any = "default", cache: Any = None):
    """Load with the package's loaders (imported lazily: ``paperkit.io`` reads files), through
    the cache when there is one."""
    from paperkit.io import DATE_RANGE, load_papers, sample_paths

    source = paths or sample_paths("hf-daily")
    date_range = DATE_RANGE if date_range == "default" else date_range
    if cache is not None:
        return cache.load_papers(source, progress=False if quiet else None, date_range=date_range)
    return load_papers(source, progress=False if quiet else None, date_range=date_range)


def _cli_report(args: Any) -> int:
    from paperkit.progress import log_progress

    if args.quiet:
        return _report_command(args, lambda message: None)
    # Timestamped stage lines on standard error (and loop progress, when it is not a terminal).
    with log_progress() as say:
        return _report_command(args, say)


def _report_command(args: Any, say: Callable[[str], None]) -> int:
    from pathlib import Path

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        print(f"paperkit report: error: --output must be an .html file, got {args.output!r}", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"paperkit report: error: folder {str(out.parent)!r} does not exist", file=sys.stderr)
        return 2
    from paperkit.cache import CacheWarning
    from paperkit.cli import cache_from_args

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportWarning)
        warnings.simplefilter("always", CacheWarning)  # a corrupt cache file: said, then recomputed
        try:
            cache = cache_from_args(args)
            say("loading papers" + (f" from {len(args.paths)} path(s)" if args.paths else " (bundled sample)")
                + (f"; cache {cache.path}" if cache is not None else ""))
            loaded = _load_for_cli(args.paths, quiet=args.quiet, date_range=getattr(args, "date_range", "default"),
                                   cache=cache)
        except (OSError, ValueError) as err:
            print(f"paperkit report: error: {err}", file=sys.stderr)
            return 1
        papers = loaded.papers
        say(f"loaded {papers.height:,} papers ({loaded.duplicates.height:,} duplicate records merged, "
            f"{loaded.problems.height:,} problems)")
        chart_format = "interactive" if args.format == "html" else args.format
        builders = default_sections(duplicates=loaded.duplicates, problems=loaded.problems,
                                    every=args.every, top=args.top, progress=say, cache=cache)
        sections = run_sections(papers, builders, progress=say)
        say(f"rendering {len(sections)} section(s), charts as {chart_format}")
        page = render_report(sections, title=args.title, subtitle=_subtitle(papers), chart_format=chart_format)
    for w in caught:
        print(f"paperkit report: warning: {w.message}", file=sys.stderr)
    out.write_text(page, encoding="utf-8")
    say(f"wrote {out} ({len(page.encode('utf-8')) / 1e6:.1f} MB, {papers.height:,} papers)")
    if getattr(args, "tables", None) is not None:
        from paperkit.io import write_tables

        written = write_tables(report_tables(sections), args.tables)
        say(f"wrote {written['table'].n_unique()} table(s) as CSV and Parquet to {args.tables}")
    return 0
