"""Benchmark paperkit's acronym extraction: SciAD, the BioC abbreviation corpora, and speed.

Usage (from the repository root, with ../shared/data present)::

    .venv/bin/python benchmarks/bench_acronyms.py            # everything
    .venv/bin/python benchmarks/bench_acronyms.py --no-speed # accuracy only

Speed is abstracts per second of ``paperkit.find_acronyms`` (abstracts only, no title names)
against the pure-Python Schwartz-Hearst implementation on PyPI (``abbreviations``), on the same
texts in the same process: the 30,288 arXiv DEV abstracts, then 100,000: those and 69,712 distinct
abstracts made of their sentences drawn at random (see :func:`corpus`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

import paperkit.acronyms as acr
from paperkit.acronyms import candidates, definitions, extract, fastpath, fields, matching
from paperkit.acronyms import find_acronyms
from paperkit.normalize import clean_text_expr
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
    # train is the development set (rules and SciAD conventions were read off it); dev is
    # measured only, as the held-out figure
    for part in ("train", "dev"):
        data = read_sciad(data_dir / "sciad" / f"{part}.json.gz")
        t = time.perf_counter()
        preds = predict_sciad(data)
        dt = time.perf_counter() - t
        scores = score_sciad(data, preds)
        rows = [dict(zip(("scope", "precision", "recall", "f1"), r)) for r in scores.rows()]
        note = "; task baseline F1 0.8546" if part == "dev" else ", development set"
        table(rows, f"SciAD {part} ({len(data)} sentences, {dt:.2f} s; official score = macro{note})")


def _in_order(sf: str, lf: str) -> bool:
    low, pos = lf.lower(), 0
    for c in (x for x in sf.lower() if x.isalnum()):
        pos = low.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _adjacent(sf: str, lf: str, text: str) -> bool:
    """``text`` has the pair in a parenthesis pattern: "LF (SF", "SF (LF" or "LF, SF)"."""
    esf, elf = re.escape(sf), re.escape(lf)
    return bool(
        re.search(elf + r"\s*[\(\[]\s*" + esf + r"\s*[\)\];,]", text)
        or re.search(esf + r"\s*[\(\[]\s*" + elf, text)
        or re.search(elf + r"\s*,\s*" + esf + r"\s*[\)\]]", text)
    )


def _doc_texts(passages: pl.DataFrame) -> dict[str, str]:
    """Each document's passages joined (" || " before each)."""
    texts: dict[str, str] = defaultdict(str)
    for doc, text in passages.select("document", "text").iter_rows():
        texts[doc] += " || " + (text or "")
    return texts


def miss_category(sf: str, lf: str, text: str, predicted_sfs: set) -> str:
    """Why a gold (short form, long form) pair was missed, first matching reason."""
    if lf not in text:
        return "gold long form not in the text (noise, discontinuous)"
    if not _adjacent(sf, lf, text):
        return "no parenthesis pattern for this pair"
    if sf in predicted_sfs:
        return "other long form predicted (boundary)"
    if sum(c.isalnum() for c in sf) == 1:
        return "one-letter short form"
    if not _in_order(sf, lf):
        return "letters of SF not in LF in order"
    first = next(c for c in sf if c.isalnum()).lower()
    if not any(w.lower().startswith(first) for w in re.split(r"[\s\-/]+", lf)):
        return "first letter inside a word"
    if re.search(r"\d", sf):
        return "digits"
    return "rejected by the precision rules"


def bench_abbrev(data_dir: Path) -> None:
    rows, bounds = [], []
    misses: dict[str, Counter] = {}
    for name in ["medstract", "ab3p", "bioadi", "sh"]:
        passages = read_abbrev_bioc(data_dir / "abbrev-bioc" / f"{name}_gold_dev.xml")
        r = score_abbrev(passages)
        rows.append({"corpus": name, **{k: v for k, v in r.items() if k != "errors"}})
        texts = _doc_texts(passages)
        bounds.append({"corpus": name, **ceilings(passages, texts, r)})
        errors = r["errors"]
        predicted = defaultdict(set)
        for doc, sf in errors.filter(pl.col("kind") == "false_positive").select("document", "short_form").iter_rows():
            predicted[doc].add(sf)
        misses[name] = Counter(
            miss_category(sf, lf, texts[doc], predicted[doc])
            for doc, sf, lf in errors.filter(pl.col("kind") == "false_negative").select("document", "short_form", "long_form").iter_rows()
        )
    table(rows, "BioC abbreviation gold corpora, DEV halves (exact (SF, LF) pairs per document)")
    table(bounds, "Recall ceilings and anchors on the same DEV halves (share of gold pairs; P / R of extractors)")
    cats = sorted({c for m in misses.values() for c in m}, key=lambda c: (-sum(m[c] for m in misses.values()), c))
    table(
        [{"missed pair": c, **{n: misses[n][c] for n in misses}} for c in cats]
        + [{"missed pair": "total missed", **{n: sum(misses[n].values()) for n in misses}}],
        "Missed gold pairs by cause (first matching reason)",
    )


def _in_order_no_digits(sf: str, lf: str) -> bool:
    """The letters of ``sf`` (digits left out: they may be number words or roman numerals)
    occur in order in ``lf``."""
    return _in_order("".join(c for c in sf if not c.isdigit()), lf)


def _lenient_long_form_ok(sf: str, lf: str, matched: list[int]) -> bool:
    """``long_form_ok`` without its precision rules: only the length limits."""
    n = len(matching.sf_letters(sf))
    return len(lf.split()) <= min(n + 5, 2 * n) and len(lf) > len(sf)


def ceilings(passages: pl.DataFrame, texts: dict[str, str], ours: dict) -> dict:
    """How much recall any extractor that aligns the short form's letters, in order, with a long
    form next to it in a parenthesis pattern can reach on one corpus, and where two extractors
    stand (``texts`` from :func:`_doc_texts`, ``ours`` paperkit's :func:`score_abbrev`):

    * ``in_text``: both forms occur in the document's text; ``adjacent``: they stand in a
      pattern "LF (SF", "SF (LF" or "(LF, SF)"; ``in_order``: and the short form's letters occur
      in order in the long form (every letter matcher's condition, Schwartz & Hearst's too);
      ``in_order_no_digits``: the same with digits left out (read as number words or numerals).
    * ``abbreviations``: the Schwartz-Hearst implementation on PyPI, scored by the same rules.
    * ``no_precision_rules``: paperkit with its long-form precision checks reduced to the length
      limits (an ablation: the recall those checks cost, and the precision they buy).
    """
    try:
        from abbreviations import schwartz_hearst
    except ImportError:  # the speed baseline is optional for the accuracy run
        schwartz_hearst = None
    gold = {(doc, pr["short_form"], pr["long_form"]) for doc, pairs in passages.select("document", "pairs").iter_rows() for pr in pairs}
    count = Counter()
    for doc, sf, lf in gold:
        t = texts[doc]
        if not (lf in t and sf in t):
            continue
        count["in_text"] += 1
        if not _adjacent(sf, lf, t):
            continue
        count["adjacent"] += 1
        count["in_order"] += _in_order(sf, lf)
        count["in_order_no_digits"] += _in_order_no_digits(sf, lf)
    row = {"gold": len(gold), **{k: count[k] / len(gold) for k in ("in_text", "adjacent", "in_order", "in_order_no_digits")}}
    row["paperkit_P"], row["paperkit_R"] = ours["precision"], ours["recall"]
    if schwartz_hearst is not None:
        sh = score_abbrev(passages, extract=lambda text: schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=text).items())
        row["abbreviations_P"], row["abbreviations_R"] = sh["precision"], sh["recall"]
    rules = definitions.long_form_ok  # where the matchers call it
    definitions.long_form_ok = _lenient_long_form_ok
    try:
        loose = score_abbrev(passages)
    finally:
        definitions.long_form_ok = rules
    row["no_precision_rules_P"], row["no_precision_rules_R"] = loose["precision"], loose["recall"]
    return row


def _time(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def corpus(base: list[str], n: int, *, seed: int = 0) -> list[str]:
    """``n`` abstracts: the real ones first, then (past ``len(base)``) distinct new abstracts,
    each as many sentences as a real one, drawn at random from all real abstracts' sentences.

    Repeating the real abstracts instead would let the matcher's per-context cache answer every
    repeat (the 400 characters before "(" recur verbatim), so growth would look better than on
    a real corpus of distinct abstracts; shuffled sentences give new contexts.
    """
    if n <= len(base):
        return base[:n]
    import random

    rng = random.Random(seed)
    split = [_SENTENCE_END_RE.split(x) for x in base]
    pool = [sent for sents in split for sent in sents]
    extra = [" ".join(rng.choices(pool, k=len(rng.choice(split)))) for _ in range(n - len(base))]
    return base + extra


def bench_speed(data_dir: Path, sizes: list[int]) -> None:
    from abbreviations import schwartz_hearst

    rows = [json.loads(line) for line in gzip.open(data_dir / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz", "rt")]
    # the abstracts as they are in a papers frame (paperkit.normalize cleans line breaks);
    # both extractors get exactly these strings
    base = pl.Series([r["abstract"] for r in rows if r.get("abstract")]).to_frame("a").select(
        clean_text_expr(pl.col("a"))
    )["a"].to_list()
    out = []
    for n in sizes:
        texts = corpus(base, n)
        papers = pl.DataFrame({"paper_id": [str(i) for i in range(n)], "abstract": texts})
        n_ours = find_acronyms(papers, fields="abstract", names=False).height  # also a warm-up
        t_ours = _time(lambda: find_acronyms(papers, fields="abstract", names=False), repeat=2)

        def baseline():
            k = 0
            for x in texts:
                k += len(schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=x))
            return k

        n_base = baseline()  # warm-up and count
        t_base = _time(baseline, repeat=1 if n > 50_000 else 2)
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


def bench_stages(data_dir: Path, n: int, repeat: int = 3) -> None:
    """Time each stage of find_acronyms in one process (best of ``repeat``), with the speed
    baseline in the same loop, so that stages can be compared within a run on a shared machine."""
    from abbreviations import schwartz_hearst

    rows = [json.loads(line) for line in gzip.open(data_dir / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz", "rt")]
    base = pl.Series([r["abstract"] for r in rows if r.get("abstract")]).to_frame("a").select(
        clean_text_expr(pl.col("a"))
    )["a"].to_list()
    texts = corpus(base, n)
    papers = pl.DataFrame({"paper_id": [str(i) for i in range(n)], "abstract": texts})
    best: dict[str, float] = {}
    counts: dict[str, int] = {}

    def timed(name, fn):
        t = time.perf_counter()
        out = fn()
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - t)
        if hasattr(out, "height"):
            counts[name] = out.height
        return out

    for _ in range(repeat):
        tx = timed("texts", lambda: fields.field_texts(papers, ("abstract",)).with_row_index("_row"))
        paren = timed("brackets", lambda: candidates.bracket_texts(tx.select("_row", "text")))
        cands = timed("candidates (polars)", lambda: candidates.paren_candidates(paren))
        fast = timed("fast path (polars)", lambda: fastpath.fast_definitions(cands))
        inword = timed("in-word (polars)", lambda: fastpath.fast_in_word(cands.join(fast.select("_row", "p"), on=["_row", "p"], how="anti")))
        done = pl.concat([fast.select("_row", "p"), inword.select("_row", "p")])
        rest = timed("letters in order (polars)", lambda: candidates.letters_in_order(cands.join(done, on=["_row", "p"], how="anti"), paren))
        items = rest.select("_row", "p", "q", "_after").rows()
        lst = paren["text"].to_list()
        slow = timed("matcher (Python)", lambda: [definitions.decide(lst[r], p, q, fast=False, after=a) for r, p, q, a in items])
        counts["matcher (Python)"] = sum(d is not None for d in slow)
        timed("find_acronyms (end to end)", lambda: acr.find_acronyms(papers, fields="abstract", names=False))
        # the floor left if the Python matcher cost nothing (every candidate it gets is refused)
        decide = extract.decide  # where find_acronyms calls it
        extract.decide = lambda *a, **k: None
        try:
            timed("find_acronyms, Python matcher refusing all", lambda: acr.find_acronyms(papers, fields="abstract", names=False))
        finally:
            extract.decide = decide
        timed("abbreviations (baseline)", lambda: [schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=x) for x in texts])
    total = best["find_acronyms (end to end)"]
    table(
        [{"stage": k, "seconds": round(v, 4), "share_of_find_acronyms": round(v / total, 3), "rows_out": counts.get(k, "")}
         for k, v in best.items()],
        f"Stages of find_acronyms on {n} arXiv abstracts (best of {repeat}; rows_out of the matcher = definitions)",
    )
    base = best["abbreviations (baseline)"]
    print(f"\nratio abbreviations / find_acronyms: {base / total:.2f}; without the Python matcher: "
          f"{base / best['find_acronyms, Python matcher refusing all']:.2f}; 20x means {base / 20:.3f} s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-speed", action="store_true", help="skip the speed comparison")
    ap.add_argument("--sizes", type=int, nargs="+", default=[30_288, 100_000], help="corpus sizes for speed")
    ap.add_argument("--stages", action="store_true", help="only the per-stage timing on the 30,288 abstracts")
    args = ap.parse_args(argv)
    data_dir = shared_data_dir()
    if not data_dir.exists():
        print(f"needs the shared data at {data_dir}", file=sys.stderr)
        return 2
    print(f"polars {pl.__version__}; data {data_dir}")
    if args.stages:
        bench_stages(data_dir, 30_288)
        return 0
    bench_sciad(data_dir)
    bench_abbrev(data_dir)
    if not args.no_speed:
        bench_speed(data_dir, args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
