"""Keyphrase quality on public benchmarks (Inspec, SemEval-2010, SemEval-2017), pke protocol.

Protocol (as in the pke toolkit's benchmarks): predicted and gold phrases are lower-cased,
split on white space and Porter-stemmed word by word; a prediction is correct when it equals a
gold phrase exactly; duplicates (after stemming) in the prediction list are dropped before
cutting at ``k``; precision, recall and F1 are computed per document and averaged over
documents (a document with no correct prediction scores 0). Gold phrases absent from the text
count in the recall denominator.

This module reads files (like :mod:`paperkit.io`): the benchmark JSONL the user points at.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import polars as pl

from paperkit.keywords import keyphrases
from paperkit.text import porter_stem_phrase

__all__ = ["evaluate_keyphrases", "read_keyphrase_benchmark", "register_cli", "score_predictions"]


def read_keyphrase_benchmark(path: str | Path) -> pl.DataFrame:
    """Read a keyphrase benchmark JSONL (optionally gzipped) into a papers-like frame.

    Each line needs ``id`` and either ``title`` + ``abstract`` (Inspec) or ``text`` (SemEval),
    and the gold in ``keyphrases_uncontrolled`` or ``keyphrases``.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``title``, ``abstract`` (String), ``gold`` (List[String]).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no keyphrase benchmark at {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            gold = rec.get("keyphrases_uncontrolled", rec.get("keyphrases"))
            if "id" not in rec or gold is None or not ("abstract" in rec or "text" in rec):
                raise ValueError(
                    f"{path}:{i}: expected keys id, title/abstract (or text) and keyphrases_uncontrolled "
                    f"(or keyphrases); got {sorted(rec)}"
                )
            rows.append({"paper_id": str(rec["id"]), "title": rec.get("title") or "",
                         "abstract": rec.get("abstract", rec.get("text")) or "", "gold": list(gold)})
    return pl.DataFrame(rows, schema={"paper_id": pl.String(), "title": pl.String(), "abstract": pl.String(),
                                      "gold": pl.List(pl.String())})


def score_predictions(predictions: pl.DataFrame, gold: pl.DataFrame, *, ks: tuple[int, ...] = (5, 10)) -> pl.DataFrame:
    """Per-document precision, recall and F1 at each ``k`` (pke protocol, see the module notes).

    Parameters
    ----------
    predictions
        ``[paper_id, rank, phrase]`` (e.g. :func:`paperkit.keywords.keyphrases`).
    gold
        ``[paper_id, gold]`` with ``gold`` a list of phrases.
    ks
        Cut-offs.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``k``, ``precision``, ``recall``, ``f1``, ``correct``, ``n_gold``.

    Examples
    --------
    >>> pred = pl.DataFrame({"paper_id": ["1", "1"], "rank": [1, 2], "phrase": ["neural networks", "fuzzy sets"]})
    >>> gold = pl.DataFrame({"paper_id": ["1"], "gold": [["Neural network", "control"]]})
    >>> score_predictions(pred, gold, ks=(2,)).select("k", "precision", "recall", "f1").rows()
    [(2, 0.5, 0.5, 0.5)]
    """
    stem_gold = {pid: {porter_stem_phrase(g) for g in gs} for pid, gs in gold.select("paper_id", "gold").iter_rows()}
    preds: dict[str, list[str]] = {pid: [] for pid in stem_gold}
    for pid, phrase in predictions.sort("paper_id", "rank").select("paper_id", "phrase").iter_rows():
        stem = porter_stem_phrase(phrase)
        seen = preds.setdefault(pid, [])
        if stem not in seen:
            seen.append(stem)
    rows = []
    for pid, g in stem_gold.items():
        for k in ks:
            top = preds.get(pid, [])[:k]
            correct = sum(1 for p in top if p in g)
            p = correct / len(top) if top else 0.0
            r = correct / len(g) if g else 0.0
            f = 2 * p * r / (p + r) if correct else 0.0
            rows.append((pid, k, p, r, f, correct, len(g)))
    return pl.DataFrame(rows, schema={"paper_id": pl.String(), "k": pl.Int64(), "precision": pl.Float64(),
                                      "recall": pl.Float64(), "f1": pl.Float64(), "correct": pl.Int64(),
                                      "n_gold": pl.Int64()}, orient="row")


def evaluate_keyphrases(
    path: str | Path,
    *,
    ks: tuple[int, ...] = (5, 10),
    ids: list[str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Run :func:`paperkit.keywords.keyphrases` on a benchmark file and score it.

    The benchmark's documents are the corpus (document frequencies come from them); acronym
    folding is off so that predictions keep the text's wording.

    Parameters
    ----------
    path
        JSONL(.gz) as read by :func:`read_keyphrase_benchmark`.
    ks
        Cut-offs for P/R/F1.
    ids
        Score only these document ids (the corpus is still the whole file), e.g. a held-out half.

    Returns
    -------
    (summary, predictions)
        ``summary``: ``k``, ``documents``, ``precision``, ``recall``, ``f1`` (means over
        documents); ``predictions``: ``paper_id``, ``rank``, ``phrase``, ``score``.
    """
    bench = read_keyphrase_benchmark(path)
    pred = keyphrases(bench.select("paper_id", "title", "abstract"), top=max(ks) * 2, acronyms=False)
    per_doc = score_predictions(pred, bench.select("paper_id", "gold"), ks=ks)
    if ids is not None:
        per_doc = per_doc.filter(pl.col("paper_id").is_in([str(i) for i in ids]))
    summary = per_doc.group_by("k").agg(
        pl.len().alias("documents"), pl.col("precision").mean(), pl.col("recall").mean(), pl.col("f1").mean()
    ).sort("k")
    return summary, pred.filter(pl.col("rank") <= max(ks))


def _cmd_eval_keyphrases(args: argparse.Namespace) -> int:
    ks = tuple(sorted({5, args.k})) if args.k != 5 else (5,)
    try:
        summary, pred = evaluate_keyphrases(args.path, ks=ks)
    except (FileNotFoundError, ValueError) as exc:
        print(f"paperkit eval keyphrases: {exc}")
        return 1
    print(f"keyphrases on {args.path} (pke protocol: lower-cased, Porter-stemmed exact match, "
          "P/R/F1 averaged per document)")
    for k, n, p, r, f in summary.rows():
        print(f"  @{k:<3d} documents={n}  P={p:.3f}  R={r:.3f}  F1={f:.3f}")
    if args.predictions:
        pred.filter(pl.col("rank") <= args.k).write_ndjson(args.predictions)
        print(f"wrote predictions to {args.predictions}")
    return 0


def register_cli(eval_subparsers) -> None:
    """Add ``keyphrases PATH [--k 10] [--predictions OUT.jsonl]`` to ``paperkit eval``."""
    p = eval_subparsers.add_parser(
        "keyphrases",
        help="score paperkit's keyphrases on a JSONL benchmark (F1@5 and F1@k, pke protocol)",
        description="Extract keyphrases for every document of a JSONL file with id, title, abstract and "
        "keyphrases_uncontrolled (or text and keyphrases) and print P/R/F1@5 and @k.",
    )
    p.add_argument("path", type=Path, help="benchmark JSONL or JSONL.gz")
    p.add_argument("--k", type=int, default=10, help="cut-off besides 5 (default 10)")
    p.add_argument("--predictions", type=Path, help="write the top-k predictions as JSONL")
    p.set_defaults(func=_cmd_eval_keyphrases)
