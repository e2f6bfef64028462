"""Reading one file by its format (:data:`FORMATS`), and a list of files into records and papers.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io as _io
import re
import warnings
from pathlib import Path

import polars as pl

from paperkit.io.files import KNOWN_SUFFIXES, decode_bytes, file_bytes, format_suffix
from paperkit.io.jsonfiles import fast_json, fast_jsonl, first_char, jsonl_layout, parse_json, parse_jsonl
from paperkit.io.page import parse_page
from paperkit.io.problems import PaperkitLoadWarning, Problems, quote_input
from paperkit.io.records import (
    implausible_dates,
    iso_datetime,
    long_texts,
    records_from_frame,
    report_unparsed_dates,
)
from paperkit.io.tables import csv_frame
from paperkit.normalize import PAPERS_SCHEMA, RECORD_SCHEMA, empty_records, merge_records
from paperkit.progress import progress as _progress

#: Formats :func:`read_papers` knows, with the file kinds each reads.
FORMATS: dict[str, str] = {
    "hf-page": "plain-text copy of a Hugging Face papers page (.txt)",
    "hf-api": "Hugging Face Daily Papers API day file (.json: list, repr-string list or wrapper)",
    "hf-archive": "Hugging Face daily-papers archive (.jsonl[.gz] with digest_date and arxiv_id)",
    "arxiv": "arXiv listing (.jsonl[.gz] with id, title, summary/abstract, categories)",
    "table": "table with title and abstract columns (.csv, .tsv, .parquet, .jsonl, .json)",
    "papers": "papers frame written by paperkit.write_papers (.parquet)",
}


#: A line that starts a JSON object (searched for in the first megabyte of a JSON Lines file).
_OBJECT_LINE = re.compile(r"(?m)^[ \t]*\{")


def _read_one(path: Path, fmt: str | None, year: int | None, problems: Problems, *,
              max_size: int, max_chars: dict[str, int]) -> tuple[pl.DataFrame | None, int, str | None]:
    """Records of one file, the number of input units it had, and the format used."""
    file = str(path)
    data = file_bytes(path, problems, max_size)
    if data is None:
        return None, 1, None
    suffix = format_suffix(path)
    if fmt is None and suffix not in KNOWN_SUFFIXES:
        problems.skip(file, "file", f"unknown format {suffix or '(no suffix)'!r}; paperkit reads: " + "; ".join(f"{k} ({v})" for k, v in FORMATS.items()))
        return None, 1, None
    if suffix == ".parquet" or fmt in ("papers",):
        try:
            frame = pl.read_parquet(_io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - polars raises several types for a broken file: it is reported
            problems.skip(file, "file", f"not a readable Parquet file: {quote_input(str(exc))}")
            return None, 1, None
        if set(PAPERS_SCHEMA) - {"keywords"} <= set(frame.columns):
            if "keywords" not in frame.columns:  # written before paperkit carried keywords
                frame = frame.with_columns(pl.lit(None, dtype=PAPERS_SCHEMA["keywords"]).alias("keywords"))
            return frame.select(list(PAPERS_SCHEMA)), frame.height, "papers"
        frame = frame.with_row_index("__line", offset=1).with_columns(pl.col("__line").cast(pl.Int64))
        return records_from_frame("table", frame, file, path, problems, max_chars), frame.height, "table"
    if suffix in (".jsonl", ".ndjson") and fmt in (None, "arxiv", "hf-archive", "table"):
        fast = fast_jsonl(data)
        if fast is not None:
            got = jsonl_layout(fast)
            mark = len(problems.rows)
            try:
                return records_from_frame(fmt or got, fast, file, path, problems, max_chars), fast.height, fmt or got
            except Exception:  # noqa: BLE001 - a shape polars read but paperkit cannot map: the careful path
                del problems.rows[mark:]
    if suffix == ".json" and fmt not in ("arxiv", "hf-archive") and not data.startswith(codecs.BOM_UTF8):
        fast = fast_json(data)  # valid UTF-8 only; anything else is decoded and read below
        if fast is not None:
            del data  # the file's bytes are not needed next to the records being made
            return records_from_frame("table", fast, file, path, problems, max_chars), fast.height, "table"
    text = decode_bytes(data, file, problems)
    del data
    if text is None:
        problems.skip(file, "file", "binary file (not text in UTF-8, UTF-16 or Latin-1)")
        return None, 1, None
    text = text.lstrip("\ufeff")
    if fmt == "hf-page" or (fmt is None and suffix == ".txt"):
        recs, n_in = parse_page(text, file, path, year, problems)
        if not recs and n_in == 0:
            problems.skip(file, "file", "no papers found in this page copy (expected title and abstract paragraphs)")
            return None, 1, "hf-page"
        frame = pl.DataFrame(recs, schema={"title": pl.String(), "abstract": pl.String(), "digest_date": pl.Date(), "locator": pl.String()})
        return frame.with_columns(pl.lit("hf-page").alias("source"), pl.lit(file).alias("source_file")), n_in, "hf-page"
    if suffix in (".csv", ".tsv"):
        frame, n_in = csv_frame(text, suffix, file, problems)
        return records_from_frame("table", frame, file, path, problems, max_chars), n_in, "table"
    if suffix == ".json" and first_char(text) in ("[", "{") and not (fmt in ("arxiv", "hf-archive")):
        got, parsed, n_in = parse_json(text, file, path, problems)
    elif first_char(text) == "{" or (suffix in (".jsonl", ".ndjson") and _OBJECT_LINE.search(text, 0, 1_000_000)):
        # JSON Lines whose first line is junk ("null", a list) cost that line, not the file.
        got, parsed, n_in = parse_jsonl(text, file, path, problems)
    else:
        problems.skip(file, "file", f"not JSON (starts with {text[:2000].strip()[:20]!r})")
        return None, 1, None
    if isinstance(parsed, list):
        if not parsed:
            return None, n_in, got
        frame = pl.DataFrame(parsed, infer_schema_length=None)
        frame = frame.with_columns(
            iso_datetime(pl.col("published").cast(pl.String())).alias("published"),
            pl.col("published").cast(pl.String()).alias("__raw_published"),
            pl.lit("hf-api").alias("source"),
            pl.lit(file).alias("source_file"),
        )
        return report_unparsed_dates(frame, file, problems, names={"published": "publishedAt"}), n_in, got
    return records_from_frame(got, parsed, file, path, problems, max_chars), n_in, got


def read_files(files: list[Path], fmt: str | None, year: int | None, problems: Problems, *, progress: bool | None,
                bounds: tuple[dt.date, dt.date] | None, max_size: int,
                max_chars: dict[str, int]) -> tuple[list[pl.DataFrame], list[pl.DataFrame], int]:
    """Read every file: ``(records per file, papers frames read back as written, input units)``."""
    parts: list[pl.DataFrame] = []
    ready: list[pl.DataFrame] = []
    records_in = 0
    for path in _progress(files, progress):
        mark = len(problems.rows)
        try:
            frame, n_in, got = _read_one(path, fmt, year, problems, max_size=max_size, max_chars=max_chars)
        except Exception as exc:  # noqa: BLE001 - a shape no reader expected: the file is reported, the load goes on
            del problems.rows[mark:]
            problems.skip(str(path), "file", f"could not be read ({type(exc).__name__}: {quote_input(str(exc))}); "
                          "please report this file to paperkit")
            frame, n_in, got = None, 1, None
        records_in += n_in
        if frame is None or frame.height == 0:
            continue
        if got == "papers":
            ready.append(frame)
        else:
            records = long_texts(_records_frame(frame), str(path), problems, max_chars)
            parts.append(implausible_dates(records, str(path), bounds, problems))
    return parts, ready, records_in


def merge(parts: list[pl.DataFrame], ready: list[pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The papers and the duplicates of the records read, with papers frames added as they are."""
    records = pl.concat(parts, how="vertical") if parts else empty_records()
    papers, duplicates = merge_records(records)
    if ready:
        papers = pl.concat([*ready, papers], how="vertical") if papers.height else pl.concat(ready, how="vertical")
        if papers["paper_id"].is_duplicated().any():
            warnings.warn(
                "the same paper_id occurs in several papers Parquet files; they are kept as they are",
                PaperkitLoadWarning, stacklevel=3,
            )
    return papers, duplicates


def _records_frame(frame: pl.DataFrame) -> pl.DataFrame:
    cols = [
        (pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name))
        for name, dtype in RECORD_SCHEMA.items()
    ]
    return frame.select(cols)
