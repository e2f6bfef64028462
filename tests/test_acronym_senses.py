"""Issue 17: a glossary that knows which sense each paper uses. Real sentences from the
Hugging Face daily-papers archive (DEV part) unless said otherwise."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from paperkit import load_sample
from paperkit.acronyms import (
    acronym_glossary, acronym_mentions, acronym_uses, evidence, extract_definitions, find_acronyms, known_acronyms, title_names,
)
from paperkit.acronyms.usage import is_measure, is_measurement_use
from paperkit.text import stem_word, stopwords

FPS_DEFINED = [
    # 2505.04528
    "To fill these gaps, we present a principled formulation of problem-solving as a deterministic Markov decision "
    "process; a novel framework, FPS (Formal Problem-Solving), which utilizes existing FTP (formal theorem proving) "
    "environments to perform process-verified problem-solving.",
    # 2507.05163
    "However, the majority of 4D capture systems are limited to frame rates below 30 FPS (frames per second), and a "
    "direct 4D reconstruction of high-speed motion from low FPS input may lead to undesirable results.",
]
FPS_USED = [
    # 2509.22622
    "At inference, LongLive sustains 20.7 FPS on a single NVIDIA H100, achieves strong performance on VBench in both "
    "short and long videos.",
    # 2408.10161
    "It is capable of running at over 20 FPS on 512x384 resolution images on a Jetson Orin Nano.",
    # 2410.07160
    "To push our work into consumer applications, we develop a real-time system that can operate at 48 FPS on a GPU "
    "machine and 15-18 FPS on a mobile machine.",
]


def _papers(abstracts, titles=None):
    n = len(abstracts)
    return pl.DataFrame(
        {
            "paper_id": [f"p{i}" for i in range(n)],
            "title": titles or [f"Paper {i}" for i in range(n)],
            "abstract": abstracts,
            "digest_date": [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(n)],
        },
        schema={"paper_id": pl.String, "title": pl.String, "abstract": pl.String, "digest_date": pl.Date},
    )


def _row(g: pl.DataFrame, sf: str) -> dict:
    return g.filter(pl.col("short_form") == sf).row(0, named=True)


def test_fps_uses_are_credited_to_frames_per_second_not_the_first_definition():
    papers = _papers(FPS_DEFINED + FPS_USED)
    uses = acronym_uses(papers).filter(pl.col("key") == "fps")
    by_paper = dict(uses.group_by("paper_id").agg(pl.col("long_form").first()).iter_rows())
    assert by_paper["p0"] == "Formal Problem-Solving"  # the defining paper's own sense first
    assert {by_paper[p] for p in ("p1", "p2", "p3", "p4")} == {"frames per second"}
    assert set(uses.filter(pl.col("paper_id").is_in(["p2", "p3", "p4"]))["evidence"]) == {"measurement"}
    fps = _row(acronym_glossary(papers), "FPS")
    assert fps["long_form"] == "frames per second"  # the sense most papers use
    assert [(s["long_form"], s["n_papers_using"]) for s in fps["senses"]] == [
        ("frames per second", 4), ("Formal Problem-Solving", 1)]
    assert not fps["ambiguous"]  # the second sense is used by its one defining paper only
    assert fps["unresolved"] == 0


def test_a_second_sense_used_by_two_papers_is_ambiguous_and_weak_evidence_is_unknown():
    papers = _papers([
        # 2408.17253, 2512.15715: masked autoencoder
        "To bridge the gap between the two domains, we reformulate the TSF task as an image reconstruction task, which "
        "is further processed by a visual masked autoencoder (MAE) self-supervised pre-trained on the ImageNet dataset.",
        "Our model, codenamed \"Pixio\", is an enhanced masked autoencoder (MAE) with more challenging pre-training "
        "tasks and more capable architectures.",
        # 2508.03560: a measure, never defined as such in the corpus (the known list has it)
        "Specifically, TreeBLEU scores increased by 66.67% and MAE decreased by 38% when using DeepSeek-VL2, "
        "compared to direct prompting.",
        # made up: a second paper reporting an error
        "Our forecaster is accurate: MAE = 0.172 on the held-out stations.",
        # made up: no evidence either way
        "We compare with MAE.",
    ])
    uses = acronym_uses(papers)
    assert uses.filter(pl.col("paper_id") == "p2")[["long_form", "source", "evidence"]].row(0) == (
        "mean absolute error", "known list", "measurement")
    assert uses.filter(pl.col("paper_id") == "p4")["long_form"].to_list() == [None]
    mae = _row(acronym_glossary(papers), "MAE")
    assert mae["long_form"] == "masked autoencoder" and mae["source"] == "corpus"
    assert [(s["long_form"], s["source"], s["n_papers_using"]) for s in mae["senses"]] == [
        ("masked autoencoder", "corpus", 2), ("mean absolute error", "known list", 2)]
    assert mae["ambiguous"] and mae["unresolved"] == 1


@pytest.mark.parametrize(("sentences", "sf"), [
    (["Language models (LMs) have long been used to improve results of automatic speech recognition (ASR) systems.",
      "We study automated speech recognition (ASR) for low-resource languages."], "ASR"),
    (["By employing an LLM for inference and a small language model (SLM) for output, we cut latency.",
      "A smaller language model (SLM) drafts the answer."], "SLM"),
    (["Proximal Policy Optimization (PPO), a state-of-the-art reinforcement learning (RL) algorithm, is used.",
      "We fine-tune with Proximal Policy Optimisation (PPO)."], "PPO"),
    (["We use The Pile Dataset (PD) for pre-training.", "We use the Pile dataset (PD) too."], "PD"),
])
def test_one_sense_per_meaning_across_spelling_inflection_case_and_determiners(sentences, sf):
    row = _row(acronym_glossary(_papers(sentences)), sf)
    assert row["n_senses"] == 1 and not row["ambiguous"] and row["main_share"] == 1.0


def test_the_display_form_is_cased_as_most_papers_write_it():
    g = acronym_glossary(_papers([
        "Graphical user interface (GUI) agents autonomously operate across platforms.",  # 2503.21620-style
        "We build graphical user interface (GUI) agents.",
        "Agents act on the Graphical User Interface (GUI) of apps.",
    ]))
    assert _row(g, "GUI")["long_form"] == "graphical user interface"


def test_case_variants_with_different_senses_are_different_acronyms():
    g = acronym_glossary(_papers([
        # 2511.18423
        "GAM follows the principle of \"just-in time (JIT) compilation\" where it focuses on creating optimized contexts.",
        # made up after the JiT paper (Li & He 2025)
        "We present Just image Transformers (JiT), plain Transformers on large pixel patches.",
        "JiT models denoise pixels directly.",
        # LoRA and LORA: one acronym
        "We fine-tune with Low-Rank Adaptation (LoRA).",
        "We use low-rank adaptation (LORA) as well.",
        "LoRA adapters are small.",
    ]))
    assert _row(g, "JiT")["long_form"] == "Just image Transformer" and _row(g, "JiT")["n_papers_using"] == 2
    assert _row(g, "JIT")["long_form"] == "just-in time"
    lora = _row(g, "LoRA")
    assert lora["variants"] == ["LORA", "LoRA"] and lora["n_papers_defining"] == 2 and lora["n_senses"] == 1


def test_parenthesised_lists_and_labels_are_not_definitions():
    listed = "Across datasets and architectures (DiT, U-ViT, HDiT, MM-DiT), our sampler is faster."
    labels = "The categories are Happiness(HA), Motion(MI), Sadness(SA) and Neutral(NE)."
    for text in (listed, labels):
        assert extract_definitions(text) == []
        assert find_acronyms(_papers([text]), fields="abstract").height == 0
    # a short form and its alias, or its plural, still define ("(AML, M5A)" in Ab3P; SciAD style)
    assert [d.short_form for d in extract_definitions("A patient with acute monoblastic leukemia (AML, M5A) was treated.")] == ["AML"]
    assert [d.short_form for d in extract_definitions("support vector machines (SVM; SVMs) work")] == ["SVM"]


def test_a_short_form_inside_a_name_the_paper_defines_is_not_a_use_of_it():
    papers = _papers([
        # 2410.02884: "SR" here is part of SR-MCTS, which the paper defines with MCTS written whole
        "By leveraging the self-critic and rewriting capabilities of LLMs, Self-Refine applied to MCTS (SR-MCTS) "
        "overcomes the inefficiencies and limitations of conventional step-wise and greedy search algorithms.",
        # made up: SR defined elsewhere in the corpus
        "Our agent raises the success rate (SR) of household tasks to 59.6%.",
    ])
    assert [(d["short_form"], d["long_form"]) for d in find_acronyms(papers.head(1)).iter_rows(named=True)] == [
        ("SR-MCTS", "Self-Refine applied to MCTS")]
    uses = acronym_uses(papers)
    assert uses.filter((pl.col("paper_id") == "p0") & (pl.col("key") == "sr")).height == 0
    assert "srmcts" in uses.filter(pl.col("paper_id") == "p0")["key"].to_list()  # keys fold hyphens


def test_title_names_run_to_the_end_of_the_words_they_cover():
    titles = [
        "SAGE: Scalable Agentic 3D Scene Generation for Embodied AI",
        "MAAT: Multi-phase Adapter-Aware Targeted Unlearning",
        "LoRA: Low-Rank Adaptation of Large Language Models",
        "ProRL: Prolonged Reinforcement Learning Expands Reasoning Boundaries in Large Language Models",
    ]
    got = title_names(_papers(["x"] * 4, titles=titles)).select("name", "long_form").rows()
    assert got == [
        ("SAGE", "Scalable Agentic 3D Scene Generation for Embodied AI"),
        ("MAAT", "Multi-phase Adapter-Aware Targeted Unlearning"),
        ("LoRA", "Low-Rank Adaptation"),
        ("ProRL", "Prolonged Reinforcement Learning"),
    ]


def test_known_list_fills_undefined_acronyms_and_never_overrides_a_definition():
    g = acronym_glossary(_papers([
        "A two-layer MLP maps features to logits.",  # never defined here
        "We replace the MLP with attention.",
        "We feed CLIP features to a multi-layer perceptron (MLP) head.",  # defined here: the corpus wins
    ]))
    mlp = _row(g, "MLP")
    assert mlp["source"] == "corpus" and mlp["long_form"] == "multi-layer perceptron"
    g2 = acronym_glossary(_papers(["A two-layer MLP maps features to logits.", "We replace the MLP with attention.",
                                   "Large language models (LLMs) are big."]))
    mlp2 = _row(g2, "MLP")
    assert (mlp2["long_form"], mlp2["source"], mlp2["n_papers_defining"], mlp2["n_papers_using"]) == (
        "multilayer perceptron", "known list", 0, 2)


def test_known_list_is_well_formed():
    k = known_acronyms()
    assert k.height >= 200 and k["short_form"].n_unique() >= 190
    assert k.filter(pl.col("long_form").str.len_chars() == 0).height == 0
    assert k.select("short_form", "long_form").is_duplicated().sum() == 0


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("achieves 96.3% avg. ", " on LIBERO", True),        # 2508.20072, SR
    ("95% ", ": 4.69-5.78", True),                       # CI
    ("the ", " = 0.172", True),
    ("maintains stable, real-time performance at up to 8 ", " on a single NVIDIA H100", True),  # 2510.09608
    ("an 11.8-point improvement over ", " 2.1 on SeCVOS", False),  # 2507.15852: SAM 2.1 is a version
    ("Inspired by ", ", P3-SAM consists of", False),
])
def test_measurement_uses(before, after, expected):
    assert is_measurement_use(before, after) is expected


def test_measure_senses():
    assert [is_measure(s) for s in ("attack success rate", "confidence interval", "Frechet Inception Distance",
                                    "Segment Anything Model", "test-time scaling")] == [True, True, True, False, False]


# --- the batched, integer paths of the sense evidence and the mention scan (issue 17, speed) ---

_WORD_RE = re.compile(r"[a-z][a-z0-9]+")


@pytest.fixture(scope="module")
def hf_papers() -> pl.DataFrame:
    """Real titles and abstracts: the first 400 papers of the bundled Hugging Face archive."""
    return load_sample().head(400)


def test_stem_ids_read_the_words_as_the_python_tokenizer(hf_papers):
    texts = hf_papers.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"),
                             pl.concat_str("title", "abstract", separator=". ").alias("text"))
    ids = evidence.StemIds()
    tokens = ids.tokens(texts)
    got = tokens.group_by("doc", maintain_order=True).agg("stem", "stop").sort("doc")
    stop = stopwords("english")
    for (doc, text), stems, stops in zip(texts.iter_rows(), got["stem"], got["stop"]):
        words = _WORD_RE.findall(text.lower().replace("-", " "))
        assert [ids.stem(s) for s in stems] == [stem_word(w) for w in words], doc
        assert list(stops) == [w in stop for w in words], doc


def test_sense_batch_size_does_not_change_the_uses(hf_papers, monkeypatch):
    defs = find_acronyms(hf_papers)
    whole = acronym_uses(hf_papers, definitions=defs)
    assert whole.filter(pl.col("evidence").is_in(["long form in text", "context"])).height > 20
    monkeypatch.setattr(evidence, "SENSE_BATCH", 1)
    assert acronym_uses(hf_papers, definitions=defs).equals(whole)
    monkeypatch.setattr(evidence, "SENSE_BATCH", 37)
    assert acronym_uses(hf_papers, definitions=defs).equals(whole)


def _mentions_reference(papers: pl.DataFrame, surfaces: list[str]) -> list[tuple]:
    """The word rule of :func:`acronym_mentions` read word by word in Python, every word tested
    (no capital filter): the core between opening and closing punctuation, or its head before
    a hyphen, is a surface form or its plural."""
    lookup = set(surfaces) | {s + "s" for s in surfaces if not s.endswith("s")}
    out = []
    for pid, title, abstract in papers.select("paper_id", "title", "abstract").iter_rows():
        for field, text in (("title", title), ("abstract", abstract)):
            offset = 0
            for word in (text or "").split(" "):
                lead = len(re.match(r"^[(\[\"'{]*", word).group(0))
                core = re.match(r"^[(\[\"'{]*(.*?)[)\]\"'},.;:!?]*$", word, re.DOTALL).group(1)
                head = re.match(r"^([^\-]+)-", core)
                found = core if core in lookup else head.group(1) if head and head.group(1) in lookup else None
                if found:
                    out.append((pid, field, found, offset + lead, offset + lead + len(found)))
                offset += len(word) + 1
    return out


def test_the_mention_scan_finds_what_every_word_read_in_python_finds(hf_papers):
    surfaces = ["LLM", "LoRA", "RL", "mRNA", "JiT", "GPT-4", "SR", "CoT", "3D", "ViT", "VLM", "MoE", "lora", "model"]
    got = acronym_mentions(hf_papers, short_forms=pl.DataFrame({"short_form": surfaces}))
    ref = _mentions_reference(hf_papers, surfaces)
    assert len(ref) > 300
    # a word needs a capital to be a mention: "lora" and "model" are never found
    want = [m for m in ref if re.search(r"[A-Z]", m[2])]
    assert len(want) < len(ref)
    row = {pid: i for i, pid in enumerate(hf_papers["paper_id"])}
    assert sorted(want, key=lambda m: (row[m[0]], m[1] == "abstract", m[3])) == got.select("paper_id", "field", "surface", "start", "end").rows()
