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

The steps, one module each::

    source ─ files ─▶ paths ─ files.file_bytes ─▶ bytes ─ read._read_one (by format) ─┬─ page       (hf-page .txt)
                                                                                       ├─ jsonfiles  (hf-api .json, .jsonl)
                                                                                       ├─ tables     (.csv, .tsv)
                                                                                       └─ rows       (JSON objects -> a frame)
        ─▶ frame ─ records (columns -> RECORD_SCHEMA, dates checked) ─▶ records ─ normalize.merge_records ─▶ papers
    every step reports what it skips or doubts to problems.Problems ─▶ LoadResult.problems

:mod:`~paperkit.io.files` finds and decodes files, :mod:`~paperkit.io.page`,
:mod:`~paperkit.io.jsonfiles`, :mod:`~paperkit.io.tables` and :mod:`~paperkit.io.rows` parse one
format each, :mod:`~paperkit.io.records` maps any parsed frame to records,
:mod:`~paperkit.io.read` reads one file and a list of them, :mod:`~paperkit.io.problems` keeps
the accounting (:class:`LoadResult`) and :mod:`~paperkit.io.write` writes tables out. This
``__init__`` holds the public API and the limits a user may set (``paperkit.io.MAX_TEXT_CHARS``...).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from pathlib import Path

import polars as pl

from paperkit.io.files import MAX_WALK_DEPTH, expand
from paperkit.io.page import PAGE_CHROME  # noqa: F401  (re-exported: was paperkit.io.PAGE_CHROME)
from paperkit.io.problems import LoadResult, PaperkitLoadWarning, ProblemsError, REASON_QUOTE_LIMIT, Problems
from paperkit.io.read import FORMATS, merge, read_files
from paperkit.io.records import date_bounds
from paperkit.io.write import write_tables
from paperkit.normalize import PAPERS_SCHEMA, validate_papers

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

#: Largest file :func:`load_papers` reads, in bytes (after gzip decompression); a larger file is
#: reported as skipped, unread. ``load_papers(max_file_size=...)`` sets another limit.
MAX_FILE_SIZE = 2 * 1024**3

#: Longest title and abstract kept, in characters: a longer one (a pasted paper or web page, a
#: broken export) is cut to this length and reported, so that no single field sets the memory of
#: the analyses. An abstract is a few thousand characters; a whole paper about 100,000.
MAX_TEXT_CHARS: dict[str, int] = {"title": 2_000, "abstract": 1_000_000}


def source_files(source) -> list[Path]:
    """The files :func:`load_papers` reads for ``source`` (a path, folder, glob or a list of
    them), in order, each real file once.

    Examples
    --------
    >>> [p.name for p in source_files(sample_paths("hf-page"))]
    ['hf-daily-2025-03-17.txt']
    """
    return expand(source, Problems(), MAX_WALK_DEPTH)


#: Plausible digest and publication dates, ``(first, last)``: dates outside are reported and left empty.
#: ``None`` as ``first`` is no lower bound; ``None`` as ``last`` is 31 December of next year (from today).
DATE_RANGE: tuple[dt.date | None, dt.date | None] = (dt.date(1990, 1, 1), None)


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
    problems = Problems()
    files = expand(source, problems, MAX_WALK_DEPTH)
    parts, ready, records_in = read_files(files, format, year, problems, progress=progress, bounds=bounds,
                                           max_size=max_file_size, max_chars=MAX_TEXT_CHARS)
    problem_frame = problems.frame()
    if strict and problem_frame.height:
        first = problem_frame.row(0)
        raise ProblemsError(
            f"{problem_frame.height} problem(s) while loading; first: {first[0]} ({first[1]}): {first[3]}"
        )
    file_sources = dict(pl.concat([part.select("source_file", "source").unique() for part in parts]).drop_nulls()
                        .unique("source_file", keep="first").iter_rows()) if parts else {}
    papers, duplicates = merge(parts, ready)
    return LoadResult(papers=papers, problems=problem_frame, duplicates=duplicates, records_in=records_in,
                      files=[str(f) for f in files], file_sources=file_sources)


def _check_load_options(fmt: str | None, date_range, max_file_size: int) -> tuple[dt.date, dt.date] | None:
    """The date bounds of a load, after checking its options (a ValueError names the wrong one)."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; paperkit reads: {', '.join(FORMATS)}")
    bounds = date_bounds(date_range)
    if not isinstance(max_file_size, int) or isinstance(max_file_size, bool) or max_file_size < 1:
        raise ValueError(f"max_file_size must be a positive number of bytes, got {max_file_size!r}")
    return bounds


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
    here = Path(__file__).resolve().parents[2] / "data"  # paperkit/io/__init__.py -> the clone
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
