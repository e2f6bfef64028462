"""Text clean-up, title names, keys, merging and schema validation."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperkit.normalize import (
    PAPERS_SCHEMA,
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
