"""Precision of dictionary topic assignment at min_matches=1 (old default) and 2 (new default).

    .venv/bin/python benchmarks/precision_cotopics.py          # score the stored hand labels
    .venv/bin/python benchmarks/precision_cotopics.py --draw   # print the sample with abstracts, to label anew
    .venv/bin/python benchmarks/precision_cotopics.py --pairs  # top-10 pairs at min_count=1 and the default

The sample: 20 (paper, topic) rows drawn (seed 18) from the rows matched exactly once and 20 from the rows
matched two or more times, on the Hugging Face Daily Papers DEV archive (6,141 papers) with the curated
dictionary. Labels (benchmarks/data/cotopic_assignments_hf_dev.csv): correct = 1 when the paper is about the
topic (reading title and abstract), 0 when the match is incidental; borderline marks the hard calls. The
precision at min_matches=1 weights the two strata by their share of all rows. Procedure in README-cotopics.md.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import sys
from pathlib import Path

import polars as pl

from paperkit.cotopics import cooccurrence, default_topics, pair_min_count, topic_pattern, topics_from_dictionary
from paperkit.normalize import normalize_records

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
PATH = SHARED / "data" / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz"
LABELS = ROOT / "benchmarks" / "data" / "cotopic_assignments_hf_dev.csv"


def _papers() -> pl.DataFrame:
    rows = [json.loads(line) for line in gzip.open(PATH, "rt")]
    recs = pl.DataFrame(rows, infer_schema_length=None).select("arxiv_id", "title", "abstract", pl.col("digest_date").str.to_date())
    return normalize_records(recs)


def _sample(topics: pl.DataFrame) -> pl.DataFrame:
    one = topics.filter(pl.col("weight") == 1).sample(20, seed=18).with_columns(pl.lit("1").alias("stratum"))
    two = topics.filter(pl.col("weight") >= 2).sample(20, seed=18).with_columns(pl.lit(">=2").alias("stratum"))
    return pl.concat([one, two])


def _interval(k: int, n: int) -> str:
    """Wilson 95 % interval of k successes in n."""
    p, z = k / n, 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"{100 * (centre - half):.0f}-{100 * (centre + half):.0f} %"


def main() -> None:
    papers = _papers()
    if "--pairs" in sys.argv:
        topics = topics_from_dictionary(papers)
        for n in (papers.height, 3000, 1000):
            ids = papers.head(n).select("paper_id")
            part = topics.join(ids, on="paper_id", how="semi")
            for min_count in (1, pair_min_count(n)):
                top = cooccurrence(part, min_count=min_count, n_papers=n, top=10)
                pairs = "; ".join(f"{a} + {b} ({k})" for a, b, k in top.select("topic_a", "topic_b", "n").rows())
                print(f"{n} papers, min_count={min_count}: {(top['n'] <= 7).sum()} of 10 on <= 7 papers | {pairs}")
        return
    topics = topics_from_dictionary(papers, min_matches=1)
    sample = _sample(topics)
    if "--draw" in sys.argv:
        d = default_topics()
        text = papers.select("paper_id", "title", "abstract")
        for r in sample.join(text, on="paper_id").iter_rows(named=True):
            hits = pl.Series([r["title"] + " \n " + (r["abstract"] or "")]).str.extract_all(topic_pattern(d[r["topic"]]))[0].to_list()
            print(f"\n### [{r['stratum']}] {r['paper_id']} {r['topic']} hits={hits}\n{r['title']}\n{' '.join((r['abstract'] or '').split())}")
        return
    labels = pl.read_csv(LABELS, schema_overrides={"paper_id": pl.String()})
    drawn = sample.select("paper_id", "topic").sort("paper_id", "topic")
    if not drawn.equals(labels.select("paper_id", "topic").sort("paper_id", "topic")):
        sys.exit("the drawn sample differs from the stored labels (data or dictionary changed): label it anew with --draw")
    share_one = topics.filter(pl.col("weight") == 1).height / topics.height
    print(f"{papers.height} papers; {topics.height} (paper, topic) rows at min_matches=1, {100 * share_one:.1f} % matched once")
    for name, right in (("labels", pl.col("correct") == 1), ("strict (borderline = wrong)", (pl.col("correct") == 1) & ~pl.col("borderline")),
                        ("lenient (borderline = right)", (pl.col("correct") == 1) | pl.col("borderline"))):
        k = labels.group_by("stratum").agg(right.sum().alias("k"), pl.len().alias("n"))
        k1, n1 = k.filter(pl.col("stratum") == "1").row(0)[1:]
        k2, n2 = k.filter(pl.col("stratum") == ">=2").row(0)[1:]
        old = share_one * k1 / n1 + (1 - share_one) * k2 / n2
        print(f"{name:30s} matched once {k1}/{n1} ({_interval(k1, n1)}), twice or more {k2}/{n2} ({_interval(k2, n2)}); "
              f"precision at min_matches=1 {100 * old:.0f} %, at min_matches=2 {100 * k2 / n2:.0f} %")


if __name__ == "__main__":
    main()
