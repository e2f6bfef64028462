"""Finding and decoding files: folders and globs walked once per real file, bytes read, gunzipped and decoded.

Also the dates and years that file names carry (``hf-daily-2025-03-17.txt``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import glob as globmod
import os
import re
import zlib
from pathlib import Path
from typing import Iterable

from paperkit.io.problems import Problems

KNOWN_SUFFIXES = {".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"}

# --------------------------------------------------------------------------------------------
# Finding files
#: Deepest folder level a folder or ``**`` glob walk descends to (a bound on the walk); deeper
#: folders are reported as warnings and not read.
MAX_WALK_DEPTH = 64

_IGNORED_NAMES = ("README", "SOURCE", "LICENSE")


class _Walk:
    """Files of the sources, each real file once, links that lead nowhere or in a circle reported."""

    def __init__(self, problems: Problems, max_depth: int) -> None:
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


def expand(source, problems: Problems, max_depth: int) -> list[Path]:
    """The files of ``source`` (paths, globs, folders up to ``max_depth``); bad links reported in ``problems``."""
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


def format_suffix(path: Path) -> str:
    """The lower-cased suffix that names the file's format, ignoring a final ``.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


_DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")

_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def date_from_name(path: Path) -> dt.date | None:
    """The date written in a file name ('2025-01-10.json', '20250110.jsonl'), else None."""
    m = _DATE_IN_NAME.search(path.name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def py_iso_date(value) -> dt.date | None:
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


def year_from_name(path: Path) -> int | None:
    """The year written in a file name ('arxiv-2024.txt'), else None."""
    m = _YEAR_IN_NAME.search(path.name)
    return int(m[1]) if m else None


def decode_bytes(data: bytes, file: str, problems: Problems) -> str | None:
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
def file_bytes(path: Path, problems: Problems, max_size: int) -> bytes | None:
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
