"""The ``paperkit`` command line: ``paperkit load``, ``report``, ``cache``, ``eval`` and ``fetch``.

Each subcommand has ``--help``; bad arguments give a one-line error and exit code 2, failures
exit 1. Modules that own a subcommand expose ``register_cli(subparsers)``.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

__all__ = ["main"]


def _cmd_load(args: argparse.Namespace) -> int:
    from paperkit.io import load_papers, sample_paths, write_papers

    sources = args.paths or sample_paths("all")
    result = load_papers(sources, year=args.year, strict=args.strict, progress=None if not args.quiet else False,
                         date_range=args.date_range)
    if not args.quiet:
        print(result.summary())
        if result.problems.height:
            print("\nproblems (file, location, severity, reason):")
            for file, loc, sev, reason in result.problems.head(args.show).rows():
                print(f"  {file}  {loc}  {sev}: {reason}")
            if result.problems.height > args.show:
                print(f"  ... and {result.problems.height - args.show} more (--show N to list more)")
    if args.out:
        path = write_papers(result.papers, args.out)
        if args.problems_out and result.problems.height:
            result.problems.write_csv(args.problems_out)
        if not args.quiet:
            print(f"\nwrote {result.papers.height:,} papers to {path}")
    return 0


def _add_load(sub) -> None:
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
    import datetime as dt

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
    from paperkit.io import DATE_RANGE

    parser.add_argument(
        "--date-range", type=date_range, default=DATE_RANGE, metavar="FIRST:LAST",
        help="plausible digest and publication dates; others are reported and left empty "
             "(default 1990-01-01: end of next year; either end may be empty; 'off' turns the check off)")


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
    from paperkit.cache import StageCache

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


def _add_cache(sub) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="paperkit",
        description="Analyse digests of research papers: load, report, evaluate, fetch.",
    )
    from paperkit import __version__

    parser.add_argument("--version", action="version", version=f"paperkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_load(sub)
    from paperkit.report import register_cli as _register_report

    _register_report(sub)
    _add_cache(sub)
    evaluate = sub.add_parser("eval", help="score paperkit's extractors on gold data", description="Score paperkit's extractors on public gold data and print P/R/F1 tables.")
    eval_sub = evaluate.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    from paperkit.evaluation.keyphrases import register_cli as _register_keyphrases

    _register_keyphrases(eval_sub)
    from paperkit.evaluation.acronyms import register_cli as _register_acronyms

    _register_acronyms(eval_sub)
    from paperkit.fetch import register_cli as _register_fetch

    _register_fetch(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # problems are printed by the commands themselves
            return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("paperkit: interrupted", file=sys.stderr)
        return 130
    except (FileNotFoundError, ValueError, TypeError, OSError) as exc:
        print(f"paperkit {args.command}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
