"""The ``paperkit load`` command and the ``--date-range`` option every loading command shares."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from paperkit.io import DATE_RANGE, load_papers, sample_paths, write_papers

__all__ = ["add_date_range", "date_range", "register_cli"]


def date_range(text: str):
    """``--date-range FIRST:LAST`` as ``load_papers(date_range=...)``: ISO dates, either end may be
    empty (``:2025-12-31``, ``2020-01-01:``); ``off`` turns the check off.

    Examples
    --------
    >>> date_range("2020-01-01:2025-12-31")
    (datetime.date(2020, 1, 1), datetime.date(2025, 12, 31))
    >>> date_range(":"), date_range("off")
    ((None, None), None)
    """
    if text.strip().lower() == "off":
        return None
    first, sep, last = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected FIRST:LAST (ISO dates, either may be empty) or 'off', got {text!r}")
    try:
        ends = tuple(dt.date.fromisoformat(end.strip()) if end.strip() else None for end in (first, last))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected FIRST:LAST with dates as YYYY-MM-DD, got {text!r}") from None
    if ends[0] and ends[1] and ends[0] > ends[1]:
        raise argparse.ArgumentTypeError(f"FIRST is after LAST in {text!r}")
    return ends


def add_date_range(parser: argparse.ArgumentParser) -> None:
    """Add ``--date-range FIRST:LAST`` (default: paperkit.io.DATE_RANGE) to a subcommand."""
    parser.add_argument(
        "--date-range", type=date_range, default=DATE_RANGE, metavar="FIRST:LAST",
        help="plausible digest and publication dates; others are reported and left empty "
             "(default 1990-01-01: end of next year; either end may be empty; 'off' turns the check off)")


def problem_lines(problems, show: int, *, more: str) -> list[str]:
    """The first ``show`` problems of a load as indented lines (file, location, severity, reason),
    and a last line counting the others, with ``more`` saying where to see them."""
    lines = [f"  {file}  {loc}  {sev}: {reason}" for file, loc, sev, reason in problems.head(show).rows()]
    if problems.height > show:
        lines.append(f"  ... and {problems.height - show:,} more ({more})")
    return lines


def _cmd_load(args: argparse.Namespace) -> int:
    sources = args.paths or sample_paths("all")
    result = load_papers(sources, year=args.year, strict=args.strict, progress=None if not args.quiet else False,
                         date_range=args.date_range)
    if not args.quiet:
        print(result.summary())
        if result.problems.height:
            print("\nproblems (file, location, severity, reason):")
            print("\n".join(problem_lines(result.problems, args.show, more="--show N to list more")))
    if args.out:
        path = write_papers(result.papers, args.out)
        if args.problems_out and result.problems.height:
            result.problems.write_csv(args.problems_out)
        if not args.quiet:
            print(f"\nwrote {result.papers.height:,} papers to {path}")
    return 0


def register_cli(sub) -> None:
    """Add the ``paperkit load`` subcommand to ``sub`` (the subparsers of the ``paperkit`` parser)."""
    p = sub.add_parser(
        "load",
        help="load and normalize digests, print what was loaded, merged and skipped",
        description="Load digests (files, folders or globs; the bundled samples when none are given), "
        "normalize them into the papers schema and print a summary of what was loaded, "
        "duplicates merged and problems.",
    )
    p.add_argument("paths", nargs="*", help="files, folders or globs (default: every bundled sample)")
    p.add_argument("--out", type=Path, help="write the papers frame to this Parquet file")
    p.add_argument("--problems-out", type=Path, help="write the problems table to this CSV file")
    p.add_argument("--year", type=int, help="year for page copies whose dates have none ('Mar 17')")
    p.add_argument("--strict", action="store_true", help="fail on the first problem instead of reporting it")
    add_date_range(p)
    p.add_argument("--show", type=int, default=20, help="how many problems to list (default 20)")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_cmd_load)
