"""Rows of JSON objects to a frame: scalar and title checks, nested values flattened, the ``table`` format's rows.
"""

from __future__ import annotations

import json

import polars as pl

from paperkit.io.problems import REASON_QUOTE_LIMIT, Problems, quote_input


def scalar_text(value) -> str | None:
    """A text field of a parsed JSON record: text as is, a number as text, anything else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def scalar_int(value) -> int | None:
    """``value`` when it is an int (not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def title_text(title, file: str, location: str, problems: Problems) -> str | None:
    """The title of a parsed JSON record as text, or None (reported as skipped).

    A list of texts is joined with spaces (reported as a warning); a number is its text; an
    object, or a list of anything else, is not a title.
    """
    if isinstance(title, str):
        if title.strip():
            return title
    elif isinstance(title, list) and title and all(isinstance(t, str) for t in title):
        joined = " ".join(t.strip() for t in title if t.strip())
        if joined:
            problems.warn(file, location, f"title given as a list of {len(title)} texts; joined with spaces: {quote_input(joined, 60)}")
            return joined
    elif isinstance(title, (int, float)) and not isinstance(title, bool):
        return str(title)
    elif title is not None and not (isinstance(title, list) and not title):
        kind = "an object" if isinstance(title, dict) else f"a {type(title).__name__} of non-texts" if isinstance(title, list) else f"a {type(title).__name__}"
        problems.skip(file, location, f"title is {kind}, not text: {quote_input(_short_repr(title))}")
        return None
    problems.skip(file, location, "record has no title")
    return None


def _short_repr(value) -> str:
    """``json.dumps`` of a parsed value for a message, without building the text of a huge one."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (RecursionError, ValueError, TypeError):
        text = type(value).__name__
    return text[: REASON_QUOTE_LIMIT + 1]


def _flat_value(value):
    """A parsed JSON value polars can hold in a column: scalars and lists of scalars as they are,
    author objects as their names, anything else (objects, nested lists) as JSON text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        if all(v is None or isinstance(v, str) for v in value):
            return value
        if all(isinstance(v, dict) and isinstance(v.get("name"), str) for v in value):
            return [v["name"] for v in value]
        if all(v is None or isinstance(v, (str, int, float)) for v in value):
            return [None if v is None else str(v) for v in value]
    return _short_repr(value) if _nested(value) else json.dumps(value, ensure_ascii=False)


def _nested(value, limit: int = 32) -> bool:
    """Is ``value`` nested deeper than ``limit`` levels (iteratively, no recursion)?"""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def rows_frame(rows: list[dict], file: str, problems: Problems, *, unit: str = "line") -> pl.DataFrame:
    """Parsed JSON objects (with ``__line``) as a frame: titles made text or the row skipped (reported),
    other values flattened so that no shape of input can fail the frame."""
    kept = []
    for row in rows:
        loc = f"{unit} {row['__line']}"
        title_key = next((k for k in row if isinstance(k, str) and k.lower().strip() == "title"), None)
        if title_key is not None:
            title = row[title_key]
            if not isinstance(title, str) and title is not None:
                title = title_text(title, file, loc, problems)
                if title is None:
                    continue
            row = {**row, title_key: title}
        kept.append({str(k): (v if k == "__line" else _flat_value(v)) for k, v in row.items()})
    if not kept:
        return pl.DataFrame()
    try:
        return pl.DataFrame(kept, infer_schema_length=None)
    except Exception:  # noqa: BLE001 - mixed types across rows: lists stay lists, the rest text
        columns = list(dict.fromkeys(k for r in kept for k in r))
        data = {}
        for name in columns:
            values = [r.get(name) for r in kept]
            if name == "__line":
                data[name] = pl.Series(name, values, dtype=pl.Int64)
            elif any(isinstance(v, list) for v in values):
                data[name] = pl.Series(name, [v if isinstance(v, list) else None if v is None else [str(v)] for v in values],
                                       dtype=pl.List(pl.String()))
            else:
                data[name] = pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String())
        return pl.DataFrame(data)


def table_from_rows(rows: list, file: str, problems: Problems) -> pl.DataFrame:
    """A frame of the JSON objects in ``rows`` with their ``__line``; other rows reported as skipped."""
    objects = []
    for i, row in enumerate(rows, start=1):
        if isinstance(row, dict):
            objects.append({**row, "__line": i})
        else:
            problems.skip(file, f"row {i}", f"expected a JSON object, got {type(row).__name__}")
    frame = rows_frame(objects, file, problems, unit="row")
    return frame if frame.height else pl.DataFrame(schema={"__line": pl.Int64()})
