"""The analysis sections of the report, each on a small realistic papers frame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from paperkit.normalize import empty_papers, normalize_records
from paperkit.pipeline import Digest
from paperkit.report import Figure, Section, Table, Text, render_report
from paperkit.report.sections import (
    ReportContext,
    acronyms_section,
    analysis_sections,
    bursts_section,
    cotopics_section,
    keyword_trends_section,
    rising_terms_section,
    thematic_map_section,
)

# Real titles and abstract sentences (Hugging Face daily papers), spread over 20 months.
_EARLY = [
    ("LoRA-GA: Low-Rank Adaptation with Gradient Approximation",
     "Fine-tuning large language models (LLMs) with Low-Rank Adaptation (LoRA) is costly; LoRA-GA aligns the gradients."),
    ("DoRA: Weight-Decomposed Low-Rank Adaptation",
     "We propose Weight-Decomposed Low-Rank Adaptation (DoRA) for parameter-efficient fine-tuning (PEFT) of LLMs."),
    ("Retrieval-Augmented Generation for Large Language Models: A Survey",
     "Retrieval-Augmented Generation (RAG) helps large language models use external knowledge."),
    ("Diffusion Models for Video Generation",
     "Diffusion models (DMs) generate videos from text prompts with a video diffusion transformer."),
]
_LATE = [
    ("DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
     "We train reasoning models with reinforcement learning (RL) and Group Relative Policy Optimization (GRPO)."),
    ("Agentic Reasoning: Reasoning LLMs with Tools for Deep Research",
     "LLM agents use reinforcement learning (RL) with verifiable rewards for agentic search and retrieval-augmented generation (RAG)."),
    ("SWE-RM: Execution-free Feedback For Software Engineering Agents",
     "Reinforcement learning (RL) agents for code; the agents use RAG and LoRA adapters."),
    ("Visual-RFT: Visual Reinforcement Fine-Tuning",
     "Reinforcement Fine-Tuning (RFT) in large reasoning models learns from feedback with RL."),
]


def _papers(n: int = 160) -> pl.DataFrame:
    rows, start = [], dt.date(2024, 5, 27)
    for i in range(n):
        late = i >= n // 2
        title, abstract = (_LATE if late else _EARLY)[i % 4]
        day = start + dt.timedelta(days=int(i * 580 / n))
        rows.append({"arxiv_id": f"24{i:02d}.{10000 + i}", "title": f"{title} ({i})", "abstract": abstract,
                     "digest_date": day, "source": "hf-archive"})
    return normalize_records(pl.DataFrame(rows))


@pytest.fixture(scope="module")
def papers() -> pl.DataFrame:
    return _papers()


@pytest.fixture(scope="module")
def digest(papers) -> Digest:
    return Digest(papers, every="1mo", top=10)


def _kinds(section: Section) -> list[str]:
    return [type(b).__name__ for b in section.blocks]


def _marks(section: Section) -> list[str]:
    out = []
    for block in section.blocks:
        if isinstance(block, Figure):
            spec = block.chart.to_dict()
            layers = spec.get("layer", [spec])
            out.append(",".join(sorted({(l["mark"]["type"] if isinstance(l["mark"], dict) else l["mark"]) for l in layers})))
    return out


def test_keyword_trends_section(papers, digest):
    section = keyword_trends_section(papers, digest=digest)
    assert section.heading == "Keyword trends" and "share" in section.intro
    assert _kinds(section) == ["Figure", "Figure", "Table"]
    assert _marks(section) == ["line,point", "rect"]
    table = section.blocks[2].frame
    assert table.height == 10 and table.columns[0] == "term"
    heat = section.blocks[1].chart.to_dict()
    assert heat["encoding"]["color"]["field"] == "share" and heat["encoding"]["y"]["type"] == "nominal"


def test_rising_terms_section_windows_and_examples(papers, digest):
    section = rising_terms_section(papers, digest=digest)
    assert _kinds(section) == ["Text", "Figure", "Table", "Table"]
    # 19 months of data: the last 6 months against the 12 before, whole months, stated with their lengths.
    text = section.blocks[0].text
    assert "2025-07-01 to 2025-12-24 (177 days, 49 papers)" in text and "2024-07-01 to 2025-06-30 (365 days" in text
    assert "rose and" in text and "fell significantly" in text
    assert _marks(section) == ["bar"]
    table = section.blocks[2].frame
    assert {"rising", "falling"} <= set(table["direction"].to_list()) and "q_value" in table.columns
    examples = section.blocks[3].frame
    assert examples.columns == ["paper_id", "title", "digest_date"] and examples.height > 0
    assert examples["digest_date"].min() >= dt.date(2025, 7, 1)  # from the recent window
    assert section.references and "Monroe" in section.references[0] and "Benjamini" in section.references[1]


def test_rising_terms_section_says_when_nothing_changed():
    early = _papers(24).head(12)
    flat = pl.concat([early, early.with_columns(
        pl.col("paper_id") + "b", pl.col("digest_date") + pl.duration(days=300))])
    section = rising_terms_section(flat, digest=Digest(flat, every="1mo", top=10))
    assert _kinds(section) == ["Text"] and "0 rose and 0 fell" in section.blocks[0].text


def test_bursts_section(papers, digest):
    section = bursts_section(papers, digest=digest)
    assert _kinds(section) == ["Figure", "Table", "Table"]
    spec = section.blocks[0].chart.to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["x2"]["field"] == "end"
    assert {"term", "start", "end", "strength"} <= set(section.blocks[1].frame.columns)
    assert "Kleinberg" in section.references[0]


def test_acronyms_section(papers, digest):
    section = acronyms_section(papers, digest=digest)
    kinds = _kinds(section)
    assert kinds[:3] == ["Figure", "Table", "Table"]
    glossary = section.blocks[1].frame
    assert {"short_form", "long_form", "papers defining", "papers using"} <= set(glossary.columns)
    assert "RL" in glossary["short_form"].to_list()
    defined = section.blocks[2].frame
    assert defined.columns == ["paper_id", "title", "long_form", "sentence"]
    assert any("Schwartz" in r for r in section.references)


def test_cotopics_and_thematic_map_sections(papers, digest):
    section = cotopics_section(papers, digest=digest)
    assert _kinds(section) == ["Figure", "Figure", "Table", "Table"]
    assert _marks(section)[0] == "rect" and "circle" in _marks(section)[1]
    pairs, behind = section.blocks[2].frame, section.blocks[3].frame
    assert pairs.columns == ["topic_a", "topic_b", "papers with both", "association"]
    assert behind.columns[:2] == ["paper_id", "title"] and behind.height > 0
    themes = thematic_map_section(papers, digest=digest)
    assert _kinds(themes) == ["Figure", "Text", "Table"]
    table = themes.blocks[2].frame
    assert {"quadrant", "quadrant under NPMI", "papers"} <= set(table.columns)
    assert table["papers"].max() <= papers.height  # distinct papers, not a sum of topic counts (issue 18)
    assert "NPMI" in themes.blocks[1].text
    assert "circle" in _marks(themes)[0]


def test_context_computes_shared_steps_once(papers):
    calls: list[str] = []
    builders = analysis_sections(every="1mo", top=8, progress=calls.append)
    for build in builders:
        build(papers)
    computed = [c.strip() for c in calls]
    assert computed.count("computing paper terms") == 1 and computed.count("computing acronym glossary") == 1
    assert computed.count("computing topics") == 1
    other = _papers(40)
    builders[0](other)  # a new frame: a new cache
    assert [c.strip() for c in calls].count("computing paper terms") == 2


@pytest.mark.parametrize("build", [keyword_trends_section, bursts_section, rising_terms_section])
def test_one_day_corpus_explains_instead_of_crashing(build):
    one_day = _papers(30).with_columns(pl.lit(dt.date(2025, 3, 17)).alias("digest_date"))
    section = build(one_day)
    texts = [b.text for b in section.blocks if isinstance(b, Text)]
    assert texts and ("at least two periods" in texts[0] or "one day" in texts[0]), texts
    assert not any(isinstance(b, Figure) for b in section.blocks)


def test_undated_and_empty_corpora():
    undated = _papers(30).with_columns(pl.lit(None, dtype=pl.Date).alias("digest_date"))
    assert "No paper has a date" in keyword_trends_section(undated).blocks[0].text
    assert "No paper has a date" in rising_terms_section(undated).blocks[0].text
    for build in (keyword_trends_section, rising_terms_section, bursts_section, acronyms_section,
                  cotopics_section, thematic_map_section):
        section = build(empty_papers())
        assert _kinds(section) == ["Text"] and "empty" in section.blocks[0].text


def test_short_spans_fit_the_windows():
    papers = _papers(60).with_columns(
        (pl.lit(dt.date(2025, 1, 1)) + pl.duration(days=pl.int_range(pl.len()) * 2)).alias("digest_date"))
    # Four months: the last month against the three before.
    text = rising_terms_section(papers).blocks[0].text
    assert "2025-04-01 to 2025-04-29 (29 days, 15 papers)" in text and "2025-01-01 to 2025-03-31 (90 days, 45 papers)" in text
    # Six weeks: the two halves.
    short = papers.with_columns((pl.lit(dt.date(2025, 1, 1)) + pl.duration(days=pl.int_range(pl.len()) // 2))
                                .alias("digest_date"))
    assert "2025-01-16 to 2025-01-30 (15 days, 30 papers)" in rising_terms_section(short).blocks[0].text


def test_sections_render_in_a_report(papers, digest):
    sections = [build(papers) for build in analysis_sections(top=8)]
    page = render_report(sections, title="sections")
    n_figures = sum(isinstance(b, Figure) for s in sections for b in s.blocks)
    assert n_figures >= 8 and page.count('class="pk-chart"') == n_figures and 'class="pk-error"' not in page
    assert all(isinstance(s, Section) for s in sections)


def test_bad_input():
    with pytest.raises(ValueError, match="missing column"):
        keyword_trends_section(pl.DataFrame({"title": ["x"]}))
    with pytest.raises(ValueError, match="top must be a positive integer"):
        analysis_sections(top=0)


def test_report_context_still_works_for_one_release(papers):
    with pytest.warns(DeprecationWarning, match="ReportContext is deprecated"):
        ctx = ReportContext(every="1mo", top=10)
    assert ctx.paper_terms(papers) is ctx.like(papers).terms and ctx.date_column(papers) == "digest_date"
    pairs, clusters = ctx.cotopics(papers)
    assert pairs.height and clusters.height and ctx.trend_terms(papers, 10) == ctx.like(papers).topical
    with pytest.warns(DeprecationWarning, match="context= is deprecated"):
        section = keyword_trends_section(papers, context=ctx)
    assert _kinds(section) == ["Figure", "Figure", "Table"]


def test_a_failed_glossary_is_said_and_the_terms_go_on(papers, monkeypatch):
    import paperkit.acronyms

    def broken(*args, **kwargs):
        raise ValueError("no glossary today")

    monkeypatch.setattr(paperkit.acronyms, "acronym_glossary", broken)
    digest = Digest(papers, top=8)
    section = keyword_trends_section(papers, digest=digest)
    assert "could not be built (ValueError: no glossary today)" in section.blocks[0].text
    assert digest.synonyms is None and isinstance(digest.errors["glossary"], ValueError)
    assert "low-rank adaptation" in digest.terms["term"].to_list()  # not folded into LoRA
    with pytest.raises(ValueError, match="no glossary today"):
        acronyms_section(papers, digest=digest)


def test_a_bug_in_the_glossary_is_not_hidden(papers, monkeypatch):
    import paperkit.acronyms

    def buggy(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(paperkit.acronyms, "acronym_glossary", buggy)
    digest = Digest(papers, top=8)
    with pytest.raises(KeyError, match="a bug"):
        digest.terms
    with pytest.raises(KeyError, match="a bug"):
        keyword_trends_section(papers, digest=digest)
