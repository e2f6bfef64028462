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
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import email.utils
import http.client
import importlib.metadata
import json
import math
import os
import random
import re
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

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

HF_BASE_URL = "https://huggingface.co"
ARXIV_BASE_URL = "https://export.arxiv.org"
#: Seconds between two requests when :attr:`FetchOptions.delay` is not set.
DEFAULT_DELAY = {"hf-daily": 1.0, "arxiv": 3.0}  # arXiv API terms: one request every 3 s

#: Largest response body accepted, in bytes, when :attr:`FetchOptions.max_bytes` is not set.
MAX_BYTES = 64 * 1024**2
#: Most papers one day (of one category) may have, when :attr:`FetchOptions.max_papers` is not set:
#: arXiv's busiest category has about 1,500 new papers a day, Hugging Face about 100.
MAX_PAPERS = 10_000

#: How long after the start of a day (UTC) its file must have been written to be final.
SETTLE = {"hf-daily": dt.timedelta(days=1), "arxiv": dt.timedelta(days=5)}
_STALE_TEMP_SECONDS = 600  # a temp file this old belongs to a run that was killed
_STATUSES = ("fetched", "empty", "skipped", "failed")
_CATEGORY_RE = re.compile(r"[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?")  # used with fullmatch: no "cs.CL\n"
_TEMP_RE = re.compile(r"^\.\.?\d{4}-\d{2}-\d{2}\.(json|jsonl|empty)\..*\.part$")
_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_T = TypeVar("_T")


# --- options and results -----------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class FetchOptions:
    """How to talk to the server: timeouts, retries, pacing, progress.

    Parameters
    ----------
    timeout
        Seconds to wait for a connection or for the next bytes of a response.
    retries
        Extra attempts after the first one, on 429, 408, 5xx, timeouts, dropped
        connections and truncated or unparsable bodies. Other 4xx fail at once.
    backoff
        Base of the exponential backoff in seconds: before retry *n* (1, 2, ...) wait
        ``backoff * 2 ** (n - 1)``, with jitter (a random 50-100 % of it), at least the
        server's ``Retry-After``.
    max_wait
        Longest single wait in seconds; a ``Retry-After`` asking for more fails the day.
    max_time
        Overall seconds for one request including all its retries.
    delay
        Minimum seconds between the starts of two requests; ``None`` uses the polite
        default of the source (:data:`DEFAULT_DELAY`: 1 s for Hugging Face, 3 s for arXiv).
    max_failures
        After this many days failed in a row the run stops trying (the rest are reported
        as failed, "not attempted"), so a dead server costs a bounded number of requests.
    user_agent
        ``None`` sends ``paperkit/<version> (...)``.
    progress
        Show a tqdm progress bar (on stderr).
    on_item
        Called with each :class:`FetchItem` as soon as it is settled (for notebooks and
        tests); an exception raised there stops the run.
    max_bytes
        Largest response body in bytes (default :data:`MAX_BYTES`, 64 MiB); a larger one
        (by its ``Content-Length`` or as it arrives) fails the day at once, without retries.
    max_papers
        Most papers one day may have (default :data:`MAX_PAPERS`); a response claiming more
        fails the day without writing it.
    clock, sleep
        The monotonic clock and the sleep used for pacing, backoff and ``max_time``
        (:func:`time.monotonic` and :func:`time.sleep`); tests inject their own.

    Examples
    --------
    >>> FetchOptions(retries=2, delay=0).retries
    2
    """

    timeout: float = 30.0
    retries: int = 4
    backoff: float = 2.0
    max_wait: float = 300.0
    max_time: float = 900.0
    delay: float | None = None
    max_failures: int = 5
    user_agent: str | None = None
    progress: bool = True
    on_item: Callable[[FetchItem], None] | None = None
    max_bytes: int = MAX_BYTES
    max_papers: int = MAX_PAPERS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        for name in ("timeout", "max_time"):
            if not getattr(self, name) > 0:
                raise ValueError(f"FetchOptions.{name} must be > 0 seconds, got {getattr(self, name)!r}")
        for name, least in (("retries", 0), ("max_failures", 1), ("max_bytes", 1), ("max_papers", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or value < least:
                raise ValueError(f"FetchOptions.{name} must be an integer >= {least}, got {value!r}")
        for name in ("backoff", "max_wait"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchOptions.{name} must be >= 0 seconds, got {getattr(self, name)!r}")
        if self.delay is not None and self.delay < 0:
            raise ValueError(f"FetchOptions.delay must be >= 0 seconds or None, got {self.delay!r}")


@dataclasses.dataclass(frozen=True)
class FetchItem:
    """What happened to one day (of one category, for arXiv).

    ``status`` is ``"fetched"`` (saved, with papers), ``"empty"`` (the server had no
    papers that day; saved as an empty record), ``"skipped"`` (already on disk and
    final, not requested) or ``"failed"`` (``reason`` says why; nothing was written).
    """

    key: str
    status: str
    path: str | None = None
    n_papers: int | None = None
    attempts: int = 0
    reason: str | None = None


class FetchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a fetch; ``.summary`` holds what was settled before it.

    A subclass of :class:`KeyboardInterrupt`, so ``except KeyboardInterrupt`` still
    catches it. Files already on disk are complete; no temporary file is left behind.
    """

    def __init__(self, summary: FetchSummary) -> None:
        super().__init__(f"interrupted: {summary.counts_line()}")
        self.summary = summary


@dataclasses.dataclass
class FetchSummary:
    """The outcome of one fetch run: one :class:`FetchItem` per day.

    ``str(summary)`` is the report the CLI prints; :meth:`to_frame` gives a tidy frame.

    Examples
    --------
    >>> s = FetchSummary("hf-daily", [FetchItem("2025-01-02", "fetched", n_papers=12, attempts=1),
    ...                               FetchItem("2025-01-04", "failed", attempts=5, reason="HTTP 503")])
    >>> print(s)
    hf-daily: 1 fetched, 0 empty, 0 skipped, 1 failed
      failed 2025-01-04: HTTP 503
    >>> s.ok
    False
    """

    source: str
    items: list[FetchItem] = dataclasses.field(default_factory=list)

    def _with(self, status: str) -> list[FetchItem]:
        return [item for item in self.items if item.status == status]

    @property
    def fetched(self) -> list[FetchItem]:
        """Days saved with at least one paper."""
        return self._with("fetched")

    @property
    def empty(self) -> list[FetchItem]:
        """Days the server had no papers for."""
        return self._with("empty")

    @property
    def skipped(self) -> list[FetchItem]:
        """Days already on disk (not requested)."""
        return self._with("skipped")

    @property
    def failed(self) -> list[FetchItem]:
        """Days that could not be fetched; nothing was written for them."""
        return self._with("failed")

    @property
    def ok(self) -> bool:
        """True when no day failed."""
        return not self.failed

    def counts_line(self) -> str:
        """One line: ``"<source>: N fetched, N empty, N skipped, N failed"``."""
        counts = ", ".join(f"{len(self._with(s))} {s}" for s in _STATUSES)
        return f"{self.source}: {counts}"

    def to_frame(self):
        """The items as a polars DataFrame.

        Returns
        -------
        polars.DataFrame
            One row per day: ``source``, ``key`` (the day, ``category/day`` for arXiv),
            ``status``, ``n_papers``, ``attempts``, ``path``, ``reason``.

        Examples
        --------
        >>> FetchSummary("arxiv", [FetchItem("cs.CL/2025-01-02", "empty", n_papers=0)]).to_frame().rows()
        [('arxiv', 'cs.CL/2025-01-02', 'empty', 0, 0, None, None)]
        """
        import polars as pl

        schema = {
            "source": pl.String(), "key": pl.String(), "status": pl.String(), "n_papers": pl.Int64(),
            "attempts": pl.Int64(), "path": pl.String(), "reason": pl.String(),
        }
        rows = [
            (self.source, i.key, i.status, i.n_papers, i.attempts, i.path, i.reason) for i in self.items
        ]
        return pl.DataFrame(rows, schema=schema, orient="row")

    def __str__(self) -> str:
        lines = [self.counts_line()]
        lines += [f"  failed {item.key}: {item.reason}" for item in self.failed]
        return "\n".join(lines)

    def __repr__(self) -> str:
        counts = ", ".join(f"{s}={len(self._with(s))}" for s in _STATUSES)
        return f"FetchSummary(source={self.source!r}, {counts})"


# --- HTTP with retries -------------------------------------------------------------------------
class _Retryable(Exception):
    """A failure worth another attempt (the server or the line may recover)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Permanent(Exception):
    """A failure another attempt will not fix (bad request, API error, shape)."""


class _Failed(Exception):
    """The request is given up; ``attempts`` were made."""

    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


def _user_agent() -> str:
    try:
        ver = importlib.metadata.version("paperkit")
    except importlib.metadata.PackageNotFoundError:  # not installed (running from a checkout)
        ver = "0+unknown"
    return f"paperkit/{ver} (research-digest fetcher; Python-urllib/{sys.version_info[0]}.{sys.version_info[1]})"


def _retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _snippet(body: bytes, limit: int = 120) -> str:
    text = " ".join(body[:2000].decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _RedirectRefused(urllib.error.URLError):
    """A redirect to a scheme other than http or https (``ftp:``, ``file:``)."""

    def __str__(self) -> str:
        return str(self.reason)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https URLs only (urllib also follows ``ftp:``)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 - urllib's signature
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl)).scheme.lower()
        if scheme not in ("http", "https"):
            raise _RedirectRefused(f"HTTP {code} redirect to {newurl[:200]!r} refused: only http and https are followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Http:
    """One polite HTTP client per run: pacing, retries, bounded in count and time."""

    def __init__(self, options: FetchOptions, *, base_url: str, default_delay: float) -> None:
        self.options = options
        self.delay = default_delay if options.delay is None else options.delay
        self.user_agent = options.user_agent or _user_agent()
        host = urllib.parse.urlsplit(base_url).hostname or ""
        handlers = [urllib.request.ProxyHandler({})] if host in ("127.0.0.1", "localhost", "::1") else []
        self._opener = urllib.request.build_opener(*handlers, _HttpOnlyRedirects())
        self._next_start = 0.0
        self._rng = random.Random()

    def _pace(self) -> None:
        clock = self.options.clock
        wait = self._next_start - clock()
        if wait > 0:
            self.options.sleep(wait)
        self._next_start = clock() + self.delay

    def _once(self, url: str, accept: str, deadline: float) -> bytes:
        timeout = self.options.timeout
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": accept})
        try:
            with self._opener.open(request, timeout=timeout) as response:
                limit = self.options.max_bytes
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > limit:
                    raise _Permanent(f"response of {int(length):,} bytes (Content-Length) is larger than max_bytes={limit:,}")
                chunks, size = [], 0
                while chunk := response.read1(1 << 16):  # one recv at a time: the deadline holds
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        raise _Permanent(f"response larger than max_bytes={limit:,} bytes; download stopped")
                    if self.options.clock() > deadline:
                        raise _Permanent(f"download took longer than max_time={self.options.max_time:g} s")
                body = b"".join(chunks)
                if length and length.isdigit() and size < int(length):
                    raise _Retryable(f"truncated body: {size} of {length} bytes")
                return body
        except _RedirectRefused as exc:
            raise _Permanent(str(exc)) from None
        except urllib.error.HTTPError as exc:
            code = exc.code
            retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            try:
                detail = _snippet(exc.read())
            except (OSError, http.client.HTTPException):  # the error body is a courtesy: a broken one is left out
                detail = ""
            finally:
                exc.close()
            message = f"HTTP {code} {exc.reason}" + (f": {detail}" if detail else "")
            if code in (408, 425, 429) or 500 <= code <= 599:
                raise _Retryable(message, retry_after=retry_after) from None
            raise _Permanent(message) from None
        except (TimeoutError, socket.timeout):
            raise _Retryable(f"timed out (no data for {timeout:g} s)") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Retryable(f"timed out (no data for {timeout:g} s)") from None
            raise _Retryable(f"connection failed: {exc.reason}") from None
        except (http.client.HTTPException, OSError) as exc:
            raise _Retryable(f"connection error: {type(exc).__name__}: {exc}") from None

    def get(self, url: str, parse: Callable[[bytes], _T], *, accept: str) -> tuple[_T, int]:
        """``parse(body)`` of the first good response and the number of attempts."""
        opts = self.options
        deadline = opts.clock() + opts.max_time
        attempt = 0
        while True:
            attempt += 1
            self._pace()
            try:
                return parse(self._once(url, accept, deadline)), attempt
            except _Permanent as exc:
                raise _Failed(str(exc), attempt) from None
            except _Retryable as exc:
                if attempt > opts.retries:
                    raise _Failed(f"{exc} (gave up after {attempt} attempts)", attempt) from None
                if exc.retry_after is not None and exc.retry_after > opts.max_wait:
                    raise _Failed(
                        f"{exc}; server asked to wait {exc.retry_after:.0f} s (Retry-After), "
                        f"more than max_wait={opts.max_wait:g} s", attempt) from None
                backoff = min(opts.max_wait, opts.backoff * 2 ** (attempt - 1))
                wait = max(backoff * self._rng.uniform(0.5, 1.0), exc.retry_after or 0.0)
                if opts.clock() + wait > deadline:
                    raise _Failed(f"{exc} (gave up: max_time={opts.max_time:g} s reached)", attempt) from None
                opts.sleep(wait)


# --- files ------------------------------------------------------------------------------------
def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all or nothing: temp file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _remove_stale_temps(folder: Path) -> int:
    """Remove temp files a killed run (SIGKILL, power loss) left; return how many.

    Only files older than ten minutes go, so a run working in the same folder at the same
    time keeps its own temp files.
    """
    removed, cutoff = 0, time.time() - _STALE_TEMP_SECONDS
    for p in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if _TEMP_RE.match(p.name) and p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
                removed += 1
    return removed


def _final(path: Path, day: dt.date, settle: dt.timedelta) -> bool:
    """True when ``path`` was written once ``day`` could be complete (see :data:`SETTLE`)."""
    final_from = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc) + settle
    return path.stat().st_mtime >= final_from.timestamp()


# --- arguments ---------------------------------------------------------------------------------
def _as_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date or a 'YYYY-MM-DD' string, got {value!r}")


def _days(since: Any, until: Any) -> list[dt.date]:
    start = _as_date(since, "since")
    today = _utc_today()
    end = today - dt.timedelta(days=1) if until is None else _as_date(until, "until")
    if end > today:
        raise ValueError(f"until ({end}) is in the future; the last day with a digest is today ({today}, UTC)")
    if end < start:
        raise ValueError(f"until ({end}) is before since ({start}); expected since <= until")
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def _base(url: str) -> str:
    if not isinstance(url, str) or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"base_url must be an http:// or https:// URL, got {url!r}")
    return url.rstrip("/")


def _folder(into: Any) -> Path:
    if not isinstance(into, (str, os.PathLike)):
        raise TypeError(f"into must be a folder path (str or Path), got {type(into).__name__}")
    folder = Path(into)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"into must be a folder, but {str(folder)!r} is a file")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _Run:
    """Book-keeping of one run: summary, progress bar, give-up after repeated failures."""

    def __init__(self, source: str, total: int, options: FetchOptions) -> None:
        from tqdm.auto import tqdm

        self.summary = FetchSummary(source)
        self.options = options
        self.in_a_row = 0
        self.bar = tqdm(total=total, unit="day", desc=source, disable=not options.progress, file=sys.stderr)

    @property
    def given_up(self) -> bool:
        return self.in_a_row >= self.options.max_failures

    def add(self, item: FetchItem) -> None:
        self.summary.items.append(item)
        if item.status == "failed" and item.attempts > 0:
            self.in_a_row += 1
        elif item.status != "failed" and item.status != "skipped":
            self.in_a_row = 0
        self.bar.update(1)
        self.bar.set_postfix_str(", ".join(f"{len(self.summary._with(s))} {s}" for s in _STATUSES), refresh=False)
        if self.options.on_item is not None:
            self.options.on_item(item)

    def not_attempted(self, key: str) -> FetchItem:
        return FetchItem(key, "failed", reason=f"not attempted: {self.in_a_row} days failed in a row before it")


_KEPT = "; kept the provisional copy already on disk"
_REFRESHED = "replaced a provisional copy"


# --- Hugging Face daily papers ---------------------------------------------------------------
def _hf_count(body: bytes, max_papers: int = MAX_PAPERS) -> int:
    """Number of papers in an API day body; raises on a body that is not a day."""
    n = _hf_papers(body)
    if n > max_papers:
        raise _Permanent(f"{n:,} papers for one day, more than max_papers={max_papers:,}; not saved "
                         "(not a daily digest? FetchOptions(max_papers=...) sets the bound)")
    return n


def _hf_papers(body: bytes) -> int:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        kind = type(exc).__name__
        raise _Retryable(f"invalid JSON ({kind}: {exc}); body starts {_snippet(body, 60)!r}") from None
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return len(data["data"])
    shape = f"an object with keys {sorted(data)[:6]}" if isinstance(data, dict) else type(data).__name__
    raise _Permanent(f"unexpected JSON: {shape}; expected a list of daily papers")


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
    days = _days(since, until)
    base = _base(base_url)
    folder = _folder(into)
    _remove_stale_temps(folder)
    http_ = _Http(options, base_url=base, default_delay=DEFAULT_DELAY["hf-daily"])
    run = _Run("hf-daily", len(days), options)
    try:
        with run.bar:
            for day in days:
                key, target = day.isoformat(), folder / f"{day.isoformat()}.json"
                provisional = target.exists()
                if provisional and _final(target, day, SETTLE["hf-daily"]):
                    run.add(FetchItem(key, "skipped", str(target)))
                    continue
                if run.given_up:
                    run.add(run.not_attempted(key))
                    continue
                url = f"{base}/api/daily_papers?" + urllib.parse.urlencode({"date": key})
                try:
                    (body, n), attempts = http_.get(url, lambda b: (b, _hf_count(b, options.max_papers)),
                                                   accept="application/json")
                except _Failed as exc:
                    run.add(FetchItem(key, "failed", attempts=exc.attempts, reason=str(exc) + _KEPT * provisional))
                    continue
                _atomic_write(target, body)
                run.add(FetchItem(key, "fetched" if n else "empty", str(target), n, attempts,
                                  _REFRESHED if provisional else None))
    except KeyboardInterrupt as exc:
        raise FetchInterrupted(run.summary) from exc
    return run.summary


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
    if root.tag != f"{{{_NS['atom']}}}feed":
        raise ValueError(f"not an Atom feed: root element is {root.tag!r}")
    entries = root.findall("atom:entry", _NS)
    for entry in entries:
        if (_text(entry.find("atom:id", _NS)) or "").startswith("http://arxiv.org/api/errors"):
            raise ValueError(f"arXiv API error: {_text(entry.find('atom:summary', _NS))}")
    total_text = _text(root.find("opensearch:totalResults", _NS))
    if total_text is None or not total_text.isdigit():
        raise ValueError(f"Atom feed without a valid opensearch:totalResults (got {total_text!r})")
    rows = []
    for entry in entries:
        raw_id = _text(entry.find("atom:id", _NS)) or ""
        match = re.search(r"/abs/(.+?)(v\d+)?$", raw_id)
        if not match:
            raise ValueError(f"entry with an unexpected id {raw_id!r}")
        arxiv_id = match.group(1)
        primary = entry.find("arxiv:primary_category", _NS)
        cats = [primary.get("term")] if primary is not None else []
        cats += [c.get("term") for c in entry.findall("atom:category", _NS)]
        rows.append({
            "id": arxiv_id,
            "pdf": f"https://arxiv.org/pdf/{arxiv_id}",
            "abs": f"https://arxiv.org/abs/{arxiv_id}",
            "authors": [_text(a.find("atom:name", _NS)) for a in entry.findall("atom:author", _NS)],
            "title": _text(entry.find("atom:title", _NS)),
            "categories": list(dict.fromkeys(c for c in cats if c)),
            "comment": _text(entry.find("arxiv:comment", _NS)),
            "summary": _text(entry.find("atom:summary", _NS)),
            "published": _text(entry.find("atom:published", _NS)),
        })
    return int(total_text), rows


def _arxiv_page(body: bytes, *, start: int) -> tuple[int, list[dict[str, Any]]]:
    try:
        total, rows = parse_arxiv_feed(body)
    except ValueError as exc:
        if str(exc).startswith("arXiv API error"):
            raise _Permanent(str(exc)) from None
        raise _Retryable(f"{exc}; body starts {_snippet(body, 60)!r}") from None
    if not rows and start < total:
        # A known arXiv API hiccup: an empty page inside the result set. Ask again.
        raise _Retryable(f"empty page at start={start} of totalResults={total}")
    return total, rows


def _arxiv_url(base: str, category: str, day: dt.date, start: int, page_size: int) -> str:
    stamp = day.strftime("%Y%m%d")
    query = f"cat:{category} AND submittedDate:[{stamp}0000 TO {stamp}2359]"
    params = {"search_query": query, "start": start, "max_results": page_size,
              "sortBy": "submittedDate", "sortOrder": "ascending"}
    return f"{base}/api/query?" + urllib.parse.urlencode(params)


def _arxiv_day(http_: _Http, base: str, category: str, day: dt.date, page_size: int) -> tuple[list[dict], int]:
    """All rows of one category and submission day (paged), and the requests it took."""
    rows: dict[str, dict] = {}
    start, total, requests, pages, max_pages = 0, None, 0, 0, None
    while total is None or start < total:
        if max_pages is not None and pages >= max_pages:
            raise _Failed(f"paging did not converge: {len(rows)} of {total} papers after {pages} pages", requests)
        url = _arxiv_url(base, category, day, start, page_size)
        try:
            (page_total, page), attempts = http_.get(
                url, lambda b, s=start: _arxiv_page(b, start=s), accept="application/atom+xml")
        except _Failed as exc:
            raise _Failed(f"page start={start}: {exc}", requests + exc.attempts) from None
        requests, pages = requests + attempts, pages + 1
        if total is None:
            total = page_total
            if total > http_.options.max_papers:
                raise _Failed(f"totalResults={total:,} papers for one day, more than max_papers="
                              f"{http_.options.max_papers:,} (FetchOptions(max_papers=...) sets the bound)", requests)
            max_pages = 2 * math.ceil(total / page_size) + 2
        for row in page:
            rows.setdefault(row["id"], row)
        if not page:  # the server says there is nothing more
            break
        start += len(page)
    if total and len(rows) < total:  # pages overlapped (results shifted while paging): nothing is lost silently
        raise _Failed(f"incomplete: {len(rows)} distinct papers of totalResults={total}", requests)
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
    days = _days(since, until)
    base = _base(base_url)
    root = _folder(into)
    folders = {cat: _folder(root / cat) for cat in categories}
    for folder in folders.values():
        _remove_stale_temps(folder)
    http_ = _Http(options, base_url=base, default_delay=DEFAULT_DELAY["arxiv"])
    run = _Run("arxiv", len(days) * len(categories), options)
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
        if not isinstance(cat, str) or not _CATEGORY_RE.fullmatch(cat):
            raise ValueError(f"category must look like 'cs.CL' or 'hep-th', got {cat!r}")
    if not isinstance(page_size, int) or not 1 <= page_size <= 2000:
        raise ValueError(f"page_size must be an integer from 1 to 2000, got {page_size!r}")
    return categories


def _arxiv_fetch_day(http_: _Http, run: _Run, base: str, cat: str, day: dt.date, folder: Path,
                     page_size: int) -> FetchItem:
    """Fetch one category and day unless its file is final; write it (or its empty marker) atomically."""
    key, target = f"{cat}/{day.isoformat()}", folder / f"{day.isoformat()}.jsonl"
    marker = folder / f".{day.isoformat()}.empty"
    existing = target if target.exists() else marker if marker.exists() else None
    if existing is not None and _final(existing, day, SETTLE["arxiv"]):
        return FetchItem(key, "skipped", str(existing))
    if run.given_up:
        return run.not_attempted(key)
    try:
        rows, attempts = _arxiv_day(http_, base, cat, day, page_size)
    except _Failed as exc:
        reason = str(exc) + _KEPT * (existing is not None)
        return FetchItem(key, "failed", attempts=exc.attempts, reason=reason)
    refreshed = _REFRESHED if existing is not None else None
    if not rows:
        _atomic_write(marker, b"")
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return FetchItem(key, "empty", str(marker), 0, attempts, refreshed)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    _atomic_write(target, data.encode("utf-8"))
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    return FetchItem(key, "fetched", str(target), len(rows), attempts, refreshed)


# --- command line ------------------------------------------------------------------------------
def _options_from(args: argparse.Namespace) -> FetchOptions:
    return FetchOptions(timeout=args.timeout, retries=args.retries, delay=args.delay,
                        user_agent=args.user_agent, progress=not args.quiet, max_bytes=args.max_bytes,
                        max_papers=args.max_papers)


def _run_cli(call: Callable[[], FetchSummary]) -> int:
    try:
        summary = call()
    except FetchInterrupted as exc:
        print(exc.summary)
        print("interrupted: the files on disk are complete; run the same command again to resume",
              file=sys.stderr)
        return 130
    except (ValueError, TypeError, OSError) as exc:
        print(f"paperkit fetch: error: {exc}", file=sys.stderr)
        return 2
    print(summary)
    return 0 if summary.ok else 1


def _cmd_hf_daily(args: argparse.Namespace) -> int:
    return _run_cli(lambda: fetch_hf_daily(
        since=args.since, until=args.until, into=args.into, base_url=args.base_url,
        options=_options_from(args)))


def _cmd_arxiv(args: argparse.Namespace) -> int:
    categories = [c.strip() for value in args.category for c in value.split(",") if c.strip()]
    return _run_cli(lambda: fetch_arxiv(
        category=categories, since=args.since, until=args.until, into=args.into,
        base_url=args.base_url, page_size=args.page_size, options=_options_from(args)))


def _add_common(p: argparse.ArgumentParser, *, base_url: str, delay: float) -> None:
    p.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--until", default=None, help="last day, YYYY-MM-DD (default: yesterday, UTC)")
    p.add_argument("--base-url", default=base_url, help=f"server root (default: {base_url})")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds without data before a retry (default: 30)")
    p.add_argument("--retries", type=int, default=4, help="retries per request on 429/5xx/timeouts (default: 4)")
    p.add_argument("--delay", type=float, default=None,
                   help=f"minimum seconds between requests (default: {delay:g})")
    p.add_argument("--user-agent", default=None, help="User-Agent header (default: paperkit/<version> ...)")
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES,
                   help=f"largest response body accepted, in bytes (default: {MAX_BYTES:,})")
    p.add_argument("--max-papers", type=int, default=MAX_PAPERS,
                   help=f"most papers one day may have before it counts as failed (default: {MAX_PAPERS:,})")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_commands(sub: Any) -> None:
    hf = sub.add_parser(
        "hf-daily", help="Hugging Face daily papers, one JSON file per day",
        description="Save https://huggingface.co/api/daily_papers?date=... as INTO/YYYY-MM-DD.json; "
                    "days on disk are skipped, so re-running resumes.")
    hf.add_argument("--into", required=True, help="folder for the day files")
    _add_common(hf, base_url=HF_BASE_URL, delay=DEFAULT_DELAY["hf-daily"])
    hf.set_defaults(func=_cmd_hf_daily)
    ax = sub.add_parser(
        "arxiv", help="arXiv API listings, one JSONL file per category and submission day",
        description="Save arXiv API results as INTO/<category>/YYYY-MM-DD.jsonl (submission day, UTC); "
                    "days on disk are skipped, so re-running resumes.")
    ax.add_argument("--category", action="append", required=True,
                    help="arXiv category, e.g. cs.CL (repeat or comma-separate for several)")
    ax.add_argument("--into", required=True, help="root folder; files go to INTO/<category>/")
    ax.add_argument("--page-size", type=int, default=500, help="results per request (default: 500)")
    _add_common(ax, base_url=ARXIV_BASE_URL, delay=DEFAULT_DELAY["arxiv"])
    ax.set_defaults(func=_cmd_arxiv)


def register_cli(subparsers: Any) -> None:
    """Add ``fetch hf-daily`` and ``fetch arxiv`` to a ``paperkit`` argparse CLI.

    Each sets ``func(args) -> int``: 0 when every day was fetched or skipped, 1 when a
    day failed, 2 on bad arguments, 130 when interrupted.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="paperkit")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["fetch", "arxiv", "--category", "cs.CL", "--since", "2025-03-18",
    ...                           "--into", "data/raw/arxiv"])
    >>> args.category, args.delay, args.func.__name__
    (['cs.CL'], None, '_cmd_arxiv')
    """
    fetch = subparsers.add_parser(
        "fetch", help="download digests (Hugging Face daily papers, arXiv API)",
        description="Download digests resumably: one file per day, written atomically.")
    _add_commands(fetch.add_subparsers(dest="source", required=True, metavar="{hf-daily,arxiv}"))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m paperkit.fetch {hf-daily,arxiv} ...``: the same as ``paperkit fetch``.

    Examples
    --------
    >>> main(["hf-daily", "--since", "2025-13-01", "--until", "2025-01-02", "--into", "x", "--quiet"])
    2
    """
    parser = argparse.ArgumentParser(prog="python -m paperkit.fetch", description=__doc__.splitlines()[0])
    _add_commands(parser.add_subparsers(dest="source", required=True, metavar="{hf-daily,arxiv}"))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
