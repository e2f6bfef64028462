"""Results kept for the last few frames a function was called with, by identity.

A notebook calls ``keyword_trends(papers, terms=[...], terms_frame=pt)`` again and again with
the same two frames; what those calls derive from a frame alone (the aliases of its terms, the
acronym synonyms of the papers) is computed once. A frame is recognised by identity (the same
object, checked through a weak reference, so nothing is kept alive) and by its height and
columns; polars frames are immutable except for a few in-place methods, which change one of
those. Nothing is written anywhere: this is an in-process cache of a few entries.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

__all__ = ["per_frame"]

F = TypeVar("F", bound=Callable[..., Any])


def per_frame(size: int = 4) -> Callable[[F], F]:
    """Decorate ``fn(frame)`` so that its result is kept for the last ``size`` frames.

    Examples
    --------
    >>> calls = []
    >>> @per_frame()
    ... def heights(df):
    ...     calls.append(1)
    ...     return df.height
    >>> df = pl.DataFrame({"a": [1, 2]})
    >>> heights(df), heights(df), len(calls)
    (2, 2, 1)
    >>> heights(pl.DataFrame({"a": [1, 2]})), len(calls)  # another frame, even if equal
    (2, 2)
    """

    def decorate(fn: F) -> F:
        store: dict[int, tuple] = {}

        @functools.wraps(fn)
        def wrapper(frame: pl.DataFrame):
            stamp = (frame.height, tuple(frame.columns))
            hit = store.get(id(frame))
            if hit is not None and hit[0]() is frame and hit[1] == stamp:
                return hit[2]
            value = fn(frame)
            while len(store) >= size:
                store.pop(next(iter(store)))
            store[id(frame)] = (weakref.ref(frame), stamp, value)
            return value

        wrapper.cache_clear = store.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
