"""Input checks shared by the chart builders."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

#: Rows a chart may embed (aggregate in polars first).
MAX_ROWS = 5000


def require_frame(
    frame: pl.DataFrame, columns: Sequence[str], what: str, source: str, *, max_rows: int | None = None
) -> None:
    """Raise a clear error unless ``frame`` is a non-empty polars frame with ``columns``.

    Examples
    --------
    >>> require_frame(pl.DataFrame({"term": []}), ["term"], "shares", "paperkit.term_shares(...)")
    Traceback (most recent call last):
    ...
    ValueError: shares is empty: nothing to draw
    """
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"{what} must be a polars DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; expected the output of {source}")
    if frame.height == 0:
        raise ValueError(f"{what} is empty: nothing to draw")
    if max_rows is not None and frame.height > max_rows:
        raise ValueError(f"{what} has {frame.height} rows; charts embed at most {max_rows}: filter terms first")
