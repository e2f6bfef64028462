"""Tokenization, stop lists and the folding of phrase variants to one key.

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
``-es``, a final ``-s`` after a consonant or vowel other than ``s``/``u``/``i`` is dropped). So
"fine-tuning", "Fine tuning" and "finetuning" share the key ``finetuning``; "Large Language
Models" and "large language model" share ``largelanguagemodel``.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import polars as pl

__all__ = [
    "TOKEN_PATTERN",
    "fold_key",
    "fold_key_expr",
    "porter_stem_phrase",
    "sentences",
    "stopwords",
    "token_frame",
    "tokenize",
]

#: A token: a word (letters/digits, inner hyphens and apostrophes kept: "fine-tuning",
#: "GPT-4", "don't") or one punctuation character.
TOKEN_PATTERN = r"\w+(?:[-'’]\w+)*|[^\w\s]"

_STOP_FILES = {
    "english": "stopwords_en.txt",
    "abstracts": "stopwords_abstracts.txt",
    "generic": "stopwords_generic.txt",
    "verbs": "verbs_abstracts.txt",
}

# Singular forms, as (regex, replacement) pairs applied in order to a lower-case word.
_SINGULAR_RULES = [
    (r"^(\w{2,}[^aeiou])ies$", "${1}y"),
    (r"^(\w{2,}(?:ss|sh|ch|x|z))es$", "${1}"),
    (r"^(\w{2,}[^sui'])s$", "${1}"),
]
_NOT_PLURAL = ["series", "species", "news", "always", "lens", "physics", "mathematics", "ethics", "economics",
               "robotics", "statistics", "analytics", "semantics", "dynamics", "kinetics", "genomics", "linguistics",
               "graphics", "electronics", "optics", "logistics", "metrics", "its", "this", "has", "was", "does", "is"]


@functools.cache
def stopwords(kind: str = "english") -> frozenset[str]:
    """A shipped stop list, read lazily from ``paperkit/resources`` and cached.

    Parameters
    ----------
    kind
        ``"english"`` (function words), ``"abstracts"`` (words that carry no topic in research
        abstracts: "propose", "paper", "results", "novel", ...), ``"generic"`` (generic head
        nouns such as "method", "model", "framework": a phrase may end with one but never is
        one alone), ``"verbs"`` (verbs of the genre, found from the bundled abstracts) or
        ``"all"`` (the union).

    Returns
    -------
    frozenset of str
        Lower-case words.

    Examples
    --------
    >>> "the" in stopwords("english"), "propose" in stopwords("abstracts")
    (True, True)
    >>> "method" in stopwords("generic"), "method" in stopwords("english")
    (True, False)
    """
    if kind == "all":
        return frozenset().union(*(stopwords(k) for k in _STOP_FILES))
    if kind not in _STOP_FILES:
        raise ValueError(f"unknown stop list {kind!r}; expected one of {sorted(_STOP_FILES) + ['all']}")
    text = resources.files("paperkit.resources").joinpath(_STOP_FILES[kind]).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(w for w in words if w)


@functools.cache
def _tokenizer():
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(TOKEN_PATTERN)


def tokenize(text: str | None) -> list[str]:
    """Split one text into word and punctuation tokens (:data:`TOKEN_PATTERN`).

    Examples
    --------
    >>> tokenize("We fine-tune GPT-4 (and LLaMA-2) on 3D scenes.")
    ['We', 'fine-tune', 'GPT-4', '(', 'and', 'LLaMA-2', ')', 'on', '3D', 'scenes', '.']
    >>> tokenize(None)
    []
    """
    if not text:
        return []
    return _tokenizer().tokenize(text)


def _word_key_expr(word: pl.Expr) -> pl.Expr:
    """Key of single lower-case or mixed-case words (no spaces): the folding of one word."""
    low = word.str.to_lowercase()
    out = low
    for pattern, repl in _SINGULAR_RULES:
        out = out.str.replace(pattern, repl)
    out = pl.when(low.is_in(_NOT_PLURAL)).then(low).otherwise(out)
    return out.str.replace_all(r"[-'’]", "")


def fold_key_expr(phrase: pl.Expr) -> pl.Expr:
    """The key of each phrase in a column (the expression form of :func:`fold_key`).

    Examples
    --------
    >>> df = pl.DataFrame({"p": ["Fine-Tuning", "fine tuning", "finetuning", "Large Language Models", None]})
    >>> df.select(fold_key_expr(pl.col("p")))["p"].to_list()
    ['finetuning', 'finetuning', 'finetuning', 'largelanguagemodel', None]
    """
    words = phrase.str.extract_all(r"\w+(?:[-'’]\w+)*")
    keys = words.list.eval(_word_key_expr(pl.element())).list.join("")
    return pl.when(phrase.is_not_null()).then(keys)


def fold_key(phrase: str | None) -> str | None:
    """The folding key of one phrase: variants of one term share it (see the module notes).

    Examples
    --------
    >>> [fold_key(p) for p in ["LLMs", "LLM", "fine-tuning", "Fine tuning", "strategies", "processes"]]
    ['llm', 'llm', 'finetuning', 'finetuning', 'strategy', 'process']
    >>> fold_key("analysis") == fold_key("Analysis"), fold_key("series")
    (True, 'series')
    """
    if phrase is None:
        return None
    frame = pl.DataFrame({"p": [phrase]}, schema={"p": pl.String()})
    return frame.select(fold_key_expr(pl.col("p")))["p"][0]


@functools.cache
def _porter():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def porter_stem_phrase(phrase: str) -> str:
    """Lower-case a phrase, split it on white space and Porter-stem each word.

    The normalisation of the pke evaluation protocol (used by :mod:`paperkit.evaluation.keyphrases`).

    Examples
    --------
    >>> porter_stem_phrase("Neural  Networks")
    'neural network'
    """
    stem = _porter().stem
    return " ".join(stem(w) for w in phrase.lower().split())


_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
_ABBREV_END_RE = re.compile(r"(?:\b(?:e\.g|i\.e|et al|vs|cf|Fig|Eq|Sec|Tab|resp|approx|etc|No)\.)$", re.IGNORECASE)


def sentences(text: str | None) -> list[str]:
    """Split a text into sentences at ``.``, ``!`` or ``?`` followed by a capital or digit.

    Examples
    --------
    >>> sentences("We study LoRA. It adapts LLMs, e.g. GPT-3. Code is public!")
    ['We study LoRA.', 'It adapts LLMs, e.g. GPT-3.', 'Code is public!']
    """
    if not text:
        return []
    out: list[str] = []
    for piece in _SENTENCE_RE.split(text):
        piece = piece.strip()
        if out and _ABBREV_END_RE.search(out[-1]):
            out[-1] = out[-1] + " " + piece
        elif piece:
            out.append(piece)
    return out


def token_frame(docs: pl.DataFrame, *, text: str = "text", doc: str = "doc") -> pl.DataFrame:
    """Tokenize a column of texts into one row per token, with polars expressions only.

    Every text is followed by one ``"\\n"`` boundary token, so a window over consecutive rows
    never joins the end of one text with the start of the next.

    Parameters
    ----------
    docs
        A frame with a text column and a document id column.
    text, doc
        Their names.

    Returns
    -------
    polars.DataFrame
        ``doc``, ``pos`` (UInt32, 0-based token index within the text), ``token`` (String).

    Examples
    --------
    >>> docs = pl.DataFrame({"doc": [1, 2], "text": ["LoRA adapts LLMs.", None]})
    >>> token_frame(docs).rows()
    [(1, 0, 'LoRA'), (1, 1, 'adapts'), (1, 2, 'LLMs'), (1, 3, '.'), (1, 4, '\\n'), (2, 0, '\\n')]
    """
    toks = docs.select(
        pl.col(doc),
        pl.concat_list(
            pl.col(text).fill_null("").str.extract_all(TOKEN_PATTERN),
            pl.lit(["\n"], dtype=pl.List(pl.String())),
        ).alias("token"),
    )
    return (
        toks.with_columns(pl.col("token").list.len().alias("_n"))
        .with_columns((pl.col("_n").cum_sum() - pl.col("_n")).alias("_start"))
        .explode("token")
        .with_row_index("_row")
        .select(
            pl.col(doc),
            (pl.col("_row") - pl.col("_start")).cast(pl.UInt32).alias("pos"),
            pl.col("token"),
        )
    )
