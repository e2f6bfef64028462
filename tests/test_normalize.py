"""Text clean-up, title names, keys, merging and schema validation."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperkit.normalize import (
    PAPERS_SCHEMA,
    _title_key_expr,
    clean_text,
    clean_text_expr,
    merge_records,
    normalize_records,
    title_key,
    title_name,
    validate_papers,
)

# Text as digests really have it: letters, ligatures, typographic punctuation, wraps and odd spaces.
_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:()-'\"")
    + ["\\'e", '\\"{o}', "{\\v{s}}", "\\", "{", "}", "\n", "\r\n", "\t", "  ", "-\n", "\ufb01", "\ufb02", "\u2013", "\u2014", "\u2019", "\u201c", "\u201d",
       "\u00a0", "\u00e9", "e\u0301", "\u2212", "\u00ad", "\u2028", "\u3000", "\u00bd", "\u2126"]
)
texts = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_expression_matches_scalar_and_is_idempotent(values):
    frame = pl.DataFrame({"t": values})
    once = frame.select(clean_text_expr(pl.col("t")))["t"]
    assert once.to_list() == [clean_text(v) for v in values]
    twice = once.to_frame().select(clean_text_expr(pl.col("t")))["t"]
    assert twice.to_list() == once.to_list()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=6))
def test_normalizing_normalized_records_changes_nothing(pairs):
    recs = pl.DataFrame({"title": [t or "x" for t, _ in pairs], "abstract": [a for _, a in pairs]})
    papers = normalize_records(recs)
    again = normalize_records(papers.select("title", "abstract", "source"))
    assert again.select("paper_id", "title", "abstract").equals(papers.select("paper_id", "title", "abstract"))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Vision-Language Models for effi-\ncient\n  inference", "Vision-Language Models for efficient inference"),
        ("open-\nand closed-source, GPT-\n4 and Vision-\nLanguage", "open- and closed-source, GPT- 4 and Vision- Language"),
        ("\ufb01ne-tuning with \ufb02ows", "fine-tuning with flows"),
        ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
        ("2019\u20132023 \u2014 a decade", "2019-2023 - a decade"),
        ("  a\u00a0b\tc\r\nd  ", "a b c d"),
        (r"Fr\'echet Inception Distance, G\"{o}del and {\v{S}}ekrst, na\"\i ve", "Fréchet Inception Distance, Gödel and Šekrst, naïve"),
        (r"\cos and \url{x} stay", r"\cos and \url{x} stay"),
        ("Fr\\\u2019echet and G\\\u201co", "Fréchet and Gö"),  # typographic quotes in TeX accents, idempotent
        ("", ""),
    ],
)
def test_clean_text_examples(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("DyLoRA: Parameter Efficient Tuning of Pre-trained Models", "DyLoRA"),
        ("MM-RLHF: The Next Step Forward in Multimodal LLM Alignment", "MM-RLHF"),
        ("TechGPT-2.0: A large language model project", "TechGPT-2.0"),
        ("Qwen2.5-VL Technical Report", None),
        ("Kimi k1.5: Scaling Reinforcement Learning with LLMs", None),
        ("Bone: Block Affine Transformation as Parameter Efficient Fine-tuning", "Bone"),
        ("Rethinking Scale: The Efficacy of Fine-Tuned Open-Source LLMs", None),
        ("Survey: Large Language Models for Recommendation", None),
        ("Mix Data or Merge Models? Balancing the Helpfulness", None),
    ],
)
def test_title_name(title, name):
    assert title_name(title) == name


def test_title_key_folds_case_punctuation_and_accents():
    assert title_key("Café: A Study!") == title_key("cafe -- a study") == "cafe a study"


def test_merge_by_id_versions_and_titles():
    recs = pl.DataFrame(
        {
            "arxiv_id": ["https://arxiv.org/abs/2501.00001v3", "2501.00001", None, None],
            "title": ["Paper A", "Paper A (revised)", "paper a", "Paper B"],
            "abstract": ["short", "a much longer abstract", None, "b"],
            "digest_date": [dt.date(2025, 1, 3), dt.date(2025, 1, 2), dt.date(2025, 1, 5), None],
        }
    )
    papers, dups = merge_records(recs)
    assert papers["paper_id"].to_list()[0] == "2501.00001"
    assert papers["paper_id"][1].startswith("t:") and len(papers["paper_id"][1]) == 18
    first = papers.row(0, named=True)
    assert first["abstract"] == "a much longer abstract"
    assert first["digest_dates"] == [dt.date(2025, 1, 2), dt.date(2025, 1, 3), dt.date(2025, 1, 5)]
    assert dups["reason"].to_list() == ["same arXiv id", "same normalized title as a record with an arXiv id"]
    assert dict(papers.schema) == PAPERS_SCHEMA


def test_hash_id_is_stable():
    a = normalize_records(pl.DataFrame({"title": ["A Title With No Id"]}))["paper_id"][0]
    b = normalize_records(pl.DataFrame({"title": ["a title with no id."]}))["paper_id"][0]
    assert a == b == "t:" + __import__("hashlib").blake2b(b"a title with no id", digest_size=8).hexdigest()


def test_urls_and_github_from_abstract():
    papers = normalize_records(pl.DataFrame({
        "title": ["X"],
        "abstract": ["Code at https://github.com/org/repo. Demo: https://x.io/demo, and https://github.com/org/repo."],
    }))
    assert papers["urls"][0].to_list() == ["https://github.com/org/repo", "https://x.io/demo"]
    assert papers["github_repo"][0] == "https://github.com/org/repo"


def test_validate_papers_errors():
    with pytest.raises(TypeError, match="polars DataFrame"):
        validate_papers({"title": []})
    with pytest.raises(ValueError, match=r"missing column\(s\) \['paper_id'\]"):
        validate_papers(pl.DataFrame({"title": ["x"]}))
    with pytest.raises(ValueError, match="wrong dtype"):
        validate_papers(pl.DataFrame({"paper_id": [1], "title": ["x"]}))


def test_empty_records_give_empty_papers():
    papers = normalize_records(pl.DataFrame({"title": []}, schema={"title": pl.String()}))
    assert papers.height == 0 and dict(papers.schema) == PAPERS_SCHEMA


# --- regression: non-Latin titles merged into one paper ---------------------------------------------
# Before the fix the title key kept only [0-9a-z]: every CJK, Arabic, Hebrew or emoji-only title had the
# empty key and all of them became one paper, "t:" + hash of "".
NON_LATIN_TITLES = [
    "大型语言模型的推理能力",
    "图神经网络综述",
    "强化学习综述",
    "نموذج لغوي كبير",
    "מודל שפה גדול",
    "🚀🔥",
    "大規模言語モデルの推論能力",
    "대규모 언어 모델의 추론 능력",
    "Обзор графовых нейронных сетей",
    "बड़े भाषा मॉडल का तर्क",
]


def test_non_latin_titles_do_not_merge_into_one_paper():
    papers, dups = merge_records(pl.DataFrame({"title": NON_LATIN_TITLES}))
    assert papers.height == 10 and dups.height == 0
    assert papers["paper_id"].n_unique() == 10
    empty_hash = "t:" + __import__("hashlib").blake2b(b"", digest_size=8).hexdigest()
    assert empty_hash not in papers["paper_id"].to_list()
    assert papers["title"].to_list() == NON_LATIN_TITLES


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("C++ Parsing", "C# Parsing"),
        ("C++ Parsing", "C Parsing"),
        ("C# Parsing", "C Parsing"),
        ("α-Net: Adaptive Networks", "β-Net: Adaptive Networks"),
        ("がっこうの言語モデル", "かっこうの言語モデル"),  # the dakuten is part of the letter, not an accent
        ("🚀🔥", "🤖📚"),
        ("???", "!!!"),  # nothing but punctuation: the text itself is the key
        ("Top-nσ: Not All Logits Are You Need", "Top-n: Not All Logits Are You Need"),
    ],
)
def test_title_keys_keep_titles_of_different_papers_apart(a, b):
    assert title_key(a) != title_key(b)
    assert normalize_records(pl.DataFrame({"title": [a, b]})).height == 2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fréchet Inception Distance", "Frechet inception distance."),
        ("LLäMmlein: Compact and Competitive German-Only Language Models", "LLaMmlein: compact and competitive German-only language models"),
        ("FürElise: Capturing and Physically Synthesizing Hand Motions", "FurElise - Capturing and Physically Synthesizing Hand Motions"),
        ("Straße der Modelle", "STRASSE DER MODELLE"),
        ("大型语言模型的推理能力", "大型语言模型的推理能力。"),
        ("ＧＰＴ-4 Technical Report", "GPT-4 Technical Report"),
        ("DreamBench++: A Human-Aligned Benchmark", "DreamBench++ - a human-aligned benchmark"),
    ],
)
def test_title_keys_still_merge_true_duplicates(a, b):
    assert title_key(a) == title_key(b)
    papers, dups = merge_records(pl.DataFrame({"title": [a, b]}))
    assert papers.height == 1 and dups["reason"].to_list() == ["same normalized title"]


def test_hash_ids_of_ascii_titles_did_not_change():
    """Titles of ASCII letters, digits and punctuation keep the ``[0-9a-z]`` key, hence their ids."""
    import hashlib
    import re

    titles = ["DyLoRA: Parameter Efficient Tuning of Pre-trained Models", "Mix Data or Merge Models? Balancing the Helpfulness"]
    papers = normalize_records(pl.DataFrame({"title": titles}))
    old = ["t:" + hashlib.blake2b(re.sub(r"[^0-9a-z]+", " ", t.lower()).strip().encode(), digest_size=8).hexdigest() for t in titles]
    assert papers["paper_id"].to_list() == old


_UNICODE_ALPHABET = st.sampled_from(
    ["大", "型", "语", "言", "ن", "م", "ו", "ד", "🚀", "🔥", "α", "β", "σ", "ς", "が", "か", "\u3099", "ß", "ø", "é", "e\u0301",
     "+", "#", "。", "!", "?", "-", " ", "C", "c", "x", "1", "ｘ"]
)
unicode_titles = st.lists(st.one_of(_ALPHABET, _UNICODE_ALPHABET), min_size=1, max_size=30).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(unicode_titles, min_size=1, max_size=20))
def test_title_key_is_idempotent_and_never_empty(titles):
    key = lambda frame: frame.with_columns(clean_text_expr(pl.col("t"))).select(_title_key_expr(pl.col("t")))  # noqa: E731
    keys = key(pl.DataFrame({"t": titles}))["t"]
    again = key(keys.to_frame())["t"]
    assert again.to_list() == keys.to_list()
    assert [k == "" for k in keys] == [clean_text(t) == "" for t in titles]
    assert title_key(titles[0]) == keys[0]


# --- keywords: carried, merged duplicates union them -----------------------------------------------
def test_merged_duplicates_union_keywords_in_order():
    recs = pl.DataFrame({
        "arxiv_id": ["2503.03601", "2503.03601v2", "2503.07605", "2503.07365"],
        "title": ["Feature-Level Insights into Artificial Text Detection with Sparse Autoencoders"] * 2
        + ["SEAP: Training-free Sparse Expert Activation Pruning", "MM-Eureka: Exploring Visual Aha Moment"],
        "keywords": [["Sparse Autoencoders", "Gemma-2-2b", "residual stream"], ["residual stream", "interpretability"],
                     None, []],
    })
    papers = normalize_records(recs)
    assert papers.schema["keywords"] == pl.List(pl.String())
    assert papers["keywords"].to_list() == [
        ["Sparse Autoencoders", "Gemma-2-2b", "residual stream", "interpretability"], None, [],
    ]
    none_given = normalize_records(pl.DataFrame({"arxiv_id": ["2503.07605", "2503.07605v2"], "title": ["SEAP", "SEAP"]}))
    assert none_given["keywords"].to_list() == [None]
