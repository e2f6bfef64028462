"""Which sense does each use of a short form mean? Sense per use.

A mention of a short form with more than one candidate sense (the senses defined in the corpus,
and the usual expansions of :mod:`~paperkit.acronyms.known` that no corpus sense already
names) is given a sense by the first rule that decides:

1. **defined here**: the paper defines the short form: its own sense;
2. **only sense**: the short form has one candidate sense;
3. **long form in text**: the paper writes the words of exactly one sense's long form
   (consecutive word pairs of it, stemmed: "speech recognition" for ASR), more of them than
   of any other sense's;
4. **measurement**: a number stands next to the mention ("19.5 FPS", "59.6% SR",
   "MAE = 0.172", "95% CI") and exactly one candidate is a measure (a long form whose head
   is a rate, error, ratio, score, interval, distance ... or a known list entry marked so);
5. **context**: the paper's words are closest to one sense's profile (the words of the
   papers that define it, its long form and its cue words, each word weighted by how much more
   often it occurs there than in computer-science abstracts at large),
   at least 1.5 times as close as to the next sense;
6. **most definitions**: one sense holds at least 90% of at least 10 defining papers and the
   known list offers no other sense (GRPO: "Group Relative Policy Optimization");
7. otherwise **unknown**.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

import polars as pl

from paperkit.text import stem_word, stopwords

_MEASURE_HEAD_RE = re.compile(
    r"(?i)\b(?:rate|ratio|error|score|interval|distance|accuracy|precision|recall|per second|per minute|"
    r"deviation|index|coefficient|similarity|divergence|perplexity|percentage|time|latency|throughput|"
    r"count|number of \w+)s?$"
)
# a number before the mention ("19.5 FPS", "59.6% SR", "96.3% avg. SR"), or "=", ":" or "of"
# and a number after it ("MAE = 0.172", "MAE of 0.17"), a change by a number ("MAE decreased
# by 38%"), or "metric"/"score" after it
_NUMBER_BEFORE_RE = re.compile(
    r"\d(?:[\d.,]*\d)?\s*%?\s*(?:(?:avg|average|mean|overall|absolute|relative|higher|lower)\.?\s+)?[(\[]?$"
)
_NUMBER_AFTER_RE = re.compile(
    r"^[)\]]?\s*(?:=|:|of|≈|~|<|>|≤|≥)\s*[-+±]?\s*\d|^\s*(?:metric|score)s?\b"
    r"|^\s*(?:(?:is|was|were|are)\s+)?(?:decreas|increas|reduc|drop|improv|rise|rose|fell|fall)\w*\s+(?:by\s+|to\s+)?[-+]?\d"
)
_TOKEN_RE = re.compile(r"[a-z][a-z0-9]+")
_RATIO = 1.5  # context: the best sense at least this many times as close as the next
_MIN_SIMILARITY = 0.05
_MAX_PROFILE = 200  # defining papers read per sense
_SLICE = 50_000  # mention rows (with their paper's text) turned into Python objects at a time
_PRIOR_SHARE, _PRIOR_PAPERS = 0.9, 10  # rule 6: a sense this dominant among this many definitions


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return stem_word(word)


@lru_cache(maxsize=1)
def _background() -> tuple[dict[str, float], float]:
    """Share of 35,840 computer-science abstracts (``resources/background_df.tsv``) holding each
    word stem, and the share given to a stem seen there in fewer than 5."""
    from importlib import resources

    text = resources.files("paperkit.resources").joinpath("background_df.tsv").read_text(encoding="utf-8")
    n, df = 1, {}
    for line in text.splitlines():
        if line.startswith("# documents"):
            n = int(line.split()[-1])
        elif line and not line.startswith("#"):
            word, count = line.split("\t")
            st = _stem(word)
            df[st] = max(df.get(st, 0), int(count))
    return {w: c / n for w, c in df.items()}, 4 / n


def _tokens(text: str) -> list[str]:
    """Stemmed lower-case words of a text, stop words and one-letter words left out."""
    stop = stopwords("english")
    return [_stem(w) for w in _TOKEN_RE.findall(text.lower().replace("-", " ")) if w not in stop]


def _phrase_pairs(long_form: str) -> set[tuple[str, str]]:
    """Consecutive pairs of stemmed words of a long form (function words kept: "in
    distribution"); a one-word long form gives the pair (word, "")."""
    words = [_stem(w) for w in _TOKEN_RE.findall(long_form.lower().replace("-", " ").replace("/", " "))]
    if len(words) == 1:
        return {(words[0], "")}
    return set(zip(words, words[1:]))


def _text_pairs(text: str) -> set[tuple[str, str]]:
    words = [_stem(w) for w in _TOKEN_RE.findall(text.lower().replace("-", " ").replace("/", " "))]
    return set(zip(words, words[1:])) | {(w, "") for w in words}


def is_measure(long_form: str) -> bool:
    """Whether a long form names a quantity (its head is a rate, error, score, interval ...).

    Examples
    --------
    >>> [is_measure(lf) for lf in ["frames per second", "success rate", "mean absolute error", "masked autoencoder"]]
    [True, True, True, False]
    """
    return bool(_MEASURE_HEAD_RE.search(long_form.strip()))


def is_measurement_use(before: str, after: str) -> bool:
    """Whether the text around a mention reads it as a measurement: a number before it, or
    "=", ":" or "of" and a number after it.

    Examples
    --------
    >>> is_measurement_use("runs at 19.5 ", " on a single H100"), is_measurement_use("achieves 96.3% avg. ", " on LIBERO")
    (True, True)
    >>> is_measurement_use("the ", " = 0.172"), is_measurement_use("and ", " decreased by 38%")
    (True, True)
    >>> is_measurement_use("we fine-tune ", " 2 on video"), is_measurement_use("the ", " model")
    (False, False)
    """
    return bool(_NUMBER_BEFORE_RE.search(before[-40:]) or _NUMBER_AFTER_RE.search(after[:30]))


def _profiles(cands: pl.DataFrame, texts: dict[str, str], defs: pl.DataFrame) -> dict[tuple[str, int], dict[str, float]]:
    """Word profile of each candidate sense: the words of its defining papers, its long form and
    its cue words (these two count as one more paper), each weighted by how much more often it
    occurs there than in computer-science abstracts at large (positive pointwise mutual
    information, kept when at least 5 times as often; the share is smoothed towards the
    background with two pseudo-papers, so a sense defined once keeps only that paper's rarer
    words). Generic words of the genre ("model", "benchmark") drop out."""
    counts: dict[tuple[str, int], Counter] = defaultdict(Counter)
    n_docs: Counter = Counter()
    # at most _MAX_PROFILE papers per sense: enough to learn its words, bounded work
    pairs = defs.select("key", "sense", "paper_id").unique(maintain_order=True)
    pairs = pairs.filter(pl.int_range(pl.len()).over("key", "sense") < _MAX_PROFILE)
    for key, sense, pid in pairs.iter_rows():
        counts[(key, sense)].update(set(_tokens(texts.get(pid, ""))))
        n_docs[(key, sense)] += 1
    for key, sense, lf, cues in cands.select("key", "sense", "long_form", "cues").iter_rows():
        counts[(key, sense)].update(set(_tokens(lf) + _tokens(" ".join(cues or []))))
        n_docs[(key, sense)] += 1
    bg, rare = _background()
    prof = {}
    for ks, cnt in counts.items():
        n = n_docs[ks]
        weights = {}
        own = {_stem(ks[0].split(":")[0]), ks[0].split(":")[0]}  # the short form itself is no evidence
        for w, c in cnt.items():
            if w in own:
                continue
            p = bg.get(w, rare)
            share = (c + 2 * p) / (n + 2)
            if share >= 5 * p:
                weights[w] = share * math.log(share / p)
        prof[ks] = weights
    return prof


def _similarity(paper: set, profile: dict[str, float], norm: float) -> float:
    """How much of a sense's profile a paper's words cover (profile weights of the paper's
    words over the profile's norm)."""
    if not norm:
        return 0.0
    return sum(profile.get(w, 0.0) for w in paper) / norm


def _decide(sense_ids, lf_hits, measure_ids, measured, cos, dominant=None):
    """Rules 3-6 for one mention: (sense or None, evidence)."""
    best = max(lf_hits.values(), default=0)
    if best > 0:
        top = [s for s, v in lf_hits.items() if v == best]
        if len(top) == 1:
            return top[0], "long form in text"
    if measured and len(measure_ids) == 1:
        return measure_ids[0], "measurement"
    ranked = sorted(((cos[s], s) for s in sense_ids), reverse=True)
    if ranked and ranked[0][0] >= _MIN_SIMILARITY and (len(ranked) == 1 or ranked[0][0] >= _RATIO * ranked[1][0]):
        return ranked[0][1], "context"
    if dominant is not None:
        return dominant, "most definitions"
    return None, "unknown"


def resolve_uses(mentions: pl.DataFrame, papers: pl.DataFrame, defs: pl.DataFrame, cands: pl.DataFrame) -> pl.DataFrame:
    """Give each mention a sense by the rules of the module docstring.

    Parameters
    ----------
    mentions
        ``paper_id, field, surface, start, end, key`` (from the word scan).
    papers
        The papers frame (``paper_id``, ``title``, ``abstract``).
    defs
        Definitions with ``paper_id, key, sense``.
    cands
        Candidate senses: ``key, sense, long_form, measure, cues``.

    Returns
    -------
    polars.DataFrame
        ``mentions`` with ``sense`` (null when unknown) and ``evidence``.
    """
    own = defs.group_by("paper_id", "key").agg(pl.col("sense").mode().min().alias("_own"))
    n_cands = cands.group_by("key").agg(pl.len().alias("_n"), pl.col("sense").first().alias("_only"))
    m = mentions.join(own, on=["paper_id", "key"], how="left").join(n_cands, on="key", how="left").with_columns(
        pl.col("_n").fill_null(0))
    done = m.filter(pl.col("_own").is_not_null() | (pl.col("_n") <= 1)).with_columns(
        pl.coalesce("_own", "_only").alias("sense"),
        pl.when(pl.col("_own").is_not_null()).then(pl.lit("defined here")).otherwise(pl.lit("only sense")).alias("evidence"),
    )
    rest = m.filter(pl.col("_own").is_null() & (pl.col("_n") > 1))
    if rest.height == 0:
        return done.drop("_own", "_n", "_only")
    texts = _paper_texts(papers, set(defs.filter(pl.col("key").is_in(rest["key"].unique().implode()))["paper_id"]))
    decided = _decide_rest(rest, texts, defs, cands, papers)
    return pl.concat([done, decided], how="diagonal_relaxed").drop("_own", "_n", "_only")


def _paper_texts(papers: pl.DataFrame, ids: set) -> dict[str, str]:
    cols = [c for c in ("title", "abstract") if c in papers.columns]
    sub = papers.filter(pl.col("paper_id").is_in(list(ids))).select(
        "paper_id", pl.concat_str([pl.col(c).fill_null("") for c in cols], separator=". ").alias("_t")
    )
    return dict(sub.iter_rows())


def _dominant(defs: pl.DataFrame, cands: pl.DataFrame) -> dict[str, int]:
    """Keys whose main sense holds at least 90% of at least 10 defining papers and that have no
    sense from the known list: that sense (rule 6)."""
    with_known = set(cands.filter(pl.col("source") == "known list")["key"])
    per = defs.group_by("key", "sense").agg(pl.col("paper_id").n_unique().alias("n"))
    tot = per.group_by("key").agg(pl.col("n").sum().alias("t"), pl.col("n").max().alias("m"),
                                  pl.col("sense").sort_by("n", descending=True).first().alias("s"))
    ok = tot.filter((pl.col("t") >= _PRIOR_PAPERS) & (pl.col("m") >= _PRIOR_SHARE * pl.col("t")))
    return {k: s for k, s in ok.select("key", "s").iter_rows() if k not in with_known}


def _decide_rest(rest: pl.DataFrame, texts: dict[str, str], defs: pl.DataFrame, cands: pl.DataFrame, papers: pl.DataFrame) -> pl.DataFrame:
    """Rules 3-6 for the mentions not decided by the paper's own definition.

    ``texts`` holds the defining papers' texts (for the sense profiles). The mentions are read
    paper by paper, ``_SLICE`` rows at a time, with their paper's title and abstract joined in
    polars: the words of one paper are held while its mentions are decided, not those of the
    whole corpus (a million papers' word sets took tens of GiB)."""
    keys = set(rest["key"])
    cands = cands.filter(pl.col("key").is_in(list(keys)))
    defs = defs.filter(pl.col("key").is_in(list(keys)))
    prof = _profiles(cands, texts, defs)
    norm_s = {ks: math.sqrt(sum(v * v for v in pr.values())) for ks, pr in prof.items()}
    empty: dict[str, float] = {}
    dominant = _dominant(defs, cands)
    by_key: dict[str, list] = defaultdict(list)
    for key, sense, lf, measure in cands.select("key", "sense", "long_form", "measure").iter_rows():
        by_key[key].append((sense, _phrase_pairs(lf), bool(measure) or is_measure(lf)))
    cols = [c for c in ("title", "abstract") if c in papers.columns]
    ordered = (
        rest.select("paper_id", "field", "key", "start", "end").with_row_index("_i")
        .join(papers.select("paper_id", *cols).unique("paper_id", keep="first"), on="paper_id", how="left")
        .sort("paper_id", "_i")
    )
    out_sense: list = [None] * rest.height
    out_ev: list = [None] * rest.height
    current, tok, have, evidence = None, set(), set(), {}
    for part in ordered.iter_slices(_SLICE):
        for row in part.iter_rows(named=True):
            pid, key, start, end = row["paper_id"], row["key"], row["start"], row["end"]
            if pid != current:  # the words of the next paper
                current, evidence = pid, {}
                full = ". ".join(row[c] or "" for c in cols)
                tok, have = set(_tokens(full)), _text_pairs(full)
            text = row.get(row["field"]) or ""
            measured = is_measurement_use(text[max(0, start - 40):start], text[end:end + 30])
            if key not in evidence:  # the same for every mention of the key in this paper
                senses = by_key[key]
                lf_hits = {s: len(pp & have) / len(pp) for s, pp, _ in senses if pp}
                evidence[key] = (
                    [s for s, _, _ in senses], {s: v for s, v in lf_hits.items() if v >= 0.5},
                    [s for s, _, meas in senses if meas],
                    {s: _similarity(tok, prof.get((key, s), empty), norm_s.get((key, s), 0.0)) for s, _, _ in senses})
            sense_ids, lf_hits, measure_ids, cos = evidence[key]
            s, ev = _decide(sense_ids, lf_hits, measure_ids, measured, cos, dominant.get(key))
            out_sense[row["_i"]], out_ev[row["_i"]] = s, ev
    return rest.with_columns(
        pl.Series("sense", out_sense, dtype=pl.UInt32()), pl.Series("evidence", out_ev, dtype=pl.String())
    )
