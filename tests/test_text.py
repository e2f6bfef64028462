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


# --- one home for plural folding (issue 16) ---------------------------------------------------
def test_sizes_and_size_share_a_key_as_quizzes_and_quiz_do_not_need_to():
    """Regression: "-zes" lost "es" ("sizes" -> "siz", "optimizes" -> "optimiz"), so "batch sizes"
    and "batch size" were two terms; only "-zzes" loses "es" now (the acronym glossary's rule)."""
    assert fold_key("batch sizes") == fold_key("batch size") == "batchsize"
    assert fold_key("optimizes") == "optimize"
    assert fold_key("quizzes") == "quizz"


@pytest.mark.parametrize("word", ["harmonics", "mechanics", "thermodynamics", "physics", "dynamics"])
def test_fields_of_study_in_ics_are_not_plurals(word):
    assert text.singular_word(word) == word


def test_singular_last_word_expr_is_the_twin_of_singular_word():
    """On the last words of the bundled sample's titles: the polars twin folds as the scalar rule
    does (case kept)."""
    from paperkit import load_sample

    titles = load_sample()["title"].drop_nulls().str.replace(r"[^A-Za-z ]+", " ").str.strip_chars().unique().head(3000)
    folded = pl.DataFrame({"t": titles}).select(text.singular_last_word_expr(pl.col("t")))["t"].to_list()
    for title, out in zip(titles.to_list(), folded):
        last = title.split(" ")[-1] if title else ""
        if last:
            assert out.lower() == (title[: len(title) - len(last)] + text.singular_word(last)).lower(), title


@pytest.mark.parametrize(("term", "found", "not_found"), [
    ("trajectories", ["trajectory", "Trajectories"], ["trajectorys"]),
    ("analysis", ["analyses", "Analysis"], ["analysi"]),
    ("models", ["model", "Models"], []),
    ("robotics", ["Robotics"], ["robotic"]),
    ("matrix", ["matrices"], []),
])
def test_plural_pattern_finds_the_singular_and_plural_that_fold_to_one_key(term, found, not_found):
    import re

    rx = re.compile(rf"(?i)\b{text.plural_pattern(term)}\b")
    assert all(rx.fullmatch(w) for w in found) and not any(rx.fullmatch(w) for w in not_found)
    assert all(fold_key(w) == fold_key(term) for w in found)


# --- one home for the plural of an acronym (issue 16) -------------------------------------------
@pytest.mark.parametrize(("short_form", "singular"), [
    ("LLMs", "LLM"), ("CNNs", "CNN"), ("VAEs", "VAE"), ("ViTs", "ViT"), ("LoRAs", "LoRA"), ("3DGSs", "3DGS"),
    ("GPUs", "GPU"), ("RLS", "RLS"), ("3DGS", "3DGS"), ("CoT", "CoT"), ("Os", "Os"), ("GPT-4", "GPT-4"),
])
def test_acronym_singular_drops_only_a_lower_case_s_after_a_capital_or_digit(short_form, singular):
    """"GPUs" is not an English plural in "-us": only the acronym rule reads it; a capital S is a
    letter ("RLS": recursive least squares), and two characters are too short to read ("Os")."""
    assert text.acronym_singular(short_form) == singular
    expr = pl.DataFrame({"sf": [short_form]}).select(text.acronym_singular_expr(pl.col("sf")))["sf"][0]
    assert expr == singular


def test_acronym_singular_expr_is_the_twin_of_the_scalar_on_every_acronym_of_the_bundled_papers():
    from paperkit import load_sample
    from paperkit.acronyms import is_acronym

    papers = load_sample()
    words = pl.concat([papers["title"], papers["abstract"]]).drop_nulls().str.extract_all(text.TOKEN_PATTERN)
    tokens = [t for t in words.explode().drop_nulls().unique().sort().to_list() if is_acronym(t)]
    assert len(tokens) > 1000 and "LLMs" in tokens
    expr = pl.DataFrame({"t": tokens}).select(text.acronym_singular_expr(pl.col("t")))["t"].to_list()
    assert expr == [text.acronym_singular(t) for t in tokens]


def test_plural_pattern_of_an_acronym_uses_the_acronym_rule():
    import re

    assert text.plural_pattern("LLMs", acronym=True) == text.plural_pattern("LLM", acronym=True) == "LLM(?:s)?"
    rls = re.compile(rf"\b{text.plural_pattern('RLS', acronym=True)}\b")
    assert rls.search("a recursive least squares (RLS) filter") and not rls.search("deep RL agents")
