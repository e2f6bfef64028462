"""Loading digests of papers from files: the only module that reads or writes data files.

:func:`read_papers` takes a file, a folder, a glob or a list of them, detects each file's format and
returns one normalized papers frame (:data:`paperkit.normalize.PAPERS_SCHEMA`). :func:`load_papers`
does the same and also returns what could not be loaded (the *problems*), what was merged (the
*duplicates*) and the counts that reconcile them: ``records_in == rows + merged + skipped``. Dates
that are invalid, or outside the plausible range (``date_range=``, default :data:`DATE_RANGE`), are
reported and left empty; the paper is kept.

Formats read (``format=`` names, detected automatically):

``hf-page``
    A plain-text copy of a Hugging Face papers page (``.txt``): page chrome, date lines
    ("Mar 17", "March 17, 2025", "2025-03-17"), then title and abstract paragraphs.
``hf-api``
    A Hugging Face Daily Papers API file (``.json``): a JSON list of objects, a list of Python-repr
    strings, or a ``{"status", "date", "count", "data"}`` wrapper. The digest date is the file
    name's date (``2025-01-10.json``), else the wrapper's ``date``, else ``submittedOnDailyAt``;
    ``paper.ai_keywords`` becomes ``keywords``.
``hf-archive``
    The JSONL archive of daily papers (one object per digest day and paper, ``digest_date``,
    ``arxiv_id``, ``title``, ``abstract``, ``ai_keywords`` ...), as bundled in ``data/raw``.
``arxiv``
    arXiv listings as JSONL: daily files (``id, title, summary, authors, categories`` ...; the
    digest date is the file name's date) or the multi-day layout (``first_seen_date``,
    ``digest_dates``).
``table``
    CSV, TSV, Parquet, JSONL or a JSON list with at least ``title`` and ``abstract`` (or ``summary``)
    columns; optional ``id``, ``date``, ``published``, ``authors``, ``categories``, ``keywords``
    (lists or ';'-separated text).
``papers``
    A Parquet file written by :func:`write_papers`: read back as it was written.
"""

from __future__ import annotations

import ast
import codecs
import csv
import datetime as dt
import errno
import glob as globmod
import gzip
import io as _io
import json
import os
import re
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import polars as pl

from paperkit.normalize import (
    PAPERS_SCHEMA,
    RECORD_SCHEMA,
    empty_records,
    merge_records,
    validate_papers,
)
from paperkit.progress import progress as _progress

__all__ = [
    "DATE_RANGE",
    "FORMATS",
    "MAX_FILE_SIZE",
    "MAX_TEXT_CHARS",
    "MAX_WALK_DEPTH",
    "LoadResult",
    "PaperkitLoadWarning",
    "ProblemsError",
    "data_dir",
    "load_papers",
    "load_sample",
    "read_papers",
    "sample_paths",
    "source_files",
    "write_papers",
    "write_tables",
]

#: Formats :func:`read_papers` knows, with the file kinds each reads.
FORMATS: dict[str, str] = {
    "hf-page": "plain-text copy of a Hugging Face papers page (.txt)",
    "hf-api": "Hugging Face Daily Papers API day file (.json: list, repr-string list or wrapper)",
    "hf-archive": "Hugging Face daily-papers archive (.jsonl[.gz] with digest_date and arxiv_id)",
    "arxiv": "arXiv listing (.jsonl[.gz] with id, title, summary/abstract, categories)",
    "table": "table with title and abstract columns (.csv, .tsv, .parquet, .jsonl, .json)",
    "papers": "papers frame written by paperkit.write_papers (.parquet)",
}
_KNOWN_SUFFIXES = {".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"}
#: Largest file :func:`load_papers` reads, in bytes (after gzip decompression); a larger file is
#: reported as skipped, unread. ``load_papers(max_file_size=...)`` sets another limit.
MAX_FILE_SIZE = 2 * 1024**3
#: Longest title and abstract kept, in characters: a longer one (a pasted paper or web page, a
#: broken export) is cut to this length and reported, so that no single field sets the memory of
#: the analyses. An abstract is a few thousand characters; a whole paper about 100,000.
MAX_TEXT_CHARS: dict[str, int] = {"title": 2_000, "abstract": 1_000_000}
#: Input quoted in a problem's reason is cut to this many characters.
REASON_QUOTE_LIMIT = 200
_PROBLEM_SCHEMA = {"file": pl.String(), "location": pl.String(), "severity": pl.String(), "reason": pl.String()}


class PaperkitLoadWarning(UserWarning):
    """Some input could not be loaded, or was loaded with a caveat (see ``LoadResult.problems``)."""


class ProblemsError(ValueError):
    """Raised by ``strict=True`` loads when any input record or file had a problem."""


@dataclass
class LoadResult:
    """What a load produced, and what it could not use.

    Attributes
    ----------
    papers
        The normalized papers frame (:data:`paperkit.normalize.PAPERS_SCHEMA`).
    problems
        ``[file, location, severity, reason]``: ``severity`` is ``"skipped"`` for input (a record
        or a whole file) that is not in ``papers``, ``"warning"`` for a record loaded with a caveat
        (no abstract, a date without a year, an invalid or implausible date left empty, a guessed
        encoding).
    duplicates
        Records folded into another record of the same paper (see
        :func:`paperkit.normalize.split_duplicates`): ``[paper_id, title, source_file, locator,
        digest_date, kept_source_file, kept_locator, reason]``.
    records_in
        Input units seen: records parsed plus skipped records and unreadable files.
    files
        The files read, in order.
    """

    papers: pl.DataFrame
    problems: pl.DataFrame
    duplicates: pl.DataFrame
    records_in: int
    files: list[str] = field(default_factory=list)

    @property
    def n_skipped(self) -> int:
        """Input units (records or whole files) that are not in ``papers``."""
        return self.problems.filter(pl.col("severity") == "skipped").height

    def reconciles(self) -> bool:
        """``records_in == rows + merged + skipped``: nothing was lost without a trace."""
        return self.records_in == self.papers.height + self.duplicates.height + self.n_skipped

    def summary(self) -> str:
        """A short human-readable account of the load."""
        p = self.papers
        dates = p["digest_date"].drop_nulls()
        span = f"{dates.min()} .. {dates.max()}" if len(dates) else "no dates"
        warn = self.problems.height - self.n_skipped
        lines = [
            f"files read        {len(self.files):>8,}",
            f"records in        {self.records_in:>8,}",
            f"papers out        {p.height:>8,}",
            f"duplicates merged {self.duplicates.height:>8,}",
            f"skipped           {self.n_skipped:>8,}",
            f"warnings          {warn:>8,}",
            f"digest dates      {span} ({p['digest_date'].n_unique() if p.height else 0} days)",
        ]
        if p.height:
            by_source = p.group_by("source").len().sort("source")
            lines.append("by source         " + ", ".join(f"{s}: {n:,}" for s, n in by_source.rows()))
            lines.append(f"without abstract  {p['abstract'].null_count():>8,}")
        return "\n".join(lines)

    def __repr__(self) -> str:  # pragma: no cover - display only
        return f"LoadResult(\n{self.summary()}\n)"


# --------------------------------------------------------------------------------------------
# Finding files
#: Deepest folder level a folder or ``**`` glob walk descends to (a bound on the walk); deeper
#: folders are reported as warnings and not read.
MAX_WALK_DEPTH = 64
_IGNORED_NAMES = ("README", "SOURCE", "LICENSE")


class _Walk:
    """Files of the sources, each real file once, links that lead nowhere or in a circle reported."""

    def __init__(self, problems: _Problems, max_depth: int) -> None:
        self.problems = problems
        self.max_depth = max_depth
        self.files: list[Path] = []
        self.seen: set[str] = set()

    def add_file(self, path: Path) -> None:
        real = os.path.realpath(path)
        if real not in self.seen:
            self.seen.add(real)
            self.files.append(path)

    def link_target(self, path: Path) -> str | None:
        """The real path a symlink leads to, or None (reported) when it dangles or loops."""
        try:
            return os.path.realpath(path, strict=True)
        except OSError as exc:
            what = "symlink loop" if exc.errno == errno.ELOOP else "dangling symlink"
            self.problems.warn(str(path), "file", f"{what} ({os.readlink(path)!r}); not followed")
            return None

    def folder(self, root: Path, *, hidden: bool = False, ignored: bool = True) -> list[Path]:
        """Every file under ``root`` (sorted; hidden and README/SOURCE/LICENSE files left out
        unless asked), following links to folders outside the walk, each real folder once."""
        found: list[Path] = []
        real_root = os.path.realpath(root)
        stack: list[tuple[Path, tuple[str, ...], int]] = [(root, (real_root,), 0)]
        visited = {real_root}
        while stack:
            folder, ancestors, depth = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                self.problems.warn(str(folder), "file", f"cannot list folder: {exc.strerror or exc}")
                continue
            subfolders = []
            for entry in entries:
                if not hidden and entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                if entry.is_symlink():
                    real = self.link_target(path)
                    if real is None:
                        continue
                    if os.path.isdir(real):
                        if _contains(real, ancestors[-1]) or _contains(real, real_root):
                            self.problems.warn(str(path), "file", f"symlink loop ({os.readlink(path)!r} leads to a "
                                               "folder that holds it); not followed")
                        elif real not in visited:
                            visited.add(real)
                            subfolders.append((path, (*ancestors, real)))
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    real = os.path.realpath(path)
                    if real not in visited:
                        visited.add(real)
                        subfolders.append((path, (*ancestors, real)))
                    continue
                if os.path.isfile(path) and not (ignored and entry.name.upper().startswith(_IGNORED_NAMES)):
                    found.append(path)
            for path, chain in reversed(subfolders):
                if depth + 1 > self.max_depth:
                    self.problems.warn(str(path), "file", f"folder deeper than {self.max_depth} levels "
                                       "(paperkit.io.MAX_WALK_DEPTH); not read")
                    continue
                stack.append((path, chain, depth + 1))
        return sorted(found)


def _contains(folder: str, path: str) -> bool:
    """Is ``path`` the real folder ``folder`` or inside it?"""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _glob_regex(pattern: str) -> re.Pattern:
    """A regex for a glob relative to its fixed folder: ``**`` any folders, ``*``/``?`` within one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _expand(source, problems: _Problems, max_depth: int) -> list[Path]:
    if isinstance(source, (str, os.PathLike)):
        items = [source]
    elif isinstance(source, Iterable):
        items = list(source)
    else:
        raise TypeError(f"source must be a path, a glob or a list of them; got {type(source).__name__}")
    if not items:
        raise ValueError("source is an empty list: pass at least one file, folder or glob")
    walk = _Walk(problems, max_depth)
    for item in items:
        text = os.fspath(item)
        path = Path(text).expanduser()
        if path.is_dir():
            for found in walk.folder(path):
                walk.add_file(found)
        elif path.is_file():
            walk.add_file(path)
        elif any(ch in text for ch in "*?["):
            matched = _glob(os.path.expanduser(text), walk)
            if not matched:
                raise FileNotFoundError(f"no files match {text!r}")
            for found in matched:
                walk.add_file(found)
        elif path.is_symlink():
            walk.link_target(path)  # reported: a dangling or looping link
        else:
            raise FileNotFoundError(f"no such file or folder: {text!r}")
    return walk.files


def source_files(source) -> list[Path]:
    """The files :func:`load_papers` reads for ``source`` (a path, folder, glob or a list of
    them), in order, each real file once.

    Examples
    --------
    >>> [p.name for p in source_files(sample_paths("hf-page"))]
    ['hf-daily-2025-03-17.txt']
    """
    return _expand(source, _Problems(), MAX_WALK_DEPTH)


def _glob(pattern: str, walk: _Walk) -> list[Path]:
    """Files matching a glob. ``**`` walks the folder once per real folder (links followed, loops
    reported), so a link back to a parent cannot make the walk endless."""
    if "**" not in pattern:
        matches = sorted(Path(m) for m in globmod.glob(pattern))
        for m in matches:
            if m.is_symlink() and not m.exists():
                walk.link_target(m)
        return [m for m in matches if m.is_file()]
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if any(ch in part for ch in "*?["))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    rest = "/".join(parts[fixed:])
    if not root.is_dir():
        return []
    regex = _glob_regex(rest)
    hidden = any(part.startswith(".") for part in parts[fixed:])
    return [
        p for p in walk.folder(root, hidden=hidden, ignored=False)
        if regex.match(p.relative_to(root).as_posix())
    ]


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


_TOO_DEEP = ("JSON nested too deeply to read (deeper than about 1,000 levels: Python's and polars' "
             "JSON parsers stop there); skipped")
_DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _date_from_name(path: Path) -> dt.date | None:
    m = _DATE_IN_NAME.search(path.name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _py_iso_date(value) -> dt.date | None:
    """The date of an ISO-8601 date or date-time text ('2025-01-10', '2025-01-10T08:25:22.968Z'), else None.

    The whole text must be valid: '2025-01-01T25:00:00Z' is None, not 2025-01-01.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _year_from_name(path: Path) -> int | None:
    m = _YEAR_IN_NAME.search(path.name)
    return int(m[1]) if m else None


# --------------------------------------------------------------------------------------------
# Decoding
class _Problems:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def skip(self, file: str, location: str, reason: str) -> None:
        self.rows.append((file, location, "skipped", reason))

    def skip_many(self, file: str, locations: list[str], reason: str) -> None:
        self.rows.extend((file, loc, "skipped", reason) for loc in locations)

    def warn(self, file: str, location: str, reason: str) -> None:
        self.rows.append((file, location, "warning", reason))

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows, schema=_PROBLEM_SCHEMA, orient="row")


def _decode(data: bytes, file: str, problems: _Problems) -> str | None:
    """Bytes to text: BOMs honoured, UTF-8 preferred, UTF-16 and Windows-1252 recognised."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.warn(file, "file", "decoded as UTF-16 (byte-order mark)")
        return data.decode("utf-16", errors="replace")
    head = data[:8192]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: every other byte is NUL for ASCII text.
        even, odd = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        if _looks_binary(text):
            return None
        problems.warn(file, "file", f"decoded as {encoding.upper()} (no byte-order mark)")
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if _looks_binary(text):
            return None
        problems.warn(file, "file", "not valid UTF-8; decoded as Windows-1252 (Latin-1)")
        return text
    return None if _looks_binary(text) else text


def _looks_binary(text: str) -> bool:
    head = text[:8192]
    if not head:
        return False
    control = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t\f") + head.count("\ufffd")
    return control > max(8, len(head) // 50)


# --------------------------------------------------------------------------------------------
# The plain-text page scrape
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}
_MONTH_RE = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_LINE = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?" + _MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?$", re.I),
    re.compile(r"^(?P<d>\d{1,2})\s+" + _MONTH_RE + r"(?:,?\s+(?P<y>\d{4}))?$", re.I),
]
#: Page chrome a copy of a Hugging Face papers page contains around the papers.
PAGE_CHROME = frozenset(
    s.casefold()
    for s in [
        "new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community",
        "by AK and the research community", "Daily Papers", "Papers", "Trending", "Previous", "Next",
        "Submit", "Submit paper", "Search", "Search papers", "Load more", "Hugging Face", "Models",
        "Datasets", "Spaces", "Docs", "Pricing", "Enterprise", "Log In", "Sign Up", "Posts",
        "Community", "Collections", "Upvote", "Company", "Website", "TOS", "Privacy", "About",
        "Jobs", "Blog", "Learn", "Discord", "Forum", "GitHub", "Changelog", "System theme",
        "Daily", "Weekly", "Monthly", "Get this paper in your agent:", "Back to top",
    ]
)
_CHROME_PATTERNS = re.compile(
    r"^(?:\d+|upvote\s*\d*|submitted by .*|·.*|\d+ comments?|[-=_*·•]{2,}|©.*|\d+ papers?)$", re.I
)


def _parse_date_line(text: str, year: int | None) -> tuple[bool, dt.date | None, str | None]:
    """(is a date line, the date or None, why there is no date: "no year" or "invalid")."""
    for pattern in _DATE_LINE:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"].lower().rstrip(".")]
        y = int(groups["y"]) if groups.get("y") else year
        if y is None:
            return True, None, "no year"
        try:
            return True, dt.date(y, month, int(groups["d"])), None
        except ValueError:  # "Feb 30", "2025-13-01": a date line, but no such day
            return True, None, "invalid"
    return False, None, None


def _is_abstract(text: str) -> bool:
    """Does a paragraph read as an abstract rather than a title?"""
    words = text.count(" ") + 1
    return len(text) >= 300 or (words >= 12 and text.rstrip().endswith((".", "]", ")")) and ". " in text + " ")


def _parse_page(text: str, file: str, path: Path, year: int | None, problems: _Problems) -> tuple[list[dict], int]:
    name_date = _date_from_name(path)
    # The year of a date line without one: year=, else the page's last full date, else the file name.
    page_year = name_date.year if name_date else _year_from_name(path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[tuple[int, str]] = []
    start, buf = 0, []
    for i, line in enumerate(lines + [""], start=1):
        if line.strip():
            if not buf:
                start = i
            buf.append(line.strip())
        elif buf:
            paragraphs.append((start, " ".join(buf)))
            buf = []
    records: list[dict] = []
    current: dt.date | None = name_date
    unknown_year_reported = False
    pending: tuple[int, str] | None = None

    def emit(title_line: int, title: str, abstract: str | None) -> None:
        if abstract is None:
            problems.warn(file, f"line {title_line}", f"title with no abstract: {title[:60]!r}")
        records.append({"title": title, "abstract": abstract, "digest_date": current, "locator": f"line {title_line}"})

    for line_no, para in paragraphs:
        folded = para.casefold()
        if folded in PAGE_CHROME or _CHROME_PATTERNS.match(para):
            continue
        is_date, date, missing = _parse_date_line(para, year if year is not None else page_year)
        if is_date:
            if date is not None:
                page_year = date.year
            if pending:
                emit(*pending, None)
                pending = None
            current = date
            if missing == "invalid":
                problems.warn(file, f"line {line_no}", f"digest_date (date line): {para!r} is not a valid date; the papers under it have none")
            if missing == "no year" and not unknown_year_reported:
                problems.warn(
                    file, f"line {line_no}",
                    f"date {para!r} has no year: digest dates are unknown; pass year= or put the date in the file name",
                )
                unknown_year_reported = True
            continue
        if pending is None:
            if _is_abstract(para) and len(para) > 400:
                problems.skip(file, f"line {line_no}", f"abstract-like paragraph with no title: {para[:60]!r}")
                continue
            pending = (line_no, para)
        elif _is_abstract(para):
            emit(*pending, para)
            pending = None
        else:
            emit(*pending, None)
            pending = (line_no, para)
    if pending:
        emit(*pending, None)
    return records, len(records) + sum(1 for r in problems.rows if r[0] == file and r[2] == "skipped")


# --------------------------------------------------------------------------------------------
# JSON sources
def _hf_item_record(item, i: int, file: str, digest: dt.date | None, problems: _Problems) -> dict | None:
    if isinstance(item, str):
        try:
            item = ast.literal_eval(item)
        except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
            problems.skip(file, f"item {i}", f"not a valid Python-repr object ({type(exc).__name__})")
            return None
    if not isinstance(item, dict):
        problems.skip(file, f"item {i}", f"expected an object, got {type(item).__name__}")
        return None
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
    title = _title_text(paper.get("title") or item.get("title"), file, f"item {i}", problems)
    if title is None:
        return None
    authors = paper.get("authors") or []
    authors = authors if isinstance(authors, list) else [authors]
    names = [a.get("name") if isinstance(a, dict) else _scalar_text(a) for a in authors]
    daily = paper.get("submittedOnDailyAt") or item.get("submittedOnDailyAt")
    if digest is None and daily is not None:
        digest = _py_iso_date(daily)
        if digest is None:
            problems.warn(file, f"item {i}", f"digest_date (submittedOnDailyAt): {daily!r} is not a valid date-time; ignored")
    keywords = paper.get("ai_keywords", item.get("ai_keywords"))
    if isinstance(keywords, str):
        keywords = [keywords]
    if isinstance(keywords, list):
        keywords = [k for k in keywords if isinstance(k, str)]
    else:
        keywords = None
    abstract = _scalar_text(paper.get("summary") or item.get("summary"))
    if not abstract:
        problems.warn(file, f"item {i}", f"title with no abstract: {_quote(title, 60)}")
    return {
        "arxiv_id": _scalar_text(paper.get("id")),
        "title": title,
        "abstract": abstract,
        "digest_date": digest,
        "published": _scalar_text(paper.get("publishedAt")),
        "authors": [n for n in names if isinstance(n, str) and n],
        "keywords": keywords,
        "upvotes": _scalar_int(paper.get("upvotes")),
        "comments": _scalar_int(item.get("numComments")),
        "github_repo": _scalar_text(paper.get("githubRepo")),
        "project_page": _scalar_text(paper.get("projectPage")),
        "locator": f"item {i}",
    }


def _scalar_text(value) -> str | None:
    """A text field of a parsed JSON record: text as is, a number as text, anything else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _scalar_int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _title_text(title, file: str, location: str, problems: _Problems) -> str | None:
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
            problems.warn(file, location, f"title given as a list of {len(title)} texts; joined with spaces: {_quote(joined, 60)}")
            return joined
    elif isinstance(title, (int, float)) and not isinstance(title, bool):
        return str(title)
    elif title is not None and not (isinstance(title, list) and not title):
        kind = "an object" if isinstance(title, dict) else f"a {type(title).__name__} of non-texts" if isinstance(title, list) else f"a {type(title).__name__}"
        problems.skip(file, location, f"title is {kind}, not text: {_quote(_short_repr(title))}")
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


def _rows_frame(rows: list[dict], file: str, problems: _Problems, *, unit: str = "line") -> pl.DataFrame:
    """Parsed JSON objects (with ``__line``) as a frame: titles made text or the row skipped (reported),
    other values flattened so that no shape of input can fail the frame."""
    kept = []
    for row in rows:
        loc = f"{unit} {row['__line']}"
        title_key = next((k for k in row if isinstance(k, str) and k.lower().strip() == "title"), None)
        if title_key is not None:
            title = row[title_key]
            if not isinstance(title, str) and title is not None:
                title = _title_text(title, file, loc, problems)
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


def _is_hf_item(obj) -> bool:
    if isinstance(obj, str):
        return obj.lstrip().startswith("{'paper'") or obj.lstrip().startswith('{"paper"')
    return isinstance(obj, dict) and ("paper" in obj or ("summary" in obj and "upvotes" in obj))


def _parse_json(text: str, file: str, path: Path, problems: _Problems) -> tuple[str, list[dict] | pl.DataFrame, int]:
    if _first_char(text) == "[":  # a list of flat objects: straight into polars, no Python objects
        fast = _fast_json_table(text, None)
        if fast is not None and not ({"paper"} <= set(fast.columns) or {"summary", "upvotes"} <= set(fast.columns)):
            return "table", fast, fast.height
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Maybe JSON Lines with a .json suffix.
        if text.lstrip().startswith("{") and "\n" in text.strip():
            return _parse_jsonl(text, file, path, problems)
        problems.skip(file, f"line {exc.lineno}", f"malformed JSON: {exc.msg}")
        return "hf-api", [], 1
    except RecursionError:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            return _parse_jsonl(text, file, path, problems)
        problems.skip(file, "file", _TOO_DEEP)
        return "hf-api", [], 1
    digest = _date_from_name(path)
    items = data
    if isinstance(data, dict):
        items = data.get("data", data.get("papers"))
        if digest is None and data.get("date") is not None:
            digest = _py_iso_date(data["date"])
            if digest is None:
                problems.warn(file, "file", f"digest_date (wrapper 'date'): {data['date']!r} is not a valid date; ignored")
        if not isinstance(items, list):
            problems.skip(file, "file", "JSON object without a 'data' list of papers")
            return "hf-api", [], 1
        if isinstance(data.get("count"), int) and data["count"] != len(items):
            problems.warn(file, "file", f"wrapper says count={data['count']} but holds {len(items)} items")
    if not isinstance(items, list):
        problems.skip(file, "file", f"expected a JSON list or wrapper object, got {type(items).__name__}")
        return "hf-api", [], 1
    if items and not any(_is_hf_item(x) for x in items[:5]) and all(isinstance(x, dict) for x in items):
        return "table", _table_from_rows(items, file, problems), len(items)
    records = []
    for i, item in enumerate(items):
        rec = _hf_item_record(item, i, file, digest, problems)
        if rec is not None:
            records.append(rec)
    return "hf-api", records, len(items)


_ODD_TITLE = re.compile(r'"\s*title\s*"\s*:\s*(?:true|false|\[|\{)', re.IGNORECASE)


def _first_char(text: str | bytes) -> str | bytes:
    """The first non-blank character of a text or bytes (empty when none), without copying it."""
    found = (_NON_BLANK_BYTES if isinstance(text, bytes) else _NON_BLANK).search(text)
    return found.group(0) if found else text[:0]


_NON_BLANK, _NON_BLANK_BYTES = re.compile(r"\S"), re.compile(rb"\S")


def _fast_json_table(text: str, n_items: int | None) -> pl.DataFrame | None:
    """A JSON list of flat objects straight into polars (what :func:`_rows_frame` would make of it:
    scalars and lists of text only, a text title), or None to take the careful path."""
    flat = (pl.String, pl.Null, pl.Boolean, pl.Int64, pl.Float64, pl.List(pl.String), pl.List(pl.Null))
    if _ODD_TITLE.search(text):  # a title that is a boolean, a list or an object: reported row by row
        return None
    try:
        frame = pl.read_json(_io.BytesIO(text.encode("utf-8")), infer_schema_length=None)
    except Exception:  # noqa: BLE001 - any failure: the careful path reports it row by row
        return None
    title = next((c for c in frame.columns if c.lower().strip() == "title"), None)
    if ((n_items is not None and frame.height != n_items) or frame.height == 0 or title is None or frame.schema[title] not in (pl.String, pl.Null)
            or any(dtype not in flat for dtype in frame.schema.values())):
        return None
    return frame.with_row_index("__line", offset=1).with_columns(pl.col("__line").cast(pl.Int64))


def _fast_jsonl(data: bytes, *, compressed: bool = False) -> pl.DataFrame | None:
    """Well-formed UTF-8 JSON Lines (gzipped or not) straight into polars, or None to take the careful path."""
    if not compressed:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        if not _first_char(data) == b"{":
            return None
    try:
        frame = pl.read_ndjson(_io.BytesIO(data), infer_schema_length=None)
    except Exception:  # noqa: BLE001 - any failure: the careful path reports it line by line
        return None
    if frame.height == 0 or "title" not in frame.columns:
        return None
    if not compressed and frame.height != data.count(b"\n") + (not data.endswith(b"\n")) - _blank_lines(data):
        return None
    return frame.with_row_index("__line", offset=1).with_columns(pl.col("__line").cast(pl.Int64))


def _blank_lines(data: bytes) -> int:
    if b"\n\n" not in data and b"\n \n" not in data and b"\n\r\n" not in data:
        return 0
    return sum(1 for line in data.split(b"\n")[:-1] if not line.strip()) + (data.endswith(b"\n") is False and not data.rsplit(b"\n", 1)[-1].strip())


def _jsonl_layout(frame: pl.DataFrame) -> str:
    cols = set(frame.columns)
    if {"digest_date", "arxiv_id", "title"} <= cols:
        return "hf-archive"
    if "id" in cols and "title" in cols and ({"summary", "categories"} <= cols or "first_seen_date" in cols):
        return "arxiv"
    return "table"


def _parse_jsonl(text: str, file: str, path: Path, problems: _Problems) -> tuple[str, pl.DataFrame, int]:
    """JSON Lines: a fast polars read, or line by line when some line is bad."""
    lines = text.split("\n")
    n_lines = sum(1 for line in lines if line.strip())
    frame = None
    try:
        frame = pl.read_ndjson(_io.BytesIO(text.encode("utf-8")), infer_schema_length=None)
    except Exception:  # noqa: BLE001 - any parse failure falls back to the careful path
        rows = []
        for i, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.skip(file, f"line {i}", f"malformed JSON: {exc.msg}: {_quote(line.strip())}")
                continue
            except RecursionError:
                problems.skip(file, f"line {i}", _TOO_DEEP)
                continue
            if not isinstance(obj, dict):
                problems.skip(file, f"line {i}", f"expected a JSON object, got {type(obj).__name__}")
                continue
            obj["__line"] = i
            rows.append(obj)
        frame = _rows_frame(rows, file, problems)
    if "__line" not in frame.columns:
        frame = frame.with_row_index("__line", offset=1).with_columns(pl.col("__line").cast(pl.Int64))
    return _jsonl_layout(frame), frame, n_lines


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
    return _iso_datetime(pl.col(name).cast(pl.String()))


def _iso_datetime(text: pl.Expr) -> pl.Expr:
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
    return pl.coalesce(day, _iso_datetime(text).dt.date())


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


def _cut_long_fields(frame: pl.DataFrame, fmt: str, file: str, path: Path, problems: _Problems,
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


def _records_from_frame(fmt: str, frame: pl.DataFrame, file: str, path: Path, problems: _Problems,
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
        problems.warn(file, loc, f"title with no abstract: {_quote(title, 60)}")
    name_date = _date_from_name(path) if fmt in ("arxiv", "hf-api") else None
    records = _report_unparsed_dates(
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


def _plain_columns(frame: pl.DataFrame, file: str, problems: _Problems) -> pl.DataFrame:
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


def _text_titles(frame: pl.DataFrame, fmt: str, file: str, path: Path, problems: _Problems) -> pl.DataFrame:
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
            problems.warn(file, loc, f"title given as a list of {n} texts; joined with spaces: {_quote(text, 60)}")
        return frame.with_columns(pl.col("__joined").alias("title")).drop("__joined")
    kind = "an object" if isinstance(dtype, pl.Struct) else "a list of non-texts" if isinstance(dtype, pl.List) else f"a {dtype}"
    bad = frame.filter(pl.col("title").is_not_null())
    for loc in bad.select(at)["__at"].to_list():
        problems.skip(file, loc, f"title is {kind}, not text; record skipped")
    return frame.filter(pl.col("title").is_null()).with_columns(pl.col("title").cast(pl.String()))


def _report_unparsed_dates(records: pl.DataFrame, file: str, problems: _Problems, *, names: dict[str, str | None],
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


#: Plausible digest and publication dates, ``(first, last)``: dates outside are reported and left empty.
#: ``None`` as ``first`` is no lower bound; ``None`` as ``last`` is 31 December of next year (from today).
DATE_RANGE: tuple[dt.date | None, dt.date | None] = (dt.date(1990, 1, 1), None)


def _date_bounds(date_range) -> tuple[dt.date, dt.date] | None:
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


def _long_texts(records: pl.DataFrame, file: str, problems: _Problems, max_chars: dict[str, int]) -> pl.DataFrame:
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


def _implausible_dates(records: pl.DataFrame, file: str, bounds: tuple[dt.date, dt.date] | None,
                       problems: _Problems) -> pl.DataFrame:
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


def _table_from_rows(rows: list, file: str, problems: _Problems) -> pl.DataFrame:
    objects = []
    for i, row in enumerate(rows, start=1):
        if isinstance(row, dict):
            objects.append({**row, "__line": i})
        else:
            problems.skip(file, f"row {i}", f"expected a JSON object, got {type(row).__name__}")
    frame = _rows_frame(objects, file, problems, unit="row")
    return frame if frame.height else pl.DataFrame(schema={"__line": pl.Int64()})


def _quote(text: str, limit: int = REASON_QUOTE_LIMIT) -> str:
    """``repr`` of input quoted in a problem reason, cut to ``limit`` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _csv_frame(text: str, suffix: str, file: str, problems: _Problems) -> tuple[pl.DataFrame, int]:
    """A CSV/TSV text as a frame of text columns, and the input units (records and bad spans) it had.

    Rows are parsed one by one with :mod:`csv`: a row whose field count is not the header's (an
    unbalanced quote, a stray separator) costs that row only. The parser starts again on the next
    line, so the rows after it are kept; lines it could not read as rows are reported as one span.
    """
    separator = "\t" if suffix == ".tsv" else ","
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line + "\n" for line in lines]
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    bad: list[tuple[int, str]] = []  # (0-based line, why)
    start = 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]), delimiter=separator)
        restart = None
        while True:
            before = reader.line_num
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                restart, why = start + before, f"not CSV: {exc}"
                bad.append((restart, why))
                break
            first, last = start + before, start + reader.line_num - 1
            if not fields or (len(fields) == 1 and not fields[0].strip() and first == last):
                continue  # a blank line
            if header is None:
                header = [name.strip() for name in fields]
                continue
            while len(fields) > len(header) and not fields[-1].strip():
                fields.pop()  # a trailing separator
            if len(fields) == len(header):
                rows.append((first, fields))
                continue
            why = f"{len(fields)} fields where the header has {len(header)}"
            bad.append((first, why + (" (an unbalanced quote?)" if last > first else "")))
            if last > first:  # the row ran over other lines: read them again as rows
                restart = first
                break
        if restart is None:
            break
        start = restart + 1
    # Consecutive bad lines are one span (one input unit, one problem).
    spans: list[tuple[int, int, str]] = []
    for line, why in bad:
        if spans and line == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], line, spans[-1][2])
        else:
            spans.append((line, line, why))
    for first, last, why in spans:
        where = f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"
        problems.skip(file, where, f"malformed {suffix[1:].upper()} row ({why}); skipped: {_quote(''.join(lines[first:last + 1]).rstrip())}")
    if header is None:
        return pl.DataFrame(), len(spans)
    names = [name or f"column_{i + 1}" for i, name in enumerate(header)]
    names = [n if names.index(n) == i else f"{n}_{i + 1}" for i, n in enumerate(names)]
    # "row N": the header is row 1, every data row and bad span after it counts as one row.
    order = sorted([(line, "row") for line, _ in rows] + [(first, "bad") for first, _, _ in spans])
    row_numbers = [i + 2 for i, (_, kind) in enumerate(order) if kind == "row"]
    columns = {name: [fields[i] if fields[i] != "" else None for _, fields in rows] for i, name in enumerate(names)}
    frame = pl.DataFrame(columns, schema={name: pl.String() for name in names})
    frame = frame.with_columns(pl.Series("__line", row_numbers, dtype=pl.Int64))
    return frame, len(rows) + len(spans)


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """Decompressed gzip data (every member), or None when it would be larger than ``limit`` bytes.

    Raises ``zlib.error`` or ``EOFError`` for data that is not gzip or is cut short.
    """
    out = []
    size = 0
    while data:
        unzip = zlib.decompressobj(wbits=31)
        chunk = unzip.decompress(data, limit + 1 - size)
        size += len(chunk)
        out.append(chunk)
        if size > limit or unzip.unconsumed_tail:
            return None
        if not unzip.eof:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
        data = unzip.unused_data.lstrip(b"\x00")
    return b"".join(out)


# --------------------------------------------------------------------------------------------
# One file
def _file_bytes(path: Path, problems: _Problems, max_size: int) -> bytes | None:
    """The bytes of one file, gunzipped; None (reported) when it cannot be read, is too big or empty."""
    file = str(path)
    too_big = ("file is {size:,} bytes{what}, more than max_file_size={limit:,}; not read "
               "(load_papers(max_file_size=...) sets the limit)")
    try:
        size = path.stat().st_size
        if size > max_size:
            problems.skip(file, "file", too_big.format(size=size, what="", limit=max_size))
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.skip(file, "file", f"cannot read: {exc.strerror or exc}")
        return None
    if path.name.lower().endswith(".gz"):
        try:
            raw = _gunzip(data, max_size)
        except (zlib.error, EOFError) as exc:
            problems.skip(file, "file", f"not a valid gzip file: {exc}")
            return None
        if raw is None:
            problems.skip(file, "file", too_big.format(size=size, what=" gzipped, more once decompressed", limit=max_size))
            return None
        data = raw
    if not data or data.isspace():
        problems.skip(file, "file", "empty file")
        return None
    return data


def _read_one(path: Path, fmt: str | None, year: int | None, problems: _Problems, *,
              max_size: int, max_chars: dict[str, int]) -> tuple[pl.DataFrame | None, int, str | None]:
    """Records of one file, the number of input units it had, and the format used."""
    file = str(path)
    data = _file_bytes(path, problems, max_size)
    if data is None:
        return None, 1, None
    suffix = _suffix(path)
    if fmt is None and suffix not in _KNOWN_SUFFIXES:
        problems.skip(file, "file", f"unknown format {suffix or '(no suffix)'!r}; paperkit reads: " + "; ".join(f"{k} ({v})" for k, v in FORMATS.items()))
        return None, 1, None
    if suffix == ".parquet" or fmt in ("papers",):
        try:
            frame = pl.read_parquet(_io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001
            problems.skip(file, "file", f"not a readable Parquet file: {_quote(str(exc))}")
            return None, 1, None
        if set(PAPERS_SCHEMA) - {"keywords"} <= set(frame.columns):
            if "keywords" not in frame.columns:  # written before paperkit carried keywords
                frame = frame.with_columns(pl.lit(None, dtype=PAPERS_SCHEMA["keywords"]).alias("keywords"))
            return frame.select(list(PAPERS_SCHEMA)), frame.height, "papers"
        frame = frame.with_row_index("__line", offset=1).with_columns(pl.col("__line").cast(pl.Int64))
        return _records_from_frame("table", frame, file, path, problems, max_chars), frame.height, "table"
    if suffix in (".jsonl", ".ndjson") and fmt in (None, "arxiv", "hf-archive", "table"):
        fast = _fast_jsonl(data)
        if fast is not None:
            got = _jsonl_layout(fast)
            mark = len(problems.rows)
            try:
                return _records_from_frame(fmt or got, fast, file, path, problems, max_chars), fast.height, fmt or got
            except Exception:  # noqa: BLE001 - a shape polars read but paperkit cannot map: the careful path
                del problems.rows[mark:]
    text = _decode(data, file, problems)
    del data
    if text is None:
        problems.skip(file, "file", "binary file (not text in UTF-8, UTF-16 or Latin-1)")
        return None, 1, None
    text = text.lstrip("\ufeff")
    if fmt == "hf-page" or (fmt is None and suffix == ".txt"):
        recs, n_in = _parse_page(text, file, path, year, problems)
        if not recs and n_in == 0:
            problems.skip(file, "file", "no papers found in this page copy (expected title and abstract paragraphs)")
            return None, 1, "hf-page"
        frame = pl.DataFrame(recs, schema={"title": pl.String(), "abstract": pl.String(), "digest_date": pl.Date(), "locator": pl.String()})
        return frame.with_columns(pl.lit("hf-page").alias("source"), pl.lit(file).alias("source_file")), n_in, "hf-page"
    if suffix in (".csv", ".tsv"):
        frame, n_in = _csv_frame(text, suffix, file, problems)
        return _records_from_frame("table", frame, file, path, problems, max_chars), n_in, "table"
    if suffix == ".json" and _first_char(text) in ("[", "{") and not (fmt in ("arxiv", "hf-archive")):
        got, parsed, n_in = _parse_json(text, file, path, problems)
    elif _first_char(text) == "{":
        got, parsed, n_in = _parse_jsonl(text, file, path, problems)
    else:
        problems.skip(file, "file", f"not JSON (starts with {text[:2000].strip()[:20]!r})")
        return None, 1, None
    if isinstance(parsed, list):
        if not parsed:
            return None, n_in, got
        frame = pl.DataFrame(parsed, infer_schema_length=None)
        frame = frame.with_columns(
            _iso_datetime(pl.col("published").cast(pl.String())).alias("published"),
            pl.col("published").cast(pl.String()).alias("__raw_published"),
            pl.lit("hf-api").alias("source"),
            pl.lit(file).alias("source_file"),
        )
        return _report_unparsed_dates(frame, file, problems, names={"published": "publishedAt"}), n_in, got
    return _records_from_frame(got, parsed, file, path, problems, max_chars), n_in, got


# --------------------------------------------------------------------------------------------
# Public API
def load_papers(
    source,
    *,
    format: str | None = None,  # noqa: A002 - the natural name for users
    year: int | None = None,
    strict: bool = False,
    progress: bool | None = None,
    date_range: tuple[dt.date | None, dt.date | None] | None = DATE_RANGE,
    max_file_size: int = MAX_FILE_SIZE,
) -> LoadResult:
    """Load digests and report everything that happened to every input record.

    Parameters
    ----------
    source
        A file, a folder (read recursively; hidden files and README/SOURCE/LICENSE files are
        ignored), a glob (``"data/raw/*.json"``, ``"data/**/*.jsonl"``) or a list of them. Each
        real file is read once, however many links or patterns lead to it; links that dangle or
        lead back into a folder being walked are reported as warnings and not followed, and
        folders deeper than :data:`MAX_WALK_DEPTH` levels are not read.
    format
        Force one of :data:`FORMATS` for every file instead of detecting it.
    year
        Year for page copies whose date lines have none ("Mar 17"); else the year in the file name.
    strict
        Raise :class:`ProblemsError` if any record or file has a problem, instead of reporting it.
    progress
        Show a progress bar; ``None`` shows one for 20 or more files in a terminal or notebook.
    date_range
        Plausible dates, ``(first, last)``, for ``digest_date``, ``digest_dates`` and ``published``:
        a date outside is reported as a warning and left empty (null; the paper is kept), so one
        "9999-12-31" cannot stretch every timeline to ten thousand years. ``None`` as ``first`` is
        no lower bound, ``None`` as ``last`` is 31 December of next year (from today); ``None``
        for the whole range turns the check off. Default :data:`DATE_RANGE`,
        ``(date(1990, 1, 1), None)``. Dates that are not valid at all ("2025-02-30",
        "2025-01-01T25:00:00Z") are always reported and left empty. Papers Parquet files
        (``format="papers"``) are read back as written, unchecked.
    max_file_size
        Largest file read, in bytes (a gzipped file: once decompressed); a larger file is
        reported as skipped and not read. Default :data:`MAX_FILE_SIZE` (2 GiB).

    Returns
    -------
    LoadResult
        ``papers`` (the normalized frame), ``problems``, ``duplicates``, ``records_in``, ``files``.

    Examples
    --------
    >>> result = load_papers(data_dir() / "raw" / "hf-daily-2025-03-17.txt")
    >>> result.papers.height, result.duplicates.height, result.n_skipped, result.reconciles()
    (85, 0, 0, True)

    A date far outside the plausible range is reported and left empty:

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "picks.jsonl"
    >>> _ = path.write_text(json.dumps({"title": "LoRA", "abstract": "Low-rank adaptation.", "date": "9999-12-31"}))
    >>> result = load_papers(path, date_range=(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    >>> result.papers["digest_date"].to_list(), result.problems.select("location", "severity").row(0)
    ([None], ('line 1', 'warning'))
    >>> result.problems["reason"][0]
    'digest_date: 9999-12-31 is outside the plausible dates 1990-01-01 .. 2030-12-31; ignored (load_papers(date_range=...) sets the range)'
    """
    bounds = _check_load_options(format, date_range, max_file_size)
    problems = _Problems()
    files = _expand(source, problems, MAX_WALK_DEPTH)
    parts, ready, records_in = _read_files(files, format, year, problems, progress=progress, bounds=bounds,
                                           max_size=max_file_size, max_chars=MAX_TEXT_CHARS)
    problem_frame = problems.frame()
    if strict and problem_frame.height:
        first = problem_frame.row(0)
        raise ProblemsError(
            f"{problem_frame.height} problem(s) while loading; first: {first[0]} ({first[1]}): {first[3]}"
        )
    papers, duplicates = _merge(parts, ready)
    return LoadResult(papers=papers, problems=problem_frame, duplicates=duplicates, records_in=records_in,
                      files=[str(f) for f in files])


def _check_load_options(fmt: str | None, date_range, max_file_size: int) -> tuple[dt.date, dt.date] | None:
    """The date bounds of a load, after checking its options (a ValueError names the wrong one)."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; paperkit reads: {', '.join(FORMATS)}")
    bounds = _date_bounds(date_range)
    if not isinstance(max_file_size, int) or isinstance(max_file_size, bool) or max_file_size < 1:
        raise ValueError(f"max_file_size must be a positive number of bytes, got {max_file_size!r}")
    return bounds


def _read_files(files: list[Path], fmt: str | None, year: int | None, problems: _Problems, *, progress: bool | None,
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
            problems.skip(str(path), "file", f"could not be read ({type(exc).__name__}: {_quote(str(exc))}); "
                          "please report this file to paperkit")
            frame, n_in, got = None, 1, None
        records_in += n_in
        if frame is None or frame.height == 0:
            continue
        if got == "papers":
            ready.append(frame)
        else:
            records = _long_texts(_records_frame(frame), str(path), problems, max_chars)
            parts.append(_implausible_dates(records, str(path), bounds, problems))
    return parts, ready, records_in


def _merge(parts: list[pl.DataFrame], ready: list[pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
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


def read_papers(
    source,
    *,
    format: str | None = None,  # noqa: A002
    year: int | None = None,
    strict: bool = False,
    progress: bool | None = None,
    date_range: tuple[dt.date | None, dt.date | None] | None = DATE_RANGE,
    max_file_size: int = MAX_FILE_SIZE,
) -> pl.DataFrame:
    """Read digests into one normalized papers frame.

    Same arguments as :func:`load_papers`; returns only the papers and emits a
    :class:`PaperkitLoadWarning` summarising any problems (use :func:`load_papers` to see them
    row by row, or ``strict=True`` to raise instead).

    Returns
    -------
    polars.DataFrame
        The papers frame: columns and meaning in :mod:`paperkit.normalize`.

    Examples
    --------
    >>> papers = read_papers(data_dir() / "raw" / "hf-daily-2025-03-17.txt")
    >>> papers.select("title", "name", "digest_date").row(3)
    ('DyLoRA: Parameter Efficient Tuning of Pre-trained Models using Dynamic Search-Free Low-Rank Adaptation', 'DyLoRA', datetime.date(2025, 3, 17))
    """
    result = load_papers(source, format=format, year=year, strict=strict, progress=progress, date_range=date_range,
                         max_file_size=max_file_size)
    if result.problems.height:
        counts = result.problems.group_by("severity").len().sort("severity")
        what = ", ".join(f"{n} {sev}" for sev, n in counts.rows())
        first = result.problems.row(0)
        warnings.warn(
            f"{what} while loading ({first[0]} {first[1]}: {first[3]}); "
            "paperkit.load_papers(...).problems lists them all",
            PaperkitLoadWarning,
            stacklevel=2,
        )
    return result.papers


def write_papers(papers: pl.DataFrame, path) -> Path:
    """Cache a papers frame as Parquet; :func:`read_papers` reads it back identical.

    Examples
    --------
    >>> import tempfile
    >>> papers = read_papers(data_dir() / "raw" / "hf-daily-2025-03-17.txt")
    >>> out = write_papers(papers, Path(tempfile.mkdtemp()) / "papers.parquet")
    >>> read_papers(out).equals(papers)
    True
    """
    validate_papers(papers, required=tuple(PAPERS_SCHEMA))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    papers.write_parquet(tmp)
    os.replace(tmp, path)
    return path


def data_dir() -> Path:
    """The bundled ``data/`` folder (or ``$PAPERKIT_DATA``).

    Examples
    --------
    >>> (data_dir() / "raw").is_dir()
    True
    """
    env = os.environ.get("PAPERKIT_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[1] / "data"
    if (here / "raw").is_dir():
        return here
    raise FileNotFoundError(
        "the bundled data/ folder was not found next to the paperkit package; "
        "install paperkit from a clone (pip install -e .) or set PAPERKIT_DATA"
    )


#: The bundled samples :func:`load_sample` knows (file names under ``data/raw``).
SAMPLES: dict[str, list[str]] = {
    "hf-daily": ["hf-daily-papers-2024-05-27_2025-12-31.jsonl.gz"],
    "hf-page": ["hf-daily-2025-03-17.txt"],
    "arxiv": ["arxiv-cs-2025-03-19.jsonl"],
}


def sample_paths(name: str = "hf-daily") -> list[Path]:
    """Paths of a bundled sample (``"hf-daily"``, ``"hf-page"``, ``"arxiv"`` or ``"all"``).

    Examples
    --------
    >>> [p.name for p in sample_paths("hf-page")]
    ['hf-daily-2025-03-17.txt']
    """
    names = [n for group in SAMPLES.values() for n in group] if name == "all" else SAMPLES.get(name)
    if names is None:
        raise ValueError(f"unknown sample {name!r}; choose one of {', '.join([*SAMPLES, 'all'])}")
    return [data_dir() / "raw" / n for n in names]


def load_sample(name: str = "hf-daily") -> pl.DataFrame:
    """Load a bundled sample digest as a papers frame (the embedded default).

    Parameters
    ----------
    name
        ``"hf-daily"`` (default: the Hugging Face daily-papers archive, 6,141 papers over 415 days,
        2024-05-27 .. 2025-12-31), ``"hf-page"`` (one copied papers page, 85 papers),
        ``"arxiv"`` (one arXiv cs daily listing) or ``"all"``.

    Examples
    --------
    >>> papers = load_sample()
    >>> papers.height, str(papers["digest_date"].min()), str(papers["digest_date"].max())
    (6141, '2024-05-27', '2025-12-31')
    """
    return read_papers(sample_paths(name))


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
