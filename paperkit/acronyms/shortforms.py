"""What a short form looks like: :func:`is_acronym` and the :class:`Definition` record.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from paperkit.acronyms.patterns import (
    ACRONYM_RE,
    DOTTED_RE,
    MAX_SF_CHARS,
    REMARK_RE,
    ROMAN_RE,
    SF_SHAPE_RE,
)


@dataclass(frozen=True)
class Definition:
    """One acronym definition found in a text (the scalar output of :func:`extract_definitions`).

    ``sf_start``/``sf_end`` and ``lf_start``/``lf_end`` are character offsets into the text;
    ``pattern`` is ``"long_short"`` ("Low-Rank Adaptation (LoRA)") or ``"short_long"``
    ("LoRA (Low-Rank Adaptation)").
    """

    short_form: str
    long_form: str
    pattern: str
    sf_start: int
    sf_end: int
    lf_start: int
    lf_end: int


def is_acronym(token: str) -> bool:
    """Whether a token has the shape of an acronym or abbreviation used in research text.

    Two to twelve characters of letters, digits and ``- / + & . '``, at least one letter, and
    capitals that carry the word: at least two capitals (or one capital with a digit: "3D",
    "E2E"), and a lower-case ending only for a plural "s" ("LLMs") or after a capital inside
    the token ("LoRA" ends in capitals; "XGBoost" has three capitals before "oost"). Units and
    ordinary words ("GHz", "Ph.D", "Transformer", "the") are not acronyms.

    Parameters
    ----------
    token
        One token, without surrounding punctuation.

    Returns
    -------
    bool

    Examples
    --------
    >>> [is_acronym(t) for t in ["LoRA", "LLMs", "TF-IDF", "3D", "I/O", "E2E", "XGBoost", "PrEP"]]
    [True, True, True, True, True, True, True, True]
    >>> [is_acronym(t) for t in ["GHz", "Ph.D", "", "Transformer", "the", "2023", "A"]]
    [False, False, False, False, False, False, False]
    """
    if not token or not ACRONYM_RE.match(token) or DOTTED_RE.search(token):
        return False
    upper = sum(c.isupper() for c in token)
    digits = sum(c.isdigit() for c in token)
    lower = sum(c.islower() for c in token)
    if upper == 0 or (upper == 1 and digits == 0):
        return False
    if upper + lower == 0:
        return False
    last = token[-1]
    if last.islower():
        # trailing lower-case run
        k = len(token)
        while k > 0 and token[k - 1].islower():
            k -= 1
        run = token[k:]
        if run == "s" and upper >= 2:
            return True
        if k > 0 and token[k - 1].isdigit():  # "GPT-4o", "YOLOv8n"
            return True
        # capitals must outnumber the lower-case tail ("XGBoost": XGB + oost is allowed as camel)
        return upper >= 3 and token[0].isupper() and upper + digits >= len(run) - 1
    return lower <= upper + digits


is_acronym_cached = lru_cache(maxsize=1 << 16)(is_acronym)  # short forms recur across abstracts


def is_acronym_expr(token: pl.Expr) -> pl.Expr:
    """:func:`is_acronym` as a polars expression: the same rule for a whole column at once.

    Parameters
    ----------
    token
        An expression of strings, one token each.

    Returns
    -------
    polars.Expr
        Boolean, ``False`` for a null token.

    Examples
    --------
    >>> import polars as pl
    >>> tokens = pl.Series(["LoRA", "LLMs", "GPT-4o", "XGBoost", "GHz", "MixFormer", "LLM-based", "the"])
    >>> pl.select(is_acronym_expr(pl.lit(tokens))).to_series().to_list()
    [True, True, True, True, False, False, False, False]
    >>> [is_acronym(t) for t in tokens]
    [True, True, True, True, False, False, False, False]
    """
    upper = token.str.count_matches(r"[A-Z]").cast(pl.Int32())
    digits = token.str.count_matches(r"[0-9]").cast(pl.Int32())
    lower = token.str.count_matches(r"[a-z]").cast(pl.Int32())
    run = token.str.extract(r"([a-z]+)$", 1)  # the trailing lower-case run, null when there is none
    shape = token.str.contains(ACRONYM_RE.pattern) & ~token.str.contains(DOTTED_RE.pattern)
    capitals = (upper >= 2) | ((upper == 1) & (digits >= 1))
    tail = (
        ((run == "s") & (upper >= 2))  # "LLMs"
        | token.str.contains(r"[0-9][a-z]+$")  # "GPT-4o", "YOLOv8n"
        | ((upper >= 3) & token.str.contains(r"^[A-Z]") & (upper + digits >= run.str.len_chars().cast(pl.Int32()) - 1))
    )
    ending = pl.when(run.is_null()).then(lower <= upper + digits).otherwise(tail)
    return (shape & capitals & ending).fill_null(False)


@lru_cache(maxsize=1 << 16)
def sf_ok(sf: str) -> bool:
    """Could ``sf`` (the text inside parentheses) be a short form at all?"""
    if len(sf) == 1:
        return sf.isalpha()
    if len(sf) > MAX_SF_CHARS + 3 or not SF_SHAPE_RE.match(sf):
        return False
    if not any(c.isupper() or c.isdigit() for c in sf) and (len(sf) > 5 or not sf.isalpha() or ROMAN_RE.match(sf)):
        return False  # lower case: one short word ("wt", "dsf"), not "(ii)" or "(one-to-many)"
    if not any(c.isalpha() for c in sf) or DOTTED_RE.search(sf):
        return False
    if REMARK_RE.match(sf) and not sf.isupper():  # "(see ...)", but "(OR)" = operating room
        return False
    return True
