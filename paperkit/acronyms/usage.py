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

import re

import polars as pl

from paperkit.acronyms import evidence

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
_PRIOR_SHARE, _PRIOR_PAPERS = 0.9, 10  # rule 6: a sense this dominant among this many definitions


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
    decided = _decide_rest(rest, defs, cands, papers)
    return pl.concat([done, decided], how="diagonal_relaxed").drop("_own", "_n", "_only")


def _paper_texts(papers: pl.DataFrame, ids: pl.Series, *, keep: str) -> pl.DataFrame:
    """``paper_id, text`` (title and abstract) of the papers ``ids``, one row per paper: its
    ``keep`` ("first" or "last") row in ``papers``; a paper not in ``papers`` has no row."""
    cols = [c for c in ("title", "abstract") if c in papers.columns]
    return papers.select("paper_id", *cols).filter(pl.col("paper_id").is_in(ids.implode())).unique(
        "paper_id", keep=keep, maintain_order=True).select(
        "paper_id", pl.concat_str([pl.col(c).fill_null("") for c in cols], separator=". ").alias("text"))


def _dominant(defs: pl.DataFrame, cands: pl.DataFrame) -> dict[str, int]:
    """Keys whose main sense holds at least 90% of at least 10 defining papers and that have no
    sense from the known list: that sense (rule 6)."""
    with_known = set(cands.filter(pl.col("source") == "known list")["key"])
    per = defs.group_by("key", "sense").agg(pl.col("paper_id").n_unique().alias("n"))
    tot = per.group_by("key").agg(pl.col("n").sum().alias("t"), pl.col("n").max().alias("m"),
                                  pl.col("sense").sort_by("n", descending=True).first().alias("s"))
    ok = tot.filter((pl.col("t") >= _PRIOR_PAPERS) & (pl.col("m") >= _PRIOR_SHARE * pl.col("t")))
    return {k: s for k, s in ok.select("key", "s").iter_rows() if k not in with_known}


def _decide_rest(rest: pl.DataFrame, defs: pl.DataFrame, cands: pl.DataFrame, papers: pl.DataFrame) -> pl.DataFrame:
    """Rules 3-6 for the mentions not decided by the paper's own definition.

    Rules 3 and 5 read the words of the papers as integer stem ids
    (:mod:`paperkit.acronyms.evidence`), :data:`~paperkit.acronyms.evidence.SENSE_BATCH` papers
    at a time (read at call time): the words of a batch are held while its mentions are decided,
    not those of the whole corpus (a million papers' word sets took tens of GiB). Rule 4 reads
    the text around the mentions that reach it; rule 6 is one sense per short form."""
    keys = rest["key"].unique().implode()
    cands = cands.filter(pl.col("key").is_in(keys))
    defs = defs.filter(pl.col("key").is_in(keys))
    rest, found = _evidence(rest, defs, cands, papers)
    m = rest.join(found, on=["doc", "_k"], how="left").join(_measure_senses(cands), on="key", how="left")
    m = m.join(pl.DataFrame(list(_dominant(defs, cands).items()), schema={"key": pl.String(), "_dom": pl.UInt32()}, orient="row"),
               on="key", how="left")
    m = _measured(m, papers)
    rules = [("long_form_sense", "long form in text"), ("_measure", "measurement"), ("context_sense", "context"), ("_dom", "most definitions")]
    sense = pl.coalesce([pl.when(pl.col("_measured")).then(pl.col(c)) if c == "_measure" else pl.col(c) for c, _ in rules])
    ev = pl.lit("unknown")
    for c, name in reversed(rules):
        ev = pl.when((pl.col("_measured") & pl.col(c).is_not_null()) if c == "_measure" else pl.col(c).is_not_null()).then(pl.lit(name)).otherwise(ev)
    out = m.select("_i", sense.cast(pl.UInt32()).alias("sense"), ev.alias("evidence"))
    return rest.join(out, on="_i", how="left", maintain_order="left").drop("_i", "doc", "_k")


def _evidence(rest: pl.DataFrame, defs: pl.DataFrame, cands: pl.DataFrame, papers: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rules 3 and 5 for every paper and short form of ``rest``: ``rest`` with its row number
    ``_i``, paper number ``doc`` and key number ``_k``, and ``doc, _k, long_form_sense,
    context_sense``. Papers, keys and words are integers in the joins."""
    keys = rest.select(pl.col("key").unique(maintain_order=True)).with_row_index("_k")

    def coded(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(keys, on="key", how="left", maintain_order="left").with_columns(
            pl.col("key").str.replace(r":.*$", "").alias("base"), pl.col("_k").alias("key")).drop("_k")

    cands, defs = coded(cands), coded(defs)
    ids = evidence.StemIds()
    profiles = evidence.sense_profiles(cands, defs, _paper_texts(papers, defs["paper_id"].unique(), keep="last"), ids)
    lf_pairs = evidence.phrase_pairs(cands, ids)
    senses = cands.select("key", "sense")
    codes = rest.select(pl.col("paper_id").unique(maintain_order=True)).with_row_index("doc")
    rest = rest.with_row_index("_i").join(codes, on="paper_id", how="left", maintain_order="left").join(
        keys, on="key", how="left", maintain_order="left")
    texts = codes.join(_paper_texts(papers, codes["paper_id"], keep="first"), on="paper_id", how="left", maintain_order="left")
    mentioned = rest.select("doc", pl.col("_k").alias("key")).unique()
    batch = evidence.SENSE_BATCH
    parts = [pl.DataFrame(schema={"doc": pl.UInt32(), "key": pl.UInt32(), "long_form_sense": pl.UInt32(), "context_sense": pl.UInt32()})]
    for offset in range(0, texts.height, batch):
        part = texts.slice(offset, batch)
        tokens = ids.tokens(part.select("doc", "text"))
        docs = mentioned.filter(pl.col("doc").is_in(part["doc"].implode()))
        parts.append(evidence.paper_evidence(docs, tokens, lf_pairs, profiles, senses))
    return rest, pl.concat(parts).rename({"key": "_k"})


def _measure_senses(cands: pl.DataFrame) -> pl.DataFrame:
    """``key, _measure``: the keys with exactly one candidate sense that is a measure (rule 4)."""
    meas = [bool(m) or is_measure(lf) for m, lf in cands.select("measure", "long_form").iter_rows()]
    return (
        cands.select("key", "sense").filter(pl.Series(meas, dtype=pl.Boolean()))
        .group_by("key").agg(pl.col("sense").first().alias("_measure"), pl.len().alias("_k"))
        .filter(pl.col("_k") == 1).drop("_k")
    )


def _measured(m: pl.DataFrame, papers: pl.DataFrame) -> pl.DataFrame:
    """``_measured``: whether the text around a mention reads it as a measurement
    (:func:`is_measurement_use`), tested where rule 4 could decide."""
    need = m.filter(pl.col("long_form_sense").is_null() & pl.col("_measure").is_not_null())
    cols = [c for c in ("title", "abstract") if c in papers.columns]
    first = papers.select("paper_id", *cols).filter(pl.col("paper_id").is_in(need["paper_id"].implode())).unique("paper_id", keep="first")
    text = pl.coalesce([pl.when(pl.col("field") == c).then(pl.col(c)) for c in cols] + [pl.lit("")])
    lo = pl.max_horizontal(pl.col("start") - 40, 0)
    around = need.select("_i", "paper_id", "field", "start", "end").join(first, on="paper_id", how="left").select(
        "_i", text.str.slice(lo, pl.col("start") - lo).alias("_b"), text.str.slice(pl.col("end"), 30).alias("_a"))
    flags = [is_measurement_use(b, a) for b, a in around.select("_b", "_a").iter_rows()]
    hit = around.select("_i").with_columns(pl.Series("_measured", flags, dtype=pl.Boolean()))
    return m.join(hit, on="_i", how="left").with_columns(pl.col("_measured").fill_null(False))
