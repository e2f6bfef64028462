"""Benchmark paperkit's acronym extraction: SciAD, the BioC abbreviation corpora, and speed.

Usage (from the repository root, with ../shared/data present)::

    .venv/bin/python benchmarks/bench_acronyms.py            # everything
    .venv/bin/python benchmarks/bench_acronyms.py --no-speed # accuracy only

Speed is abstracts per second of ``paperkit.find_acronyms`` (abstracts only, no title names)
against the pure-Python Schwartz-Hearst implementation on PyPI (``abbreviations``), on the same
texts in the same process: the 30,288 arXiv DEV abstracts, then 100,000 built by repeating them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import polars as pl

from paperkit.acronyms import find_acronyms
from paperkit.evaluation.acronyms import (
    predict_sciad,
    read_abbrev_bioc,
    read_sciad,
    score_abbrev,
    score_sciad,
    shared_data_dir,
)


def table(rows: list[dict], title: str) -> None:
    print(f"\n## {title}\n")
    cols = list(rows[0])
    fmt = lambda v: f"{v:.4f}" if isinstance(v, float) else str(v)  # noqa: E731
    cells = [[fmt(r[c]) for c in cols] for r in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |")


def bench_sciad(data_dir: Path) -> None:
    data = read_sciad(data_dir / "sciad" / "dev.json.gz")
    t = time.perf_counter()
    preds = predict_sciad(data)
    dt = time.perf_counter() - t
    scores = score_sciad(data, preds)
    rows = [dict(zip(("scope", "precision", "recall", "f1"), r)) for r in scores.rows()]
    table(rows, f"SciAD dev ({len(data)} sentences, {dt:.2f} s; official score = macro; baseline F1 0.8546)")


def bench_abbrev(data_dir: Path) -> None:
    rows = []
    for name in ["medstract", "ab3p", "bioadi", "sh"]:
        r = score_abbrev(read_abbrev_bioc(data_dir / "abbrev-bioc" / f"{name}_gold_dev.xml"))
        rows.append({"corpus": name, **{k: v for k, v in r.items() if k != "errors"}})
    table(rows, "BioC abbreviation gold corpora, DEV halves (exact (SF, LF) pairs per document)")


def _time(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bench_speed(data_dir: Path, sizes: list[int]) -> None:
    from abbreviations import schwartz_hearst

    rows = [json.loads(line) for line in gzip.open(data_dir / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz", "rt")]
    base = [r["abstract"] for r in rows if r.get("abstract")]
    out = []
    for n in sizes:
        texts = (base * (n // len(base) + 1))[:n]
        papers = pl.DataFrame({"paper_id": [str(i) for i in range(n)], "abstract": texts})
        t_ours = _time(lambda: find_acronyms(papers, fields="abstract", names=False), repeat=2)
        n_ours = find_acronyms(papers, fields="abstract", names=False).height
        def baseline():
            k = 0
            for x in texts:
                k += len(schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=x))
            return k
        t0 = time.perf_counter()
        n_base = baseline()
        t_base = time.perf_counter() - t0
        out.append({
            "abstracts": n, "paperkit_s": t_ours, "paperkit_abs_per_s": n / t_ours, "paperkit_defs": n_ours,
            "abbreviations_s": t_base, "abbreviations_abs_per_s": n / t_base, "abbreviations_defs": n_base,
            "speedup": t_base / t_ours,
        })
    table(out, "Speed: abstracts per second, paperkit.find_acronyms vs abbreviations (Schwartz-Hearst, pure Python)")
    if len(out) > 1:
        a, b = out[0], out[-1]
        print(f"\ngrowth: {b['abstracts'] / a['abstracts']:.2f}x abstracts -> paperkit {b['paperkit_s'] / a['paperkit_s']:.2f}x time, "
              f"abbreviations {b['abbreviations_s'] / a['abbreviations_s']:.2f}x time")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-speed", action="store_true", help="skip the speed comparison")
    ap.add_argument("--sizes", type=int, nargs="+", default=[30_288, 100_000], help="corpus sizes for speed")
    args = ap.parse_args(argv)
    data_dir = shared_data_dir()
    if not data_dir.exists():
        print(f"needs the shared data at {data_dir}", file=sys.stderr)
        return 2
    print(f"polars {pl.__version__}; data {data_dir}")
    bench_sciad(data_dir)
    bench_abbrev(data_dir)
    if not args.no_speed:
        bench_speed(data_dir, args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
