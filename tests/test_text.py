"""Tests of paperkit.text: tokens, stop lists, folding of variants."""

from pathlib import Path

import polars as pl
import pytest

from paperkit import text
from paperkit.text import folding
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
# words whose singular a suffix rule cannot tell: the lexicon table decides (issue 16)
LEXICON_WORDS = ["quizzes", "movies", "buses", "cookies", "zombies", "calories", "selfies", "boxes", "classes",
                 "analyses", "gases", "biases", "statuses", "lenses", "caches", "patches", "indices", "diabetes",
                 "echoes", "halves", "savings", "genetics"]
_real = st.sampled_from(LEXICON_WORDS).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title()]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.tuples(_word, _suffix).map("".join), _real), min_size=0, max_size=4).map(" ".join))
def test_fold_key_expr_and_scalar_agree(phrase):
    expr = pl.DataFrame({"p": [phrase]}).select(fold_key_expr(pl.col("p")))["p"][0]
    assert expr == fold_key(phrase)


@pytest.mark.parametrize("term, enumerator", [("ii", True), ("IV", True), ("xii", True), ("b", True),
                                              ("mix", False), ("LoRA", False), ("iiii", False), ("xl", False)])
def test_enumerator_is_a_roman_numeral_or_a_letter(term, enumerator):
    """One definition of Roman numerals (text.ROMAN_NUMERAL) behind trends' ENUMERATOR (issue 16)."""
    assert bool(pl.Series([term]).str.contains(text.ENUMERATOR)[0]) is enumerator


# --- one home for plural folding (issue 16) ---------------------------------------------------
def test_sizes_and_size_share_a_key_as_quizzes_and_quiz_do():
    """Regression: "-zes" lost "es" ("sizes" -> "siz", "optimizes" -> "optimiz"), so "batch sizes"
    and "batch size" were two terms; only "-zzes" loses "es" now (the acronym glossary's rule), and
    the lexicon table knows that "quizzes" is "quiz" (it was "quizz")."""
    assert fold_key("batch sizes") == fold_key("batch size") == "batchsize"
    assert fold_key("optimizes") == "optimize"
    assert fold_key("quizzes") == fold_key("quiz") == "quiz"
    assert fold_key("buzzes") == "buzz"


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
    ("quiz", ["quizzes", "Quiz"], ["quizz"]),
    ("quizzes", ["quiz"], []),
    ("caches", ["cache", "Caches"], ["cach"]),
    ("movie", ["movies"], ["movy"]),
    ("bus", ["buses"], []),
    ("lens", ["lenses"], []),
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


# --- singulars a suffix rule cannot tell: the lexicon table (issue 16) -------------------------------
@pytest.mark.parametrize(("plural", "singular"), [
    ("quizzes", "quiz"), ("movies", "movie"), ("buses", "bus"), ("cookies", "cookie"), ("zombies", "zombie"),
    ("calories", "calorie"), ("selfies", "selfie"), ("boxes", "box"), ("classes", "class"), ("analyses", "analysis"),
    ("gases", "gas"), ("biases", "bias"), ("statuses", "status"), ("lenses", "lens"), ("caches", "cache"),
    ("patches", "patch"), ("indices", "index"), ("echoes", "echo"), ("halves", "half"), ("viruses", "virus"),
    ("niches", "niche"), ("emphases", "emphasis"), ("Caches", "cache"), ("LENSES", "lens"),
])
def test_plurals_a_suffix_rule_gets_wrong_fold_to_their_singular(plural, singular):
    """Regression: "quizzes" -> "quizz", "movies" -> "movy", "buses" -> "buse", "caches" -> "cach"."""
    assert text.singular_word(plural) == singular
    assert fold_key(plural) == fold_key(singular) == singular


@pytest.mark.parametrize(("word", "key"), [
    ("diabetes", "diabetes"), ("herpes", "herpes"), ("genetics", "genetics"),  # singular nouns, not plurals
    ("savings", "saving"), ("remains", "remain"),  # a gerund's plural, a verb form: still folded
    ("bases", "base"), ("leaves", "leave"), ("data", "data"), ("media", "media"),  # the rule's reading kept
])
def test_the_lexicon_table_leaves_what_the_rules_read_right(word, key):
    assert fold_key(word) == key


@pytest.mark.parametrize(("plural", "singular", "word"), [
    ("We compress key-value caches of long contexts", "a compressed key-value cache", "cache"),
    ("Benchmarks of multiple-choice quizzes", "a multiple-choice quiz benchmark", "quiz"),
    ("Gravitational lenses magnify distant galaxies", "a gravitational lens magnifies a galaxy", "lens"),
    ("Recommending movies to users", "recommending a movie to a user", "movie"),
    ("Mitigating social biases in LLMs", "mitigating social bias in an LLM", "bias"),
    ("Counting calories from food selfies", "the calorie count of a food selfie", "selfie"),
])
def test_sentences_with_these_plurals_share_terms_with_the_singular(plural, singular, word):
    """Real phrasings from abstracts: the plural and the singular of a term share its key."""
    keys = pl.DataFrame({"p": [plural, singular]}).select(fold_key_expr(pl.col("p")))["p"].to_list()
    assert keys == [fold_key(plural), fold_key(singular)]
    assert word in {text.singular_word(w) for w in tokenize(plural)} & {text.singular_word(w) for w in tokenize(singular)}


def test_expression_and_scalar_agree_on_every_word_of_the_lexicon_table():
    """The polars folding (word_key_expr, singular_last_word_expr) reads the same table as the
    scalar (fold_key, singular_word), in any case."""
    words = sorted(folding._lexicon_singulars())
    words = words + [w.upper() for w in words] + [w.title() for w in words]
    df = pl.DataFrame({"w": words})
    assert df.select(text.word_key_expr(pl.col("w")))["w"].to_list() == [fold_key(w) for w in words]
    folded = df.select(text.singular_last_word_expr(pl.col("w")))["w"].str.to_lowercase().to_list()
    assert folded == [text.singular_word(w) for w in words]


def test_the_lexicon_table_is_consistent_with_the_rules():
    """Every row is a word the rules read wrongly (the hand-written tables keep precedence), and
    its singular is one the folding keeps: a plural and its singular share a key."""
    table = folding._lexicon_singulars()
    assert 400 < len(table) < 2000
    assert not set(table) & (set(folding._IRREGULAR_PLURALS) | set(folding._NOT_PLURAL))
    assert all(text.singular_word(w, lexicon=False) != s for w, s in table.items())
    assert all(text.singular_word(s) == s for s in table.values())
    header = (Path(text.__file__).parents[1] / "resources" / "singulars.tsv").read_text(encoding="utf-8")[:600]
    assert "lemminflect" in header and "MIT" in header and "CC BY-SA 4.0" in header and "make_singulars.py" in header


def test_plural_last_word_expr_makes_plurals_that_fold_back():
    """Regression: "quiz" -> "quizes", which folds to "quize"; the lexicon's "quizzes" folds back."""
    singulars = ["quiz", "bus", "movie", "cache", "calorie", "go", "testis"] + sorted(folding._lexicon_plurals())
    plurals = pl.DataFrame({"p": singulars}).select(text.plural_last_word_expr(pl.col("p")))["p"].to_list()
    assert plurals[:4] == ["quizzes", "buses", "movies", "caches"]
    assert [text.singular_word(p) for p in plurals] == singulars


def test_plural_last_word_expr_keeps_the_singular_nouns_of_the_lexicon():
    """"diabetes" is no plural to add "es" to (it was "diabeteses"), as "dynamics" is not."""
    df = pl.DataFrame({"p": ["type 2 diabetes", "population genetics", "fluid dynamics"]})
    assert df.select(text.plural_last_word_expr(pl.col("p")))["p"].to_list() == df["p"].to_list()
