"""CSV and TSV tables (the ``table`` format): dialect sniffed, rows to a frame.
"""

from __future__ import annotations

import csv

import polars as pl

from paperkit.io.problems import Problems, quote_input


def csv_frame(text: str, suffix: str, file: str, problems: Problems) -> tuple[pl.DataFrame, int]:
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
        problems.skip(file, where, f"malformed {suffix[1:].upper()} row ({why}); skipped: {quote_input(''.join(lines[first:last + 1]).rstrip())}")
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
