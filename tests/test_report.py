"""The HTML report: escaping, offline, fail-soft sections, static chart formats, the CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import warnings

import altair as alt
import polars as pl
import pytest

from paperkit.normalize import normalize_records, split_duplicates
from paperkit.report import (
    Figure,
    ReportWarning,
    Section,
    Table,
    Text,
    build_report,
    corpus_section,
    default_sections,
    register_cli,
    render_report,
    run_sections,
)

HOSTILE = "<script>alert(1)</script> Attention Is All You Need"


@pytest.fixture
def records() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "arxiv_id": ["2503.11731", "2502.10391", "2501.12948", "2501.12948v2", None],
            "title": [
                "Visual-RFT: Visual Reinforcement Fine-Tuning",
                "MM-RLHF: The Next Step Forward in Multimodal LLM Alignment",
                "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
                "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
                HOSTILE,
            ],
            "abstract": [
                "Reinforcement Fine-Tuning (RFT) in Large Reasoning Models like OpenAI o1 learns from feedback.",
                None,
                "We introduce our first-generation reasoning models, DeepSeek-R1-Zero and DeepSeek-R1.",
                None,
                'An abstract with <b>bold</b> & "quotes" and a <a href="https://evil.example">link</a>.',
            ],
            "digest_date": [dt.date(2025, 3, 4), dt.date(2025, 2, 17), dt.date(2025, 1, 22), dt.date(2025, 1, 23), dt.date(2025, 3, 5)],
            "categories": [["cs.CV"], ["cs.CL", "cs.CV"], ["cs.CL", "cs.AI"], ["cs.CL", "cs.AI"], ["cs.LG"]],
            "source": ["hf-api", "hf-api", "arxiv", "arxiv", "hf-page"],
        }
    )


@pytest.fixture
def papers(records) -> pl.DataFrame:
    return normalize_records(records)


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script[^>]*>", page)


def test_titles_and_abstracts_are_escaped(papers):
    section = Section("Papers <i>list</i>", "Intro with <b>tags</b> & ampersands.", [papers.select("title", "abstract"), Text("<script>alert(2)</script>")])
    page = render_report([section], title="<script>alert(0)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Attention" in page
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;" in page
    assert '<a href="https://evil' not in page
    assert "Papers &lt;i&gt;list&lt;/i&gt;" in page
    assert _scripts(page) == []  # no chart: no script at all


def test_hostile_text_inside_chart_data_cannot_close_the_script(papers):
    chart = alt.Chart(papers.select("title", "digest_date")).mark_point().encode(x="digest_date:T", y="title:N")
    page = render_report([Section("Chart", blocks=[chart])], title="t")
    assert "<script>alert(1)" not in page and "</script> Attention" not in page
    assert "\\u003cscript\\u003ealert(1)" in page  # the data is there, escaped for the script element


def test_interactive_report_is_offline(papers):
    page = build_report(papers, title="offline", sections=[corpus_section])
    scripts = _scripts(page)
    assert scripts and all("src=" not in s for s in scripts)
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?://""", page)
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "esm.sh", "googleapis"):
        assert cdn not in page
    assert "connect-src 'none'" in page  # the CSP forbids requests from the page
    assert page.count('class="pk-chart"') == 3 and "window.vegaEmbed" in page


@pytest.mark.parametrize(("chart_format", "mime"), [("svg", "image/svg+xml"), ("png", "image/png")])
def test_static_formats_embed_images(papers, chart_format, mime):
    page = build_report(papers, title="static", chart_format=chart_format, sections=[corpus_section])
    assert page.count(f'src="data:{mime};base64,') == 3
    assert _scripts(page) == [] and "vegaEmbed" not in page


def test_failing_section_shows_error_box_and_warns(papers):
    def keyword_trends_section(papers):
        raise ValueError("no keywords column")

    with pytest.warns(ReportWarning, match="'Keyword trends' failed: ValueError: no keywords column"):
        page = build_report(papers, title="t", sections=[corpus_section, keyword_trends_section])
    assert page.count('class="pk-error"') == 1 and "Corpus summary" in page


def test_block_that_cannot_render_is_contained():
    too_many = alt.Chart(pl.DataFrame({"x": range(6000)})).mark_point().encode(x="x:Q")
    with pytest.warns(ReportWarning, match="could not be drawn"):
        page = render_report([Section("Big", blocks=[too_many, "still here"])], title="t")
    assert "still here" in page and 'class="pk-error"' in page


def test_run_sections_accepts_lists_and_reports_bad_returns(papers):
    with pytest.warns(ReportWarning, match="must return Section objects"):
        out = run_sections(papers, [lambda p: [Section("A"), Section("B")], lambda p: "not a section"])
    assert [s.heading for s in out][:2] == ["A", "B"] and len(out) == 3


def test_tables_format_and_truncate():
    frame = pl.DataFrame({"term": [f"t{i}" for i in range(60)], "share": [0.12345] * 60, "dates": [[dt.date(2025, 1, 2)]] * 60, "n": [None] + [3] * 59})
    page = render_report([Section("T", blocks=[Table(frame, caption="terms", max_rows=10)])], title="t")
    assert page.count("<tr>") == 11 and "Showing the first 10 of 60 rows" in page
    assert '<td class="num">0.123</td>' in page and "<td>2025-01-02</td>" in page and '<td class="null"></td>' in page


def test_corpus_section_with_diagnostics(records, papers):
    dups = split_duplicates(records)
    problems = pl.DataFrame({"file": ["a.txt"], "location": ["line 3"], "severity": ["skipped"], "reason": ["no title"]})
    section = corpus_section(papers, duplicates=dups, problems=problems)
    summary = dict(section.blocks[0].frame.rows())
    assert summary["papers"] == "4" and summary["duplicate records folded"] == "1" and summary["problem records reported"] == "1"
    kinds = [type(b).__name__ for b in section.blocks]
    assert kinds == ["Table", "Figure", "Figure", "Figure", "Table", "Table"]
    page = build_report(papers, title="t", duplicates=dups, problems=problems)
    assert "Problems reported while loading" in page


def test_empty_and_bad_input():
    from paperkit.normalize import empty_papers

    page = build_report(empty_papers(), title="empty")
    assert "The corpus is empty" in page
    with pytest.raises(ValueError, match="missing column"):
        build_report(pl.DataFrame({"title": ["x"]}))
    with pytest.raises(ValueError, match="chart_format must be one of"):
        render_report([], title="t", chart_format="gif")
    with pytest.raises(TypeError, match="list of Section objects"):
        render_report(["not a section"], title="t")
    with pytest.raises(TypeError, match="a report block must be"):
        from paperkit.report.render import _as_block

        _as_block(42)
    with pytest.raises(ValueError, match="duplicates/problems go with the default sections"):
        build_report(empty_papers(), sections=[corpus_section], duplicates=pl.DataFrame())
    assert [b.func.__name__ for b in default_sections()] == [
        "what_changed_section", "corpus_section", "keyword_trends_section", "rising_terms_section", "bursts_section",
        "acronyms_section", "cotopics_section", "thematic_map_section"]


def test_figure_caption_and_references(papers):
    chart = alt.Chart(papers).mark_bar().encode(x="count():Q", y="source:N")
    page = render_report([Section("S", blocks=[Figure(chart, caption="a <caption>")], references=["Kleinberg (2003). Bursty & hierarchical."])], title="t")
    assert "<figcaption>a &lt;caption&gt;</figcaption>" in page and "Bursty &amp; hierarchical" in page


def _cli(argv):
    parser = argparse.ArgumentParser(prog="paperkit")
    register_cli(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_arguments(tmp_path, capsys):
    assert _cli(["report", "-o", str(tmp_path / "r.txt")]) == 2
    assert "must be an .html file" in capsys.readouterr().err
    assert _cli(["report", "-o", str(tmp_path / "missing" / "r.html")]) == 2
    with pytest.raises(SystemExit) as exc:
        _cli(["report", "--format", "gif"])
    assert exc.value.code == 2


def test_cli_writes_report(tmp_path, capsys):
    pytest.importorskip("paperkit.io")
    src = tmp_path / "digest.jsonl"
    src.write_text(
        '{"id": "2503.11731", "first_seen_date": "2025-03-18", "title": "Visual-RFT: Visual Reinforcement Fine-Tuning", '
        '"abstract": "Reinforcement Fine-Tuning (RFT) learns from feedback.", "categories": ["cs.CV"], "authors": ["Ziyu Liu"]}\n'
        '{"id": "2503.11732", "first_seen_date": "9999-12-31", "title": "Agentic RL for Tool Use", '
        '"abstract": "Agents learn tool calls with RL.", "categories": ["cs.AI"], "authors": ["A. Author"]}\n'
    )
    out = tmp_path / "r.html"
    tables = tmp_path / "tables"
    code = _cli(["report", str(src), "-o", str(out), "--format", "svg", "-q", "--no-cache", "--tables", str(tables)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert out.read_text().startswith("<!DOCTYPE html>") and "Corpus summary" in out.read_text()
    # a problem of the load is named on the terminal too, even with -q (issue 14)
    assert "problems (file, location, severity, reason)" in err and "9999-12-31 is outside the plausible dates" in err
    # --tables: every table of the page leaves it as CSV and Parquet (issue 18)
    csvs, parquets = sorted(tables.glob("*.csv")), sorted(tables.glob("*.parquet"))
    assert csvs and [p.stem for p in csvs] == [p.stem for p in parquets]
    assert any(p.stem.startswith("corpus_summary") for p in csvs)


def test_default_report_on_the_bundled_page_sample():
    """The full default report on a real one-day page copy: every section, no failure."""
    io = pytest.importorskip("paperkit.io")
    papers = io.load_sample("hf-page")
    progress: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReportWarning)
        sections = run_sections(papers, default_sections(progress=progress.append), progress=progress.append)
    headings = [s.heading for s in sections]
    assert headings == ["What changed", "Corpus summary", "Keyword trends", "Rising and falling terms", "Bursts",
                        "Acronym glossary", "Co-topics", "Thematic map"]
    assert "building section: Keyword trends" in progress
    page = render_report(sections, title="hf-page")
    assert 'class="pk-error"' not in page and page.count('class="pk-chart"') >= 5
    assert "A trend needs at least two periods" in page  # one day of papers: explained, not crashed


def test_cli_every_and_top_options():
    parser = argparse.ArgumentParser(prog="paperkit")
    register_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", "--every", "1w", "--top", "12"])
    assert (args.every, args.top) == ("1w", 12)
    for bad in (["report", "--top", "0"], ["report", "--every", "2mo"]):
        with pytest.raises(SystemExit):
            parser.parse_args(bad)


def test_csp_runs_the_reports_own_scripts_by_hash_not_unsafe_inline(papers):
    import base64
    import hashlib

    page = build_report(papers, title="csp", sections=[corpus_section])
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    bodies = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(bodies) == 2  # the Vega bundle and the embed code; the specs are inert JSON
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    static = build_report(papers, title="static", chart_format="svg", sections=[corpus_section])
    assert "script-src 'none'" in static


def test_control_and_bidi_characters_in_titles_are_neutralised_in_the_report():
    from paperkit.report import Table

    frame = pl.DataFrame({"title": ["Safe\u202e exe.txt\u2066 \x00\x07Title"]})
    page = render_report([Section("Titles", blocks=[Table(frame)])], title="t\u202e")
    assert not any(ch in page for ch in "\u202e\u2066\x00\x07")
    assert "Safe exe.txt Title" in page


def test_old_module_paths_still_import_with_a_deprecation_warning():
    """paperkit.sections and paperkit.findings moved into paperkit.report (issue 16); kept one release."""
    import importlib
    import sys

    import paperkit.report.findings
    import paperkit.report.sections

    for old, new in (("paperkit.sections", paperkit.report.sections), ("paperkit.findings", paperkit.report.findings)):
        sys.modules.pop(old, None)
        with pytest.warns(DeprecationWarning, match=old):
            module = importlib.import_module(old)
        assert all(getattr(module, name) is getattr(new, name) for name in module.__all__)
