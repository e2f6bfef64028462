"""Keyword trends over time: shares per period, rising and falling terms, bursts, trend topics
and keyword-in-context.

All functions take the *paper terms* frame (``paper_id``, ``term``; e.g. from
:func:`paperkit.keywords.paper_terms` or :func:`paperkit.keywords.keyphrases` renamed) and the
papers frame for the dates, and return tidy frames. Dates are the first digest date
(``digest_date``) by default, ``date="published"`` for arXiv publication.

Fragments: every candidate of a paper is a term, so the words inside a longer term are terms too
("reinforcement" inside "reinforcement learning", "large language" inside "large language
models"). :func:`term_containment` measures, per term, the share of its papers that use it
*only* inside a longer term; :func:`rising_terms` drops terms with a share of at least 0.8 by
default (``drop_inside=0.8``), and the report's keyword sections do the same.

Denominators are explicit: a share is papers using the term over *all papers of that period*,
so a thin or partial period does not read as a drop; periods without any paper are kept with
``papers = 0`` and a null share, and ``min_period_papers`` nulls the share of periods too thin to read.

Steps
-----
Each step is one module of this package::

    papers ──periods──▶ dated papers, period grid, windows (the denominators and the time axis)
                              │
    paper terms ──terms──▶ one row per paper and term; enumerators and quantities are no topics
                              │
                              ├──fragments──▶ terms written inside longer terms; near-duplicates
                              ├──shares─────▶ share of papers per term and period
                              │                   └──bursts──▶ bursts in those shares
                              ├──rising─────▶ rising and falling terms between two windows
                              └──context────▶ trend topics (date quartiles), keyword in context

:mod:`~paperkit.trends.periods` (period grid, ``period_counts``, ``trend_windows``,
:data:`MAX_PERIODS`), :mod:`~paperkit.trends.terms` (the paper-terms frame),
:mod:`~paperkit.trends.fragments` (``term_containment``, ``fragment_terms``,
``near_duplicates``), :mod:`~paperkit.trends.shares` (``term_shares``, ``lookup_terms``,
``topical_terms``), :mod:`~paperkit.trends.rising` (``log_odds_ratio``, ``rising_terms``),
:mod:`~paperkit.trends.bursts`, :mod:`~paperkit.trends.context` (``trend_topics``,
``keyword_in_context``, :data:`MAX_SENTENCE_CHARS`), and :mod:`~paperkit.trends.follow`
(``keyword_trends``: named terms over time straight from papers, extracting them with
:func:`paperkit.keywords.paper_terms` when no terms frame is given).
"""

from __future__ import annotations

from paperkit.trends.bursts import bursts
from paperkit.trends.context import keyword_in_context, trend_topics
from paperkit.trends.follow import keyword_trends
from paperkit.trends.fragments import fragment_terms, near_duplicates, term_containment, term_table_containment
from paperkit.trends.periods import describe_windows, period_counts, trend_windows
from paperkit.trends.rising import log_odds_ratio, rising_terms
from paperkit.trends.shares import TermNotFoundWarning, lookup_terms, term_shares, topical_terms

# Limits a reader may look up as ``paperkit.trends.MAX_PERIODS`` (each defined in its step's module).
from paperkit.trends.context import MAX_SENTENCE_CHARS  # noqa: E402,F401
from paperkit.trends.periods import MAX_PERIODS  # noqa: E402,F401

__all__ = [
    "bursts",
    "describe_windows",
    "fragment_terms",
    "keyword_in_context",
    "keyword_trends",
    "log_odds_ratio",
    "lookup_terms",
    "near_duplicates",
    "period_counts",
    "rising_terms",
    "term_containment",
    "term_shares",
    "term_table_containment",
    "TermNotFoundWarning",
    "topical_terms",
    "trend_topics",
    "trend_windows",
]
