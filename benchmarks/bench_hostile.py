"""Hostile input loses nothing and cannot take the machine down (issue 14): one probe per attack.

    .venv/bin/python benchmarks/bench_hostile.py [--quick]

Every probe runs in a fresh child process (this script with ``--child``, or ``-m paperkit report``)
under a 300 s timeout and an 8 GiB limit on its address space (RLIMIT_AS) and on its RSS (polled);
the child's peak RSS comes from ``os.wait4``.
Inputs are built in a temporary folder from real titles and abstracts (the arXiv DEV file in
../shared/data, or $PAPERKIT_SHARED/data) and from the fixtures in tests/data/hostile. ``--quick``
skips the two 200 MB files. "RSS / input" is shown for inputs of 1 MB or more only.

1. 10 title-only records without ids in 10 scripts: all kept, none merged.
2. 2,000 real papers, one dated 9999-12-31 / 0001-01-01 / 2205-03-17, through ``paperkit report``:
   exit code, memory, and whether the warnings name the date.
3. invalid dates (2025-02-30, 2025-13-01, 0000-00-00, "not a date", an hour 25) as digest date and
   publication time: each left empty with a warning.
4. a table without a title column as CSV, TSV, JSONL, JSON and Parquet: every record skipped, counts
   reconcile.
5. a 100-row CSV with an unbalanced quote in row 50: 99 papers, the reason stays short.
6. JSON nested 10,000 levels as a .json file / as one JSONL line, next to a good file: no exception.
7. a symlink loop (``self -> .``, ``up -> ..``) under a recursive glob: ends, each file read once.
8. memory amplification: ~200 MB as one JSON array line and as JSONL (peak RSS against the file size,
   with and without the interpreter's baseline); titles as a list / an object, NUL and U+202E in one.
9. adversarial abstracts through the text functions (as in tests/test_hostile_text.py): peak RSS
   growth and seconds per step.
10. fetch: not probed here (tests/test_fetch.py runs it against a local server).

Where a load is involved, the result says whether ``LoadResult.reconciles()`` holds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "data" / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz"
HOSTILE = ROOT / "tests" / "data" / "hostile"
TIMEOUT = 300
MEMORY_LIMIT = 8 * 1024**3
MB = 1024**2
TEXTS = {"definitions": ("Large Language Model (LLM) ", 50_000), "parentheses": ("(", 100_000),
         "long-word": ("a", 100_000)}  # an abstract: this piece repeated so many times
TEXT_STEPS = ["find_acronyms", "paper_terms", "keyphrases", "acronym_glossary", "keyword_in_context"]


# --- the child side: one load or one text run, reported as JSON on the last line --------------------
def child_load(source: str) -> dict:
    import paperkit as pk

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    r = pk.load_papers(source, progress=False)
    papers = r.papers
    return {"baseline_mb": base, "work_s": time.perf_counter() - start, "records_in": r.records_in,
            "papers": papers.height, "merged": r.duplicates.height, "skipped": r.n_skipped,
            "warnings": r.problems.height - r.n_skipped, "reconciles": r.reconciles(),
            "problems": r.problems.head(20).rows(), "max_reason": r.problems["reason"].str.len_chars().max() or 0,
            "titles": papers["title"].to_list() if papers.height <= 20 else None,
            "empty_digest": papers["digest_date"].null_count(), "empty_published": papers["published"].null_count()}


def child_text(kind: str) -> dict:
    import polars as pl

    import paperkit as pk

    piece, times = TEXTS[kind]
    text = piece * times
    papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A pasted page", "LLM agents"],
                           "abstract": [text, "We use large language models (LLMs)."],
                           "digest_date": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]})
    run = {"find_acronyms": lambda: pk.find_acronyms(papers), "paper_terms": lambda: pk.paper_terms(papers),
           "keyphrases": lambda: pk.keyphrases(papers), "acronym_glossary": lambda: pk.acronym_glossary(papers),
           "keyword_in_context": lambda: pk.keyword_in_context(papers, "LLM")}
    pk.find_acronyms(papers.tail(1)), pk.paper_terms(papers.tail(1))  # imports and caches, not measured
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    steps = {}
    for step in TEXT_STEPS:  # peak memory only grows: each figure covers the steps before it
        start = time.perf_counter()
        rows = run[step]().height
        steps[step] = {"rows": rows, "seconds": time.perf_counter() - start,
                       "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024}
    return {"baseline_mb": base / 1024, "steps": steps}


# --- the parent side: run a child under limits, measure it ---------------------------------------
def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _rss(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # exited between two polls
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) * 1024 if found else 0


def run_child(argv: list[str], *, address_limit: bool = True) -> dict:
    """Run ``argv`` under the limits; its exit, output, peak RSS (MB) and wall seconds.

    The address-space limit is hard but V8 (vl-convert, in ``paperkit report``) reserves more address
    space than that at start-up, so the report runs under the RSS limit alone, polled every 50 ms.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT,
                                preexec_fn=_limit_address_space if address_limit else None)
        stopped = None
        while not (done := os.wait4(proc.pid, os.WNOHANG))[0]:
            if time.perf_counter() - start > TIMEOUT:
                stopped = f"timed out after {TIMEOUT} s (killed)"
            elif _rss(proc.pid) > MEMORY_LIMIT:
                stopped = f"killed by limit (RSS past {MEMORY_LIMIT // 1024**3} GiB)"
            if stopped:
                proc.kill()
                done = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(done[1])  # reaped here: Popen must not wait again
        seconds = time.perf_counter() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return {"code": proc.returncode, "stdout": stdout, "stderr": stderr, "stopped": stopped,
            "peak_mb": done[2].ru_maxrss / 1024, "seconds": seconds}


def failure(child: dict) -> str | None:
    """What went wrong with the child in words, or None when it exited cleanly."""
    if child["stopped"]:
        return child["stopped"]
    if "MemoryError" in child["stderr"] or "memory allocation of" in child["stderr"]:
        return f"killed by limit ({MEMORY_LIMIT // 1024**3} GiB address space)"
    if child["code"] < 0:
        return f"killed by {signal.Signals(-child['code']).name}"
    if child["code"] != 0:
        last = (child["stderr"].strip().splitlines() or ["(no message)"])[-1]
        return f"exception: {last[:160]}"
    return None


def probe(kind: str, arg: str) -> tuple[dict, dict | None]:
    """Run one child probe of this script; the measurement and the child's JSON (None on failure)."""
    child = run_child([sys.executable, __file__, "--child", kind, arg])
    if failure(child):
        return child, None
    return child, json.loads(child["stdout"].strip().splitlines()[-1])


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum((Path(d) / f).stat().st_size for d, _, files in os.walk(path) for f in files)  # links not followed


def counts(got: dict) -> str:
    agreed = "reconciles" if got["reconciles"] else "DOES NOT reconcile"
    return (f"{got['papers']:,} papers of {got['records_in']:,} records, {got['merged']} merged, "
            f"{got['skipped']} skipped, {got['warnings']} warnings; {agreed}")


ROWS: list[tuple] = []


def row(num: str, name: str, child: dict, result: str, rows: str, size: int) -> None:
    ratio = f"{child['peak_mb'] * MB / size:.1f}" if size >= MB else "–"
    ROWS.append((num, name, failure(child) or result, rows, f"{child['peak_mb']:,.0f}", human(size), ratio,
                 f"{child['seconds']:.1f}"))


def human(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size / 1024:,.1f} KB"


def load_row(num: str, name: str, source: Path, describe=None, *, glob: str | None = None) -> None:
    """One load in a child; the row says the counts, then ``describe(got)`` if given."""
    child, got = probe("load", glob or str(source))
    result = counts(got) + (f"; {describe(got)}" if describe else "") if got else ""
    row(num, name, child, result, f"{got['papers']:,}" if got else "–", size_of(source))


# --- inputs ----------------------------------------------------------------------------------------
def dev_records(n: int) -> list[dict]:
    with gzip.open(DEV, "rt", encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(n), f)]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def problems_text(got: dict) -> str:
    return "; ".join(f"{loc} {sev}: {reason[:80]}" for _, loc, sev, reason in got["problems"][:3])


def reason_kinds(got: dict) -> str:
    """The problems' reasons up to their first colon, counted: "title with no abstract x10"."""
    kinds = [reason.split(":")[0] for *_, reason in got["problems"]]
    return ", ".join(f"{kind} x{kinds.count(kind)}" for kind in dict.fromkeys(kinds)) or "none"


# --- the probes ------------------------------------------------------------------------------------
def probe_scripts(tmp: Path) -> None:
    titles = ["大型语言模型的推理能力", "대규모 언어 모델의 추론 능력", "نماذج اللغة الكبيرة للاستدلال", "מודלי שפה גדולים להסקה",
              "🤖🧠📈", "α-Net", "β-Net", "C++ Parsing", "C# Parsing", "C Parsing"]
    path = write_jsonl(tmp / "p1" / "scripts.jsonl", [{"title": t} for t in titles])
    load_row("1", "10 title-only records, 10 scripts, no ids", path,
             lambda got: ("every title kept as written" if sorted(got["titles"]) == sorted(titles) else
                          f"titles changed: {got['titles']}") + f"; warnings: {reason_kinds(got)}")


def probe_far_dates(tmp: Path) -> None:
    records = dev_records(2_001)
    for num, day in (("2a", "9999-12-31"), ("2b", "0001-01-01"), ("2c", "2205-03-17")):
        odd = dict(records[-1], first_seen_date=day, digest_dates=[day])
        path = write_jsonl(tmp / f"p2{num}" / "papers.jsonl", records[:2_000] + [odd])
        html = path.with_suffix(".html")
        child = run_child([sys.executable, "-m", "paperkit", "report", str(path), "-o", str(html), "--no-cache"],
                          address_limit=False)
        said = child["stdout"] + child["stderr"]
        loaded = re.search(r"loaded ([\d,]+) papers \(([\d,]+) duplicate records merged, ([\d,]+) problems\)", said)
        page = html.read_text(encoding="utf-8") if html.exists() else ""
        result = (f"exit {child['code']}; {loaded.group(3) if loaded else '?'} problems; the date named "
                  f"on the terminal: {'yes' if day in said else 'no'}, in the page: "
                  f"{page.count(day)} times; page {human(len(page.encode()))}")
        row(num, f"`paperkit report`, 2,000 papers + one dated {day}", child, result,
            loaded.group(1) if loaded else "–", path.stat().st_size)


def probe_bad_dates(tmp: Path) -> None:
    bad = ["2025-02-30", "2025-13-01", "0000-00-00", "not a date", "2025-01-01T25:00:00Z"]
    records = [{"id": r["id"], "title": r["title"], "abstract": r["abstract"], "date": day, "published": day}
               for r, day in zip(dev_records(len(bad)), bad)]
    path = write_jsonl(tmp / "p3" / "dates.jsonl", records)
    load_row("3", "5 invalid dates as date and published", path,
             lambda got: f"digest_date empty {got['empty_digest']}/5, published empty {got['empty_published']}/5")


def probe_no_title(tmp: Path) -> None:
    import polars as pl

    table = pl.read_csv(HOSTILE / "no-title-column.csv")
    folder = tmp / "p4"
    folder.mkdir()
    writers = {"csv": table.write_csv, "tsv": lambda p: table.write_csv(p, separator="\t"),
               "jsonl": table.write_ndjson, "json": table.write_json, "parquet": table.write_parquet}
    for letter, (ext, write) in zip("abcde", writers.items()):
        path = folder / f"no-title.{ext}"
        write(path)
        load_row(f"4{letter}", f"no title column ({', '.join(table.columns)}), {ext.upper()}", path,
                 lambda got: f"first reason: {got['problems'][0][3][:90]}" if got["problems"] else "no problems")


def probe_ragged_csv(tmp: Path) -> None:
    path = tmp / "p5" / "ragged-quote.csv"
    path.parent.mkdir()
    shutil.copy(HOSTILE / path.name, path)
    load_row("5", "100-row CSV, unbalanced quote in row 50", path,
             lambda got: f"{problems_text(got)}; longest reason {got['max_reason']} chars")


def probe_deep_json(tmp: Path) -> None:
    good = [{"title": r["title"], "abstract": r["abstract"]} for r in dev_records(5)]
    for num, name in (("6a", "deep-10000.json"), ("6b", "deep-line.jsonl")):
        folder = tmp / f"p{num}"
        write_jsonl(folder / "good.jsonl", good)
        shutil.copy(HOSTILE / name, folder / name)
        what = "a .json file" if num == "6a" else "one line of 11 in a JSONL file"
        load_row(num, f"JSON nested 10,000 levels as {what}, + a good 5-paper file", folder, problems_text)


def probe_symlink_loop(tmp: Path) -> None:
    folder = tmp / "p7" / "dir"
    records = [{"title": r["title"], "abstract": r["abstract"]} for r in dev_records(15)]
    write_jsonl(folder / "a.jsonl", records[:10])
    write_jsonl(folder / "sub" / "b.jsonl", records[10:])
    os.symlink(".", folder / "self")
    os.symlink("..", folder / "up")

    def describe(got: dict) -> str:
        named = [name for name in ("self", "up") if any(name in f"{p[0]} {p[3]}" for p in got["problems"])]
        once = "each file read once" if got["papers"] == len(records) and got["merged"] == 0 else "FILES READ TWICE"
        return f"{once} ({len(records)} distinct records); problems name {named}: {problems_text(got)}"

    load_row("7", "symlink loop (self -> ., up -> ..), glob dir/**/*.jsonl", folder, describe,
             glob=f"{folder}/**/*.jsonl")


def write_big(path: Path, n: int) -> None:
    """``n`` real records, repeated with a changed id and title, as one JSON array line or as JSONL."""
    records = dev_records(n)
    array = path.suffix == ".json"
    with path.open("w", encoding="utf-8") as f:
        f.write("[" if array else "")
        for i in range(n):
            r, copy = records[i % len(records)], i // len(records)
            if copy:  # a distinct, well-formed arXiv id and a distinct title
                r = dict(r, id=f"{9 - copy}{r['id'][1:]}", title=f"{r['title']} (copy {copy})")
            f.write(("," if array and i else "") + json.dumps(r, ensure_ascii=False) + ("" if array else "\n"))
        f.write("]" if array else "")


def probe_amplification(tmp: Path, quick: bool) -> None:
    if quick:
        return
    n = 135_000
    for num, name, what in (("8a", "big.json", "one-line JSON array"), ("8b", "big.jsonl", "JSONL")):
        path = tmp / f"p{num}" / name
        path.parent.mkdir()
        write_big(path, n)
        size = path.stat().st_size
        child, got = probe("load", str(path))
        result = ""
        if got:
            grown = (child["peak_mb"] - got["baseline_mb"]) * MB / size
            result = (f"{counts(got)}; baseline after import {got['baseline_mb']:.0f} MB, (peak - baseline) / input "
                      f"{grown:.1f}; load {got['work_s']:.1f} s")
        row(num, f"{n:,} real records, {what}", child, result, f"{got['papers']:,}" if got else "–", size)
        path.unlink()


def probe_title_shapes(tmp: Path) -> None:
    path = tmp / "p8c" / "title-shapes.jsonl"
    path.parent.mkdir()
    shutil.copy(HOSTILE / path.name, path)

    def describe(got: dict) -> str:
        left = [repr(ch) for ch in "\x00\x07\u202e\u2066" if any(ch in t for t in got["titles"])]
        return f"control/bidi characters left: {left or 'none'}; {problems_text(got)}"

    load_row("8c", "titles as a list / an object / with NUL, BEL, U+202E, U+2066", path, describe)


def probe_text() -> None:
    for num, (kind, (piece, times)) in zip(("9a", "9b", "9c"), TEXTS.items()):
        child, got = probe("text", kind)
        steps = got["steps"] if got else {}
        result = "; ".join(f"{s} {v['rows']:,} rows +{v['grew_mb']:.0f} MB {v['seconds']:.1f} s"
                           for s, v in steps.items())
        result += f"; baseline after import and a warm-up call {got['baseline_mb']:.0f} MB" if got else ""
        rows = "/".join(f"{v['rows']:,}" for v in steps.values()) or "–"
        row(num, f'abstract "{piece}" * {times:,} through 5 text functions', child, result, rows, len(piece) * times)


def probe_fetch() -> None:
    names = re.findall(r"^def (test_\w+)", (ROOT / "tests" / "test_fetch.py").read_text(), re.M)
    covering = [n for n in names if re.search(r"ftp|max_bytes|newline", n)]
    ROWS.append(("10", "fetch (redirect to ftp, max_bytes, category newline)",
                 "skipped: covered on a local server by tests/test_fetch.py::" + ", ::".join(covering),
                 "–", "–", "–", "–", "–"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the two 200 MB probes")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, arg = args.child
        got = child_load(arg) if kind == "load" else child_text(arg)
        print(json.dumps(got, ensure_ascii=False))
        return 0
    if not DEV.exists():
        print(f"needs {DEV} (the shared benchmark data)", file=sys.stderr)
        return 2
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"{dt.datetime.now().isoformat(timespec='seconds')}  load average {load}  ({os.cpu_count()} cores)  "
          f"commit {head.strip()}  limits per child: {TIMEOUT} s, {MEMORY_LIMIT // 1024**3} GiB RSS and (but for "
          "`paperkit report`) address space\n")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        tmp = Path(folder)
        for step in (probe_scripts, probe_far_dates, probe_bad_dates, probe_no_title, probe_ragged_csv,
                     probe_deep_json, probe_symlink_loop):
            step(tmp)
        probe_amplification(tmp, args.quick)
        probe_title_shapes(tmp)
        probe_text()
        probe_fetch()
    print("| # | probe | result | papers / rows | peak RSS (MB) | input size | RSS / input | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in r) + " |")
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
