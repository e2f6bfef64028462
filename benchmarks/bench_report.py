"""End-to-end scale benchmark of ``paperkit report`` on 10k, 100k and 1M distinct abstracts (issue 15).

Corpora are built from the DEV arXiv listing (``../shared/data/arxiv-daily-cs``, 30,288 real
abstracts) by recombining real sentences (seeded, so a clean checkout builds the same corpus):
every sentence of a base paper is kept or, half the time, replaced by the sentence at the same
position of another paper of the same month, so each month keeps its vocabulary and its trends;
every text and every title is distinct (not a repeated file), and the first-seen dates are the
listing's own (2025-03..2025-09). They are written as Parquet parts (50,000 papers each, arXiv
listing columns) under a scratch folder (``/tmp/pk-bench`` by default, manifest next to the
folder) and reused by later runs.

For each size ``paperkit report`` runs in a fresh child process (``python -m paperkit report``)
with a fresh ``--cache-dir <scratch>/cache-<size>``; the script records the wall time, the
child's peak RSS (``os.wait4`` rusage ``ru_maxrss``), and a table per stage from the report's
timestamped stage lines (:func:`paperkit.progress.log_progress`), each with the peak RSS a
watcher thread saw while it ran (``/proc/<pid>/status`` VmRSS every 0.2 s; the watcher also
stops a child above ``--max-rss-gb``). ``uptime`` load is printed with every run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_report.py build --sizes 10000 100000 1000000
    .venv/bin/python benchmarks/bench_report.py run --sizes 10000 100000 --second-run
    .venv/bin/python benchmarks/bench_report.py run --sizes 1000000
    .venv/bin/python benchmarks/bench_report.py start       # paperkit --help and import time

``--second-run`` runs the report twice on the same corpus and cache folder: the first computes
and writes every stage, the second reads them back. Results are also appended as JSON lines to
``<scratch>/results.jsonl``; the report's own log of each run is ``<scratch>/report-<size>.log``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS_VERSION = 1  # bump when the recombination changes: corpora on disk are rebuilt
PART_SIZE = 50_000


def shared_data() -> Path:
    base = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
    for candidate in (base / "data", Path("/work/shared/data")):
        if (candidate / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz").exists():
            return candidate
    sys.exit("bench_report: the DEV arXiv listing (../shared/data/arxiv-daily-cs) is not available")


def load_avg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


# --- corpus -------------------------------------------------------------------------------------
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


def _source_rows() -> list[dict]:
    path = shared_data() / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    out = []
    for row in rows:
        text = " ".join((row.get("abstract") or "").split())
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
        if not sentences or not row.get("title"):
            continue
        out.append({"title": " ".join(row["title"].split()), "sentences": sentences, "date": row["first_seen_date"],
                    "categories": row.get("categories") or [], "authors": row.get("authors") or []})
    return out


def build_corpus(n: int, scratch: Path, *, seed: int = 0) -> Path:
    """Write ``n`` distinct recombined papers as Parquet parts under ``scratch/corpus-<n>``; reused
    when a manifest with the same size, seed and version is there."""
    import polars as pl

    folder = scratch / f"corpus-{n}"
    # Next to the folder, not in it: the report reads every file of the folder as a digest.
    manifest = scratch / f"corpus-{n}.manifest.json"
    want = {"n": n, "seed": seed, "version": CORPUS_VERSION, "part_size": PART_SIZE}
    inside = folder / "manifest.json"  # where the first version of this script kept it
    if inside.exists() and not manifest.exists():
        inside.rename(manifest)
    if manifest.exists() and json.loads(manifest.read_text()) == want:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    started = time.perf_counter()
    src = _source_rows()
    by_month: dict[str, list[int]] = {}
    for i, row in enumerate(src):
        by_month.setdefault(row["date"][:7], []).append(i)
    rng = random.Random(seed)
    seen_titles: set[str] = set()
    seen_texts: set[bytes] = set()
    rows: list[dict] = []
    part = 0
    serial = 0

    def flush() -> None:
        nonlocal rows, part
        if not rows:
            return
        frame = pl.DataFrame(rows, schema={"id": pl.String, "title": pl.String, "abstract": pl.String,
                                           "first_seen_date": pl.String, "digest_dates": pl.List(pl.String),
                                           "categories": pl.List(pl.String), "authors": pl.List(pl.String)})
        frame.write_parquet(folder / f"part-{part:03d}.parquet")
        rows, part = [], part + 1

    while serial < n:
        base = src[rng.randrange(len(src))]
        month = by_month[base["date"][:7]]
        # every sentence of the base kept or (half the time) replaced by a sentence of another paper
        # of the same month, so the month's vocabulary (and its trends) is kept
        sentences = []
        for pos, sentence in enumerate(base["sentences"]):
            if rng.random() < 0.5:
                other = src[month[rng.randrange(len(month))]]["sentences"]
                sentence = other[min(pos, len(other) - 1)]
            sentences.append(sentence)
        abstract = " ".join(sentences)
        key = hashlib.blake2b(abstract.encode(), digest_size=16).digest()
        if key in seen_texts:
            continue
        title = base["title"]
        if title in seen_titles:
            head = title.split(": ", 1)[0]
            other = src[month[rng.randrange(len(month))]]["title"]
            tail = other.split(": ", 1)[1] if ": " in other else " ".join(other.split()[:6])
            title = f"{head}: {tail}"
            if title in seen_titles:
                continue
        seen_titles.add(title)
        seen_texts.add(key)
        # arXiv-style ids, unique: 99,999 per yymm prefix from 1501 on
        prefix, number = divmod(serial, 99_999)
        yymm = 1501 + (prefix // 12) * 100 + prefix % 12
        rows.append({"id": f"{yymm}.{number + 1:05d}", "title": title, "abstract": abstract,
                     "first_seen_date": base["date"], "digest_dates": [base["date"]],
                     "categories": base["categories"], "authors": base["authors"]})
        serial += 1
        if len(rows) == PART_SIZE:
            flush()
    flush()
    manifest.write_text(json.dumps(want))
    size = sum(p.stat().st_size for p in folder.glob("part-*.parquet"))
    print(f"built {folder}: {n:,} papers in {part} part(s), {size / 1e6:.0f} MB, "
          f"{time.perf_counter() - started:.0f} s (load {load_avg()})", flush=True)
    return folder


# --- one report in a child process --------------------------------------------------------------
# "2026-12-05 02:10:03  [   41.2 s   1.23 GiB]  message" (paperkit.progress.log_progress; GB in older logs)
_STAGE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  \[\s*([\d.]+) s(?:\s+[\d.]+ Gi?B)?\]  (.*)$")
_DONE = re.compile(r"^(.*): done in [\d.]+ s")
_CACHED = re.compile(r"^(.*): from the cache$")


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_report(corpus: Path, out: Path, *, max_rss_gb: float, extra: list[str] | None = None, label: str = "") -> dict:
    """Run ``paperkit report`` on ``corpus`` in a fresh child; wall time, peak RSS, stage table.

    A watcher thread reads the child's RSS every 0.2 s together with the number of stage lines
    written so far, so each stage gets the peak RSS seen while it ran (and the child is stopped
    above ``max_rss_gb``)."""
    log = out.with_suffix(".log")
    cmd = [sys.executable, "-m", "paperkit", "report", str(corpus), "-o", str(out), *(extra or [])]
    load_before = load_avg()
    started = time.perf_counter()
    with open(log, "w") as fh:
        child = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
        polled = {"peak": 0, "killed": False, "by_line": {}}

        def watch() -> None:
            with open(log, errors="replace") as reader:
                seen, partial = 0, ""
                while child.poll() is None:
                    rss = _rss_kb(child.pid)
                    chunk = partial + reader.read()
                    *done, partial = chunk.split("\n")
                    seen += sum(1 for line in done if _STAGE.match(line))
                    polled["peak"] = max(polled["peak"], rss)
                    polled["by_line"][seen] = max(polled["by_line"].get(seen, 0), rss)
                    if rss > max_rss_gb * 1024**2:
                        polled["killed"] = True
                        child.kill()
                        return
                    time.sleep(0.2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        watcher.join()
    wall = time.perf_counter() - started
    text = log.read_text(errors="replace")
    stages = stage_table(text, polled["by_line"])
    result = {
        "label": label, "corpus": str(corpus), "cmd": " ".join(cmd), "exit": child.returncode,
        "killed_over_rss_gb": max_rss_gb if polled["killed"] else None,
        "wall_s": round(wall, 1), "peak_rss_gb": round(usage.ru_maxrss / 1024**2, 2),
        "polled_peak_rss_gb": round(polled["peak"] / 1024**2, 2),
        "user_s": round(usage.ru_utime, 1), "sys_s": round(usage.ru_stime, 1),
        "load_before": load_before, "load_after": load_avg(), "stages": stages,
        "started_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - wall)),
        "log": str(log),
    }
    if child.returncode != 0:
        result["tail"] = text[-1500:]
    return result


def stage_table(text: str, rss_by_line: dict[int, int] | None = None) -> list[dict]:
    """One row per stretch between two stage lines: the stage it belongs to, its seconds and the
    peak RSS (GiB, 2**30 bytes) polled during it.

    A stretch that ends with ``X: done in`` is X's own work (the Digest announces the stages it
    reads first inside it); one that ends with ``X: from the cache`` is the read of X; any other
    stretch belongs to the stage being computed (innermost ``computing X``), else to the last
    top-level message (``building section: ...``, ``rendering ...``)."""
    marks = [(float(m.group(1)), m.group(2).strip()) for m in map(_STAGE.match, text.splitlines()) if m]
    rss_by_line = rss_by_line or {}
    rows, open_stages, top = [], [], "start"
    for i, (t, message) in enumerate(marks):
        if message.startswith("computing "):
            open_stages.append(message[len("computing "):])
        elif _DONE.match(message):
            if open_stages:
                open_stages.pop()
        elif not _CACHED.match(message):
            top = message
        if i + 1 == len(marks):
            if rss_by_line.get(i + 1):  # the child was still working (or was stopped) after its last line
                name = open_stages[-1] if open_stages else top
                rows.append({"stage": f"{name} (after the last line)", "seconds": None,
                             "peak_rss_gb": round(rss_by_line[i + 1] / 1024**2, 2)})
            break
        cached = _CACHED.match(marks[i + 1][1])
        name = f"{cached.group(1)} (read from the cache)" if cached else (open_stages[-1] if open_stages else top)
        rows.append({"stage": name, "seconds": round(marks[i + 1][0] - t, 1),
                     "peak_rss_gb": round(rss_by_line.get(i + 1, 0) / 1024**2, 2)})
    return rows


def stage_summary(rows: list[dict]) -> list[dict]:
    """``stage_table`` rows summed per stage (seconds) with the highest peak, in first-seen order."""
    out: dict[str, dict] = {}
    for row in rows:
        name = re.sub(r"^(loaded|wrote|rendering) .*", r"\1", row["stage"])
        name = re.sub(r"^loading papers.*", "loading papers", name)
        acc = out.setdefault(name, {"stage": name, "seconds": 0.0, "peak_rss_gb": 0.0})
        acc["seconds"] = round(acc["seconds"] + (row["seconds"] or 0.0), 1)
        acc["peak_rss_gb"] = max(acc["peak_rss_gb"], row["peak_rss_gb"])
    return list(out.values())


def print_result(res: dict) -> None:
    status = "ok" if res["exit"] == 0 else f"FAILED (exit {res['exit']})"
    if res["killed_over_rss_gb"]:
        status = f"STOPPED: RSS over {res['killed_over_rss_gb']} GiB"
    print(f"\n== {res['label']}  {status}  wall {res['wall_s']:.1f} s  peak RSS {res['peak_rss_gb']:.2f} GiB "
          f"({res['peak_rss_gb'] * 1.073741824:.2f} GB) "
          f"(user {res['user_s']:.0f} s, sys {res['sys_s']:.0f} s)  load before {res['load_before']}, "
          f"after {res['load_after']}  started {res['started_utc']} UTC", flush=True)
    print(f"   {'seconds':>8}  {'peak GiB':>8}  stage")
    for row in stage_summary(res["stages"]):
        if row["seconds"] >= 0.5 or row["peak_rss_gb"] >= 0.5 * res["peak_rss_gb"]:
            print(f"   {row['seconds']:8.1f}  {row['peak_rss_gb']:8.2f}  {row['stage']}")
    if "tail" in res:
        print("   last output:\n" + "\n".join("   | " + line for line in res["tail"].splitlines()[-15:]))


def cmd_build(args) -> None:
    for n in args.sizes:
        build_corpus(n, args.scratch, seed=args.seed)


def cmd_run(args) -> None:
    results = []
    for n in args.sizes:
        corpus = build_corpus(n, args.scratch, seed=args.seed)
        out = args.scratch / f"report-{n}.html"
        # The report's disk cache: a folder of this corpus's own, emptied before the first run,
        # so the first run computes everything (and pays for writing the cache) and the second
        # reads it, as a user's first and second report would.
        cache = args.scratch / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        extra = [*args.extra, "--cache-dir", str(cache)] if not args.no_cache else [*args.extra, "--no-cache"]
        rounds = 2 if args.second_run else 1
        for r in range(rounds):
            label = f"{n:,} papers" + (f", run {r + 1} of {rounds}" if rounds > 1 else "")
            res = run_report(corpus, out, max_rss_gb=args.max_rss_gb, extra=extra, label=label)
            res["n"] = n
            res["run"] = r + 1
            print_result(res)
            results.append(res)
            with open(args.scratch / "results.jsonl", "a") as fh:
                fh.write(json.dumps(res) + "\n")
    ok = [r for r in results if r["exit"] == 0 and r["run"] == 1]
    if len(ok) > 1:
        base = ok[0]
        print("\nsize ratios against the smallest (first runs):")
        for r in ok[1:]:
            print(f"  {r['n'] / base['n']:6.0f}x papers: {r['wall_s'] / base['wall_s']:5.1f}x time, "
                  f"{r['peak_rss_gb'] / base['peak_rss_gb']:5.1f}x peak RSS")
    if args.second_run:
        for n in args.sizes:
            pair = [r for r in results if r["n"] == n and r["exit"] == 0]
            if len(pair) == 2:
                print(f"second run / first run at {n:,}: {pair[1]['wall_s'] / pair[0]['wall_s']:.2f} "
                      "of the time")


def cmd_start(args) -> None:
    times = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "paperkit", "--help"], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    print(f"paperkit --help: median {statistics.median(times):.2f} s of {args.rounds} (min {min(times):.2f}) "
          f"load {load_avg()}")
    totals = []
    for _ in range(args.rounds):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import paperkit"], check=True,
                             capture_output=True, text=True, cwd=ROOT).stderr
        for line in err.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == "paperkit":
                totals.append(int(parts[1]) / 1e6)
    print(f"import paperkit (-X importtime cumulative): median {statistics.median(totals):.2f} s of {len(totals)} "
          f"(min {min(totals):.2f}) load {load_avg()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/pk-bench"), help="corpora and reports go here")
    parser.add_argument("--seed", type=int, default=0)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the corpora (once)")
    b.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    b.set_defaults(func=cmd_build)
    r = sub.add_parser("run", help="run paperkit report on each corpus")
    r.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    r.add_argument("--second-run", action="store_true", help="run the report twice on each corpus")
    r.add_argument("--no-cache", action="store_true", help="run the report with --no-cache (default: a fresh cache "
                   "folder <scratch>/cache-<size>, emptied before the first run)")
    r.add_argument("--max-rss-gb", type=float, default=16.0, help="stop a child whose RSS passes this many GiB (default 16)")
    r.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more arguments for paperkit report")
    r.set_defaults(func=cmd_run)
    s = sub.add_parser("start", help="paperkit --help time and import time")
    s.add_argument("--rounds", type=int, default=5)
    s.set_defaults(func=cmd_start)
    args = parser.parse_args(argv)
    args.scratch.mkdir(parents=True, exist_ok=True)
    args.func(args)


if __name__ == "__main__":
    main()
