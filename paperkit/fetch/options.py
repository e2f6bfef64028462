"""What a fetch may do and what it did: the defaults, :class:`FetchOptions`, one :class:`FetchItem` per day and the :class:`FetchSummary`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections.abc import Callable
from typing import TypeVar

import polars as pl

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

STALE_TEMP_SECONDS = 600  # a temp file this old belongs to a run that was killed

STATUSES = ("fetched", "empty", "skipped", "failed")

CATEGORY_RE = re.compile(r"[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?")  # used with fullmatch: no "cs.CL\n"

TEMP_RE = re.compile(r"^\.\.?\d{4}-\d{2}-\d{2}\.(json|jsonl|empty)\..*\.part$")

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}

T = TypeVar("T")


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
        counts = ", ".join(f"{len(self._with(s))} {s}" for s in STATUSES)
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
        counts = ", ".join(f"{s}={len(self._with(s))}" for s in STATUSES)
        return f"FetchSummary(source={self.source!r}, {counts})"
