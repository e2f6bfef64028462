"""The ``paperkit fetch`` command (and ``python -m paperkit.fetch``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from paperkit.fetch.arxiv import fetch_arxiv
from paperkit.fetch.hf import fetch_hf_daily
from paperkit.fetch.options import (
    ARXIV_BASE_URL,
    DEFAULT_DELAY,
    FetchInterrupted,
    FetchOptions,
    FetchSummary,
    HF_BASE_URL,
    MAX_BYTES,
    MAX_PAPERS,
)


# --- command line ------------------------------------------------------------------------------
def _options_from(args: argparse.Namespace) -> FetchOptions:
    return FetchOptions(timeout=args.timeout, retries=args.retries, delay=args.delay,
                        user_agent=args.user_agent, progress=not args.quiet, max_bytes=args.max_bytes,
                        max_papers=args.max_papers)


def _run_cli(call: Callable[[], FetchSummary]) -> int:
    try:
        summary = call()
    except FetchInterrupted as exc:
        print(exc.summary)
        print("interrupted: the files on disk are complete; run the same command again to resume",
              file=sys.stderr)
        return 130
    except (ValueError, TypeError, OSError) as exc:
        print(f"paperkit fetch: error: {exc}", file=sys.stderr)
        return 2
    print(summary)
    return 0 if summary.ok else 1


def _cmd_hf_daily(args: argparse.Namespace) -> int:
    return _run_cli(lambda: fetch_hf_daily(
        since=args.since, until=args.until, into=args.into, base_url=args.base_url,
        options=_options_from(args)))


def _cmd_arxiv(args: argparse.Namespace) -> int:
    categories = [c.strip() for value in args.category for c in value.split(",") if c.strip()]
    return _run_cli(lambda: fetch_arxiv(
        category=categories, since=args.since, until=args.until, into=args.into,
        base_url=args.base_url, page_size=args.page_size, options=_options_from(args)))


def _add_common(p: argparse.ArgumentParser, *, base_url: str, delay: float) -> None:
    p.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--until", default=None, help="last day, YYYY-MM-DD (default: yesterday, UTC)")
    p.add_argument("--base-url", default=base_url, help=f"server root (default: {base_url})")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds without data before a retry (default: 30)")
    p.add_argument("--retries", type=int, default=4, help="retries per request on 429/5xx/timeouts (default: 4)")
    p.add_argument("--delay", type=float, default=None,
                   help=f"minimum seconds between requests (default: {delay:g})")
    p.add_argument("--user-agent", default=None, help="User-Agent header (default: paperkit/<version> ...)")
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES,
                   help=f"largest response body accepted, in bytes (default: {MAX_BYTES:,})")
    p.add_argument("--max-papers", type=int, default=MAX_PAPERS,
                   help=f"most papers one day may have before it counts as failed (default: {MAX_PAPERS:,})")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_commands(sub: Any) -> None:
    hf = sub.add_parser(
        "hf-daily", help="Hugging Face daily papers, one JSON file per day",
        description="Save https://huggingface.co/api/daily_papers?date=... as INTO/YYYY-MM-DD.json; "
                    "days on disk are skipped, so re-running resumes.")
    hf.add_argument("--into", required=True, help="folder for the day files")
    _add_common(hf, base_url=HF_BASE_URL, delay=DEFAULT_DELAY["hf-daily"])
    hf.set_defaults(func=_cmd_hf_daily)
    ax = sub.add_parser(
        "arxiv", help="arXiv API listings, one JSONL file per category and submission day",
        description="Save arXiv API results as INTO/<category>/YYYY-MM-DD.jsonl (submission day, UTC); "
                    "days on disk are skipped, so re-running resumes.")
    ax.add_argument("--category", action="append", required=True,
                    help="arXiv category, e.g. cs.CL (repeat or comma-separate for several)")
    ax.add_argument("--into", required=True, help="root folder; files go to INTO/<category>/")
    ax.add_argument("--page-size", type=int, default=500, help="results per request (default: 500)")
    _add_common(ax, base_url=ARXIV_BASE_URL, delay=DEFAULT_DELAY["arxiv"])
    ax.set_defaults(func=_cmd_arxiv)


def register_cli(subparsers: Any) -> None:
    """Add ``fetch hf-daily`` and ``fetch arxiv`` to a ``paperkit`` argparse CLI.

    Each sets ``func(args) -> int``: 0 when every day was fetched or skipped, 1 when a
    day failed, 2 on bad arguments, 130 when interrupted.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="paperkit")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["fetch", "arxiv", "--category", "cs.CL", "--since", "2025-03-18",
    ...                           "--into", "data/raw/arxiv"])
    >>> args.category, args.delay, args.func.__name__
    (['cs.CL'], None, '_cmd_arxiv')
    """
    fetch = subparsers.add_parser(
        "fetch", help="download digests (Hugging Face daily papers, arXiv API)",
        description="Download digests resumably: one file per day, written atomically.")
    _add_commands(fetch.add_subparsers(dest="source", required=True, metavar="{hf-daily,arxiv}"))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m paperkit.fetch {hf-daily,arxiv} ...``: the same as ``paperkit fetch``.

    Examples
    --------
    >>> main(["hf-daily", "--since", "2025-13-01", "--until", "2025-01-02", "--into", "x", "--quiet"])
    2
    """
    parser = argparse.ArgumentParser(prog="python -m paperkit.fetch",
                                     description="Fetch digests from the Hugging Face daily-papers API and the arXiv API.")
    _add_commands(parser.add_subparsers(dest="source", required=True, metavar="{hf-daily,arxiv}"))
    args = parser.parse_args(argv)
    return args.func(args)

