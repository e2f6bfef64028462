"""Tests of paperkit.keywords on small realistic abstracts (from the Hugging Face digests)."""

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from paperkit.keywords import keyphrases, keyword_terms, paper_terms
from paperkit.trends import keyword_trends
from paperkit.normalize import normalize_records


@pytest.fixture
def papers():
    recs = pl.DataFrame({
        "arxiv_id": ["2106.09685", "2305.14314", "2402.09353", "2006.11239", "2404.00001"],
        "title": [
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "DoRA: Weight-Decomposed Low-Rank Adaptation",
            "Denoising Diffusion Probabilistic Models",
            "A title without abstract about diffusion models",
        ],
        "abstract": [
            "We propose Low-Rank Adaptation, or LoRA, which freezes the pre-trained model weights and injects "
            "trainable rank decomposition matrices into each layer of the Transformer architecture. Fine-tuning "
            "large language models this way reduces the number of trainable parameters.",
            "We present QLoRA, an efficient finetuning approach that reduces memory usage enough to finetune a "
            "65B parameter model on a single GPU. QLoRA backpropagates gradients through a frozen, 4-bit quantized "
            "pretrained language model into Low Rank Adapters (LoRA).",
            "Among the widely used parameter-efficient fine tuning methods, LoRA and its variants have gained "
            "considerable popularity. We introduce Weight-Decomposed Low-Rank Adaptation (DoRA).",
            "We present high quality image synthesis results using diffusion probabilistic models, a class of "
            "latent variable models inspired by considerations from nonequilibrium thermodynamics.",
            None,
        ],
        "digest_date": [dt.date(2024, 6, 3), dt.date(2024, 6, 20), dt.date(2024, 8, 1), dt.date(2024, 8, 2),
                        dt.date(2024, 8, 30)],
    })
    return normalize_records(recs)


def test_keyphrases_shape_and_ranks(papers):
    kp = keyphrases(papers, top=5, acronyms=False)
    assert kp.columns == ["paper_id", "rank", "phrase", "score"]
    assert kp.schema["rank"] == pl.UInt32
    for _, group in kp.group_by("paper_id"):
        assert group["rank"].to_list() == list(range(1, group.height + 1))
        assert group["score"].is_sorted(descending=True)
    assert kp.group_by("paper_id").len()["len"].max() <= 5


def test_keyphrases_are_topical(papers):
    kp = keyphrases(papers, top=5, acronyms=False)
    lora = set(kp.filter(pl.col("paper_id") == "2106.09685")["phrase"].str.to_lowercase())
    assert "low-rank adaptation" in lora or "lora" in lora
    everything = " | ".join(kp["phrase"].to_list()).lower()
    for boiler in ("propose", "we ", "novel", "paper", "results"):
        assert boiler not in everything.split(" | ")


@pytest.mark.parametrize("phrase", ["the model", "model of the", "we propose", "and diffusion"])
def test_candidates_never_start_or_end_with_stopwords(papers, phrase):
    terms = paper_terms(papers, acronyms=False)["term"].str.to_lowercase().to_list()
    assert phrase not in terms
    stop = {"the", "of", "and", "a", "we", "to", "in"}
    assert all(t.split()[0] not in stop and t.split()[-1] not in stop for t in terms)


def test_variants_fold_into_one_term(papers):
    terms = paper_terms(papers, acronyms=False)
    keys = terms.filter(pl.col("term").str.to_lowercase().str.contains("^fine[- ]?tuning$"))["key"].unique()
    assert keys.to_list() == ["finetuning"]
    # "fine-tuning", "finetuning" and "fine tuning" count as one term used by three papers.
    table = keyword_terms(papers, acronyms=False)
    row = table.filter(pl.col("key") == "finetuning")
    assert row["papers"].item() == 3


def test_synonyms_fold_acronym_and_long_form(papers):
    syn = pl.DataFrame({"term": ["low-rank adaptation", "low rank adapters"], "canonical": ["LoRA", "LoRA"]})
    table = keyword_terms(papers, synonyms=syn)
    row = table.filter(pl.col("term") == "LoRA")
    assert row["papers"].item() == 3
    assert table.filter(pl.col("key") == "lowrankadaptation").height == 0


def test_vocabulary_restricts_terms(papers):
    out = paper_terms(papers, vocabulary=["LoRA", "diffusion models"], acronyms=False)
    assert set(out["key"]) <= {"lora", "diffusionmodel"}


def test_vocabulary_keeps_a_wanted_synonym_under_its_canonical_term(papers):
    syn = pl.DataFrame({"term": ["low-rank adaptation"], "canonical": ["LoRA"]})
    out = paper_terms(papers, synonyms=syn, vocabulary=["low-rank adaptation"])
    assert set(out["term"]) == {"LoRA"} and out["paper_id"].n_unique() == 3


@pytest.mark.parametrize("words", [["fine", "tuning"], ["large", "language", "models"], ["été", "ñ", ""], ["x" * 300]])
def test_term_ids_combine_from_word_hashes(words):
    """A candidate's term id, combined from its words' hashes, is the id of the joined key."""
    import numpy as np

    from paperkit.keywords.ids import MODULI, key_hashes, key_ids

    h = key_hashes(pl.Series(words))
    combined = []
    for i, mod in enumerate(MODULI, start=1):
        acc = 0
        for j in range(len(words)):
            acc = (acc * int(h[f"w{i}"][j]) + int(h[f"h{i}"][j])) % mod
        combined.append(acc)
    assert (combined[0] << 31) | combined[1] == int(key_ids(pl.Series(["".join(words)]))[0])
    # and each hash is the plain polynomial hash of the UTF-8 bytes
    for i, (mod, base) in enumerate(zip(MODULI, (257, 263)), start=1):
        for j, w in enumerate(words):
            ref = 0
            for byte in w.encode():
                ref = (ref * base + byte) % mod
            assert int(h[f"h{i}"][j]) == ref and int(h[f"w{i}"][j]) == pow(base, len(w.encode()), mod)
    assert isinstance(h["h1"], np.ndarray)


def test_keyword_terms_dates(papers):
    table = keyword_terms(papers, acronyms=False)
    assert table.columns == ["term", "key", "papers", "occurrences", "mean_score", "first_date", "last_date"]
    row = table.filter(pl.col("key") == "diffusion")
    assert row["first_date"].item() == dt.date(2024, 8, 2)
    assert row["last_date"].item() == dt.date(2024, 8, 30)


def test_keyword_trends_monthly_denominator(papers):
    out = keyword_trends(papers, terms=["LoRA"], every="1mo")
    assert out["period"].to_list() == [dt.date(2024, 6, 1), dt.date(2024, 7, 1), dt.date(2024, 8, 1)]
    assert out["papers"].to_list() == [2, 0, 3]
    assert out["share"].to_list()[1] is None


def test_empty_abstracts_and_empty_frame(papers):
    titles_only = papers.with_columns(pl.lit(None, pl.String).alias("abstract"))
    assert keyphrases(titles_only, top=3, acronyms=False).height > 0
    assert keyphrases(papers.head(0), acronyms=False).height == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"top": 0}, ValueError, "top must be a positive integer"),
        ({"acronyms": "yes"}, ValueError, "acronyms must be"),
        ({"synonyms": pl.DataFrame({"x": ["a"]})}, ValueError, "synonyms frame is missing"),
    ],
)
def test_bad_options(papers, kwargs, error, match):
    with pytest.raises(error, match=match):
        keyphrases(papers, **kwargs)


def test_missing_columns():
    with pytest.raises(ValueError, match="missing column"):
        keyphrases(pl.DataFrame({"title": ["x"]}))


@pytest.mark.parametrize(
    "abstract",
    [
        "We make three contributions: (i) a sparse attention kernel, (ii) a routing scheme, and (iii) a "
        "benchmark suite. (iv) Ablations confirm each part.",
        "Our pipeline has stages i) retrieval, ii) reranking, iii) generation and iv) verification.",
        "The method (a) scales, (b) adapts; see parts ii, iii and iv. Results hold on vi.",
    ],
)
def test_roman_enumerators_are_never_candidates(abstract):
    papers = pl.DataFrame({"paper_id": ["p"], "title": ["Sparse attention routing"], "abstract": [abstract]})
    words = {w for t in paper_terms(papers, acronyms=False)["term"].str.to_lowercase() for w in t.split()}
    assert not words & {"ii", "iii", "iv", "vi"}


def test_roman_numeral_names_are_kept():
    # Not an enumerator: an upper-case numeral inside a name ("Phase II").
    papers = pl.DataFrame({"paper_id": ["p"], "title": ["Phase II trials of vaccine candidates"],
                           "abstract": ["Phase II trials of the vaccine candidates enrolled adults."]})
    assert "phase II trials" in paper_terms(papers, acronyms=False)["term"].to_list()


def test_precomputed_terms_frame_is_reused(papers):
    pt = paper_terms(papers)
    assert keyword_terms(papers, terms_frame=pt).equals(keyword_terms(papers))
    assert keyword_trends(papers, terms=["LoRA"], terms_frame=pt).equals(keyword_trends(papers, terms=["LoRA"]))
    assert keyword_trends(papers, terms_frame=pt).equals(keyword_trends(papers))
    with pytest.raises(ValueError, match="paper terms frame is missing"):
        keyword_terms(papers, terms_frame=pt.drop("key"))


def test_corpus_without_any_candidate():
    papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["The of and", "We propose"],
                           "abstract": [None, "(ii) and (iii)."]})
    assert keyphrases(papers, acronyms=False).height == 0
    assert paper_terms(papers, acronyms=False).columns == ["paper_id", "term", "key", "score", "count", "in_title",
                                                           "first_pos"]


def test_folded_acronyms_can_keep_the_corpus_spelling():
    """Glossary folding merges "DM" into "diffusion models" but shows what the papers write most."""
    import polars as pl

    from paperkit.keywords import paper_terms

    papers = pl.DataFrame({
        "paper_id": ["a", "b", "c"],
        "title": ["Diffusion models for video", "Fast diffusion models", "DM distillation"],
        "abstract": ["We train diffusion models (DM) on video.", "Diffusion models are slow.", "A DM is distilled."],
    })
    synonyms = pl.DataFrame({"term": ["diffusion models", "dm"], "canonical": ["DM", "DM"]})
    shown = paper_terms(papers, synonyms=synonyms)
    assert "DM" in set(shown["term"])
    kept = paper_terms(papers, synonyms=synonyms.with_columns(display_canonical=pl.lit(False)))
    assert "diffusion models" in set(kept["term"]) and "DM" not in set(kept["term"])
    assert kept.filter(pl.col("term") == "diffusion models")["paper_id"].n_unique() == 3


def test_long_runs_show_progress_by_batch(papers, monkeypatch, capsys):
    """Three batches or more get a progress bar (on a terminal or in Jupyter; forced here)."""
    from paperkit.keywords import batching
    from paperkit.progress import progress

    batches = range(0, 20_000, batching.BATCH_PAPERS)
    assert progress(batches, None, at_least=3) == batches
    monkeypatch.setattr(batching, "BATCH_PAPERS", 1)
    seen = []

    def forced(items, show, **options):
        seen.append(len(items))
        return progress(items, True, **options)

    monkeypatch.setattr(batching, "progress", forced)
    out = keyphrases(papers, top=3, acronyms=False)
    assert seen == [papers.height] and "keywords" in capsys.readouterr().err
    assert out["paper_id"].n_unique() == papers.height


# --- candidates are noun phrases, within boundaries (real sentences from the HF digests) ----------
def _terms_of(title, abstract):
    papers = pl.DataFrame({"paper_id": ["p"], "title": [title], "abstract": [abstract]})
    return set(paper_terms(papers, acronyms=False)["term"])


def test_title_abstract_join_is_a_hard_break():
    terms = _terms_of("Scaling Large Language Models", "Large language models are costly to serve.")
    assert not any("models large" in t.lower() for t in terms)
    terms = _terms_of("Sparse Mixture-of-Experts Models", "Mixture-of-experts models route tokens.")
    assert not any("models mixture" in t.lower() for t in terms)


def test_possessive_is_split_off():
    terms = _terms_of("World action models", "We find that WAM's future-image objective helps planning.")
    assert "WAM" in terms and "future-image objective" in terms
    assert not any("WAM" in t and t != "WAM" for t in terms)


def test_modifier_compound_counts_its_head_but_named_variants_stay():
    papers = pl.DataFrame({
        "paper_id": ["a", "b"],
        "title": ["LLM-based agents for code repair", "Flow-GRPO: training flow matching models"],
        "abstract": ["We build LLM-based agents that repair code.", "Flow-GRPO and DyLoRA adapt policies online."]})
    pt = paper_terms(papers, acronyms=False)
    a = set(pt.filter(pl.col("paper_id") == "a")["term"])
    b = set(pt.filter(pl.col("paper_id") == "b")["term"])
    assert "LLM" in a and "LLM-based agents" in a
    assert "Flow-GRPO" in b and "DyLoRA" in b and "GRPO" not in b and "LoRA" not in b
    table = keyword_terms(papers.with_columns(pl.lit(dt.date(2025, 1, 1)).alias("digest_date")), acronyms=False)
    assert table.filter(pl.col("key") == "llm")["papers"].item() == 1


@pytest.mark.parametrize(("title", "head"), [
    ("LLM-as-a-judge evaluation of chatbots", "LLM"),
    ("GRPO-style updates for small reasoners", "GRPO"),
    ("Are CLIP-like encoders robust?", "CLIP"),
    ("LoRA-tuned adapters for speech", "LoRA"),
])
def test_acronym_led_compound_counts_the_acronym(title, head):
    assert head in _terms_of(title, "")


def test_of_joins_two_nouns():
    terms = _terms_of("Chain of thought prompting", "A chain of thought and a mixture of experts (MoE) model.")
    assert {"chain of thought", "mixture of experts"} <= terms
    # "chain-of-thought" and "chain of thought" fold to one key
    papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["Chain-of-thought reasoning", "Chain of thought"],
                           "abstract": [None, None]})
    keys = paper_terms(papers, acronyms=False).filter(pl.col("term").str.to_lowercase().str.starts_with("chain"))
    assert keys.filter(pl.col("key") == "chainofthought")["paper_id"].n_unique() == 2


@pytest.mark.parametrize(
    ("abstract", "fragment"),
    [
        ("In long tasks, agents prematurely declare success before the goal is met.", "agents prematurely declare"),
        ("A repository-level benchmark built from real issues.", "repository-level benchmark built"),
        ("This distribution shift creates safety risks for deployed systems.", "shift creates safety risks"),
        ("Our model shows excellent performance and higher accuracy.", "excellent performance"),
        ("Our model shows excellent performance and higher accuracy.", "higher accuracy"),
    ],
)
def test_verb_fragments_and_evaluative_phrases_are_not_candidates(abstract, fragment):
    terms = {t.lower() for t in _terms_of("Agents", abstract)}
    assert fragment not in terms
    assert not any(fragment in t for t in terms)


def test_a_modifier_and_generic_head_is_a_term_only_when_the_corpus_also_names_it_otherwise():
    """"deep research" (an adjective and a generic head, like "excellent performance") counts when
    the corpus also writes it "DeepResearch"; "excellent performance" never does, unless asked for."""
    papers = pl.DataFrame({
        "paper_id": ["a", "b", "c"],
        "title": ["DeepResearch Bench: evaluating report agents", "Deep research with open LLM agents",
                  "Agents that browse"],
        "abstract": ["Deep research agents write cited reports and show excellent performance.",
                     "We study deep research, where an agent browses the web for hours.",
                     "Our browsing agent shows excellent performance on deep research questions."],
    })
    terms = paper_terms(papers, acronyms=False)
    found = terms.group_by("term").agg(pl.col("paper_id").n_unique().alias("papers"))
    papers_of = dict(zip(found["term"].to_list(), found["papers"].to_list()))
    assert papers_of.get("deep research") == 3
    assert "excellent performance" not in papers_of
    asked = keyword_trends(papers.with_columns(digest_date=pl.date(2025, 1, 1)), terms=["excellent performance"])
    assert asked["papers_with_term"].to_list() == [2]
    pt = paper_terms(papers)
    assert keyword_trends(papers.with_columns(digest_date=pl.date(2025, 1, 1)), terms=["Excellent Performance"],
                          terms_frame=pt)["papers_with_term"].to_list() == [2]


# --- the package layout (architecture issue: one module per step, documented features) ---------
def test_every_feature_code_is_in_the_documented_table():
    """The table of paperkit.keywords.features names every code of the score, and no other."""
    import re

    from paperkit.keywords import WEIGHTS, features

    table = re.findall(r"^(\w+) +(?:batch|df) ", features.__doc__, flags=re.M)
    assert sorted(table) == sorted(features.BATCH_FEATURES + features.DF_FEATURES) == sorted(WEIGHTS)


def test_no_private_name_is_imported_across_modules():
    """The modules of paperkit.keywords share only public names (a private one stays in its module)."""
    import ast
    from pathlib import Path

    import paperkit.keywords as kw

    for path in Path(kw.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("paperkit"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_paper_terms_scored_and_named_a_batch_of_papers_at_a_time_equal_one_pass(papers, monkeypatch):
    """Regression (issue 15): the rows are filtered, numbered, scored, sorted and named one batch
    of papers at a time (all rows at once held three copies of them: over 16 GB at a million
    papers); any batch size gives the same frames."""
    from paperkit.keywords import batching

    monkeypatch.setattr(batching, "BATCH_PAPERS", 10**9)
    whole, whole_k = paper_terms(papers, acronyms=False), keyphrases(papers, top=5, acronyms=False)
    monkeypatch.setattr(batching, "BATCH_PAPERS", 3)
    assert_frame_equal(paper_terms(papers, acronyms=False), whole)
    assert_frame_equal(keyphrases(papers, top=5, acronyms=False), whole_k)


def test_the_shared_vocabulary_changes_no_result_and_stays_bounded(monkeypatch):
    """Words described by one call are reused by the next (a notebook's second extraction skips
    that work); the terms and scores are those of a fresh vocabulary, whatever came before, and a
    vocabulary that grew past SHARED_WORDS is not kept after its call."""
    from paperkit import load_sample
    from paperkit.keywords import candidates

    bundled = load_sample()
    first, second = bundled.head(60), bundled.tail(60)
    monkeypatch.setattr(candidates, "_SHARED", {})
    alone = paper_terms(second, acronyms=False)
    alone_kp = keyphrases(second, top=5, acronyms=False)
    monkeypatch.setattr(candidates, "_SHARED", {})
    paper_terms(first, acronyms=False)
    vocab = candidates.shared_vocabulary()
    seen = len(vocab)
    after = paper_terms(second, acronyms=False)
    assert candidates.shared_vocabulary() is vocab and len(vocab) > seen  # grew, was not rebuilt
    assert_frame_equal(after, alone)
    assert_frame_equal(keyphrases(second, top=5, acronyms=False), alone_kp)
    # Past the bound the vocabulary is dropped when its call ends.
    monkeypatch.setattr(candidates, "SHARED_WORDS", 100)
    paper_terms(first, acronyms=False)
    assert candidates.shared_vocabulary() is not vocab and len(candidates.shared_vocabulary()) == 0


def test_a_gerund_the_corpus_uses_as_a_verb_is_not_a_one_word_term():
    """Sentences as the HF digests write them: "preserving" takes an object in every use, while
    "editing" heads phrases ("image editing"); over 36 papers the first is not a term on its own,
    the second is, and a caller asking for "preserving" by name still gets it."""
    abstracts = [
        "We compress the KV cache while preserving accuracy on long-context benchmarks.",
        "Our method speeds up decoding while preserving output quality and image editing fidelity.",
        "Text-guided image editing remains hard; we propose a training-free editing method.",
    ] * 12
    papers = pl.DataFrame({"paper_id": [str(i) for i in range(36)], "title": [f"Paper {i}" for i in range(36)],
                           "abstract": abstracts})
    terms = set(paper_terms(papers, acronyms=False)["term"])
    assert "preserving" not in terms and "editing" in terms and "image editing" in terms
    asked = paper_terms(papers, acronyms=False, vocabulary=["preserving"])
    assert set(asked["term"]) == {"preserving"}
    # Too few uses to judge (a handful of papers): nothing is decided, the word stays a candidate.
    assert "preserving" in set(paper_terms(papers.head(3), acronyms=False)["term"])


# --- the specificity features (round 11) ---------------------------------------------------------
def test_word_features_tell_everyday_from_technical_words():
    """zf_*: everyday-English frequency of the phrase's words, 0 for a name; read per span word."""
    from paperkit.keywords.batching import extract_terms

    papers = pl.DataFrame({
        "title": ["Quasi-Newton algorithm for adaptive minor component extraction"],
        "abstract": ["The algorithm enjoys a simple walking task and excellent performance with GRPO training."],
    })
    rows, terms = extract_terms(papers, features=True)
    feats = rows.join(terms.select("tid", "display"), on="tid").select("display", "zf_first", "zf_min")
    zf = {d: (first, low) for d, first, low in feats.iter_rows()}
    assert zf["simple walking task"][0] > 5 > zf["minor component extraction"][0] > 0  # "simple" vs "minor"
    assert zf["minor component extraction"][1] < zf["simple walking task"][1]  # "extraction" is rarer than any
    assert zf["GRPO training"][0] == 0.0  # a name is not an everyday word


def test_title_share_counts_the_papers_with_the_term_in_their_title():
    """tshare = title_df / (df + 1): "diffusion models" is in 2 of the 3 titles of the papers using it."""
    from paperkit.keywords.batching import extract_terms
    from paperkit.keywords.features import with_df_features

    papers = pl.DataFrame({
        "title": ["Diffusion models for video", "Fast diffusion models", "A survey of generative AI"],
        "abstract": ["We train video generators.", "We sample faster.", "We review diffusion models and GANs."],
    })
    rows, terms = extract_terms(papers, features=True)
    row = terms.filter(pl.col("display") == "diffusion models").row(0, named=True)
    assert (row["df"], row["title_df"]) == (3, 2)
    feats = with_df_features(rows, terms, papers.height).filter(pl.col("tid") == row["tid"])
    assert feats["tshare"].to_list() == [0.5, 0.5, 0.5]
