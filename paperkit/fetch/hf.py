"""The Hugging Face daily-papers API: one JSON file per day (:func:`fetch_hf_daily`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.request

from paperkit.fetch.files import (
    KEPT,
    REFRESHED,
    FetchRun,
    atomic_write,
    valid_base_url,
    days_between,
    is_final,
    target_folder,
    remove_stale_temps,
)
from paperkit.fetch.options import (
    DEFAULT_DELAY,
    FetchInterrupted,
    FetchItem,
    FetchOptions,
    FetchSummary,
    HF_BASE_URL,
    MAX_PAPERS,
    SETTLE,
)
from paperkit.fetch.transport import RequestFailed, Http, Permanent, Retryable, snippet


# --- Hugging Face daily papers ---------------------------------------------------------------
def _hf_count(body: bytes, max_papers: int = MAX_PAPERS) -> int:
    """Number of papers in an API day body; raises on a body that is not a day."""
    n = _hf_papers(body)
    if n > max_papers:
        raise Permanent(f"{n:,} papers for one day, more than max_papers={max_papers:,}; not saved "
                         "(not a daily digest? FetchOptions(max_papers=...) sets the bound)")
    return n


def _hf_papers(body: bytes) -> int:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        kind = type(exc).__name__
        raise Retryable(f"invalid JSON ({kind}: {exc}); body starts {snippet(body, 60)!r}") from None
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return len(data["data"])
    shape = f"an object with keys {sorted(data)[:6]}" if isinstance(data, dict) else type(data).__name__
    raise Permanent(f"unexpected JSON: {shape}; expected a list of daily papers")


def fetch_hf_daily(
    *,
    since: dt.date | str,
    until: dt.date | str | None = None,
    into: str | os.PathLike,
    base_url: str = HF_BASE_URL,
    options: FetchOptions | None = None,
) -> FetchSummary:
    """Download Hugging Face daily-papers digests, one file per day, resumably.

    For each day from ``since`` to ``until`` that is not yet on disk, request
    ``{base_url}/api/daily_papers?date=YYYY-MM-DD`` and save the body byte for byte as
    ``{into}/YYYY-MM-DD.json`` (atomically; an empty day is saved as the API's ``[]``).
    Failed days are reported, never written; run the same call again to fetch them. A file
    written before its day was over (UTC) is provisional and is fetched again.

    Parameters
    ----------
    since, until
        First and last day (inclusive), as dates or ``"YYYY-MM-DD"``; ``until`` defaults
        to yesterday (UTC).
    into
        Folder for the day files (created if missing).
    base_url
        Server root (a local test server in tests).
    options
        Timeouts, retries, pacing and progress (:class:`FetchOptions`).

    Returns
    -------
    FetchSummary
        One item per day: ``key`` (the day), ``status`` (fetched, empty, skipped, failed),
        ``path``, ``n_papers``, ``attempts``, ``reason``; ``summary.ok`` is False when a day
        failed. Ctrl-C raises :class:`FetchInterrupted` carrying the partial summary.

    Examples
    --------
    A day already on disk is skipped without any request:

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "2025-01-04.json").write_text("[]")
    >>> s = fetch_hf_daily(since="2025-01-04", until="2025-01-04", into=folder,
    ...                    options=FetchOptions(progress=False))
    >>> print(s)
    hf-daily: 0 fetched, 0 empty, 1 skipped, 0 failed
    """
    options = options or FetchOptions()
    days = days_between(since, until)
    base = valid_base_url(base_url)
    folder = target_folder(into)
    remove_stale_temps(folder)
    http_ = Http(options, base_url=base, default_delay=DEFAULT_DELAY["hf-daily"])
    run = FetchRun("hf-daily", len(days), options)
    try:
        with run.bar:
            for day in days:
                key, target = day.isoformat(), folder / f"{day.isoformat()}.json"
                provisional = target.exists()
                if provisional and is_final(target, day, SETTLE["hf-daily"]):
                    run.add(FetchItem(key, "skipped", str(target)))
                    continue
                if run.given_up:
                    run.add(run.not_attempted(key))
                    continue
                url = f"{base}/api/daily_papers?" + urllib.parse.urlencode({"date": key})
                try:
                    (body, n), attempts = http_.get(url, lambda b: (b, _hf_count(b, options.max_papers)),
                                                   accept="application/json")
                except RequestFailed as exc:
                    run.add(FetchItem(key, "failed", attempts=exc.attempts, reason=str(exc) + KEPT * provisional))
                    continue
                atomic_write(target, body)
                run.add(FetchItem(key, "fetched" if n else "empty", str(target), n, attempts,
                                  REFRESHED if provisional else None))
    except KeyboardInterrupt as exc:
        raise FetchInterrupted(run.summary) from exc
    return run.summary
