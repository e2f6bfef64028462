"""Which parentheses could hold a definition? Candidates for a whole column, in polars.
"""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.patterns import (
    PL_ROMAN,
    NAME_LIST,
    INNER_CHARS,
    MAX_SF_CHARS,
    PL_DOTTED,
    PL_HAS_UPPER_PREV,
    PL_PREV_SF,
    PL_REMARK,
    PL_REMARK_OPENS,
    WINDOW_CHARS,
)


def bracket_texts(texts: pl.DataFrame) -> pl.DataFrame:
    """``texts`` with "[ ]" read as "( )" and line breaks as spaces (same offsets); only the
    few rows that have them are rewritten."""
    needs = pl.col("text").str.contains(r"[\[\]\n\r\t]")
    fixed = texts.filter(needs).with_columns(
        pl.col("text").str.replace_many(["[", "]", "\n", "\r", "\t"], ["(", ")", " ", " ", " "])
    )
    return pl.concat([texts.filter(~needs), fixed]).sort("_row")


def paren_candidates(texts: pl.DataFrame) -> pl.DataFrame:
    """Every ``( ... )`` (or ``[ ... ]``) that could hold a definition, as ``_row, p, q``
    (offsets of the brackets), ``_prev`` (the text before, at most ``WINDOW_CHARS``) and
    ``_inner``, found with polars over the whole column.

    A candidate is kept when its inside looks like a short form (*long form (SF)*), or when
    the word before it looks like an acronym (*SF (long form)*); everything else ("(see
    Table 2)", "(2023)") is dropped here.
    """
    text = pl.col("text")
    piece = pl.col("piece")
    lists = texts.select(
        pl.col("_row"),
        text.str.split("(").alias("piece"),
    ).filter(piece.list.len() > 1)
    lists = lists.select(
        "_row",
        piece.list.eval((pl.element().str.len_chars() + 1).cum_sum()).list.head(piece.list.len() - 1).alias("_open"),
        piece.list.eval(pl.element().str.tail(WINDOW_CHARS)).list.head(piece.list.len() - 1).alias("_prev"),
        piece.list.slice(1).list.eval(pl.element().str.extract(r"^([^)]*)\)", 1)).alias("_inner"),
    )
    c = lists.explode("_open", "_prev", "_inner", keep_nulls=False, empty_as_null=False).filter(
        pl.col("_inner").is_not_null() & (pl.col("_inner").str.len_chars() <= INNER_CHARS)
    )
    inner = pl.col("_inner")
    prev = pl.col("_prev")
    sf = inner.str.strip_chars().str.extract(r"^([^;,]*)", 1).str.strip_chars_end(" '\u2019")
    c = c.with_columns((pl.col("_open").cast(pl.Int64) - 1).alias("p"), sf.alias("_sf"))
    sfc = pl.col("_sf")
    looks_sf = (
        sfc.str.contains(r"^[A-Za-z0-9][^\s;,()]{0,12}(?:\s[^\s;,()]{1,9})?$")
        & sfc.str.contains(r"[A-Za-z]")
        & ~sfc.str.contains(PL_DOTTED)
        & (~sfc.str.contains(PL_REMARK) | (sfc.str.len_chars() == 1) | (sfc == sfc.str.to_uppercase()))
        & (sfc.str.contains(r"[A-Z0-9]") | (sfc.str.contains(r"^[a-z]{1,5}$") & ~sfc.str.contains(PL_ROMAN)))
    )
    # "(long form, SF)": the short form after the comma has a capital (or a character
    # outside ASCII that may be one), as _define_inner_pair requires: not "(e.g., dog)"
    inner_pair = inner.str.contains(r"^[^,;]+,\s*[A-Za-z0-9][^\s,;]{0,12}(?:\s[^\s,;]{1,9})?\s*$") & inner.str.contains(
        r",[^,]*(?:[A-Z]|[^\x00-\x7F])"
    )
    # "SF (long form)": the word before may be an acronym, and the inside has two words and
    # does not open with a remark ("LVLM (e.g. LLaVA)"), as _define_short_long requires
    after_acronym = (
        prev.str.contains(PL_PREV_SF)
        & prev.str.contains(PL_HAS_UPPER_PREV)
        & inner.str.contains(r"\S\s+\S")
        & ~inner.str.strip_chars().str.contains(PL_REMARK_OPENS)
    ) | inner_pair
    c = c.with_columns(looks_sf.alias("_looks_sf"), after_acronym.alias("_after")).filter(
        (pl.col("_looks_sf") | pl.col("_after")) & ~_name_list(inner)
    )
    # (no "first letter reachable" prefilter here: on 30k abstracts it took more than half of
    # this stage, 0.15 of 0.27 s, to drop 1.5% of the candidates, which the stages below reject
    # in ~0.05 s; the definitions are the same)
    return c.select(
        "_row", "p", (pl.col("p") + 1 + inner.str.len_chars()).alias("q"), "_prev", "_inner", "_sf", "_after"
    )


def _name_list(inner: pl.Expr) -> pl.Expr:
    """Whether the text inside parentheses lists names ("DiT, U-ViT, HDiT"): tokens with a
    capital separated by commas or semicolons, the first two different up to case and a plural
    ("SVM; SVMs" is one short form)."""
    first = inner.str.extract(r"^\s*([^\s,;]+)", 1).str.to_lowercase().str.strip_suffix("s")
    second = inner.str.extract(r"[,;]\s*(?:(?:and|or)\s+)?([^\s,;]+)", 1).str.to_lowercase().str.strip_suffix("s")
    return inner.str.contains(NAME_LIST) & (first != second).fill_null(True)


def letters_in_order(cands: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Drop *long form (SF)* candidates whose short-form letters (digits and a final "s" left
    out) do not appear in order in the last words before the parenthesis that the matchers
    read (at most ``min(n + 5, 2 n)``, see :func:`_define_long_short`): a necessary condition
    of every letter matcher (:func:`match_window`, :func:`_define_in_word`), tested in polars for the
    whole column. Candidates that may read *SF (long form)* are kept, and so are the few whose
    words are not ASCII."""
    if cands.height == 0:
        return cands
    lo = pl.max_horizontal(pl.col("p") - WINDOW_CHARS, pl.lit(0))
    frame = cands.with_row_index("_k")
    keep = frame.filter(pl.col("_after"))
    # the matchers read at most min(n + 5, 2 n) words before "(" (n letters in the short form,
    # at most its length; "İ" lower-cases to two characters): only those words are searched
    sf_len = pl.col("_sf").str.len_chars().cast(pl.Int64) + pl.col("_sf").str.count_matches("\u0130", literal=True)
    max_words = pl.max_horizontal(pl.min_horizontal(sf_len + 5, 2 * sf_len), pl.lit(1))
    test = frame.filter(~pl.col("_after"))
    # the last max_words words: space-separated pieces, as many more as a run of spaces may
    # leave empty (a piece may hold several words when other whitespace separates them:
    # more text is searched, never less). Regex replacements are slow here: none is used
    w = pl.col("_w")
    # One chunk first: a gather from a chunked string column copies every string it takes
    # (definitions x text length in memory); from one chunk it only copies views.
    test = test.with_columns(pl.Series("_w", texts["text"].rechunk()).gather(test["_row"])).with_columns(
        w.str.slice(lo, pl.col("p") - lo).str.strip_chars_end(" ~")
    ).with_columns(
        w.str.split(" ").list.tail(max_words + 2 * w.str.count_matches("  ", literal=True)).list.join(" "),
        pl.col("_sf").str.to_lowercase().str.replace_all(r"[^a-z]", "").str.replace(r"(.)s$", "${1}").alias("_l"),
    )
    # ``str.find`` gives bytes and ``str.slice`` counts characters: only ASCII words are
    # searched (0.2% of arXiv windows are not; they are kept)
    ascii_only = ~w.str.contains(r"[^\x00-\x7F]")
    keep = pl.concat([keep, test.filter(~ascii_only).select(keep.columns)])
    test = test.filter(ascii_only)
    test = test.with_columns(w.str.to_lowercase(), pl.lit(-1, dtype=pl.Int64).alias("_pos"))
    longest = test["_l"].str.len_chars().max() or 0
    for k in range(min(longest, MAX_SF_CHARS + 3)):  # letters past the longest are all ""
        c = pl.col("_l").str.slice(k, 1)
        rel = pl.col("_w").str.slice(pl.col("_pos") + 1).str.find(c, literal=True)
        test = test.with_columns(
            pl.when(c == "").then(pl.col("_pos")).otherwise(pl.col("_pos") + 1 + rel).alias("_pos")
        ).filter(pl.col("_pos").is_not_null())
    return pl.concat([keep.select("_k", *cands.columns), test.select("_k", *cands.columns)]).sort("_k").select(cands.columns)
