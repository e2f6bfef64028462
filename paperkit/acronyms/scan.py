"""Where short forms occur: the word scan shared by the glossary and :func:`acronym_mentions`.

A word (the text between spaces, without surrounding punctuation) is a mention when it is a
short form, its plural ("LLMs") or the head of a hyphenated compound ("LoRA-based"); matching
is case-sensitive. The whole column is split on spaces at once in polars.
"""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.fields import check_fields, field_texts
from paperkit.acronyms.senses import sf_key_expr
from paperkit.normalize import validate_papers

#: Papers whose words :func:`scan_mentions` (so :func:`paperkit.acronyms.acronym_mentions` and the
#: glossary) matches in one step: every word is a row meanwhile.
MENTION_BATCH = 20_000

_MENTION_SCHEMA = {
    "paper_id": pl.String(),
    "field": pl.String(),
    "short_form": pl.String(),
    "surface": pl.String(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "key": pl.String(),
}


def surface_forms(short_forms: pl.DataFrame) -> pl.DataFrame:
    """``surface, short_form, key`` from a frame with ``short_form`` (and optionally ``key``):
    each surface form points to its key's most frequent form."""
    if "short_form" not in short_forms.columns:
        raise ValueError(f"short_forms needs a 'short_form' column, got {short_forms.columns}")
    if "key" not in short_forms.columns:
        short_forms = short_forms.with_columns(sf_key_expr(pl.col("short_form")).alias("key"))
    display = short_forms.group_by("key").agg(pl.col("short_form").mode().sort().first().alias("_display"))
    return short_forms.join(display, on="key").select(
        pl.col("short_form").alias("surface"), pl.col("_display").alias("short_form"), "key"
    )


def _words(papers: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """Every space-separated word holding a capital, with its offset ``_w0``, the length of
    its opening punctuation ``_lead``, its ``_core`` and the ``_head`` before a hyphen.

    Only words holding a capital (A-Z) are kept, before any other work: a word's ``_core`` is
    part of the word, so a word without a capital has no core with one (most words of an
    abstract are lower case; dropping them first makes the scan about three times faster)."""
    words = field_texts(papers, fields).select("paper_id", "field", pl.col("text").str.split(" ").alias("word"))
    words = words.with_columns(
        pl.col("word").list.eval((pl.element().str.len_chars() + 1).cum_sum()).alias("_end"),
        pl.col("word").list.eval(pl.element().str.contains(r"[A-Z]").arg_true()).alias("_capital"),
    ).with_columns(pl.col("word", "_end").list.gather(pl.col("_capital"))).drop("_capital")
    return (
        words.explode("word", "_end", keep_nulls=False, empty_as_null=False)
        .with_columns(
            (pl.col("_end").cast(pl.Int64) - 1 - pl.col("word").str.len_chars()).alias("_w0"),
            pl.col("word").str.extract(r"^([\(\[\"'{]*)", 1).str.len_chars().alias("_lead"),
            pl.col("word").str.extract(r"^[\(\[\"'{]*(.*?)[\)\]\"'},.;:!?]*$", 1).alias("_core"),
        )
        .filter(pl.col("_core").str.contains(r"[A-Z]"))
        .with_columns(
            pl.col("_core").str.extract(r"^([^\-]+)-", 1).alias("_head"),
        )
    )


def scan_mentions(papers: pl.DataFrame, short_forms: pl.DataFrame, fields: tuple[str, ...],
          batch: int | None = None) -> pl.DataFrame:
    """Mentions (the frame of :func:`acronym_mentions`) of the ``surface`` forms in
    ``short_forms`` (``surface, short_form, key``) and their plurals, ``batch`` papers at a
    time (default :data:`MENTION_BATCH`, read at call time): every word of a text is one row
    while it is matched, so memory follows the batch, not the corpus; the batches are in order,
    so is the result."""
    batch = MENTION_BATCH if batch is None else batch
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    if papers.height > batch:
        return pl.concat([scan_mentions(papers.slice(offset, batch), short_forms, fields, batch)
                          for offset in range(0, papers.height, batch)])
    # each surface form and its plural point to the key
    lookup = pl.concat(
        [
            short_forms.select("surface", "short_form", "key"),
            short_forms.filter(~pl.col("surface").str.ends_with("s")).select(
                (pl.col("surface") + "s").alias("surface"), "short_form", "key"
            ),
        ]
    ).unique(subset=["surface"], keep="first")
    if papers.height == 0 or lookup.height == 0:
        return pl.DataFrame(schema=_MENTION_SCHEMA)
    words = _words(papers, fields)
    full = words.join(lookup, left_on="_core", right_on="surface", how="inner").with_columns(pl.col("_core").alias("surface"))
    head = (
        words.join(lookup.select(pl.col("surface").alias("_core")), on="_core", how="anti")
        .join(lookup, left_on="_head", right_on="surface", how="inner")
        .with_columns(pl.col("_head").alias("surface"))
    )
    found = pl.concat([full, head], how="diagonal_relaxed")
    order = pl.DataFrame({"paper_id": papers["paper_id"]}).with_row_index("_order")
    return (
        found.with_columns(
            (pl.col("_w0") + pl.col("_lead")).alias("start"),
        )
        .with_columns((pl.col("start") + pl.col("surface").str.len_chars()).alias("end"))
        .join(order, on="paper_id", how="left")
        .with_columns((pl.col("field") == "abstract").alias("_f"))
        .sort("_order", "_f", "start")
        .select(list(_MENTION_SCHEMA))
        .cast(_MENTION_SCHEMA)
    )


def mentions_of(papers: pl.DataFrame, short_forms: pl.DataFrame, fields) -> pl.DataFrame:
    """:func:`acronym_mentions` with ``short_forms`` given (checks its arguments)."""
    fields = check_fields(fields)
    validate_papers(papers, required=("paper_id", *fields))
    return scan_mentions(papers, surface_forms(short_forms), fields)
