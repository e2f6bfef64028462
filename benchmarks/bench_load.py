"""Load + normalize throughput and peak memory, against a plain-Python baseline in the same script.

Reads the 30,288-paper arXiv DEV file from ../shared/data (or $PAPERKIT_SHARED/data) and builds
corpora of 10,000 and 100,000 papers from it (repeated with changed ids). Each measurement runs in a
fresh subprocess so that peak memory (max RSS above the interpreter with paperkit imported) is its own.

    .venv/bin/python benchmarks/bench_load.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "data" / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz"

_CHILD = r"""
import json, resource, sys, time
mode, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == "paperkit":
    import paperkit as pk
    run = lambda: pk.load_papers(path).papers.height
else:
    import gzip, re, unicodedata, hashlib
    def run():
        papers = {}
        for line in gzip.open(path, "rt"):
            rec = json.loads(line)
            text = unicodedata.normalize("NFKC", rec["abstract"])
            text = re.sub(r"\s+", " ", re.sub(r"([a-z])-\n([a-z])", r"\1\2", text)).strip()
            title = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", rec["title"])).strip()
            key = rec["id"] or hashlib.blake2b(title.lower().encode(), digest_size=8).hexdigest()
            papers.setdefault(key, {"title": title, "abstract": text, "dates": set()})["dates"].update(rec["digest_dates"])
        return len(papers)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
for _ in range(repeat):
    t = time.perf_counter(); n = run(); times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps({"n": n, "seconds": min(times), "peak_mb": peak / 1024}))
"""


def build(n: int, folder: Path) -> Path:
    rows = [json.loads(line) for line in gzip.open(DEV, "rt")]
    out = folder / f"arxiv-{n}.jsonl.gz"
    with gzip.open(out, "wt", compresslevel=6) as f:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            if i >= len(rows):
                row["id"] = f"{9 - i // len(rows)}{row['id'][1:]}"  # a distinct, well-formed arXiv id
                row["title"] = f"{row['title']} (copy {i // len(rows)})"
            f.write(json.dumps(row) + "\n")
    return out


def measure(mode: str, path: Path, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, mode, str(path), str(repeat)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per size (default 3)")
    args = parser.parse_args()
    if not DEV.exists():
        print(f"needs {DEV} (the shared benchmark data)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [(10_000, build(10_000, Path(tmp))), (30_288, DEV), (100_000, build(100_000, Path(tmp)))]
        print(f"{'papers':>8} {'paperkit s':>10} {'papers/s':>10} {'peak MB':>8} {'baseline s':>10} {'base/s':>9} {'speed-up':>8}")
        results = []
        for n, path in sizes:
            pk_run = measure("paperkit", path, args.repeat)
            base = measure("baseline", path, 1)
            assert pk_run["n"] == base["n"] == n, (pk_run, base, n)
            rate, base_rate = n / pk_run["seconds"], n / base["seconds"]
            results.append((n, pk_run["seconds"]))
            print(f"{n:>8,} {pk_run['seconds']:>10.2f} {rate:>10,.0f} {pk_run['peak_mb']:>8,.0f} "
                  f"{base['seconds']:>10.2f} {base_rate:>9,.0f} {rate / base_rate:>7.1f}x")
        (n0, t0), (n1, t1) = results[0], results[-1]
        print(f"growth: {n1 / n0:.1f}x papers took {t1 / t0:.1f}x time (linear = {n1 / n0:.1f}x)")
        print("baseline: json.loads per line + re/unicodedata clean-up + dict merge, pure Python, same files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
