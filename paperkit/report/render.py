"""Sections to one self-contained HTML page (:func:`render_report`): escaped text, inlined Vega libraries, a Content Security Policy.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import importlib.metadata
import itertools
import re
import struct
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import polars as pl

from paperkit.report.blocks import CHART_FORMATS, Figure, ReportWarning, Section, Table, Text, Failure

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
    from paperkit.charts.export import vegalite_version  # deferred: altair
    try:
        import vl_convert as vlc  # deferred: heavy, and only for the footer

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
    from paperkit.charts.export import chart_spec, chart_to_bytes  # deferred: altair
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
    import altair as alt  # deferred: the report package imports without altair
    if isinstance(block, (Figure, Table, Text, Failure)):
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


def _block_html(raw: Any, heading: str, charts: Iterator[int], specs: dict[str, dict], *, chart_format: str,
                theme: str | None, scale: float) -> str:
    """The HTML of one block; an error box (and a :class:`ReportWarning`) when it cannot be drawn."""
    try:
        block = _as_block(raw)
        if isinstance(block, Figure):
            return _figure_html(block, f"pk-chart-{next(charts)}", specs, chart_format=chart_format, theme=theme,
                                scale=scale)
        if isinstance(block, Table):
            return _table_html(block)
        if isinstance(block, Text):
            return _paragraphs(block.text)
        return f'<div class="pk-error" role="alert">{_esc(block.message)}</div>'
    except Exception as err:  # noqa: BLE001  (fail soft per block)
        message = f"a block of section {heading!r} could not be drawn: {type(err).__name__}: {err}"
        warnings.warn(message, ReportWarning, stacklevel=3)
        return f'<div class="pk-error" role="alert">{_esc(message)}</div>'


def render_report(
    sections: Sequence[Section],
    *,
    title: str,
    subtitle: str = "",
    chart_format: str = "interactive",
    theme: str | None = "paperkit",
    scale: float = 2.0,
    cache: Any = None,
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
    cache
        A :class:`paperkit.cache.StageCache` that keeps the inlined Vega libraries (built by
        vl-convert in 2-5 s) for the next report; None builds them once per process.

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
    charts = itertools.count(1)
    for section in sections:
        sid = _slug(section.heading, used)
        toc.append(f'<li><a href="#{sid}">{_esc(section.heading)}</a></li>')
        out = [f'<section id="{sid}"><h2>{_esc(section.heading)}</h2>', _paragraphs(section.intro, "pk-intro")]
        for raw in section.blocks:
            inner = _block_html(raw, section.heading, charts, specs, chart_format=chart_format, theme=theme, scale=scale)
            out.append(f'<div class="pk-block">{inner}</div>')
        if section.references:
            refs = "".join(f"<li>{_esc(r)}</li>" for r in section.references)
            out.append(f'<div class="pk-refs"><strong>References</strong><ol>{refs}</ol></div>')
        out.append("</section>")
        parts.append("".join(out))
    return _page(title, subtitle, toc, parts, specs, cache=cache)


def _page(title: str, subtitle: str, toc: list[str], parts: list[str], specs: dict[str, dict], *,
          cache: Any = None) -> str:
    """The HTML document around the sections: head (with the Content Security Policy), contents, scripts."""
    from paperkit.charts.export import script_json, vega_bundle  # deferred: altair

    scripts, code = "", []
    if specs:
        code = [vega_bundle(cache=cache), _EMBED_JS]
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
