"""The disk cache: a second ``paperkit report`` on the same corpus against the first.

Each corpus is reported twice, end to end in a subprocess (``paperkit report -q``), with a fresh
cache folder: the first run computes and writes every stage, the second reads them back. The
figure is the ratio second / first (goal: at most 1/5); both runs are in this process's time
frame, on the same machine load (printed with ``os.getloadavg``). The two pages are compared
byte for byte: the cache must not change the report.

Usage::

    python benchmarks/bench_cache.py            # the bundled sample and the 30k arXiv DEV listing
    python benchmarks/bench_cache.py bundled
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "bundled": [],  # paperkit report's default: the bundled HF daily sample (6,141 papers)
    "arxiv-dev": [str(SHARED / "data" / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz")],
}


def _report(paths: list[str], out: Path, cache: Path) -> float:
    cmd = [sys.executable, "-m", "paperkit", "report", *paths, "-o", str(out), "-q", "--cache-dir", str(cache)]
    started = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - started


def main(names: list[str]) -> None:
    print(f"{'corpus':<10} {'first s':>8} {'second s':>9} {'ratio':>6}  same page  load (1, 5 min)")
    for name in names:
        paths = CORPORA[name]
        if paths and not Path(paths[0]).exists():
            print(f"{name:<10} skipped: {paths[0]} not found (set PAPERKIT_SHARED)")
            continue
        with tempfile.TemporaryDirectory(prefix="pk-bench-cache-") as tmp:
            tmp = Path(tmp)
            first = _report(paths, tmp / "first.html", tmp / "cache")
            second = _report(paths, tmp / "second.html", tmp / "cache")
            same = (tmp / "first.html").read_bytes() == (tmp / "second.html").read_bytes()
        load = os.getloadavg()
        print(f"{name:<10} {first:8.1f} {second:9.1f} {second / first:6.2f}  {str(same):<9}  {load[0]:.2f}, {load[1]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:] or list(CORPORA))
