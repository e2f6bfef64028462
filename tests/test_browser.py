"""The report and the notebooks as a user sees them: headless Chromium (Debian's) via Playwright.

Marked ``browser``: ``pytest -m "not browser"`` skips them locally; they also skip, with the
reason, when ``/usr/bin/chromium`` or the ``playwright`` package is missing. CI installs both
and runs them. ``PAPERKIT_SCREENSHOT=1`` (or ``CI`` set) saves ``docs/report.png``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import altair as alt
import polars as pl
import pytest

from paperkit.normalize import normalize_records
from paperkit.report import ReportWarning, Section, build_report, corpus_section, render_report
from tests.browser_utils import CHART_STATE_JS, browser_skip_reason, chromium_context, free_port, watch_page

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "report.png"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(browser_skip_reason() is not None, reason=str(browser_skip_reason())),
]

# Real titles and abstracts (Hugging Face daily papers / arXiv cs listings), plus hostile markup.
_TITLES = [
    "LoRA: Low-Rank Adaptation of Large Language Models",
    "MM-RLHF: The Next Step Forward in Multimodal LLM Alignment",
    "Visual-RFT: Visual Reinforcement Fine-Tuning",
    "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
    "<script>alert(1)</script> Attention Is All You Need",
    "Qwen2.5-VL Technical Report",
    "SmolVLM: Redefining small and efficient multimodal models",
    "<img src=x onerror=alert(2)>: Robust Retrieval-Augmented Generation",
]
_ABSTRACT = (
    "Large language models (LLMs) have shown remarkable capabilities, yet aligning them with human "
    "preferences through reinforcement learning from human feedback (RLHF) remains costly."
)
_CATEGORIES = [["cs.CL", "cs.LG"], ["cs.CV", "cs.CL"], ["cs.CV"], ["cs.CL", "cs.AI"], ["cs.LG"], ["cs.CV", "cs.AI"], ["cs.CV"], ["cs.IR", "cs.CL"]]


def _papers(n: int = 240) -> pl.DataFrame:
    start = dt.date(2025, 1, 6)
    recs = pl.DataFrame(
        {
            "arxiv_id": [f"2501.{10000 + i}" for i in range(n)],
            "title": [f"{_TITLES[i % len(_TITLES)]} ({i})" for i in range(n)],
            "abstract": [None if i % 17 == 0 else _ABSTRACT for i in range(n)],
            "digest_date": [start + dt.timedelta(days=(i * 5) % 150) for i in range(n)],
            "categories": [_CATEGORIES[i % len(_CATEGORIES)] for i in range(n)],
            "source": ["arxiv" if i % 3 else "hf-api" for i in range(n)],
        }
    )
    return normalize_records(recs)


def _extra_section(papers: pl.DataFrame) -> Section:
    """A section with a heatmap, a line chart and a table of hostile titles, like later sections."""
    months = papers.select(pl.col("digest_date").dt.truncate("1mo").alias("month"), pl.col("categories").list.first().alias("category"))
    grid = months.group_by("month", "category").len().sort("month", "category")
    heat = alt.Chart(grid, title="Primary category by month").mark_rect().encode(
        x=alt.X("month:O", timeUnit="yearmonth"), y="category:N", color="len:Q"
    )
    line = alt.Chart(grid, title="Papers by primary category").mark_line(point=True).encode(
        x="month:T", y="len:Q", color="category:N"
    )
    titles = papers.select("paper_id", "title").head(8)
    return Section("Hostile titles", "Titles with HTML in them must show as text.", [heat, line, titles])


def _broken_section(papers: pl.DataFrame) -> Section:
    raise RuntimeError("this section is broken on purpose")


def _open_report(page, path: Path) -> list[dict]:
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-pk-charts') === 'done'", timeout=30_000)
    return page.evaluate(CHART_STATE_JS)


def test_report_renders_offline_in_chromium(tmp_path):
    papers = _papers()
    with pytest.warns(UserWarning, match="broken on purpose"):
        page_html = build_report(
            papers, title="paperkit report: realistic sample",
            sections=[corpus_section, _extra_section, _broken_section],
        )
    report = tmp_path / "report.html"
    report.write_text(page_html, encoding="utf-8")
    with chromium_context(tmp_path / "profile") as context:
        page = context.new_page()
        watch = watch_page(context, page)
        charts = _open_report(page, report)
        assert len(charts) == 5, charts  # per month, categories, sources, heatmap, line
        for chart in charts:
            assert chart["status"] == "rendered", chart
            assert chart["svgMarks"] > 5 or chart["canvas"] > 0, chart
            assert chart["height"] > 50, chart
        # Hostile titles are shown as text, never executed or parsed as HTML.
        assert page.locator("text=<script>alert(1)</script> Attention").count() >= 1
        assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
        assert page.locator(".pk-error").count() == 1  # the broken section, visible
        assert watch.errors == [], watch.errors
        assert watch.blocked == [], f"the report tried to load {watch.blocked}"


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory) -> Path:
    """The default report (every section) of the bundled sample, built once for this module."""
    try:
        import paperkit

        papers = paperkit.load_sample()
    except Exception:  # noqa: BLE001 - the loaders may be absent in a partial checkout
        papers = _papers()
    path = tmp_path_factory.mktemp("bundled") / "report.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReportWarning)  # every section of the default report must build
        path.write_text(build_report(papers, title="paperkit report"), encoding="utf-8")
    return path


def test_bundled_default_report_renders_in_chromium(bundled_report, tmp_path):
    """Every section of the default report, on the bundled data: all charts drawn, offline, no errors."""
    page_html = bundled_report.read_text(encoding="utf-8")
    for heading in ("Corpus summary", "Keyword trends", "Rising and falling terms", "Bursts",
                    "Acronym glossary", "Co-topics", "Thematic map"):
        assert f">{heading}</h2>" in page_html, heading
    with chromium_context(tmp_path / "profile", width=1200, height=900) as context:
        page = context.new_page()
        watch = watch_page(context, page)
        charts = _open_report(page, bundled_report)
        assert len(charts) >= 10, charts
        for chart in charts:
            assert chart["status"] == "rendered", chart
            assert chart["svgMarks"] > 5 or chart["canvas"] > 0, chart
            assert chart["height"] > 50, chart
        assert page.locator(".pk-error").count() == 0
        assert watch.errors == [], watch.errors
        assert watch.blocked == [], f"the report tried to load {watch.blocked}"
        if os.environ.get("PAPERKIT_SCREENSHOT") or os.environ.get("CI"):
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SCREENSHOT.with_name("report-top.png")), full_page=True, clip={"x": 0, "y": 0, "width": 1200, "height": 1500})
            assert SCREENSHOT.stat().st_size > 10_000


#: JavaScript: what a reader sees of each chart: its title, text outside the drawing (cut
#: labels), each axis's labels, the fills of its rect marks, and the opacity of its line marks.
READER_VIEW_JS = """
() => Array.from(document.querySelectorAll('.pk-chart')).map((el) => {
  const svg = el.querySelector('svg.marks');
  if (!svg) return {id: el.id, svg: false};
  const box = svg.getBoundingClientRect();
  const cut = Array.from(svg.querySelectorAll('text')).filter((t) => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && t.textContent.trim() !== '' &&
      (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
  }).map((t) => t.textContent);
  const fills = {};
  svg.querySelectorAll('.mark-rect path').forEach((r) => {
    if (r.closest('.role-legend')) return;  // the colour legend's gradient is not a cell
    const f = r.getAttribute('fill'); fills[f] = (fills[f] || 0) + 1;
  });
  const lines = Array.from(svg.querySelectorAll('.mark-line path')).map(
    (p) => parseFloat(p.getAttribute('stroke-opacity') ?? p.getAttribute('opacity') ?? '1'));
  return {
    id: el.id, svg: true,
    title: Array.from(svg.querySelectorAll('.role-title-text')).map((t) => t.textContent).join(' '),
    cut,
    axes: Array.from(svg.querySelectorAll('.role-axis')).map((ax) => ({
      title: Array.from(ax.querySelectorAll('.role-axis-title text')).map((t) => t.textContent).join(' '),
      labels: Array.from(ax.querySelectorAll('.role-axis-label text')).map((t) => t.textContent)
        .filter((x) => x.trim() !== ''),
    })).filter((ax) => ax.labels.length > 0),
    fills, lines,
  };
})
"""
_MONTH_LABEL = r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$"


def _chart(charts: list[dict], title: str) -> dict:
    found = [c for c in charts if c.get("title", "").startswith(title)]
    assert found, f"no chart titled {title!r} in {[c.get('title') for c in charts]}"
    return found[0]


def test_bundled_report_charts_read_at_a_glance(bundled_report, tmp_path):
    """What a reader sees in each chart of the default report (monthly periods on the bundled data):
    no label cut at the drawing's edge; month ticks labelled "Jan 2025" on every time axis; the
    heatmaps' colour scales show variation (not one dark colour and an outlier); count axes have
    integer ticks; clicking a term in the trend lines' legend fades the other lines."""
    import re

    with chromium_context(tmp_path / "profile", width=1200, height=900) as context:
        page = context.new_page()
        watch = watch_page(context, page)
        _open_report(page, bundled_report)
        charts = page.evaluate(READER_VIEW_JS)
        svgs = [c for c in charts if c["svg"]]
        assert len(svgs) >= 10, charts
        for chart in svgs:  # labels not cut
            assert chart["cut"] == [], (chart["title"], chart["cut"])
        # Month ticks for monthly data: every axis of a time chart reads "Jan 2025".
        for title in ("Papers per month", "Share of papers using each term", "Top terms by period", "Bursts"):
            chart = _chart(svgs, title)
            dated = [ax for ax in chart["axes"] if any(re.search(r"\d{4}", x) for x in ax["labels"])]
            assert dated, (title, chart["axes"])
            for ax in dated:
                assert all(re.match(_MONTH_LABEL, x) for x in ax["labels"]), (title, ax["labels"])
        # Colour scales that show variation: several colours, none covering most cells.
        for title, min_colours in (("Topic co-occurrence (", 4), ("Top terms by period", 5)):
            fills = _chart(svgs, title)["fills"]
            cells = sum(fills.values())
            assert len(fills) >= min_colours and max(fills.values()) < 0.5 * cells, (title, fills)
        # Counts have integer ticks.
        for title in ("Papers per month", "Top 25 acronyms", "Ambiguous acronyms"):
            numeric = [x for ax in _chart(svgs, title)["axes"] for x in ax["labels"]
                       if re.fullmatch(r"[\d.,]+", x)]
            assert numeric and all(re.fullmatch(r"\d[\d,]*", x) for x in numeric), (title, numeric)
        # Legend selection: a click on the first term of the trend lines' legend fades the others.
        index = next(i for i, c in enumerate(charts) if c.get("title", "").startswith("Share of papers using"))
        before = _chart(svgs, "Share of papers using")["lines"]
        assert len(before) >= 2 and min(before) == 1.0, before
        label = page.locator(".pk-chart").nth(index).locator(".role-legend-label text").first
        label.scroll_into_view_if_needed()
        box = label.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(
            f"Array.from(document.querySelectorAll('.pk-chart')[{index}].querySelectorAll('.mark-line path'))"
            ".some((p) => parseFloat(p.getAttribute('stroke-opacity') ?? p.getAttribute('opacity') ?? '1') < 0.5)",
            timeout=10_000)
        after = _chart(page.evaluate(READER_VIEW_JS), "Share of papers using")["lines"]
        assert sum(o < 0.5 for o in after) == len(after) - 1, after
        assert watch.errors == [], watch.errors


@pytest.mark.parametrize("chart_format", ["svg", "png"])
def test_static_report_needs_no_javascript(tmp_path, chart_format):
    sections = [corpus_section(_papers(60))]
    report = tmp_path / f"report-{chart_format}.html"
    report.write_text(render_report(sections, title="static", chart_format=chart_format), encoding="utf-8")
    with chromium_context(tmp_path / "profile") as context:
        context.set_extra_http_headers({})
        page = context.new_page()
        watch = watch_page(context, page)
        charts = _open_report(page, report)
        assert [c["status"] for c in charts] == ["static"] * 3
        assert all(c["img"] > 100 for c in charts), charts
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert watch.errors == [] and watch.blocked == []


# --- JupyterLab --------------------------------------------------------------------------------
_TINY_NOTEBOOK = '''# %% [markdown]
# # A tiny paperkit notebook (stand-in until notebooks/01-load-and-normalize.py exists)

# %%
import altair as alt
import polars as pl
from paperkit.charts.export import use_offline_renderer

use_offline_renderer()
counts = pl.DataFrame({"month": ["2025-01", "2025-02", "2025-03"], "n_papers": [316, 257, 421]})
alt.Chart(counts, title="Papers per month").mark_bar().encode(x="month:O", y="n_papers:Q")
'''


def _notebook_dir(tmp_path: Path) -> tuple[Path, str]:
    """A temp copy of notebooks/ as .ipynb (jupytext), and the notebook to open."""
    import jupytext

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    sources = sorted((ROOT / "notebooks").glob("01-load-and-normalize.py"))
    if os.environ.get("PAPERKIT_LAB_NOTEBOOK") == "tiny":  # check the harness itself
        sources = []
    if sources:
        for src in (ROOT / "notebooks").iterdir():
            if src.is_file():
                shutil.copy2(src, nbdir / src.name)
        src = nbdir / sources[0].name
    else:
        src = nbdir / "00-tiny.py"
        src.write_text(_TINY_NOTEBOOK, encoding="utf-8")
    notebook = jupytext.read(src, fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook.metadata.pop("jupytext", None)  # open as a plain notebook, not a paired one
    target = src.with_suffix(".ipynb")
    jupytext.write(notebook, target, fmt="ipynb")
    src.unlink()  # only the .ipynb: JupyterLab's jupytext extension must not pair/overwrite anything
    return nbdir, target.name


def _wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError as err:
            last = err
        time.sleep(0.3)
    raise TimeoutError(f"jupyter lab did not answer {url} within {timeout:.0f} s (last error: {last})")


def test_jupyterlab_runs_notebook_and_shows_chart(tmp_path):
    pytest.importorskip("jupyterlab")
    pytest.importorskip("jupytext")
    nbdir, name = _notebook_dir(tmp_path)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jconfig"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jruntime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "jsettings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "jworkspaces"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    log = (tmp_path / "jupyter.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            f"--port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.token={token}", f"--ServerApp.root_dir={nbdir}",
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=nbdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/api/status?token={token}", timeout=60)
        with chromium_context(tmp_path / "profile", width=1400, height=1000) as context:
            page = context.new_page()
            watch = watch_page(context, page, allow_origins=(base,))
            page.goto(f"{base}/lab/tree/{name}?token={token}", timeout=60_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            select_kernel = page.locator(".jp-Dialog .jp-mod-accept", has_text="Select")
            try:  # JupyterLab may ask which kernel to start; take the preselected python3
                select_kernel.wait_for(state="visible", timeout=3_000)
                select_kernel.click()
            except Exception:  # noqa: BLE001 - no dialog: the kernel started by itself
                pass
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            chart = ".jp-OutputArea-output .vega-embed svg.marks, .jp-OutputArea-output .vega-embed canvas.marks"
            try:
                page.wait_for_selector(chart, state="attached", timeout=60_000)
            except Exception as err:  # noqa: BLE001 - turn a bare timeout into a diagnosis
                page.screenshot(path=str(tmp_path / "jupyterlab-failed.png"))
                errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()
                pytest.fail(
                    f"no Vega chart appeared in an output area of {name} within 60 s ({type(err).__name__}). "
                    f"Cell errors: {errors[:3]}; requests blocked (offline): {watch.blocked[:5]}. Altair 6's default "
                    "renderer loads Vega from a CDN; the notebook must enable an offline renderer, e.g. "
                    "paperkit.charts.export.use_offline_renderer(). Screenshot: " + str(tmp_path / "jupyterlab-failed.png")
                )
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
            marks = page.evaluate(
                "() => Array.from(document.querySelectorAll('.jp-OutputArea-output .vega-embed svg.marks'))"
                ".map((s) => s.querySelectorAll('path, rect, text').length)"
            )
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()
            page.screenshot(path=str(tmp_path / "jupyterlab.png"))
            assert errors == [], errors
            assert marks and max(marks) > 5, marks
            assert watch.blocked == [], f"JupyterLab or the notebook tried to load {watch.blocked}"
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
        log.close()


def test_tiny_notebook_json_is_valid(tmp_path):
    """The stand-in notebook converts to a valid .ipynb with a python3 kernelspec."""
    pytest.importorskip("jupytext")
    nbdir, name = _notebook_dir(tmp_path)
    nb = json.loads((nbdir / name).read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert any(c["cell_type"] == "code" for c in nb["cells"])
