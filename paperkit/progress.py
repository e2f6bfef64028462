"""Progress of long loops and stages: tqdm bars on a terminal or in Jupyter, timestamped lines in logs.

:func:`progress` wraps a loop (the loaders' files, the keyword batches). By default it shows a
tqdm bar for long loops when standard error is a terminal or the code runs in Jupyter, and
nothing otherwise, so library calls in scripts, tests and doctests stay silent.

:func:`log_progress` is for commands whose output may go to a log file (``paperkit report
-o r.html 2> run.log``): inside it, loops that would show no bar write a timestamped line at
most every ``every`` seconds, with counts, and the ``say`` function it gives writes the
command's stage messages with the seconds since the start and the peak memory so far::

    2026-12-05 02:10:03  [   41.2 s   1.23 GiB]  computing paper terms
    2026-12-05 02:10:15  keywords  4/10 batch (40%)  12.1 s
    2026-12-05 02:10:33  [   71.0 s   2.10 GiB]    paper terms: done in 29.8 s

The clocks and the memory probe are arguments, so tests need no timing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

__all__ = ["log_progress", "peak_rss_gb", "progress"]

#: The active line writer of :func:`log_progress` (None: loops show bars or nothing).
_LINES: _Lines | None = None


class _Lines:
    """Where and how often progress lines are written."""

    def __init__(self, stream: IO[str], every: float, clock: Callable[[], float], now: Callable[[], dt.datetime]):
        self.stream, self.every, self.clock, self.now = stream, every, clock, now

    def write(self, text: str) -> None:
        print(f"{self.now():%Y-%m-%d %H:%M:%S}  {text}", file=self.stream, flush=True)


def progress(
    items: Iterable,
    show: bool | None,
    *,
    desc: str = "loading digests",
    unit: str = "file",
    at_least: int = 20,
    total: int | None = None,
    size: Callable[[Any], int] | None = None,
):
    """``items`` wrapped in a progress display: a tqdm bar, timestamped lines, or nothing.

    Parameters
    ----------
    items
        A sized iterable (``len(items)`` is read unless ``total`` is given).
    show
        True: always a bar; False: never anything; None: inside :func:`log_progress` on a
        stream that is not a terminal, timestamped lines; otherwise a bar for ``at_least``
        items or more when standard error is a terminal or the code runs in a Jupyter kernel.
    desc, unit
        The label and the name of what is counted (``"file"``, ``"papers"``).
    at_least
        Fewest items that get a bar when ``show`` is None (lines are written for any loop
        that runs longer than their interval).
    total, size
        For lines: the total count (default ``len(items)``) and the count one item adds
        (default 1), e.g. the papers of a batch.

    Returns
    -------
    iterable
        ``items`` itself when nothing is shown, else an iterator over it.

    Examples
    --------
    >>> progress(range(3), None)
    range(0, 3)
    >>> progress([1, 2], False, desc="keywords", unit="batch")
    [1, 2]
    """
    if show is False:
        return items
    if show is None and _LINES is not None:
        return _line_loop(items, _LINES, desc=desc, unit=unit, total=len(items) if total is None else total, size=size)
    if show is None:
        show = len(items) >= at_least and (sys.stderr.isatty() or "ipykernel" in sys.modules)
    if not show:
        return items
    try:
        import importlib.util

        if "ipykernel" in sys.modules and importlib.util.find_spec("ipywidgets"):
            from tqdm.auto import tqdm
        else:
            from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return items
    return tqdm(items, desc=desc, unit=unit)


def _line_loop(items: Iterable, lines: _Lines, *, desc: str, unit: str, total: int,
               size: Callable[[Any], int] | None) -> Iterator:
    """Yield ``items``; write a line when ``lines.every`` seconds have passed since the last one,
    and a last line with the final count when any line was written before it."""
    start = last = lines.clock()
    done, written = 0, None  # the count of the last line written (None: no line yet)

    def line() -> None:
        share = f" ({done / total:.0%})" if total else ""
        lines.write(f"{desc}  {done:,}/{total:,} {unit}{share}  {lines.clock() - start:.1f} s")

    for item in items:
        yield item
        done += 1 if size is None else size(item)
        if lines.clock() - last >= lines.every:
            line()
            last, written = lines.clock(), done
    if written is not None and written != done:
        line()


def peak_rss_gb() -> float | None:
    """Peak resident memory of this process so far, in GiB (2**30 bytes; None where it cannot be read).

    Read from ``VmHWM`` in ``/proc/self/status`` (Linux), else from
    ``resource.getrusage`` (kilobytes on Linux, bytes on macOS).

    Examples
    --------
    >>> peak = peak_rss_gb()
    >>> peak is None or 0 < peak < 1e4
    True
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024**2
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (ImportError, OSError):  # pragma: no cover - Windows
        return None
    return peak / 1024**3 if sys.platform == "darwin" else peak / 1024**2


@contextlib.contextmanager
def log_progress(
    stream: IO[str] | None = None,
    *,
    every: float = 5.0,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] | None = None,
    memory: Callable[[], float | None] | None = peak_rss_gb,
) -> Iterator[Callable[[str], None]]:
    """Within the block, write stage messages and (off a terminal) loop progress as timestamped lines.

    Parameters
    ----------
    stream
        Where lines go (standard error when None). Loops inside the block write lines only
        when ``stream`` is not a terminal (a terminal gets tqdm bars, as outside the block).
    every
        Least number of seconds between two lines of one loop.
    clock, now
        Seconds for durations (``time.monotonic``) and the wall-clock time printed on each
        line (``datetime.now``); tests pass fakes.
    memory
        Peak memory so far in GiB, printed with each message (:func:`peak_rss_gb`; None: not
        printed).

    Yields
    ------
    callable
        ``say(message)``: writes ``<date time>  [<seconds since start> s  <peak> GiB]  message``.

    Examples
    --------
    >>> import io, datetime as dt
    >>> ticks = iter([0.0, 0.0, 3.5])
    >>> out = io.StringIO()
    >>> with log_progress(out, clock=lambda: next(ticks), now=lambda: dt.datetime(2026, 12, 5, 2, 10, 3),
    ...                   memory=lambda: 1.234) as say:
    ...     say("loading papers")
    ...     say("computing paper terms")
    >>> print(out.getvalue(), end="")
    2026-12-05 02:10:03  [    0.0 s   1.23 GiB]  loading papers
    2026-12-05 02:10:03  [    3.5 s   1.23 GiB]  computing paper terms
    """
    global _LINES
    stream = sys.stderr if stream is None else stream
    lines = _Lines(stream, every, clock, now or dt.datetime.now)
    start = clock()

    def say(message: str) -> None:
        peak = memory() if memory is not None else None
        gb = f" {peak:6.2f} GiB" if peak is not None else ""
        lines.write(f"[{clock() - start:7.1f} s{gb}]  {message}")

    saved = _LINES
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):
        is_tty = False
    _LINES = saved if is_tty else lines
    try:
        yield say
    finally:
        _LINES = saved
