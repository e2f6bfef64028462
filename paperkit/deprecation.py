"""Renamed keyword arguments keep working for one release, with a ``DeprecationWarning``.

paperkit's public API uses one vocabulary (see the README's API section): ``terms_frame`` for
the per-paper terms frame, ``top`` for every "keep the N first". A function whose keyword was
renamed is decorated with :func:`renamed_keywords`, which maps the old name to the new one and
says so; passing both is a ``TypeError``.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import TypeVar

__all__ = ["renamed_keywords"]

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
