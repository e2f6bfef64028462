"""Tokens, sentences, stop lists and list enumerators, without downloaded NLTK data.

Tokens come from one regular expression (:data:`TOKEN_PATTERN`), the same for :func:`tokenize`
(a thin wrapper over :class:`nltk.tokenize.RegexpTokenizer`) and for :func:`token_frame`, which
tokenizes a whole corpus with polars expressions; the stop lists ship with the package in
``paperkit/resources/stopwords_*.txt``.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import polars as pl

__all__ = ["ENUMERATOR", "NOT_A_TOPIC", "ROMAN_NUMERAL", "TOKEN_PATTERN", "sentences", "stopwords", "token_frame",
           "tokenize"]

#: A token: a word (letters/digits, inner hyphens and apostrophes kept: "fine-tuning",
#: "GPT-4", "don't") or one punctuation character.
TOKEN_PATTERN = r"\w+(?:[-'’]\w+)*|[^\w\s]"

#: A Roman numeral up to 39, any case ("ii", "IV", "xii"): the list enumerators of abstracts
#: ("(i) ... (ii) ..."). A regex fragment, to anchor as needed.
ROMAN_NUMERAL = r"(?i:x{0,3}(?:ix|iv|v?i{0,3}))"
#: Enumerators of lists, "(i) ... (ii) ...", "(a)": never a topic (a regex on the whole term).
ENUMERATOR = rf"(?i)^(?:{ROMAN_NUMERAL}|[a-h])$"
#: Terms that are never topics: list enumerators ("ii", "(b)") and quantities ("10B", "256x256", "1st").
NOT_A_TOPIC = rf"(?i)^(?:{ROMAN_NUMERAL}|[a-h]|\d[\w.,]*)$"

# TOKEN_PATTERN, or the "\n" that ends a text (the boundary token of :func:`token_frame`).
_BOUNDED_PATTERN = TOKEN_PATTERN + r"|\n\z"

_STOP_FILES = {
    "english": "stopwords_en.txt",
    "abstracts": "stopwords_abstracts.txt",
    "generic": "stopwords_generic.txt",
    "verbs": "verbs_abstracts.txt",
}


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
    from nltk.tokenize import RegexpTokenizer  # deferred: nltk takes a second to import; token_frame needs none

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
    # The streaming engine runs the regex over morsels of the column on every core (an eager
    # string expression runs on one core). The boundary token is a "\n" appended to each text
    # that the pattern takes at the very end only (a list concatenation after the regex copied
    # every token again).
    toks = docs.lazy().select(
        pl.col(doc),
        (pl.col(text).fill_null("") + "\n").str.extract_all(_BOUNDED_PATTERN).alias("token"),
    ).collect(engine="streaming")
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
