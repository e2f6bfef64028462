"""General-English word frequencies: how *specific* a term is, as opposed to everyday English.

A trend list is only useful when its terms name topics. Single words that are common in any
English text ("state", "budget", "points", "close") rise and fall with the wording of a season's
abstracts, not with its topics. This module tells them apart with a shipped background list: the
Zipf frequency of about 51,000 lower-case English words (``resources/english_zipf.tsv``, from
``wordfreq``'s blend of Wikipedia, subtitles, news, books, web text, Twitter and Reddit; CC BY-SA
4.0). The Zipf scale is :math:`\\log_{10}` of occurrences per billion words: 6 is once per
thousand words ("new", "work"), 3 once per million ("distillation"), and a word missing from the
list is rarer than 2.5.

The rule
--------
A term is **general English** when it is one word (a hyphenated compound counts only when
the list has it whole), written without capitals after its first
letter and without digits (so not an acronym or a name such as "GPT-5" or "LoRA"), and the word
(or, failing that, its singular) has a Zipf frequency of at least :data:`GENERAL_ZIPF` = 4.0, i.e.
at least 10 occurrences per million words of everyday English. Multi-word terms are never
general: a phrase that recurs across papers is a unit of the field ("language models",
"test-time scaling") even when each of its words is common.

:func:`term_specificity` gives the Zipf frequency and the class per term;
:func:`paperkit.trends.rising_terms` ranks specific terms before general words, and the trend
sections of the report choose specific terms to follow.

References
----------
Speer, R. (2022). rspeer/wordfreq: v3.0. Zenodo. https://doi.org/10.5281/zenodo.7199437
Ahmad, K., Gillam, L. & Tostevin, L. (1999). University of Surrey participation in TREC-8:
weirdness indexing for logical document extrapolation and retrieval. *TREC-8*.
"""

from __future__ import annotations

import functools
from importlib import resources

import polars as pl

from paperkit.text import word_key_expr

__all__ = ["GENERAL_ZIPF", "english_zipf", "english_zipf_table", "is_general_english", "term_specificity"]

#: Zipf frequency (log10 per billion words) from which a single word counts as general English.
GENERAL_ZIPF = 4.0
#: Zipf frequency given to a word missing from the shipped list (the list stops at 2.5).
MISSING_ZIPF = 2.0

# One word: letters (any script), inner hyphens or apostrophes.
_ONE_WORD = r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$"
# Written like a name or an acronym: a capital after the first character ("LoRA", "iPhone").
_INNER_CAPITAL = r"^.+\p{Lu}"


@functools.cache
def english_zipf_table() -> pl.DataFrame:
    """The shipped everyday-English frequency list: ``word`` (lower case), ``zipf`` (Float64).

    Read lazily from ``resources/english_zipf.tsv`` once and cached (the keyword vocabulary joins
    it to describe words).

    Examples
    --------
    >>> table = english_zipf_table()
    >>> table.columns, table.height > 50_000
    (['word', 'zipf'], True)
    """
    data = resources.files("paperkit.resources").joinpath("english_zipf.tsv").read_bytes()
    return pl.read_csv(data, separator="\t", comment_prefix="#", has_header=False, new_columns=["word", "zipf"],
                       schema_overrides={"word": pl.String, "zipf": pl.Float64}, quote_char=None)


def english_zipf(words: list[str] | pl.Series) -> pl.Series:
    """The Zipf frequency of each word in everyday English (lower-cased; missing: 2.0).

    Parameters
    ----------
    words
        Single words.

    Returns
    -------
    polars.Series
        ``zipf`` (Float64), one value per input word, in input order.

    Examples
    --------
    >>> english_zipf(["state", "distillation", "GRPO"]).to_list()
    [5.78, 3.01, 2.0]
    """
    s = pl.Series("word", words, dtype=pl.String)
    frame = pl.DataFrame({"word": s.str.to_lowercase()}).with_row_index("_i")
    out = frame.join(english_zipf_table(), on="word", how="left").sort("_i")
    return out["zipf"].fill_null(MISSING_ZIPF).rename("zipf")


def term_specificity(terms: list[str] | pl.Series) -> pl.DataFrame:
    """For each term: its number of words, its English Zipf frequency, and whether it is general English.

    Parameters
    ----------
    terms
        Terms as displayed (e.g. the ``term`` column of :func:`paperkit.keywords.paper_terms`).

    Returns
    -------
    polars.DataFrame
        ``term``, ``words`` (UInt32), ``english_zipf`` (Float64; null for multi-word terms,
        hyphenated compounds missing from the list, names, acronyms and words with digits), ``general`` (Boolean, see the module notes);
        one row per input term, in input order (duplicates kept).

    Examples
    --------
    >>> term_specificity(["budget", "agentic", "test-time scaling", "GRPO", "Points"]).rows()
    [('budget', 1, 4.82, True), ('agentic', 1, 2.0, False), ('test-time scaling', 2, None, False), ('GRPO', 1, None, False), ('Points', 1, 5.23, True)]
    """
    s = pl.Series("term", terms, dtype=pl.String)
    frame = pl.DataFrame({"term": s}).with_row_index("_i")
    term = pl.col("term")
    plain = term.str.contains(_ONE_WORD) & ~term.str.contains(_INNER_CAPITAL)
    frame = frame.with_columns(
        term.str.count_matches(r"[^\s]+").cast(pl.UInt32).alias("words"),
        pl.when(plain).then(term.str.to_lowercase()).alias("_w"),
    )
    words = frame.select("_w").drop_nulls().unique()
    zipf = _word_zipf(words)
    frame = frame.join(zipf, on="_w", how="left").sort("_i")
    return frame.select(
        "term", "words", pl.col("_z").alias("english_zipf"),
        (pl.col("_z").fill_null(0.0) >= GENERAL_ZIPF).alias("general"),
    )


def _word_zipf(words: pl.DataFrame) -> pl.DataFrame:
    """``[_w, _z]``: the Zipf frequency of lower-case words ``_w``, as written or else as singular.

    A hyphenated compound ("long-horizon", "multi-agent") is looked up whole: when it is not
    in the list it is a unit of the field, like a multi-word term, and gets null (not general)
    however common its parts are."""
    table = english_zipf_table()
    return (
        words.with_columns(pl.when(~pl.col("_w").str.contains("-")).then(word_key_expr(pl.col("_w"))).alias("_k"))
        .join(table.rename({"word": "_w", "zipf": "_z1"}), on="_w", how="left")
        .join(table.rename({"word": "_k", "zipf": "_z2"}), on="_k", how="left")
        .select("_w", pl.when(pl.col("_w").str.contains("-")).then(pl.col("_z1"))
                .otherwise(pl.coalesce("_z1", "_z2", pl.lit(MISSING_ZIPF))).alias("_z"))
    )


def is_general_english(term: str) -> bool:
    """Whether one term is a single general-English word (the rule of :func:`term_specificity`).

    Examples
    --------
    >>> [is_general_english(t) for t in ["strongest", "frozen", "rollouts", "KV cache", "MCP"]]
    [True, True, False, False, False]
    """
    if not isinstance(term, str):
        raise TypeError(f"term must be a string, got {type(term).__name__}")
    return bool(term_specificity([term])["general"][0])

