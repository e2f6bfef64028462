"""A disk cache of the expensive stages: the loaded papers and the stages of a :class:`~paperkit.pipeline.Digest`.

The first report on a corpus pays for loading, the acronyms and the terms of every paper; the
next report, notebook or command on the same corpus reads them back. Each result is one Parquet
file ``<stage>-<key>.parquet`` in one folder:

- **where**: the folder given (``--cache-dir DIR``, ``StageCache("dir")``,
  ``Digest(papers, cache="dir")``), else ``$PAPERKIT_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/paperkit``, else ``~/.cache/paperkit`` (:func:`default_cache_dir`). Not next
  to the input: the input may be read-only, shared, or the package's own sample data.
- **key** (:func:`stage_key`): a BLAKE2 hash of the stage's name, its inputs and options, the
  cache format (:data:`CACHE_FORMAT`), paperkit's version *and code* (a hash of the package's
  source and resource files, so an edited checkout never reads a stale result) and the polars
  version. A loaded corpus is keyed by the path and the bytes of every input file and the loader
  options; a papers frame by its content (:func:`frame_key`: polars ``hash_rows`` of every row,
  which is stable for one polars version whatever the chunking, hence the polars version in the
  key). Any change gives a new key: a stale file is never read, only left behind (``paperkit
  cache clear`` removes it).
- **safety**: a file is written under a temporary name and renamed (atomic on one file system),
  so a reader sees a whole file or none; a file that cannot be read (truncated, corrupt) gives a
  :class:`CacheWarning`, is deleted and the stage is computed again. The cache never changes a
  result: the frame read back equals the frame computed (Parquet keeps every dtype used).

Examples
--------
>>> import tempfile
>>> cache = StageCache(tempfile.mkdtemp())
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return pl.DataFrame({"term": ["LoRA"], "papers": [3]})
>>> key = stage_key("demo", {"papers": "abc"})
>>> cache.get("demo", key, compute).equals(cache.get("demo", key, compute)), len(calls)
(True, 1)
>>> cache.info().select("stage", "files").row(0)
('demo', 1)
>>> cache.clear()
1
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from paperkit import io as loaders  # the module, not its names: tests and users may replace load_papers
from paperkit.version import __version__

__all__ = ["CACHE_FORMAT", "CacheWarning", "StageCache", "default_cache_dir", "frame_key", "stage_key"]

#: Version of the cache's layout and keys; raising it makes every older file a miss.
CACHE_FORMAT = 1

_FILE = re.compile(r"^(?P<stage>[a-z][a-z0-9_]*)-(?P<key>[0-9a-f]{32})\.parquet$")
_TMP = re.compile(r"^\.[a-z][a-z0-9_]*-[0-9a-f]{32}\.parquet\.[^/]*\.tmp$")


class CacheWarning(UserWarning):
    """A cache file could not be read (it is deleted and the stage computed again)."""


def default_cache_dir() -> Path:
    """The default cache folder: ``$PAPERKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/paperkit``,
    else ``~/.cache/paperkit``.

    Examples
    --------
    >>> default_cache_dir().is_absolute() or default_cache_dir()
    True
    """
    if os.environ.get("PAPERKIT_CACHE_DIR"):
        return Path(os.environ["PAPERKIT_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "paperkit"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """paperkit's version and a hash of its source and resource files (so that an edited
    checkout of the same version gets new keys), with the polars version.

    Examples
    --------
    >>> code_version().startswith("paperkit ")
    True
    """
    root = Path(__file__).parent  # the paperkit package
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return f"paperkit {__version__} {h.hexdigest()} polars {pl.__version__}"


def frame_key(frame: pl.DataFrame) -> str:
    """A hash of a frame's content: its schema and every row (two polars ``hash_rows``, 128
    bits a row), the same however the frame is chunked or was read.

    ``hash_rows`` is stable within one polars version only: :func:`stage_key` adds the version.

    Examples
    --------
    >>> a = pl.DataFrame({"title": ["LoRA", "RAG"], "authors": [["Hu"], []]})
    >>> frame_key(a) == frame_key(pl.concat([a.head(1), a.tail(1)]))
    True
    >>> frame_key(a) == frame_key(a.with_columns(pl.col("authors").list.concat(pl.lit(["Wei"]))))
    False
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(repr([(name, str(dtype)) for name, dtype in frame.schema.items()]).encode())
    h.update(str(frame.height).encode())
    if frame.height and frame.width:
        for seed in (0, 1):
            h.update(frame.hash_rows(seed=seed).to_numpy().tobytes())
    return h.hexdigest()


def stage_key(stage: str, parts: dict[str, Any]) -> str:
    """The cache key of ``stage`` computed from ``parts`` (its inputs' keys and its options,
    JSON-serialisable), the cache format and :func:`code_version`.

    Examples
    --------
    >>> stage_key("terms", {"papers": "abc"}) == stage_key("terms", {"papers": "abd"})
    False
    >>> len(stage_key("terms", {"papers": "abc"}))
    32
    """
    text = json.dumps({"stage": stage, "format": CACHE_FORMAT, "code": code_version(), **parts},
                      sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _file_digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class StageCache:
    """A folder of cached stage results, one Parquet file per stage and key.

    Parameters
    ----------
    path
        The folder (created on first write); ``None``: :func:`default_cache_dir`.

    Examples
    --------
    >>> import tempfile
    >>> cache = StageCache(tempfile.mkdtemp())
    >>> cache.read("terms", "0" * 32) is None  # a miss
    True
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_cache_dir()
        if self.path.exists() and not self.path.is_dir():
            raise ValueError(f"cache folder {str(self.path)!r} is a file")

    def __repr__(self) -> str:
        return f"StageCache({str(self.path)!r})"

    def file(self, stage: str, key: str) -> Path:
        """The file of one stage and key."""
        if not re.fullmatch(r"[a-z][a-z0-9_]*", stage) or not re.fullmatch(r"[0-9a-f]{32}", key):
            raise ValueError(f"bad cache stage or key: {stage!r}, {key!r}")
        return self.path / f"{stage}-{key}.parquet"

    def read(self, stage: str, key: str) -> pl.DataFrame | None:
        """The cached frame, or ``None`` (a miss; an unreadable file is deleted, with a
        :class:`CacheWarning`)."""
        path = self.file(stage, key)
        if not path.is_file():
            return None
        try:
            return pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError) as err:
            warnings.warn(f"cache file {path} could not be read ({type(err).__name__}: {err}); "
                          "it is deleted and the stage computed again", CacheWarning, stacklevel=2)
            path.unlink(missing_ok=True)
            return None

    def write(self, stage: str, key: str, frame: pl.DataFrame) -> Path:
        """Write ``frame`` atomically (a temporary file renamed into place)."""
        path = self.file(stage, key)
        self.path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.path)
        try:
            with os.fdopen(fd, "wb") as f:
                frame.write_parquet(f)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def get(self, stage: str, key: str, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """The cached frame of ``stage`` and ``key``, else ``compute()`` written to the cache."""
        found = self.read(stage, key)
        if found is not None:
            return found
        frame = compute()
        self.write(stage, key, frame)
        return frame

    def load_papers(self, source, *, format: str | None = None, year: int | None = None, strict: bool = False,
                    date_range: Any = "default", progress: bool | None = None):
        """:func:`paperkit.io.load_papers`, read from the cache when the same files (path and
        bytes) were loaded with the same options before.

        Returns
        -------
        paperkit.io.LoadResult
            As :func:`paperkit.io.load_papers`. On a cache hit no file is parsed and no load
            warning is issued again (the problems are in ``result.problems``).

        Examples
        --------
        >>> import tempfile, paperkit as pk
        >>> cache = StageCache(tempfile.mkdtemp())
        >>> first = cache.load_papers(pk.sample_paths("hf-page"), progress=False)
        >>> again = cache.load_papers(pk.sample_paths("hf-page"), progress=False)
        >>> again.papers.equals(first.papers), again.records_in == first.records_in
        (True, True)
        """
        if date_range == "default":
            date_range = loaders.DATE_RANGE
        files = loaders.source_files(source)
        parts = {"files": [[str(f), _file_digest(f)] for f in files],
                 "options": {"format": format, "year": year, "strict": strict, "date_range": date_range}}
        key = stage_key("load", parts)
        names = ("load_papers", "load_problems", "load_duplicates", "load_meta")
        found = [self.read(name, key) for name in names]
        if all(f is not None for f in found):
            papers, problems, duplicates, meta = found
            return loaders.LoadResult(papers=papers, problems=problems, duplicates=duplicates,
                                      records_in=int(meta["records_in"][0]), files=meta["files"][0].to_list(),
                                      file_sources=dict(zip(meta["source_files"][0].to_list(),
                                                            meta["sources"][0].to_list())))
        result = loaders.load_papers(source, format=format, year=year, strict=strict, progress=progress,
                             date_range=date_range)
        meta = pl.DataFrame({"records_in": [result.records_in], "files": [result.files],
                             "source_files": [list(result.file_sources)], "sources": [list(result.file_sources.values())]},
                            schema={"records_in": pl.Int64(), "files": pl.List(pl.String()),
                                    "source_files": pl.List(pl.String()), "sources": pl.List(pl.String())})
        for name, frame in zip(names, (result.papers, result.problems, result.duplicates, meta)):
            self.write(name, key, frame)
        return result

    def entries(self) -> list[tuple[str, Path]]:
        """``(stage, file)`` of every cache file in the folder."""
        if not self.path.is_dir():
            return []
        out = []
        for path in sorted(self.path.iterdir()):
            m = _FILE.match(path.name)
            if m and path.is_file():
                out.append((m["stage"], path))
        return out

    def info(self) -> pl.DataFrame:
        """``[stage, files, bytes, newest]``: what the cache holds, one row per stage.

        Examples
        --------
        >>> import tempfile
        >>> StageCache(tempfile.mkdtemp()).info().height
        0
        """
        rows = [(stage, path.stat().st_size, dt.datetime.fromtimestamp(path.stat().st_mtime))
                for stage, path in self.entries()]
        frame = pl.DataFrame(rows, schema={"stage": pl.String(), "bytes": pl.Int64(), "modified": pl.Datetime("us")},
                             orient="row")
        return (frame.group_by("stage").agg(pl.len().cast(pl.Int64).alias("files"), pl.col("bytes").sum(),
                                            pl.col("modified").max().alias("newest"))
                .sort("stage"))

    def clear(self) -> int:
        """Delete every cache file (and leftover temporary file) of the folder; returns how many
        cache files were deleted. Other files in the folder are left alone."""
        n = 0
        for _, path in self.entries():
            path.unlink(missing_ok=True)
            n += 1
        if self.path.is_dir():
            for path in self.path.iterdir():
                if _TMP.match(path.name):
                    path.unlink(missing_ok=True)
        return n


# --- command line ----------------------------------------------------------------------------
def add_cache_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--cache-dir DIR`` and ``--no-cache`` to a subcommand (see :mod:`paperkit.cache`)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="keep the loaded papers and the expensive stages here, to reuse them on the next run "
                            "(default: $PAPERKIT_CACHE_DIR, else $XDG_CACHE_HOME/paperkit, else ~/.cache/paperkit)")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")


def cache_from_args(args: argparse.Namespace):
    """The :class:`paperkit.cache.StageCache` the options ask for, or None with ``--no-cache``.

    Examples
    --------
    >>> cache_from_args(argparse.Namespace(no_cache=True, cache_dir=None)) is None
    True
    >>> cache_from_args(argparse.Namespace(no_cache=False, cache_dir=Path("/tmp/x"))).path
    PosixPath('/tmp/x')
    """
    if getattr(args, "no_cache", False):
        return None
    return StageCache(getattr(args, "cache_dir", None))


def _cmd_cache(args: argparse.Namespace) -> int:
    cache = cache_from_args(args)
    if args.action == "clear":
        n = cache.clear()
        print(f"removed {n:,} cache file(s) from {cache.path}")
        return 0
    info = cache.info()
    if info.height == 0:
        print(f"{cache.path}: empty")
        return 0
    print(f"{cache.path}: {int(info['files'].sum()):,} file(s), {info['bytes'].sum() / 1e6:.1f} MB")
    for stage, files, size, newest in info.iter_rows():
        print(f"  {stage:<16} {files:>4} file(s) {size / 1e6:>9.1f} MB  newest {newest:%Y-%m-%d %H:%M}")
    return 0


def register_cli(sub) -> None:
    """Add the ``paperkit cache`` subcommand to ``sub`` (the subparsers of the ``paperkit`` parser)."""
    p = sub.add_parser(
        "cache",
        help="show or clear the cache of loaded papers and report stages",
        description="The report keeps the loaded papers, the acronyms, the terms of every paper and the other "
        "stages as Parquet files, keyed by the content of the input and the options, and reuses them on the next "
        "run. 'info' lists what the cache holds; 'clear' deletes its files (and nothing else).",
    )
    p.add_argument("action", choices=("info", "clear"), help="info: what the cache holds; clear: delete it")
    p.add_argument("--cache-dir", type=Path, metavar="DIR", help="the cache folder (default: as for report)")
    p.set_defaults(func=_cmd_cache, no_cache=False)
