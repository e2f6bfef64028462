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

The lookup runs once per distinct lower-case word and is cached for the process; callers pass
the distinct words of a batch, never one row per token.

References
----------
Jascob, B. (2019). LemmInflect: a python module for English lemmatization and inflection.
https://github.com/bjascob/LemmInflect
"""

from __future__ import annotations

import functools
import re

import polars as pl

__all__ = ["ADJ", "ADV", "DEGREE", "FINITE", "GERUND", "KNOWN", "NOUN", "PAST", "VERB", "word_classes"]

#: Readings (bit flags of the UInt16 class of a word).
NOUN, VERB, ADJ, ADV = 1, 2, 4, 8
#: Forms of a verb reading: base or third person singular (finite after a subject), ``-ing``, past/participle.
FINITE, GERUND, PAST = 16, 32, 64
#: An adjective reading that is a comparative or superlative ("higher", "best").
DEGREE = 128
#: The word is in the lexicon (else its class comes from its ending).
KNOWN = 256

_OOV_RULES = (
    (re.compile(r"^[a-z]{3,}ly$"), ADV),
    (re.compile(r"^[a-z]{2,}(?:ous|ful|ive|able|ible)$"), ADJ),
    # Coinages the lexicon does not know ("agentic", "multimodal", "photorealistic") name a field
    # as often as they modify a noun: an -al/-ic word may stand alone or end a phrase.
    (re.compile(r"^[a-z]{2,}(?:al|ic)$"), ADJ | NOUN),
    (re.compile(r"^[a-z]{3,}[^e]ed$"), VERB | PAST),
    (re.compile(r"^[a-z]{3,}ing$"), NOUN | VERB | GERUND),
)


@functools.cache
def _lexicon() -> tuple[dict, dict]:
    """lemminflect's word -> {upos: lemmas} table and its overrides (loaded once, ~0.2 s)."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    try:  # the tables behind ``lemminflect.getAllLemmas``, read without its per-call deep copy
        return lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()
    except AttributeError:  # pragma: no cover - a future lemminflect without them
        return _PublicLexicon(), {}


class _PublicLexicon:
    def get(self, word, default=None):
        from lemminflect import getAllLemmas

        return getAllLemmas(word) or default


@functools.lru_cache(maxsize=None)
def _word_class(word: str) -> int:
    """The class bits of one lower-case word (cached per process)."""
    last = word.rsplit("-", 1)[-1] if "-" in word.strip("-") else word
    table, overrides = _lexicon()
    readings = table.get(last)
    extra = overrides.get(last)
    if extra:
        readings = {**(readings or {}), **extra}
    if not readings:
        for pattern, bits in _OOV_RULES:
            if pattern.match(last):
                return bits
        return NOUN if re.fullmatch(r"[a-z]+", last) else 0
    bits = KNOWN
    if "NOUN" in readings or "PROPN" in readings:
        bits |= NOUN
    if "ADJ" in readings:
        bits |= ADJ
        if last not in readings["ADJ"]:
            bits |= DEGREE
    if "ADV" in readings:
        bits |= ADV
    if "VERB" in readings:
        bits |= VERB
        lemmas = readings["VERB"]
        if last in lemmas:
            bits |= FINITE
        elif last.endswith("ing"):
            bits |= GERUND
        elif last.endswith("s") and not last.endswith("ss") and any(last.startswith(lemma[:-1]) for lemma in lemmas):
            bits |= FINITE
        else:
            bits |= PAST
    return bits


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
    distinct = low.unique()
    classes = [_word_class(w) for w in distinct.to_list()]  # one lookup per distinct word
    return low.replace_strict(distinct, pl.Series(classes, dtype=pl.UInt16), return_dtype=pl.UInt16).alias("pos")
