"""Trend benchmarks: term lookup against an independent regex count, rising/falling terms, bursts, speed.

Usage (from the repository root, with ../shared/data present)::

    .venv/bin/python benchmarks/bench_trends.py all        # lookup, rising, bursts (12 min on 2026-12-04: see README-trends.md)
    .venv/bin/python benchmarks/bench_trends.py lookup [--corpus hf|arxiv|both] [--direct hf|arxiv|both|none] [--months] [--examples 3]
    .venv/bin/python benchmarks/bench_trends.py rising
    .venv/bin/python benchmarks/bench_trends.py bursts
    .venv/bin/python benchmarks/bench_trends.py speed [--sizes 30288 100000] [--rounds 3]

Corpora: the DEV Hugging Face archive (``hf_daily_papers_dev.jsonl.gz``, 6,141 papers) and the DEV
arXiv listing (``arxiv_daily_cs_dev.jsonl.gz``, 30,288 papers), both read with
``paperkit.read_papers``. Only the public API is used (``paperkit.*`` and
``paperkit.lexicon.is_general_english``), so the script measures whatever the package does at the
moment it runs; extra columns in the returned frames are printed, not relied on.

``lookup`` counts, per concept, the papers whose title + abstract mention it in any spelling, with
regexes written here by hand (independent of paperkit's tokenizer, folding and glossary), and
compares that with ``keyword_trends(papers, terms=[X])`` for X = the long form and the acronym,
without and with a precomputed ``terms_frame=paper_terms(papers)``. Goal: every figure within 5 %
of the regex count, and both spellings giving the same number.

Prints tables of numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import os
import random
import re
import resource
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import polars as pl

import paperkit as pk

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PAPERKIT_SHARED", ROOT / ".." / "shared")) / "data"
CORPORA = {
    "hf": SHARED / "hf-daily-papers" / "hf_daily_papers_dev.jsonl.gz",
    "arxiv": SHARED / "arxiv-daily-cs" / "arxiv_daily_cs_dev.jsonl.gz",
}
LABELS = {"hf": "HF archive DEV", "arxiv": "arXiv listing DEV"}
RECENT = (dt.date(2025, 7, 1), dt.date(2026, 1, 1))
BEFORE = (dt.date(2025, 1, 1), dt.date(2025, 7, 1))

# ---------------------------------------------------------------------------------------------
# Independent regexes (hand-written; nothing from paperkit).
#
# Long forms: case-insensitive; words separated by a space or a hyphen ("chain of thought",
# "chain-of-thought", "Mixture-of-Experts"); singular or plural; British "-isation".
# Acronyms: case-sensitive; optional plural "s"; no word character after ("RLHF", "LLM4Rec"; "CoTs"
# is the plural and allowed).
# Both: may be glued to a modifier after a hyphen ("LLM-based", "GRPO-style", "reinforcement
# learning-based"); must not be preceded by a word character ("MLLM", "QLoRA") nor by a
# hyphen-joined word prefix, which makes a named variant ("Flow-GRPO", "Graph-RAG", "meta-RL",
# "meta-reinforcement learning", "autoregressive-diffusion model").
# URLs are blanked first ("github.com/IntelLabs/RAG-FiT" is not a mention).
# ---------------------------------------------------------------------------------------------
_SEP = r"[\s-]+"


def _long(*words: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?<!\w-)" + _SEP.join(words) + r"(?!\w)", re.IGNORECASE)


def _acronym(acr: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?<!\w-)" + re.escape(acr) + r"s?(?!\w)")


# concept -> (long form as asked of paperkit, acronym as asked of paperkit, long-form regex, acronym regex)
CONCEPTS: dict[str, tuple[str, str, re.Pattern, re.Pattern]] = {
    "RL": ("reinforcement learning", "RL", _long("reinforcement", "learning"), _acronym("RL")),
    "LLM": ("large language models", "LLM", _long("large", "language", "models?"), _acronym("LLM")),
    "MoE": ("mixture of experts", "MoE", _long("mixtures?", "of", "experts?"), _acronym("MoE")),
    "CoT": ("chain-of-thought", "CoT", _long("chains?", "of", "thoughts?"), _acronym("CoT")),
    "RAG": ("retrieval-augmented generation", "RAG", _long("retrieval", "augmented", "generations?"), _acronym("RAG")),
    "LoRA": ("low-rank adaptation", "LoRA", _long("low", "rank", "adaptations?"), _acronym("LoRA")),
    "GRPO": ("group relative policy optimization", "GRPO",
             _long("group", "relative", "policy", "optimi[sz]ations?"), _acronym("GRPO")),
    "VLM": ("vision-language models", "VLM", _long("vision", "language", "models?"), _acronym("VLM")),
    "DM": ("diffusion models", "DM", _long("diffusion", "models?"), _acronym("DM")),
    "DPO": ("direct preference optimization", "DPO",
            _long("direct", "preference", "optimi[sz]ations?"), _acronym("DPO")),
    # occurs less (42 HF papers): not in the default ten; --concepts KD adds it
    "KD": ("knowledge distillation", "KD", _long("knowledge", "distillations?"), _acronym("KD")),
}
# Terms without an acronym, looked up through the terms frame only (multi-word topics that often
# occur inside longer phrases: "deep research agents", "test-time scaling laws").
CONTROLS: dict[str, re.Pattern] = {
    "deep research": _long("deep[\\s-]?research"),
    "test-time scaling": _long("test", "time", "scaling"),
    "world models": _long("world", "models?"),
    "agentic": _long("agentic"),
}
DEFAULT_CONCEPTS = ["RL", "LLM", "MoE", "CoT", "RAG", "LoRA", "GRPO", "VLM", "DM", "DPO"]
ODD_TERMS = {"typo": "reinforcment lerning", "nonsense": "zorblatt quiffle"}

# The known shifts of 2025, each matched by case-insensitive equality with any of these spellings.
# ("TTS" is left out of test-time scaling: in these abstracts it is mostly text-to-speech.)
SHIFTS: dict[str, list[str]] = {
    "reinforcement learning (RL)": ["reinforcement learning", "RL", "RLs"],
    "agents / agentic": ["agent", "agents", "agentic"],
    "GRPO": ["GRPO", "group relative policy optimization", "group relative policy optimisation"],
    "RLVR": ["RLVR", "reinforcement learning with verifiable rewards", "reinforcement learning with verifiable reward",
             "reinforcement learning from verifiable rewards"],
    "test-time scaling": ["test-time scaling", "test time scaling"],
    "VLA": ["VLA", "VLAs", "vision-language-action", "vision-language-action model", "vision-language-action models",
            "vision language action model", "vision language action models"],
    "deep research": ["deep research"],
}

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")  # as in bench_acronyms.py


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def table(rows: list[dict], title: str) -> None:
    """A plain pipe table (floats to 4 places; None as '-')."""
    print(f"\n## {title}\n")
    if not rows:
        print("(no rows)")
        return
    cols = list(dict.fromkeys(c for r in rows for c in r))

    def fmt(v) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:.4f}"
        return str(v)

    cells = [[fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |")


def frame_rows(df: pl.DataFrame) -> list[dict]:
    """Rows of a frame as dicts, floats rounded, list columns joined (for :func:`table`)."""
    out = []
    for r in df.iter_rows(named=True):
        out.append({k: (round(v, 4) if isinstance(v, float) else ", ".join(map(str, v)) if isinstance(v, list) else v)
                    for k, v in r.items()})
    return out


def load_line(tag: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {tag}: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def rel(a: int | None, b: int) -> float | None:
    """(a - b) / b, or None when b == 0."""
    return None if a is None or b == 0 else (a - b) / b


def reset_peak_rss() -> bool:
    """Reset this process's peak RSS (Linux >= 4.0: write 5 to /proc/self/clear_refs; it resets
    ``getrusage().ru_maxrss`` too), so the next reading is the peak of one step only."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def rss_now_gb() -> float | None:
    """Current resident set size (VmRSS), or None off Linux."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


_CACHE: dict = {}


def papers_of(name: str) -> pl.DataFrame:
    if name not in _CACHE:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t = time.perf_counter()
            papers = pk.read_papers(CORPORA[name])
            sec = time.perf_counter() - t
        d = papers["digest_date"]
        print(f"{LABELS[name]}: {papers.height} papers, digest_date {d.min()}..{d.max()} ({d.null_count()} null); "
              f"read_papers {sec:.1f} s; {len(caught)} warning(s)"
              + "".join(f"\n  warning: {str(w.message)[:200]}" for w in caught))
        _CACHE[name] = papers
    return _CACHE[name]


def terms_of(name: str) -> pl.DataFrame:
    key = ("terms", name)
    if key not in _CACHE:
        papers = papers_of(name)
        t = time.perf_counter()
        _CACHE[key] = pk.paper_terms(papers)
        print(f"{LABELS[name]}: paper_terms {time.perf_counter() - t:.1f} s, {_CACHE[key].height} rows, "
              f"columns {_CACHE[key].columns}")
    return _CACHE[key]


def corpora(arg: str) -> list[str]:
    return ["hf", "arxiv"] if arg == "both" else [arg]


_URL_RE = re.compile(r"(?:https?://|www\.)\S+")


def texts_of(papers: pl.DataFrame) -> list[str]:
    """Title and abstract of each paper, URLs blanked (for the regex count)."""
    raw = (papers["title"].fill_null("") + " \n " + papers["abstract"].fill_null("")).to_list()
    return [_URL_RE.sub(" ", x) for x in raw]


def is_general(term: str) -> bool:
    from paperkit.lexicon import is_general_english

    return bool(is_general_english(term))


def _fold_key(term: str) -> str | None:
    try:
        from paperkit.text import fold_key
    except ImportError:  # pragma: no cover - the helper moved
        return None
    return fold_key(term)


# ---------------------------------------------------------------------------------------------
# 1. lookup
# ---------------------------------------------------------------------------------------------
def _kt_total(papers: pl.DataFrame, term: str, terms_frame: pl.DataFrame | None) -> tuple[int, pl.DataFrame, list]:
    """``keyword_trends`` summed over months for one term; the monthly frame; the warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kt = pk.keyword_trends(papers, terms=[term], every="1mo", terms_frame=terms_frame)
    monthly = kt.group_by("period").agg(pl.col("papers_with_term").sum().cast(pl.Int64).alias("n")).sort("period")
    return int(monthly["n"].sum()), monthly, [f"{w.category.__name__}: {w.message}" for w in caught]


def _snippet(text: str, start: int, end: int, width: int = 70) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("..." if a else "") + text[a:b].replace("\n", " ") + ("..." if b < len(text) else "")


def miss_reason(text: str, m: re.Match) -> str:
    """Why paperkit may have missed a regex match (first matching description)."""
    got, after = m.group(0), text[m.end():m.end() + 2]
    if len(after) == 2 and after[0] == "-" and after[1].isalnum():
        return "glued to a hyphenated word after (X-based, X-as-a-judge, X-MoE)"
    if "--" in got:
        return "double hyphen (vision--language)"
    if re.search(r"-\s|\s-", got):
        return "hyphen then space (chain-of- thought)"
    if re.search(r"optimis", got, re.IGNORECASE):
        return "British spelling (optimisation)"
    if re.match(r"chains", got, re.IGNORECASE):
        return "plural first word (chains-of-thought)"
    if m.start() < text.find(" \n "):
        return "in the title only" if len(m.re.findall(text)) == 1 else "other"
    return "other"


def extra_reason(text: str, acr: str) -> str:
    """Why paperkit may have counted a paper the regex did not."""
    m = re.search(r"(?<!\w)(?i:" + re.escape(acr) + r")S(?!\w)", text)
    if m:
        return f"{acr}S (any case), another acronym, read as the plural of {acr}"
    if re.search(r"(?<!\w)" + re.escape(acr) + r"S?(?!\w)", text, re.IGNORECASE):
        return f"{acr} in another case ({acr.upper()}, {acr.capitalize()}) or a name"
    if re.search(r"(?<!\w)\w+-" + re.escape(acr) + r"s?(?!\w)", text):
        return f"hyphen-prefixed variant (X-{acr})"
    return "other"


def lookup(corpus: str, concepts: list[str], *, months: bool, examples: int, direct: str) -> None:
    for name in corpora(corpus):
        run_direct = direct == "both" or direct == name
        papers = papers_of(name)
        pt = terms_of(name)
        texts = texts_of(papers)
        ids = papers["paper_id"].to_list()
        month = papers["digest_date"].dt.truncate("1mo").to_list()
        rows, month_rows, diag_rows, warn_rows, examples_out, reason_rows = [], [], [], [], [], []
        call_sec: dict[str, list[float]] = {"direct": [], "terms_frame": []}
        t0 = time.perf_counter()
        for c in concepts:
            long_form, acr, long_re, acr_re = CONCEPTS[c]
            hit = [bool(long_re.search(x) or acr_re.search(x)) for x in texts]
            n_long_only = sum(bool(long_re.search(x)) for x in texts)
            n_acr_only = sum(bool(acr_re.search(x)) for x in texts)
            regex_ids = {i for i, h in zip(ids, hit) if h}
            regex_month = Counter(m for m, h in zip(month, hit) if h)
            res = {}
            for label, term, tf in (("long", long_form, None), ("acr", acr, None),
                                    ("long_tf", long_form, pt), ("acr_tf", acr, pt)):
                if tf is None and not run_direct:
                    continue
                t = time.perf_counter()
                total, monthly, warns = _kt_total(papers, term, tf)
                call_sec["direct" if tf is None else "terms_frame"].append(time.perf_counter() - t)
                res[label] = (total, monthly)
                for w in warns:
                    warn_rows.append({"concept": c, "call": label, "term": term, "warning": w[:160]})
            n = len(regex_ids)
            row = {"concept": c, "regex_papers": n, "regex_long": n_long_only, "regex_acr": n_acr_only}
            got = {label: res[label][0] if label in res else None for label in ("long", "acr", "long_tf", "acr_tf")}
            for label, v in got.items():
                row[f"pk_{label}"] = v
            for label, v in got.items():
                row[f"d_{label}"] = rel(v, n)
            row["within_5pct"] = all(abs(rel(v, n) or 0) <= 0.05 if n else v == 0 for v in got.values() if v is not None)
            row["same_both_spellings"] = got["long"] == got["acr"] and got["long_tf"] == got["acr_tf"]
            rows.append(row)
            if months:
                per = {k: dict(v[1].iter_rows()) for k, v in res.items()}
                for m in sorted(set(month)):
                    month_rows.append({"concept": c, "month": m, "regex": regex_month.get(m, 0),
                                       **{f"pk_{k}": per[k].get(m, 0) for k in per}})
            # Which papers differ: paperkit's papers for the concept = rows of the terms frame whose
            # folding key is that of either spelling (a diagnostic; its size is printed next to the
            # keyword_trends figure so that a difference in matching shows).
            keys = {k for k in (_fold_key(long_form), _fold_key(acr)) if k}
            if "key" in pt.columns and keys:
                pk_ids = set(pt.filter(pl.col("key").is_in(list(keys)))["paper_id"].unique().to_list())
                by_key = {k: pt.filter(pl.col("key") == k)["paper_id"].n_unique() for k in keys}
                spellings = (pt.filter(pl.col("key").is_in(list(keys))).group_by("term")
                             .agg(pl.col("paper_id").n_unique().alias("n")).sort("n", descending=True).head(4))
                missed, extra = sorted(regex_ids - pk_ids), sorted(pk_ids - regex_ids)
                diag_rows.append({
                    "concept": c, "regex": n, "pk_by_key": len(pk_ids), "both": len(regex_ids & pk_ids),
                    "missed_by_pk": len(missed), "extra_in_pk": len(extra),
                    "keys": " / ".join(f"{k}:{v}" for k, v in by_key.items()),
                    "pk_terms (papers)": ", ".join(f"{t} ({m})" for t, m in spellings.iter_rows()),
                })
                text_of = dict(zip(ids, texts))
                for kind, pool in (("missed", missed), ("extra", extra)):
                    reasons = Counter()
                    for pid in pool:
                        x = text_of[pid]
                        if kind == "missed":
                            m = long_re.search(x) or acr_re.search(x)
                            reasons[miss_reason(x, m)] += 1
                        else:
                            reasons[extra_reason(x, acr)] += 1
                    for why, k in reasons.most_common():
                        reason_rows.append({"concept": c, "kind": kind, "reason": why, "papers": k})
                rng = random.Random(0)
                for kind, pool in (("missed", missed), ("extra", extra)):
                    for pid in rng.sample(pool, min(examples, len(pool))):
                        x = text_of[pid]
                        m = long_re.search(x) or acr_re.search(x)
                        if m:
                            snip = _snippet(x, m.start(), m.end())
                        else:  # show where paperkit's spelling occurs
                            found = pt.filter((pl.col("paper_id") == pid) & pl.col("key").is_in(list(keys)))["term"]
                            spell = found[0] if found.len() else acr
                            j = x.lower().find(spell.lower().split()[0])
                            snip = f"[pk term {spell!r}] " + (_snippet(x, j, j + len(spell)) if j >= 0 else x[:140])
                        examples_out.append({"concept": c, "kind": kind, "paper_id": pid, "text": snip})
        sec = time.perf_counter() - t0
        table(rows, f"lookup on {LABELS[name]} ({papers.height} papers): papers mentioning each concept, summed over "
                    f"months; regex = independent count (long form or acronym); pk_long / pk_acr = keyword_trends(papers, "
                    f"terms=[X]){'' if run_direct else ' (not run: --direct)'}; *_tf = the same with "
                    f"terms_frame=paper_terms(papers); d_* = (pk - regex) / regex [{sec:.0f} s]")
        ok = sum(r["within_5pct"] for r in rows)
        same = sum(r["same_both_spellings"] for r in rows)
        print(f"\nconcepts with every figure within 5 %: {ok} of {len(rows)}; both spellings equal: {same} of {len(rows)}")
        print("seconds per keyword_trends call (median, max): " + "; ".join(
            f"{k} {statistics.median(v):.2f}, {max(v):.2f} ({len(v)} calls)" for k, v in call_sec.items() if v))
        if diag_rows:
            table(diag_rows, f"lookup diagnostics on {LABELS[name]}: regex papers vs papers whose paper_terms key is "
                             "that of either spelling (fold_key); the pk terms they are displayed as")
        if reason_rows:
            table(reason_rows, f"lookup differences on {LABELS[name]} by likely reason (missed: the first regex match "
                               "in the paper; extra: what the text holds)")
        if examples_out:
            table(examples_out, f"lookup examples on {LABELS[name]} (up to {examples} per concept and kind, seeded): "
                                "missed = regex yes / paperkit no; extra = paperkit yes / regex no")
        if warn_rows:
            table(warn_rows, f"warnings raised by the concept lookups on {LABELS[name]}")
        if month_rows:
            table(month_rows, f"lookup per month on {LABELS[name]}")
        ctl = []
        for term, rx in CONTROLS.items():
            n = sum(bool(rx.search(x)) for x in texts)
            total, monthly, warns = _kt_total(papers, term, pt)
            kt = pk.keyword_trends(papers, terms=[term], every="1mo", terms_frame=pt) if not warns else None
            label = kt["term"][0] if kt is not None and kt.height else "-"
            ctl.append({"term": term, "regex_papers": n, "pk_tf": total, "d_tf": rel(total, n), "reported_as": label,
                        "warning": " || ".join(warns)[:200] or "-"})
        table(ctl, f"lookup of terms without an acronym on {LABELS[name]} (terms_frame path only)")
        odd = []
        for kind, term in ODD_TERMS.items():
            for label, tf in (("terms=[X]", None), ("terms=[X], terms_frame", pt)):
                if tf is None and not run_direct:
                    continue
                total, _, warns = _kt_total(papers, term, tf)
                odd.append({"kind": kind, "term": term, "call": label, "papers": total, "warned": bool(warns),
                            "warnings": " || ".join(warns)[:300] or "-"})
        table(odd, f"lookup of a typo and a nonsense term on {LABELS[name]}: papers found and warnings raised")


# ---------------------------------------------------------------------------------------------
# 2. rising
# ---------------------------------------------------------------------------------------------
def _split_directions(r: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, str]:
    """Rising and falling rows in the returned order (by ``direction`` when present, else sign of z)."""
    if "direction" in r.columns:
        return (r.filter(pl.col("direction") == "rising"), r.filter(pl.col("direction") == "falling"),
                "direction column")
    up = r.filter(pl.col("z") > 0)
    down = r.filter(pl.col("z") < 0)
    # with no direction column, falling terms are taken most negative z first
    return up, down.sort("z"), "sign of z (no direction column)"


def _show(df: pl.DataFrame, n: int) -> list[dict]:
    first = [c for c in ("term", "papers_recent", "papers_before", "z") if c in df.columns]
    rest = [c for c in df.columns if c not in first]
    top = df.head(n).select(first + rest)
    rows = frame_rows(top)
    for i, row in enumerate(rows, 1):
        row["general_english"] = is_general(row["term"])
        rows[i - 1] = {"pos": i, **row}
    return rows


def _shift_rows(r: pl.DataFrame, up: pl.DataFrame, pt: pl.DataFrame) -> list[dict]:
    """Per known shift: its best position among the rising rows, every row of ``r`` spelled like it,
    and the papers of each spelling in the terms frame (to tell "dropped" from "never extracted")."""
    low = {t.lower(): i for i, t in reversed(list(enumerate(up["term"].to_list(), 1)))}
    everywhere = r.with_columns(pl.col("term").str.to_lowercase().alias("_low"))
    in_terms = (pt.select("paper_id", "term").with_columns(pl.col("term").str.to_lowercase().alias("_low"))
                .group_by("term", "_low").agg(pl.col("paper_id").n_unique().alias("n")))
    rows = []
    for concept, spellings in SHIFTS.items():
        lows = [x.lower() for x in spellings]
        found = sorted({low[x] for x in lows if x in low})
        hits = everywhere.filter(pl.col("_low").is_in(lows))
        listed = ", ".join(
            f"{x['term']} ({x.get('direction', 'z<0' if x['z'] < 0 else 'z>0')}, z {x['z']:.1f}, "
            f"{x['papers_recent']}/{x['papers_before']})" for x in hits.iter_rows(named=True))
        extracted = in_terms.filter(pl.col("_low").is_in(lows)).sort("n", descending=True)
        rows.append({
            "shift": concept,
            "rank_among_rising": found[0] if found else "absent",
            "matched": ", ".join(f"{up['term'][i - 1]}@{i}" for i in found) or "-",
            "rows in the output (direction, z, papers recent/before)": listed or "not in the output",
            "in paper_terms (papers)": ", ".join(f"{t} ({n})" for t, _, n in extracted.iter_rows()) or "none",
        })
    return rows


def timed(fn):
    """``(result, seconds)`` of ``fn()``, printing (not raising) the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = time.perf_counter()
        out = fn()
        sec = time.perf_counter() - t
    for w in caught:
        print(f"  warning: {w.category.__name__}: {str(w.message)[:200]}")
    return out, sec


def rising() -> None:
    for name in ("hf", "arxiv"):
        papers = papers_of(name)
        pt = terms_of(name)
        r, sec = timed(lambda: pk.rising_terms(pt, papers, recent=RECENT, before=BEFORE))
        up, down, how = _split_directions(r)
        n_recent = papers.filter(pl.col("digest_date").is_between(*RECENT, closed="left")).height
        n_before = papers.filter(pl.col("digest_date").is_between(*BEFORE, closed="left")).height
        print(f"\n{LABELS[name]}: rising_terms {sec:.1f} s; {r.height} rows ({up.height} rising, {down.height} falling, "
              f"by {how}); papers recent {RECENT[0]}..{RECENT[1]} (excl.): {n_recent}, before {BEFORE[0]}..{BEFORE[1]} "
              f"(excl.): {n_before}; columns {r.columns}")
        top = _show(up, 30)
        table(top, f"top {len(top)} rising terms, {LABELS[name]}, 2025 H2 vs H1, in the returned order")
        gen = [row["term"] for row in top if row["general_english"]]
        print(f"\ngeneral-English single words among the top {len(top)} rising: {len(gen)} (goal <= 3): {gen}")
        table(_shift_rows(r, up, pt), f"known 2025 shifts among the rising terms, {LABELS[name]} (rank = position "
                                       f"among {up.height} rising rows)")
        fall = _show(down, 15)
        table(fall, f"top {len(fall)} falling terms, {LABELS[name]}, in the returned order")
        gen_f = [row["term"] for row in fall if row["general_english"]]
        print(f"\ngeneral-English single words among the top {len(fall)} falling: {len(gen_f)}: {gen_f}")
        if "general" in inspect.signature(pk.rising_terms).parameters:
            # for comparison: the same call keeping single general-English words (what the default leaves out)
            r_all = pk.rising_terms(pt, papers, recent=RECENT, before=BEFORE, general=True)
            up_all, _, _ = _split_directions(r_all)
            top_all = _show(up_all, 30)
            gen_all = [row["term"] for row in top_all if row["general_english"]]
            print(f"\nfor comparison, rising_terms(..., general=True): {up_all.height} rising rows; general-English "
                  f"single words among the top {len(top_all)}: {len(gen_all)}: {gen_all}")
            table(_shift_rows(r_all, up_all, pt), f"known 2025 shifts with general=True, {LABELS[name]}")


# ---------------------------------------------------------------------------------------------
# 3. bursts
# ---------------------------------------------------------------------------------------------
def bursts() -> None:
    for name, top in (("hf", 20), ("hf", 300), ("arxiv", 20), ("arxiv", 300)):  # the default and the README's
        papers = papers_of(name)
        pt = terms_of(name)
        print(f"\n-- term_shares(top={top}) --")
        (shares, b), sec = timed(lambda: (s := pk.term_shares(pt, papers, every="1mo", top=top), pk.bursts(s)))
        followed = shares["term"].unique(maintain_order=True).to_list()
        months = shares["period"].n_unique()
        print(f"\n{LABELS[name]}: term_shares + bursts {sec:.2f} s; term_shares follows {len(followed)} terms over "
              f"{months} months: {followed}")
        first = [c for c in ("term", "start", "end", "strength") if c in b.columns]
        rows = frame_rows(b.head(15).select(first + [c for c in b.columns if c not in first]))
        for row in rows:
            row["general_english"] = is_general(row["term"])
        table(rows, f"bursts on {LABELS[name]}: {b.height} bursts of {b['term'].n_unique()} terms; top 15 by strength")
        terms = b["term"].unique(maintain_order=True).to_list()
        gen = [t for t in terms if is_general(t)]
        gen_followed = [t for t in followed if is_general(t)]
        print(f"\nbursts: {b.height}; burst terms: {len(terms)}, general-English single words among them: {len(gen)} "
              f"{gen}; among the {len(followed)} terms term_shares followed: {len(gen_followed)}")
        # for comparison, not the recipe: the same over the 300 terms used by most papers
        t = time.perf_counter()
        b300 = pk.bursts(pk.term_shares(pt, papers, every="1mo", top=300))
        sec = time.perf_counter() - t
        rows = frame_rows(b300.head(15).select(first + [c for c in b300.columns if c not in first]))
        for row in rows:
            row["general_english"] = is_general(row["term"])
        terms = b300["term"].unique(maintain_order=True).to_list()
        table(rows, f"for comparison: bursts over term_shares(..., top=300) on {LABELS[name]}: {b300.height} bursts of "
                    f"{len(terms)} terms ({sec:.1f} s); top 15")
        print(f"\ngeneral-English single words among those {len(terms)} burst terms: "
              f"{sum(is_general(t) for t in terms)}")


# ---------------------------------------------------------------------------------------------
# 4. speed
# ---------------------------------------------------------------------------------------------
def speed_corpus(base: pl.DataFrame, n: int, *, seed: int = 0) -> pl.DataFrame:
    """``paper_id, title, abstract, digest_date`` for ``n`` papers (below the real count, a seeded
    sample of them): the real ones first, then
    distinct new papers: an abstract of as many sentences as a random real one, drawn at random from
    all real abstracts' sentences (as bench_acronyms.corpus: repeats would flatter any cache); a
    title made of the first half of one real title and the second half of another; a date drawn
    from the real dates (same range and monthly mix); ids ``syn-NNNNNN``."""
    base = base.select("paper_id", "title", "abstract", "digest_date")
    if n <= base.height:  # a seeded sample, so that both windows have papers
        return base if n == base.height else base.sample(n, seed=seed)
    rng = random.Random(seed)
    abstracts = [a for a in base["abstract"].to_list() if a]
    titles = [t.split() for t in base["title"].to_list() if t]
    dates = base["digest_date"].drop_nulls().to_list()
    split = [_SENTENCE_END_RE.split(x) for x in abstracts]
    pool = [s for sents in split for s in sents]
    extra = n - base.height
    new_abs = [" ".join(rng.choices(pool, k=len(rng.choice(split)))) for _ in range(extra)]
    new_titles = []
    for _ in range(extra):
        a, b = rng.choice(titles), rng.choice(titles)
        new_titles.append(" ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2:]))
    synth = pl.DataFrame({
        "paper_id": [f"syn-{i:06d}" for i in range(extra)], "title": new_titles, "abstract": new_abs,
        "digest_date": [rng.choice(dates) for _ in range(extra)],
    }, schema=base.schema)
    return pl.concat([base, synth])


def speed(sizes: list[int], rounds: int) -> None:
    print(load_line("at start"))
    base = papers_of("arxiv")
    can_reset = reset_peak_rss()
    print("peak RSS per step (getrusage ru_maxrss): " + (
        "reset before each step (/proc/self/clear_refs), so each figure is that step's own peak, including what the "
        "process already held (rss_before_*)" if can_reset else "cannot reset; figures are the process peak so far"))
    summary = []
    for n in sizes:
        papers = speed_corpus(base, n)
        distinct = papers["abstract"].n_unique()
        print(f"\ncorpus {n}: {papers.height} papers, {distinct} distinct abstracts, {papers['paper_id'].n_unique()} "
              f"distinct ids, dates {papers['digest_date'].min()}..{papers['digest_date'].max()}; {load_line('now')}")
        rows = []
        for k in range(1, rounds + 1):
            reset_peak_rss()
            held_pt = rss_now_gb()
            t = time.perf_counter()
            pt = pk.paper_terms(papers)
            t_pt = time.perf_counter() - t
            rss_pt = peak_rss_gb()
            reset_peak_rss()
            held_r = rss_now_gb()
            t = time.perf_counter()
            r = pk.rising_terms(pt, papers, recent=RECENT, before=BEFORE)
            t_r = time.perf_counter() - t
            rss_r = peak_rss_gb()
            rows.append({"papers": n, "round": k, "paper_terms_s": round(t_pt, 2), "rising_terms_s": round(t_r, 2),
                         "ratio": round(t_r / t_pt, 3), "pt_rows": pt.height, "rising_rows": r.height,
                         "rss_before_pt_gb": held_pt and round(held_pt, 2), "peak_rss_paper_terms_gb": round(rss_pt, 2),
                         "rss_before_rising_gb": held_r and round(held_r, 2), "peak_rss_rising_gb": round(rss_r, 2),
                         "load_1m": round(os.getloadavg()[0], 2)})
            del pt, r
        table(rows, f"speed, {n} papers: rising_terms time / paper_terms time, interleaved rounds in one process")
        ratios = [x["ratio"] for x in rows]
        summary.append({"papers": n, "rounds": " ".join(f"{x:.3f}" for x in ratios),
                        "median_ratio": round(statistics.median(ratios), 3),
                        "median_paper_terms_s": round(statistics.median(x["paper_terms_s"] for x in rows), 2),
                        "median_rising_terms_s": round(statistics.median(x["rising_terms_s"] for x in rows), 2),
                        "max_rss_paper_terms_gb": max(x["peak_rss_paper_terms_gb"] for x in rows),
                        "max_rss_rising_gb": max(x["peak_rss_rising_gb"] for x in rows),
                        "goal_le_0.25": statistics.median(ratios) <= 0.25})
    table(summary, "speed summary (goal: median ratio <= 0.25)")
    print("\n" + load_line("at end"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="?", default="all", choices=["lookup", "rising", "bursts", "speed", "all"],
                    help="'all' runs lookup, rising and bursts (not speed)")
    ap.add_argument("--corpus", default="both", choices=["hf", "arxiv", "both"], help="lookup: which corpus")
    ap.add_argument("--concepts", nargs="+", default=DEFAULT_CONCEPTS, choices=list(CONCEPTS), help="lookup: concepts")
    ap.add_argument("--months", action="store_true", help="lookup: also print the per-month counts")
    ap.add_argument("--examples", type=int, default=2, help="lookup: example papers per concept and kind")
    ap.add_argument("--direct", default="hf", choices=["both", "hf", "arxiv", "none"],
                    help="lookup: on which corpora to also run keyword_trends without terms_frame (one full term "
                         "extraction per call, 20 calls: several minutes on the arXiv listing); default hf")
    ap.add_argument("--sizes", type=int, nargs="+", default=[30_288, 100_000], help="speed: corpus sizes")
    ap.add_argument("--rounds", type=int, default=3, help="speed: interleaved rounds")
    args = ap.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows when the output goes to a file
    missing = [str(p) for p in CORPORA.values() if not p.exists()]
    if missing:
        print(f"needs the shared data: {missing}", file=sys.stderr)
        return 2
    print(f"bench_trends {args.what}; {dt.datetime.now().isoformat(timespec='seconds')}; polars {pl.__version__}; "
          f"{load_line('at start')}")
    t = time.perf_counter()
    steps = {
        "lookup": lambda: lookup(args.corpus, args.concepts, months=args.months, examples=args.examples,
                                 direct=args.direct),
        "rising": rising,
        "bursts": bursts,
        "speed": lambda: speed(args.sizes, args.rounds),
    }
    chosen = ["lookup", "rising", "bursts"] if args.what == "all" else [args.what]
    failed = []
    for step in chosen:
        # the package changes while this runs: a failing step is reported and the others still run
        try:
            steps[step]()
        except Exception:  # noqa: BLE001
            import traceback

            failed.append(step)
            print(f"\n!! {step} failed:\n{traceback.format_exc(limit=4)}")
    print(f"\ntotal {time.perf_counter() - t:.0f} s; {dt.datetime.now().isoformat(timespec='seconds')}; "
          f"{load_line('at end')}" + (f"; FAILED: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
