"""The common definitions decided in polars for the whole column (about 86 % of them).

Initials (or camel-case chunks) of the short form start the last words before the
parenthesis (:func:`fast_definitions`), or the short form is spelled inside the one word
before it (:func:`fast_in_word`).
"""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.patterns import (
    FUNC_SPACED,
    FUNC_UPPER,
    MAX_FAST,
    MAX_PARTS,
    PARTS_CHARS,
    PL_CUT,
    PL_PART,
    SKIPPABLE,
)
from paperkit.text import acronym_singular_expr


EMPTY_FAST = {"_row": pl.UInt32(), "p": pl.Int64(), "q": pl.Int64(), "short_form": pl.String(), "long_form": pl.String(),
               "pattern": pl.String(), "sf_start": pl.Int64(), "sf_end": pl.Int64(), "lf_start": pl.Int64(), "lf_end": pl.Int64()}


def _fast_combo(frame: pl.DataFrame, want: str, chunked: bool, prio: int) -> pl.DataFrame:
    """Matches of one (tokenisation, letters-or-chunks) combination of :func:`fast_definitions`
    (``frame`` has the tokens ``_toks`` and their reversed initials ``_rev``)."""
    el = pl.element()
    f = frame.select("_i", "_sf", "_prev", "_chunks", "_toks", "_rev", pl.col(want).alias("_v"))
    r, v = pl.col("_rev"), pl.col("_v")
    n = v.str.len_chars()
    content = r.str.replace_all(r"[A-Z]", "")
    all_ok = (r.str.to_lowercase().str.slice(0, n) == v) & ~r.str.slice(n - 1, 1).str.contains(r"[A-Z]")
    content_ok = (content.str.slice(0, n) == v) & (content.str.len_chars() >= n)
    # tokens spanned when function words are skipped: up to the n-th lower-case initial
    k_content = r.str.extract_all(r"[A-Z]*[^A-Z]").list.head(n).list.eval(el.str.len_chars()).list.sum().cast(pl.Int64)
    f = f.with_columns(
        pl.when(all_ok).then(n.cast(pl.Int64)).when(content_ok).then(k_content).otherwise(0).fill_null(0).alias("_k"),
        all_ok.fill_null(False).alias("_all"),
    ).filter(pl.col("_k") > 0)
    full = pl.col("_toks").list.tail(pl.col("_k")).list.join("")
    f = f.with_columns(full.alias("_full"))
    fullc = pl.col("_full")
    lf = fullc.str.replace(r"[^A-Za-z0-9]+$", "")
    pos = pl.col("_prev").str.len_chars().cast(pl.Int64) - fullc.str.len_chars().cast(pl.Int64) - 1
    before = pl.when(pos >= 0).then(pl.col("_prev").str.slice(pos, 1)).otherwise(pl.lit(" "))
    n_letters = n.cast(pl.Int64)
    ok = (
        ~lf.str.contains(PL_CUT)
        & (lf.str.len_chars() > pl.col("_sf").str.len_chars())
        & (lf.str.count_matches(r"\S+") <= pl.min_horizontal(n_letters + 5, 2 * n_letters))
        & before.str.contains(r"^[\s(\[{\"\u201c]$")
        & lf.str.contains(r"^[A-Za-z0-9]")
    )
    f = f.filter(ok.fill_null(False))
    if chunked:
        # each chunk begins its word ("Lo" ~ "Low-"): tokens of the long form that carry a letter
        toks_used = (
            f.select(
                "_i", "_all",
                pl.col("_toks").list.tail(pl.col("_k")).alias("_t"),
                pl.col("_rev").str.slice(0, pl.col("_k")).str.reverse().str.split("").alias("_m"),
            )
            .explode("_t", "_m", keep_nulls=False, empty_as_null=False)
            .filter(pl.col("_all") | ~pl.col("_m").str.contains(r"[A-Z]"))
            .with_columns(pl.int_range(pl.len()).over("_i").alias("_j"))
        )
        chunks = f.select("_i", "_chunks").explode("_chunks", keep_nulls=False, empty_as_null=False).with_columns(
            pl.int_range(pl.len()).over("_i").alias("_j")
        )
        good = (
            toks_used.join(chunks, on=["_i", "_j"], how="inner")
            .group_by("_i")
            .agg(pl.col("_t").str.to_lowercase().str.starts_with(pl.col("_chunks").str.to_lowercase()).all().alias("_ok"))
            .filter(pl.col("_ok"))
        )
        f = f.join(good.select("_i"), on="_i", how="semi")
    return f.select("_i", pl.lit(prio).alias("_prio"), lf.alias("long_form"), fullc.str.len_chars().cast(pl.Int64).alias("_full_len"))


def fast_definitions(cands: pl.DataFrame) -> pl.DataFrame:
    """The common cases decided in polars for the whole column (see :func:`fast_match`, its
    scalar twin): the short form's letters, or its chunks ("LoRA" -> "Lo", "R", "A"), start the
    last words or hyphen parts before the parenthesis, all of them ("Mixture of Experts (MoE)")
    or all but function words ("Reinforcement Learning from Human Feedback (RLHF)"). Returns
    those definitions with ``_row, p, q`` and offsets; the other candidates are left to Python.
    """
    inner = pl.col("_inner")
    sfc = pl.col("_sf")
    frame = cands.filter(
        sfc.str.contains(r"^[A-Za-z]+(?:-[A-Za-z]+)*$")
        & sfc.str.contains(r"[A-Z]")
        & sfc.str.len_chars().is_between(2, MAX_FAST + 2)
        & pl.col("_prev").str.contains(r"[A-Za-z0-9]\s*$")
    )
    letters = sfc.str.replace_all("-", "")
    frame = frame.with_columns(acronym_singular_expr(letters).alias("_letters")).with_columns(
        pl.col("_letters").str.extract_all(r"^[a-z]+|[A-Z][a-z]*").alias("_chunks")
    ).filter(pl.col("_chunks").list.len().is_between(2, MAX_FAST))
    # cheap test first: the last word starts with the short form's last capital or letter
    # (of the last hyphen part or of the last word between spaces: "meta-learning")
    last_chunk = pl.col("_chunks").list.last().str.slice(0, 1).str.to_lowercase()
    last_letter = pl.col("_letters").str.slice(-1, 1).str.to_lowercase()
    def starts_with_last(w: pl.Expr) -> pl.Expr:
        w = w.str.to_lowercase()
        return ((w == last_chunk) | (w == last_letter)).fill_null(False)

    frame = frame.with_columns(
        starts_with_last(pl.col("_prev").str.extract(r"([A-Za-z0-9])[A-Za-z0-9]*\s*$", 1)).alias("_ok")
    )
    # the costlier test on the last word between spaces only where the first fails
    frame = pl.concat([
        frame.filter(pl.col("_ok")),
        frame.filter(~pl.col("_ok")).filter(
            starts_with_last(pl.col("_prev").str.extract(r"(?:^|\s)[^A-Za-z0-9\s]*([A-Za-z0-9])\S*\s*$", 1))
        ),
    ]).drop("_ok").with_row_index("_i")
    if frame.height == 0:
        return pl.DataFrame(schema=EMPTY_FAST)
    frame = frame.join(_fast_matches(frame), on="_i", how="inner")
    lead = inner.str.len_chars() - inner.str.strip_chars_start().str.len_chars()
    lf_start = pl.col("p") - pl.col("_full_len")
    return frame.select(
        "_row", "p", "q",
        pl.col("_sf").alias("short_form"),
        "long_form",
        pl.lit("long_short").alias("pattern"),
        (pl.col("p") + 1 + lead).cast(pl.Int64()).alias("sf_start"),
        (pl.col("p") + 1 + lead + pl.col("_sf").str.len_chars()).cast(pl.Int64()).alias("sf_end"),
        lf_start.cast(pl.Int64()).alias("lf_start"),
        (lf_start + pl.col("long_form").str.len_chars()).cast(pl.Int64()).alias("lf_end"),
    )


def _fast_matches(frame: pl.DataFrame) -> pl.DataFrame:
    """The matches of :func:`fast_definitions`, one per candidate ``_i``: each tokenisation
    (words and hyphen parts, then words between spaces) tried with the letters, then the
    chunks, of the short form; a candidate matched once is not tried again."""
    el = pl.element()
    frame = frame.with_columns(
        pl.col("_letters").str.to_lowercase().str.reverse().alias("_vl"),
        pl.col("_chunks").list.eval(el.str.slice(0, 1)).list.join("").str.to_lowercase().str.reverse().alias("_vc"),
        pl.col("_prev").str.tail(PARTS_CHARS).alias("_tail"),
    )
    # initials, last first, with function words in capitals ("EoM" for "Mixture of Experts"):
    # the lower-cased text with free-standing function words capitalised (spaces doubled so
    # that neighbours do not overlap)
    spaced = (" " + pl.col("_tail") + " ").str.to_lowercase().str.replace_all(" ", "  ", literal=True)
    frame = frame.with_columns(spaced.str.replace_many(FUNC_SPACED, FUNC_UPPER).alias("_marked"))
    marked = pl.col("_marked")
    tokenisations = [
        (  # words and hyphen parts
            pl.col("_tail").str.extract_all(PL_PART).list.tail(MAX_PARTS),
            marked.str.extract_all(r"[A-Za-z0-9]+").list.tail(MAX_PARTS).list.eval(el.str.slice(0, 1)),
        ),
        (  # words between spaces
            pl.col("_tail").str.extract_all(r"\S+\s*").list.tail(MAX_PARTS),
            marked.str.extract_all(r"\S+").list.tail(MAX_PARTS).list.eval(el.str.extract(r"([A-Za-z0-9])", 1).fill_null("?")),
        ),
    ]
    found = []
    rest = frame
    prio = 0
    for toks, inits in tokenisations:
        rest = rest.with_columns(toks.alias("_toks"), inits.list.join("").str.reverse().alias("_rev"))
        for want, chunked in (("_vl", False), ("_vc", True)):
            hit = _fast_combo(rest, want, chunked, prio)
            found.append(hit)
            rest = rest.join(hit.select("_i"), on="_i", how="anti")
            prio += 1
    return pl.concat(found)


def fast_in_word(cands: pl.DataFrame) -> pl.DataFrame:
    """Short forms spelled inside the one word before the parenthesis ("autoregressive (AR)",
    "proopiomelanocortin (POMC)"), decided in polars exactly as :func:`_define_in_word` does for
    candidates that the initials did not explain."""
    sfc = pl.col("_sf")
    frame = cands.filter(
        sfc.str.contains(r"^[A-Za-z][A-Za-z0-9]{1,12}$") & pl.col("_prev").str.ends_with(" ")
    ).with_columns(
        pl.col("_prev").str.strip_chars_end(" ~").str.extract(r"(?:^|\s)([A-Za-z][A-Za-z\-]*[a-z][0-9]{0,2})$", 1).alias("_w"),
        sfc.str.to_lowercase().alias("_l"),
    ).filter(pl.col("_w").is_not_null())
    w = pl.col("_w").str.to_lowercase()
    frame = frame.filter(
        (w.str.slice(0, 1) == pl.col("_l").str.slice(0, 1))
        & (pl.col("_w").str.len_chars() >= pl.col("_l").str.len_chars() + 3)
        & ~w.is_in(sorted(SKIPPABLE))
    ).with_columns(w.alias("_lw"), pl.lit(0, dtype=pl.Int64).alias("_pos"))
    for k in range(1, 13):  # the other letters in order inside the word
        c = pl.col("_l").str.slice(k, 1)
        rel = pl.col("_lw").str.slice(pl.col("_pos") + 1).str.find(c, literal=True)
        frame = frame.with_columns(
            pl.when(c == "").then(pl.col("_pos")).otherwise(pl.col("_pos") + 1 + rel).alias("_pos")
        ).filter(pl.col("_pos").is_not_null())
    inner = pl.col("_inner")
    lead = inner.str.len_chars() - inner.str.strip_chars_start().str.len_chars()
    trail = pl.col("_prev").str.len_chars() - pl.col("_prev").str.strip_chars_end(" ~").str.len_chars()
    lf_end = pl.col("p") - trail
    return frame.select(
        "_row", "p", "q",
        pl.col("_sf").alias("short_form"),
        pl.col("_w").alias("long_form"),
        pl.lit("long_short").alias("pattern"),
        (pl.col("p") + 1 + lead).cast(pl.Int64()).alias("sf_start"),
        (pl.col("p") + 1 + lead + sfc.str.len_chars()).cast(pl.Int64()).alias("sf_end"),
        (lf_end - pl.col("_w").str.len_chars()).cast(pl.Int64()).alias("lf_start"),
        lf_end.cast(pl.Int64()).alias("lf_end"),
    )
