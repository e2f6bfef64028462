"""Part-of-speech classes of word types from a lexicon, offline: no tagger, no context.

Each distinct lower-case word gets the set of parts of speech the ``lemminflect`` lexicon (MIT
licence; about 70,000 English words with their readings and lemmas) allows it, as bit flags:
"model" is :data:`NOUN` and :data:`VERB`, "excellent" :data:`ADJ`, "prematurely" :data:`ADV`.
A word's verb reading also tells its form: the base form ("declare", which is finite after a
subject), the third person singular ("creates") and the past or participle ("built",
"supervised") differ in what they may do in a noun phrase. Comparatives and superlatives
("higher", "best": an adjective reading whose lemma is another word) get :data:`DEGREE`.

Words the lexicon does not know (technical words, most compounds) are classed by their ending:
``-ly`` adverbs, ``-ous/-ful/-ive/-able/-ible/-al/-ic`` adjectives, ``-ed`` participles,
anything else a noun (an unknown lower-case word in an abstract is most often a technical noun:
"tokenizer", "finetuning"). A hyphenated compound takes the class of its last part ("fine-tuned"
is a participle, "text-to-image" a noun).

The lexicon's classes are shipped as a table (``resources/word_classes.tsv``, made from
lemminflect by ``tools/make_word_classes.py``), so nothing is loaded but that file; the lookup is
one join per distinct lower-case word, and the ending rules are polars expressions.

References
----------
Jascob, B. (2019). LemmInflect: a python module for English lemmatization and inflection.
https://github.com/bjascob/LemmInflect
"""

from __future__ import annotations

import functools
from importlib import resources

import polars as pl

__all__ = ["ADJ", "ADV", "DEGREE", "FINITE", "GERUND", "KNOWN", "NOUN", "PAST", "VERB", "word_class", "word_classes"]

#: Readings (bit flags of the UInt16 class of a word).
NOUN, VERB, ADJ, ADV = 1, 2, 4, 8
#: Forms of a verb reading: base or third person singular (finite after a subject), ``-ing``, past/participle.
FINITE, GERUND, PAST = 16, 32, 64
#: An adjective reading that is a comparative or superlative ("higher", "best").
DEGREE = 128
#: The word is in the lexicon (else its class comes from its ending).
KNOWN = 256

_OOV_RULES = (
    (r"^[a-z]{3,}ly$", ADV),
    (r"^[a-z]{2,}(?:ous|ful|ive|able|ible)$", ADJ),
    # Coinages the lexicon does not know ("agentic", "multimodal", "photorealistic") name a field
    # as often as they modify a noun: an -al/-ic word may stand alone or end a phrase.
    (r"^[a-z]{2,}(?:al|ic)$", ADJ | NOUN),
    (r"^[a-z]{3,}[^e]ed$", VERB | PAST),
    (r"^[a-z]{3,}ing$", NOUN | VERB | GERUND),
)


@functools.cache
def _table() -> pl.DataFrame:
    """``word, bits`` of the lexicon's lower-case words (``resources/word_classes.tsv``, ~20 ms)."""
    data = resources.files("paperkit.resources").joinpath("word_classes.tsv").read_bytes()
    return pl.read_csv(data, separator="\t", comment_prefix="#", has_header=False, new_columns=["word", "bits"],
                       schema_overrides={"word": pl.String, "bits": pl.UInt16}, quote_char=None)


def _oov_class(word: pl.Expr) -> pl.Expr:
    """The class bits of words the lexicon does not know, from their endings (:data:`_OOV_RULES`)."""
    out = pl.when(word.str.contains(r"^[a-z]+$")).then(pl.lit(NOUN, pl.UInt16)).otherwise(pl.lit(0, pl.UInt16))
    for pattern, bits in reversed(_OOV_RULES):  # the first rule that matches wins
        out = pl.when(word.str.contains(pattern)).then(pl.lit(bits, pl.UInt16)).otherwise(out)
    return out


def word_classes(words: pl.Series) -> pl.Series:
    """The part-of-speech class bits (UInt16) of each word, looked up once per distinct lower-case word.

    Parameters
    ----------
    words
        Words (String); case is ignored.

    Returns
    -------
    polars.Series
        ``pos`` (UInt16): the bits :data:`NOUN`, :data:`VERB`, :data:`ADJ`, :data:`ADV`, the verb
        forms :data:`FINITE`, :data:`GERUND`, :data:`PAST`, :data:`DEGREE` and :data:`KNOWN`; 0
        for a null or a token without letters.

    Examples
    --------
    >>> c = word_classes(pl.Series(["declare", "Agents", "prematurely", "built", "higher", "tokenizer"]))
    >>> [(c[i] & NOUN > 0, c[i] & VERB > 0, c[i] & ADV > 0) for i in range(3)]
    [(False, True, False), (True, False, False), (False, False, True)]
    >>> bool(c[0] & FINITE), bool(c[3] & PAST), bool(c[4] & DEGREE), c[5] == NOUN
    (True, True, True, True)
    """
    low = words.cast(pl.String).str.to_lowercase().fill_null("")
    # One lookup per distinct word: a hyphenated compound is classed by its last part.
    distinct = pl.DataFrame({"word": low.unique()}).with_columns(
        last=pl.when(pl.col("word").str.strip_chars("-").str.contains("-"))
        .then(pl.col("word").str.split("-").list.last()).otherwise(pl.col("word")))
    classes = distinct.join(_table().rename({"word": "last"}), on="last", how="left").with_columns(
        pl.col("bits").fill_null(_oov_class(pl.col("last"))))
    return low.replace_strict(classes["word"], classes["bits"], return_dtype=pl.UInt16).alias("pos")


@functools.cache
def _lexicon() -> dict[str, int]:
    """``{word: bits}`` of the lexicon, for one-word look-ups from Python."""
    table = _table()
    return dict(zip(table["word"].to_list(), table["bits"].to_list()))


@functools.lru_cache(maxsize=65_536)
def word_class(word: str) -> int:
    """The class bits of one word: :func:`word_classes` for a single word, without a polars
    query per call (for per-row Python code such as the title-name rules); case is ignored.

    Examples
    --------
    >>> bool(word_class("Unlearning") & GERUND), bool(word_class("expands") & FINITE)
    (True, True)
    >>> word_class("photorealistic") == word_classes(pl.Series(["photorealistic"]))[0]
    True
    """
    low = word.lower()
    last = low.split("-")[-1] if "-" in low.strip("-") else low
    bits = _lexicon().get(last)
    return int(bits) if bits is not None else int(word_classes(pl.Series([low]))[0])

