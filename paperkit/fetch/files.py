"""Day files on disk: atomic writes, stale temporary files, which days are final, the dates and folders asked for, and the run's progress.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from paperkit.fetch.options import (
    FetchItem,
    FetchOptions,
    FetchSummary,
    STALE_TEMP_SECONDS,
    STATUSES,
    TEMP_RE,
)


# --- files ------------------------------------------------------------------------------------
def atomic_write(path: Path, data: bytes) -> None:
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


def remove_stale_temps(folder: Path) -> int:
    """Remove temp files a killed run (SIGKILL, power loss) left; return how many.

    Only files older than ten minutes go, so a run working in the same folder at the same
    time keeps its own temp files.
    """
    removed, cutoff = 0, time.time() - STALE_TEMP_SECONDS
    for p in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if TEMP_RE.match(p.name) and p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
                removed += 1
    return removed


def is_final(path: Path, day: dt.date, settle: dt.timedelta) -> bool:
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


def days_between(since: Any, until: Any) -> list[dt.date]:
    """Every day from ``since`` to ``until`` (default: yesterday, UTC); a ValueError for a future or reversed range."""
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


def valid_base_url(url: str) -> str:
    """``url`` without its trailing slash; a ValueError unless it is an http(s) URL."""
    if not isinstance(url, str) or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"base_url must be an http:// or https:// URL, got {url!r}")
    return url.rstrip("/")


def target_folder(into: Any) -> Path:
    """The folder ``into`` as a Path, created if missing; an error when it is not a folder path."""
    if not isinstance(into, (str, os.PathLike)):
        raise TypeError(f"into must be a folder path (str or Path), got {type(into).__name__}")
    folder = Path(into)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"into must be a folder, but {str(folder)!r} is a file")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class FetchRun:
    """Book-keeping of one run: summary, progress bar, give-up after repeated failures."""

    def __init__(self, source: str, total: int, options: FetchOptions) -> None:
        from tqdm.auto import tqdm  # deferred: only when a bar is shown

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
        self.bar.set_postfix_str(", ".join(f"{len(self.summary._with(s))} {s}" for s in STATUSES), refresh=False)
        if self.options.on_item is not None:
            self.options.on_item(item)

    def not_attempted(self, key: str) -> FetchItem:
        return FetchItem(key, "failed", reason=f"not attempted: {self.in_a_row} days failed in a row before it")


KEPT = "; kept the provisional copy already on disk"

REFRESHED = "replaced a provisional copy"
