"""Title names: "DyLoRA: ... Dynamic Search-Free Low-Rank Adaptation" matched capital by capital.
"""

from __future__ import annotations

import re

import polars as pl

from paperkit.normalize import title_name_expr, validate_papers
from paperkit.pos import GERUND, NOUN, word_class
from paperkit.acronyms.matching import sf_letters, subwords, word_start
from paperkit.acronyms.patterns import SENTENCE_END_RE, SKIPPABLE


def _capitals(name: str) -> str:
    """The letters of a name that must start words of its long form: capitals and digits,
    and the first letter ("DyLoRA" -> "dlra", "MRAG" -> "mrag", "3DGS" -> "3dgs")."""
    out = [c.lower() for i, c in enumerate(name) if c.isupper() or (c.isdigit() and (i == 0 or not name[i - 1].isdigit()))]
    if name and name[0].isalpha() and not name[0].isupper():
        out.insert(0, name[0].lower())
    return "".join(out)


def _name_long_form(name: str, rest: str) -> tuple[int, int] | None:
    """Span in ``rest`` (the title after its colon) of the words a title name abbreviates.

    Every capital of the name starts a word (or camel-case hump) in order, within a run of
    words no longer than twice the capitals plus two; the lower-case letters of the name are
    found, in order, inside that run. Words may be skipped ("Dynamic Search-Free Low-Rank
    Adaptation" for "DyLoRA"), but the run must begin with the first capital and end on the
    last.
    """
    caps = _capitals(name)
    letters = sf_letters(name)
    if len(caps) < 2 or len(letters) < 2:
        return None
    subs = subwords(rest)
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
        start = word_start(rest, a, camel)
        end = rest.find(" ", last_b)
        end = len(rest) if end < 0 else end
        span = rest[start:end].rstrip(",.;:?!")
        if SENTENCE_END_RE.search(span):
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
            return start, start + len(span) + _head_words(rest[start + len(span):])
    return None


_HEAD_WORD_RE = re.compile(r"[ \-]+([A-Z0-9][\w\-]*)")  # a capitalised word: "AI", "Unlearning", "3D"


def _head_words(after: str) -> int:
    """How many characters of ``after`` (the title after the matched words) still belong to
    the long form: at most two capitalised nouns before the next function word or punctuation
    ("...Generation for Embodied" + " AI"; "...Adapter-Aware Targeted" + " Unlearning"); none
    before a function word ("Low-Rank Adaptation" + " of Large Language Models"), and none that
    reads as a verb ("...Reinforcement Learning" + " Expands Reasoning"). A word in ``-ing`` counts
    as a noun only where the title ends ("Targeted Unlearning")."""
    end = 0
    for _ in range(2):
        m = _HEAD_WORD_RE.match(after, end)
        if m is None or after[m.end():m.end() + 1].isalnum():
            break
        word = m.group(1)
        if word.lower() in SKIPPABLE:
            break
        letters = word.split("-")[-1].lower()
        if letters.isalpha() and not word.isupper():
            bits = word_class(letters)
            title_end = not after[m.end():].strip(" .!?")
            if not (bits & NOUN or (bits & GERUND and title_end)):
                break
        end = m.end()
    return end

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
        papers = papers.with_columns(title_name_expr(pl.col("title")).alias("name"))
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
