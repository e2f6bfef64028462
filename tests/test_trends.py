"""Tests of paperkit.trends and paperkit.charts.trends."""

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from paperkit.charts.trends import chart_bursts, chart_rising_falling, chart_term_heatmap, chart_trend_lines
from paperkit.trends import (
    MAX_PERIODS, TermNotFoundWarning, bursts, fragment_terms, keyword_in_context, log_odds_ratio, lookup_terms,
    near_duplicates, period_counts, rising_terms, term_containment, term_shares, term_table_containment,
    topical_terms, trend_topics, trend_windows,
)


@pytest.fixture
def papers():
    dates = [dt.date(2025, 1, 3), dt.date(2025, 1, 20), dt.date(2025, 1, 28), dt.date(2025, 3, 2), dt.date(2025, 3, 15)]
    return pl.DataFrame({
        "paper_id": list("abcde"),
        "title": ["Agents for code", "LoRA for LLMs", "RAG agents", "Agentic RAG", "Diffusion models"],
        "abstract": ["LLM agents write code. Agents plan.", None, "Retrieval-augmented generation (RAG) with agents.",
                     "An agentic RAG system.", "Denoising diffusion."],
        "digest_date": dates,
    })


@pytest.fixture
def pt():
    return pl.DataFrame({"paper_id": ["a", "c", "d", "b", "c", "d"], "term": ["agents"] * 3 + ["LoRA", "RAG", "RAG"]})


def test_period_counts_keeps_empty_periods(papers):
    out = period_counts(papers, every="1mo")
    assert out["papers"].to_list() == [3, 0, 2]
    assert out["partial"].to_list() == [True, False, True]


@pytest.mark.parametrize(("every", "n"), [("1d", 72), ("1w", 11), ("1mo", 3), ("1q", 1), ("1y", 1)])
def test_period_counts_every(papers, every, n):
    out = period_counts(papers, every=every)
    assert out.height == n
    assert out["papers"].sum() == 5


def test_term_shares_explicit_denominator(papers, pt):
    with pytest.warns(TermNotFoundWarning, match="'absent' matches no term"):
        out = term_shares(pt, papers, terms=["agents", "absent"], every="1mo")
    agents = out.filter(pl.col("term") == "agents")
    assert agents["papers_with_term"].to_list() == [2, 0, 1]
    assert agents["papers"].to_list() == [3, 0, 2]
    assert agents["share"].to_list() == [pytest.approx(2 / 3), None, 0.5]
    assert out.filter(pl.col("term") == "absent")["share"].to_list() == [0.0, None, 0.0]


def test_term_shares_min_papers_nulls_thin_periods(papers, pt):
    out = term_shares(pt, papers, terms=["agents"], min_period_papers=3)
    assert out["share"].to_list() == [pytest.approx(2 / 3), None, None]


def test_no_dates_is_an_error(papers, pt):
    with pytest.raises(ValueError, match="no paper has a 'digest_date'"):
        term_shares(pt, papers.with_columns(pl.lit(None, pl.Date).alias("digest_date")))
    with pytest.raises(ValueError, match="no 'published' column"):
        period_counts(papers, date="published")


def test_log_odds_hand_computed():
    # Hand computation: n_a = n_b = 100, alpha0 = 100, pooled alpha_agent = 100 * 40 / 200 = 20.
    counts = pl.DataFrame({"term": ["agent", "agent", "gan", "gan", "data", "data"],
                           "group": ["new", "old"] * 3, "count": [30, 10, 5, 25, 65, 65]})
    out = log_odds_ratio(counts, groups=("new", "old"))
    row = out.filter(pl.col("term") == "agent")
    delta = math.log(50 / (200 - 50)) - math.log(30 / (200 - 30))
    se = math.sqrt(1 / 50 + 1 / 30)
    assert row["alpha"].item() == pytest.approx(20.0)
    assert row["delta"].item() == pytest.approx(delta)
    assert row["z"].item() == pytest.approx(delta / se)
    assert out.filter(pl.col("term") == "data")["z"].item() == pytest.approx(0.0)
    # With an explicit prior size.
    out2 = log_odds_ratio(counts, groups=("new", "old"), alpha0=10)
    a = 10 * 40 / 200
    d2 = math.log((30 + a) / (110 - 30 - a)) - math.log((10 + a) / (110 - 10 - a))
    assert out2.filter(pl.col("term") == "agent")["delta"].item() == pytest.approx(d2)


def test_log_odds_needs_two_groups():
    with pytest.raises(ValueError, match="exactly two groups"):
        log_odds_ratio(pl.DataFrame({"term": ["x"], "group": ["a"], "count": [1]}))


def test_rising_terms_windows(papers, pt):
    out = rising_terms(pt, papers, recent=(dt.date(2025, 3, 1), None), before=(None, dt.date(2025, 3, 1)), min_papers=1)
    assert set(out.columns) >= {"term", "papers_recent", "papers_before", "share_recent", "z", "q_value",
                                "direction", "general", "same_as", "rank"}
    lora = out.filter(pl.col("term") == "LoRA").row(0, named=True)
    # One paper of three before, none after: too few papers to tell from chance.
    assert lora["z"] < 0 and lora["direction"] == "stable"
    with pytest.raises(ValueError, match="has no papers"):
        rising_terms(pt, papers, recent=(dt.date(2026, 1, 1), None), before=(None, dt.date(2025, 3, 1)))


def _series(counts, total=100):
    periods = pl.date_range(dt.date(2023, 1, 1), dt.date(2023, 1, 1) + dt.timedelta(days=31 * (len(counts) - 1)),
                            interval="1mo", eager=True)[: len(counts)]
    return pl.DataFrame({"term": "x", "period": periods, "period_end": periods.dt.month_end(),
                         "papers_with_term": counts, "papers": [total] * len(counts)})


def test_kleinberg_finds_the_known_burst():
    rng = np.random.default_rng(0)
    counts = rng.binomial(100, 0.03, size=24)
    counts[10:14] = rng.binomial(100, 0.2, size=4)
    out = bursts(_series(counts.tolist()))
    assert out.height == 1
    first = out.row(0, named=True)
    assert first["start"] == dt.date(2023, 11, 1) and first["periods"] == 4
    assert first["strength"] > 0


def test_kleinberg_flat_series_has_no_burst():
    assert bursts(_series([3] * 12)).height == 0


def test_kleinberg_needs_two_periods():
    with pytest.raises(ValueError, match="at least two periods"):
        bursts(_series([3]))


def test_trend_topics_weighted_quartiles(papers, pt):
    out = trend_topics(pt.with_columns(pl.lit(1).alias("count")), papers, min_papers=2)
    agents = out.filter(pl.col("term") == "agents").row(0, named=True)
    assert (agents["q1"], agents["median"], agents["q3"]) == (dt.date(2025, 1, 3), dt.date(2025, 1, 28), dt.date(2025, 3, 2))


def test_keyword_in_context(papers):
    out = keyword_in_context(papers, "agent")
    assert set(out["paper_id"]) == {"a", "c"}  # "agentic" is another word
    assert out.filter(pl.col("paper_id") == "a")["match"].to_list() == ["Agents", "agents", "Agents"]
    march = keyword_in_context(papers, "RAG", period=dt.date(2025, 3, 9))
    assert march["paper_id"].unique().to_list() == ["d"]


def test_charts_specs(papers, pt):
    shares = term_shares(pt, papers, every="1mo")
    line = chart_trend_lines(shares).to_dict()
    enc = line["layer"][0]["encoding"]
    assert line["layer"][0]["mark"]["type"] == "line"
    assert (enc["x"]["type"], enc["y"]["field"], enc["y"]["type"], enc["color"]["type"]) == ("temporal", "share", "quantitative", "nominal")
    heat = chart_term_heatmap(shares).to_dict()
    assert heat["mark"]["type"] == "rect" and heat["encoding"]["y"]["field"] == "term"
    lo = rising_terms(pt, papers, recent=(dt.date(2025, 3, 1), None), before=(None, dt.date(2025, 3, 1)), min_papers=1)
    bar = chart_rising_falling(lo).to_dict()
    assert bar["mark"]["type"] == "bar" and bar["encoding"]["x"]["field"] == "z"
    b = pl.DataFrame({"term": ["agents"], "start": [dt.date(2025, 1, 1)], "end": [dt.date(2025, 3, 31)], "strength": [3.0]})
    tl = chart_bursts(b).to_dict()
    assert tl["encoding"]["x"]["type"] == "temporal" and tl["encoding"]["x2"]["field"] == "end"
    with pytest.raises(ValueError, match="empty"):
        chart_trend_lines(shares.head(0))


def test_term_shares_matches_requested_terms_by_folding_key(papers):
    pt = pl.DataFrame({"paper_id": ["a", "b", "c"], "term": ["LLMs", "LLMs", "agents"], "key": ["llm", "llm", "agent"]})
    for spelling in ["LLM", "LLMs", "llms"]:
        out = term_shares(pt, papers, terms=[spelling], every="1mo")
        assert out["term"].unique().to_list() == ["LLMs"]
        assert out["papers_with_term"].sum() == 2
    # no key column: folded display text; unknown term: zero rows under its own name, and a warning
    with pytest.warns(TermNotFoundWarning):
        out = term_shares(pt.drop("key"), papers, terms=["agent", "absent"], every="1mo")
    assert out.group_by("term", maintain_order=True).agg(pl.col("papers_with_term").sum()).rows() == [("agents", 1), ("absent", 0)]


def _fragment_frame():
    # "reinforcement" only ever inside "reinforcement learning ..." or at the start of an acronym's long form
    return pl.DataFrame({
        "paper_id": ["a", "a", "b", "b", "c", "c", "d"],
        "term": ["reinforcement learning framework", "reinforcement", "RL", "reinforcement", "agents", "reinforcement",
                 "agents"],
        "count": [1, 1, 3, 1, 2, 1, 1],
        "first_pos": [4, 4, 10, 10, 0, 20, 2],
    })


def test_term_containment_counts_papers_with_the_term_only_inside_a_longer_one():
    out = term_containment(_fragment_frame())
    row = out.filter(pl.col("term") == "reinforcement").row(0, named=True)
    assert (row["papers"], row["papers_inside"]) == (3, 2)
    assert out.filter(pl.col("term") == "agents")["papers_inside"].item() == 0
    with pytest.raises(ValueError, match="first_pos"):
        term_containment(_fragment_frame().drop("first_pos"))


def test_rising_terms_drops_fragments_by_default():
    # "reinforcement" is only ever the first word of "reinforcement learning", folded into RL.
    ids = [str(i) for i in range(12)]
    pt = pl.DataFrame({"paper_id": ids * 2 + ["0"], "term": ["RL"] * 12 + ["reinforcement"] * 12 + ["GAN"],
                       "key": ["rl"] * 12 + ["reinforcement"] * 12 + ["gan"]})
    papers = pl.DataFrame({"paper_id": ids, "digest_date": [dt.date(2024, 6, 1)] * 3 + [dt.date(2025, 6, 1)] * 9})
    synonyms = pl.DataFrame({"term": ["reinforcement learning"], "canonical": ["RL"]})
    kw = dict(recent=(dt.date(2025, 1, 1), None), before=(None, dt.date(2025, 1, 1)), min_papers=1, synonyms=synonyms)
    assert "reinforcement" not in rising_terms(pt, papers, **kw)["term"].to_list()
    assert "reinforcement" in rising_terms(pt, papers, drop_inside=None, **kw)["term"].to_list()


def test_bursts_ignore_partial_periods():
    periods = pl.date_range(dt.date(2024, 1, 1), dt.date(2024, 12, 1), interval="1mo", eager=True)
    shares = pl.DataFrame({"term": "agents", "period": periods, "period_end": periods.dt.month_end(),
                           "papers_with_term": [9, 3, 2, 2, 3, 2, 2, 3, 2, 2, 3, 2], "papers": [10] + [100] * 11,
                           "partial": [True] + [False] * 11})
    assert bursts(shares, skip_partial=True).height == 0
    assert bursts(shares, skip_partial=False)["start"].to_list() == [dt.date(2024, 1, 1)]


# --- one identity per concept, topical terms, significance (issue: keyword trends a researcher can trust) ---
@pytest.fixture
def folded_terms():
    """Terms as paper_terms gives them with acronyms folded: RL's key collects "reinforcement learning"."""
    return pl.DataFrame({
        "paper_id": ["p1", "p2", "p3", "p3", "p4", "p5"],
        "term": ["RL", "RL", "RL", "chain-of-thought", "Mixture-of-Experts", "optimisation"],
        "key": ["rl", "rl", "rl", "chainofthought", "mixtureofexpert", "optimization"],
    })


def test_lookup_long_form_and_acronym_give_the_same_term(folded_terms):
    synonyms = pl.DataFrame({"term": ["reinforcement learning"], "canonical": ["RL"]})
    out = lookup_terms(folded_terms, ["reinforcement learning", "RL", "Reinforcement Learning"], synonyms=synonyms)
    assert out["term"].to_list() == ["RL", "RL", "RL"] and out["papers"].to_list() == [3, 3, 3]
    # Without synonyms the long form is unknown (the caller is warned, see below).
    assert lookup_terms(folded_terms, ["reinforcement learning"])["key"].to_list() == [None]


@pytest.mark.parametrize("spelling", ["chain of thought", "Chain-of-Thought", "chains of thought"])
def test_lookup_of_spelled_or_hyphenated(folded_terms, spelling):
    assert lookup_terms(folded_terms, [spelling])["term"].to_list() == ["chain-of-thought"]


@pytest.mark.parametrize("spelling", ["mixture of experts", "Mixture of Experts", "mixture-of-experts"])
def test_lookup_mixture_of_experts_spaced(folded_terms, spelling):
    assert lookup_terms(folded_terms, [spelling])["papers"].to_list() == [1]


def test_lookup_british_and_american(folded_terms):
    assert lookup_terms(folded_terms, ["optimization", "Optimisation"])["term"].to_list() == ["optimisation"] * 2


def test_a_typo_warns_with_the_closest_terms(papers):
    pt = pl.DataFrame({"paper_id": ["a", "b", "c"], "term": ["reinforcement learning"] * 2 + ["agents"]})
    with pytest.warns(TermNotFoundWarning, match="closest terms: 'reinforcement learning' \\(2 papers\\)"):
        out = term_shares(pt, papers, terms=["reinforcment lerning"])
    assert out["papers_with_term"].sum() == 0


def test_a_typo_of_a_long_form_names_the_acronym_it_folds_into(papers):
    """Folded under "RL", "reinforcement learning" is no display form; a typo of it still finds RL."""
    pt = pl.DataFrame({"paper_id": ["a", "b", "c"], "term": ["RL", "RL", "agents"], "key": ["rl", "rl", "agent"],
                       "score": [1.0, 1.0, 1.0]})
    syn = pl.DataFrame({"term": ["reinforcement learning"], "canonical": ["RL"]})
    with pytest.warns(TermNotFoundWarning,
                      match="closest terms: 'reinforcement learning' \\(shown as 'RL', 2 papers\\)"):
        term_shares(pt, papers, terms=["reinforcment lerning"], synonyms=syn)


def test_general_english_words_are_not_rising_terms():
    # 40 papers; "budget" (everyday English) and "rollouts" (a term of the field) rise alike.
    papers = pl.DataFrame({"paper_id": [str(i) for i in range(40)],
                           "digest_date": [dt.date(2025, 1, 1)] * 20 + [dt.date(2025, 6, 1)] * 20})
    late = [str(i) for i in range(22, 40)]
    pt = pl.DataFrame({"paper_id": late + late + ["1", "2"], "term": ["budget"] * 18 + ["rollouts"] * 18 + ["GAN", "GAN"]})
    kw = dict(recent=(dt.date(2025, 6, 1), None), before=(None, dt.date(2025, 6, 1)), drop_inside=None, min_papers=1)
    assert rising_terms(pt, papers, **kw).filter(pl.col("direction") == "rising")["term"].to_list() == ["rollouts"]
    kept = rising_terms(pt, papers, general=True, **kw).filter(pl.col("direction") == "rising")
    assert kept["term"].to_list() == ["rollouts", "budget"]  # specific terms first
    assert kept["general"].to_list() == [False, True]


def test_near_duplicates_rank_after_the_term_they_repeat():
    papers = pl.DataFrame({"paper_id": [str(i) for i in range(80)],
                           "digest_date": [dt.date(2025, 1, 1)] * 40 + [dt.date(2025, 6, 1)] * 40})
    rl, other = [str(i) for i in range(40, 60)], [str(i) for i in range(60, 78)]
    pt = pl.DataFrame({"paper_id": rl + rl + other + ["1"],
                       "term": ["RL"] * 20 + ["reinforcement"] * 20 + ["rollouts"] * 18 + ["GAN"]})
    out = rising_terms(pt, papers, recent=(dt.date(2025, 6, 1), None), before=(None, dt.date(2025, 6, 1)),
                       drop_inside=None, min_papers=1).filter(pl.col("direction") == "rising")
    assert out["term"].to_list() == ["RL", "rollouts", "reinforcement"]
    assert out["same_as"].to_list() == [None, None, "RL"]


def test_the_most_used_term_names_its_near_duplicates_even_when_another_moved_more():
    # "reinforcement" rises a little more than "RL" but names nearly the same papers, fewer of
    # them: RL, the broader spelling, names the group; "agentic framework" (the same concept by its
    # words, a generic head) goes after "agentic", used by more papers, although it moved more.
    papers = pl.DataFrame({"paper_id": [str(i) for i in range(80)],
                           "digest_date": [dt.date(2025, 1, 1)] * 40 + [dt.date(2025, 6, 1)] * 40})
    rl = [str(i) for i in range(41, 60)] + ["2", "3", "4"]
    reinforcement = [str(i) for i in range(40, 60)] + ["3"]
    agentic = [str(i) for i in range(60, 78)] + ["5", "6", "7"]
    framework = [str(i) for i in range(60, 72)]
    everyone = [str(i) for i in range(80)]
    pt = pl.DataFrame({"paper_id": rl + reinforcement + agentic + framework + everyone,
                       "term": ["RL"] * len(rl) + ["reinforcement"] * len(reinforcement) + ["agentic"] * len(agentic)
                       + ["agentic framework"] * len(framework) + ["benchmarks"] * 80})
    out = rising_terms(pt, papers, recent=(dt.date(2025, 6, 1), None), before=(None, dt.date(2025, 6, 1)),
                       drop_inside=None, min_papers=1).filter(pl.col("direction") == "rising")
    z = dict(zip(out["term"], out["z"]))
    assert z["reinforcement"] > z["RL"] and z["agentic framework"] > z["agentic"]
    named = out.filter(pl.col("same_as").is_null())["term"].to_list()
    assert set(named) == {"RL", "agentic"}
    assert dict(zip(out["term"], out["same_as"])) == {"RL": None, "agentic": None, "reinforcement": "RL",
                                                      "agentic framework": "agentic"}
    assert out["term"][-2:].to_list() == ["reinforcement", "agentic framework"] or \
        out["term"][-2:].to_list() == ["agentic framework", "reinforcement"]


def test_trend_windows_fit_the_data_span():
    def windows(first, last):
        days = pl.date_range(first, last, interval="1d", eager=True)
        papers = pl.DataFrame({"paper_id": [str(i) for i in range(len(days))], "digest_date": days})
        return [(r["start"], r["end"]) for r in trend_windows(papers).iter_rows(named=True)]

    # 8 months: the last 3 against the 5 before (not "6 against 12" with 52 days before).
    assert windows(dt.date(2026, 1, 1), dt.date(2026, 8, 21)) == [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 1)), (dt.date(2026, 6, 1), dt.date(2026, 8, 22))]
    # Two years: the last 6 against the 12 before.
    assert windows(dt.date(2024, 1, 1), dt.date(2025, 12, 31)) == [
        (dt.date(2024, 7, 1), dt.date(2025, 7, 1)), (dt.date(2025, 7, 1), dt.date(2026, 1, 1))]
    # Six weeks: halves.
    assert windows(dt.date(2025, 1, 1), dt.date(2025, 2, 11))[1][0] == dt.date(2025, 1, 22)


def test_fragments_from_the_term_table():
    pt = pl.DataFrame({
        "paper_id": [str(i) for i in range(10) for _ in range(3)],
        "term": ["large language models", "large language", "language models"] * 10,
    }).vstack(pl.DataFrame({"paper_id": [f"s{i}" for i in range(10)], "term": ["language models"] * 10}))
    assert fragment_terms(pt) == ["large language"]  # "language models" stands alone in half its papers
    table = term_table_containment(pt).filter(pl.col("term") == "language models").row(0, named=True)
    assert (table["papers"], table["container"], table["inside_ratio"]) == (20, "large language models", 0.5)
    # Through a synonym, a word of a long form is a fragment of the acronym's term.
    rl = pl.DataFrame({"paper_id": [str(i) for i in range(6)] * 2, "term": ["RL"] * 6 + ["reinforcement"] * 6,
                       "key": ["rl"] * 6 + ["reinforcement"] * 6})
    synonyms = pl.DataFrame({"term": ["reinforcement learning"], "canonical": ["RL"]})
    assert fragment_terms(rl, synonyms=synonyms) == ["reinforcement"]
    assert fragment_terms(rl) == []


def test_topical_terms_skip_general_words_fragments_and_duplicates():
    rows = [("image", 30), ("diffusion", 20), ("diffusion models", 8), ("RL", 6), ("reinforcement", 6), ("10B", 9)]
    pt = pl.DataFrame({"paper_id": [f"{t}{i}" if t not in ("RL", "reinforcement") else f"rl{i}"
                                    for t, n in rows for i in range(n)],
                       "term": [t for t, n in rows for _ in range(n)]})
    # "diffusion models" is the concept of "diffusion" (a generic head added): shown once.
    assert topical_terms(pt, top=5)["term"].to_list() == ["diffusion", "RL"]


def test_near_duplicates_by_concept_words():
    """A generic head ("models") or the -ing noun of the last word does not make a new concept;
    another content word does ("video generation" is not "video")."""
    pt = pl.DataFrame({"paper_id": list("abcdefgh"),
                       "term": ["world models", "world", "benchmarking", "benchmark", "video", "video generation",
                                "video generation models", "KV cache"]})
    out = near_duplicates(pt, pt["term"].to_list())
    assert out["same_as"].to_list() == [None, "world models", None, "benchmarking", None, None, "video generation", None]


def test_near_duplicates_by_jaccard():
    pt = pl.DataFrame({"paper_id": list("abcdabcdab"), "term": ["KV cache"] * 4 + ["KV"] * 4 + ["cache"] * 2})
    out = near_duplicates(pt, ["KV cache", "KV", "cache"])
    assert out["same_as"].to_list() == [None, "KV cache", None]


def test_an_absurd_date_cannot_build_a_huge_grid(papers, pt):
    far = papers.with_columns(pl.when(pl.col("paper_id") == "e").then(dt.date(9999, 12, 31))
                              .otherwise(pl.col("digest_date")).alias("digest_date"))
    with pytest.raises(ValueError, match=f"more than {MAX_PERIODS:,}"):
        term_shares(pt, far, terms=["agents"])


def test_no_private_name_is_imported_across_modules():
    """The modules of paperkit.trends share only public names (a private one stays in its module)."""
    import ast
    from pathlib import Path

    import paperkit.trends as tr

    for path in Path(tr.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("paperkit"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_term_shares_knows_the_fragments_of_long_forms_without_being_given_synonyms():
    """The README recipe term_shares(paper_terms(papers), papers): "language models", written
    inside "large language models (LLMs)", is not shown next to "LLMs" (the glossary of the
    papers tells that the long form folded into LLMs contains it)."""
    from paperkit.keywords import paper_terms

    abstracts = [
        "Large language models (LLMs) can plan tool calls for web agents.",
        "We study how large language models (LLMs) memorize retrieval results.",
        "Large language models (LLMs) are evaluated on math word problems with tool calls.",
        "Agents built on large language models (LLMs) browse the web and plan tool calls.",
        "We distill large language models (LLMs) into small students for code repair.",
        "Large language models (LLMs) write proofs that a checker verifies.",
        "Tool calls of LLMs fail on long inputs.",
        "We red-team LLMs with jailbreak prompts.",
        "Caching the prompts of LLMs saves compute.",
        "LLMs grade essays as well as teachers do.",
    ]
    titles = ["LLM web agents", "Memorization in LLMs", "Math problems for LLMs", "Browsing agents",
              "Distilling LLMs", "Proofs with LLMs", "Long inputs", "Jailbreaks", "Prompt caching", "Essay grading"]
    papers = pl.DataFrame({
        "paper_id": list("abcdefghij"), "title": titles, "abstract": abstracts,
        "digest_date": [dt.date(2025, m, 5) for m in (1, 1, 2, 2, 3, 3, 4, 4, 5, 5)],
    })
    shown = term_shares(paper_terms(papers), papers, top=10)["term"].unique().to_list()
    assert "LLMs" in shown and "language models" not in shown and "large language" not in shown


def test_chart_rising_falling_takes_rising_terms_full_output_of_any_size():
    # issue 18: the README's two lines raised "charts embed at most 5000 rows" although 15 bars are drawn
    n = 6000
    full = pl.DataFrame({
        "term": [f"term {i}" for i in range(n)],
        "z": [5.0 - i * 0.001 if i % 2 == 0 else -5.0 + i * 0.001 for i in range(n)],
        "direction": ["rising" if i % 2 == 0 else "falling" for i in range(n)],
        "rank": [i // 2 + 1 for i in range(n)],
        "same_as": [None] * n,
    })
    spec = chart_rising_falling(full, top=15).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 30


def test_trend_lines_have_month_ticks_and_legend_selection():
    periods = [dt.date(2025, m, 1) for m in range(1, 13)]
    shares = pl.DataFrame({"term": ["agents"] * 12 + ["LoRA"] * 12, "period": periods * 2, "share": [0.1] * 24,
                           "papers_with_term": [5] * 24, "papers": [50] * 24})
    spec = chart_trend_lines(shares).to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["format"] == "%b %Y" and len(axis["values"]) == 12  # one tick per monthly point, not weekly ticks
    assert spec["params"][0]["bind"] == "legend" and spec["params"][0]["select"]["fields"] == ["term"]
    assert "opacity" in spec["layer"][0]["encoding"]


def test_old_keyword_names_still_work_for_one_release():
    """issue 16: the terms frame is terms_frame everywhere (paper_terms= still works, with a warning)."""
    import warnings as _w

    import paperkit as pk

    terms = pl.DataFrame({"paper_id": ["a", "b"], "term": ["RAG", "RAG"]})
    with pytest.warns(DeprecationWarning, match=r"term_containment\(paper_terms=...\) is deprecated"):
        old = pk.trends.term_containment(paper_terms=terms.with_columns(count=pl.lit(1), first_pos=pl.lit(0)))
    with _w.catch_warnings():
        _w.simplefilter("error")
        new = pk.trends.term_containment(terms_frame=terms.with_columns(count=pl.lit(1), first_pos=pl.lit(0)))
    assert old.equals(new)
    with pytest.raises(TypeError, match="terms_frame"), pytest.warns(DeprecationWarning):
        pk.trends.term_containment(terms, paper_terms=terms)  # given twice


def test_renamed_counts_keep_working_with_a_warning():
    """issue 16: keyphrases(k=) is top=, topics_from_keywords(k=) is per_paper=, and the "thin
    period" threshold of term_shares/keyword_trends is min_period_papers= (min_papers counts
    papers of a term everywhere else); the old names warn and give the same result."""
    import warnings as _w

    import paperkit as pk

    papers = pk.load_sample().head(300)
    with pytest.warns(DeprecationWarning, match=r"keyphrases\(k=...\) is deprecated"):
        old = pk.keyphrases(papers, k=3, acronyms=False)
    with _w.catch_warnings():
        _w.simplefilter("error")
        new = pk.keyphrases(papers, top=3, acronyms=False)
    assert old.equals(new) and new["rank"].max() == 3
    terms = pk.paper_terms(papers, acronyms=False)
    with pytest.warns(DeprecationWarning, match=r"term_shares\(min_papers=...\)"):
        old = pk.term_shares(terms, papers, terms=["agents"], min_papers=40)
    new = pk.term_shares(terms, papers, terms=["agents"], min_period_papers=40)
    assert old.equals(new)
    with pytest.warns(DeprecationWarning, match=r"topics_from_keywords\(k=...\)"):
        old = pk.topics_from_keywords(papers, k=3, top=5)
    assert old.equals(pk.topics_from_keywords(papers, per_paper=3, top=5))


def _near_duplicate_pairs_by_self_join(pt: pl.DataFrame, terms: list[str], threshold: float) -> pl.DataFrame:
    """The pairs of near_duplicates as computed before the sparse product: one self-join per paper."""
    order = pl.DataFrame({"term": list(dict.fromkeys(terms))}).with_row_index("_o")
    rows = pt.select("paper_id", "term").join(order, on="term", how="semi").unique()
    sizes = rows.group_by("term").agg(pl.len().alias("_n"))
    ranked = rows.join(order, on="term")
    return (
        ranked.join(ranked, on="paper_id", suffix="_b").filter(pl.col("_o_b") < pl.col("_o"))
        .group_by("term", "term_b").agg(pl.len().alias("_i"), pl.col("_o_b").first())
        .join(sizes, on="term").join(sizes.rename({"term": "term_b", "_n": "_n_b"}), on="term_b")
        .with_columns((pl.col("_i") / (pl.col("_n") + pl.col("_n_b") - pl.col("_i"))).alias("jaccard"))
        .filter(pl.col("jaccard") >= threshold).sort("_o_b").unique("term", keep="first")
        .select("term", pl.col("term_b").alias("same_as"), "jaccard").sort("term")
    )


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_near_duplicates_in_batches_equal_the_self_join(batch):
    """Regression (issue 15): the sparse product, any batch of terms, finds the pairs of the self-join
    (which needed memory for every pair of terms in every paper: 4 GB at 100k papers)."""
    import random

    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(1, 12)]
    rows = [(f"p{p}", t) for p in range(60) for t in rng.sample(vocabulary, rng.randint(1, 6))]
    rows += [(f"p{p}", "twin") for p in range(0, 60, 3)] + [(f"p{p}", "t0") for p in range(0, 60, 3)]
    pt = pl.DataFrame({"paper_id": [r[0] for r in rows], "term": [r[1] for r in rows]})
    terms = ["t0", "twin", *vocabulary]  # "twin" is in the papers of "t0" and no other
    for threshold in (0.3, 0.75):
        expected = _near_duplicate_pairs_by_self_join(pt, terms, threshold)
        # concept words make no pair here (no generic heads): the rows with a same_as are the Jaccard pairs
        out = near_duplicates(pt, terms, threshold=threshold, batch=batch).drop_nulls("same_as").sort("term")
        assert_frame_equal(out, expected, check_dtypes=False)
    assert near_duplicates(pt, terms, batch=batch).filter(pl.col("term") == "twin")["same_as"].item() == "t0"
    with pytest.raises(ValueError, match="batch must be a positive integer"):
        near_duplicates(pt, terms, batch=0)
