"""Acronyms: definitions in text, their mentions, a corpus-wide glossary and canonical terms.

Method
------
Definitions are found with the Schwartz & Hearst (2003) algorithm, extended where research
abstracts show it falls short, with strategies from Ab3P (Sohn et al. 2008):

* **Candidates** are every ``(`` (or ``[``) in a title or abstract, found for the whole column
  at once with polars (split on ``(``, offsets from cumulative lengths), and kept only when the
  text inside looks like a short form whose first letter starts one of the words before it
  (*long form (SF)*), when the word before looks like an acronym (*SF (long form)*), or when the
  inside reads "long form, SF".
* **The fast path** decides the common cases in polars too (:func:`_fast_definitions`, with
  a scalar twin :func:`_fast_match` that gives the same answers): the short form's letters, or
  its chunks ("LoRA" -> "Lo", "R", "A"), start the last words or hyphen parts before the
  parenthesis, all of them ("Mixture of Experts (MoE)") or all but function words
  ("Reinforcement Learning from Human Feedback (RLHF)"); or the short form is spelled inside
  the one word before it ("autoregressive (AR)", :func:`_fast_in_word`). About 86% of the
  definitions in arXiv abstracts are decided there.
* **The rest** is decided in Python on a bounded window of text each (after a polars test that
  the short form's letters occur in order before it; each distinct window decided once), so
  extraction stays linear in the length of the corpus. :func:`extract_definitions` is the
  reference: :func:`find_acronyms` finds the same definitions at the same offsets.
  Matching: characters of the short form are matched right to left in the
  candidate long form (at most ``min(|SF| + 5, 2 |SF|)`` words, not crossing a clause
  boundary; parentheses inside a word such as "poly(A)" are kept), the first one at the start
  of a word. Extensions: a first letter taken from inside a camel-case word ("eXtreme Gradient
  Boosting (XGBoost)"); plural short forms ("LLMs"); digits read as number words
  ("text-to-image (T2I)") or matched to the same number ("protein 22 (PMP22)"); letters placed
  on word starts where possible (an alignment that prefers the shortest long form, letters on
  function words earning nothing); one-letter short forms after the word they abbreviate
  ("phosphorus (P)"); a short form spelled inside the single word before it
  ("proopiomelanocortin (POMC)"); "(long form, SF)"; and checks that reject parenthesised text
  that is not a short form ("(e.g., ...)", "(2023)", "(ours)", "(see ...)", "(Ph.D.)", "(ii)").
* **Title names** ("DyLoRA: ... using Dynamic Search-Free Low-Rank Adaptation") are matched
  capital by capital to word starts after the colon (:func:`title_names`).

Mentions are every use of a defined short form (with its plural and as the head of a hyphenated
compound such as "LoRA-based"), found by splitting the cleaned text on spaces in polars.

References
----------
.. [1] Schwartz, A. S., & Hearst, M. A. (2003). A simple algorithm for identifying abbreviation
   definitions in biomedical text. *Pacific Symposium on Biocomputing* 8, 451-462.
.. [2] Sohn, S., Comeau, D. C., Kim, W., & Wilbur, W. J. (2008). Abbreviation definition
   identification based on automatic precision estimates. *BMC Bioinformatics* 9, 402 (Ab3P).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from paperkit.normalize import validate_papers
from paperkit.text import fold_key

__all__ = [
    "Definition",
    "acronym_glossary",
    "acronym_mentions",
    "acronym_synonyms",
    "canonicalize_terms",
    "extract_definitions",
    "find_acronyms",
    "is_acronym",
    "title_names",
]

# --- regexes and limits, in one place -----------------------------------------------------------
_WINDOW_CHARS = 400  # text before "(" searched for a long form
_INNER_CHARS = 200  # text inside "( ... )" considered
_MAX_SF_CHARS = 10
_MAX_FAST = 10  # longest short form (letters) decided by the fast path
_MAX_PARTS = 16  # words and hyphen parts before "(" looked at by the fast path
_PARTS_CHARS = 160  # ... within this many characters
_BRACKETS = str.maketrans("[]\n\r\t", "()   ")
# Clause boundaries a long form does not cross (searched right to left in the window).
_CUTS = (". ", "; ", ": ", "! ", "? ", ", ", "(", ")", "[", "]", " - ", '"', "=")
_WORD_RE = re.compile(r"\S+")
# Shape of a short form: starts with a letter or digit, at most 10 characters, one or two words.
_SF_SHAPE_RE = re.compile(r"^[A-Za-z0-9][^\s;,]{0,12}(?: [^\s;,]{1,9})?$")
# A dot between letters ("e.g", "Ph.D", "i.e") marks an abbreviation of another kind.
_ROMAN_RE = re.compile(r"^[ivxl]+$")
_DOTTED_RE = re.compile(r"[A-Za-z]\.[A-Za-z]|\.$")
# Words that open a parenthetical remark rather than a long form: "(e.g. ...)", "(see ...)".
_REMARK_RE = re.compile(
    r"^(?:e\.g|i\.e|cf|see|also|including|includ|such|as|for|from|in|on|with|via|or|and|"
    r"a|an|the|this|these|our|we|which|where|when|resp|respectively|ours|vs|et|etc|fig|figure|"
    r"table|eq|sec|section|appendix|http|https|www)\b",
    re.IGNORECASE,
)
# Polars prefilters (Rust regex, linear time).
_PL_INNER_SF = r"^\s*[A-Za-z0-9][^\s;,()]{0,9}(?:\s[^\s;,()]{1,9})?\s*(?:[;,]|$)"
_PL_PREV_SF = r"(?:^|\s)[A-Za-z0-9][^\s()]{0,11}[,;:]*\s*$"
_PL_HAS_UPPER_PREV = r"[A-Z][^\s()]*\s*$"
# Number words a digit in a short form may stand for ("T2I" = text-to-image).
_DIGIT_WORDS = {
    "1": ("one", "first"), "2": ("to", "two", "second"), "3": ("three", "third"), "4": ("for", "four", "fourth"),
    "5": ("five", "fifth"), "6": ("six", "sixth"), "7": ("seven",), "8": ("eight",), "9": ("nine", "ninth"),
}
# Function words a long form may skip (no letter of the short form needed).
_SKIPPABLE = frozenset(
    "a an and as at based by for from in into of on or over the to under using via with without".split()
)

_WORD_PART_RE = re.compile(r"[^\s\-/]+")
_DIGITS_RE = re.compile(r"\d+")
_ACRONYM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/+&.']{1,11}$")


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


# --- the short form ------------------------------------------------------------------------------
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
    if not token or not _ACRONYM_RE.match(token) or _DOTTED_RE.search(token):
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


_is_acronym_cached = lru_cache(maxsize=1 << 16)(is_acronym)  # short forms recur across abstracts


@lru_cache(maxsize=1 << 16)
def _sf_ok(sf: str) -> bool:
    """Could ``sf`` (the text inside parentheses) be a short form at all?"""
    if len(sf) == 1:
        return sf.isalpha()
    if len(sf) > _MAX_SF_CHARS + 3 or not _SF_SHAPE_RE.match(sf):
        return False
    if not any(c.isupper() or c.isdigit() for c in sf) and (len(sf) > 5 or not sf.isalpha() or _ROMAN_RE.match(sf)):
        return False  # lower case: one short word ("wt", "dsf"), not "(ii)" or "(one-to-many)"
    if not any(c.isalpha() for c in sf) or _DOTTED_RE.search(sf):
        return False
    if _REMARK_RE.match(sf) and not sf.isupper():  # "(see ...)", but "(OR)" = operating room
        return False
    return True


# --- matching a short form against a candidate long form ------------------------------------------
@lru_cache(maxsize=1 << 16)
def _letters(sf: str) -> str:
    return "".join(filter(str.isalnum, sf.lower()))


def _sh_start(sf: str, lf: str) -> tuple[int, list[int]] | None:
    """Schwartz-Hearst right-to-left match of ``sf`` in ``lf``.

    Returns the index in ``lf`` where the long form starts and the matched positions, or
    ``None``. The first character of ``sf`` must start a word of ``lf`` (or be a capital inside
    a camel-case word, "eXtreme"); the others may be anywhere, in order.
    """
    s = len(sf) - 1
    i = len(lf) - 1
    matched: list[int] = []
    low = lf.lower()
    while s >= 0:
        c = sf[s]
        if not c.isalnum():
            s -= 1
            continue
        if s == 0:  # jump between occurrences of c (rfind) rather than step through characters
            while i >= 0:
                i = low.rfind(c, 0, i + 1)
                if i <= 0 or not lf[i - 1].isalnum() or (lf[i].isupper() and lf[i - 1].islower()):
                    break
                i -= 1
        else:
            i = low.rfind(c, 0, i + 1)
        if i < 0:
            return None
        matched.append(i)
        i -= 1
        s -= 1
    first = matched[-1] if matched else 0
    start = max(lf.rfind(" ", 0, first), -1) + 1
    matched.reverse()
    return start, matched


def _expand_digits(sf: str) -> list[str]:
    """Variants of the letters of ``sf`` with digits read as number words' initials."""
    out = []
    for d, words in _DIGIT_WORDS.items():
        if d in sf:
            for w in words:
                out.append(sf.replace(d, w[0]))
    return out


_SUBWORD_RE = re.compile(r"(?=[^\W_])[A-Z]*[^\W_A-Z]*")


def _subwords(lf: str) -> list[tuple[int, int, bool]]:
    """Sub-words of ``lf`` as ``(start, end, camel)``: split at spaces, hyphens, slashes and
    camel-case humps; ``camel`` marks a capital inside a word ("eXtreme", "GradNorm")."""
    return [(a, b, a > 0 and lf[a - 1].isalnum()) for a, b in map(re.Match.span, _SUBWORD_RE.finditer(lf))]


_PREFIX_RE = re.compile(r"^(?:(?:[0-9,']+|alpha|beta|gamma|delta|kappa|omega|[A-Za-z]{1,2})-)+$", re.IGNORECASE)


def _word_start(lf: str, i: int, camel: bool) -> int:
    """Where the long form starts when its first letter is ``lf[i]``.

    A capital inside a word ("eXtreme") starts the long form at the word. So does a letter
    after a hyphen when the word starts with the same letter ("Multi-modal LLM (MLLM)") or
    with a chemical locant or prefix ("2,6-diaminopurine (DAP)", "alpha-amino-...").
    """
    ws = lf.rfind(" ", 0, i) + 1
    if camel or ws == i:
        return ws
    if lf[ws].lower() == lf[i].lower() or _PREFIX_RE.match(lf[ws:i]):
        return ws
    return i


def _is_function_word(lf: str, a: int, b: int) -> bool:
    """``lf[a:b]`` is a free-standing function word ("of", "the"), not part of a compound
    such as "in-context" or "end-to-end"."""
    return lf[a:b].lower() in _SKIPPABLE and lf[b:b + 1] != "-" and (a == 0 or lf[a - 1] != "-")


def _initials_match(v: str, lf: str, subs) -> tuple[int, list[int]] | None:
    """Fast path: the letters ``v`` are the initials of the last sub-words of ``lf`` (function
    words may be skipped), e.g. "llm" in "we study large language models"."""
    k = len(v) - 1
    matched = []
    for a, b, camel in reversed(subs):
        if k < 0:
            break
        if lf[a].lower() == v[k] and not (k == 0 and _is_function_word(lf, a, b)):
            matched.append(a)
            k -= 1
            if k < 0:
                matched.reverse()
                return _word_start(lf, a, camel), matched
        elif _is_function_word(lf, a, b):
            continue
        else:
            return None
    return None


def _dp_match(v: str, lf: str, subs) -> tuple[int, list[int]] | None:
    """Alignment of ``v`` to ``lf`` with the most letters on sub-word starts (first letter on
    one), ties broken towards the shortest long form."""
    n, m = len(lf), len(v)
    low = lf.lower()
    starts = {a for a, b, _ in subs if not _is_function_word(lf, a, b)}  # letters on "of", "a" earn nothing
    neg = -1_000_000
    tables = []
    nxt = [0] * (n + 1)
    for i in range(m - 1, 0, -1):
        c = v[i]
        # cur[j] = best score of v[i:] from position j on: constant between occurrences of c,
        # so only those positions are visited and the runs between them filled by slices
        cur = [neg] * (n + 1)
        best = neg
        hi = n
        j = low.rfind(c, 0, n)
        while j >= 0:
            cur[j + 1:hi] = [best] * (hi - j - 1)
            if nxt[j + 1] > neg:
                sc = (2 if j in starts else 0) + nxt[j + 1]
                if sc > best:
                    best = sc
            cur[j] = best
            hi = j
            j = low.rfind(c, 0, j) if j > 0 else -1
        cur[0:hi] = [best] * hi
        tables.append(cur)
        nxt = cur
    tables.reverse()  # tables[i - 1] scores v[i:] from position j on
    best_key, best_start = None, None
    for a, b, camel in subs:
        if low[a] != v[0] or _is_function_word(lf, a, b):
            continue
        rest = nxt[a + 1] if m > 1 else 0
        if rest <= neg:
            continue
        key = (2 + rest, a)
        if best_key is None or key > best_key:
            best_key, best_start = key, (a, camel)
    if best_start is None:
        return None
    a, camel = best_start
    matched = [a]
    j = a + 1
    for i in range(1, m):
        target = tables[i - 1][j]
        nxt_t = tables[i] if i < m - 1 else None
        while True:
            if low[j] == v[i]:
                sc = (2 if j in starts else 0) + (nxt_t[j + 1] if nxt_t is not None else 0)
                if sc == target:
                    break
            j += 1
        matched.append(j)
        j += 1
    return _word_start(lf, a, camel), matched


@lru_cache(maxsize=1 << 16)
def _suffix_split(sf: str) -> tuple[str, str] | None:
    """``sf`` without and with a shared suffix ("LLM-based" -> "LLM", "-based"), else ``None``."""
    m = _SUFFIX_RE.match(sf)
    return (m.group(1), m.group(2)) if m else None


@lru_cache(maxsize=1 << 16)
def _variants(sf: str) -> tuple[str, ...]:
    """The letter strings :func:`_match` tries for ``sf``: its letters, without a plural ``s``,
    with digits read as number words; empty when ``sf`` has no letter or digit."""
    letters = _letters(sf)
    if not letters:
        return ()
    variants = [letters]
    if len(letters) > 2 and sf.endswith("s") and not sf[:-1].endswith("s"):
        variants.append(letters[:-1])
    if any(c.isdigit() for c in letters):
        variants += _expand_digits(letters)
    return tuple(variants)


def _match(sf: str, window: str) -> tuple[int, list[int]] | None:
    """Find the start of the long form of ``sf`` at the end of ``window``.

    Tries the short form's letters as written, without a plural ``s``, and with digits read as
    number words: first as the initials of the last words (fast path), then by an alignment
    that puts as many letters as possible on word starts.
    """
    split = _suffix_split(sf)
    if split is not None and window.endswith(split[1]):
        window = window[: -len(split[1])]
        sf = split[0]
    variants = _variants(sf)
    if not variants:
        return None
    letters = variants[0]
    # cheap exit: no Schwartz-Hearst alignment at all (letters in order, the first on a word start)
    variants = [v for v in variants if v[0] == "x" or _sh_start(v, window) is not None]
    if not variants:
        return None
    subs = _subwords(window)
    if letters[0] == "x":
        # "X" read as "ex-" ("extreme gradient boosting (XGBoost)", "explainable AI (XAI)")
        subs = subs + [(a + 1, b, True) for a, b, _ in subs if window[a:a + 2].lower() == "ex"]
        subs.sort()
    for v in variants:
        m = _initials_match(v, window, subs)
        if m is not None:
            return m
    for v in variants:
        m = _dp_match(v, window, subs)
        if m is not None:
            return m
    return None


_FUNC_SPACED = [f" {w} " for w in sorted(_SKIPPABLE)]
_FUNC_UPPER = [f" {w.upper()} " for w in sorted(_SKIPPABLE)]
_PART_RE = re.compile(r"[A-Za-z0-9]+[^A-Za-z0-9]*")  # a word or hyphen part, with what follows
_WTOK_RE = re.compile(r"\S+\s*")  # a word between spaces, with the spaces after it
_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_FAST_SF_RE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+)*$")
_CHUNK_RE = re.compile(r"^[a-z]+|[A-Z][a-z]*")
_CUT_RE = re.compile(r"[.;:!?,]\s|[()\[\]\"=]|\s-\s")
_TRAIL_RE = re.compile(r"[^A-Za-z0-9]+$")
_ENDS_WORD_RE = re.compile(r"[A-Za-z0-9]\s*$")


def _fast_sf(sf: str) -> tuple[str, list[str]] | None:
    """Letters (singular) and chunks of a short form the fast path can decide, else ``None``:
    letters and hyphens with a capital, at least two chunks ("LoRA" -> "Lo", "R", "A")."""
    if not (2 <= len(sf) <= _MAX_FAST + 2) or not _FAST_SF_RE.match(sf) or sf.islower():
        return None
    letters = sf.replace("-", "")
    if len(letters) > 2 and letters[-1] == "s" and letters[-2].isupper():
        letters = letters[:-1]
    chunks = _CHUNK_RE.findall(letters)
    if not 2 <= len(chunks) <= _MAX_FAST:
        return None
    return letters, chunks


_OPENERS = " \u00a0([{\"\u201c"


def _starts_word(lf: str, before: str) -> bool:
    """A long form begins a word: it starts with a letter or digit, after a space, an opening
    bracket or quote, or the start of the text ("multi-modal large language models (MLLMs)" is
    not read as "modal large language models", whatever character joins "multi" and "modal")."""
    return lf[:1].isascii() and lf[:1].isalnum() and (before.isspace() or before in _OPENERS)


def _fast_match(sf: str, window: str, before: str = " ") -> int | None:
    """The common cases, decided exactly as the polars fast path (:func:`_fast_definitions`).

    ``window`` is the text before "(" (at most ``_PARTS_CHARS``, not crossing another "(");
    ``before`` the character before ``window`` (a space at the start of the text).
    Its last tokens, either words and hyphen parts ("Low", "Rank", "Adaptation") or words
    between spaces ("Multi-modal", "Large", ...), must start with the short form's letters
    ("Chain-of-Thought (CoT)") or with its chunks ("Low-Rank Adaptation (LoRA)", each chunk
    beginning its word), all tokens or all but function words ("Reinforcement Learning from
    Human Feedback (RLHF)"). Returns where the long form starts in ``window``.
    """
    shape = _fast_sf(sf)
    if shape is None or not _ENDS_WORD_RE.search(window):
        return None
    letters, chunks = shape
    for tok_re in (_PART_RE, _WTOK_RE):
        toks = tok_re.findall(window)[-_MAX_PARTS:]
        if not toks:
            continue
        inits, func = [], []
        before = " "
        for t in toks:
            m = _ALNUM_RE.search(t)
            inits.append(m.group(0).lower() if m else "?")
            word = t.rstrip()
            func.append(word.lower() in _SKIPPABLE and before.isspace() and (len(word) == len(t) or t[len(word)].isspace()))
            before = t[-1]
        for want, chunked in ((letters.lower(), False), ("".join(c[0] for c in chunks).lower(), True)):
            n = len(want)
            if len(toks) >= n and not func[-n] and "".join(inits[-n:]) == want:
                k, words = n, toks[-n:]
            else:
                idx = [i for i in range(len(toks)) if not func[i]][-n:]
                if len(idx) < n or "".join(inits[j] for j in idx) != want:
                    continue
                k, words = len(toks) - idx[0], [toks[j] for j in idx]
            if chunked and any(not w.lower().startswith(c.lower()) for c, w in zip(chunks, words)):
                continue
            full = "".join(toks[-k:])
            lf = _TRAIL_RE.sub("", full)
            start = len(window) - len(full)
            if _CUT_RE.search(lf) or len(lf) <= len(sf) or len(lf.split()) > min(n + 5, 2 * n):
                continue
            if not _starts_word(lf, window[start - 1] if start > 0 else before):
                continue
            return start
    return None


def _inside_started_words(lf: str, matched: list[int], starts: set) -> bool:
    """Every matched letter off a word start lies in a word whose first letter is matched too
    ("TESticular Kinase"), not alone inside another word ("b[l]ock")."""
    on = set(matched)
    for p in matched:
        if p in starts:
            continue
        a = max(lf.rfind(" ", 0, p), lf.rfind("-", 0, p)) + 1
        if a not in on:
            return False
    return True


def _long_form_ok(sf: str, lf: str, matched: list[int]) -> bool:
    """Precision checks on a matched long form (beyond Schwartz & Hearst's)."""
    words = lf.split()
    n_letters = len(_letters(sf))
    if len(words) > min(n_letters + 5, 2 * n_letters) or len(lf) <= len(sf):
        return False
    if sf.lower() in (w.lower() for w in _WORD_PART_RE.findall(lf)) or words[0].isdigit():
        return False  # "7 billion parameters (7B)" is a quantity, not a long form
    sf_numbers = set(_DIGITS_RE.findall(sf))
    matched_set = set(matched)
    for p in matched:
        if lf[p].isdigit():
            if p > 0 and lf[p - 1].isdigit():
                if p - 1 not in matched_set:
                    return False  # a digit of the short form matches a whole number only
                continue
            if _DIGITS_RE.match(lf, p).group(0) not in sf_numbers:
                return False  # ... and the same number ("PMP22" = "protein 22")
    subs = _subwords(lf)
    starts = {a for a, _, _ in subs}
    if _letters(sf).startswith("x"):
        starts |= {a + 1 for a, _, _ in subs if lf[a:a + 2].lower() == "ex"}
    on_starts = sum(p in starts for p in matched)
    missed = 0
    content = 0
    last_missed = False
    ms = sorted(matched)
    k, nm = 0, len(ms)
    for m in _WORD_RE.finditer(lf):
        # a hyphenated or slashed compound is one word: covered when any part is
        # ("Germ-line stem cells (GSCs)", "c-Jun NH2-terminal kinase (JNK)")
        w = m.group(0).lower()
        if "-" in w or "/" in w:
            if not any(x not in _SKIPPABLE and not x.isdigit() for x in _WORD_PART_RE.findall(w)):
                continue
        elif w in _SKIPPABLE or w.isdigit():
            continue
        content += 1
        a, b = m.span()
        while k < nm and ms[k] < a:  # the first matched letter at or after the word's start
            k += 1
        last_missed = not (k < nm and ms[k] < b)
        missed += last_missed
    if not any(c.isupper() for c in sf):
        # an all-lower-case short form must be spelled by word initials ("wt" = wild-type)
        return on_starts >= len(matched) - 1 and missed == 0
    if on_starts * 3 < len(matched):
        return False
    # a word without a letter of the short form is tolerated as the head noun at the
    # end of a long form of three or more words ("medial preoptic nucleus (MPO)")
    # end of a long form of three or more words ("medial preoptic nucleus (MPO)"), or when
    # every letter of the short form starts a word ("TATA box binding protein (TBP)")
    if missed == 0 or (missed == 1 and last_missed and content >= 3):
        return True
    if missed == 1 and len(matched) >= 4 and on_starts >= len(matched) - 2 and _inside_started_words(lf, matched, starts):
        return True  # one skipped word in a long name: "testicular [protein] kinase 1 (TESK1)"
    return on_starts == len(matched) and missed <= len(matched) // 2


def _cut(window: str) -> int:
    """Index in ``window`` after the last clause boundary."""
    cut = 0
    for mark in _CUTS:
        k = window.rfind(mark)
        if k >= 0 and k + len(mark) > cut:
            cut = k + len(mark)
    return cut


# parentheses inside a word of a long form: "poly(A) binding protein (PABP)",
# "tumor-necrosis-factor (TNF)-receptor-associated protein (TRAP)" (Sohn et al. 2008)
_PAREN_WORD_RE = re.compile(r"\([^()\s]{1,12}\)")


def _mask_inword_parens(window: str) -> str:
    """``window`` with the parentheses inside words masked (control characters 1 and 2, same
    offsets): a "(...)" of at most 12 non-space characters glued to a word on either side,
    found by scanning for ``(`` first (a look-behind regex made ``re`` try every position)."""
    out = None
    n = len(window)
    for m in _PAREN_WORD_RE.finditer(window):
        a, b = m.span()
        if (a > 0 and window[a - 1] != "(" and not window[a - 1].isspace()) or (
            b < n and window[b] not in ",;.)" and not window[b].isspace()
        ):
            if out is None:
                out = list(window)
            out[a] = "\x01"
            out[b - 1] = "\x02"
    return window if out is None else "".join(out)


def _define_long_short(text: str, p: int, sf: str, sf_start: int, *, fast: bool = True) -> Definition | None:
    """``text[p]`` is ``(`` and ``sf`` (at ``sf_start``) the short form inside: find its long form."""
    lo = max(0, p - _WINDOW_CHARS)
    window = text[lo:p].rstrip(" ~")
    lo_fast = max(0, p - _PARTS_CHARS, text.rfind("(", 0, p) + 1)
    k = _fast_match(sf, text[lo_fast:p], text[lo_fast - 1] if lo_fast > 0 else " ") if fast else None
    if k is not None:
        lf = _TRAIL_RE.sub("", text[lo_fast + k:p])
        return Definition(sf, lf, "long_short", sf_start, sf_start + len(sf), lo_fast + k, lo_fast + k + len(lf))
    cut = _cut(_mask_inword_parens(window) if ")" in window else window)
    seg = window[cut:]
    if not seg:
        return None
    n_letters = len(_letters(sf))
    max_words = min(n_letters + 5, 2 * n_letters)
    # start of the last max_words words (rsplit keeps the words before them, right-stripped)
    head = seg.rsplit(None, max(max_words, 1))
    if not head:
        return None
    skip = len(head[0]) if len(head) > max(max_words, 1) else 0
    cand = seg[skip:].lstrip()
    base = len(seg) - len(cand)
    spaced = text[p - 1:p] == " "  # not "protein(s)"
    if n_letters == 1:
        return _define_one_letter(sf, sf_start, lo + cut + base, cand) if spaced else None
    if spaced:  # the short form spelled inside the last word: "autoregressive (AR)"
        d = _define_in_word(sf, sf_start, lo + cut + base, cand)
        if d is not None:
            return d
    m = _match(sf, cand)
    if m is None:
        return None
    start, matched = m
    lead = _LF_LEAD_RE.match(cand, start).end() - start  # no debris: "'each ... itself'", "models*"
    lf = _LF_TRAIL_RE.sub("", cand[start + lead:])
    rel = [q - start - lead for q in matched if q >= start + lead]
    if not lf or not _long_form_ok(sf, lf, rel) or lf.count(")") != lf.count("("):
        return None
    lf_start = lo + cut + base + start + lead
    sf, lf = _drop_shared_suffix(sf, lf)
    return Definition(sf, lf, "long_short", sf_start, sf_start + len(sf), lf_start, lf_start + len(lf))


_LF_LEAD_RE = re.compile(r"[^\w(]*")
_SEMI_RE = re.compile(r"[;,]")
_LAST_TOKEN_RE = re.compile(r"(\S+)$")
_SEGMENT_RE = re.compile(r"[;,]|\s-\s")
_LF_TRAIL_RE = re.compile(r"[^\w)]+$")
_SUFFIX_RE = re.compile(r"^(.+?)(-(?:based|like|driven|style|powered|enabled|assisted|augmented|guided|aware|level))$")
_LAST_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*[a-z][0-9]{0,2}$")


def _define_one_letter(sf: str, sf_start: int, offset: int, cand: str) -> Definition | None:
    """One-letter short form: a capital, and the single word before the parenthesis starts
    with it ("phosphorus (P)", "masseter (M)"; Sohn et al. 2008). Lower-case letters are
    mostly enumerations ("(a)", "(i)") or variables, and are not taken."""
    if not sf.isupper() or sf in "IVX":
        return None
    m = _LAST_WORD_RE.search(cand)
    if m is None or m.start() > 0 and cand[m.start() - 1] not in " ":
        return None
    word = m.group(0)
    if word[0].lower() != sf.lower() or len(word) < 4 or word.lower() in _SKIPPABLE:
        return None
    a = offset + m.start()
    return Definition(sf, word, "long_short", sf_start, sf_start + len(sf), a, a + len(word))


def _define_in_word(sf: str, sf_start: int, offset: int, cand: str) -> Definition | None:
    """Short form spelled inside the one word before the parenthesis, first letter first
    ("proopiomelanocortin (POMC)", "Neurturin [NTN]"; Sohn et al. 2008)."""
    letters = _letters(sf)
    m = _LAST_WORD_RE.search(cand)
    if m is None or len(letters) < 2 or not sf[0].isalpha():
        return None
    if m.start() > 0 and cand[m.start() - 1] not in " ":
        return None
    word = m.group(0)
    low = word.lower()
    if low[0] != letters[0] or len(word) < len(letters) + 3 or low in _SKIPPABLE:
        return None
    pos = 1
    for c in letters[1:]:
        pos = low.find(c, pos) + 1
        if pos == 0:
            return None
    a = offset + m.start()
    return Definition(sf, word, "long_short", sf_start, sf_start + len(sf), a, a + len(word))


def _drop_shared_suffix(sf: str, lf: str) -> tuple[str, str]:
    """"large language model-based (LLM-based)" defines LLM: drop a suffix both forms share."""
    split = _suffix_split(sf)
    if split is not None and lf.endswith(split[1]) and len(lf) > len(split[1]) + 1:
        return split[0], lf[: -len(split[1])]
    return sf, lf


def _define_short_long(text: str, p: int, q: int) -> Definition | None:
    """``SF (long form)``: the word before ``text[p] == '('`` is an acronym, the inside its long form."""
    before = text[max(0, p - 40):p].rstrip()
    mw = _LAST_TOKEN_RE.search(before)
    if not mw:
        return None
    sf = mw.group(1).rstrip(",;:")
    if not _is_acronym_cached(sf):
        return None
    sf_start = max(0, p - 40) + mw.start(1)
    inner = text[p + 1:q]
    lead = len(inner) - len(inner.lstrip())
    seg = _LF_TRAIL_RE.sub("", _SEGMENT_RE.split(inner.strip(), maxsplit=1)[0])
    if not seg or _REMARK_RE.match(seg) or len(seg.split()) < 2:
        return None
    m = _match(sf, seg)
    if m is None or m[0] != 0:
        return None
    start, matched = m
    # the long form runs to the end of the word holding the last matched letter, and must
    # be the whole first segment (a long form is not followed by more words in the parentheses)
    if not _long_form_ok(sf, seg, matched):
        return None
    starts = {a for a, _, _ in _subwords(seg)}
    caps = sum(c.isupper() or c.isdigit() for c in sf)
    slack = 1 if caps >= 4 and not any(c.isdigit() for c in sf) else 0
    if sum(p in starts for p in matched) < caps - slack:
        return None
    lf_start = p + 1 + lead
    return Definition(sf, seg, "short_long", sf_start, sf_start + len(sf), lf_start, lf_start + len(seg))


def _decide(text: str, p: int, q: int, *, fast: bool = True, after: bool = True) -> Definition | None:
    """Decide on the candidate ``text[p:q+1] == '( ... )'`` (``fast=False``: the fast path
    has already been tried, by polars; ``after=False``: polars found that neither *SF (long
    form)* nor *(long form, SF)* can match, see ``_after`` in :func:`_paren_candidates`)."""
    inner = text[p + 1:q]
    lead = len(inner) - len(inner.lstrip())
    body = inner.strip()
    sf = _SEMI_RE.split(body, maxsplit=1)[0].rstrip(" '\u2019")  # "(LLMs')" is LLMs
    if _sf_ok(sf):
        d = _define_long_short(text, p, sf, p + 1 + lead, fast=fast)
        if d is not None:
            return d
    if not after:
        return None
    d = _define_short_long(text, p, q)
    if d is None and "," in body:
        d = _define_inner_pair(text, p, q)
    return d


def _define_inner_pair(text: str, p: int, q: int) -> Definition | None:
    """Both forms inside the parentheses, long form first: "(blood-brain barrier, BBB)"
    (Sohn et al. 2008)."""
    inner = text[p + 1:q]
    k = inner.rfind(",")
    sf = inner[k + 1:].strip()
    raw = inner[:k]
    lf = raw.strip()
    if not _sf_ok(sf) or not any(c.isupper() for c in sf) or ";" in raw or "," in raw or len(sf) < 2:
        return None
    m = _match(sf, lf)
    if m is None or m[0] != 0 or not _long_form_ok(sf, lf, m[1]):
        return None
    lf_start = p + 1 + len(raw) - len(raw.lstrip())
    sf_start = p + 1 + k + 1 + len(inner[k + 1:]) - len(inner[k + 1:].lstrip())
    return Definition(sf, lf, "long_short", sf_start, sf_start + len(sf), lf_start, lf_start + len(lf))


def extract_definitions(text: str) -> list[Definition]:
    """Acronym definitions in one text (the scalar, teaching version of :func:`find_acronyms`).

    Parameters
    ----------
    text
        A title, abstract or sentence.

    Returns
    -------
    list of Definition
        In text order; offsets index into ``text``.

    Examples
    --------
    >>> text = ("We fine-tune large language models (LLMs) with Low-Rank Adaptation (LoRA) "
    ...         "and compare to RLHF (reinforcement learning from human feedback).")
    >>> [(d.short_form, d.long_form, d.pattern) for d in extract_definitions(text)]
    [('LLMs', 'large language models', 'long_short'), ('LoRA', 'Low-Rank Adaptation', 'long_short'), ('RLHF', 'reinforcement learning from human feedback', 'short_long')]
    >>> extract_definitions("Results improve (see Table 2) over prior work (2023) (ours).")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_definitions expects a str, got {type(text).__name__}")
    out = []
    start = 0
    paren = text.translate(_BRACKETS)  # "[SF]" is read as "(SF)", line breaks as spaces; same offsets
    while True:
        p = paren.find("(", start)
        if p < 0:
            break
        q = paren.find(")", p + 1, p + 2 + _INNER_CHARS)
        nxt = paren.find("(", p + 1, q if q >= 0 else p + 1)
        start = p + 1
        if q < 0 or nxt >= 0:
            continue
        d = _decide(paren, p, q)
        if d is not None:
            out.append(d)
    return out


# --- title names ---------------------------------------------------------------------------------
def _capitals(name: str) -> str:
    """The letters of a name that must start words of its long form: capitals and digits,
    and the first letter ("DyLoRA" -> "dlra", "MRAG" -> "mrag", "3DGS" -> "3dgs")."""
    out = [c.lower() for i, c in enumerate(name) if c.isupper() or (c.isdigit() and (i == 0 or not name[i - 1].isdigit()))]
    if name and name[0].isalpha() and not name[0].isupper():
        out.insert(0, name[0].lower())
    return "".join(out)


_SENTENCE_END_RE = re.compile(r"[.?!;:]\s")


def _name_long_form(name: str, rest: str) -> tuple[int, int] | None:
    """Span in ``rest`` (the title after its colon) of the words a title name abbreviates.

    Every capital of the name starts a word (or camel-case hump) in order, within a run of
    words no longer than twice the capitals plus two; the lower-case letters of the name are
    found, in order, inside that run. Words may be skipped ("Dynamic Search-Free Low-Rank
    Adaptation" for "DyLoRA"), but the run must begin with the first capital and end on the
    last.
    """
    caps = _capitals(name)
    letters = _letters(name)
    if len(caps) < 2 or len(letters) < 2:
        return None
    subs = _subwords(rest)
    for i, (a, _, camel) in enumerate(subs):
        if rest[a].lower() != caps[0]:
            continue
        k = 1
        last_b = subs[i][1]
        j = i + 1
        while k < len(caps) and j < len(subs):
            s_a, s_b, _ = subs[j]
            if rest[s_a].lower() == caps[k]:
                k += 1
                last_b = s_b
            j += 1
        if k < len(caps):
            continue
        start = _word_start(rest, a, camel)
        end = rest.find(" ", last_b)
        end = len(rest) if end < 0 else end
        span = rest[start:end].rstrip(",.;:?!")
        if _SENTENCE_END_RE.search(span):
            continue  # a long form does not run past "?" or the end of a sentence
        if len(span.split()) > 2 * len(caps) + 2:
            continue
        # the lower-case letters must appear in order
        pos = 0
        ok = True
        for c in letters:
            pos = span.lower().find(c, pos)
            if pos < 0:
                ok = False
                break
            pos += 1
        if ok:
            return start, start + len(span)
    return None


# --- frames --------------------------------------------------------------------------------------
_DEF_SCHEMA = {
    "paper_id": pl.String(),
    "field": pl.String(),
    "short_form": pl.String(),
    "long_form": pl.String(),
    "pattern": pl.String(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "sf_start": pl.Int64(),
    "sf_end": pl.Int64(),
    "lf_start": pl.Int64(),
    "lf_end": pl.Int64(),
    "sentence": pl.String(),
}
_FIELDS = ("title", "abstract")


def _check_fields(fields) -> tuple[str, ...]:
    if isinstance(fields, str):
        fields = (fields,)
    fields = tuple(fields)
    bad = [f for f in fields if f not in _FIELDS]
    if bad or not fields:
        raise ValueError(f"fields must be a non-empty subset of {_FIELDS}, got {fields!r}")
    return fields


def _texts(papers: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """Long frame ``paper_id, field, text`` of the non-empty fields."""
    parts = [
        papers.select(pl.col("paper_id"), pl.lit(f).alias("field"), pl.col(f).alias("text"))
        for f in fields
    ]
    return pl.concat(parts).filter(pl.col("text").is_not_null() & (pl.col("text") != ""))


_SENTENCE_CHARS = 400  # a "sentence" is cut at this many characters either side (bounded work)


_PL_CUT = r"[.;:!?,]\s|[()\[\]\"=]|\s-\s"
_PL_PART = r"[A-Za-z0-9]+[^A-Za-z0-9]*"
_PL_DOTTED = r"[A-Za-z]\.[A-Za-z]|\.$"
_PL_REMARK = "(?i)" + _REMARK_RE.pattern
# the same words followed by ASCII punctuation, a space or the end: never a word character in
# Python's ``re`` either, so a match here is a match of _REMARK_RE
_PL_REMARK_OPENS = "(?i)" + _REMARK_RE.pattern.removesuffix(r"\b") + r"(?:$|[\s!-/:-@\[-\^`{-~])"


def _bracket_texts(texts: pl.DataFrame) -> pl.DataFrame:
    """``texts`` with "[ ]" read as "( )" and line breaks as spaces (same offsets); only the
    few rows that have them are rewritten."""
    needs = pl.col("text").str.contains(r"[\[\]\n\r\t]")
    fixed = texts.filter(needs).with_columns(
        pl.col("text").str.replace_many(["[", "]", "\n", "\r", "\t"], ["(", ")", " ", " ", " "])
    )
    return pl.concat([texts.filter(~needs), fixed]).sort("_row")


def _paren_candidates(texts: pl.DataFrame) -> pl.DataFrame:
    """Every ``( ... )`` (or ``[ ... ]``) that could hold a definition, as ``_row, p, q``
    (offsets of the brackets), ``_prev`` (the text before, at most ``_WINDOW_CHARS``) and
    ``_inner``, found with polars over the whole column.

    A candidate is kept when its inside looks like a short form (*long form (SF)*), or when
    the word before it looks like an acronym (*SF (long form)*); everything else ("(see
    Table 2)", "(2023)") is dropped here.
    """
    text = pl.col("text")
    piece = pl.col("piece")
    lists = texts.select(
        pl.col("_row"),
        text.str.split("(").alias("piece"),
    ).filter(piece.list.len() > 1)
    lists = lists.select(
        "_row",
        piece.list.eval((pl.element().str.len_chars() + 1).cum_sum()).list.head(piece.list.len() - 1).alias("_open"),
        piece.list.eval(pl.element().str.tail(_WINDOW_CHARS)).list.head(piece.list.len() - 1).alias("_prev"),
        piece.list.slice(1).list.eval(pl.element().str.extract(r"^([^)]*)\)", 1)).alias("_inner"),
    )
    c = lists.explode("_open", "_prev", "_inner", keep_nulls=False, empty_as_null=False).filter(
        pl.col("_inner").is_not_null() & (pl.col("_inner").str.len_chars() <= _INNER_CHARS)
    )
    inner = pl.col("_inner")
    prev = pl.col("_prev")
    sf = inner.str.strip_chars().str.extract(r"^([^;,]*)", 1).str.strip_chars_end(" '\u2019")
    c = c.with_columns((pl.col("_open").cast(pl.Int64) - 1).alias("p"), sf.alias("_sf"))
    sfc = pl.col("_sf")
    looks_sf = (
        sfc.str.contains(r"^[A-Za-z0-9][^\s;,()]{0,12}(?:\s[^\s;,()]{1,9})?$")
        & sfc.str.contains(r"[A-Za-z]")
        & ~sfc.str.contains(_PL_DOTTED)
        & (~sfc.str.contains(_PL_REMARK) | (sfc.str.len_chars() == 1) | (sfc == sfc.str.to_uppercase()))
        & (sfc.str.contains(r"[A-Z0-9]") | (sfc.str.contains(r"^[a-z]{1,5}$") & ~sfc.str.contains(r"^[ivxl]+$")))
    )
    # "(long form, SF)": the short form after the comma has a capital (or a character
    # outside ASCII that may be one), as _define_inner_pair requires: not "(e.g., dog)"
    inner_pair = inner.str.contains(r"^[^,;]+,\s*[A-Za-z0-9][^\s,;]{0,12}(?:\s[^\s,;]{1,9})?\s*$") & inner.str.contains(
        r",[^,]*(?:[A-Z]|[^\x00-\x7F])"
    )
    # "SF (long form)": the word before may be an acronym, and the inside has two words and
    # does not open with a remark ("LVLM (e.g. LLaVA)"), as _define_short_long requires
    after_acronym = (
        prev.str.contains(_PL_PREV_SF)
        & prev.str.contains(_PL_HAS_UPPER_PREV)
        & inner.str.contains(r"\S\s+\S")
        & ~inner.str.strip_chars().str.contains(_PL_REMARK_OPENS)
    ) | inner_pair
    c = c.with_columns(looks_sf.alias("_looks_sf"), after_acronym.alias("_after")).filter(
        pl.col("_looks_sf") | pl.col("_after")
    )
    # (no "first letter reachable" prefilter here: on 30k abstracts it took more than half of
    # this stage, 0.15 of 0.27 s, to drop 1.5% of the candidates, which the stages below reject
    # in ~0.05 s; the definitions are the same)
    return c.select(
        "_row", "p", (pl.col("p") + 1 + inner.str.len_chars()).alias("q"), "_prev", "_inner", "_sf", "_after"
    )


def _letters_in_order(cands: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Drop *long form (SF)* candidates whose short-form letters (digits and a final "s" left
    out) do not appear in order in the last words before the parenthesis that the matchers
    read (at most ``min(n + 5, 2 n)``, see :func:`_define_long_short`): a necessary condition
    of every letter matcher (:func:`_match`, :func:`_define_in_word`), tested in polars for the
    whole column. Candidates that may read *SF (long form)* are kept, and so are the few whose
    words are not ASCII."""
    if cands.height == 0:
        return cands
    lo = pl.max_horizontal(pl.col("p") - _WINDOW_CHARS, pl.lit(0))
    frame = cands.with_row_index("_k")
    keep = frame.filter(pl.col("_after"))
    # the matchers read at most min(n + 5, 2 n) words before "(" (n letters in the short form,
    # at most its length; "İ" lower-cases to two characters): only those words are searched
    sf_len = pl.col("_sf").str.len_chars().cast(pl.Int64) + pl.col("_sf").str.count_matches("\u0130", literal=True)
    max_words = pl.max_horizontal(pl.min_horizontal(sf_len + 5, 2 * sf_len), pl.lit(1))
    test = frame.filter(~pl.col("_after"))
    # the last max_words words: space-separated pieces, as many more as a run of spaces may
    # leave empty (a piece may hold several words when other whitespace separates them:
    # more text is searched, never less). Regex replacements are slow here: none is used
    w = pl.col("_w")
    # One chunk first: a gather from a chunked string column copies every string it takes
    # (definitions x text length in memory); from one chunk it only copies views.
    test = test.with_columns(pl.Series("_w", texts["text"].rechunk()).gather(test["_row"])).with_columns(
        w.str.slice(lo, pl.col("p") - lo).str.strip_chars_end(" ~")
    ).with_columns(
        w.str.split(" ").list.tail(max_words + 2 * w.str.count_matches("  ", literal=True)).list.join(" "),
        pl.col("_sf").str.to_lowercase().str.replace_all(r"[^a-z]", "").str.replace(r"(.)s$", "${1}").alias("_l"),
    )
    # ``str.find`` gives bytes and ``str.slice`` counts characters: only ASCII words are
    # searched (0.2% of arXiv windows are not; they are kept)
    ascii_only = ~w.str.contains(r"[^\x00-\x7F]")
    keep = pl.concat([keep, test.filter(~ascii_only).select(keep.columns)])
    test = test.filter(ascii_only)
    test = test.with_columns(w.str.to_lowercase(), pl.lit(-1, dtype=pl.Int64).alias("_pos"))
    longest = test["_l"].str.len_chars().max() or 0
    for k in range(min(longest, _MAX_SF_CHARS + 3)):  # letters past the longest are all ""
        c = pl.col("_l").str.slice(k, 1)
        rel = pl.col("_w").str.slice(pl.col("_pos") + 1).str.find(c, literal=True)
        test = test.with_columns(
            pl.when(c == "").then(pl.col("_pos")).otherwise(pl.col("_pos") + 1 + rel).alias("_pos")
        ).filter(pl.col("_pos").is_not_null())
    return pl.concat([keep.select("_k", *cands.columns), test.select("_k", *cands.columns)]).sort("_k").select(cands.columns)


_EMPTY_FAST = {"_row": pl.UInt32(), "p": pl.Int64(), "q": pl.Int64(), "short_form": pl.String(), "long_form": pl.String(),
               "pattern": pl.String(), "sf_start": pl.Int64(), "sf_end": pl.Int64(), "lf_start": pl.Int64(), "lf_end": pl.Int64()}


def _fast_combo(frame: pl.DataFrame, want: str, chunked: bool, prio: int) -> pl.DataFrame:
    """Matches of one (tokenisation, letters-or-chunks) combination of :func:`_fast_definitions`
    (``frame`` has the tokens ``_toks`` and their reversed initials ``_rev``)."""
    el = pl.element()
    f = frame.select("_i", "_sf", "_prev", "_chunks", "_toks", "_rev", pl.col(want).alias("_v"))
    r, v = pl.col("_rev"), pl.col("_v")
    n = v.str.len_chars()
    content = r.str.replace_all(r"[A-Z]", "")
    all_ok = (r.str.to_lowercase().str.slice(0, n) == v) & ~r.str.slice(n - 1, 1).str.contains(r"[A-Z]")
    content_ok = (content.str.slice(0, n) == v) & (content.str.len_chars() >= n)
    # tokens spanned when function words are skipped: up to the n-th lower-case initial
    k_content = r.str.extract_all(r"[A-Z]*[^A-Z]").list.head(n).list.eval(el.str.len_chars()).list.sum().cast(pl.Int64)
    f = f.with_columns(
        pl.when(all_ok).then(n.cast(pl.Int64)).when(content_ok).then(k_content).otherwise(0).fill_null(0).alias("_k"),
        all_ok.fill_null(False).alias("_all"),
    ).filter(pl.col("_k") > 0)
    full = pl.col("_toks").list.tail(pl.col("_k")).list.join("")
    f = f.with_columns(full.alias("_full"))
    fullc = pl.col("_full")
    lf = fullc.str.replace(r"[^A-Za-z0-9]+$", "")
    pos = pl.col("_prev").str.len_chars().cast(pl.Int64) - fullc.str.len_chars().cast(pl.Int64) - 1
    before = pl.when(pos >= 0).then(pl.col("_prev").str.slice(pos, 1)).otherwise(pl.lit(" "))
    n_letters = n.cast(pl.Int64)
    ok = (
        ~lf.str.contains(_PL_CUT)
        & (lf.str.len_chars() > pl.col("_sf").str.len_chars())
        & (lf.str.count_matches(r"\S+") <= pl.min_horizontal(n_letters + 5, 2 * n_letters))
        & before.str.contains(r"^[\s(\[{\"\u201c]$")
        & lf.str.contains(r"^[A-Za-z0-9]")
    )
    f = f.filter(ok.fill_null(False))
    if chunked:
        # each chunk begins its word ("Lo" ~ "Low-"): tokens of the long form that carry a letter
        toks_used = (
            f.select(
                "_i", "_all",
                pl.col("_toks").list.tail(pl.col("_k")).alias("_t"),
                pl.col("_rev").str.slice(0, pl.col("_k")).str.reverse().str.split("").alias("_m"),
            )
            .explode("_t", "_m", keep_nulls=False, empty_as_null=False)
            .filter(pl.col("_all") | ~pl.col("_m").str.contains(r"[A-Z]"))
            .with_columns(pl.int_range(pl.len()).over("_i").alias("_j"))
        )
        chunks = f.select("_i", "_chunks").explode("_chunks", keep_nulls=False, empty_as_null=False).with_columns(
            pl.int_range(pl.len()).over("_i").alias("_j")
        )
        good = (
            toks_used.join(chunks, on=["_i", "_j"], how="inner")
            .group_by("_i")
            .agg(pl.col("_t").str.to_lowercase().str.starts_with(pl.col("_chunks").str.to_lowercase()).all().alias("_ok"))
            .filter(pl.col("_ok"))
        )
        f = f.join(good.select("_i"), on="_i", how="semi")
    return f.select("_i", pl.lit(prio).alias("_prio"), lf.alias("long_form"), fullc.str.len_chars().cast(pl.Int64).alias("_full_len"))


def _fast_definitions(cands: pl.DataFrame) -> pl.DataFrame:
    """The common cases decided in polars for the whole column (see :func:`_fast_match`, its
    scalar twin): the short form's letters, or its chunks ("LoRA" -> "Lo", "R", "A"), start the
    last words or hyphen parts before the parenthesis, all of them ("Mixture of Experts (MoE)")
    or all but function words ("Reinforcement Learning from Human Feedback (RLHF)"). Returns
    those definitions with ``_row, p, q`` and offsets; the other candidates are left to Python.
    """
    inner = pl.col("_inner")
    sfc = pl.col("_sf")
    frame = cands.filter(
        sfc.str.contains(r"^[A-Za-z]+(?:-[A-Za-z]+)*$")
        & sfc.str.contains(r"[A-Z]")
        & sfc.str.len_chars().is_between(2, _MAX_FAST + 2)
        & pl.col("_prev").str.contains(r"[A-Za-z0-9]\s*$")
    )
    letters = sfc.str.replace_all("-", "")
    plural = letters.str.contains(r"[A-Z]s$") & (letters.str.len_chars() > 2)
    singular = pl.when(plural).then(letters.str.slice(0, letters.str.len_chars() - 1)).otherwise(letters)
    frame = frame.with_columns(singular.alias("_letters")).with_columns(
        pl.col("_letters").str.extract_all(r"^[a-z]+|[A-Z][a-z]*").alias("_chunks")
    ).filter(pl.col("_chunks").list.len().is_between(2, _MAX_FAST))
    # cheap test first: the last word starts with the short form's last capital or letter
    # (of the last hyphen part or of the last word between spaces: "meta-learning")
    last_chunk = pl.col("_chunks").list.last().str.slice(0, 1).str.to_lowercase()
    last_letter = pl.col("_letters").str.slice(-1, 1).str.to_lowercase()
    def starts_with_last(w: pl.Expr) -> pl.Expr:
        w = w.str.to_lowercase()
        return ((w == last_chunk) | (w == last_letter)).fill_null(False)

    frame = frame.with_columns(
        starts_with_last(pl.col("_prev").str.extract(r"([A-Za-z0-9])[A-Za-z0-9]*\s*$", 1)).alias("_ok")
    )
    # the costlier test on the last word between spaces only where the first fails
    frame = pl.concat([
        frame.filter(pl.col("_ok")),
        frame.filter(~pl.col("_ok")).filter(
            starts_with_last(pl.col("_prev").str.extract(r"(?:^|\s)[^A-Za-z0-9\s]*([A-Za-z0-9])\S*\s*$", 1))
        ),
    ]).drop("_ok").with_row_index("_i")
    if frame.height == 0:
        return pl.DataFrame(schema=_EMPTY_FAST)
    el = pl.element()
    frame = frame.with_columns(
        pl.col("_letters").str.to_lowercase().str.reverse().alias("_vl"),
        pl.col("_chunks").list.eval(el.str.slice(0, 1)).list.join("").str.to_lowercase().str.reverse().alias("_vc"),
        pl.col("_prev").str.tail(_PARTS_CHARS).alias("_tail"),
    )
    # initials, last first, with function words in capitals ("EoM" for "Mixture of Experts"):
    # the lower-cased text with free-standing function words capitalised (spaces doubled so
    # that neighbours do not overlap)
    spaced = (" " + pl.col("_tail") + " ").str.to_lowercase().str.replace_all(" ", "  ", literal=True)
    frame = frame.with_columns(spaced.str.replace_many(_FUNC_SPACED, _FUNC_UPPER).alias("_marked"))
    marked = pl.col("_marked")
    tokenisations = [
        (  # words and hyphen parts
            pl.col("_tail").str.extract_all(_PL_PART).list.tail(_MAX_PARTS),
            marked.str.extract_all(r"[A-Za-z0-9]+").list.tail(_MAX_PARTS).list.eval(el.str.slice(0, 1)),
        ),
        (  # words between spaces
            pl.col("_tail").str.extract_all(r"\S+\s*").list.tail(_MAX_PARTS),
            marked.str.extract_all(r"\S+").list.tail(_MAX_PARTS).list.eval(el.str.extract(r"([A-Za-z0-9])", 1).fill_null("?")),
        ),
    ]
    found = []
    rest = frame
    prio = 0
    for toks, inits in tokenisations:
        rest = rest.with_columns(toks.alias("_toks"), inits.list.join("").str.reverse().alias("_rev"))
        for want, chunked in (("_vl", False), ("_vc", True)):
            hit = _fast_combo(rest, want, chunked, prio)
            found.append(hit)
            rest = rest.join(hit.select("_i"), on="_i", how="anti")
            prio += 1
    frame = frame.join(pl.concat(found), on="_i", how="inner")
    lead = inner.str.len_chars() - inner.str.strip_chars_start().str.len_chars()
    lf_start = pl.col("p") - pl.col("_full_len")
    return frame.select(
        "_row", "p", "q",
        pl.col("_sf").alias("short_form"),
        "long_form",
        pl.lit("long_short").alias("pattern"),
        (pl.col("p") + 1 + lead).cast(pl.Int64()).alias("sf_start"),
        (pl.col("p") + 1 + lead + pl.col("_sf").str.len_chars()).cast(pl.Int64()).alias("sf_end"),
        lf_start.cast(pl.Int64()).alias("lf_start"),
        (lf_start + pl.col("long_form").str.len_chars()).cast(pl.Int64()).alias("lf_end"),
    )


def _with_sentences(found: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Add ``sentence``: the text around ``start``..``end`` from the last ". " before it to
    the next ". " after it, at most ``_SENTENCE_CHARS`` either side (polars, vectorised)."""
    text = pl.col("text")
    lo = pl.max_horizontal(pl.col("start") - _SENTENCE_CHARS, pl.lit(0))
    # the text around the definition, then everything up to the last ". " before it dropped
    # and everything after the first ". " after it
    around = text.str.slice(lo, pl.col("end") - lo + _SENTENCE_CHARS)
    frame = found.with_columns(
        # one chunk: a gather from a chunked string column copies each (long) text per definition
        pl.Series("text", texts["text"].rechunk()).gather(found["_row"]).alias("text")
    ).with_columns(around.alias("_around"), (pl.col("start") - lo).alias("_s"), (pl.col("end") - lo).alias("_e"))
    head = pl.col("_around").str.slice(0, pl.col("_s")).str.replace(r"^(?s).*\. ", "")
    tail = pl.col("_around").str.slice(pl.col("_e")).str.replace(r"\. (?s).*$", ".")
    body = pl.col("_around").str.slice(pl.col("_s"), pl.col("_e") - pl.col("_s"))
    return frame.with_columns((head + body + tail).alias("sentence")).drop("text", "_around", "_s", "_e")


def _fast_in_word(cands: pl.DataFrame) -> pl.DataFrame:
    """Short forms spelled inside the one word before the parenthesis ("autoregressive (AR)",
    "proopiomelanocortin (POMC)"), decided in polars exactly as :func:`_define_in_word` does for
    candidates that the initials did not explain."""
    sfc = pl.col("_sf")
    frame = cands.filter(
        sfc.str.contains(r"^[A-Za-z][A-Za-z0-9]{1,12}$") & pl.col("_prev").str.ends_with(" ")
    ).with_columns(
        pl.col("_prev").str.strip_chars_end(" ~").str.extract(r"(?:^|\s)([A-Za-z][A-Za-z\-]*[a-z][0-9]{0,2})$", 1).alias("_w"),
        sfc.str.to_lowercase().alias("_l"),
    ).filter(pl.col("_w").is_not_null())
    w = pl.col("_w").str.to_lowercase()
    frame = frame.filter(
        (w.str.slice(0, 1) == pl.col("_l").str.slice(0, 1))
        & (pl.col("_w").str.len_chars() >= pl.col("_l").str.len_chars() + 3)
        & ~w.is_in(sorted(_SKIPPABLE))
    ).with_columns(w.alias("_lw"), pl.lit(0, dtype=pl.Int64).alias("_pos"))
    for k in range(1, 13):  # the other letters in order inside the word
        c = pl.col("_l").str.slice(k, 1)
        rel = pl.col("_lw").str.slice(pl.col("_pos") + 1).str.find(c, literal=True)
        frame = frame.with_columns(
            pl.when(c == "").then(pl.col("_pos")).otherwise(pl.col("_pos") + 1 + rel).alias("_pos")
        ).filter(pl.col("_pos").is_not_null())
    inner = pl.col("_inner")
    lead = inner.str.len_chars() - inner.str.strip_chars_start().str.len_chars()
    trail = pl.col("_prev").str.len_chars() - pl.col("_prev").str.strip_chars_end(" ~").str.len_chars()
    lf_end = pl.col("p") - trail
    return frame.select(
        "_row", "p", "q",
        pl.col("_sf").alias("short_form"),
        pl.col("_w").alias("long_form"),
        pl.lit("long_short").alias("pattern"),
        (pl.col("p") + 1 + lead).cast(pl.Int64()).alias("sf_start"),
        (pl.col("p") + 1 + lead + sfc.str.len_chars()).cast(pl.Int64()).alias("sf_end"),
        (lf_end - pl.col("_w").str.len_chars()).cast(pl.Int64()).alias("lf_start"),
        lf_end.cast(pl.Int64()).alias("lf_end"),
    )


def _definitions(texts: pl.DataFrame) -> pl.DataFrame:
    """Definitions in a ``paper_id, field, text`` frame (offsets into ``text``)."""
    texts = texts.with_row_index("_row")
    paren = _bracket_texts(texts.select("_row", "text"))
    cands = _paren_candidates(paren)
    fast = _fast_definitions(cands)
    fast = pl.concat([
        fast.select(list(_EMPTY_FAST)).cast(_EMPTY_FAST),
        _fast_in_word(cands.join(fast.select("_row", "p"), on=["_row", "p"], how="anti")).cast(_EMPTY_FAST),
    ])
    rows = []
    rest = _letters_in_order(cands.join(fast.select("_row", "p"), on=["_row", "p"], how="anti"), paren)
    # Python strings only for the texts the matcher reads
    needed = paren.filter(pl.col("_row").is_in(rest["_row"].unique().implode()))
    paren_list = dict(zip(needed["_row"].to_list(), needed["text"].to_list()))
    # a decision depends only on the text from _WINDOW_CHARS before "(" to ")": decided once per
    # distinct context ("diffusion models (DMs)" recurs across abstracts), offsets kept relative
    cache: dict[str, Definition | None] = {}
    for row, p, q, after in rest.select("_row", "p", "q", "_after").iter_rows():
        text = paren_list[row]
        lo = max(0, p - _WINDOW_CHARS)
        ctx = text[lo:q + 1]
        if ctx in cache:
            d = cache[ctx]
        else:
            d = cache[ctx] = _decide(ctx, p - lo, q - lo, fast=False, after=after)
        if d is not None:
            rows.append((row, p, q, d.short_form, d.long_form, d.pattern,
                         lo + d.sf_start, lo + d.sf_end, lo + d.lf_start, lo + d.lf_end))
    slow = pl.DataFrame(rows, schema=_EMPTY_FAST, orient="row")
    found = pl.concat([fast.select(list(_EMPTY_FAST)).cast(_EMPTY_FAST), slow]).with_columns(
        pl.min_horizontal("sf_start", "lf_start").alias("start"),
        (pl.col("q") + 1).alias("end"),
    )
    found = _with_sentences(found, texts)
    return (
        texts.select("_row", "paper_id", "field")
        .join(found, on="_row", how="inner")
        .sort("_row", "start", "sf_start")
        .select(list(_DEF_SCHEMA))
        .cast(_DEF_SCHEMA)
    )


def title_names(papers: pl.DataFrame) -> pl.DataFrame:
    """The method name each title starts with, and the words after the colon it abbreviates.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``; ``name`` is computed when absent).

    Returns
    -------
    polars.DataFrame
        One row per paper whose title starts with a name: ``paper_id``, ``name``,
        ``long_form`` (null when no words after the colon match the name's capitals),
        ``lf_start``, ``lf_end`` (offsets into ``title``).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": [
    ...     "DyLoRA: Parameter Efficient Tuning using Dynamic Search-Free Low-Rank Adaptation",
    ...     "MRAG: A Modular Retrieval Framework for Time-Sensitive Question Answering"]})
    >>> title_names(papers).select("name", "long_form").rows()
    [('DyLoRA', 'Dynamic Search-Free Low-Rank Adaptation'), ('MRAG', None)]
    """
    validate_papers(papers, required=("paper_id", "title"))
    if "name" not in papers.columns:
        from paperkit.normalize import _title_name_expr

        papers = papers.with_columns(_title_name_expr(pl.col("title")).alias("name"))
    named = papers.filter(pl.col("name").is_not_null()).select("paper_id", "name", "title")
    rows = []
    for pid, name, title in named.iter_rows():
        colon = title.find(":", len(name))
        rest_start = colon + 1 + (len(title[colon + 1:]) - len(title[colon + 1:].lstrip()))
        span = _name_long_form(name, title[rest_start:])
        if span is None:
            rows.append((pid, name, None, None, None))
        else:
            a, b = span
            rows.append((pid, name, title[rest_start + a:rest_start + b], rest_start + a, rest_start + b))
    return pl.DataFrame(
        rows,
        schema={"paper_id": pl.String(), "name": pl.String(), "long_form": pl.String(), "lf_start": pl.Int64(), "lf_end": pl.Int64()},
        orient="row",
    )


def find_acronyms(papers: pl.DataFrame, *, fields: tuple[str, ...] | str = _FIELDS, names: bool = True) -> pl.DataFrame:
    """Acronym definitions in the titles and abstracts of a papers frame.

    Schwartz & Hearst (2003) extended (see the module docstring): *long form (SF)*,
    *SF (long form)*, and title names matched to the words after the colon.

    Parameters
    ----------
    papers
        A papers frame (needs ``paper_id`` and the ``fields``).
    fields
        Which text columns to search: ``"title"``, ``"abstract"`` or both.
    names
        Also match title names ("DyLoRA: ...") to words after the colon (pattern
        ``title_name``); names that match nothing are left to :func:`title_names`.

    Returns
    -------
    polars.DataFrame
        One row per definition: ``paper_id``, ``field`` (``title``/``abstract``),
        ``short_form``, ``long_form``, ``pattern`` (``long_short``, ``short_long``,
        ``title_name``), ``start``/``end`` (the whole definition: from its first character
        to just after the closing parenthesis; for title names from the name to the end of
        the long form),
        ``sf_start``/``sf_end`` and ``lf_start``/``lf_end`` (each form), and ``sentence``.
        Offsets are characters in the (cleaned) field text.

    References
    ----------
    .. [1] Schwartz, A. S., & Hearst, M. A. (2003). A simple algorithm for identifying
       abbreviation definitions in biomedical text. *PSB* 8, 451-462.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2106.09685"],
    ...     "title": ["LoRA: Low-Rank Adaptation of Large Language Models"],
    ...     "abstract": ["We propose Low-Rank Adaptation (LoRA) for large language models (LLMs)."]})
    >>> find_acronyms(papers).select("field", "short_form", "long_form", "pattern", "sf_start").rows()
    [('title', 'LoRA', 'Low-Rank Adaptation', 'title_name', 0), ('abstract', 'LoRA', 'Low-Rank Adaptation', 'long_short', 32), ('abstract', 'LLMs', 'large language models', 'long_short', 65)]
    """
    fields = _check_fields(fields)
    validate_papers(papers, required=("paper_id", *fields))
    if papers.height == 0:
        return pl.DataFrame(schema=_DEF_SCHEMA)
    found = _definitions(_texts(papers, fields))
    if names and "title" in fields:
        tn = title_names(papers).filter(pl.col("long_form").is_not_null())
        tn = tn.join(papers.select("paper_id", "title"), on="paper_id", how="left").select(
            "paper_id",
            pl.lit("title").alias("field"),
            pl.col("name").alias("short_form"),
            "long_form",
            pl.lit("title_name").alias("pattern"),
            pl.lit(0, dtype=pl.Int64()).alias("start"),
            pl.col("lf_end").alias("end"),
            pl.lit(0, dtype=pl.Int64()).alias("sf_start"),
            pl.col("name").str.len_chars().cast(pl.Int64()).alias("sf_end"),
            "lf_start",
            "lf_end",
            pl.col("title").alias("sentence"),
        )
        order = pl.DataFrame({"paper_id": papers["paper_id"]}).with_row_index("_order")
        found = (
            pl.concat([tn, found])
            .join(order, on="paper_id", how="left")
            .with_columns((pl.col("field") == "abstract").alias("_f"))
            .sort("_order", "_f", "start", maintain_order=True)
            .drop("_order", "_f")
        )
    return found


# --- keys: folding variants ------------------------------------------------------------------------
def _sf_key_expr(sf: pl.Expr) -> pl.Expr:
    """Key shared by the variants of a short form: case, hyphens and a plural ``s`` folded
    ("LLMs", "LLM", "llm" -> "llm"; "TF-IDF", "TFIDF" -> "tfidf")."""
    singular = pl.when(sf.str.contains(r"[A-Z0-9]s$") & (sf.str.len_chars() > 2)).then(
        sf.str.slice(0, sf.str.len_chars() - 1)
    ).otherwise(sf)
    return singular.str.to_lowercase().str.replace_all(r"[\-\s]", "")


def _lf_key_expr(lf: pl.Expr) -> pl.Expr:
    """Key shared by the wordings of a long form: lower case, no possessive, the last word
    made singular ("Large Language Models" -> "large language model")."""
    low = lf.str.to_lowercase().str.replace_all(r"/+", " ").str.replace_all(r"\s+", " ").str.strip_chars()
    low = low.str.replace(r"'s?$", "").str.replace(r"ies$", "y").str.replace(r"([^su])s$", "${1}")
    return low


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=1)
def _word_variants() -> dict[str, str]:
    """Known word variants of long forms (``resources/acronym_variants.txt``), read once."""
    from importlib import resources

    text = resources.files("paperkit.resources").joinpath("acronym_variants.txt").read_text(encoding="utf-8")
    pairs = (line.split() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {a: b for a, b in pairs}


def _stems(key: str) -> tuple[frozenset, frozenset, str]:
    """Content-word stems of a long-form key, read with hyphens as spaces and with hyphens
    removed ("fine-tuning" ~ "finetuning"), and the key without spaces or hyphens. Accents are
    dropped ("Fréchet" = "Frechet"), known variants folded ("visual" = "vision") and British
    spellings read as American ones ("optimisation" = "optimization")."""
    st = _stemmer()
    variants = _word_variants()
    key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    key = " ".join(variants.get(w, w) for w in key.split())
    # British spellings read as American ones ("optimisation" = "optimization") before stemming.
    split = frozenset(st.stem(fold_key(variants.get(w, w)) or w) for w in key.replace("-", " ").split()
                      if w not in _SKIPPABLE)
    joined = frozenset(st.stem(fold_key(w) or w) for w in key.replace("-", "").split() if w not in _SKIPPABLE)
    return split, joined, re.sub(r"[^0-9a-z]", "", key)


def _same_sense(a, b) -> bool:
    """Two long forms name the same thing when one's content stems contain the other's
    ("convolutional neural network" ~ "deep convolutional neural networks"), read with or
    without hyphens; "conditional neural network" is another sense."""
    if a[2] == b[2]:
        return True
    for x in a[:2]:
        for y in b[:2]:
            if x and y and (x <= y or y <= x):
                return True
    return False


_GLOSSARY_SCHEMA = {
    "short_form": pl.String(),
    "long_form": pl.String(),
    "variants": pl.List(pl.String()),
    "long_form_variants": pl.List(pl.String()),
    "n_papers_defining": pl.UInt32(),
    "n_papers_using": pl.UInt32(),
    "n_mentions": pl.UInt32(),
    "first_date": pl.Date(),
    "last_date": pl.Date(),
    "ambiguous": pl.Boolean(),
    "main_share": pl.Float64(),
    "n_senses": pl.UInt32(),
    "long_forms": pl.List(pl.String()),
    "key": pl.String(),
}


def _senses(defs: pl.DataFrame) -> pl.DataFrame:
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
            st = cache[lf_key] = _stems(expanded)
        for i, rep in enumerate(reps):
            if _same_sense(st, rep):
                senses.append(i)
                break
        else:
            reps.append(st)
            senses.append(len(reps) - 1)
    return lf.with_columns(pl.Series("sense", senses, dtype=pl.UInt32()))


def _singular_expr(lf: pl.Expr) -> pl.Expr:
    """A long form with its last word in the singular ("Graphics Processing Units" ->
    "Graphics Processing Unit"), leaving words that only look plural ("Dynamics", "Series",
    "Analysis"), the end of a hyphenated name ("Mixture-of-Experts") and a plural after a
    function word, where it is not the head of the phrase ("Learning from Verifiable Rewards",
    "number of function evaluations")."""
    last = lf.str.extract(r"(?:^|\s)([A-Za-z]+)$", 1)
    func = r"(?i)(?:^|\s)(?:" + "|".join(sorted(_SKIPPABLE)) + r")\s"
    keep = (
        last.str.contains(r"(?i)(?:ics|ss|us|is|series|species|news|ies)$") | last.str.len_chars().lt(4)
        | lf.str.contains(func)
    )
    ies = lf.str.contains(r"[A-Za-z]{3}ies$") & ~last.str.contains(r"(?i)^(?:series|species)$")
    plural = lf.str.contains(r"[a-z]s$") & ~keep.fill_null(True)
    return (
        pl.when(ies).then(lf.str.replace(r"ies$", "y"))
        .when(plural).then(lf.str.replace(r"s$", ""))
        .otherwise(lf)
    )


def acronym_glossary(papers: pl.DataFrame, *, definitions: pl.DataFrame | None = None, min_papers: int = 1) -> pl.DataFrame:
    """One row per short form defined in a corpus: its canonical long form, variants and counts.

    Short forms are grouped case-, hyphen- and plural-insensitively ("LLM", "LLMs"); their long
    forms are grouped into *senses* by their content-word stems (Porter), so "convolutional
    neural network" and "Convolutional Neural Networks" are one sense and "conditional neural
    network" another (short forms inside a long form are expanded first: "Multimodal LLM" =
    "multimodal large language model"). A short form is ``ambiguous`` when a second sense is
    defined by at least 5% as many papers as the main sense, and by at least two papers unless
    the main sense has fewer than ten.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``, ``digest_date``).
    definitions
        Output of :func:`find_acronyms` on ``papers``, when already computed.
    min_papers
        Keep short forms defined by at least this many papers.

    Returns
    -------
    polars.DataFrame
        ``short_form`` (the most used surface form), ``long_form`` (the most frequent wording
        of the main sense), ``variants`` (short-form surface forms), ``long_form_variants``
        (wordings of the main sense), ``n_papers_defining``, ``n_papers_using`` (papers that
        mention it at all), ``n_mentions``, ``first_date``/``last_date`` (digest dates of the
        papers using it), ``ambiguous``, ``main_share`` (the share of the defining papers that
        define the main sense), ``n_senses``, ``long_forms`` (one wording per sense,
        main first) and ``key`` (the folded short form). Sorted by papers using it.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"],
    ...     "abstract": ["Large language models (LLMs) are big. LLMs talk.",
    ...                  "A large language model (LLM) helps.",
    ...                  "We use an LLM."],
    ...     "digest_date": [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]})
    >>> g = acronym_glossary(papers)
    >>> g.select("short_form", "long_form", "variants", "n_papers_defining", "n_papers_using", "n_mentions").rows()
    [('LLM', 'large language model', ['LLM', 'LLMs'], 2, 3, 4)]
    """
    validate_papers(papers, required=("paper_id", "title"))
    if definitions is None:
        fields = tuple(f for f in _FIELDS if f in papers.columns)
        definitions = find_acronyms(papers, fields=fields)
    if definitions.height == 0:
        return pl.DataFrame(schema=_GLOSSARY_SCHEMA)
    defs = definitions.with_columns(
        _sf_key_expr(pl.col("short_form")).alias("key"),
        _lf_key_expr(pl.col("long_form")).alias("lf_key"),
    )
    senses = _senses(defs)
    defs = defs.join(senses.select("key", "lf_key", "sense"), on=["key", "lf_key"], how="left")
    # display wording: sentence-initial capitals dropped ("Large language models" ->
    # "large language models"), singular wordings preferred, then the most frequent
    lfd = pl.col("long_form")
    sentence_case = lfd.str.contains(r"^[A-Z][a-z]+(?:[\s\-][^A-Z\s]*)*$")
    defs = defs.with_columns(
        pl.when(sentence_case).then(lfd.str.slice(0, 1).str.to_lowercase() + lfd.str.slice(1)).otherwise(lfd).alias("_display"),
    ).with_columns(pl.col("short_form").str.contains(r"[A-Z0-9]s$").alias("_plural"))
    sense_rows = (
        defs.group_by("key", "sense")
        .agg(
            pl.col("paper_id").n_unique().alias("n"),
            pl.col("_display").filter(~pl.col("_plural")).mode().sort().first().alias("_w_singular"),
            pl.col("_display").mode().sort().first().alias("_w_any"),
            pl.col("long_form").unique().sort().alias("wordings"),
        )
        # shown in the singular: "Graphics Processing Units (GPUs)" -> "Graphics Processing Unit"
        .with_columns(_singular_expr(pl.coalesce("_w_singular", "_w_any")).alias("wording"))
        .sort("key", "sense")
    )
    main = sense_rows.filter(pl.col("sense") == 0).select("key", pl.col("wording").alias("long_form"), pl.col("wordings").alias("long_form_variants"), pl.col("n").alias("_n0"))
    second = sense_rows.filter(pl.col("sense") > 0).group_by("key").agg(pl.col("n").max().alias("_n1"))
    per_key = (
        defs.group_by("key")
        .agg(
            pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_defining"),
            pl.col("short_form").unique().sort().alias("variants"),
            pl.col("sense").n_unique().cast(pl.UInt32()).alias("n_senses"),
        )
        # one-letter short forms ("action (A)") are definitions, but as words they are
        # everywhere ("A", "Q"): not glossary entries
        .filter((pl.col("n_papers_defining") >= min_papers) & (pl.col("key").str.len_chars() >= 2))
    )
    longs = sense_rows.group_by("key").agg(pl.col("wording").sort_by("sense").alias("long_forms"))
    # mentions of every surface form
    mentions = acronym_mentions(papers, short_forms=defs.select("short_form", "key").unique())
    if "digest_date" in papers.columns:
        mentions = mentions.join(papers.select("paper_id", "digest_date"), on="paper_id", how="left")
    else:
        mentions = mentions.with_columns(pl.lit(None, dtype=pl.Date()).alias("digest_date"))
    used = mentions.group_by("key").agg(
        pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_using"),
        pl.len().cast(pl.UInt32()).alias("n_mentions"),
        pl.col("digest_date").min().alias("first_date"),
        pl.col("digest_date").max().alias("last_date"),
        pl.col("surface").mode().sort().first().alias("_surface"),
    )
    # display form: the most used surface form, singular when both are used
    sf_counts = mentions.group_by("key", "surface").len()
    singular = sf_counts.filter(~pl.col("surface").str.contains(r"[A-Z0-9]s$")).sort("len", "surface", descending=[True, False]).group_by("key", maintain_order=True).first()
    out = (
        per_key.join(main, on="key", how="left")
        .join(second, on="key", how="left")
        .join(longs, on="key", how="left")
        .join(used, on="key", how="left")
        .join(singular.select("key", pl.col("surface").alias("_singular")), on="key", how="left")
        .with_columns(
            pl.coalesce(
                "_singular",
                pl.col("_surface").str.replace(r"([A-Z0-9])s$", "${1}"),
                pl.col("variants").list.first(),
            ).alias("short_form"),
            pl.col("n_papers_using").fill_null(pl.col("n_papers_defining")),
            pl.col("n_mentions").fill_null(0),
            (
                pl.col("_n1").is_not_null()
                & ((pl.col("_n1") >= 2) | (pl.col("_n0") < 10))
                & (pl.col("_n1") >= 0.05 * pl.col("_n0"))
            ).alias("ambiguous"),
            (pl.col("_n0") / pl.col("n_papers_defining")).alias("main_share"),
        )
    )
    return out.sort(["n_papers_using", "n_papers_defining", "key"], descending=[True, True, False]).select(list(_GLOSSARY_SCHEMA)).cast(_GLOSSARY_SCHEMA)


# --- mentions ----------------------------------------------------------------------------------
#: Papers whose words :func:`acronym_mentions` matches in one step (every word is a row meanwhile).
MENTION_BATCH = 20_000
_MENTION_SCHEMA = {
    "paper_id": pl.String(),
    "field": pl.String(),
    "short_form": pl.String(),
    "surface": pl.String(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "key": pl.String(),
}


def acronym_mentions(
    papers: pl.DataFrame,
    *,
    glossary: pl.DataFrame | None = None,
    short_forms: pl.DataFrame | None = None,
    fields: tuple[str, ...] | str = _FIELDS,
    batch: int | None = None,
) -> pl.DataFrame:
    """Every use of a known short form in the titles and abstracts.

    A word (the text between spaces, without surrounding punctuation) is a mention when it is
    a short form seen in a definition, its plural ("LLMs"), or the head of a hyphenated
    compound ("LoRA-based"). Matching is case-sensitive: "LoRA" is a mention, "lora" is not.

    Parameters
    ----------
    papers
        A papers frame.
    glossary
        From :func:`acronym_glossary`; its ``variants`` are the short forms looked for.
        Computed from ``papers`` when neither ``glossary`` nor ``short_forms`` is given.
    short_forms
        Alternatively a frame with ``short_form`` (and optionally ``key``) columns.
    fields
        Which text columns to search.
    batch
        Papers whose words are matched in one step (default :data:`MENTION_BATCH`, read at
        call time, so setting ``paperkit.acronyms.MENTION_BATCH`` also changes the glossary's);
        a smaller batch uses less memory, the result is the same.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``field``, ``short_form`` (the glossary's display form, or the form
        found), ``surface`` (as written), ``start``, ``end`` (character offsets into the field)
        and ``key`` (the folded short form).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a"], "title": ["LoRA-based tuning"],
    ...     "abstract": ["Low-Rank Adaptation (LoRA) adapts LLMs; lora is not LoRA."]})
    >>> acronym_mentions(papers, short_forms=pl.DataFrame({"short_form": ["LoRA", "LLM"]})).select(
    ...     "field", "surface", "start", "end").rows()
    [('title', 'LoRA', 0, 4), ('abstract', 'LoRA', 21, 25), ('abstract', 'LLMs', 34, 38), ('abstract', 'LoRA', 52, 56)]
    """
    fields = _check_fields(fields)
    validate_papers(papers, required=("paper_id", *fields))
    if short_forms is None:
        if glossary is None:
            glossary = acronym_glossary(papers)
        short_forms = glossary.select(pl.col("variants").alias("surface"), "short_form", "key").explode(
            "surface", keep_nulls=False, empty_as_null=False
        )
    else:
        if "short_form" not in short_forms.columns:
            raise ValueError(f"short_forms needs a 'short_form' column, got {short_forms.columns}")
        if "key" not in short_forms.columns:
            short_forms = short_forms.with_columns(_sf_key_expr(pl.col("short_form")).alias("key"))
        display = short_forms.group_by("key").agg(pl.col("short_form").mode().sort().first().alias("_display"))
        short_forms = short_forms.join(display, on="key").select(
            pl.col("short_form").alias("surface"), pl.col("_display").alias("short_form"), "key"
        )
    # each surface form and its plural point to the key
    lookup = pl.concat(
        [
            short_forms.select("surface", "short_form", "key"),
            short_forms.filter(~pl.col("surface").str.ends_with("s")).select(
                (pl.col("surface") + "s").alias("surface"), "short_form", "key"
            ),
        ]
    ).unique(subset=["surface"], keep="first")
    if papers.height == 0 or lookup.height == 0:
        return pl.DataFrame(schema=_MENTION_SCHEMA)
    # Every word of a text is one row while it is matched: papers go ``batch`` at a time, so
    # memory follows the batch, not the corpus (the batches are in order, so is the result).
    batch = MENTION_BATCH if batch is None else batch
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    return pl.concat([_mentions_in(papers.slice(offset, batch), fields, lookup)
                      for offset in range(0, papers.height, batch)])


def _mentions_in(papers: pl.DataFrame, fields: tuple[str, ...], lookup: pl.DataFrame) -> pl.DataFrame:
    """The rows of :func:`acronym_mentions` for ``papers``, given the ``[surface, short_form,
    key]`` lookup of the short forms and their plurals."""
    words = (
        _texts(papers, fields)
        .with_columns(pl.col("text").str.split(" ").alias("word"))
        .with_columns(pl.col("word").list.eval((pl.element().str.len_chars() + 1).cum_sum()).alias("_end"))
        .drop("text")
        .explode("word", "_end", keep_nulls=False, empty_as_null=False)
        .with_columns(
            (pl.col("_end").cast(pl.Int64) - 1 - pl.col("word").str.len_chars()).alias("_w0"),
            pl.col("word").str.extract(r"^([\(\[\"'{]*)", 1).str.len_chars().alias("_lead"),
            pl.col("word").str.extract(r"^[\(\[\"'{]*(.*?)[\)\]\"'},.;:!?]*$", 1).alias("_core"),
        )
        .filter(pl.col("_core").str.contains(r"[A-Z]"))
        .with_columns(
            pl.col("_core").str.extract(r"^([^\-]+)-", 1).alias("_head"),
        )
    )
    full = words.join(lookup, left_on="_core", right_on="surface", how="inner").with_columns(pl.col("_core").alias("surface"))
    head = (
        words.join(lookup.select(pl.col("surface").alias("_core")), on="_core", how="anti")
        .join(lookup, left_on="_head", right_on="surface", how="inner")
        .with_columns(pl.col("_head").alias("surface"))
    )
    found = pl.concat([full, head], how="diagonal_relaxed")
    order = pl.DataFrame({"paper_id": papers["paper_id"]}).with_row_index("_order")
    return (
        found.with_columns(
            (pl.col("_w0") + pl.col("_lead")).alias("start"),
        )
        .with_columns((pl.col("start") + pl.col("surface").str.len_chars()).alias("end"))
        .join(order, on="paper_id", how="left")
        .with_columns((pl.col("field") == "abstract").alias("_f"))
        .sort("_order", "_f", "start")
        .select(list(_MENTION_SCHEMA))
        .cast(_MENTION_SCHEMA)
    )


# --- synonyms and canonical terms ---------------------------------------------------------------------
def acronym_synonyms(glossary: pl.DataFrame, *, min_papers: int = 2) -> pl.DataFrame:
    """Surface forms that name the same term as a glossary's short form.

    For each short form defined in at least ``min_papers`` papers (a single paper's
    "Collaborative Decoding (CoDe)" does not make the word "code" an acronym): its variants
    and their plurals (unless the glossary marks it ``ambiguous``), and the canonical long form and those wordings of it that differ only
    in case, hyphens or spaces and a plural ("Low-Rank Adaptation", "low rank adaptations"),
    all lower case. Other wordings of the same sense ("low-rank adaptation parameters") and
    text that is not a term (punctuation left over from parsing) are not synonyms. A term
    claimed by two short forms goes to the one defined by more papers.

    Parameters
    ----------
    glossary
        From :func:`acronym_glossary`.
    min_papers
        Fold only short forms defined by at least this many papers (1: all of them).

    Returns
    -------
    polars.DataFrame
        ``term`` (lower case, unique), ``canonical`` (the short form to display, e.g.
        "LoRA") and ``long_form`` (its canonical long form).

    Examples
    --------
    >>> g = pl.DataFrame({"short_form": ["LoRA", "CoDe"], "long_form": ["Low-Rank Adaptation", "Collaborative Decoding"],
    ...     "variants": [["LoRA"], ["CoDe"]],
    ...     "long_form_variants": [["Low-Rank Adaptation", "low-rank adaptation", "low-rank adaptation parameters"],
    ...                            ["Collaborative Decoding"]],
    ...     "n_papers_defining": [3, 1]})
    >>> acronym_synonyms(g)["term"].to_list()
    ['lora', 'loras', 'low rank adaptation', 'low rank adaptations', 'low-rank adaptation', 'low-rank adaptations']
    """
    need = ("short_form", "long_form", "variants", "long_form_variants", "n_papers_defining")
    missing = [c for c in need if c not in glossary.columns]
    if missing:
        raise ValueError(f"glossary is missing column(s) {missing}; expected the output of acronym_glossary()")
    if not isinstance(min_papers, int) or min_papers < 1:
        raise ValueError(f"min_papers must be a positive int, got {min_papers!r}")
    rows = glossary.filter(pl.col("n_papers_defining") >= min_papers)

    def folded(e: pl.Expr) -> pl.Expr:  # case, hyphens, spaces and a final plural folded
        low = e.str.to_lowercase().str.replace_all(r"[\s\-]+", "")
        return low.str.replace(r"ies$", "y").str.replace(r"([^su])s$", "${1}")

    wordings = (
        rows.select(
            pl.col("short_form").alias("canonical"),
            "long_form",
            "n_papers_defining",
            pl.concat_list(pl.col("long_form"), pl.col("long_form_variants")).alias("term"),
        )
        .explode("term", keep_nulls=False, empty_as_null=False)
        .filter(folded(pl.col("term")) == folded(pl.col("long_form")))
    )
    # an ambiguous short form ("CODE": "Collaborative Decoding" in one paper, "Confident
    # Ordinary Differential Editing" in another) names no single term: only its long forms fold
    sure = rows.filter(~pl.col("ambiguous")) if "ambiguous" in rows.columns else rows
    short = sure.select(
        pl.col("short_form").alias("canonical"), "long_form", "n_papers_defining", pl.col("variants").alias("term")
    ).explode("term", keep_nulls=False, empty_as_null=False)
    base = pl.concat([short, wordings], how="vertical_relaxed")
    low = pl.col("term").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    singular = low.str.replace(r"ies$", "y").str.replace(r"([^su])s$", "${1}")
    plural = pl.when(singular.str.ends_with("y") & ~singular.str.contains(r"[aeiou]y$")).then(
        singular.str.slice(0, singular.str.len_chars() - 1) + "ies"
    ).otherwise(singular + "s")
    forms = pl.concat_list(singular, plural, singular.str.replace_all("-", " "), plural.str.replace_all("-", " "))
    out = (
        base.with_columns(forms.alias("term"))
        .explode("term", keep_nulls=False, empty_as_null=False)
        # a term is words: letters and digits joined by spaces, hyphens, slashes ("c-diffdet+")
        .filter(pl.col("term").str.contains(r"^\w(?:[\w \-/.&']*[\w+])?$"))
        .sort(["n_papers_defining", "canonical"], descending=[True, False])
        .unique(subset=["term"], keep="first", maintain_order=True)
        .sort("canonical", "term")
        .select("term", "canonical", "long_form")
    )
    return out


def canonicalize_terms(terms: pl.Series, synonyms: pl.DataFrame) -> pl.Series:
    """Replace every term that names a known acronym by its canonical short form.

    Parameters
    ----------
    terms
        Terms or keyphrases (any case).
    synonyms
        From :func:`acronym_synonyms`.

    Returns
    -------
    polars.Series
        Same length and name: the canonical short form where the lower-cased term is a known
        synonym, else the term unchanged.

    Examples
    --------
    >>> syn = pl.DataFrame({"term": ["lora", "low-rank adaptation", "low rank adaptation"],
    ...                     "canonical": ["LoRA"] * 3, "long_form": ["Low-Rank Adaptation"] * 3})
    >>> canonicalize_terms(pl.Series("kw", ["Low-Rank Adaptation", "LoRA", "diffusion"]), syn).to_list()
    ['LoRA', 'LoRA', 'diffusion']
    """
    if not isinstance(terms, pl.Series):
        raise TypeError(f"terms must be a polars Series, got {type(terms).__name__}")
    if not {"term", "canonical"} <= set(synonyms.columns):
        raise ValueError(f"synonyms needs 'term' and 'canonical' columns (acronym_synonyms()), got {synonyms.columns}")
    frame = pl.DataFrame({"_t": terms.cast(pl.String())}).with_columns(
        pl.col("_t").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars().alias("term")
    )
    joined = frame.join(synonyms.select("term", "canonical"), on="term", how="left", maintain_order="left")
    return joined.select(pl.coalesce("canonical", "_t").alias(terms.name))[terms.name]
