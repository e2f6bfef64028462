"""Does a short form match a candidate long form? The letter matchers.

Characters of the short form are matched right to left in the candidate long form, the first
one at the start of a word (Schwartz & Hearst 2003), extended with Ab3P-style strategies
(Sohn et al. 2008): camel-case inner letters, digits as number words, plural short forms, an
alignment that prefers word starts (:func:`_dp_match`), and the fast initials test
(:func:`fast_match`, the scalar twin of :func:`~paperkit.acronyms.fastpath.fast_definitions`).
:func:`long_form_ok` holds the precision rules a match must also pass.
"""

from __future__ import annotations

import re
from functools import lru_cache

from paperkit.acronyms.patterns import (
    ALNUM_RE,
    CAPS_WORD_RE,
    CHUNK_RE,
    CUT_RE,
    DIGIT_WORDS,
    DIGITS_RE,
    ENDS_WORD_RE,
    FAST_SF_RE,
    MAX_FAST,
    MAX_PARTS,
    OPENERS,
    PART_RE,
    PREFIX_RE,
    SKIPPABLE,
    SUBWORD_RE,
    SUFFIX_RE,
    TRAIL_RE,
    WORD_PART_RE,
    WORD_RE,
    WTOK_RE,
)
from paperkit.text import acronym_singular


@lru_cache(maxsize=1 << 16)
def sf_letters(sf: str) -> str:
    """The letters and digits of a short form, lower-cased ("TF-IDF" -> "tfidf")."""
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
    for d, words in DIGIT_WORDS.items():
        if d in sf:
            for w in words:
                out.append(sf.replace(d, w[0]))
    return out


def subwords(lf: str) -> list[tuple[int, int, bool]]:
    """Sub-words of ``lf`` as ``(start, end, camel)``: split at spaces, hyphens, slashes and
    camel-case humps; ``camel`` marks a capital inside a word ("eXtreme", "GradNorm")."""
    return [(a, b, a > 0 and lf[a - 1].isalnum()) for a, b in map(re.Match.span, SUBWORD_RE.finditer(lf))]


def word_start(lf: str, i: int, camel: bool) -> int:
    """Where the long form starts when its first letter is ``lf[i]``.

    A capital inside a word ("eXtreme") starts the long form at the word. So does a letter
    after a hyphen when the word starts with the same letter ("Multi-modal LLM (MLLM)") or
    with a chemical locant or prefix ("2,6-diaminopurine (DAP)", "alpha-amino-...").
    """
    ws = lf.rfind(" ", 0, i) + 1
    if camel or ws == i:
        return ws
    if lf[ws].lower() == lf[i].lower() or PREFIX_RE.match(lf[ws:i]):
        return ws
    return i


def _is_function_word(lf: str, a: int, b: int) -> bool:
    """``lf[a:b]`` is a free-standing function word ("of", "the"), not part of a compound
    such as "in-context" or "end-to-end"."""
    return lf[a:b].lower() in SKIPPABLE and lf[b:b + 1] != "-" and (a == 0 or lf[a - 1] != "-")


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
                return word_start(lf, a, camel), matched
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
    return word_start(lf, a, camel), matched


@lru_cache(maxsize=1 << 16)
def suffix_split(sf: str) -> tuple[str, str] | None:
    """``sf`` without and with a shared suffix ("LLM-based" -> "LLM", "-based"), else ``None``."""
    m = SUFFIX_RE.match(sf)
    return (m.group(1), m.group(2)) if m else None


@lru_cache(maxsize=1 << 16)
def _variants(sf: str) -> tuple[str, ...]:
    """The letter strings :func:`match_window` tries for ``sf``: its letters, without a plural ``s``,
    with digits read as number words; empty when ``sf`` has no letter or digit."""
    letters = sf_letters(sf)
    if not letters:
        return ()
    variants = [letters]
    if len(letters) > 2 and sf.endswith("s") and not sf[:-1].endswith("s"):
        variants.append(letters[:-1])
    if any(c.isdigit() for c in letters):
        variants += _expand_digits(letters)
    return tuple(variants)


def match_window(sf: str, window: str) -> tuple[int, list[int]] | None:
    """Find the start of the long form of ``sf`` at the end of ``window``.

    Tries the short form's letters as written, without a plural ``s``, and with digits read as
    number words: first as the initials of the last words (fast path), then by an alignment
    that puts as many letters as possible on word starts.
    """
    split = suffix_split(sf)
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
    subs = subwords(window)
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


def _fast_sf(sf: str) -> tuple[str, list[str]] | None:
    """Letters (singular) and chunks of a short form the fast path can decide, else ``None``:
    letters and hyphens with a capital, at least two chunks ("LoRA" -> "Lo", "R", "A")."""
    if not (2 <= len(sf) <= MAX_FAST + 2) or not FAST_SF_RE.match(sf) or sf.islower():
        return None
    letters = acronym_singular(sf.replace("-", ""))
    chunks = CHUNK_RE.findall(letters)
    if not 2 <= len(chunks) <= MAX_FAST:
        return None
    return letters, chunks


def _starts_word(lf: str, before: str) -> bool:
    """A long form begins a word: it starts with a letter or digit, after a space, an opening
    bracket or quote, or the start of the text ("multi-modal large language models (MLLMs)" is
    not read as "modal large language models", whatever character joins "multi" and "modal")."""
    return lf[:1].isascii() and lf[:1].isalnum() and (before.isspace() or before in OPENERS)


def fast_match(sf: str, window: str, before: str = " ") -> int | None:
    """The common cases, decided exactly as the polars fast path (:func:`fast_definitions`).

    ``window`` is the text before "(" (at most ``PARTS_CHARS``, not crossing another "(");
    ``before`` the character before ``window`` (a space at the start of the text).
    Its last tokens, either words and hyphen parts ("Low", "Rank", "Adaptation") or words
    between spaces ("Multi-modal", "Large", ...), must start with the short form's letters
    ("Chain-of-Thought (CoT)") or with its chunks ("Low-Rank Adaptation (LoRA)", each chunk
    beginning its word), all tokens or all but function words ("Reinforcement Learning from
    Human Feedback (RLHF)"). Returns where the long form starts in ``window``.
    """
    shape = _fast_sf(sf)
    if shape is None or not ENDS_WORD_RE.search(window):
        return None
    letters, chunks = shape
    for tok_re in (PART_RE, WTOK_RE):
        toks = tok_re.findall(window)[-MAX_PARTS:]
        if not toks:
            continue
        inits, func = [], []
        before = " "
        for t in toks:
            m = ALNUM_RE.search(t)
            inits.append(m.group(0).lower() if m else "?")
            word = t.rstrip()
            func.append(word.lower() in SKIPPABLE and before.isspace() and (len(word) == len(t) or t[len(word)].isspace()))
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
            lf = TRAIL_RE.sub("", full)
            start = len(window) - len(full)
            if CUT_RE.search(lf) or len(lf) <= len(sf) or len(lf.split()) > min(n + 5, 2 * n):
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


def _embedded_acronym_letters(sf: str, lf: str) -> set[int]:
    """Offsets of the letters of an acronym that the long form writes whole and the short form
    repeats as one of its parts ("MCTS" in "Self-Refine applied to MCTS (SR-MCTS)"): each of
    them stands for a word of that acronym, so it counts as a word start."""
    parts = set(re.split(r"[-/]", sf))
    if len(parts) < 2:
        return set()
    return {i for m in CAPS_WORD_RE.finditer(lf) if m.group(0) in parts for i in range(*m.span())}


def long_form_ok(sf: str, lf: str, matched: list[int]) -> bool:
    """Precision checks on a matched long form (beyond Schwartz & Hearst's)."""
    words = lf.split()
    n_letters = len(sf_letters(sf))
    if len(words) > min(n_letters + 5, 2 * n_letters) or len(lf) <= len(sf):
        return False
    if sf.lower() in (w.lower() for w in WORD_PART_RE.findall(lf)) or words[0].isdigit():
        return False  # "7 billion parameters (7B)" is a quantity, not a long form
    sf_numbers = set(DIGITS_RE.findall(sf))
    matched_set = set(matched)
    for p in matched:
        if lf[p].isdigit():
            if p > 0 and lf[p - 1].isdigit():
                if p - 1 not in matched_set:
                    return False  # a digit of the short form matches a whole number only
                continue
            if DIGITS_RE.match(lf, p).group(0) not in sf_numbers:
                return False  # ... and the same number ("PMP22" = "protein 22")
    subs = subwords(lf)
    starts = {a for a, _, _ in subs} | _embedded_acronym_letters(sf, lf)
    if sf_letters(sf).startswith("x"):
        starts |= {a + 1 for a, _, _ in subs if lf[a:a + 2].lower() == "ex"}
    on_starts = sum(p in starts for p in matched)
    missed = 0
    content = 0
    last_missed = False
    ms = sorted(matched)
    k, nm = 0, len(ms)
    for m in WORD_RE.finditer(lf):
        # a hyphenated or slashed compound is one word: covered when any part is
        # ("Germ-line stem cells (GSCs)", "c-Jun NH2-terminal kinase (JNK)")
        w = m.group(0).lower()
        if "-" in w or "/" in w:
            if not any(x not in SKIPPABLE and not x.isdigit() for x in WORD_PART_RE.findall(w)):
                continue
        elif w in SKIPPABLE or w.isdigit():
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


def match_letters(short_form: str, window: str) -> tuple[int, list[int]] | None:
    """Where the long form of ``short_form`` starts at the end of ``window``, and which
    characters of ``window`` its letters were matched to.

    The letter matcher of :func:`~paperkit.acronyms.find_acronyms` alone, without the
    precision rules that decide whether the match is a definition.

    Returns
    -------
    tuple or None
        ``(start, positions)``: the offset of the long form in ``window`` and the offsets of
        the matched letters; ``None`` when the letters cannot be matched.

    Examples
    --------
    >>> match_letters("LoRA", "we use Low-Rank Adaptation")
    (7, [7, 8, 11, 16])
    """
    return match_window(short_form, window)
