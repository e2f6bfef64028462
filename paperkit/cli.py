"""The ``paperkit`` command line: ``paperkit load``, ``report``, ``cache``, ``eval`` and ``fetch``.

Each subcommand has ``--help``; bad arguments give a one-line error and exit code 2, failures
exit 1. Modules that own a subcommand expose ``register_cli(subparsers)``::

    paperkit load    paperkit.io.cli            paperkit cache  paperkit.cache
    paperkit report  paperkit.report.cli        paperkit fetch  paperkit.fetch.cli
    paperkit eval    paperkit.evaluation.keyphrases, paperkit.evaluation.acronyms

This module only wires them into one parser.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from paperkit import cache
from paperkit.cache import add_cache_options, cache_from_args  # noqa: F401  (re-exported: their old home)
from paperkit.evaluation import acronyms as eval_acronyms
from paperkit.evaluation import keyphrases as eval_keyphrases
from paperkit.fetch import cli as fetch_cli
from paperkit.io import cli as io_cli
from paperkit.io.cli import add_date_range, date_range  # noqa: F401  (re-exported: their old home)
from paperkit.report import cli as report_cli
from paperkit.version import __version__

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="paperkit",
        description="Analyse digests of research papers: load, report, evaluate, fetch.",
    )
    parser.add_argument("--version", action="version", version=f"paperkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    io_cli.register_cli(sub)
    report_cli.register_cli(sub)
    cache.register_cli(sub)
    evaluate = sub.add_parser("eval", help="score paperkit's extractors on gold data", description="Score paperkit's extractors on public gold data and print P/R/F1 tables.")
    eval_sub = evaluate.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    eval_keyphrases.register_cli(eval_sub)
    eval_acronyms.register_cli(eval_sub)
    fetch_cli.register_cli(sub)
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


#: A module the ``paperkit`` program never needs and does not import (see :func:`run`).
_UNUSED_IN_THE_PROGRAM = ("rfc3987_syntax",)


def run() -> int:
    """The ``paperkit`` program (its console script and ``python -m paperkit``): :func:`main` in
    a process of its own.

    Owning the process, it leaves out one import that costs 2.6 s of every chart-making command
    and does nothing for it: altair imports jsonschema, and jsonschema imports
    ``rfc3987_syntax`` when it is installed (Jupyter's ``jsonschema[format-nongpl]`` extra
    installs it), which compiles 38 lark grammars at import for its "iri" format check. The
    Vega-Lite schema altair validates against has no "iri" format ("uri", "uri-reference" and
    "color-hex" are checked as before). :func:`main` called from Python (a notebook, a test)
    changes nothing in its process.
    """
    for name in _UNUSED_IN_THE_PROGRAM:
        sys.modules.setdefault(name, None)  # an import of it raises ImportError, which jsonschema expects
    return main()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
