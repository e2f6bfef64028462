"""Sense per use and the glossary on the Hugging Face DEV archive (issue 17).

Usage (from the repository root, with ../shared/data present)::

    .venv/bin/python benchmarks/bench_acronym_senses.py            # all figures
    .venv/bin/python benchmarks/bench_acronym_senses.py --top 100  # and print the top entries to judge

Figures printed:

* **sense per use**: accuracy on ``benchmarks/data/acronym_senses_hf_dev.csv`` (109 mentions of
  FPS, SR, CI, MAE, ID, TTS, SD, ASR, SAM, VQA, the gold sense read from each context by hand
  before the method existed). A prediction is right when its long form equals the gold sense
  (case, hyphens and a plural folded). Gold ``none`` (the short form is part of another name
  defined in the paper, e.g. "SR-MCTS") is right when the method finds no use there or leaves
  the sense unknown. Unknown predictions otherwise count as wrong.
* **glossary**: entries, entries flagged ambiguous, entries from the known list, unresolved
  papers, and the top entries (``--top``) with sampled contexts for judging.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import polars as pl

import paperkit as pk
from paperkit.acronyms import acronym_uses

ROOT = Path(__file__).resolve().parent


def _data_dir() -> Path:
    env = os.environ.get("PAPERKIT_SHARED")
    return Path(env) / "data" if env else ROOT.parent.parent / "shared" / "data"


def _norm(s: str | None) -> str:
    if s is None:
        return ""
    words = re.sub(r"[-\s]+", " ", s.lower()).strip().split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def score_uses(uses: pl.DataFrame, gold: pl.DataFrame) -> tuple[dict, pl.DataFrame]:
    """Join the gold mentions to the predicted uses (same paper, field and offset) and score."""
    # a use of the gold short form itself (not of a longer name it opens, such as "SR-3D")
    folded = pl.col("surface").str.replace(r"([A-Z0-9])s$", "${1}").str.to_lowercase()
    pred = uses.filter(pl.col("key").str.replace(r":.*$", "") == folded).select(
        "paper_id", "field", "start", "surface", pl.col("long_form").alias("predicted"), "evidence")
    pred = pred.filter(folded.is_in(gold["short_form"].str.to_lowercase().implode()))
    j = gold.join(pred.drop("surface"), on=["paper_id", "field", "start"], how="left")
    rows = []
    for r in j.iter_rows(named=True):
        found = r["evidence"] is not None
        if r["gold_sense"] == "none":
            ok = (not found) or r["predicted"] is None
        else:
            ok = found and _norm(r["predicted"]) == _norm(r["gold_sense"])
        rows.append(ok)
    j = j.with_columns(pl.Series("correct", rows))
    resolved = j.filter(pl.col("predicted").is_not_null())
    out = {
        "mentions": j.height,
        "correct": int(j["correct"].sum()),
        "accuracy": j["correct"].mean(),
        "resolved": resolved.height,
        "accuracy_when_resolved": resolved["correct"].mean() if resolved.height else float("nan"),
        "unknown": int(j.filter(pl.col("evidence") == "unknown").height),
    }
    return out, j


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=0, help="print the top N glossary entries with sampled contexts")
    ap.add_argument("--errors", action="store_true", help="print the wrong sense-per-use predictions")
    args = ap.parse_args(argv)
    papers = pk.read_papers(_data_dir() / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz")
    t = time.perf_counter()
    g = pk.acronym_glossary(papers)
    dt = time.perf_counter() - t
    uses = acronym_uses(papers)
    gold = pl.read_csv(ROOT / "data" / "acronym_senses_hf_dev.csv", schema_overrides={"paper_id": pl.String()})
    scores, joined = score_uses(uses, gold)
    print(f"polars {pl.__version__}; {papers.height} papers; glossary {dt:.1f} s")
    print("\n## Sense per use (hand-labelled sample)\n")
    for k, v in scores.items():
        print(f"{k}: {v:.4f}" if isinstance(v, float) else f"{k}: {v}")
    by_sf = joined.group_by("short_form").agg(pl.len().alias("n"), pl.col("correct").sum().alias("correct")).sort("short_form")
    print(by_sf)
    evid = joined.group_by("evidence").agg(pl.len().alias("n"), pl.col("correct").mean().alias("accuracy")).sort("evidence")
    print(evid)
    if args.errors:
        with pl.Config(fmt_str_lengths=200, tbl_rows=200, tbl_width_chars=250):
            print(joined.filter(~pl.col("correct")).select("paper_id", "short_form", "gold_sense", "predicted", "evidence", "context"))
    print("\n## Glossary\n")
    print(f"entries: {g.height}; ambiguous: {int(g['ambiguous'].sum())}; from the known list: "
          f"{g.filter(pl.col('source') == 'known list').height}; papers with an unresolved use: {int(g['unresolved'].sum())}")
    print(f"top-100 ambiguous: {int(g.head(100)['ambiguous'].sum())}")
    if args.top:
        with pl.Config(fmt_str_lengths=90, tbl_rows=args.top + 5, tbl_width_chars=250):
            print(g.head(args.top).select("short_form", "long_form", "n_papers_defining", "n_papers_using", "ambiguous",
                                          "unresolved", "source", pl.col("long_forms").list.join(" | ")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
