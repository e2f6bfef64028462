"""Is the text around one parenthesis a definition? The scalar reference extractor.

:func:`decide` reads a bounded window before ``(`` and the text inside, in the three patterns
*long form (SF)*, *SF (long form)* and *(long form, SF)*; :func:`extract_definitions` applies it
to every parenthesis of one text. :func:`~paperkit.acronyms.find_acronyms` finds the same
definitions for a whole column.
"""

from __future__ import annotations

import re

from paperkit.acronyms.matching import (
    fast_match,
    sf_letters,
    long_form_ok,
    match_window,
    subwords,
    suffix_split,
)
from paperkit.acronyms.patterns import (
    LABEL_AFTER_RE,
    LABEL_BEFORE_RE,
    NAME_LIST_RE,
    BRACKETS,
    CUTS,
    INNER_CHARS,
    LAST_TOKEN_RE,
    LAST_WORD_RE,
    LF_LEAD_RE,
    LF_TRAIL_RE,
    PAREN_WORD_RE,
    PARTS_CHARS,
    REMARK_RE,
    SEGMENT_RE,
    SEMI_RE,
    SKIPPABLE,
    TRAIL_RE,
    WINDOW_CHARS,
)
from paperkit.acronyms.shortforms import Definition, is_acronym_cached, sf_ok


def _cut(window: str) -> int:
    """Index in ``window`` after the last clause boundary."""
    cut = 0
    for mark in CUTS:
        k = window.rfind(mark)
        if k >= 0 and k + len(mark) > cut:
            cut = k + len(mark)
    return cut


def _mask_inword_parens(window: str) -> str:
    """``window`` with the parentheses inside words masked (control characters 1 and 2, same
    offsets): a "(...)" of at most 12 non-space characters glued to a word on either side,
    found by scanning for ``(`` first (a look-behind regex made ``re`` try every position)."""
    out = None
    n = len(window)
    for m in PAREN_WORD_RE.finditer(window):
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
    lo = max(0, p - WINDOW_CHARS)
    window = text[lo:p].rstrip(" ~")
    lo_fast = max(0, p - PARTS_CHARS, text.rfind("(", 0, p) + 1)
    k = fast_match(sf, text[lo_fast:p], text[lo_fast - 1] if lo_fast > 0 else " ") if fast else None
    if k is not None:
        lf = TRAIL_RE.sub("", text[lo_fast + k:p])
        return Definition(sf, lf, "long_short", sf_start, sf_start + len(sf), lo_fast + k, lo_fast + k + len(lf))
    cut = _cut(_mask_inword_parens(window) if ")" in window else window)
    seg = window[cut:]
    if not seg:
        return None
    n_letters = len(sf_letters(sf))
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
    m = match_window(sf, cand)
    if m is None:
        return None
    start, matched = m
    lead = LF_LEAD_RE.match(cand, start).end() - start  # no debris: "'each ... itself'", "models*"
    lf = LF_TRAIL_RE.sub("", cand[start + lead:])
    rel = [q - start - lead for q in matched if q >= start + lead]
    if not lf or not long_form_ok(sf, lf, rel) or lf.count(")") != lf.count("("):
        return None
    lf_start = lo + cut + base + start + lead
    sf, lf = _drop_shared_suffix(sf, lf)
    return Definition(sf, lf, "long_short", sf_start, sf_start + len(sf), lf_start, lf_start + len(lf))


def _define_one_letter(sf: str, sf_start: int, offset: int, cand: str) -> Definition | None:
    """One-letter short form: a capital, and the single word before the parenthesis starts
    with it ("phosphorus (P)", "masseter (M)"; Sohn et al. 2008). Lower-case letters are
    mostly enumerations ("(a)", "(i)") or variables, and are not taken."""
    if not sf.isupper() or sf in "IVX":
        return None
    m = LAST_WORD_RE.search(cand)
    if m is None or m.start() > 0 and cand[m.start() - 1] not in " ":
        return None
    word = m.group(0)
    if word[0].lower() != sf.lower() or len(word) < 4 or word.lower() in SKIPPABLE:
        return None
    a = offset + m.start()
    return Definition(sf, word, "long_short", sf_start, sf_start + len(sf), a, a + len(word))


def _define_in_word(sf: str, sf_start: int, offset: int, cand: str) -> Definition | None:
    """Short form spelled inside the one word before the parenthesis, first letter first
    ("proopiomelanocortin (POMC)", "Neurturin [NTN]"; Sohn et al. 2008)."""
    letters = sf_letters(sf)
    m = LAST_WORD_RE.search(cand)
    if m is None or len(letters) < 2 or not sf[0].isalpha():
        return None
    if m.start() > 0 and cand[m.start() - 1] not in " ":
        return None
    word = m.group(0)
    low = word.lower()
    if low[0] != letters[0] or len(word) < len(letters) + 3 or low in SKIPPABLE:
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
    split = suffix_split(sf)
    if split is not None and lf.endswith(split[1]) and len(lf) > len(split[1]) + 1:
        return split[0], lf[: -len(split[1])]
    return sf, lf


def _define_short_long(text: str, p: int, q: int) -> Definition | None:
    """``SF (long form)``: the word before ``text[p] == '('`` is an acronym, the inside its long form."""
    before = text[max(0, p - 40):p].rstrip()
    mw = LAST_TOKEN_RE.search(before)
    if not mw:
        return None
    sf = mw.group(1).rstrip(",;:")
    if not is_acronym_cached(sf):
        return None
    sf_start = max(0, p - 40) + mw.start(1)
    inner = text[p + 1:q]
    lead = len(inner) - len(inner.lstrip())
    seg = LF_TRAIL_RE.sub("", SEGMENT_RE.split(inner.strip(), maxsplit=1)[0])
    if not seg or REMARK_RE.match(seg) or len(seg.split()) < 2:
        return None
    m = match_window(sf, seg)
    if m is None or m[0] != 0:
        return None
    start, matched = m
    # the long form runs to the end of the word holding the last matched letter, and must
    # be the whole first segment (a long form is not followed by more words in the parentheses)
    if not long_form_ok(sf, seg, matched):
        return None
    starts = {a for a, _, _ in subwords(seg)}
    caps = sum(c.isupper() or c.isdigit() for c in sf)
    slack = 1 if caps >= 4 and not any(c.isdigit() for c in sf) else 0
    if sum(p in starts for p in matched) < caps - slack:
        return None
    lf_start = p + 1 + lead
    return Definition(sf, seg, "short_long", sf_start, sf_start + len(sf), lf_start, lf_start + len(seg))


def decide(text: str, p: int, q: int, *, fast: bool = True, after: bool = True) -> Definition | None:
    """Decide on the candidate ``text[p:q+1] == '( ... )'`` (``fast=False``: the fast path
    has already been tried, by polars; ``after=False``: polars found that neither *SF (long
    form)* nor *(long form, SF)* can match, see ``_after`` in :func:`paren_candidates`)."""
    inner = text[p + 1:q]
    if _is_name_list(inner):  # "(DiT, U-ViT, HDiT)": names listed, not a definition
        return None
    lead = len(inner) - len(inner.lstrip())
    body = inner.strip()
    sf = SEMI_RE.split(body, maxsplit=1)[0].rstrip(" '\u2019")  # "(LLMs')" is LLMs
    if sf_ok(sf):
        d = _define_long_short(text, p, sf, p + 1 + lead, fast=fast)
        if d is not None:
            return d
    if not after:
        return None
    d = _define_short_long(text, p, q)
    if d is None and "," in body:
        d = _define_inner_pair(text, p, q)
    return d


def _is_name_list(inner: str) -> bool:
    """The scalar twin of :func:`~paperkit.acronyms.candidates._name_list`."""
    if not NAME_LIST_RE.match(inner):
        return False
    items = re.findall(r"[^\s,;]+", re.sub(r"[,;]\s*(?:and|or)\s+", ", ", inner))
    return len(items) < 2 or items[0].lower().removesuffix("s") != items[1].lower().removesuffix("s")


def _define_inner_pair(text: str, p: int, q: int) -> Definition | None:
    """Both forms inside the parentheses, long form first: "(blood-brain barrier, BBB)"
    (Sohn et al. 2008)."""
    inner = text[p + 1:q]
    k = inner.rfind(",")
    sf = inner[k + 1:].strip()
    raw = inner[:k]
    lf = raw.strip()
    if not sf_ok(sf) or not any(c.isupper() for c in sf) or ";" in raw or "," in raw or len(sf) < 2:
        return None
    m = match_window(sf, lf)
    if m is None or m[0] != 0 or not long_form_ok(sf, lf, m[1]):
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
    paren = text.translate(BRACKETS)  # "[SF]" is read as "(SF)", line breaks as spaces; same offsets
    while True:
        p = paren.find("(", start)
        if p < 0:
            break
        q = paren.find(")", p + 1, p + 2 + INNER_CHARS)
        nxt = paren.find("(", p + 1, q if q >= 0 else p + 1)
        start = p + 1
        if q < 0 or nxt >= 0:
            continue
        d = decide(paren, p, q)
        if d is not None and not _is_label(paren, d, p, q):
            out.append(d)
    return out


def _is_label(text: str, d: Definition, p: int, q: int) -> bool:
    """A one-word definition written as a label in a list of labels ("Happiness(HA),
    Motion(MI)"): "(" attached to the word and another such item beside it."""
    if d.lf_end != p or any(c in d.long_form for c in " -"):
        return False
    return bool(LABEL_AFTER_RE.match(text[q + 1:q + 41]) or LABEL_BEFORE_RE.search(text[max(0, d.lf_start - 40):d.lf_start]))
