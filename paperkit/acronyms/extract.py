"""Definitions in a papers frame: :func:`find_acronyms` wires candidates, fast path,
the scalar matcher and title names together.
"""

from __future__ import annotations

import polars as pl

from paperkit.normalize import validate_papers
from paperkit.acronyms.candidates import bracket_texts, letters_in_order, paren_candidates
from paperkit.acronyms.definitions import decide
from paperkit.acronyms.fastpath import EMPTY_FAST, fast_definitions, fast_in_word
from paperkit.acronyms.fields import check_fields, FIELDS, field_texts
from paperkit.acronyms.patterns import LABEL_AFTER, LABEL_BEFORE, SENTENCE_CHARS, WINDOW_CHARS
from paperkit.acronyms.shortforms import Definition
from paperkit.acronyms.titles import title_names


_DEF_SCHEMA = {
    "paper_id": pl.String(),
    "field": pl.String(),
    "short_form": pl.String(),
    "long_form": pl.String(),
    "pattern": pl.String(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "sf_start": pl.Int64(),
    "sf_end": pl.Int64(),
    "lf_start": pl.Int64(),
    "lf_end": pl.Int64(),
    "sentence": pl.String(),
}


def _with_sentences(found: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Add ``sentence``: the text around ``start``..``end`` from the last ". " before it to
    the next ". " after it, at most ``SENTENCE_CHARS`` either side (polars, vectorised)."""
    text = pl.col("text")
    lo = pl.max_horizontal(pl.col("start") - SENTENCE_CHARS, pl.lit(0))
    # the text around the definition, then everything up to the last ". " before it dropped
    # and everything after the first ". " after it
    around = text.str.slice(lo, pl.col("end") - lo + SENTENCE_CHARS)
    frame = found.with_columns(
        # one chunk: a gather from a chunked string column copies each (long) text per definition
        pl.Series("text", texts["text"].rechunk()).gather(found["_row"]).alias("text")
    ).with_columns(around.alias("_around"), (pl.col("start") - lo).alias("_s"), (pl.col("end") - lo).alias("_e"))
    head = pl.col("_around").str.slice(0, pl.col("_s")).str.replace(r"^(?s).*\. ", "")
    tail = pl.col("_around").str.slice(pl.col("_e")).str.replace(r"\. (?s).*$", ".")
    body = pl.col("_around").str.slice(pl.col("_s"), pl.col("_e") - pl.col("_s"))
    return frame.with_columns((head + body + tail).alias("sentence")).drop("text", "_around", "_s", "_e")


def _drop_labels(found: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Drop one-word definitions written as labels in a list of labels ("Happiness(HA),
    Motion(MI)": "(" attached to the word, another such item beside it)."""
    text = pl.Series("_t", texts["text"].rechunk()).gather(found["_row"])
    f = found.with_columns(text)
    t, lf_start, lf_end = pl.col("_t"), pl.col("lf_start"), pl.col("lf_end")
    one_word = (lf_end == pl.col("p")) & ~t.str.slice(lf_start, lf_end - lf_start).str.contains(r"[\s\-]")
    label = one_word & (
        t.str.slice(pl.col("q") + 1, 40).str.contains(LABEL_AFTER)
        | t.str.slice(pl.max_horizontal(lf_start - 40, pl.lit(0)), pl.min_horizontal(lf_start, pl.lit(40))).str.contains(LABEL_BEFORE)
    )
    return f.filter(~label.fill_null(False)).drop("_t")


def _definitions(texts: pl.DataFrame) -> pl.DataFrame:
    """Definitions in a ``paper_id, field, text`` frame (offsets into ``text``)."""
    texts = texts.with_row_index("_row")
    paren = bracket_texts(texts.select("_row", "text"))
    cands = paren_candidates(paren)
    fast = fast_definitions(cands)
    fast = pl.concat([
        fast.select(list(EMPTY_FAST)).cast(EMPTY_FAST),
        fast_in_word(cands.join(fast.select("_row", "p"), on=["_row", "p"], how="anti")).cast(EMPTY_FAST),
    ])
    rows = []
    rest = letters_in_order(cands.join(fast.select("_row", "p"), on=["_row", "p"], how="anti"), paren)
    # Python strings only for the texts the matcher reads
    needed = paren.filter(pl.col("_row").is_in(rest["_row"].unique().implode()))
    paren_list = dict(zip(needed["_row"].to_list(), needed["text"].to_list()))
    # a decision depends only on the text from WINDOW_CHARS before "(" to ")": decided once per
    # distinct context ("diffusion models (DMs)" recurs across abstracts), offsets kept relative
    cache: dict[str, Definition | None] = {}
    for row, p, q, after in rest.select("_row", "p", "q", "_after").iter_rows():
        text = paren_list[row]
        lo = max(0, p - WINDOW_CHARS)
        ctx = text[lo:q + 1]
        if ctx in cache:
            d = cache[ctx]
        else:
            d = cache[ctx] = decide(ctx, p - lo, q - lo, fast=False, after=after)
        if d is not None:
            rows.append((row, p, q, d.short_form, d.long_form, d.pattern,
                         lo + d.sf_start, lo + d.sf_end, lo + d.lf_start, lo + d.lf_end))
    slow = pl.DataFrame(rows, schema=EMPTY_FAST, orient="row")
    found = pl.concat([fast.select(list(EMPTY_FAST)).cast(EMPTY_FAST), slow]).with_columns(
        pl.min_horizontal("sf_start", "lf_start").alias("start"),
        (pl.col("q") + 1).alias("end"),
    )
    found = _drop_labels(found, texts)
    found = _with_sentences(found, texts)
    return (
        texts.select("_row", "paper_id", "field")
        .join(found, on="_row", how="inner")
        .sort("_row", "start", "sf_start")
        .select(list(_DEF_SCHEMA))
        .cast(_DEF_SCHEMA)
    )


def find_acronyms(papers: pl.DataFrame, *, fields: tuple[str, ...] | str = FIELDS, names: bool = True) -> pl.DataFrame:
    """Acronym definitions in the titles and abstracts of a papers frame.

    Schwartz & Hearst (2003) extended (see the module docstring): *long form (SF)*,
    *SF (long form)*, and title names matched to the words after the colon.

    Parameters
    ----------
    papers
        A papers frame (needs ``paper_id`` and the ``fields``).
    fields
        Which text columns to search: ``"title"``, ``"abstract"`` or both.
    names
        Also match title names ("DyLoRA: ...") to words after the colon (pattern
        ``title_name``); names that match nothing are left to :func:`title_names`.

    Returns
    -------
    polars.DataFrame
        One row per definition: ``paper_id``, ``field`` (``title``/``abstract``),
        ``short_form``, ``long_form``, ``pattern`` (``long_short``, ``short_long``,
        ``title_name``), ``start``/``end`` (the whole definition: from its first character
        to just after the closing parenthesis; for title names from the name to the end of
        the long form),
        ``sf_start``/``sf_end`` and ``lf_start``/``lf_end`` (each form), and ``sentence``.
        Offsets are characters in the (cleaned) field text.

    References
    ----------
    .. [1] Schwartz, A. S., & Hearst, M. A. (2003). A simple algorithm for identifying
       abbreviation definitions in biomedical text. *PSB* 8, 451-462.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2106.09685"],
    ...     "title": ["LoRA: Low-Rank Adaptation of Large Language Models"],
    ...     "abstract": ["We propose Low-Rank Adaptation (LoRA) for large language models (LLMs)."]})
    >>> find_acronyms(papers).select("field", "short_form", "long_form", "pattern", "sf_start").rows()
    [('title', 'LoRA', 'Low-Rank Adaptation', 'title_name', 0), ('abstract', 'LoRA', 'Low-Rank Adaptation', 'long_short', 32), ('abstract', 'LLMs', 'large language models', 'long_short', 65)]
    """
    fields = check_fields(fields)
    validate_papers(papers, required=("paper_id", *fields))
    if papers.height == 0:
        return pl.DataFrame(schema=_DEF_SCHEMA)
    found = _definitions(field_texts(papers, fields))
    if names and "title" in fields:
        tn = title_names(papers).filter(pl.col("long_form").is_not_null())
        tn = tn.join(papers.select("paper_id", "title"), on="paper_id", how="left").select(
            "paper_id",
            pl.lit("title").alias("field"),
            pl.col("name").alias("short_form"),
            "long_form",
            pl.lit("title_name").alias("pattern"),
            pl.lit(0, dtype=pl.Int64()).alias("start"),
            pl.col("lf_end").alias("end"),
            pl.lit(0, dtype=pl.Int64()).alias("sf_start"),
            pl.col("name").str.len_chars().cast(pl.Int64()).alias("sf_end"),
            "lf_start",
            "lf_end",
            pl.col("title").alias("sentence"),
        )
        order = pl.DataFrame({"paper_id": papers["paper_id"]}).with_row_index("_order")
        found = (
            pl.concat([tn, found])
            .join(order, on="paper_id", how="left")
            .with_columns((pl.col("field") == "abstract").alias("_f"))
            .sort("_order", "_f", "start", maintain_order=True)
            .drop("_order", "_f")
        )
    return found
