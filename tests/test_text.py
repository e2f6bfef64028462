"""Tests of paperkit.text: tokens, stop lists, folding of variants."""

import polars as pl
import pytest

from paperkit import text
from paperkit.text import fold_key, fold_key_expr, porter_stem_phrase, sentences, stopwords, token_frame, tokenize


@pytest.mark.parametrize(
    ("variants",),
    [
        (["fine-tuning", "Fine tuning", "finetuning", "Fine-Tuning"],),
        (["large language models", "Large Language Model", "large-language models"],),
        (["LLMs", "LLM", "llms"],),
        (["strategies", "strategy"],),
        (["processes", "process"],),
        (["Gaussian splats", "gaussian splat"],),
    ],
)
def test_variants_fold_to_one_key(variants):
    assert len({fold_key(v) for v in variants}) == 1


@pytest.mark.parametrize(("a", "b"), [("analysis", "analyst"), ("series", "serie"), ("dynamics", "dynamic"), ("GAN", "GNN")])
def test_distinct_terms_keep_distinct_keys(a, b):
    assert fold_key(a) != fold_key(b)


def test_fold_key_expr_matches_scalar_and_keeps_null():
    words = ["Vision-Language Models", "vision language model", None]
    out = pl.DataFrame({"p": words}).select(fold_key_expr(pl.col("p")))["p"].to_list()
    assert out == [fold_key(w) for w in words[:2]] + [None]


def test_stop_lists_are_shipped_and_separate():
    assert {"the", "of", "and"} <= stopwords("english")
    assert {"propose", "paper", "results", "novel"} & stopwords("all") == {"propose", "paper", "results", "novel"}
    assert "propose" in stopwords("verbs") or "propose" in stopwords("abstracts")
    assert "model" not in stopwords("english")
    with pytest.raises(ValueError, match="unknown stop list"):
        stopwords("french")


def test_tokenize_keeps_hyphenated_words_and_versions():
    assert tokenize("GPT-4o beats LLaMA-3 at 3D fine-tuning.") == ["GPT-4o", "beats", "LLaMA-3", "at", "3D", "fine-tuning", "."]


def test_token_frame_positions_and_boundaries():
    docs = pl.DataFrame({"doc": [0, 1], "text": ["Sparse attention.", ""]})
    tf = token_frame(docs)
    assert tf.filter(pl.col("doc") == 0)["pos"].to_list() == [0, 1, 2, 3]
    assert tf["token"].to_list()[-1] == "\n"


def test_sentences_respects_abbreviations():
    text = "Methods (e.g. LoRA) adapt LLMs. Results improve by 3.5 points! Code is released."
    assert sentences(text) == ["Methods (e.g. LoRA) adapt LLMs.", "Results improve by 3.5 points!", "Code is released."]


def test_porter_stem_phrase():
    assert porter_stem_phrase("Neural Networks") == porter_stem_phrase("neural network")


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("matrices", "matrix"), ("indices", "index"), ("analyses", "analysis"), ("hypotheses", "hypothesis"),
     ("criteria", "criterion"), ("phenomena", "phenomenon"), ("vertices", "vertex"), ("appendices", "appendix"),
     ("corpora", "corpus"), ("formulae", "formula"), ("polyhedra", "polyhedron"), ("LLMs", "LLM"),
     ("devices", "device"), ("purposes", "purpose")],
)
def test_latin_and_greek_plurals_fold_to_singular(plural, singular):
    assert fold_key(plural) == fold_key(singular)


@pytest.mark.parametrize("word", ["data", "process", "bias", "analysis", "corpus", "series", "gas", "ii"])
def test_singular_words_are_unchanged(word):
    assert fold_key(word) == word


from hypothesis import given, settings, strategies as st  # noqa: E402

_word = st.text(alphabet="abcdeghilmnoprstuvxyzAILMS-'é", min_size=1, max_size=9)
_suffix = st.sampled_from(["", "s", "es", "ies", "ices", "yses", "eses", "ae", "a", "omena", "hedra", "ss"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_word, _suffix).map("".join), min_size=0, max_size=4).map(" ".join))
def test_fold_key_expr_and_scalar_agree(phrase):
    expr = pl.DataFrame({"p": [phrase]}).select(fold_key_expr(pl.col("p")))["p"][0]
    assert expr == fold_key(phrase)


@pytest.mark.parametrize("term, enumerator", [("ii", True), ("IV", True), ("xii", True), ("b", True),
                                              ("mix", False), ("LoRA", False), ("iiii", False), ("xl", False)])
def test_enumerator_is_a_roman_numeral_or_a_letter(term, enumerator):
    """One definition of Roman numerals (text.ROMAN_NUMERAL) behind trends' ENUMERATOR (issue 16)."""
    assert bool(pl.Series([term]).str.contains(text.ENUMERATOR)[0]) is enumerator
