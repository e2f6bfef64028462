"""Keyword benchmarks: quality (Inspec, SemEval), speed vs YAKE, memory, and trends on real data.

Run:  .venv/bin/python benchmarks/bench_keywords.py [quality|hfkw|speed|trends|tune|all]
Reads ../shared/data (or $PAPERKIT_SHARED/data). Prints tables of numbers; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT / ".." / "shared")) / "data"


def arxiv_papers(n: int | None = None) -> pl.DataFrame:
    df = pl.read_ndjson(SHARED / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz")
    df = df.select(pl.col("id").alias("paper_id"), "title", "abstract",
                   pl.col("first_seen_date").str.to_date().alias("digest_date"))
    if n is not None and n > df.height:  # repeat the texts with changed ids
        reps = [df.with_columns((pl.col("paper_id") + f"#{i}").alias("paper_id")) for i in range(n // df.height + 1)]
        df = pl.concat(reps)
    return df if n is None else df.head(n)


def hf_papers() -> pl.DataFrame:
    from paperkit.normalize import normalize_records

    rows = [json.loads(line) for line in gzip.open(SHARED / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz", "rt")]
    recs = pl.DataFrame(rows, infer_schema_length=None).select(
        "arxiv_id", "title", "abstract", "authors", "upvotes",
        pl.col("digest_date").str.to_date(), pl.col("num_comments").alias("comments"),
        pl.col("published_at").str.to_datetime(time_zone="UTC").alias("published"),
        pl.lit("hf-archive").alias("source"))
    return normalize_records(recs)


def quality() -> None:
    from paperkit.evaluation.keyphrases import evaluate_keyphrases

    print("Quality, pke protocol: lower-cased, Porter-stemmed exact match; P/R/F1 averaged per document")
    print(f"{'dataset':<28}{'docs':>6}{'F1@5':>8}{'F1@10':>8}{'sec':>7}")
    inspec = SHARED / "inspec" / "inspec_dev.jsonl.gz"
    odd = [json.loads(line)["id"] for line in gzip.open(inspec, "rt")]
    odd = [i for i in odd if int(i) % 2 == 1]
    for name, path, ids in [
        ("Inspec DEV (all 1500)", inspec, None),
        ("Inspec DEV odd ids (held out)", inspec, odd),
        ("SemEval-2010 DEV (full text)", SHARED / "semeval2010" / "semeval2010_dev.jsonl.gz", None),
        ("SemEval-2017 DEV", SHARED / "semeval2017" / "semeval2017_dev.jsonl.gz", None),
    ]:
        t = time.perf_counter()
        summary, _ = evaluate_keyphrases(path, ks=(5, 10), ids=ids)
        f = dict(summary.select("k", "f1").rows())
        print(f"{name:<30}{summary['documents'][0]:>6}{f[5]:>8.3f}{f[10]:>8.3f}{time.perf_counter() - t:>7.1f}")


HF_DEV = SHARED / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz"
_PUNCT = re.compile(r"[^\w\s]|_")


def hf_norm(phrase: str) -> str:
    """The hfkw normalisation: lower case, punctuation to space, whitespace collapsed, each word
    singular (the plural rules of :func:`paperkit.text.fold_key`, written out here)."""
    words = _PUNCT.sub(" ", phrase.lower()).split()
    out = []
    for w in words:
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes", "zzes")):
            w = w[:-2]
        elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ics")):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


def hf_bench() -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(papers, gold)``: the HF DEV papers as :func:`paperkit.read_papers` loads them (the IDF
    corpus), and ``paper_id, gold`` (normalised ``ai_keywords``, read here only, as gold) for
    the papers that have keywords, with ``parity`` (arXiv id digits mod 2: 0 = fit, 1 = held out)."""
    import warnings

    from paperkit import read_papers

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        papers = read_papers(HF_DEV)
    papers = papers.select("paper_id", "arxiv_id", "title", "abstract")  # never the keywords column
    raw = pl.read_ndjson(HF_DEV, infer_schema_length=None).select("arxiv_id", "ai_keywords")
    gold = (raw.explode("ai_keywords").drop_nulls()
            .with_columns(pl.col("ai_keywords").map_elements(hf_norm, return_dtype=pl.String).alias("gold"))
            .filter(pl.col("gold") != "").unique(["arxiv_id", "gold"])
            .join(papers.select("arxiv_id", "paper_id"), on="arxiv_id")
            .group_by("paper_id").agg(pl.col("gold").unique()))
    gold = gold.with_columns((pl.col("paper_id").str.replace_all(r"\D", "").str.slice(-1).cast(pl.Int64) % 2)
                             .alias("parity")).sort("paper_id")
    return papers.drop("arxiv_id"), gold


def hf_f1(pred: pl.DataFrame, gold: pl.DataFrame, k: int = 10) -> dict:
    """Exact-match F1@k (macro over the papers of ``gold``) of ``pred`` [paper_id, rank, phrase]:
    predictions normalised (:func:`hf_norm`), deduplicated, cut at k. Returns F1 for even, odd, all."""
    p = (pred.with_columns(pl.col("phrase").map_elements(hf_norm, return_dtype=pl.String).alias("norm"))
         .sort("paper_id", "rank").unique(["paper_id", "norm"], keep="first", maintain_order=True)
         .group_by("paper_id", maintain_order=True).head(k)
         .group_by("paper_id").agg(pl.col("norm")))
    d = gold.join(p, on="paper_id", how="left").with_columns(pl.col("norm").fill_null([]))
    d = d.with_columns(pl.col("norm").list.set_intersection("gold").list.len().alias("c"),
                       pl.col("norm").list.len().alias("np"), pl.col("gold").list.len().alias("ng"))
    d = d.with_columns(pl.when(pl.col("c") > 0).then(2 * pl.col("c") / (pl.col("np") + pl.col("ng")))
                       .otherwise(0.0).alias("f1"))
    return {"even": d.filter(pl.col("parity") == 0)["f1"].mean(), "odd": d.filter(pl.col("parity") == 1)["f1"].mean(),
            "all": d["f1"].mean(), "n": d.height}


def hfkw(yake_sample: int = 500) -> None:
    """hfkw: exact-match F1@10 against the HF DEV ``ai_keywords`` (see README-keywords.md)."""
    import numpy as np

    from paperkit.keywords import keyphrases
    from paperkit.keywords.batching import extract_terms

    papers, gold = hf_bench()
    print(f"hfkw: exact-match F1@10 vs ai_keywords, {gold.height} papers with keywords "
          f"({(gold['parity'] == 0).sum()} even = fit, {(gold['parity'] == 1).sum()} odd = held out); "
          f"IDF corpus = all {papers.height} DEV papers; acronym folding off")
    t = time.perf_counter()
    pk = keyphrases(papers, top=20, acronyms=False)
    sec = time.perf_counter() - t
    # TF-IDF baseline: paperkit's own candidates ranked by tf * idf.
    doc_terms, terms = extract_terms(papers, features=True)
    df = terms["df"].to_numpy()[doc_terms["tid"].to_numpy()]
    score = doc_terms["tf"].to_numpy() * np.log((papers.height + 1) / (df + 0.5))
    tt = doc_terms.select("doc", "tid").with_columns(pl.Series("score", score)).sort(
        ["doc", "score"], descending=[False, True]).group_by("doc", maintain_order=True).head(20)
    tt = tt.with_columns(pl.int_range(1, pl.len() + 1).over("doc").alias("rank"),
                         papers["paper_id"].gather(tt["doc"]).alias("paper_id"),
                         terms["display"].gather(tt["tid"]).alias("phrase"))
    rows = [("paperkit keyphrases", hf_f1(pk, gold)), ("TF-IDF (paperkit candidates)", hf_f1(tt, gold))]
    # YAKE on a fixed sample of papers with keywords (and paperkit on the same sample).
    import yake

    sample = gold.sample(min(yake_sample, gold.height), seed=7)
    texts = sample.join(papers, on="paper_id", how="left")
    ex = yake.KeywordExtractor(lan="en", n=3, top=10)
    yrows = []
    for pid, title, abstract in texts.select("paper_id", "title", "abstract").rows():
        for r, (kw, _) in enumerate(ex.extract_keywords(f"{title}. {abstract or ''}"), start=1):
            yrows.append((pid, r, kw))
    ypred = pl.DataFrame(yrows, schema={"paper_id": pl.String, "rank": pl.Int64, "phrase": pl.String}, orient="row")
    rows += [(f"YAKE n=3 top 10 ({sample.height} sample)", hf_f1(ypred, sample)),
             (f"paperkit, same {sample.height} sample", hf_f1(pk, sample)),
             (f"TF-IDF, same {sample.height} sample", hf_f1(tt, sample))]
    print(f"{'system':<36}{'papers':>7}{'even':>8}{'odd':>8}{'all':>8}")
    for name, f in rows:
        print(f"{name:<36}{f['n']:>7}{f['even']:>8.4f}{f['odd']:>8.4f}{f['all']:>8.4f}")
    print(f"(keyphrases on {papers.height} papers: {sec:.1f} s)")


FEATURES = ("ltf", "idf", "n1", "n2", "n3", "mx", "nomx", "tit", "lfp", "df1", "n1idf", "n1tf", "nlspos",
            "lspos", "lmpos", "lprl", "lprm", "bg_min", "bg_mean", "bg_first", "bg_last", "lastgen",
            "first_inged", "last_inged", "digit", "lwm", "lwf", "lwl", "wtit", "of", "zf_first", "zf_last", "zf_min",
            "tshare")


def _inspec_training_data() -> pl.DataFrame:
    """Per (document, term) features of Inspec DEV with ``stem``, ``hit`` (Porter-stemmed gold match), ``pid``."""
    from paperkit.evaluation.keyphrases import read_keyphrase_benchmark
    from paperkit.keywords.batching import extract_terms
    from paperkit.keywords.features import with_df_features
    from paperkit.text import porter_stem_phrase

    bench = read_keyphrase_benchmark(SHARED / "inspec" / "inspec_dev.jsonl.gz")
    papers = bench.select("paper_id", "title", "abstract")
    doc_terms, terms = extract_terms(papers, features=True)
    feats = with_df_features(doc_terms, terms, papers.height)
    stems = terms.select("tid", pl.col("display").map_elements(porter_stem_phrase, return_dtype=pl.String).alias("stem"))
    ids = papers.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), "paper_id")
    gold = bench.select("paper_id", pl.col("gold").list.eval(
        pl.element().map_elements(porter_stem_phrase, return_dtype=pl.String))).explode("gold").drop_nulls().unique()
    return (feats.join(stems, on="tid").join(ids, on="doc")
            .join(gold.rename({"gold": "stem"}).with_columns(pl.lit(True).alias("hit")), on=["paper_id", "stem"], how="left")
            .with_columns(pl.col("hit").fill_null(False), pl.col("paper_id").cast(pl.Int64).alias("pid")).sort("pid"))


def tune() -> None:
    """Fit the score weights on the even Inspec DEV ids (listwise softmax loss); print them and F1."""
    import numpy as np
    from scipy.optimize import minimize

    from paperkit.evaluation.keyphrases import read_keyphrase_benchmark
    from paperkit.text import porter_stem_phrase

    bench = read_keyphrase_benchmark(SHARED / "inspec" / "inspec_dev.jsonl.gz")
    papers = bench.select("paper_id", "title", "abstract")
    data = _inspec_training_data()
    train = data.filter(pl.col("pid") % 2 == 0)
    x = train.select(FEATURES).to_numpy().astype(float)
    y = train["hit"].to_numpy().astype(float)
    grp = train["pid"].rank("dense").cast(pl.Int64).to_numpy() - 1
    g = grp.max() + 1
    mu, sd = x.mean(0), x.std(0) + 1e-9
    xs = (x - mu) / sd
    n_hits = np.bincount(grp, weights=y, minlength=g)

    def loss(w, l2):
        z = xs @ w
        zmax = np.full(g, -np.inf)
        np.maximum.at(zmax, grp, z)
        e = np.exp(z - zmax[grp])
        p = e / np.bincount(grp, weights=e, minlength=g)[grp]
        return (-(y * np.log(p + 1e-300)).sum() / g + l2 * (w @ w),
                xs.T @ (p * n_hits[grp] - y) / g + 2 * l2 * w)

    n_gold = bench.select("paper_id", pl.col("gold").list.eval(pl.element().map_elements(
        porter_stem_phrase, return_dtype=pl.String)).list.unique().list.len().alias("ng"))

    def f1_at_10(weights: dict, parity: int | None) -> float:
        d = data if parity is None else data.filter(pl.col("pid") % 2 == parity)
        d = d.with_columns(pl.sum_horizontal([v * pl.col(k) for k, v in weights.items()]).alias("s"))
        d = d.sort("s", descending=True).unique(["paper_id", "stem"], keep="first").sort(["pid", "s"], descending=[False, True])
        top = d.group_by("paper_id").head(10).group_by("paper_id").agg(pl.col("hit").sum().alias("c"), pl.len().alias("np"))
        top = top.join(n_gold, on="paper_id")
        n_docs = papers.height if parity is None else papers.filter(pl.col("paper_id").cast(pl.Int64) % 2 == parity).height
        return float((2 * top["c"] / (top["np"] + top["ng"])).sum()) / n_docs

    for l2 in (3e-4, 1e-3, 3e-3):
        w = minimize(lambda v: loss(v, l2), np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x / sd
        weights = {f: round(float(v), 4) for f, v in zip(FEATURES, w)}
        print(f"l2={l2}: F1@10 even (train) {f1_at_10(weights, 0):.4f}  odd (held out) {f1_at_10(weights, 1):.4f}"
              f"  all {f1_at_10(weights, None):.4f}")
        print("WEIGHTS =", weights)


def _listwise_fit(x, y, grp, l2: float, sample_weight=None):
    """Weights (in the units of ``x``) of a log-linear model fitted with the listwise softmax loss
    over the groups ``grp`` (0 .. g-1), L2-penalised; ``sample_weight`` weighs each group."""
    import numpy as np
    from scipy.optimize import minimize

    g = grp.max() + 1
    gw = np.ones(g) if sample_weight is None else sample_weight
    mu, sd = x.mean(0), x.std(0) + 1e-9
    xs = (x - mu) / sd
    n_hits = np.bincount(grp, weights=y, minlength=g)

    def loss(w):
        z = xs @ w
        zmax = np.full(g, -np.inf)
        np.maximum.at(zmax, grp, z)
        e = np.exp(z - zmax[grp])
        p = e / np.bincount(grp, weights=e, minlength=g)[grp]
        yw = y * gw[grp]
        return (-(yw * np.log(p + 1e-300)).sum() / gw.sum() + l2 * (w @ w),
                xs.T @ (p * (n_hits * gw)[grp] - yw) / gw.sum() + 2 * l2 * w)

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x / sd


def hf_training_data() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per (paper, term) features of the HF DEV papers with keywords, ``norm`` (:func:`hf_norm` of
    the display form), ``hit`` (in the paper's gold), ``parity``; and the gold frame."""
    from paperkit.keywords.batching import extract_terms
    from paperkit.keywords.features import with_df_features

    papers, gold = hf_bench()
    doc_terms, terms = extract_terms(papers, features=True)
    feats = with_df_features(doc_terms, terms, papers.height)
    norms = terms.select("tid", pl.col("display").map_elements(hf_norm, return_dtype=pl.String).alias("norm"))
    ids = papers.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), "paper_id")
    g = gold.explode("gold").select("paper_id", pl.col("gold").alias("norm"), pl.lit(True).alias("hit"))
    data = (feats.join(norms, on="tid").join(ids, on="doc").join(gold.select("paper_id", "parity"), on="paper_id")
            .join(g, on=["paper_id", "norm"], how="left").with_columns(pl.col("hit").fill_null(False))
            .sort("paper_id"))
    return data, gold


def hf_f1_from_features(data: pl.DataFrame, gold: pl.DataFrame, weights: dict) -> dict:
    """hfkw F1@10 of the ranking ``weights`` over the feature rows (as :func:`hf_f1`)."""
    d = data.with_columns(pl.sum_horizontal([v * pl.col(k) for k, v in weights.items()]).alias("s"))
    d = d.sort(["paper_id", "s"], descending=[False, True]).with_columns(
        pl.int_range(1, pl.len() + 1).over("paper_id").alias("rank"))
    return hf_f1(d.select("paper_id", "rank", pl.col("norm").alias("phrase")), gold)


def tune_hf(l2s=(1e-3, 3e-3, 1e-2), inspec_share: float = 0.0) -> None:
    """Fit the score weights on the even HF DEV ids (and, with ``inspec_share`` > 0, on the even
    Inspec ids too, that share of the loss); print F1 on both halves of both benchmarks."""
    import numpy as np

    data, gold = hf_training_data()
    train = data.filter(pl.col("parity") == 0)
    x = train.select(FEATURES).to_numpy().astype(float)
    y = train["hit"].to_numpy().astype(float)
    grp = train["paper_id"].rank("dense").cast(pl.Int64).to_numpy() - 1
    gw = np.ones(grp.max() + 1)
    if inspec_share > 0:
        idata = _inspec_training_data().filter(pl.col("pid") % 2 == 0)
        xi = idata.select(FEATURES).to_numpy().astype(float)
        gi = idata["pid"].rank("dense").cast(pl.Int64).to_numpy() - 1
        x, y = np.vstack([x, xi]), np.r_[y, idata["hit"].to_numpy().astype(float)]
        grp = np.r_[grp, gi + grp.max() + 1]
        n_hf, n_in = len(gw), gi.max() + 1
        gw = np.r_[gw * (1 - inspec_share) / n_hf, np.ones(n_in) * inspec_share / n_in] * (n_hf + n_in)
    for l2 in l2s:
        w = _listwise_fit(x, y, grp, l2, gw)
        weights = {f: round(float(v), 4) for f, v in zip(FEATURES, w)}
        f = hf_f1_from_features(data, gold, weights)
        print(f"l2={l2} inspec_share={inspec_share}: hfkw F1@10 even (fit) {f['even']:.4f}  odd (held out) "
              f"{f['odd']:.4f}  all {f['all']:.4f}")
        print("WEIGHTS =", weights)


def _one_size(n: int) -> None:
    """Child process: time keyphrases on n papers, print papers/s and peak RSS."""
    from paperkit.keywords import keyphrases

    base = arxiv_papers()
    if n > base.height:  # distinct abstracts recombined from real sentences (repeats would flatter)
        from bench_trends import speed_corpus

        papers = speed_corpus(base, n)
    else:
        papers = base.head(n)
    from paperkit.keywords import candidates

    t = time.perf_counter()
    out = keyphrases(papers, top=10, acronyms=False)
    sec = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    # The same call in the warm process: with no word described yet (the first call of a
    # notebook on a corpus, once paperkit and polars are warm), then again (the vocabulary is
    # shared between calls: a repeated call, or another corpus of the same field).
    candidates._SHARED.clear()
    t = time.perf_counter()
    keyphrases(papers, top=10, acronyms=False)
    fresh = time.perf_counter() - t
    t = time.perf_counter()
    keyphrases(papers, top=10, acronyms=False)
    again = time.perf_counter() - t
    print(json.dumps({"n": papers.height, "sec": sec, "fresh": fresh, "again": again, "rows": out.height,
                      "rss_gb": rss}))


def speed(sizes=(10_000, 30_288, 100_000), yake_sample: int = 300, repeat: int = 3) -> None:
    """Papers/s of keyphrases against YAKE on the same texts, interleaved: for each size, ``repeat``
    rounds of one YAKE pass over its sample and one keyphrases run in a fresh process (timed cold),
    so a slow spell of the shared machine hits both; prints each round's ratio and their median."""
    import statistics

    import yake

    sample = arxiv_papers().head(yake_sample)
    texts = (sample["title"] + ". " + sample["abstract"].fill_null("")).to_list()
    ex = yake.KeywordExtractor(lan="en", n=3, top=10)
    for text in texts[:20]:  # warm-up
        ex.extract_keywords(text)

    def yake_rate() -> float:
        t = time.perf_counter()
        for text in texts:
            ex.extract_keywords(text)
        return len(texts) / (time.perf_counter() - t)

    print(f"YAKE: n=3, top 10, {len(texts)} arXiv abstracts a pass; load average before: "
          f"{os.getloadavg()[0]:.1f} (2 cores, shared)")
    print("cold = the first call in a fresh process (imports not counted); warm = the same call again in that "
          "process with an empty vocabulary; again = once more (the words already described)")
    print(f"{'papers':>8}{'median s':>10}{'papers/s':>10}{'YAKE/s':>8}{'x YAKE per round':>26}{'median x':>10}"
          f"{'ms/1k papers':>14}{'peak RSS GB':>13}{'warm s':>8}{'x':>5}{'again s':>9}{'x':>5}")
    base = None
    for n in sizes:
        runs, yakes = [], []
        for _ in range(repeat):
            yakes.append(yake_rate())
            res = subprocess.run([sys.executable, __file__, "_one", str(n)], capture_output=True, text=True, check=True)
            runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
        ratios = [n / r["sec"] / y for r, y in zip(runs, yakes)]
        sec = statistics.median(r["sec"] for r in runs)
        per_k = 1000 * sec / n * 1000
        base = base or per_k
        print(f"{n:>8}{sec:>10.1f}{n / sec:>10.0f}{statistics.median(yakes):>8.1f}"
              f"{' '.join(f'{x:.0f}' for x in ratios):>26}{statistics.median(ratios):>10.0f}"
              f"{per_k:>9.0f} ({per_k / base:.2f}x){max(r['rss_gb'] for r in runs):>8.2f}"
              + "".join(f"{statistics.median(r[k] for r in runs):>8.2f}"
                        f"{statistics.median(n / r[k] / y for r, y in zip(runs, yakes)):>5.0f}" for k in ("fresh", "again")))


def trends() -> None:
    from paperkit.keywords import paper_terms
    from paperkit.trends import bursts, rising_terms, term_shares

    papers = hf_papers()
    t = time.perf_counter()
    pt = paper_terms(papers)
    print(f"HF sample: {papers.height} papers, {papers['digest_date'].min()}..{papers['digest_date'].max()}; "
          f"paper_terms {time.perf_counter() - t:.1f}s")
    r = rising_terms(pt, papers, recent=(dt.date(2025, 7, 1), dt.date(2026, 1, 1)),
                     before=(dt.date(2024, 7, 1), dt.date(2025, 7, 1)), min_papers=15)
    with pl.Config(tbl_rows=40, tbl_width_chars=140, fmt_str_lengths=40):
        print("Rising, 2025 H2 vs 2024-07..2025-06 (log-odds z, informative Dirichlet prior):")
        print(r.head(20).select("term", "papers_recent", "papers_before", "share_recent", "share_before", pl.col("z").round(2)))
        print("Falling:")
        print(r.tail(15).reverse().select("term", "papers_recent", "papers_before", "share_recent", "share_before", pl.col("z").round(2)))
        top = pt.group_by("term").agg(pl.col("paper_id").n_unique().alias("n")).filter(pl.col("n") >= 20)
        shares = term_shares(pt, papers, terms=top["term"].to_list(), every="1mo", min_period_papers=50)
        full = shares.filter(~pl.col("partial"))
        b = bursts(full, s=2.0, gamma=1.0)
        print("Bursts (Kleinberg, monthly, complete months only, s=2, gamma=1):")
        print(b.head(25))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what == "_one":
        _one_size(int(sys.argv[2]))
    else:
        if what == "tune":
            tune()
        if what == "tune-hf":
            tune_hf(inspec_share=float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)
        if what in ("hfkw", "all"):
            hfkw()
        if what in ("quality", "all"):
            quality()
        if what in ("speed", "all"):
            sizes = tuple(int(x) for x in sys.argv[2:]) if what == "speed" and len(sys.argv) > 2 else None
            speed(sizes) if sizes else speed()
        if what in ("trends", "all"):
            trends()
