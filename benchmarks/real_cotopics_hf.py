"""Real-data check: co-topics of the Hugging Face Daily Papers DEV file with the curated dictionary.

    .venv/bin/python benchmarks/real_cotopics_hf.py

Prints the top pairs by association strength (default min_count), the clusters and the thematic map.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import polars as pl

from paperkit.cotopics import (cooccurrence, cotopic_changes, cotopic_clusters, quadrant_agreement, thematic_map, topic_counts,
                               topics_from_dictionary)
from paperkit.normalize import normalize_records

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT.parent / "shared"))
PATH = SHARED / "data" / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz"


def main() -> None:
    rows = [json.loads(line) for line in gzip.open(PATH, "rt")]
    recs = pl.DataFrame(rows, infer_schema_length=None).select("arxiv_id", "title", "abstract", pl.col("digest_date").str.to_date())
    papers = normalize_records(recs)
    topics = topics_from_dictionary(papers)
    counts = topic_counts(topics)
    print(f"{papers.height} papers, {topics['paper_id'].n_unique()} with >= 1 topic, {topics.height} (paper, topic) rows")
    pairs = cooccurrence(topics, measure="association", n_papers=papers.height)  # default min_count: 1 per 500 papers
    with pl.Config(tbl_rows=40, fmt_str_lengths=60, tbl_width_chars=220, tbl_hide_dataframe_shape=True):
        print("\nTop 20 pairs by association strength (N c_ij / s_i s_j; default min_count):")
        print(pairs.sort("score", descending=True).head(20))
        clusters = cotopic_clusters(pairs, seed=0)
        tm = thematic_map(pairs, clusters, topics=topics)
        print("\nThematic map:")
        print(tm.select("label", "quadrant", "papers", pl.col("centrality").round(1), pl.col("density").round(1),
                        pl.col("topics").list.join(", ").alias("topics")))
        summed = counts.join(clusters, on="topic").group_by("cluster").agg(pl.col("papers").sum())["papers"].max()
        print(f"\nCluster papers are distinct papers: the largest cluster has {tm['papers'].max()} of {papers.height} "
              f"(the old sum of topic counts gave {summed})")
        both = cooccurrence(topics, measure=["association", "npmi"], n_papers=papers.height)
        print("\nQuadrants under association strength and NPMI (same clusters):")
        print(quadrant_agreement(both, clusters).pivot(on="measure", index=["cluster", "label"], values="quadrant").join(
            quadrant_agreement(both, clusters).group_by("cluster").agg(pl.col("stable").first()), on="cluster"))
        print("\nPairs whose association rose / fell most (halves split at the median digest date, >= 15 papers):")
        print(cotopic_changes(topics, papers, min_count=15, top=6).select(
            "topic_a", "topic_b", "n_before", "n_after", pl.col("score_before").round(2), pl.col("score_after").round(2), "direction"))


if __name__ == "__main__":
    main()
