"""Giving freed memory back to the operating system between the stages of a long run.

Two allocators serve a paperkit process. Polars allocates with its own jemalloc (which returns
freed pages after half a second by polars' setting); Python, numpy and scipy with the C
library's ``malloc``, which keeps freed pages for reuse that polars cannot use. At a million
papers a report process held about 6 GiB more than its data after the keyword stage, and the
next stage's working memory came on top of it. :func:`release_free_memory` (glibc's
``malloc_trim``) after every stage of :class:`paperkit.Digest` took the 1M report's peak from
16.3 to 13.0 GiB (``benchmarks/README-report.md``, runs n and o). Returning jemalloc's pages
at once as well (``_RJEM_MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0``) lowered the 100k
peak by another 0.3 GiB but not the 1M peak, and cost a quarter more time: not done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache

__all__ = ["release_free_memory"]


@lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim  # glibc only (not musl)
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the C library's freed memory to the operating system (glibc's ``malloc_trim(0)``);
    whether it could (False off glibc). Cheap: milliseconds. Call it after a step that freed a
    lot of Python, numpy or scipy memory, before the next big one.

    Examples
    --------
    >>> isinstance(release_free_memory(), bool)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
