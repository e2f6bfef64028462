"""Any parsed frame to records (:data:`paperkit.normalize.RECORD_SCHEMA`): columns by their usual names, dates parsed and checked, long texts cut.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from paperkit.io.files import date_from_name
from paperkit.io.problems import Problems, quote_input
from paperkit.normalize import empty_records


# --------------------------------------------------------------------------------------------
# Mapping parsed frames to records
def _col(frame: pl.DataFrame, *names: str, dtype=pl.String()) -> pl.Expr:
    for name in names:
        if name in frame.columns:
            return pl.col(name)
    return pl.lit(None, dtype=dtype)


def _str_list(frame: pl.DataFrame, name: str, *, sep: str | None = None) -> pl.Expr:
    """A list-of-strings column from a list, a Python-repr list string or a separated string."""
    if name not in frame.columns:
        return pl.lit([], dtype=pl.List(pl.String()))
    dtype = frame.schema[name]
    if isinstance(dtype, pl.List):
        if dtype.inner == pl.String():
            return pl.col(name)
        if isinstance(dtype.inner, pl.Struct) and "name" in dtype.inner.to_schema():
            return pl.col(name).list.eval(pl.element().struct.field("name"))
        return pl.col(name).cast(pl.List(pl.String()))
    if dtype == pl.String():
        text = pl.col(name).str.strip_chars()
        as_repr = text.str.starts_with("[")
        # "['A', 'B']" or '["A", "B"]' -> list; else split on ';' (or ',' when given).
        repr_items = text.str.strip_chars("[]").str.extract_all(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""").list.eval(
            pl.element().str.slice(1, pl.element().str.len_chars() - 2)
        )
        split_on = sep or ";"
        plain = text.str.split(split_on).list.eval(pl.element().str.strip_chars()).list.eval(
            pl.element().filter(pl.element() != "")
        )
        return pl.when(as_repr).then(repr_items).otherwise(plain).fill_null([])
    return pl.lit([], dtype=pl.List(pl.String()))


def _first_column(frame: pl.DataFrame, *names: str) -> str | None:
    return next((name for name in names if name in frame.columns), None)


def _date_expr(frame: pl.DataFrame, name: str | None) -> pl.Expr:
    """A Date column from a Date, Datetime or ISO-text column (invalid text becomes null)."""
    if name is None:
        return pl.lit(None, dtype=pl.Date())
    dtype = frame.schema[name]
    if dtype == pl.Date():
        return pl.col(name)
    if isinstance(dtype, pl.Datetime):
        return pl.col(name).dt.date()
    return _iso_date(pl.col(name).cast(pl.String()))


def _raw_text(frame: pl.DataFrame, name: str | None) -> pl.Expr:
    """The text a date was parsed from, to report it when it does not parse (null for typed columns)."""
    if name is None or frame.schema[name] in (pl.Date(), pl.Null()) or isinstance(frame.schema[name], pl.Datetime):
        return pl.lit(None, dtype=pl.String())
    return pl.col(name).cast(pl.String())


def _datetime_expr(frame: pl.DataFrame, name: str | None) -> pl.Expr:
    if name is None:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    dtype = frame.schema[name]
    if isinstance(dtype, pl.Datetime):
        return pl.col(name).dt.replace_time_zone(None).dt.replace_time_zone("UTC") if dtype.time_zone is None else pl.col(name).dt.convert_time_zone("UTC")
    if dtype == pl.Date():
        return pl.col(name).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
    return iso_datetime(pl.col(name).cast(pl.String()))


def iso_datetime(text: pl.Expr) -> pl.Expr:
    """ISO-8601 text ('2024-05-31T17:50:01.000Z', '2024-05-31') to a UTC datetime; null when invalid.

    The whole value must parse: '2025-01-01T25:00:00Z' is null, not the day 2025-01-01.
    """
    stripped = text.str.strip_chars()
    clean = stripped.str.replace(r"(?i)Z$", "").str.replace(r"[+-]\d{2}:?\d{2}$", "").str.replace(" ", "T")
    full = clean.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", strict=False, time_unit="us")
    short = clean.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us")
    minutes = clean.str.to_datetime("%Y-%m-%dT%H:%M", strict=False, time_unit="us")
    day = clean.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us"))
    # A UTC offset ("-05:00", "+0530") is converted: 20:30-05:00 is 01:30 UTC the next day.
    offset = stripped.str.extract(r"T.*([+-])(\d{2}):?(\d{2})$", 1)
    hours = stripped.str.extract(r"T.*[+-](\d{2}):?\d{2}$", 1).cast(pl.Int64, strict=False)
    mins = stripped.str.extract(r"T.*[+-]\d{2}:?(\d{2})$", 1).cast(pl.Int64, strict=False)
    shift = pl.when(offset == "+").then(-1).otherwise(1) * (hours * 60 + mins)
    local = pl.coalesce(full, short, minutes, day)
    utc = pl.when(shift.is_not_null() & (hours < 24) & (mins < 60)).then(local + pl.duration(minutes=shift)).when(
        shift.is_null()).then(local)
    return utc.dt.replace_time_zone("UTC")


def _iso_date(text: pl.Expr) -> pl.Expr:
    """ISO-8601 date or date-time text to its date; null when any part of it is invalid."""
    day = text.str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    return pl.coalesce(day, iso_datetime(text).dt.date())


def _date_list_expr(frame: pl.DataFrame, name: str) -> tuple[pl.Expr, pl.Expr]:
    """``digest_dates`` (a list of dates or ISO texts, or ';'-separated text) and its raw texts."""
    dtype = frame.schema[name]
    if isinstance(dtype, pl.List) and dtype.inner == pl.Date():
        return pl.col(name), pl.lit(None, dtype=pl.List(pl.String()))
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Datetime):
        return pl.col(name).list.eval(pl.element().dt.date()), pl.lit(None, dtype=pl.List(pl.String()))
    raw = _str_list(frame, name) if dtype == pl.String() else pl.col(name).cast(pl.List(pl.String()))
    return raw.list.eval(_iso_date(pl.element())), raw


def _int_expr(frame: pl.DataFrame, *names: str) -> pl.Expr:
    for name in names:
        if name in frame.columns:
            return pl.col(name).cast(pl.Int64, strict=False)
    return pl.lit(None, dtype=pl.Int64())


def _keywords_expr(frame: pl.DataFrame) -> pl.Expr:
    """Keywords the source gives (``keywords`` or Hugging Face ``ai_keywords``): a list, a repr list or
    ';'-separated text; null where the source has none. Carried as given, never derived."""
    name = _first_column(frame, "keywords", "ai_keywords")
    if name is None or frame.schema[name] == pl.Null():
        return pl.lit(None, dtype=pl.List(pl.String()))
    given = _str_list(frame, name) if frame.schema[name] == pl.String() else pl.col(name).cast(pl.List(pl.String()))
    return pl.when(pl.col(name).is_not_null()).then(given.list.drop_nulls())


def _locator_expr(frame: pl.DataFrame, fmt: str, path: Path) -> pl.Expr:
    unit = "line " if fmt != "table" or path.suffix.lower() in (".jsonl", ".ndjson") else "row "
    return pl.lit(unit) + _col(frame, "__line", dtype=pl.Int64()).cast(pl.String())


def _cut_long_fields(frame: pl.DataFrame, fmt: str, file: str, path: Path, problems: Problems,
                     max_chars: dict[str, int]) -> pl.DataFrame:
    """Text fields longer than the longest of ``max_chars`` (:data:`MAX_TEXT_CHARS`) cut before any
    other step (a 200 MB field would be copied by each of them), each cut reported."""
    limit = max(max_chars.values())
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String and not c.startswith("__")]
    if not text:
        return frame
    longest = frame.select(pl.col(text).str.len_bytes().max()).row(0)
    for column, n_bytes in zip(text, longest):
        if n_bytes is None or n_bytes <= limit:  # characters <= bytes
            continue
        n = pl.col(column).str.len_chars()
        at = frame.select(_locator_expr(frame, fmt, path).alias("at"), n.alias("n")).filter(pl.col("n") > limit)
        for loc, chars in at.rows():
            problems.warn(file, loc, f"{column} of {chars:,} characters cut to the first {limit:,} "
                          "(paperkit.io.MAX_TEXT_CHARS)")
        frame = frame.with_columns(pl.col(column).str.slice(0, limit))
    return frame


def records_from_frame(fmt: str, frame: pl.DataFrame, file: str, path: Path, problems: Problems,
                        max_chars: dict[str, int]) -> pl.DataFrame:
    """Map a parsed JSONL/table frame to records; drop and report rows without a title."""
    if frame.height == 0:
        return empty_records()
    frame = _cut_long_fields(frame, fmt, file, path, problems, max_chars)
    given = [c for c in frame.columns if not c.startswith("__")]
    lower = {c.lower().strip(): c for c in frame.columns}
    frame = frame.rename({orig: low for low, orig in lower.items() if low != orig and low not in frame.columns})
    if fmt == "table" and "title" not in frame.columns:
        # Every record of the file is skipped: one problem row each, so the counts reconcile.
        shown = ", ".join(repr(c) for c in given[:12]) + (f" and {len(given) - 12} more" if len(given) > 12 else "")
        reason = f"table has no 'title' column (its columns: {shown or 'none'}); record skipped"
        problems.skip_many(file, frame.select(_locator_expr(frame, fmt, path).alias("at"))["at"].to_list(), reason)
        return empty_records()
    frame = _text_titles(frame, fmt, file, path, problems)
    frame = _plain_columns(frame, file, problems)
    digest_name = _first_column(frame, "digest_date", "first_seen_date", "date", "digest")
    published_name = _first_column(frame, "published", "published_at", "publishedat")
    if "digest_dates" in frame.columns:
        digest_list, raw_list = _date_list_expr(frame, "digest_dates")
    else:
        digest_list, raw_list = pl.lit(None, dtype=pl.List(pl.Date())), pl.lit(None, dtype=pl.List(pl.String()))
    source = {"hf-archive": "hf-archive", "arxiv": "arxiv"}.get(fmt, "table")
    records = frame.select(
        _col(frame, "arxiv_id", "id", "paper_id", "arxiv").cast(pl.String()).alias("arxiv_id"),
        _col(frame, "title").cast(pl.String()).alias("title"),
        _col(frame, "abstract", "summary").cast(pl.String()).alias("abstract"),
        _date_expr(frame, digest_name).alias("digest_date"),
        digest_list.alias("digest_dates"),
        _datetime_expr(frame, published_name).alias("published"),
        _str_list(frame, "authors").alias("authors"),
        _str_list(frame, "categories").alias("categories"),
        _keywords_expr(frame).alias("keywords"),
        _int_expr(frame, "upvotes").alias("upvotes"),
        _int_expr(frame, "comments", "num_comments", "numcomments").alias("comments"),
        _col(frame, "github_repo", "githubrepo").cast(pl.String()).alias("github_repo"),
        _col(frame, "project_page", "projectpage").cast(pl.String()).alias("project_page"),
        pl.lit(source).alias("source"),
        pl.lit(file).alias("source_file"),
        _locator_expr(frame, fmt, path).alias("locator"),
        _raw_text(frame, digest_name).alias("__raw_digest_date"),
        _raw_text(frame, published_name).alias("__raw_published"),
        raw_list.alias("__raw_digest_dates"),
    )
    no_title = records.filter(pl.col("title").is_null() | (pl.col("title").str.strip_chars() == ""))
    for loc in no_title["locator"].to_list():
        problems.skip(file, loc, "record has no title")
    records = records.filter(pl.col("title").is_not_null() & (pl.col("title").str.strip_chars() != ""))
    no_abstract = records.filter(pl.col("abstract").is_null() | (pl.col("abstract").str.strip_chars() == ""))
    for loc, title in no_abstract.select("locator", "title").rows():
        problems.warn(file, loc, f"title with no abstract: {quote_input(title, 60)}")
    name_date = date_from_name(path) if fmt in ("arxiv", "hf-api") else None
    records = report_unparsed_dates(
        records, file, problems,
        names={"digest_date": digest_name, "published": published_name, "digest_dates": "digest_dates"},
        fallback="the file name's date is used" if name_date else None,
    )
    if name_date is not None:
        records = records.with_columns(pl.col("digest_date").fill_null(name_date))
    return records


# Columns read as one text (or number, or date) per record, and as a list per record.
_SCALAR_COLUMNS = ("arxiv_id", "id", "paper_id", "arxiv", "abstract", "summary", "digest_date", "first_seen_date",
                   "date", "digest", "published", "published_at", "publishedat", "upvotes", "comments",
                   "num_comments", "numcomments", "github_repo", "githubrepo", "project_page", "projectpage")

_LIST_COLUMNS = ("authors", "categories", "keywords", "ai_keywords", "digest_dates")


def _plain_columns(frame: pl.DataFrame, file: str, problems: Problems) -> pl.DataFrame:
    """Columns paperkit reads, in a shape it can read: an abstract given as a list of texts is joined;
    any other column holding objects or nested lists is ignored (one warning naming it)."""
    fixes = []
    for name in [c for c in frame.columns if c in _SCALAR_COLUMNS or c in _LIST_COLUMNS]:
        dtype = frame.schema[name]
        nested = isinstance(dtype, (pl.List, pl.Array, pl.Struct))
        if name in _SCALAR_COLUMNS and not nested:
            continue
        if name in ("abstract", "summary") and isinstance(dtype, pl.List) and dtype.inner in (pl.String(), pl.Null()):
            fixes.append(pl.col(name).list.join(" "))
            continue
        if name in _LIST_COLUMNS and (not nested or (isinstance(dtype, pl.List) and (
                dtype.inner in (pl.String(), pl.Null(), pl.Date()) or dtype.inner.is_numeric()
                or isinstance(dtype.inner, pl.Datetime)
                or (isinstance(dtype.inner, pl.Struct) and "name" in dtype.inner.to_schema()
                    and dtype.inner.to_schema()["name"] in (pl.String(), pl.Null()))))):
            continue
        given = frame.select(pl.col(name).is_not_null().sum()).item()
        if given:
            problems.warn(file, "file", f"column {name!r} holds {dtype} values, not {'lists of texts' if name in _LIST_COLUMNS else 'text'}; "
                          f"ignored in {given} record(s)")
        fixes.append(pl.lit(None, dtype=pl.List(pl.String()) if name in _LIST_COLUMNS else pl.String()).alias(name))
    return frame.with_columns(fixes) if fixes else frame


def _text_titles(frame: pl.DataFrame, fmt: str, file: str, path: Path, problems: Problems) -> pl.DataFrame:
    """The ``title`` column as text: lists of texts joined with spaces (a warning each), numbers as
    text; rows whose title is an object or a nested list are dropped and reported."""
    dtype = frame.schema["title"]
    if dtype in (pl.String(), pl.Null()):
        return frame
    if dtype.is_numeric() or dtype == pl.Boolean():
        return frame.with_columns(pl.col("title").cast(pl.String()))
    at = _locator_expr(frame, fmt, path).alias("__at")
    if isinstance(dtype, pl.List) and dtype.inner in (pl.String(), pl.Null()):
        joined = pl.col("title").list.eval(pl.element().str.strip_chars()).list.eval(
            pl.element().filter(pl.element() != "")).list.join(" ")
        frame = frame.with_columns(pl.when(pl.col("title").list.len() > 0).then(joined).alias("__joined"))
        listed = frame.filter(pl.col("__joined").is_not_null() & (pl.col("__joined") != ""))
        for loc, text, n in listed.select(at, "__joined", pl.col("title").list.len()).rows():
            problems.warn(file, loc, f"title given as a list of {n} texts; joined with spaces: {quote_input(text, 60)}")
        return frame.with_columns(pl.col("__joined").alias("title")).drop("__joined")
    kind = "an object" if isinstance(dtype, pl.Struct) else "a list of non-texts" if isinstance(dtype, pl.List) else f"a {dtype}"
    bad = frame.filter(pl.col("title").is_not_null())
    for loc in bad.select(at)["__at"].to_list():
        problems.skip(file, loc, f"title is {kind}, not text; record skipped")
    return frame.filter(pl.col("title").is_null()).with_columns(pl.col("title").cast(pl.String()))


def report_unparsed_dates(records: pl.DataFrame, file: str, problems: Problems, *, names: dict[str, str | None],
                           fallback: str | None = None) -> pl.DataFrame:
    """Warn about every date text that did not parse (its field stays null); drop the ``__raw_*`` texts.

    ``names`` gives the input column each field was read from, so the message names the user's column.
    """
    given = pl.col("__value").str.strip_chars().str.len_bytes() > 0
    for field, kind in (("digest_date", "date"), ("published", "date-time"), ("digest_dates", "date")):
        raw = f"__raw_{field}"
        if raw not in records.columns:
            continue
        pairs = records.select("locator", pl.col(raw).alias("__value"), pl.col(field).alias("__parsed"))
        if field == "digest_dates":
            pairs = pairs.filter(pl.col("__value").list.len() > 0).explode("__value", "__parsed")
        bad = pairs.filter(given & pl.col("__parsed").is_null())
        note = f"; {fallback}" if fallback and field == "digest_date" else ""
        column = names.get(field)
        label = field if column in (None, field) else f"{field} (column {column!r})"
        for loc, value in bad.select("locator", "__value").rows():
            problems.warn(file, loc, f"{label}: {value!r} is not a valid {kind}; ignored{note}")
    records = records.drop([c for c in records.columns if c.startswith("__raw_")])
    if "digest_dates" in records.columns:
        records = records.with_columns(pl.col("digest_dates").list.drop_nulls())
    return records


def date_bounds(date_range) -> tuple[dt.date, dt.date] | None:
    """``date_range`` resolved against today, or None when the check is off; rejects a malformed one."""
    if date_range is None:
        return None
    expected = "date_range must be (first, last) with dates or None, first <= last, or None to turn the check off"
    if not isinstance(date_range, (tuple, list)) or len(date_range) != 2:
        raise TypeError(f"{expected}; got {date_range!r}")
    ends = []
    for end in date_range:
        if isinstance(end, dt.datetime):
            end = end.date()
        if end is not None and not isinstance(end, dt.date):
            raise TypeError(f"{expected}; got {date_range!r} ({type(end).__name__} is not a date)")
        ends.append(end)
    first = ends[0] or dt.date.min
    last = ends[1] or dt.date(dt.date.today().year + 1, 12, 31)
    if first > last:
        raise ValueError(f"{expected}; got first {first} after last {last}")
    return first, last


def long_texts(records: pl.DataFrame, file: str, problems: Problems, max_chars: dict[str, int]) -> pl.DataFrame:
    """Cut titles and abstracts longer than ``max_chars`` (:data:`MAX_TEXT_CHARS`) and report each cut."""
    for field, limit in max_chars.items():
        if field not in records.columns:
            continue
        long = records.select("locator", pl.col(field).str.len_chars().alias("n")).filter(pl.col("n") > limit)
        for loc, n in long.rows():
            problems.warn(file, loc, f"{field} of {n:,} characters cut to the first {limit:,} "
                          "(paperkit.io.MAX_TEXT_CHARS)")
        if long.height:
            records = records.with_columns(pl.col(field).str.slice(0, limit))
    return records


def implausible_dates(records: pl.DataFrame, file: str, bounds: tuple[dt.date, dt.date] | None,
                       problems: Problems) -> pl.DataFrame:
    """Report dates outside ``bounds`` and leave them empty; the papers are kept."""
    if bounds is None or records.height == 0:
        return records
    first, last = bounds
    inside = {
        "digest_date": pl.col("digest_date").is_between(first, last),
        "published": pl.col("published").dt.date().is_between(first, last),
    }
    outside_list = pl.col("digest_dates").list.eval(pl.element().is_between(first, last).not_()).list.any()
    flags = records.select(*[(~ok).any().alias(f) for f, ok in inside.items()], outside_list.any().alias("digest_dates"))
    if not any(flags.row(0)):
        return records  # the common case: one pass over the dates, nothing to report
    reason = "{field}: {value} is outside the plausible dates {first} .. {last}; ignored (load_papers(date_range=...) sets the range)"
    bad = {
        "digest_date": records.filter(~inside["digest_date"]).select("locator", pl.col("digest_date").cast(pl.String())),
        "published": records.filter(~inside["published"]).select(
            "locator", pl.col("published").dt.to_string("%Y-%m-%dT%H:%M:%SZ")
        ),
        "digest_dates": records.select("locator", "digest_dates").explode("digest_dates")
        .filter(pl.col("digest_dates").is_between(first, last).not_())
        .select("locator", pl.col("digest_dates").cast(pl.String())),
    }
    for field in ("digest_date", "digest_dates", "published"):
        for loc, value in bad[field].rows():
            problems.warn(file, loc, reason.format(field=field, value=value, first=first, last=last))
    return records.with_columns(
        pl.when(inside["digest_date"]).then(pl.col("digest_date")).alias("digest_date"),
        pl.when(inside["published"]).then(pl.col("published")).alias("published"),
        pl.col("digest_dates").list.eval(pl.element().filter(pl.element().is_between(first, last))),
    )
