"""Tokenization, stop lists and the folding of phrase variants to one key.

Two modules: :mod:`paperkit.text.tokens` (tokens, sentences, stop lists, enumerators) and
:mod:`paperkit.text.folding` (plurals, British spellings, the key of a phrase, stemming); both
are imported here, so ``from paperkit.text import fold_key`` is the way to use them.

Everything here works without downloaded NLTK data: tokens come from a regular expression
(the same one for :func:`tokenize`, a thin wrapper over :class:`nltk.tokenize.RegexpTokenizer`,
and for :func:`token_frame`, which tokenizes a whole corpus with polars expressions), the
stop lists ship with the package in ``paperkit/resources/stopwords_*.txt``, and stemming is
NLTK's Porter stemmer, which needs no data.

Folding
-------
Two phrases are the *same term* when their keys are equal. The key of a phrase is
:func:`fold_key`: lower case, hyphens, apostrophes and spaces removed, and each word made
singular by a few suffix rules (``-ies`` to ``-y``, ``-sses``/``-ches``/``-shes``/``-xes`` lose
``-es``, a final ``-s`` after a consonant or vowel other than ``s``/``u``/``i`` is dropped; Latin
and Greek plurals by suffix, ``-yses``/``-eses`` to ``-ysis``/``-esis``, ``-omena`` to ``-omenon``,
``-hedra`` to ``-hedron``, ``-ae`` to ``-a``, and a small table where English is irregular:
"matrices" to "matrix" but "indices" to "index", "criteria", "corpora", "radii"; "data" stays). So
"fine-tuning", "Fine tuning" and "finetuning" share the key ``finetuning``; "Large Language
Models" and "large language model" share ``largelanguagemodel``.

Where a suffix rule cannot tell two readings apart ("-ies" is "-y" in "strategies" but "-ie" in
"movies"; "-ses" is "-s" + "es" in "buses" but "-se" + "s" in "purposes"; "-ches" in "caches",
"-zzes" in "quizzes", "-oes" in "echoes", "-ves" in "halves"), a lexicon decides: the words the
rules get wrong are looked up in ``resources/singulars.tsv`` (written by
``tools/make_singulars.py`` from the LemmInflect lexicon and the wordfreq list), a few hundred
rows, so the polars form stays one ``replace`` per word. The plural of an acronym has its own
rule (:func:`acronym_singular_expr`: "LLMs" -> "LLM", "RLS" kept).
"""

from paperkit.text.folding import (
    ACRONYM_PLURAL,
    WORD_JOINER,
    acronym_singular,
    acronym_singular_expr,
    fold_key,
    fold_key_expr,
    plural_last_word_expr,
    plural_pattern,
    porter_stem_phrase,
    singular_last_word_expr,
    singular_word,
    stem_word,
    word_key_expr,
)
from paperkit.text.tokens import (
    ENUMERATOR,
    NOT_A_TOPIC,
    ROMAN_NUMERAL,
    TOKEN_PATTERN,
    sentences,
    stopwords,
    token_frame,
    tokenize,
)

__all__ = [
    "ACRONYM_PLURAL",
    "ENUMERATOR",
    "NOT_A_TOPIC",
    "ROMAN_NUMERAL",
    "TOKEN_PATTERN",
    "WORD_JOINER",
    "acronym_singular",
    "acronym_singular_expr",
    "fold_key",
    "fold_key_expr",
    "plural_last_word_expr",
    "plural_pattern",
    "porter_stem_phrase",
    "sentences",
    "singular_last_word_expr",
    "singular_word",
    "stem_word",
    "stopwords",
    "token_frame",
    "tokenize",
    "word_key_expr",
]
