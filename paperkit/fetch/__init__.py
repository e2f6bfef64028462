"""Fetch digests from the Hugging Face daily-papers API and the arXiv API.

All network code of paperkit lives here (stdlib :mod:`urllib`, no extra dependency). Both
fetchers are *resumable*: they write one file per day, atomically (a hidden temporary file
in the same folder, then :func:`os.replace`), and skip the days already on disk, so a
second run of the same command only fetches what is missing. They are *polite*: one
request at a time, a minimum delay between requests, a ``User-Agent`` naming paperkit,
bounded retries with exponential backoff and jitter on 429/5xx (``Retry-After`` honoured).

On-disk layout (what :func:`paperkit.read_papers` reads)
--------------------------------------------------------
``fetch_hf_daily(into="data/raw/hf-daily")``
    ``data/raw/hf-daily/YYYY-MM-DD.json``: the body of
    ``GET {base}/api/daily_papers?date=YYYY-MM-DD``, byte for byte. A day without papers
    is recorded as the API's own answer, an empty list ``[]``, so re-runs skip it.
``fetch_arxiv(category="cs.CL", into="data/raw/arxiv")``
    ``data/raw/arxiv/cs.CL/YYYY-MM-DD.jsonl``: every paper of that category (primary or
    cross-list) whose first version was *submitted* on that day (UTC, the API's
    ``submittedDate``), one JSON object per line with the keys of the arXiv daily
    listings: ``id`` (no version), ``pdf``, ``abs``, ``authors`` (list), ``title``,
    ``categories`` (list, primary first), ``comment`` (str or null), ``summary``, plus
    ``published`` (ISO time of v1). A day without papers is recorded by an empty hidden
    marker ``.YYYY-MM-DD.empty`` in the same folder (the loaders ignore hidden files, and
    an empty ``.jsonl`` would be reported as a problem); delete it to fetch the day again.

Provisional days
----------------
A day file written before the day could be complete is *provisional* and is fetched again
by the next run (atomically replacing it; if that fails the old copy stays). Final means
written at least :data:`SETTLE` after the start of the day (UTC): 1 day for Hugging Face,
5 days for arXiv, whose API shows a submission only after its announcement (up to ~3.5
days later over a weekend). Everything else on disk is skipped without a request.

Nothing here runs at import; nothing touches the network unless a ``fetch_*`` function is
called.

The steps, one module each::

    fetch_hf_daily (hf) / fetch_arxiv (arxiv) ── for each day not final on disk (files):
        transport.Http.get (polite, retried) ─▶ body ─ parse (hf: JSON count; arxiv: parse_arxiv_feed)
        ─▶ files.atomic_write ─▶ YYYY-MM-DD.json[l] ─▶ FetchItem ─▶ FetchSummary (options)
    cli: the ``paperkit fetch`` command
"""

from __future__ import annotations

from paperkit.fetch.arxiv import fetch_arxiv, parse_arxiv_feed
from paperkit.fetch.cli import main, register_cli
from paperkit.fetch.hf import fetch_hf_daily
from paperkit.fetch.options import (
    ARXIV_BASE_URL, DEFAULT_DELAY, HF_BASE_URL, MAX_BYTES, MAX_PAPERS, SETTLE, FetchInterrupted, FetchItem, FetchOptions, FetchSummary,
)

__all__ = [
    "ARXIV_BASE_URL",
    "DEFAULT_DELAY",
    "HF_BASE_URL",
    "MAX_BYTES",
    "MAX_PAPERS",
    "FetchInterrupted",
    "FetchItem",
    "FetchOptions",
    "FetchSummary",
    "fetch_arxiv",
    "fetch_hf_daily",
    "main",
    "parse_arxiv_feed",
    "register_cli",
    "SETTLE",
]
