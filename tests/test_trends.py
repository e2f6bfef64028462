"""Tests of paperkit.trends and paperkit.charts.trends."""

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from paperkit.charts.trends import chart_bursts, chart_rising_falling, chart_term_heatmap, chart_trend_lines
from paperkit.trends import (
    bursts, keyword_in_context, log_odds_ratio, period_counts, rising_terms, term_containment, term_shares, trend_topics,
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
    out = term_shares(pt, papers, terms=["agents", "absent"], every="1mo")
    agents = out.filter(pl.col("term") == "agents")
    assert agents["papers_with_term"].to_list() == [2, 0, 1]
    assert agents["papers"].to_list() == [3, 0, 2]
    assert agents["share"].to_list() == [pytest.approx(2 / 3), None, 0.5]
    assert out.filter(pl.col("term") == "absent")["share"].to_list() == [0.0, None, 0.0]


def test_term_shares_min_papers_nulls_thin_periods(papers, pt):
    out = term_shares(pt, papers, terms=["agents"], min_papers=3)
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
    assert set(out.columns) >= {"term", "papers_recent", "papers_before", "share_recent", "z", "direction"}
    assert out.filter(pl.col("term") == "LoRA")["direction"].item() == "falling"
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
    # no key column: folded display text; unknown term: zero rows under its own name
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
    pt = pl.concat([_fragment_frame().filter(pl.col("paper_id") != "c")] * 3).with_columns(pl.col("paper_id") + pl.Series([""] * 5 + ["2"] * 5 + ["3"] * 5))
    papers = pl.DataFrame({"paper_id": [p + s for s in ("", "2", "3") for p in "abd"],
                           "digest_date": [dt.date(2025, 1, 1), dt.date(2025, 6, 1), dt.date(2024, 1, 1)] * 3})
    kw = dict(recent=(dt.date(2025, 1, 1), None), before=(None, dt.date(2025, 1, 1)), min_papers=1)
    assert "reinforcement" not in rising_terms(pt, papers, **kw)["term"].to_list()
    assert "reinforcement" in rising_terms(pt, papers, drop_inside=None, **kw)["term"].to_list()


def test_bursts_ignore_partial_periods():
    periods = pl.date_range(dt.date(2024, 1, 1), dt.date(2024, 12, 1), interval="1mo", eager=True)
    shares = pl.DataFrame({"term": "agents", "period": periods, "period_end": periods.dt.month_end(),
                           "papers_with_term": [9, 3, 2, 2, 3, 2, 2, 3, 2, 2, 3, 2], "papers": [10] + [100] * 11,
                           "partial": [True] + [False] * 11})
    assert bursts(shares, skip_partial=True).height == 0
    assert bursts(shares, skip_partial=False)["start"].to_list() == [dt.date(2024, 1, 1)]
