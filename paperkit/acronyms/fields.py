"""Which text fields are searched, and the long ``paper_id, field, text`` frame of them.
"""

from __future__ import annotations

import polars as pl


FIELDS = ("title", "abstract")


def check_fields(fields) -> tuple[str, ...]:
    """The ``fields`` argument as a tuple of text columns; a ValueError names an unknown one."""
    if isinstance(fields, str):
        fields = (fields,)
    fields = tuple(fields)
    bad = [f for f in fields if f not in FIELDS]
    if bad or not fields:
        raise ValueError(f"fields must be a non-empty subset of {FIELDS}, got {fields!r}")
    return fields


def field_texts(papers: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """Long frame ``paper_id, field, text`` of the non-empty fields."""
    parts = [
        papers.select(pl.col("paper_id"), pl.lit(f).alias("field"), pl.col(f).alias("text"))
        for f in fields
    ]
    return pl.concat(parts).filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
