"""The analysis sections of the report: keyword trends, rising terms, bursts, acronyms, co-topics.

Each *section builder* is a function ``papers -> Section`` (see :mod:`paperkit.report`). The
numbers come from the stages of a :class:`paperkit.Digest` (:mod:`paperkit.pipeline`: the
glossary, every term of every paper, the rising terms, the topics ...), computed once and
shared by the builders; a section only chooses what to show and writes the text around it.
:func:`analysis_sections` returns the builders of the default report, bound to one digest.

A builder never crashes on a small corpus: with a single day of papers the trend sections say
that they need at least two periods, and an empty corpus gives a one-line note.

Examples
--------
>>> import datetime as dt
>>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LoRA adapters", "RAG agents"],
...     "abstract": ["", ""], "digest_date": [dt.date(2025, 3, 17)] * 2})
>>> section = keyword_trends_section(papers)
>>> section.heading, [type(b).__name__ for b in section.blocks]
('Keyword trends', ['Text', 'Table'])
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

from paperkit.pipeline import Digest
from paperkit.report.blocks import Section
from paperkit.report.context import ReportContext, Shared
from paperkit.report.topic_sections import (
    acronyms_section,
    acronyms_section, cotopics_section, thematic_map_section, what_changed_section,
    cotopics_section,
    thematic_map_section,
)
from paperkit.report.trend_sections import (
    bursts_section,
    bursts_section, keyword_trends_section, rising_terms_section,
    keyword_trends_section,
    rising_terms_section,
)

__all__ = [
    "ReportContext",
    "acronyms_section",
    "analysis_sections",
    "bursts_section",
    "cotopics_section",
    "keyword_trends_section",
    "rising_terms_section",
    "thematic_map_section",
    "what_changed_section",
]


# --- the default list ----------------------------------------------------------------------------
def analysis_sections(
    digest: Digest | None = None,
    *,
    every: str = "1mo",
    top: int = 20,
    dictionary: Mapping[str, Sequence[str]] | None = None,
    cache: Any = None,
    progress: Callable[[str], None] | None = None,
    context: Any = None,
) -> list[Callable[[pl.DataFrame], Section]]:
    """The analysis section builders of the default report, sharing one :class:`paperkit.Digest`.

    Parameters
    ----------
    digest
        A digest to share (e.g. one a notebook already used); the other options are then
        ignored. Given another papers frame, a builder uses a digest of that frame with the same
        options.
    every, top, dictionary, cache, progress
        As in :class:`paperkit.Digest`, when no ``digest`` is given: the builders then share
        the digest of the first papers frame they are given.
    context
        Deprecated name of ``digest`` (a :class:`ReportContext` is accepted).

    Returns
    -------
    list of callables
        Keyword trends, rising and falling terms, bursts, the acronym glossary, co-topics and
        the thematic map, each ``papers -> Section``.

    Examples
    --------
    >>> [b.func.__name__ for b in analysis_sections()]
    ['keyword_trends_section', 'rising_terms_section', 'bursts_section', 'acronyms_section', 'cotopics_section', 'thematic_map_section']
    """
    if context is not None:
        if digest is not None:
            raise TypeError("pass digest= (context= is its deprecated name), not both")
        warnings.warn("context= is deprecated: pass a paperkit.Digest", DeprecationWarning, stacklevel=2)
        digest = context
    shared = digest if digest is not None else Shared(every=every, top=top, dictionary=dictionary, cache=cache,
                                                       progress=progress)
    builders = (keyword_trends_section, rising_terms_section, bursts_section, acronyms_section,
                cotopics_section, thematic_map_section)
    return [functools.partial(b, digest=shared) for b in builders]
