"""Tests of paperkit.acronyms: definitions, title names, mentions, glossary, synonyms, charts."""

from __future__ import annotations

import datetime as dt
import re
import time

import polars as pl
import pytest

from paperkit.acronyms import candidates, definitions, fastpath, fields, matching, patterns
from paperkit.acronyms import (
    acronym_glossary,
    acronym_mentions,
    acronym_synonyms,
    canonicalize_terms,
    extract_definitions,
    find_acronyms,
    is_acronym,
    is_acronym_expr,
    title_names,
)
from paperkit.charts.acronyms import chart_acronym_senses, chart_top_acronyms


def _papers(abstracts, titles=None, dates=None):
    n = len(abstracts)
    return pl.DataFrame(
        {
            "paper_id": [f"p{i}" for i in range(n)],
            "title": titles or [f"Paper {i}" for i in range(n)],
            "abstract": abstracts,
            "digest_date": dates or [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(n)],
        },
        schema={"paper_id": pl.String, "title": pl.String, "abstract": pl.String, "digest_date": pl.Date},
    )


def _bracketed(abstracts):
    """The texts frame of the polars stages (``_row, text``, brackets normalised) for these abstracts."""
    tx = fields.field_texts(_papers(abstracts), ("abstract",)).with_row_index("_row")
    return candidates.bracket_texts(tx.select("_row", "text"))


# --- definitions: good examples (from real abstracts in the bundled data) -------------------------
GOOD = [
    ("The success of Reinforcement Learning from Human Feedback (RLHF) critically depends", "RLHF", "Reinforcement Learning from Human Feedback", "long_short"),
    ("We fine-tune with Low-Rank Adaptation (LoRA) on one GPU.", "LoRA", "Low-Rank Adaptation", "long_short"),
    ("Recent large language models (LLMs) excel at reasoning.", "LLMs", "large language models", "long_short"),
    ("linear regression (LR) and extreme gradient boosting (XGBoost) and multiple", "XGBoost", "extreme gradient boosting", "long_short"),
    ("We compare eXtreme Gradient Boosting (XGBoost) with forests.", "XGBoost", "eXtreme Gradient Boosting", "long_short"),
    ("employing both prompt engineering and LoRA (low-rank adaptation) to adapt", "LoRA", "low-rank adaptation", "short_long"),
    ("Most current end-to-end (E2E) autonomous driving methods", "E2E", "end-to-end", "long_short"),
    ("Multi-label classification of Three-Dimensional (3D) CT scans is a challenge", "3D", "Three-Dimensional", "long_short"),
    ("steps such as data input/output (I/O), pre/post processing", "I/O", "input/output", "long_short"),
    ("feature extraction using Term Frequency Inverse Document Frequency (TF-IDF) and", "TF-IDF", "Term Frequency Inverse Document Frequency", "long_short"),
    ("Text-to-Image (T2I) Diffusion Models have advanced", "T2I", "Text-to-Image", "long_short"),
    ("uptake of pre-exposure prophylaxis (PrEP) among adults", "PrEP", "pre-exposure prophylaxis", "long_short"),
    ("a Mixture-of-Experts (MoE) mechanism with a diffusion model", "MoE", "Mixture-of-Experts", "long_short"),
    ("the cost of collecting chain-of-thought (CoT) reasoning data", "CoT", "chain-of-thought", "long_short"),
    ("existing large language model-based (LLM-based) approaches often fail", "LLM", "large language model", "long_short"),
    ("We propose MM-RLHF (multimodal reinforcement learning from human feedback), a dataset", "MM-RLHF", "multimodal reinforcement learning from human feedback", "short_long"),
    ("the Abstraction and Reasoning Corpus (ARC) tests", "ARC", "Abstraction and Reasoning Corpus", "long_short"),
    ("in the medial preoptic nucleus (MPO), anterior", "MPO", "medial preoptic nucleus", "long_short"),
    ("explainable artificial intelligence (XAI) helps", "XAI", "explainable artificial intelligence", "long_short"),
    ("retrieval-augmented generation (RAG; Lewis et al., 2020) grounds answers", "RAG", "retrieval-augmented generation", "long_short"),
    # round 2: beyond Schwartz & Hearst, as Ab3P does (examples from the BioC corpora and arXiv)
    ("the GDNF ligands (GDNF, Neurturin [NTN], and Persephin [PSP]) signal", "NTN", "Neurturin", "long_short"),
    ("introduces a significant amount of phosphorus (P) that exists in both", "P", "phosphorus", "long_short"),
    ("the hypothalamus also contain proopiomelanocortin (POMC) mRNA", "POMC", "proopiomelanocortin", "long_short"),
    ("in the epithelia of parenchymal vessels (blood-brain barrier, BBB), and in", "BBB", "blood-brain barrier", "long_short"),
    ("the activity of poly(A) binding protein (PABP) in yeast", "PABP", "poly(A) binding protein", "long_short"),
    ("Peripheral myelin protein 22 (PMP22) is a tetraspan glycoprotein", "PMP22", "Peripheral myelin protein 22", "long_short"),
    ("self-renewal. Germ-line stem cells (GSCs) serve as the source", "GSCs", "Germ-line stem cells", "long_short"),
    ("The c-Jun NH2-terminal kinase (JNK) signaling pathway", "JNK", "c-Jun NH2-terminal kinase", "long_short"),
    ("This work applies multi-modal large language models (MLLMs) to charts", "MLLMs", "multi-modal large language models", "long_short"),
    ("the area under the receiver operating characteristic (AUROC) of", "AUROC", "area under the receiver operating characteristic", "long_short"),
    ("planning in the operating room (OR) under time pressure", "OR", "operating room", "long_short"),
    ("Text line\nwith Large\nLanguage Models (LLMs) across a line break", "LLMs", "Large Language Models", "long_short"),
    # round 3: review fixes (notebook authors' examples)
    ("We study multi\u2010modal large language models (MLLMs) for charts", "MLLMs", "multi\u2010modal large language models", "long_short"),
    ("this gap, we propose a novel prompted meta-learning (PromptMeta) framework", "PromptMeta", "prompted meta-learning", "long_short"),
    ("We present CID-GraphRAG (Conversational Intent-Driven Graph Retrieval Augmented Generation), a", "CID-GraphRAG", "Conversational Intent-Driven Graph Retrieval Augmented Generation", "short_long"),
    ("Our proposed **L**earning to **P**lay **L**ike **H**umans (LPLH) framework", "LPLH", "L**earning to **P**lay **L**ike **H**umans", "long_short"),
    ("setups: 'each language for itself' (ELFI) and 'each language for others' (ELFO)", "ELFI", "each language for itself", "long_short"),
    ("improving large language models' (LLMs) reasoning", "LLMs", "large language models", "long_short"),
    ("named Coupled Variational Reinforcement Learning} (CoVRL), which", "CoVRL", "Coupled Variational Reinforcement Learning", "long_short"),
    # issue 17: an acronym the long form writes whole and the short form repeats as a part (HF 2410.02884)
    ("capabilities of LLMs, Self-Refine applied to MCTS (SR-MCTS) overcomes the inefficiencies", "SR-MCTS", "Self-Refine applied to MCTS", "long_short"),
]


@pytest.mark.parametrize(("text", "sf", "lf", "pattern"), GOOD)
def test_extract_definitions_good(text, sf, lf, pattern):
    defs = extract_definitions(text)
    assert (sf, lf, pattern) in [(d.short_form, d.long_form, d.pattern) for d in defs]
    d = next(d for d in defs if d.short_form == sf)
    assert text[d.sf_start:d.sf_end] == sf
    assert text[d.lf_start:d.lf_end].replace("\n", " ") == lf  # line breaks are read as spaces


BAD = [
    "where the goal is to transfer colors from a source sRGB space (e.g., produced by a camera)",
    "the student models (ours). This method preserves",
    "as shown in prior work (Smith et al., 2023) and later (2024).",
    "performance improves (see Table 2) over baselines (i.e. the previous methods)",
    "operating at 28 GHz (GHz) in the band",
    "the Ph.D. students (Ph.D.) took part",
    "we use a (simple) model (and data)",
    "a designed block diffusion language model (dLLM) is",
    "the amount of protein(s) in the cell",
    "two requirements: (i) the linear probing error, and (ii) the cost",
    "may relate to multiple adjacent tokens (one-to-many) in the output",
    "we train on RGB-DN (RGB, Depth, and Normal) videos",
    "we train on RGB-DN (RGB) videos",
    "we train on the RGB-D (RGB-D) split",
    "the GDNF-like (A) tail of the protein",
    "results on the MCTS benchmark (SR-MCTS) are good",  # the embedded acronym alone is no long form
]


@pytest.mark.parametrize("text", BAD)
def test_extract_definitions_bad(text):
    assert extract_definitions(text) == []


@pytest.mark.parametrize(
    ("token", "expected"),
    [("LoRA", True), ("LLMs", True), ("TF-IDF", True), ("3D", True), ("I/O", True), ("E2E", True), ("PrEP", True),
     ("MM-RLHF", True), ("GPT-4o", True), ("GHz", False), ("Ph.D", False), ("", False), ("Transformer", False),
     ("the", False), ("2023", False), ("A", False), ("e.g.", False)],
)
def test_is_acronym(token, expected):
    assert is_acronym(token) is expected


def test_the_polars_acronym_rule_is_the_scalar_rule_on_every_token_of_the_bundled_papers():
    from paperkit.io import load_sample

    papers = load_sample()
    words = pl.concat([papers["title"], papers["abstract"]]).drop_nulls().str.extract_all(r"[^\s()\[\],;:]+")
    tokens = words.explode().drop_nulls().str.strip_chars(".!?\"'").unique().sort()
    tokens = pl.concat([tokens, pl.Series(["", "wiTH", "MixFormer", "LLM-based", "YOLOv8n", "XGBoost", "e.g."])])
    polars_rule = pl.select(is_acronym_expr(pl.lit(tokens))).to_series().to_list()
    scalar_rule = [is_acronym(t) for t in tokens]
    assert len(tokens) > 50_000 and sum(scalar_rule) > 5_000
    assert polars_rule == scalar_rule


@pytest.mark.parametrize(
    "text",
    ["", "(", ")", "((((", "no parentheses at all", "unbalanced (LoRA is never closed", "closed) before (open"],
)
def test_extract_definitions_degenerate(text):
    assert extract_definitions(text) == []


def test_extract_definitions_rejects_non_string():
    with pytest.raises(TypeError, match="expects a str, got int"):
        extract_definitions(42)


# --- title names -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "name", "long_form"),
    [
        ("DyLoRA: Parameter Efficient Tuning of Pre-trained Models using Dynamic Search-Free Low-Rank Adaptation", "DyLoRA", "Dynamic Search-Free Low-Rank Adaptation"),
        ("LoRA: Low-Rank Adaptation of Large Language Models", "LoRA", "Low-Rank Adaptation"),
        ("MRAG: A Modular Retrieval Framework for Time-Sensitive Question Answering", "MRAG", None),
        ("TechGPT-2.0: A large language model project", "TechGPT-2.0", None),
        # the long form does not run past "?" or the end of a sentence
        ("VideoRoPE: What Makes for Good Video Rotary Position Embedding?", "VideoRoPE", "Video Rotary Position Embedding"),
        ("MoRE: Can Models Reason? Rethinking Evaluation", "MoRE", None),
    ],
)
def test_title_names(title, name, long_form):
    papers = pl.DataFrame({"paper_id": ["x"], "title": [title]})
    row = title_names(papers).row(0, named=True)
    assert (row["name"], row["long_form"]) == (name, long_form)
    if long_form:
        assert title[row["lf_start"]:row["lf_end"]] == long_form


def test_unmatched_title_name_is_not_a_definition():
    papers = _papers(["We answer questions."], titles=["MRAG: A Modular Retrieval Framework for Question Answering"])
    assert find_acronyms(papers).height == 0
    assert acronym_glossary(papers).height == 0


# --- the frame API -------------------------------------------------------------------------------
def test_find_acronyms_frame_offsets_and_columns():
    papers = _papers(
        ["We propose Low-Rank Adaptation (LoRA). LoRA (low-rank adaptation) is cheap.", None, ""],
        titles=["LoRA: Low-Rank Adaptation of Large Language Models", "No abstract (NA) here", "Empty"],
    )
    defs = find_acronyms(papers)
    assert defs.columns == ["paper_id", "field", "short_form", "long_form", "pattern", "start", "end",
                            "sf_start", "sf_end", "lf_start", "lf_end", "sentence"]
    text = dict(zip(papers["paper_id"], papers["abstract"]))
    titles = dict(zip(papers["paper_id"], papers["title"]))
    for r in defs.iter_rows(named=True):
        src = titles[r["paper_id"]] if r["field"] == "title" else text[r["paper_id"]]
        assert src[r["sf_start"]:r["sf_end"]] == r["short_form"]
        assert src[r["lf_start"]:r["lf_end"]] == r["long_form"]
        assert r["start"] <= min(r["sf_start"], r["lf_start"]) and r["end"] >= max(r["sf_end"], r["lf_end"])
    assert defs.filter(pl.col("paper_id") == "p0")["pattern"].to_list() == ["title_name", "long_short", "short_long"]


def test_find_acronyms_matches_scalar_version():
    """extract_definitions is the reference: the frame path finds the same definitions, with
    the same offsets, on every example text of this module."""
    abstracts = [t for t, *_ in GOOD] + BAD + CORPUS + [
        "Recent multi-modal large language models (MLLMs) and multi -modal large language models (MLLMs)",
        "x" * 390 + " multi-modal large language models (MLLMs)",
        "models(MLLMs) and Multi-Modal Large Language Models (MLLMs), such as",
    ]
    papers = _papers(abstracts)
    frame = find_acronyms(papers, fields="abstract")
    scalar = [(f"p{i}", d.short_form, d.long_form, d.sf_start) for i, t in enumerate(abstracts) for d in extract_definitions(t)]
    assert sorted(frame.select("paper_id", "short_form", "long_form", "sf_start").rows()) == sorted(scalar)


def test_fast_path_agrees_with_scalar_version():
    """The polars fast path and its scalar twin decide the common cases identically."""
    texts = [
        "We study Mixture of Experts (MoE) and Low-Rank Adaptation (LoRA) for large language models (LLMs).",
        "Reinforcement Learning from Human Feedback (RLHF) and Chain-of-Thought (CoT) prompting.",
        "A Vision Transformer (ViT) and multi-modal large language models (MLLMs) in Neural Radiance Fields (NeRF).",
        "Built on the state-of-the-art (SOTA) and the built-in (BI) module of a Time-vAriant iMage inPainting (TAMP).",
    ]
    fast = fastpath.fast_definitions(candidates.paren_candidates(_bracketed(texts)))
    assert fast.height >= 8
    for row, p, sf, lf, lf_start in fast.select("_row", "p", "short_form", "long_form", "lf_start").iter_rows():
        text = texts[row]
        lo = max(0, p - patterns.PARTS_CHARS, text.rfind("(", 0, p) + 1)
        k = matching.fast_match(sf, text[lo:p])
        assert k is not None and lo + k == lf_start and text[lf_start:lf_start + len(lf)] == lf


@pytest.mark.parametrize(("text", "sf", "lf"), [
    ("an autoregressive (AR) model", "AR", "autoregressive"),
    ("contain proopiomelanocortin (POMC) mRNA", "POMC", "proopiomelanocortin"),
    ("cloned Jagged1 (JAG1) here", "JAG1", "Jagged1"),
])
def test_in_word_fast_path_agrees_with_scalar(text, sf, lf):
    found = fastpath.fast_in_word(candidates.paren_candidates(_bracketed([text])))
    assert found.select("short_form", "long_form").rows() == [(sf, lf)]
    assert [(d.short_form, d.long_form) for d in extract_definitions(text)] == [(sf, lf)]


@pytest.mark.parametrize("window", [
    "poly(A) binding protein",
    "tumor-necrosis-factor (TNF)-receptor-associated protein",
    "we use (A) and (B), then x(y)z and (ab)c and a (b) c",
    "((x)) ( y) f(x)=(z).",
    "no parentheses at all",
    "(see)",
])
def test_mask_inword_parens_matches_the_regex(window):
    """Round 5 masks parentheses inside words by scanning for "(" first; same text as the
    look-behind regex it replaces (the reference, kept here)."""
    inword = re.compile(r"(?<=[^\s(])\([^()\s]{1,12}\)|\([^()\s]{1,12}\)(?=[^\s,;.)])")
    reference = inword.sub(lambda m: "\x01" + m.group(0)[1:-1] + "\x02", window)
    assert definitions._mask_inword_parens(window) == reference


def test_letters_in_order_keeps_what_the_matchers_can_define():
    """The polars prefilter searches only the last words the matchers read; it must keep
    every candidate they define: non-ASCII text before the letters (str.find counts bytes),
    runs of spaces, other whitespace, and drop the others."""
    texts = [
        "Ünïcödé—naïve résumé café: we use large language models (LLMs) here.",
        "we use large  language   models (LLMs) with runs of spaces",
        "we use large\u00a0language models (LLMs) with a no-break space",
        "a convolutional neural network (CNN)",
        "letters elsewhere: convolutional and then some words here and more (CNN)",
    ]
    papers = _papers(texts)
    paren = _bracketed(texts)
    kept = candidates.letters_in_order(candidates.paren_candidates(paren), paren)
    assert sorted(kept["_row"].to_list()) == [0, 1, 2, 3]
    scalar = [(f"p{i}", d.short_form, d.long_form, d.sf_start) for i, t in enumerate(texts) for d in extract_definitions(t)]
    frame = find_acronyms(papers, fields="abstract").select("paper_id", "short_form", "long_form", "sf_start")
    assert sorted(frame.rows()) == sorted(scalar) and len(scalar) == 4


@pytest.mark.parametrize(("text", "after"), [
    ("for each category (e.g., dog) and more", False),  # lower-case "short form" after the comma
    ("the exploration of LVLM (e.g. LLaVA) is", False),  # a remark, not a long form
    ("a barrier (blood-brain barrier, BBB) here", True),
    ("we propose HKVE (Hierarchical Key-Value Equalization) for", True),
])
def test_after_flag_is_necessary_for_the_inside_matchers(text, after):
    """``_after`` (may read *SF (long form)* or *(long form, SF)*) is false only where
    _define_short_long and _define_inner_pair find nothing."""
    cands = candidates.paren_candidates(_bracketed([text]))
    assert cands["_after"].to_list() in ([after], [])
    p = text.index("(")
    q = text.index(")")
    found = definitions._define_short_long(text, p, q) or ("," in text[p:q] and definitions._define_inner_pair(text, p, q))
    assert bool(found) == after


def test_find_acronyms_empty_and_bad_input():
    assert find_acronyms(_papers([]).head(0)).height == 0
    with pytest.raises(ValueError, match="missing column"):
        find_acronyms(pl.DataFrame({"title": ["x"]}))
    with pytest.raises(TypeError, match="polars DataFrame"):
        find_acronyms([{"title": "x"}])
    with pytest.raises(ValueError, match="fields must be"):
        find_acronyms(_papers(["x"]), fields=("body",))


def test_non_ascii_offsets_are_characters():
    text = "Über große Modelle: large language models (LLMs) — naïve café (ÇA) text"
    defs = find_acronyms(_papers([text]), fields="abstract")
    r = defs.row(0, named=True)
    assert text[r["sf_start"]:r["sf_end"]] == "LLMs"
    assert text[r["lf_start"]:r["lf_end"]] == "large language models"


# --- linear time on pathological input -------------------------------------------------------------
def _timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


@pytest.mark.parametrize(
    "unit",
    [
        "a" * 30 + " (",  # many unclosed parentheses
        "(((((((((( ))))",  # nesting
        "x " * 20 + "(ABCDEFGHIJ) ",  # many candidates, none matching
        "large language models (LLMs) ",  # many real definitions
        "A-B-C-D-E-F-G-H (ABCDEFGH) ",  # hyphen runs that would make a backtracking regex explode
    ],
)
def test_extraction_is_linear(unit):
    small = unit * 2_000
    big = unit * 16_000  # about 0.5 MB for the longer units, 8 times small
    t_small = min(_timed(extract_definitions, small) for _ in range(2))
    t_big = _timed(extract_definitions, big)
    # generous bound: a quadratic algorithm would take 64 times longer
    assert t_big < 30 * t_small + 0.5


def test_one_megabyte_abstract():
    text = ("We use large language models (LLMs) and (unbalanced " * 20_000)[:1_000_000]
    papers = _papers([text])
    t = time.perf_counter()
    defs = find_acronyms(papers, fields="abstract")
    assert time.perf_counter() - t < 60  # a guard against hanging, not a speed test
    assert defs.height > 1000
    assert (defs["short_form"] == "LLMs").all()


# --- mentions, glossary, synonyms ------------------------------------------------------------------
CORPUS = [
    "Large language models (LLMs) are strong. We evaluate LLMs and an LLM-based agent.",
    "A large language model (LLM) with Low-Rank Adaptation (LoRA) fine-tuning; LoRA-based tuning works.",
    "We use low-rank adaptation (LoRA) on a convolutional neural network (CNN).",
    "Convolutional Neural Networks (CNNs) classify images; CNN features help.",
    "A conditional neural network (CNN) generates text.",
    "Our CNN is a conditional neural network (CNN) too.",
    "lora is a lower-case word here, and LLMs appear without a definition.",
]


@pytest.fixture
def corpus():
    return _papers(CORPUS)


def test_mentions_in_batches_equal_one_pass(corpus):
    """Regression (issue 15): papers are matched a batch at a time (one row per word meanwhile);
    any batch gives the rows, and the order, of one pass."""
    one = acronym_mentions(corpus, batch=corpus.height)
    assert one.height > 0
    for batch in (1, 2, 3):
        assert acronym_mentions(corpus, batch=batch).equals(one)
    with pytest.raises(ValueError, match="batch must be a positive integer"):
        acronym_mentions(corpus, batch=0)


def test_mentions_counts_uses_not_only_definitions(corpus):
    m = acronym_mentions(corpus)
    assert m.columns == ["paper_id", "field", "short_form", "surface", "start", "end", "key"]
    text = dict(zip(corpus["paper_id"], corpus["abstract"]))
    for r in m.iter_rows(named=True):
        assert text[r["paper_id"]][r["start"]:r["end"]] == r["surface"]
    llm = m.filter(pl.col("key") == "llm")
    assert llm.height == 5  # p0: LLMs (defined), LLMs, LLM-based; p1: LLM; p6: LLMs (used, not defined)
    assert set(llm["short_form"]) == {"LLM"}
    assert "lora" not in m["surface"].to_list()  # case-sensitive
    assert m.filter((pl.col("paper_id") == "p1") & (pl.col("key") == "lora")).height == 2  # LoRA and LoRA-based


def test_glossary_merges_variants_and_flags_ambiguity(corpus):
    g = acronym_glossary(corpus)
    rows = {r["short_form"]: r for r in g.iter_rows(named=True)}
    assert set(rows) == {"LLM", "LoRA", "CNN"}
    llm = rows["LLM"]
    assert llm["long_form"] == "large language model"
    assert llm["variants"] == ["LLM", "LLMs"]
    assert (llm["n_papers_defining"], llm["n_papers_using"]) == (2, 3)
    assert llm["first_date"] == dt.date(2025, 1, 1) and llm["last_date"] == dt.date(2025, 1, 7)
    assert not llm["ambiguous"]
    assert rows["LoRA"]["n_papers_defining"] == 2 and not rows["LoRA"]["ambiguous"]
    cnn = rows["CNN"]
    assert cnn["ambiguous"] and cnn["n_senses"] == 2
    assert cnn["variants"] == ["CNN", "CNNs"]
    assert sorted(cnn["long_forms"]) == ["conditional neural network", "convolutional neural network"]


def test_glossary_single_sense_despite_case_hyphen_plural():
    papers = _papers([
        "We use a Vision-Language Model (VLM).",
        "vision language models (VLMs) are used.",
        "Vision-language models (VLMs) help.",
    ])
    g = acronym_glossary(papers)
    assert g.height == 1
    row = g.row(0, named=True)
    assert not row["ambiguous"] and row["n_senses"] == 1
    assert row["short_form"] == "VLM"


def test_glossary_folds_near_synonym_senses_and_shows_singular():
    papers = _papers([
        "We evaluate vision-language models (VLMs) on charts.",
        "A visual language model (VLM) reads the page.",
        "Vision Language Models (VLMs) are strong.",
        "Training needs many Graphics Processing Units (GPUs) and a VLM.",
        "Mixture-of-Experts (MoE) layers route tokens; action (A) is one letter.",
    ])
    g = acronym_glossary(papers)
    vlm = g.filter(pl.col("short_form") == "VLM").row(0, named=True)
    assert vlm["n_senses"] == 1 and not vlm["ambiguous"] and vlm["n_papers_defining"] == 3
    assert g.filter(pl.col("short_form") == "GPU")["long_form"].to_list() == ["Graphics Processing Unit"]
    assert g.filter(pl.col("short_form") == "MoE")["long_form"].to_list() == ["Mixture-of-Experts"]
    assert "A" not in g["short_form"].to_list()  # one-letter short forms are not glossary entries


def test_glossary_empty():
    g = acronym_glossary(_papers(["Nothing to define here."]))
    assert g.height == 0 and "ambiguous" in g.columns


def _gloss_row(sf, lf, variants, lf_variants, n, ambiguous=False):
    return {"short_form": sf, "long_form": lf, "variants": variants, "long_form_variants": lf_variants,
            "n_papers_defining": n, "ambiguous": ambiguous}


def test_synonyms_fold_only_the_definitions_own_wordings():
    g = pl.DataFrame([
        _gloss_row("LoRA", "Low-Rank Adaptation", ["LoRA", "LoRAs"],
                   ["Low-Rank Adaptation", "low rank adaptation", "low-rank adaptation parameters", "image generation;"], 5),
        _gloss_row("MLLM", "multimodal large language model", ["MLLM", "MLLMs"],
                   ["Multi-modal Large Language Models", "Multimodal Language Language Models", "multimodal large language models'"], 9),
        _gloss_row("CoDe", "Collaborative Decoding", ["CoDe"], ["Collaborative Decoding"], 1),
        _gloss_row("CODE", "Collaborative Decoding", ["CODE", "CoDe"], ["Collaborative Decoding"], 2, ambiguous=True),
    ])
    terms = dict(acronym_synonyms(g).select("term", "canonical").iter_rows())
    for term in ["lora", "loras", "low-rank adaptation", "low rank adaptations", "mllm", "multi-modal large language model",
                 "multi modal large language models", "multimodal large language models"]:
        assert term in terms, term
    for term in ["code", "low-rank adaptation parameters", "image generation;", "image generation",
                 "multimodal language language models", "multimodal large language models'"]:
        assert term not in terms, term
    assert "collaborative decoding" in terms  # the ambiguous CODE's long form still folds
    assert "collaborative decoding" not in dict(acronym_synonyms(g.filter(pl.col("short_form") == "CoDe")).iter_rows())
    single = dict(acronym_synonyms(g.head(3), min_papers=1).select("term", "canonical").iter_rows())
    assert single["code"] == "CoDe"  # configurable
    with pytest.raises(ValueError, match="min_papers"):
        acronym_synonyms(g, min_papers=0)


def test_synonyms_and_canonicalize(corpus):
    syn = acronym_synonyms(acronym_glossary(corpus))
    assert syn["term"].is_unique().all()
    lookup = dict(zip(syn["term"], syn["canonical"]))
    for term in ["lora", "low-rank adaptation", "low rank adaptation", "llm", "llms", "large language models",
                 "large language model"]:
        assert term in lookup, term
    assert lookup["low-rank adaptation"] == "LoRA"
    out = canonicalize_terms(pl.Series("kw", ["Low-Rank Adaptation", "LLMs", "diffusion", "large language model"]), syn)
    assert out.to_list() == ["LoRA", "LLM", "diffusion", "LLM"]
    with pytest.raises(ValueError, match="acronym_glossary"):
        acronym_synonyms(pl.DataFrame({"x": [1]}))


# --- charts ------------------------------------------------------------------------------------------
def test_charts(corpus):
    g = acronym_glossary(corpus)
    spec = chart_top_acronyms(g, top=2).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["type"] == "quantitative"
    assert spec["encoding"]["y"]["field"] == "short_form"
    assert len(spec["datasets"][spec["data"]["name"]]) == 4  # 2 acronyms x (using, defining)
    spec = chart_acronym_senses(g).to_dict()
    data = spec["datasets"][spec["data"]["name"]]
    assert [d["short_form"] for d in data] == ["CNN"]
    assert spec["encoding"]["x"]["field"] == "n_senses"
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1  # integer counts get no 0.5 ticks (issue 18)
    with pytest.raises(ValueError, match="missing column"):
        chart_top_acronyms(pl.DataFrame({"short_form": ["A"]}))


# --- the plural of an acronym has one home, paperkit.text (issue 16) ------------------------------
def test_acronym_plural_is_read_by_one_rule_across_keys_matcher_and_glossary():
    """"VAEs" and "VAE" are one short form, "GPUs" the plural of "GPU", and the capital S of "RLS"
    (recursive least squares) a letter, not the plural of "RL", in every stage."""
    papers = _papers([
        "We train variational autoencoders (VAEs) on graphics processing units (GPUs); the VAEs are small.",
        "A recursive least squares (RLS) filter tracks reinforcement learning (RL) agents; RLS converges.",
        "One variational autoencoder (VAE) and a VAE-based prior; RL and RLS differ.",
    ])
    defs = find_acronyms(papers)
    assert defs.select("short_form", "long_form").rows() == [
        ("VAEs", "variational autoencoders"), ("GPUs", "graphics processing units"),
        ("RLS", "recursive least squares"), ("RL", "reinforcement learning"), ("VAE", "variational autoencoder"),
    ]
    g = {r["short_form"]: r for r in acronym_glossary(papers).iter_rows(named=True)}
    assert set(g) == {"VAE", "GPU", "RL", "RLS"}
    assert g["VAE"]["variants"] == ["VAE", "VAEs"] and g["VAE"]["n_papers_defining"] == 2
    assert g["RLS"]["long_form"] == "recursive least square" and g["RL"]["variants"] == ["RL"]
    assert matching._fast_sf("VAEs") == ("VAE", ["V", "A", "E"]) and matching._fast_sf("RLS")[0] == "RLS"


def test_no_module_but_paperkit_text_writes_the_acronym_plural_rule():
    """The regex of the rule ("a lower-case s after a capital", ``[A-Z0-9]s$``) lives in
    paperkit.text (ACRONYM_PLURAL, acronym_singular_expr); other modules call it."""
    import ast
    from pathlib import Path

    import paperkit

    package = Path(paperkit.__file__).parent
    rule = re.compile(r"\[A-Z[^\]]*\]s\$")
    found = []
    for path in sorted(package.rglob("*.py")):
        if path == package / "text" / "folding.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and rule.search(node.value):
                found.append(f"{path.relative_to(package)}:{node.lineno}: {node.value!r}")
    assert not found, found
