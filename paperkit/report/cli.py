"""The ``paperkit report`` command: arguments, loading (through the cache), writing the page and the tables.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from collections.abc import Callable
from typing import Any

from paperkit import io as loaders  # the module, not its names: tests and users may replace load_papers
from paperkit.cache import CacheWarning, add_cache_options, cache_from_args
from paperkit.progress import log_progress
from paperkit.io.cli import add_date_range, problem_lines
from paperkit.report.blocks import ReportWarning, run_sections
from paperkit.report.build import report_subtitle, default_sections, report_tables
from paperkit.report.render import render_report


# --- command line ------------------------------------------------------------------------------
def register_cli(subparsers: Any) -> None:
    """Add the ``report`` subcommand to the ``paperkit`` command line.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="paperkit")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["report", "a.json", "-o", "out.html", "--format", "png"])
    >>> args.paths, args.output, args.format
    (['a.json'], 'out.html', 'png')
    """
    p = subparsers.add_parser(
        "report",
        help="write the one-page HTML report (corpus summary, trends, acronyms, co-topics)",
        description="Write one self-contained HTML report of the given digest files (or of the bundled "
        "sample when none is given). The page works offline: nothing is loaded from the network.",
    )
    p.add_argument("paths", nargs="*", help="digest files or folders (default: the bundled sample)")
    p.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    p.add_argument(
        "--format", choices=("html", "png", "svg"), default="html",
        help="charts as interactive Vega-Lite (html, default) or as static png/svg images inside the page",
    )
    p.add_argument("--title", default="paperkit report", help="the report's title")
    p.add_argument("--every", default="1mo", choices=("1d", "1w", "1mo", "1q", "1y"),
                   help="period of the trend charts (default: 1mo)")
    p.add_argument("--top", type=_positive_int, default=20, help="terms in the keyword trend heatmap (default: 20)")
    p.add_argument("--tables", type=Path, metavar="DIR",
                   help="also write every table of the report to DIR as CSV and Parquet")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    add_date_range(p)
    add_cache_options(p)
    p.set_defaults(func=_cli_report)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return value


def _load_for_cli(paths: list[str], *, quiet: bool, date_range: Any = "default", cache: Any = None):
    """Load with the package's loaders, through the cache when there is one."""
    source = paths or loaders.sample_paths("hf-daily")
    date_range = loaders.DATE_RANGE if date_range == "default" else date_range
    if cache is not None:
        return cache.load_papers(source, progress=False if quiet else None, date_range=date_range)
    return loaders.load_papers(source, progress=False if quiet else None, date_range=date_range)


def _cli_report(args: Any) -> int:
    if args.quiet:
        return _report_command(args, lambda message: None)
    # Timestamped stage lines on standard error (and loop progress, when it is not a terminal).
    with log_progress() as say:
        return _report_command(args, say)


def _report_command(args: Any, say: Callable[[str], None]) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        print(f"paperkit report: error: --output must be an .html file, got {args.output!r}", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"paperkit report: error: folder {str(out.parent)!r} does not exist", file=sys.stderr)
        return 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReportWarning)
        warnings.simplefilter("always", CacheWarning)  # a corrupt cache file: said, then recomputed
        try:
            cache = cache_from_args(args)
            say("loading papers" + (f" from {len(args.paths)} path(s)" if args.paths else " (bundled sample)")
                + (f"; cache {cache.path}" if cache is not None else ""))
            loaded = _load_for_cli(args.paths, quiet=args.quiet, date_range=getattr(args, "date_range", "default"),
                                   cache=cache)
        except (OSError, ValueError) as err:
            print(f"paperkit report: error: {err}", file=sys.stderr)
            return 1
        papers = loaded.papers
        say(f"loaded {papers.height:,} papers ({loaded.duplicates.height:,} duplicate records merged, "
            f"{loaded.problems.height:,} problems)")
        if loaded.problems.height:  # on the terminal too, not only in the page's Problems section
            print("paperkit report: problems (file, location, severity, reason):", file=sys.stderr)
            print("\n".join(problem_lines(loaded.problems, 5, more="all in the report's Problems section")),
                  file=sys.stderr)
        chart_format = "interactive" if args.format == "html" else args.format
        builders = default_sections(duplicates=loaded.duplicates, problems=loaded.problems,
                                    every=args.every, top=args.top, progress=say, cache=cache)
        sections = run_sections(papers, builders, progress=say)
        say(f"rendering {len(sections)} section(s), charts as {chart_format}")
        page = render_report(sections, title=args.title, subtitle=report_subtitle(papers), chart_format=chart_format,
                             cache=cache)
    for w in caught:
        print(f"paperkit report: warning: {w.message}", file=sys.stderr)
    out.write_text(page, encoding="utf-8")
    say(f"wrote {out} ({len(page.encode('utf-8')) / 1e6:.1f} MB, {papers.height:,} papers)")
    if getattr(args, "tables", None) is not None:
        written = loaders.write_tables(report_tables(sections), args.tables)
        say(f"wrote {written['table'].n_unique()} table(s) as CSV and Parquet to {args.tables}")
    return 0
