"""Writing tables out: every table of a report as CSV and Parquet (:func:`write_tables`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

import polars as pl

_TABLE_NAME = re.compile(r"[^a-z0-9]+")


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns flattened for CSV: lists joined with "; ", structs as JSON text."""
    exprs = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, (pl.List, pl.Array)):
            exprs.append(pl.col(name).cast(pl.List(pl.String())).list.join("; ").alias(name))
        elif isinstance(dtype, pl.Struct):
            exprs.append(pl.col(name).struct.json_encode().alias(name))
    return frame.with_columns(exprs) if exprs else frame


def write_tables(
    tables: dict[str, pl.DataFrame],
    folder: str | os.PathLike,
    *,
    formats: Sequence[str] = ("csv", "parquet"),
) -> pl.DataFrame:
    """Write every table (name -> frame) to ``folder`` as CSV and Parquet, so it can leave the report.

    File names are the table names in lower-case snake_case (``"Rising terms"`` ->
    ``rising_terms.csv``). Parquet keeps the dtypes (dates, lists); in CSV, list columns are
    joined with ``"; "`` and struct columns written as JSON. The folder is created when missing;
    existing files of the same names are replaced.

    Parameters
    ----------
    tables
        Table name -> polars frame (e.g. the report's tables, or ``{"glossary": glossary(...)}``).
    folder
        Where to write.
    formats
        Any of ``"csv"`` and ``"parquet"``.

    Returns
    -------
    polars.DataFrame
        ``[table, format, path, rows]``, one row per file written.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> t = pl.DataFrame({"term": ["agents"], "papers": [[1, 2]]})
    >>> write_tables({"Rising terms": t}, out).select("table", "format", "rows").rows()
    [('rising_terms', 'csv', 1), ('rising_terms', 'parquet', 1)]
    >>> pl.read_csv(Path(out) / "rising_terms.csv").rows()
    [('agents', '1; 2')]
    """
    bad = [f for f in formats if f not in ("csv", "parquet")]
    if bad or not formats:
        raise ValueError(f"formats must be a non-empty list of 'csv' and 'parquet', got {list(formats)}")
    if not isinstance(tables, dict):
        raise TypeError(f"tables must be a dict of name -> polars DataFrame, got {type(tables).__name__}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows, seen = [], {}
    for name, frame in tables.items():
        if not isinstance(frame, pl.DataFrame):
            raise TypeError(f"table {name!r} is a {type(frame).__name__}, expected a polars DataFrame")
        stem = _TABLE_NAME.sub("_", str(name).lower()).strip("_") or "table"
        if stem in seen:
            raise ValueError(f"tables {seen[stem]!r} and {name!r} would both be written as {stem}; rename one")
        seen[stem] = name
        for fmt in formats:
            path = folder / f"{stem}.{fmt}"
            if fmt == "csv":
                _csv_ready(frame).write_csv(path)
            else:
                frame.write_parquet(path)
            rows.append((stem, fmt, str(path), frame.height))
    return pl.DataFrame(rows, schema={"table": pl.String(), "format": pl.String(), "path": pl.String(), "rows": pl.Int64()}, orient="row")
