"""Renamed keyword arguments keep working for one release, with a ``DeprecationWarning``.

paperkit's public API uses one vocabulary (see the README's API section): ``terms_frame`` for
the per-paper terms frame, ``top`` for every "keep the N first". A function whose keyword was
renamed is decorated with :func:`renamed_keywords`, which maps the old name to the new one and
says so; passing both is a ``TypeError``. A function whose positional frames changed places (the
frame it works on first, then the papers) tells the old order from the frames' columns and calls
:func:`old_argument_order`.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import TypeVar

__all__ = ["old_argument_order", "renamed_keywords"]

_F = TypeVar("_F", bound=Callable)


def renamed_keywords(**old_to_new: str) -> Callable[[_F], _F]:
    """Decorate a function whose keyword arguments ``old`` were renamed ``new``.

    Calls with an old name still work for one release and issue a ``DeprecationWarning`` naming
    the function, the old and the new name; a call with both names is a ``TypeError``.

    Examples
    --------
    >>> @renamed_keywords(top_n="top")
    ... def head(values, *, top=3):
    ...     return values[:top]
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     head([1, 2, 3, 4], top_n=2)
    [1, 2]
    >>> str(caught[0].message)
    'head(top_n=...) is deprecated and will be removed in the next release: use head(top=...)'
    """

    def decorate(func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old!r} (deprecated) and {new!r}; pass {new!r}")
                    warnings.warn(f"{func.__name__}({old}=...) is deprecated and will be removed in the next release: "
                                  f"use {func.__name__}({new}=...)", DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def old_argument_order(func_name: str, old: str, new: str) -> None:
    """Warn that ``func_name`` was called with its positional arguments in the ``old`` order.

    The old order keeps working for one release; the caller (who tells the order from the
    frames' columns) swaps the arguments and calls this, so the warning points at the user's line.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old_argument_order("cotopic_papers", "papers, topics, ...", "topics, papers, ...")
    >>> str(caught[0].message)
    'cotopic_papers(papers, topics, ...) is deprecated and will be removed in the next release: use cotopic_papers(topics, papers, ...)'
    """
    warnings.warn(f"{func_name}({old}) is deprecated and will be removed in the next release: use {func_name}({new})",
                  DeprecationWarning, stacklevel=3)
