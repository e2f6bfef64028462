"""Tests of paperkit.cotopics and paperkit.charts.cotopics."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import os
import random
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from paperkit.charts.cotopics import (
    chart_cotopic_changes,
    chart_cotopic_heatmap,
    chart_cotopic_network,
    chart_cotopics_over_time,
    chart_thematic_map,
)
from paperkit.cotopics import (
    MEASURES,
    combine_topics,
    cooccurrence,
    cooccurrence_over_time,
    cotopic_changes,
    cotopic_clusters,
    cotopic_papers,
    default_topics,
    network_layout,
    term_pattern,
    pair_min_count,
    quadrant_agreement,
    thematic_map,
    topic_counts,
    topic_pattern,
    topics_from_clusters,
    topics_from_dictionary,
    topics_from_keyphrases,
)
from paperkit.normalize import normalize_records

SHARED = Path(os.environ.get("PAPERKIT_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))


def _topics(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"paper_id": pl.String(), "topic": pl.String()}, orient="row").with_columns(
        pl.lit(1.0).alias("weight")
    )


# Four papers: P1 {A, B, C}, P2 {A, B}, P3 {A}, P4 {C}. N = 4, s_A = 3, s_B = 2, s_C = 2,
# c_AB = 2, c_AC = 1, c_BC = 1.
FOUR = _topics([("p1", "A"), ("p1", "B"), ("p1", "C"), ("p2", "A"), ("p2", "B"), ("p3", "A"), ("p4", "C")])
HAND = {
    "count": {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 1},
    "association": {("A", "B"): 4 * 2 / (3 * 2), ("A", "C"): 4 * 1 / (3 * 2), ("B", "C"): 4 * 1 / (2 * 2)},
    "jaccard": {("A", "B"): 2 / 3, ("A", "C"): 1 / 4, ("B", "C"): 1 / 3},
    "cosine": {("A", "B"): 2 / math.sqrt(6), ("A", "C"): 1 / math.sqrt(6), ("B", "C"): 1 / 2},
    "inclusion": {("A", "B"): 1.0, ("A", "C"): 0.5, ("B", "C"): 0.5},
    "pmi": {("A", "B"): math.log(4 / 3), ("A", "C"): math.log(2 / 3), ("B", "C"): 0.0},
    "npmi": {("A", "B"): math.log(4 / 3) / math.log(2), ("A", "C"): math.log(2 / 3) / math.log(4), ("B", "C"): 0.0},
}


# --- co-occurrence -----------------------------------------------------------------------------
@pytest.mark.parametrize("measure", MEASURES)
def test_each_measure_matches_the_hand_computation(measure):
    pairs = cooccurrence(FOUR, measure=measure, min_count=1)
    assert pairs.columns == ["topic_a", "topic_b", "n", "score"]
    got = {(a, b): s for a, b, _, s in pairs.rows()}
    assert got.keys() == HAND[measure].keys()
    for key, expected in HAND[measure].items():
        assert got[key] == pytest.approx(expected), (measure, key)
    assert dict(((a, b), n) for a, b, n, _ in pairs.rows()) == HAND["count"]


def test_pairs_are_ordered_unique_and_independent_of_row_order():
    shuffled = FOUR.sample(fraction=1.0, shuffle=True, seed=7)
    a = cooccurrence(FOUR, measure="jaccard", min_count=1)
    b = cooccurrence(shuffled, measure="jaccard", min_count=1)
    assert_frame_equal(a, b)
    assert (a["topic_a"] < a["topic_b"]).all()
    assert a.select("topic_a", "topic_b").is_unique().all()


def test_duplicate_and_zero_weight_rows_do_not_count():
    extra = pl.concat([FOUR, _topics([("p1", "A")]), _topics([("p3", "B")]).with_columns(pl.lit(0.0).alias("weight"))])
    assert_frame_equal(cooccurrence(extra, measure="count", min_count=1), cooccurrence(FOUR, measure="count", min_count=1))


def test_counts_agree_with_a_self_join_on_random_topics():
    rng = random.Random(3)
    rows = {(f"p{p}", f"t{rng.randrange(12):02d}") for p in range(300) for _ in range(rng.randrange(1, 6))}
    topics = _topics(sorted(rows))
    pairs = cooccurrence(topics, measure="count", min_count=1)
    joined = (
        topics.join(topics, on="paper_id", suffix="_b")
        .filter(pl.col("topic") < pl.col("topic_b"))
        .group_by(pl.col("topic").alias("topic_a"), "topic_b")
        .agg(pl.len().cast(pl.Int64()).alias("n"))
        .sort("topic_a", "topic_b")
    )
    assert_frame_equal(pairs.select("topic_a", "topic_b", "n"), joined)


@pytest.mark.parametrize("min_count", [1, 3])
def test_bitset_and_sparse_products_agree(min_count):
    from paperkit.cotopics.pairs import _incidence, _pairs

    rng = random.Random(5)
    rows = {(f"p{p}", f"t{rng.randrange(40):02d}") for p in range(500) for _ in range(rng.randrange(1, 12))}
    labels, x, n = _incidence(_topics(sorted(rows)))
    a = _pairs(labels, x, n, ["count", "npmi"], min_count, method="bitset")
    b = _pairs(labels, x, n, ["count", "npmi"], min_count, method="sparse")
    for u, v in zip(a[:3], b[:3]):
        assert u.tolist() == v.tolist()
    assert a[3]["npmi"] == pytest.approx(b[3]["npmi"])


def test_min_count_top_n_n_papers_and_several_measures():
    assert cooccurrence(FOUR, measure="count", min_count=2).rows() == [("A", "B", 2, 2.0)]
    top = cooccurrence(FOUR, measure="jaccard", top=2, min_count=1)
    assert top.select("topic_a", "topic_b").rows() == [("A", "B"), ("B", "C")]
    wider = cooccurrence(FOUR, measure="association", n_papers=8, min_count=1)
    assert wider.filter(pl.col("topic_a") == "A", pl.col("topic_b") == "B")["score"][0] == pytest.approx(8 * 2 / 6)
    long = cooccurrence(FOUR, measure=["count", "npmi"], min_count=1)
    assert long.columns == ["topic_a", "topic_b", "n", "measure", "score"]
    assert long.height == 6 and set(long["measure"]) == {"count", "npmi"}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"measure": "lift"}, "unknown measure"),
        ({"min_count": 0}, "min_count"),
        ({"top": 0}, "top must be"),
        ({"n_papers": 2}, "n_papers=2 is smaller"),
    ],
)
def test_cooccurrence_rejects_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        cooccurrence(FOUR, **kwargs)


def test_empty_and_one_topic_inputs_give_no_pairs_and_a_clear_message_downstream():
    empty = _topics([])
    one = _topics([("p1", "RAG"), ("p2", "RAG")])
    for frame in (empty, one):
        pairs = cooccurrence(frame, min_count=1)
        assert pairs.height == 0 and pairs.columns == ["topic_a", "topic_b", "n", "score"]
        with pytest.raises(ValueError, match="no co-occurring pairs"):
            cotopic_clusters(pairs)
        with pytest.raises(ValueError, match="empty: nothing to draw"):
            chart_cotopic_network(pairs, pl.DataFrame({"topic": ["RAG"], "x": [0.0], "y": [0.0], "cluster": [1], "papers": [2], "neighbors": [""]}))
    with pytest.raises(ValueError, match=r"missing column\(s\) \['weight'\]"):
        cooccurrence(pl.DataFrame({"paper_id": ["1"], "topic": ["RAG"]}))


# --- dictionary topics -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "term, text, hits",
    [
        ("RAG", "Retrieval-Augmented Generation (RAG) has emerged as a common paradigm", 1),
        ("RAG", "alleviate the bottleneck of slow storage with a pre-attention router", 0),
        ("RAG", "we compare Self-RAG, RAG-based QA and two RAGs", 3),
        ("RAG", "a rag doll", 0),  # acronyms are case-sensitive
        ("LoRA", "fine-tuned with low-rank adapters (LoRA) and QLoRA", 1),
        ("retrieval-augmented generation", "Retrieval Augmented Generation and retrieval-augmented generation", 2),
        ("fine-tuning", "fine-tuning, fine tuning, finetuning and Fine-Tuning", 4),
        ("agent", "LLM agents and an agent; reagents and agentic workflows", 2),
        ("policy", "policy gradient over many policies", 2),
        ("quantiz*", "quantized weights after post-training quantization", 2),
        ("3D", "3D Gaussian Splatting (3DGS) for 3D-aware generation", 2),
        ("re:\\bGPT-\\d", "GPT-4 and GPT-4o beat GPT", 2),
        # one "is an acronym" rule (paperkit.acronyms.is_acronym, issue 16): a camel-case name is not one
        ("GitHub", "GitHub issues, github repositories", 2),
        ("LLMs", "LLM judges and llms", 1),
        # the last word in the singular or plural, whichever is written (paperkit.text.plural_pattern)
        ("modalities", "one modality, many modalities", 2),
        ("robotics", "robotic arms in robotics", 1),
    ],
)
def test_dictionary_terms_match_whole_words_and_acronyms(term, text, hits):
    assert pl.Series([text]).str.count_matches(term_pattern(term))[0] == hits
    papers = pl.DataFrame({"paper_id": ["x"], "title": [text]})
    found = topics_from_dictionary(papers, {"T": [term]}, min_matches=1)
    assert (found["weight"].sum() if found.height else 0) == hits


@pytest.mark.parametrize(
    "title, abstract, expected, absent",
    [
        (
            "GroUSE: A Benchmark to Evaluate Evaluators in Grounded Question Answering",
            "Retrieval-Augmented Generation (RAG) has emerged as a common paradigm to use Large Language Models (LLMs) "
            "alongside private and up-to-date knowledge bases. In this work, we address the challenges of using "
            "LLM-as-a-Judge when evaluating grounded answers generated by RAG systems.",
            {"RAG", "retrieval & re-ranking", "LLM judges & chat evaluation"},
            {"agents", "diffusion & flow models"},
        ),
        (
            "SageAttention2 Technical Report: Accurate 4 Bit Attention for Plug-and-play Inference Acceleration",
            "Although quantization for linear layers has been widely used, its application to accelerate the attention "
            "process remains limited. SageAttention utilizes 8-bit matrix multiplication and is 2x faster than FlashAttention2.",
            {"pruning & quantization", "efficient inference"},
            {"RAG", "reasoning"},
        ),
        (
            "R1-ShareVL: Incentivizing Reasoning Capability of Multimodal Large Language Models via Share-GRPO",
            "In this work, we aim to incentivize the reasoning ability of Multimodal Large Language Models (MLLMs) via "
            "reinforcement learning (RL) and develop an effective approach that mitigates the sparse reward issue.",
            {"reasoning", "reinforcement learning", "vision-language models", "multimodal"},
            {"PEFT & LoRA", "speech & audio"},
        ),
        (
            "ConsumerBench: Benchmarking Generative AI Applications on End-User Devices",
            "Unlike existing benchmarks that assume exclusive model access on dedicated GPUs, ConsumerBench simulates "
            "realistic multi-application execution; the code is available.",
            set(),
            {"code", "RAG", "agents"},  # "code" alone is not the code topic
        ),
    ],
)
def test_default_dictionary_on_real_abstracts(title, abstract, expected, absent):
    papers = pl.DataFrame({"paper_id": ["x"], "title": [title], "abstract": [abstract]})
    found = set(topics_from_dictionary(papers, min_matches=1)["topic"])
    assert expected <= found
    assert not (absent & found)


def test_default_dictionary_is_curated_and_compiles():
    topics = default_topics()
    assert len(topics) >= 40
    for name in ("RAG", "alignment & RLHF", "PEFT & LoRA", "pruning & quantization", "reasoning", "agents",
                 "multimodal", "recommendation", "retrieval & re-ranking", "diffusion & flow models"):
        assert name in topics
    for terms in topics.values():
        topic_pattern(terms)
    assert default_topics() is not default_topics()  # callers get their own copy to edit


def test_synonyms_count_long_forms_as_the_acronym():
    papers = pl.DataFrame({"paper_id": ["1", "2", "3"], "title": [
        "Low-Rank Adaptation of Large Language Models", "LoRA meets diffusion", "a lora radio network"]})
    synonyms = pl.DataFrame({"term": ["lora", "low-rank adaptation"], "canonical": ["LoRA", "LoRA"],
                             "long_form": ["low-rank adaptation", "low-rank adaptation"]})
    plain = topics_from_dictionary(papers, {"PEFT": ["LoRA"]}, min_matches=1)
    expanded = topics_from_dictionary(papers, {"PEFT": ["LoRA"]}, synonyms=synonyms, min_matches=1)
    assert plain["paper_id"].to_list() == ["2"]
    assert expanded["paper_id"].to_list() == ["1", "2"]  # the lower-case "lora" (a radio) still does not count
    with pytest.raises(ValueError, match="synonyms frame is missing"):
        topics_from_dictionary(papers, {"PEFT": ["LoRA"]}, synonyms=pl.DataFrame({"term": ["x"]}), min_matches=1)


def test_weights_min_matches_and_bad_input():
    papers = pl.DataFrame({"paper_id": ["1", "2"], "title": ["RAG, RAG and RAG", "one RAG"], "abstract": [None, "no"]})
    d = {"RAG": ["RAG"]}
    assert topics_from_dictionary(papers, d, min_matches=1).rows() == [("1", "RAG", 3.0), ("2", "RAG", 1.0)]
    assert topics_from_dictionary(papers, d).rows() == [("1", "RAG", 3.0)]  # default: two mentions with an abstract
    titles_only = papers.with_columns(pl.lit(None, dtype=pl.String()).alias("abstract"))
    assert topics_from_dictionary(titles_only, d).rows() == [("1", "RAG", 3.0), ("2", "RAG", 1.0)]  # one without
    assert topics_from_dictionary(papers, d, weight="binary", min_matches=1)["weight"].to_list() == [1.0, 1.0]
    assert topics_from_dictionary(papers, d, min_matches=2)["paper_id"].to_list() == ["1"]
    empty = topics_from_dictionary(papers.head(0), d, min_matches=1)
    assert empty.height == 0 and empty.columns == ["paper_id", "topic", "weight"]
    with pytest.raises(ValueError, match="dictionary is empty"):
        topics_from_dictionary(papers, {}, min_matches=1)
    with pytest.raises(ValueError, match="weight must be"):
        topics_from_dictionary(papers, d, weight="tfidf", min_matches=1)
    with pytest.raises(ValueError, match="topic 'RAG': expected a non-empty list"):
        topics_from_dictionary(papers, {"RAG": "RAG"}, min_matches=1)
    with pytest.raises(ValueError, match=r"missing column\(s\) \['paper_id'\]"):
        topics_from_dictionary(pl.DataFrame({"title": ["x"]}), d, min_matches=1)


# --- data-driven topics ------------------------------------------------------------------------
KEYPHRASES = pl.DataFrame({
    "paper_id": ["1", "1", "2", "2", "3", "3", "4"],
    "rank": [1, 2, 1, 2, 1, 2, 1],
    "phrase": ["low-rank adaptation", "diffusion model", "low-rank adaptation", "language agents",
               "diffusion model", "language agents", "protein folding"],
    "score": [0.9, 0.5, 0.8, 0.7, 0.6, 0.4, 0.9],
})


def test_topics_from_keyphrases_keeps_the_widespread_phrases():
    topics = topics_from_keyphrases(KEYPHRASES, top=2)
    assert set(topics["topic"]) == {"low-rank adaptation", "diffusion model"}
    assert topics.columns == ["paper_id", "topic", "weight"]
    assert "protein folding" not in topics_from_keyphrases(KEYPHRASES, top=10)["topic"].to_list()  # one paper only
    assert topics_from_keyphrases(KEYPHRASES, weight="binary")["weight"].unique().to_list() == [1.0]
    with pytest.raises(ValueError, match="keyphrases frame is missing"):
        topics_from_keyphrases(KEYPHRASES.rename({"phrase": "term"}))


def test_mixing_dictionary_and_data_driven_topics_and_cluster_topics():
    papers = pl.DataFrame({"paper_id": ["1", "2"], "title": ["LoRA for diffusion", "Agents with RAG"]})
    mixed = combine_topics(topics_from_dictionary(papers, min_matches=1), topics_from_keyphrases(KEYPHRASES, min_papers=1))
    assert {"PEFT & LoRA", "low-rank adaptation", "RAG"} <= set(mixed["topic"])
    assert mixed.select("paper_id", "topic").is_unique().all()
    clusters = pl.DataFrame({"topic": ["low-rank adaptation", "diffusion model"], "cluster_label": ["gen", "gen"]})
    coarse = topics_from_clusters(topics_from_keyphrases(KEYPHRASES), clusters)
    assert coarse.filter(pl.col("paper_id") == "1").rows() == [("1", "gen", pytest.approx(1.4))]


def test_keywords_integration_gives_cooccurring_data_driven_topics():
    pytest.importorskip("paperkit.keywords")
    from paperkit.cotopics import topics_from_keywords

    papers = _dated_papers()[0].with_columns(pl.col("abstract").fill_null(""))
    topics = topics_from_keywords(papers, per_paper=5, top=10, min_papers=2)
    assert topics.columns == ["paper_id", "topic", "weight"] and topics.height > 0
    assert topics["topic"].n_unique() <= 10
    assert (topics.group_by("topic").agg(pl.col("paper_id").n_unique())["paper_id"] >= 2).all()
    pairs = cooccurrence(topics, measure="association", min_count=1)
    assert (pairs["topic_a"] < pairs["topic_b"]).all()


def test_topic_counts():
    assert topic_counts(FOUR).rows() == [("A", 3, 3.0), ("B", 2, 2.0), ("C", 2, 2.0)]


# --- clusters and thematic map -------------------------------------------------------------------
def _two_communities() -> pl.DataFrame:
    rows = []
    groups = [["LoRA", "adapters", "quantization", "pruning"], ["RAG", "retrieval", "agents", "tools"], ["diffusion", "video", "3D"]]
    p = 0
    for g in groups:
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                for _ in range(4):
                    rows += [(f"p{p}", g[i]), (f"p{p}", g[j])]
                    p += 1
    rows += [(f"p{p}", "LoRA"), (f"p{p}", "RAG"), (f"p{p + 1}", "agents"), (f"p{p + 1}", "video")]
    return _topics(rows)


def test_seeded_clusters_are_stable_and_recover_the_communities():
    topics = _two_communities()
    pairs = cooccurrence(topics, measure="association", min_count=1)
    first = cotopic_clusters(pairs, seed=1)
    for _ in range(3):
        assert_frame_equal(cotopic_clusters(pairs.sample(fraction=1.0, shuffle=True, seed=_), seed=1), first)
    groups = first.group_by("cluster").agg(pl.col("topic").sort()).sort("cluster")["topic"].to_list()
    assert sorted(groups) == sorted([["LoRA", "adapters", "pruning", "quantization"], ["RAG", "agents", "retrieval", "tools"], ["3D", "diffusion", "video"]])
    assert first["cluster"].to_list() == sorted(first["cluster"].to_list())


def test_thematic_map_computes_callon_measures_and_quadrants():
    # four clusters of two topics; internal links 9, 8, 1, 2; external a-c 5, a-d 0.2, b-d 0.1
    pairs = pl.DataFrame({
        "topic_a": ["a1", "b1", "c1", "d1", "a1", "a1", "b1"],
        "topic_b": ["a2", "b2", "c2", "d2", "c1", "d1", "d1"],
        "n": [1] * 7,
        "score": [9.0, 8.0, 1.0, 2.0, 5.0, 0.2, 0.1],
    })
    clusters = pl.DataFrame({"topic": ["a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2"], "cluster": [1, 1, 2, 2, 3, 3, 4, 4],
                             "cluster_label": ["a1", "a1", "b1", "b1", "c1", "c1", "d1", "d1"]})
    tm = thematic_map(pairs, clusters)
    got = {r["label"]: r for r in tm.iter_rows(named=True)}
    # centrality = 10 x external link weight; density = 100 x internal weight (both ends) / topics
    assert {k: v["centrality"] for k, v in got.items()} == pytest.approx({"a1": 52.0, "b1": 1.0, "c1": 50.0, "d1": 3.0})
    assert {k: v["density"] for k, v in got.items()} == pytest.approx({"a1": 900.0, "b1": 800.0, "c1": 100.0, "d1": 200.0})
    assert {k: (v["rank_centrality"], v["rank_density"]) for k, v in got.items()} == {
        "a1": (4.0, 4.0), "b1": (1.0, 3.0), "c1": (3.0, 1.0), "d1": (2.0, 2.0)}
    assert {k: v["quadrant"] for k, v in got.items()} == {
        "a1": "motor themes", "b1": "niche themes", "c1": "basic themes", "d1": "emerging or declining themes"}


def test_thematic_map_with_counts_labels_by_most_frequent_topic():
    topics = _two_communities()
    pairs = cooccurrence(topics, measure="association", min_count=1)
    tm = thematic_map(pairs, cotopic_clusters(pairs, seed=0), counts=topic_counts(topics))
    assert tm.columns == ["cluster", "label", "topics", "n_topics", "papers", "centrality", "density",
                          "rank_centrality", "rank_density", "quadrant"]
    assert tm["papers"].null_count() == tm.height  # counts alone cannot give distinct papers
    assert set(tm["quadrant"]) <= {"motor themes", "niche themes", "emerging or declining themes", "basic themes"}


def test_thematic_map_papers_are_distinct_papers_not_a_sum_of_topic_counts():
    # issue 18: a cluster showed 6,536 "papers" in a 3,736-paper corpus
    topics = _two_communities()
    pairs = cooccurrence(topics, measure="association", min_count=1)
    clusters = cotopic_clusters(pairs, seed=0)
    tm = thematic_map(pairs, clusters, topics=topics)
    n_papers = topics["paper_id"].n_unique()
    assert (tm["papers"] <= n_papers).all()
    per_cluster = topics.join(clusters, on="topic").group_by("cluster").agg(pl.col("paper_id").n_unique().alias("want"))
    got = tm.join(per_cluster, on="cluster")
    assert got["papers"].to_list() == got["want"].to_list()
    summed = topic_counts(topics).join(clusters, on="topic").group_by("cluster").agg(pl.col("papers").sum())
    assert summed["papers"].sum() > tm["papers"].sum()  # papers with several topics of a cluster count once


def test_quadrant_agreement_compares_measures_on_fixed_clusters():
    topics = _two_communities()
    both = cooccurrence(topics, measure=["association", "npmi"], min_count=1)
    clusters = cotopic_clusters(both.filter(pl.col("measure") == "association").drop("measure"), seed=0)
    agree = quadrant_agreement(both, clusters)
    assert agree.columns == ["cluster", "label", "measure", "quadrant", "stable"]
    assert agree.height == 2 * clusters["cluster"].n_unique()
    for (_, ), part in agree.group_by("cluster"):
        assert part["stable"].all() == (part["quadrant"].n_unique() == 1)
    with pytest.raises(ValueError, match="measure"):
        quadrant_agreement(both.filter(pl.col("measure") == "npmi").drop("measure"), clusters)


def test_pair_min_count_scales_with_the_corpus_and_is_the_default():
    assert [pair_min_count(n) for n in (0, 99, 100, 1_499, 1_501, 6_141)] == [2, 2, 3, 3, 4, 13]
    topics = _two_communities()
    assert cooccurrence(topics).equals(cooccurrence(topics, min_count=pair_min_count(topics["paper_id"].n_unique())))
    assert cooccurrence(topics, min_count=None, n_papers=5000).height == 0  # every pair rests on 4 papers < 10


# --- over time, changes, drill-down --------------------------------------------------------------
def _dated_papers() -> tuple[pl.DataFrame, pl.DataFrame]:
    recs = pl.DataFrame({
        "arxiv_id": [f"2501.{i:05d}" for i in range(8)],
        "title": ["Agentic RAG for search", "RAG with agents and tools", "Retrieval-Augmented Generation benchmark",
                  "LoRA for diffusion", "Agents that use RAG", "LoRA adapters for RAG", "RAG with LoRA", "Agents and RAG"],
        "digest_date": [dt.date(2025, 1, 3), dt.date(2025, 1, 20), dt.date(2025, 2, 2), dt.date(2025, 2, 10),
                        dt.date(2025, 4, 1), dt.date(2025, 4, 2), dt.date(2025, 5, 6), dt.date(2025, 5, 7)],
    })
    papers = normalize_records(recs)
    d = {"RAG": ["RAG", "retrieval-augmented generation"], "agents": ["agent", "agentic"], "PEFT": ["LoRA", "adapter"],
         "diffusion": ["diffusion"]}
    return papers, topics_from_dictionary(papers, d, min_matches=1)


def test_cooccurrence_over_time_per_quarter():
    papers, topics = _dated_papers()
    ot = cooccurrence_over_time(topics, papers, every="1q", measure="count")
    assert ot.columns == ["period", "topic_a", "topic_b", "n", "score", "papers"]
    rag_agents = ot.filter(pl.col("topic_a") == "RAG", pl.col("topic_b") == "agents")
    assert rag_agents.select("period", "n", "papers").rows() == [(dt.date(2025, 1, 1), 2, 4), (dt.date(2025, 4, 1), 2, 4)]
    assoc = cooccurrence_over_time(topics, papers, every="1mo")
    assert assoc["period"].min() == dt.date(2025, 1, 1)


def test_cotopic_changes_finds_the_rising_pair():
    papers, topics = _dated_papers()
    ch = cotopic_changes(topics, papers, split=dt.date(2025, 4, 1), measure="count", min_count=1)
    assert ch.filter(pl.col("direction") == "rose").row(0)[:2] == ("PEFT", "RAG")
    assert ch.filter(pl.col("direction") == "fell").row(0)[:2] == ("PEFT", "diffusion")
    with pytest.raises(ValueError, match="leaves one window empty"):
        cotopic_changes(topics, papers, split=dt.date(2030, 1, 1))


def test_drill_down_returns_the_papers_with_both_topics():
    papers, topics = _dated_papers()
    both = cotopic_papers(topics, papers, "agents", "RAG")
    assert both.columns == ["paper_id", "title", "digest_date", "weight_a", "weight_b"]
    assert set(both["title"]) == {"Agentic RAG for search", "RAG with agents and tools", "Agents that use RAG", "Agents and RAG"}
    with pytest.raises(ValueError, match="not in the topics frame"):
        cotopic_papers(topics, papers, "agents", "robots")


def test_drill_down_in_the_old_argument_order_works_with_a_deprecation_warning():
    """Issue 16: the frame first, then the papers; cotopic_papers(papers, topics, ...) is told
    from the columns (the frame with ``topic`` is the topics frame) for one release."""
    papers, topics = _dated_papers()
    with pytest.warns(DeprecationWarning, match=r"cotopic_papers\(papers, topics, ...\) is deprecated"):
        old = cotopic_papers(papers, topics, "agents", "RAG")
    assert_frame_equal(old, cotopic_papers(topics, papers, "agents", "RAG"))


# --- charts --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def analysed():
    topics = _two_communities()
    pairs = cooccurrence(topics, measure="association", min_count=1)
    clusters = cotopic_clusters(pairs, seed=0)
    counts = topic_counts(topics)
    return topics, pairs, clusters, counts


def test_chart_heatmap_spec(analysed):
    _, pairs, clusters, _ = analysed
    spec = chart_cotopic_heatmap(pairs, clusters).to_dict()
    assert spec["mark"]["type"] == "rect"
    enc = spec["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"], enc["y"]["type"], enc["color"]["type"]) == ("topic_a", "nominal", "nominal", "quantitative")
    order = enc["x"]["sort"]
    assert order == enc["y"]["sort"]
    assert [clusters.filter(pl.col("topic") == t)["cluster"][0] for t in order] == sorted(clusters["cluster"].to_list())
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(rows) == 2 * pairs.height <= 5000
    # issue 18: one outlier made a linear scale one dark colour; long names were cut at 180 px
    assert enc["color"]["scale"]["type"] == "quantile"
    longest = max(len(t) for t in order)
    assert enc["x"]["axis"]["labelLimit"] >= 6 * longest and enc["y"]["axis"]["labelLimit"] >= 6 * longest


def test_chart_heatmap_caps_topics():
    topics = _topics([(f"p{i}", f"t{i % 90:02d}") for i in range(400)] + [(f"p{i}", f"t{(i * 7 + 3) % 90:02d}") for i in range(400)])
    pairs = cooccurrence(topics, measure="count", min_count=1)
    clusters = cotopic_clusters(pairs)
    spec = chart_cotopic_heatmap(pairs, clusters, top=30).to_dict()
    assert len(spec["encoding"]["x"]["sort"]) == 30
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) <= 30 * 29


def test_chart_network_spec_with_neighbour_highlighting(analysed):
    _, pairs, clusters, counts = analysed
    nodes = network_layout(pairs, clusters, counts=counts, seed=0)
    assert_frame_equal(nodes, network_layout(pairs, clusters, counts=counts, seed=0))  # seeded layout
    spec = chart_cotopic_network(pairs, nodes).to_dict()
    edges, circles, labels = spec["layer"]
    assert edges["mark"]["type"] == "rule" and {"x", "y", "x2", "y2", "strokeWidth"} <= set(edges["encoding"])
    assert circles["mark"]["type"] == "circle"
    assert (circles["encoding"]["size"]["field"], circles["encoding"]["color"]["field"], circles["encoding"]["color"]["type"]) == ("papers", "cluster", "nominal")
    assert {t["field"] for t in circles["encoding"]["tooltip"]} >= {"topic", "papers", "cluster"}
    (focus,) = spec["params"]
    assert (focus["name"], focus["select"]["type"], focus["select"]["fields"]) == ("focus", "point", ["topic"])
    assert focus["views"] == [circles["name"]] and focus["bind"]["input"] == "select"
    assert "datum.neighbors" in circles["encoding"]["opacity"]["condition"]["test"]
    assert "datum.topic_a" in edges["encoding"]["opacity"]["condition"]["test"]
    assert labels["mark"]["type"] == "text"


def test_chart_thematic_map_spec(analysed):
    topics, pairs, clusters, counts = analysed
    themes = thematic_map(pairs, clusters, topics=topics)
    spec = chart_thematic_map(themes).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "rule", "text", "circle", "text"]
    points = spec["layer"][3]["encoding"]
    assert (points["x"]["field"], points["y"]["field"], points["size"]["field"], points["color"]["field"]) == (
        "centrality", "density", "papers", "quadrant")
    # the axes span the real values (issue 18: 4 clusters gave rank axes with ticks at 0.6, 0.8...)
    lo, hi = points["x"]["scale"]["domain"]
    assert lo < themes["centrality"].min() and hi > themes["centrality"].max()
    ranks = chart_thematic_map(themes, axes="ranks").to_dict()["layer"][3]["encoding"]
    assert ranks["x"]["field"] == "rank_centrality" and ranks["x"]["axis"]["tickMinStep"] == 1


def test_chart_over_time_and_changes_specs():
    papers, topics = _dated_papers()
    ot = cooccurrence_over_time(topics, papers, every="1mo", measure="count")
    spec = chart_cotopics_over_time(ot, [("agents", "RAG")]).to_dict()
    assert (spec["mark"]["type"], spec["encoding"]["x"]["type"], spec["encoding"]["y"]["field"]) == ("line", "temporal", "score")
    assert chart_cotopics_over_time(ot).to_dict()["encoding"]["color"]["field"] == "pair"
    with pytest.raises(ValueError, match="none of the pairs"):
        chart_cotopics_over_time(ot, [("agents", "robots")])
    ch = cotopic_changes(topics, papers, split=dt.date(2025, 4, 1), measure="count", min_count=1)
    spec = chart_cotopic_changes(ch).to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["sort"] == "-x"


# --- real data ---------------------------------------------------------------------------------
@pytest.mark.shared
def test_real_hf_papers_give_sensible_top_pairs():
    path = SHARED / "data" / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz"
    if not path.exists():
        pytest.skip(f"needs the shared benchmark data at {path} (absent in a plain clone; CI has it)")
    rows = [json.loads(line) for line in gzip.open(path, "rt")]
    recs = pl.DataFrame(rows, infer_schema_length=None).select(
        "arxiv_id", "title", "abstract", pl.col("digest_date").str.to_date()
    )
    papers = normalize_records(recs)
    topics = topics_from_dictionary(papers, min_matches=1)
    assert topics["paper_id"].n_unique() > 0.95 * papers.height
    pairs = cooccurrence(topics, measure="association", min_count=10, n_papers=papers.height)
    top = {tuple(r) for r in pairs.sort("score", descending=True).head(15).select("topic_a", "topic_b").rows()}
    assert ("RAG", "retrieval & re-ranking") in top
    assert ("GUI & web agents", "agents") in top
    clusters = cotopic_clusters(pairs, seed=0)
    tm = thematic_map(pairs, clusters, counts=topic_counts(topics))
    assert 3 <= tm.height <= 12
    # the defaults of issue 18: two mentions per topic, pairs in >= 1 paper per 500
    default = cooccurrence(topics_from_dictionary(papers), n_papers=papers.height, top=10)
    assert default["n"].min() >= pair_min_count(papers.height) == 13
    assert ("RAG", "retrieval & re-ranking") in set(default.select("topic_a", "topic_b").rows())
    distinct = thematic_map(pairs, clusters, topics=topics)
    assert distinct["papers"].max() <= papers.height


def test_network_labels_do_not_overlap():
    # issue 18: the network's labels overlapped; now a label is drawn only where it has room
    from paperkit.charts.cotopics import _thinned_labels

    topics = _two_communities()
    pairs = cooccurrence(topics, measure="association", min_count=1)
    nodes = network_layout(pairs, cotopic_clusters(pairs, seed=0), counts=topic_counts(topics))
    assert (_thinned_labels(nodes, width=5000, height=5000) != "").all()  # room for every label
    labels = _thinned_labels(nodes, width=120, height=100)  # a crowded chart: some labels must go
    assert 0 < (labels != "").sum() < nodes.height
    assert labels[nodes["papers"].arg_max()] != ""  # the biggest topic keeps its label
    spec = chart_cotopic_network(pairs, nodes).to_dict()
    assert spec["layer"][2]["encoding"]["text"]["field"] == "shown"
    assert "datum.label" in spec["layer"][2]["transform"][0]["calculate"]


def test_top_is_the_name_of_every_top_n_and_the_old_names_warn():
    """issue 16: top_n, max_topics, max_edges and max_findings are called top (old names: one release)."""
    with pytest.warns(DeprecationWarning, match=r"cooccurrence\(top_n=...\)"):
        old = cooccurrence(FOUR, measure="jaccard", top_n=2, min_count=1)
    assert old.equals(cooccurrence(FOUR, measure="jaccard", top=2, min_count=1))


def test_dictionary_topics_in_batches_equal_one_pass():
    """Regression (issue 15): papers are matched a batch at a time (at 1M papers one pass held
    +3 GB of texts and counts); any batch gives the same rows."""
    from paperkit.io import load_sample

    papers = load_sample().head(300)
    one = topics_from_dictionary(papers, batch=papers.height)
    assert one.height > 0
    for batch in (7, 100):
        assert_frame_equal(topics_from_dictionary(papers, batch=batch), one)
    few = papers.head(30)  # one paper at a time: 30 batches
    assert_frame_equal(topics_from_dictionary(few, batch=1), topics_from_dictionary(few, batch=few.height))
    with pytest.raises(ValueError, match="batch must be a positive integer"):
        topics_from_dictionary(papers, batch=0)
