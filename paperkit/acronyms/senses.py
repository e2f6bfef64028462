"""Which definitions name the same thing? Keys that fold short-form variants, and long
forms grouped into senses by their content-word stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import polars as pl

from paperkit.text import acronym_singular_expr, fold_key, singular_last_word_expr, stem_word
from paperkit.acronyms.patterns import SKIPPABLE


def sf_key_expr(sf: pl.Expr) -> pl.Expr:
    """Key shared by the variants of a short form: case, hyphens and a plural ``s``
    (:func:`paperkit.text.acronym_singular_expr`) folded ("LLMs", "LLM", "llm" -> "llm";
    "TF-IDF", "TFIDF" -> "tfidf")."""
    return acronym_singular_expr(sf).str.to_lowercase().str.replace_all(r"[\-\s]", "")


def lf_key_expr(lf: pl.Expr) -> pl.Expr:
    """Key shared by the wordings of a long form: lower case, no leading determiner, no
    possessive, the last word made singular ("The Large Language Models" -> "large language
    model")."""
    low = lf.str.to_lowercase().str.replace_all(r"/+", " ").str.replace_all(r"\s+", " ").str.strip_chars()
    low = low.str.replace(r"^(?:a|an|the)\s+(\S)", "${1}")
    return singular_last_word_expr(low.str.replace(r"'s?$", ""), after_hyphen=True)


@lru_cache(maxsize=1)
def _word_variants() -> dict[str, str]:
    """Known word variants of long forms (``resources/acronym_variants.txt``), read once."""
    from importlib import resources

    text = resources.files("paperkit.resources").joinpath("acronym_variants.txt").read_text(encoding="utf-8")
    pairs = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {a: b for a, b in pairs}


@lru_cache(maxsize=1 << 16)
def long_form_stems(key: str) -> tuple[frozenset, frozenset, str, tuple]:
    """Content-word stems of a long-form key, read with hyphens as spaces and with hyphens
    removed ("fine-tuning" ~ "finetuning"), and the key without spaces or hyphens. Accents are
    dropped ("Fréchet" = "Frechet"), known variants folded ("visual" = "vision") and British
    spellings read as American ones ("optimisation" = "optimization")."""
    variants = _word_variants()
    key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    key = " ".join(variants.get(w, w) for w in key.split())
    # British spellings read as American ones ("optimisation" = "optimization") before stemming.
    split = frozenset(stem_word(fold_key(variants.get(w, w)) or w) for w in key.replace("-", " ").split()
                      if w not in SKIPPABLE)
    joined = frozenset(stem_word(fold_key(w) or w) for w in key.replace("-", "").split() if w not in SKIPPABLE)
    ordered = tuple(fold_key(variants.get(w, w)) or w for w in key.replace("-", " ").split() if w not in SKIPPABLE)
    return split, joined, re.sub(r"[^0-9a-z]", "", key), ordered


_TAILS = frozenset("|er|est|r|st|ed|d|ic|al|ical|ally|ly|ing|ive|um|ematical|ematics".split("|"))


def _inflected(a: str, b: str) -> bool:
    """Two forms of one word: the same Porter stem, or what follows their common opening (of
    at least 4 letters) is an inflection or a derivation ending ("small"/"smaller",
    "automatic"/"automated", "math"/"mathematical", "maximal"/"maximum") or differs by one
    letter ("parametrization"/"parameterization"); "identity"/"identifier" differ."""
    if a == b or stem_word(a) == stem_word(b):
        return True
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    if k < 4:
        return False
    ta, tb = a[k:], b[k:]
    if ta in _TAILS and tb in _TAILS:
        return True
    return k >= 5 and len(ta) == len(tb) + 1 and ta[1:] == tb or len(tb) == len(ta) + 1 and tb[1:] == ta

def same_sense(a, b) -> bool:
    """Two long forms name the same thing when one's content stems contain the other's
    ("convolutional neural network" ~ "deep convolutional neural networks"), read with or
    without hyphens, or when they have the same words in the same order up to an inflection
    ("small"/"smaller language model", "automatic"/"automated speech recognition");
    "conditional neural network" is another sense."""
    if a[2] == b[2]:
        return True
    for x in a[:2]:
        for y in b[:2]:
            if x and y and (x <= y or y <= x):
                return True
    if len(a) > 3 and len(a[3]) == len(b[3]) and a[3]:
        return all(_inflected(x, y) for x, y in zip(a[3], b[3]))
    return False


def group_senses(defs: pl.DataFrame) -> pl.DataFrame:
    """Group each short form's long forms into senses: one row per ``key, lf_key`` with its
    ``sense`` number (0 = most papers).

    Short forms inside a long form are first expanded to their own main long form, so
    "Multimodal LLM" and "multimodal large language model" are one sense of MLLM.
    """
    lf = (
        defs.group_by("key", "lf_key")
        .agg(pl.col("paper_id").n_unique().alias("n"))
        .sort("key", "n", "lf_key", descending=[False, True, False])
    )
    main = dict(lf.group_by("key", maintain_order=True).first().select("key", "lf_key").iter_rows())
    senses = []
    current_key = None
    reps: list = []
    cache: dict[str, tuple] = {}
    for key, lf_key in lf.select("key", "lf_key").iter_rows():
        if key != current_key:
            current_key, reps = key, []
        st = cache.get(lf_key)
        if st is None:
            expanded = re.sub(
                r"[a-z0-9]+",
                lambda m: main.get(m.group(0).rstrip("s"), m.group(0)) if m.group(0).rstrip("s") != key else m.group(0),
                lf_key,
            )
            st = cache[lf_key] = long_form_stems(expanded)
        for i, rep in enumerate(reps):
            if same_sense(st, rep):
                senses.append(i)
                break
        else:
            reps.append(st)
            senses.append(len(reps) - 1)
    return lf.with_columns(pl.Series("sense", senses, dtype=pl.UInt32()))


def singular_expr(lf: pl.Expr) -> pl.Expr:
    """A long form with its last word in the singular (:func:`paperkit.text.singular_last_word_expr`:
    "Graphics Processing Units" -> "Graphics Processing Unit", "Dynamics", "Series" and
    "Analysis" kept), leaving the end of a hyphenated name ("Mixture-of-Experts") and a plural
    after a function word, where it is not the head of the phrase ("Learning from Verifiable
    Rewards", "number of function evaluations")."""
    func = r"(?i)(?:^|\s)(?:" + "|".join(sorted(SKIPPABLE)) + r")\s"
    return pl.when(lf.str.contains(func)).then(lf).otherwise(singular_last_word_expr(lf))
