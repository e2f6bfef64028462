"""Static export of altair charts (PNG, SVG, PDF, self-contained HTML, JSON) through vl-convert.

Everything happens offline: vl-convert-python ships Vega, Vega-Lite and a JavaScript engine,
so no browser, node or network is needed, and the HTML it writes inlines the Vega libraries.
This module and :mod:`paperkit.report`'s command line are the only chart code that writes
files.
"""

from __future__ import annotations

import functools
import json
import uuid
from pathlib import Path
from typing import Any

import altair as alt

from paperkit.charts import theme as _theme  # noqa: F401  (registers the "paperkit" theme)

__all__ = [
    "FORMATS",
    "OFFLINE_RENDERER",
    "chart_spec",
    "chart_to_bytes",
    "offline_html",
    "save_chart",
    "use_offline_renderer",
    "vega_bundle",
    "vegalite_version",
]

#: Name of the offline notebook renderer registered in ``alt.renderers`` (enabled on request).
OFFLINE_RENDERER = "paperkit-offline"

#: Suffixes :func:`save_chart` understands, and what each writes.
FORMATS: dict[str, str] = {
    ".png": "PNG image (raster; ``scale`` sets the pixel density)",
    ".svg": "SVG image (vector; best for papers)",
    ".pdf": "PDF (vector)",
    ".html": "self-contained interactive HTML page (Vega libraries inlined, works offline)",
    ".json": "the Vega-Lite specification",
}


@functools.cache
def vegalite_version() -> str | None:
    """The Vega-Lite version (``"6.4"``) that matches altair's schema, if vl-convert ships it.

    Examples
    --------
    >>> vegalite_version()[0] in "56"
    True
    """
    import vl_convert as vlc  # deferred: a large native module, only for static images and the Vega bundle

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


def chart_spec(chart: Any, *, theme: str | None = None) -> dict:
    """The Vega-Lite specification of a chart, with its data inlined.

    Parameters
    ----------
    chart
        An altair chart (anything with ``to_dict()``) or a Vega-Lite spec as a ``dict``.
    theme
        Name of a registered altair theme applied while the spec is made (e.g.
        ``"paperkit"``); ``None`` keeps the active theme.

    Returns
    -------
    dict

    Examples
    --------
    >>> import polars as pl
    >>> c = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> list(chart_spec(c)["datasets"].values())
    [[{'x': 1}, {'x': 2}]]
    """
    if isinstance(chart, dict):
        return chart
    if not hasattr(chart, "to_dict"):
        raise TypeError(f"expected an altair chart or a Vega-Lite dict, got {type(chart).__name__}")
    # The default data transformer inlines the rows; a "json"/"csv" transformer would write a
    # side file and reference it by URL, which breaks self-contained output.
    with alt.data_transformers.enable("default"):
        if theme is None:
            return chart.to_dict()
        if theme not in alt.theme.names():
            raise ValueError(f"unknown altair theme {theme!r}; registered themes: {sorted(alt.theme.names())}")
        with alt.theme.enable(theme):
            return chart.to_dict()


def chart_to_bytes(chart: Any, fmt: str, *, scale: float = 2.0, theme: str | None = None) -> bytes:
    """Render a chart to ``"png"``, ``"svg"``, ``"pdf"``, ``"html"`` or ``"json"`` bytes.

    Parameters
    ----------
    chart
        An altair chart or a Vega-Lite spec ``dict``.
    fmt
        Output format, one of the suffixes of :data:`FORMATS` without the dot.
    scale
        Pixel density of PNG output (2 gives a sharp image on slides); ignored otherwise.
    theme
        Altair theme applied while rendering (see :func:`chart_spec`).

    Returns
    -------
    bytes

    Examples
    --------
    >>> import polars as pl
    >>> c = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> chart_to_bytes(c, "svg")[:4]
    b'<svg'
    >>> chart_to_bytes(c, "png")[1:4]
    b'PNG'
    """
    import vl_convert as vlc  # deferred: a large native module, only for static images and the Vega bundle

    fmt = fmt.lower().lstrip(".")
    if "." + fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; expected one of {[f[1:] for f in FORMATS]}")
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    spec = chart_spec(chart, theme=theme)
    version = vegalite_version()
    if fmt == "json":
        return json.dumps(spec, indent=2).encode("utf-8")
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    if fmt == "png":
        return vlc.vegalite_to_png(spec, vl_version=version, scale=scale)
    if fmt == "pdf":
        return vlc.vegalite_to_pdf(spec, vl_version=version)
    return vlc.vegalite_to_html(spec, vl_version=version, bundle=True).encode("utf-8")


def save_chart(chart: Any, path: str | Path, *, scale: float = 2.0, theme: str | None = None) -> Path:
    """Save a chart as PNG, SVG, PDF, HTML or JSON, chosen by the file's suffix (offline).

    Parameters
    ----------
    chart
        An altair chart or a Vega-Lite spec ``dict``.
    path
        Where to write; the suffix (``.png``, ``.svg``, ``.pdf``, ``.html``, ``.json``) picks
        the format. The folder must exist.
    scale
        Pixel density of PNG output (2 = twice the chart's nominal size).
    theme
        Name of a registered altair theme to render with, e.g. ``"paperkit"``; ``None``
        keeps the active one.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, polars as pl
    >>> c = alt.Chart(pl.DataFrame({"year": [2024, 2025], "n": [3, 5]})).mark_bar().encode(x="year:O", y="n:Q")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save_chart(c, Path(tmp) / "fig.svg", theme="paperkit")
    ...     out.read_text()[:4]
    '<svg'
    >>> save_chart(c, "fig.gif")
    Traceback (most recent call last):
    ...
    ValueError: cannot save a chart as 'fig.gif': unknown suffix '.gif'; expected one of .png, .svg, .pdf, .html, .json
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot save a chart as {str(path)!r}: unknown suffix {suffix or '(none)'!r}; "
            f"expected one of {', '.join(FORMATS)}"
        )
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot save a chart as {str(path)!r}: folder {str(path.parent)!r} does not exist")
    path.write_bytes(chart_to_bytes(chart, suffix, scale=scale, theme=theme))
    return path


# --- offline display in Jupyter ----------------------------------------------------------------
def vega_bundle(*, cache: Any = None) -> str:
    """vega + vega-lite + vega-embed as one classic script (from vl-convert; ~0.9 MB).

    It defines ``window.vegaEmbed``; safe to inline in a ``<script>`` element. vl-convert takes
    2-5 s to build it: it is built once per process, and with ``cache`` (a
    :class:`paperkit.cache.StageCache`) once per vl-convert and Vega-Lite version, read back
    from the cache folder by later processes (``paperkit report`` passes its cache).

    Examples
    --------
    >>> import tempfile
    >>> from paperkit.cache import StageCache
    >>> cache = StageCache(tempfile.mkdtemp())
    >>> vega_bundle(cache=cache) == vega_bundle(), cache.info()["stage"].to_list()
    (True, ['vega_bundle'])
    """
    if cache is None:
        return _built_bundle()
    import vl_convert as vlc  # deferred: a large native module, only for static images and the Vega bundle

    import polars as pl

    from paperkit.cache import stage_key

    key = stage_key("vega_bundle", {"vl_convert": vlc.__version__, "vega_lite": vegalite_version()})
    return cache.get("vega_bundle", key, lambda: pl.DataFrame({"js": [_built_bundle()]}))["js"][0]


@functools.cache
def _built_bundle() -> str:
    import vl_convert as vlc  # deferred: a large native module, only for static images and the Vega bundle

    return vlc.javascript_bundle(vl_version=vegalite_version()).replace("</script", "<\\/script")


def script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (``<``, ``>``, ``&`` escaped).

    Examples
    --------
    >>> out = script_json({"title": "</script><b>"})
    >>> "<" in out, out.count("u003c")
    (False, 2)
    """
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=str)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


_FRAGMENT_JS = """(function () {
  if (typeof window.vegaEmbed !== "undefined") { return; }
%(bundle)s
})();
(function () {
  var el = document.getElementById("%(id)s");
  window.vegaEmbed(el, %(spec)s, {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}})
    .catch(function (err) { el.textContent = "chart error: " + err; console.error(err); });
})();"""

# A chart without the bundle waits (up to 20 s) for an earlier output of the page to define vegaEmbed.
_WAITING_JS = """(function () {
  var el = document.getElementById("%(id)s"), tries = 0;
  function draw() {
    if (typeof window.vegaEmbed === "undefined") {
      if (++tries > 200) {
        el.textContent = "Vega is not loaded on this page: run pk.use_offline_renderer() again, then this cell.";
        return;
      }
      return setTimeout(draw, 100);
    }
    window.vegaEmbed(el, %(spec)s, {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}})
      .catch(function (err) { el.textContent = "chart error: " + err; console.error(err); });
  }
  draw();
})();"""


def offline_html(chart: Any, *, theme: str | None = None, bundle: bool = True) -> str:
    """An HTML fragment that draws the chart with vega-embed inlined: no CDN, works offline.

    The Vega libraries are included in the fragment (and evaluated only once per page), so
    the output renders in JupyterLab, VS Code or a saved notebook without network access.

    Parameters
    ----------
    chart
        An altair chart or a Vega-Lite spec ``dict``.
    theme
        Altair theme applied while the spec is made; ``None`` keeps the active one.
    bundle
        Include the Vega libraries (~0.9 MB). ``False`` gives a fragment of the spec's size that
        draws once an earlier fragment of the same page has loaded them.

    Returns
    -------
    str

    Examples
    --------
    >>> import polars as pl
    >>> c = alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    >>> frag = offline_html(c)
    >>> frag.startswith('<div class="paperkit-chart"'), "cdn.jsdelivr" in frag
    (True, False)
    >>> len(offline_html(c, bundle=False)) < 5_000 < len(frag)
    True
    """
    spec = chart_spec(chart, theme=theme)
    chart_id = f"pk-vis-{uuid.uuid4().hex}"
    if bundle:
        js = _FRAGMENT_JS % {"id": chart_id, "bundle": vega_bundle(), "spec": script_json(spec)}
    else:
        js = _WAITING_JS % {"id": chart_id, "spec": script_json(spec)}
    return f'<div class="paperkit-chart" id="{chart_id}"></div>\n<script type="text/javascript">{js}</script>'


class _OfflineRenderer:
    """The ``paperkit-offline`` renderer: the Vega bundle goes into the first chart output after
    :func:`use_offline_renderer` (per kernel), later outputs carry only their spec."""

    def __init__(self) -> None:
        self.once = True
        self.bundle_sent = False

    def __call__(self, spec: dict, **metadata: Any) -> dict[str, str]:
        bundle = not (self.once and self.bundle_sent)
        self.bundle_sent = True
        return {"text/html": offline_html(spec, bundle=bundle), "text/plain": "<paperkit offline chart>"}


_OFFLINE = _OfflineRenderer()
alt.renderers.register(OFFLINE_RENDERER, _OFFLINE)


def use_offline_renderer(*, once: bool = True):
    """Draw altair charts in notebooks with vega-embed inlined (no CDN needed), Vega loaded once.

    Altair 6's default renderer loads Vega from cdn.jsdelivr.net, so charts stay blank
    offline; JupyterLab 4's built-in renderer only knows Vega-Lite 5 mimetypes. This renderer
    works offline in JupyterLab, Notebook 7 and VS Code. With ``once`` (default) the Vega
    libraries (~0.9 MB) go into the first chart output after this call and every later chart
    output carries only its spec, so a notebook stays small (executed 04-co-topics: 4.78 MB -> 1.12 MB).
    The saved notebook renders top to bottom as before; after clearing that first output or
    reloading the page, call this function again (a chart that finds no Vega says so).
    ``once=False`` makes every output self-contained (for copying single outputs around).

    Returns
    -------
    altair.utils.plugin_registry.PluginEnabler
        Also usable as a context manager (restores the previous renderer on exit).

    Examples
    --------
    >>> with use_offline_renderer():
    ...     alt.renderers.active
    'paperkit-offline'
    """
    _OFFLINE.once = bool(once)
    _OFFLINE.bundle_sent = False
    return alt.renderers.enable(OFFLINE_RENDERER)
