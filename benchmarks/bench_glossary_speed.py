"""acronym_glossary: this tree against a baseline commit, in interleaved rounds on the same corpora.

Issue 17 (sense per use) made the glossary slow; this script measures what the speed work
regained. The baseline is checked out as a detached ``git worktree`` of ``--base`` (default
``f2618e9``, main before the speed work) in a temporary folder; each run is a fresh Python
process (``PYTHONPATH`` = the tree) that loads a corpus, finds its definitions (not timed) and
times ``acronym_glossary(papers, definitions=...)``. Its peak RSS comes from ``os.wait4``; the
load average is read before each run. The first round also writes both glossaries, which must
be equal (``frame.equals``).

The corpora are those of ``bench_report.py`` (recombined distinct arXiv abstracts under
``--scratch``, built when missing).

    .venv/bin/python benchmarks/bench_glossary_speed.py --sizes 20000 100000 --rounds 3

Results: ``benchmarks/README-acronyms.md`` (section "Glossary speed").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_report import build_corpus

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
import paperkit as pk
folder, out = sys.argv[1], sys.argv[2]
papers = pk.read_papers(folder)
defs = pk.find_acronyms(papers)
t = time.perf_counter()
glossary = pk.acronym_glossary(papers, definitions=defs)
wall = time.perf_counter() - t
if out != "-":
    glossary.write_parquet(out)
print(json.dumps({"glossary_s": wall, "rows": glossary.height, "papers": papers.height, "module": pk.__file__}))
"""


def run(tree: Path, folder: Path, out: str) -> dict:
    """One fresh process on ``tree``: glossary seconds, peak RSS (GB) and the load before it."""
    load = os.getloadavg()
    env = dict(os.environ, PYTHONPATH=str(tree), POLARS_VERBOSE="0")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), out], cwd=tree, env=env,
                            stdout=subprocess.PIPE, text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"run on {tree} failed with exit code {proc.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    if not result["module"].startswith(str(tree)):
        raise SystemExit(f"{tree} imported paperkit from {result['module']}")
    return {**result, "peak_rss_gb": usage.ru_maxrss / 1024**2, "load1": load[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", default="f2618e9", help="baseline commit (default: main before the speed work)")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/pk-bench"), help="corpora (as bench_report.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pk-glossary-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), args.base], check=True)
        try:
            rows = [measure(n, args, {"old": base, "new": ROOT}, Path(tmp)) for n in args.sizes]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
    print(f"\nbase {args.base}; new {ROOT}; {args.rounds} rounds; median glossary seconds, max peak RSS")
    print("| papers | old s | new s | old / new | old peak RSS GB | new peak RSS GB | load 1 min (min-max) | equal |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['papers']:,} | {r['old_s']:.1f} | {r['new_s']:.1f} | {r['ratio']:.2f} | {r['old_rss']:.2f} | "
              f"{r['new_rss']:.2f} | {r['load_min']:.1f}-{r['load_max']:.1f} | {r['equal']} |")


def measure(n: int, args, trees: dict[str, Path], tmp: Path) -> dict:
    """Interleaved rounds on the ``n``-paper corpus; the order of old and new alternates."""
    import polars as pl

    folder = build_corpus(n, args.scratch)
    times: dict[str, list[float]] = {"old": [], "new": []}
    rss: dict[str, list[float]] = {"old": [], "new": []}
    loads, papers = [], 0
    for r in range(args.rounds):
        for name in (("old", "new") if r % 2 == 0 else ("new", "old")):
            out = str(tmp / f"{name}-{n}.parquet") if r == 0 else "-"
            res = run(trees[name], folder, out)
            times[name].append(res["glossary_s"])
            rss[name].append(res["peak_rss_gb"])
            loads.append(res["load1"])
            papers = res["papers"]
            print(f"{n:>8} round {r} {name}: glossary {res['glossary_s']:.2f} s, peak RSS {res['peak_rss_gb']:.2f} GB, "
                  f"load {res['load1']:.2f}", flush=True)
    equal = pl.read_parquet(tmp / f"old-{n}.parquet").equals(pl.read_parquet(tmp / f"new-{n}.parquet"))
    old, new = statistics.median(times["old"]), statistics.median(times["new"])
    return {"papers": papers, "old_s": old, "new_s": new, "ratio": old / new, "old_rss": max(rss["old"]),
            "new_rss": max(rss["new"]), "load_min": min(loads), "load_max": max(loads), "equal": equal}


if __name__ == "__main__":
    main()
