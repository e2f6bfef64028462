"""Benchmark: top-500-term co-occurrence with all normalizations, sparse (paperkit) vs a polars self-join.

Data: the 30,288-paper arXiv DEV file (``../shared/data/arxiv-daily-cs``) and a 100,000-paper corpus built
by repeating it with changed ids. Topics are the 500 words found in the most abstracts (a simple
tokenization done here, stop words and words in more than 40% of papers left out), one
``[paper_id, topic, weight]`` row per paper and word present.

Each method runs in a fresh subprocess so that its peak memory (``ru_maxrss`` above the memory after
loading the topics frame) is its own. Speed is reported as a ratio to the self-join run in the same script.

    .venv/bin/python benchmarks/bench_cotopics.py            # both sizes
    .venv/bin/python benchmarks/bench_cotopics.py --sizes 30288
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
ARXIV = SHARED / "data" / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz"
CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "paperkit_bench_cotopics"

_STOP = set("""a about above across after again against all almost along also although always am among an and another any
are around as at available based be because been before being below between both but by can could current data
despite did do does doing done due during each either enable enables especially even ever every existing few
first for from further furthermore given has have having here however if in including into is it its itself just
key large less like made make makes many may more moreover most much must new not novel of often on one only or
other our out over paper per perform performance previous prior propose proposed provide provides results several
should show shows significant significantly since so some specific still such than that the their them then there
therefore these they this those through thus to toward towards two under unlike up upon use used uses using via
was we well were what when where whether which while who whose why will with within without work would yet our
approach method methods model models task tasks new study existing across achieve achieves address""".split())


def build_topics(n_papers: int) -> pl.DataFrame:
    """[paper_id, topic, weight] for the top-500 words, for n_papers papers (repeating the DEV file)."""
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"topics_{n_papers}.parquet"
    if cached.exists():
        return pl.read_parquet(cached)
    rows = [json.loads(line) for line in gzip.open(ARXIV, "rt")]
    papers = pl.DataFrame({"paper_id": [r["id"] for r in rows], "text": [f"{r['title']} {r['abstract'] or ''}" for r in rows]})
    words = (
        papers.select("paper_id", pl.col("text").str.to_lowercase().str.extract_all(r"[a-z][a-z0-9\-]{2,}").alias("topic"))
        .explode("topic")
        .drop_nulls()
        .filter(~pl.col("topic").is_in(list(_STOP)))
        .unique()
    )
    df = words.group_by("topic").len("df").filter(pl.col("df") <= 0.4 * papers.height)
    top = df.sort(["df", "topic"], descending=[True, False]).head(500).select("topic")
    base = words.join(top, on="topic", how="semi")
    copies = -(-n_papers // papers.height)
    ids = papers.select("paper_id").head(n_papers)
    frames = []
    for k in range(copies):
        part = base if k == 0 else base.with_columns((pl.lit(f"c{k}:") + pl.col("paper_id")).alias("paper_id"))
        frames.append(part)
    topics = pl.concat(frames)
    keep = pl.concat([ids if k == 0 else ids.with_columns((pl.lit(f"c{k}:") + pl.col("paper_id")).alias("paper_id")) for k in range(copies)]).head(n_papers)
    topics = topics.join(keep, on="paper_id", how="semi").with_columns(pl.lit(1.0).alias("weight")).sort("paper_id", "topic")
    topics.write_parquet(cached)
    return topics


def run_sparse(topics: pl.DataFrame) -> pl.DataFrame:
    from paperkit.cotopics import MEASURES, cooccurrence

    return cooccurrence(topics, measure=list(MEASURES))


def run_selfjoin(topics: pl.DataFrame) -> pl.DataFrame:
    """The straightforward way: join [paper_id, topic] with itself, count pairs, then normalize."""
    t = topics.filter(pl.col("weight") > 0).select("paper_id", "topic").unique()
    n = t["paper_id"].n_unique()
    s = t.group_by("topic").len("s")
    pairs = (
        t.join(t, on="paper_id", suffix="_b")
        .filter(pl.col("topic") < pl.col("topic_b"))
        .group_by(pl.col("topic").alias("topic_a"), "topic_b")
        .agg(pl.len().alias("n"))
        .join(s.rename({"topic": "topic_a", "s": "s_a"}), on="topic_a")
        .join(s.rename({"topic": "topic_b", "s": "s_b"}), on="topic_b")
    )
    c, sa, sb = pl.col("n").cast(pl.Float64), pl.col("s_a").cast(pl.Float64), pl.col("s_b").cast(pl.Float64)
    pmi = (n * c / (sa * sb)).log()
    measures = {
        "count": c,
        "association": n * c / (sa * sb),
        "jaccard": c / (sa + sb - c),
        "cosine": c / (sa * sb).sqrt(),
        "inclusion": c / pl.min_horizontal(sa, sb),
        "pmi": pmi,
        "npmi": pmi / -(c / n).log(),
    }
    return pl.concat([
        pairs.select("topic_a", "topic_b", "n", pl.lit(m).alias("measure"), e.alias("score")) for m, e in measures.items()
    ]).sort("measure", "topic_a", "topic_b")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> int:
    """Reset the peak-RSS mark (Linux ``clear_refs`` 5) and return the current RSS in kB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")
    except OSError:  # not Linux: fall back to getrusage (peak since start)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kb() -> int:
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(method: str, n_papers: int, repeats: int) -> None:
    topics = build_topics(n_papers)
    fn = {"sparse": run_sparse, "selfjoin": run_selfjoin}[method]
    base = _reset_peak()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn(topics)
        times.append(time.perf_counter() - t0)
    peak = _peak_kb()
    print(json.dumps({
        "method": method, "papers": topics["paper_id"].n_unique(), "rows": topics.height,
        "pairs": out.filter(pl.col("measure") == "count").height, "best_s": min(times),
        "peak_mb_above_input": (peak - base) / 1024,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30288, 100000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "N"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.repeats)
        return
    if not ARXIV.exists():
        sys.exit(f"needs the shared data at {ARXIV}")
    print(f"{'papers':>8} {'topic rows':>11} {'pairs':>8} {'method':>9} {'best s':>8} {'peak MB':>8} {'speed-up':>9}")
    for n in args.sizes:
        build_topics(n)  # cache outside the timed children
        results = {}
        for method in ("selfjoin", "sparse"):
            repeats = 1 if method == "selfjoin" else args.repeats
            out = subprocess.run(
                [sys.executable, __file__, "--child", method, str(n), "--repeats", str(repeats)],
                check=True, capture_output=True, text=True,
            )
            results[method] = json.loads(out.stdout.strip().splitlines()[-1])
        for method in ("selfjoin", "sparse"):
            r = results[method]
            ratio = results["selfjoin"]["best_s"] / r["best_s"]
            print(f"{r['papers']:>8} {r['rows']:>11} {r['pairs']:>8} {method:>9} {r['best_s']:>8.3f} {r['peak_mb_above_input']:>8.0f} {ratio:>8.1f}x")


if __name__ == "__main__":
    main()
