"""Chart export (vl-convert, offline), the paperkit theme, the offline notebook renderer and corpus charts."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import polars as pl
import pytest

from paperkit.charts import corpus
from paperkit.charts.export import FORMATS, chart_spec, offline_html, save_chart, use_offline_renderer
from paperkit.charts.theme import OKABE_ITO, THEME_NAME, paperkit_theme, use_theme


@pytest.fixture
def papers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "paper_id": ["2503.11731", "2502.10391", "2501.12948", "2502.13923", "t:9f1c"],
            "title": [
                "Visual-RFT: Visual Reinforcement Fine-Tuning",
                "MM-RLHF: The Next Step Forward in Multimodal LLM Alignment",
                "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
                "Qwen2.5-VL Technical Report",
                "<script>alert(1)</script> Attention",
            ],
            "abstract": ["Reinforcement Fine-Tuning (RFT) in large reasoning models...", None, "We introduce DeepSeek-R1-Zero...", "We introduce Qwen2.5-VL...", None],
            "digest_date": [dt.date(2025, 3, 4), dt.date(2025, 2, 17), dt.date(2025, 1, 22), dt.date(2025, 2, 20), None],
            "categories": [["cs.CV"], ["cs.CL", "cs.CV"], ["cs.CL", "cs.AI", "cs.LG"], ["cs.CV", "cs.CL"], []],
            "source": ["hf-api", "hf-api", "arxiv", "arxiv", "hf-page"],
        }
    )


@pytest.fixture
def bar_chart() -> alt.Chart:
    counts = pl.DataFrame({"month": ["2025-01", "2025-02"], "n_papers": [316, 257]})
    return alt.Chart(counts, title="Papers per month").mark_bar().encode(x="month:O", y="n_papers:Q")


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".png", b"\x89PNG"), (".pdf", b"%PDF"), (".json", b"{"), (".html", b"<!DOCTYPE html>")])
def test_save_chart_by_suffix(tmp_path, bar_chart, suffix, magic):
    out = save_chart(bar_chart, tmp_path / f"fig{suffix.upper() if suffix == '.svg' else suffix}")
    data = out.read_bytes()
    assert data.lstrip()[: len(magic)].lower() == magic.lower()
    if suffix == ".html":  # self-contained: libraries inlined, nothing from a CDN
        text = data.decode()
        assert "cdn.jsdelivr" not in text and '<script src="http' not in text
    if suffix == ".json":
        assert json.loads(data)["mark"]["type"] == "bar"


@pytest.mark.parametrize("name", ["fig.gif", "fig", "fig.svgz"])
def test_save_chart_rejects_unknown_suffix(tmp_path, bar_chart, name):
    with pytest.raises(ValueError, match=r"unknown suffix .*expected one of \.png, \.svg"):
        save_chart(bar_chart, tmp_path / name)
    assert set(FORMATS) == {".png", ".svg", ".pdf", ".html", ".json"}


def test_save_chart_missing_folder_and_bad_input(tmp_path, bar_chart):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save_chart(bar_chart, tmp_path / "nope" / "fig.svg")
    with pytest.raises(TypeError, match="expected an altair chart"):
        chart_spec(["not", "a", "chart"])
    with pytest.raises(ValueError, match="unknown altair theme"):
        chart_spec(bar_chart, theme="no-such-theme")


def test_png_scale_doubles_pixels(tmp_path, bar_chart):
    import struct

    sizes = []
    for scale in (1, 2):
        png = save_chart(bar_chart, tmp_path / f"s{scale}.png", scale=scale).read_bytes()
        sizes.append(struct.unpack(">II", png[16:24]))
    assert sizes[1][0] == pytest.approx(2 * sizes[0][0], abs=2)


def test_theme_registered_not_enabled(bar_chart):
    assert THEME_NAME in alt.theme.names()
    assert alt.theme.active == "default"  # importing paperkit changes nothing
    assert "range" not in bar_chart.to_dict().get("config", {})
    with use_theme():
        spec = bar_chart.to_dict()
    assert spec["config"]["range"]["category"] == list(OKABE_ITO)
    assert alt.theme.active == "default"
    assert chart_spec(bar_chart, theme="paperkit")["config"]["font"] == paperkit_theme()["config"]["font"]
    with pytest.raises(ValueError, match="unknown altair theme"):
        use_theme("nope")


def test_offline_renderer_inlines_vega(bar_chart):
    with use_offline_renderer():
        bundle = bar_chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    html = bundle["text/html"]
    assert "window.vegaEmbed" in html and "cdn.jsdelivr" not in html
    assert alt.renderers.active == "default"
    hostile = alt.Chart(pl.DataFrame({"t": ["</script><script>alert(1)</script>"]})).mark_text().encode(text="t:N")
    assert "</script><script>alert" not in offline_html(hostile)


def test_papers_per_period_denominators(papers):
    per = corpus.papers_per_period(papers)
    assert per.columns == ["period", "period_end", "n_papers", "n_days", "papers_per_day", "n_dated", "share"]
    assert per["n_papers"].to_list() == [1, 2, 1]
    assert per["n_dated"].to_list() == [4, 4, 4]  # the undated paper is left out, and visible as such
    assert per["share"].sum() == pytest.approx(1.0)
    assert per["period_end"][0] == dt.date(2025, 1, 31)  # the last day, as in period_counts (issue 16)
    weekly = corpus.papers_per_period(papers, every="1w")
    assert weekly["n_papers"].sum() == 4
    with pytest.raises(ValueError, match="every must be a polars duration"):
        corpus.papers_per_period(papers, every="monthly")
    with pytest.raises(ValueError, match="date must be one of"):
        corpus.papers_per_period(papers, date="updated")
    assert corpus.papers_per_period(papers.head(0)).height == 0


def test_category_and_source_counts(papers):
    cats = corpus.category_counts(papers, top=2)
    assert cats.rows() == [(1, "cs.CL", 3, 4, 0.75), (2, "cs.CV", 3, 4, 0.75)]
    primary = corpus.category_counts(papers, top=None, primary_only=True)
    assert primary["share"].sum() == pytest.approx(1.0)
    src = corpus.source_counts(papers)
    assert src.select("source", "n_papers", "n_total").rows() == [("arxiv", 2, 5), ("hf-api", 2, 5), ("hf-page", 1, 5)]
    with pytest.raises(ValueError, match="top must be a positive integer"):
        corpus.category_counts(papers, top=0)
    with pytest.raises(ValueError, match="missing column"):
        corpus.category_counts(papers.drop("categories"))


def test_corpus_charts_to_dict(papers):
    spec = corpus.chart_papers_per_period(corpus.papers_per_period(papers)).to_dict()
    bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    enc = bars["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["x2"]["field"]) == ("period", "temporal", "period_end")
    assert (enc["y"]["field"], enc["y"]["type"]) == ("n_papers", "quantitative")
    assert {t["field"] for t in enc["tooltip"]} >= {"n_days", "papers_per_day", "share"}
    assert "N = 4 dated papers" in spec["title"]["text"]
    rows = spec["datasets"][bars["data"]["name"]] if "data" in bars else spec["datasets"][spec["data"]["name"]]
    assert len(rows) <= 5000
    cat = corpus.chart_top_categories(corpus.category_counts(papers)).to_dict()
    cat_enc = cat["layer"][0]["encoding"]
    assert (cat_enc["y"]["field"], cat_enc["y"]["type"], cat_enc["x"]["type"]) == ("category", "nominal", "quantitative")
    assert "4 papers with categories" in cat["title"]
    src = corpus.chart_sources(corpus.source_counts(papers)).to_dict()
    assert src["layer"][0]["encoding"]["y"]["field"] == "source"
    assert src["layer"][1]["encoding"]["text"]["field"] == "label"


def test_chart_input_errors():
    with pytest.raises(ValueError, match="chart_papers_per_period needs column"):
        corpus.chart_papers_per_period(pl.DataFrame({"period": [dt.date(2025, 1, 1)]}))
    with pytest.raises(TypeError, match="expects a polars DataFrame"):
        corpus.chart_sources({"source": ["arxiv"]})


def test_papers_per_month_labels_the_december_bar_with_its_own_year():
    # issue 18: the last (December) bar was labelled "2026", the year where it ends
    papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"],
                           "digest_date": [dt.date(2025, 10, 3), dt.date(2025, 11, 4), dt.date(2025, 12, 30)]})
    spec = corpus.chart_papers_per_period(corpus.papers_per_period(papers)).to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["format"] == "%b %Y"
    ticks = [dt.datetime.fromtimestamp(v / 1000, dt.timezone.utc).date() for v in x["axis"]["values"]]
    assert ticks == [dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 12, 1)]  # no tick at 2026-01-01
    assert spec["layer"][0]["encoding"]["y"]["axis"]["tickMinStep"] == 1


def test_offline_renderer_loads_vega_once_per_notebook():
    # issue 18: ~0.9 MB of Vega in every chart output made a 5-chart notebook ~5 MB
    chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    with use_offline_renderer():
        first, second = (len(alt.renderers.get()(chart.to_dict())["text/html"]) for _ in range(2))
    assert first > 500_000 and second < 5_000
    with use_offline_renderer():  # enabling again (a new page, a cleared output) sends the bundle again
        assert len(alt.renderers.get()(chart.to_dict())["text/html"]) > 500_000
    with use_offline_renderer(once=False):
        sizes = [len(alt.renderers.get()(chart.to_dict())["text/html"]) for _ in range(2)]
    assert min(sizes) > 500_000
