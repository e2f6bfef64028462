"""The arXiv API: one JSONL file per category and submission day (:func:`fetch_arxiv`), from the Atom feed (:func:`parse_arxiv_feed`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    ARXIV_BASE_URL,
    DEFAULT_DELAY,
    FetchInterrupted,
    FetchItem,
    FetchOptions,
    FetchSummary,
    SETTLE,
    CATEGORY_RE,
    NS,
)
from paperkit.fetch.transport import RequestFailed, Http, Permanent, Retryable, snippet


# --- arXiv API ---------------------------------------------------------------------------------
def _text(node: ET.Element | None) -> str | None:
    return None if node is None or node.text is None else node.text.strip()


def parse_arxiv_feed(feed: bytes | str) -> tuple[int, list[dict[str, Any]]]:
    """Parse one page of the arXiv API Atom feed into rows of the arXiv listings layout.

    Parameters
    ----------
    feed
        The response body of ``/api/query``.

    Returns
    -------
    tuple of (int, list of dict)
        ``opensearch:totalResults`` of the query and one dict per entry with the keys
        ``id`` (no version), ``pdf``, ``abs``, ``authors``, ``title``, ``categories``
        (primary first), ``comment`` (or None), ``summary`` and ``published``.
        Raises ``ValueError`` for a body that is not an Atom feed, or for the API's error
        feed (its message is in the error).

    Examples
    --------
    >>> feed = '''<feed xmlns="http://www.w3.org/2005/Atom"
    ...   xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
    ...  <opensearch:totalResults>1</opensearch:totalResults>
    ...  <entry><id>http://arxiv.org/abs/2503.14189v2</id><published>2025-03-18T12:00:07Z</published>
    ...   <title>Towards Harmless Multimodal Assistants with Blind Preference Optimization</title>
    ...   <summary>Multimodal Large Language Models (MLLMs) have ...</summary>
    ...   <author><name>Yongqi Li</name></author><author><name>Lu Yang</name></author>
    ...   <arxiv:primary_category term="cs.CL"/><category term="cs.CL"/><category term="cs.CV"/>
    ...  </entry></feed>'''
    >>> total, rows = parse_arxiv_feed(feed)
    >>> total, rows[0]["id"], rows[0]["categories"], rows[0]["comment"]
    (1, '2503.14189', ['cs.CL', 'cs.CV'], None)
    """
    try:
        root = ET.fromstring(feed)
    except ET.ParseError as exc:
        raise ValueError(f"not a well-formed Atom feed ({exc})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise ValueError(f"not an Atom feed: root element is {root.tag!r}")
    entries = root.findall("atom:entry", NS)
    for entry in entries:
        if (_text(entry.find("atom:id", NS)) or "").startswith("http://arxiv.org/api/errors"):
            raise ValueError(f"arXiv API error: {_text(entry.find('atom:summary', NS))}")
    total_text = _text(root.find("opensearch:totalResults", NS))
    if total_text is None or not total_text.isdigit():
        raise ValueError(f"Atom feed without a valid opensearch:totalResults (got {total_text!r})")
    rows = []
    for entry in entries:
        raw_id = _text(entry.find("atom:id", NS)) or ""
        match = re.search(r"/abs/(.+?)(v\d+)?$", raw_id)
        if not match:
            raise ValueError(f"entry with an unexpected id {raw_id!r}")
        arxiv_id = match.group(1)
        primary = entry.find("arxiv:primary_category", NS)
        cats = [primary.get("term")] if primary is not None else []
        cats += [c.get("term") for c in entry.findall("atom:category", NS)]
        rows.append({
            "id": arxiv_id,
            "pdf": f"https://arxiv.org/pdf/{arxiv_id}",
            "abs": f"https://arxiv.org/abs/{arxiv_id}",
            "authors": [_text(a.find("atom:name", NS)) for a in entry.findall("atom:author", NS)],
            "title": _text(entry.find("atom:title", NS)),
            "categories": list(dict.fromkeys(c for c in cats if c)),
            "comment": _text(entry.find("arxiv:comment", NS)),
            "summary": _text(entry.find("atom:summary", NS)),
            "published": _text(entry.find("atom:published", NS)),
        })
    return int(total_text), rows


def _arxiv_page(body: bytes, *, start: int) -> tuple[int, list[dict[str, Any]]]:
    try:
        total, rows = parse_arxiv_feed(body)
    except ValueError as exc:
        if str(exc).startswith("arXiv API error"):
            raise Permanent(str(exc)) from None
        raise Retryable(f"{exc}; body starts {snippet(body, 60)!r}") from None
    if not rows and start < total:
        # A known arXiv API hiccup: an empty page inside the result set. Ask again.
        raise Retryable(f"empty page at start={start} of totalResults={total}")
    return total, rows


def _arxiv_url(base: str, category: str, day: dt.date, start: int, page_size: int) -> str:
    stamp = day.strftime("%Y%m%d")
    query = f"cat:{category} AND submittedDate:[{stamp}0000 TO {stamp}2359]"
    params = {"search_query": query, "start": start, "max_results": page_size,
              "sortBy": "submittedDate", "sortOrder": "ascending"}
    return f"{base}/api/query?" + urllib.parse.urlencode(params)


def _arxiv_day(http_: Http, base: str, category: str, day: dt.date, page_size: int) -> tuple[list[dict], int]:
    """All rows of one category and submission day (paged), and the requests it took."""
    rows: dict[str, dict] = {}
    start, total, requests, pages, max_pages = 0, None, 0, 0, None
    while total is None or start < total:
        if max_pages is not None and pages >= max_pages:
            raise RequestFailed(f"paging did not converge: {len(rows)} of {total} papers after {pages} pages", requests)
        url = _arxiv_url(base, category, day, start, page_size)
        try:
            (page_total, page), attempts = http_.get(
                url, lambda b, s=start: _arxiv_page(b, start=s), accept="application/atom+xml")
        except RequestFailed as exc:
            raise RequestFailed(f"page start={start}: {exc}", requests + exc.attempts) from None
        requests, pages = requests + attempts, pages + 1
        if total is None:
            total = page_total
            if total > http_.options.max_papers:
                raise RequestFailed(f"totalResults={total:,} papers for one day, more than max_papers="
                              f"{http_.options.max_papers:,} (FetchOptions(max_papers=...) sets the bound)", requests)
            max_pages = 2 * math.ceil(total / page_size) + 2
        for row in page:
            rows.setdefault(row["id"], row)
        if not page:  # the server says there is nothing more
            break
        start += len(page)
    if total and len(rows) < total:  # pages overlapped (results shifted while paging): nothing is lost silently
        raise RequestFailed(f"incomplete: {len(rows)} distinct papers of totalResults={total}", requests)
    return list(rows.values()), requests


def fetch_arxiv(
    *,
    category: str | Sequence[str],
    since: dt.date | str,
    until: dt.date | str | None = None,
    into: str | os.PathLike,
    base_url: str = ARXIV_BASE_URL,
    page_size: int = 500,
    options: FetchOptions | None = None,
) -> FetchSummary:
    """Download arXiv listings per category and submission day through the arXiv API.

    For each category and each day from ``since`` to ``until`` not yet on disk, query
    ``cat:<category> AND submittedDate:[<day>0000 TO <day>2359]`` (UTC), page through the
    results ``page_size`` at a time with the arXiv politeness delay between requests
    (3 s by default), and write ``{into}/<category>/YYYY-MM-DD.jsonl`` atomically. A day
    without papers gets an empty hidden marker ``.YYYY-MM-DD.empty`` instead, so re-runs
    skip it and the loaders see no empty file.

    Parameters
    ----------
    category
        An arXiv category such as ``"cs.CL"``, or several (each gets its own folder).
    since, until
        First and last submission day (inclusive); ``until`` defaults to yesterday (UTC).
    into
        Root folder; day files go to ``into/<category>/``.
    base_url
        API root (a local test server in tests).
    page_size
        ``max_results`` per request (1-2000).
    options
        Timeouts, retries, pacing and progress (:class:`FetchOptions`).

    Returns
    -------
    FetchSummary
        One item per category and day, ``key`` = ``"<category>/<day>"``; columns as in
        :func:`fetch_hf_daily`.

    References
    ----------
    arXiv API User's Manual, https://info.arxiv.org/help/api/user-manual.html (query
    syntax, paging, "a 3 second delay" between calls).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "cs.CL").mkdir()
    >>> _ = (root / "cs.CL" / ".2025-03-18.empty").write_text("")  # a day known to be empty
    >>> print(fetch_arxiv(category="cs.CL", since="2025-03-18", until="2025-03-18", into=root,
    ...                   options=FetchOptions(progress=False)))
    arxiv: 0 fetched, 0 empty, 1 skipped, 0 failed
    """
    options = options or FetchOptions()
    categories = _arxiv_categories(category, page_size)
    days = days_between(since, until)
    base = valid_base_url(base_url)
    root = target_folder(into)
    folders = {cat: target_folder(root / cat) for cat in categories}
    for folder in folders.values():
        remove_stale_temps(folder)
    http_ = Http(options, base_url=base, default_delay=DEFAULT_DELAY["arxiv"])
    run = FetchRun("arxiv", len(days) * len(categories), options)
    try:
        with run.bar:
            for cat, folder in folders.items():
                for day in days:
                    run.add(_arxiv_fetch_day(http_, run, base, cat, day, folder, page_size))
    except KeyboardInterrupt as exc:
        raise FetchInterrupted(run.summary) from exc
    return run.summary


def _arxiv_categories(category: str | Sequence[str], page_size: int) -> list[str]:
    """The categories of :func:`fetch_arxiv` as a list, after checking them and ``page_size``."""
    categories = [category] if isinstance(category, str) else list(category)
    if not categories:
        raise ValueError("category must name at least one arXiv category, e.g. 'cs.CL'")
    for cat in categories:
        if not isinstance(cat, str) or not CATEGORY_RE.fullmatch(cat):
            raise ValueError(f"category must look like 'cs.CL' or 'hep-th', got {cat!r}")
    if not isinstance(page_size, int) or not 1 <= page_size <= 2000:
        raise ValueError(f"page_size must be an integer from 1 to 2000, got {page_size!r}")
    return categories


def _arxiv_fetch_day(http_: Http, run: FetchRun, base: str, cat: str, day: dt.date, folder: Path,
                     page_size: int) -> FetchItem:
    """Fetch one category and day unless its file is final; write it (or its empty marker) atomically."""
    key, target = f"{cat}/{day.isoformat()}", folder / f"{day.isoformat()}.jsonl"
    marker = folder / f".{day.isoformat()}.empty"
    existing = target if target.exists() else marker if marker.exists() else None
    if existing is not None and is_final(existing, day, SETTLE["arxiv"]):
        return FetchItem(key, "skipped", str(existing))
    if run.given_up:
        return run.not_attempted(key)
    try:
        rows, attempts = _arxiv_day(http_, base, cat, day, page_size)
    except RequestFailed as exc:
        reason = str(exc) + KEPT * (existing is not None)
        return FetchItem(key, "failed", attempts=exc.attempts, reason=reason)
    refreshed = REFRESHED if existing is not None else None
    if not rows:
        atomic_write(marker, b"")
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return FetchItem(key, "empty", str(marker), 0, attempts, refreshed)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    atomic_write(target, data.encode("utf-8"))
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    return FetchItem(key, "fetched", str(target), len(rows), attempts, refreshed)
