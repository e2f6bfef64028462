"""One row per short form of a corpus: :func:`acronym_glossary`.
"""

from __future__ import annotations

import polars as pl

from paperkit.normalize import validate_papers
from paperkit.acronyms.extract import find_acronyms
from paperkit.acronyms.fields import _FIELDS
from paperkit.acronyms.scan import _mentions
from paperkit.acronyms.senses import _lf_key_expr, _senses, _sf_key_expr, _singular_expr


_GLOSSARY_SCHEMA = {
    "short_form": pl.String(),
    "long_form": pl.String(),
    "variants": pl.List(pl.String()),
    "long_form_variants": pl.List(pl.String()),
    "n_papers_defining": pl.UInt32(),
    "n_papers_using": pl.UInt32(),
    "n_mentions": pl.UInt32(),
    "first_date": pl.Date(),
    "last_date": pl.Date(),
    "ambiguous": pl.Boolean(),
    "main_share": pl.Float64(),
    "n_senses": pl.UInt32(),
    "long_forms": pl.List(pl.String()),
    "key": pl.String(),
}


def acronym_glossary(papers: pl.DataFrame, *, definitions: pl.DataFrame | None = None, min_papers: int = 1) -> pl.DataFrame:
    """One row per short form defined in a corpus: its canonical long form, variants and counts.

    Short forms are grouped case-, hyphen- and plural-insensitively ("LLM", "LLMs"); their long
    forms are grouped into *senses* by their content-word stems (Porter), so "convolutional
    neural network" and "Convolutional Neural Networks" are one sense and "conditional neural
    network" another (short forms inside a long form are expanded first: "Multimodal LLM" =
    "multimodal large language model"). A short form is ``ambiguous`` when a second sense is
    defined by at least 5% as many papers as the main sense, and by at least two papers unless
    the main sense has fewer than ten.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``, ``digest_date``).
    definitions
        Output of :func:`find_acronyms` on ``papers``, when already computed.
    min_papers
        Keep short forms defined by at least this many papers.

    Returns
    -------
    polars.DataFrame
        ``short_form`` (the most used surface form), ``long_form`` (the most frequent wording
        of the main sense), ``variants`` (short-form surface forms), ``long_form_variants``
        (wordings of the main sense), ``n_papers_defining``, ``n_papers_using`` (papers that
        mention it at all), ``n_mentions``, ``first_date``/``last_date`` (digest dates of the
        papers using it), ``ambiguous``, ``main_share`` (the share of the defining papers that
        define the main sense), ``n_senses``, ``long_forms`` (one wording per sense,
        main first) and ``key`` (the folded short form). Sorted by papers using it.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"],
    ...     "abstract": ["Large language models (LLMs) are big. LLMs talk.",
    ...                  "A large language model (LLM) helps.",
    ...                  "We use an LLM."],
    ...     "digest_date": [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]})
    >>> g = acronym_glossary(papers)
    >>> g.select("short_form", "long_form", "variants", "n_papers_defining", "n_papers_using", "n_mentions").rows()
    [('LLM', 'large language model', ['LLM', 'LLMs'], 2, 3, 4)]
    """
    validate_papers(papers, required=("paper_id", "title"))
    if definitions is None:
        fields = tuple(f for f in _FIELDS if f in papers.columns)
        definitions = find_acronyms(papers, fields=fields)
    if definitions.height == 0:
        return pl.DataFrame(schema=_GLOSSARY_SCHEMA)
    defs = definitions.with_columns(
        _sf_key_expr(pl.col("short_form")).alias("key"),
        _lf_key_expr(pl.col("long_form")).alias("lf_key"),
    )
    senses = _senses(defs)
    defs = defs.join(senses.select("key", "lf_key", "sense"), on=["key", "lf_key"], how="left")
    entries = _entries(defs, min_papers)
    used, singular = _usage(papers, defs)
    out = (
        entries.join(used, on="key", how="left")
        .join(singular, on="key", how="left")
        .with_columns(
            pl.coalesce(
                "_singular",
                pl.col("_surface").str.replace(r"([A-Z0-9])s$", "${1}"),
                pl.col("variants").list.first(),
            ).alias("short_form"),
            pl.col("n_papers_using").fill_null(pl.col("n_papers_defining")),
            pl.col("n_mentions").fill_null(0),
            (
                pl.col("_n1").is_not_null()
                & ((pl.col("_n1") >= 2) | (pl.col("_n0") < 10))
                & (pl.col("_n1") >= 0.05 * pl.col("_n0"))
            ).alias("ambiguous"),
            (pl.col("_n0") / pl.col("n_papers_defining")).alias("main_share"),
        )
    )
    return out.sort(["n_papers_using", "n_papers_defining", "key"], descending=[True, True, False]).select(list(_GLOSSARY_SCHEMA)).cast(_GLOSSARY_SCHEMA)


def _entries(defs: pl.DataFrame, min_papers: int) -> pl.DataFrame:
    """Per key defined by ``min_papers`` papers: papers defining it, its variants and senses,
    the main sense's wording(s) and papers (``_n0``), the largest other sense's papers (``_n1``)."""
    sense_rows = _sense_rows(defs)
    main = sense_rows.filter(pl.col("sense") == 0).select("key", pl.col("wording").alias("long_form"), pl.col("wordings").alias("long_form_variants"), pl.col("n").alias("_n0"))
    second = sense_rows.filter(pl.col("sense") > 0).group_by("key").agg(pl.col("n").max().alias("_n1"))
    per_key = (
        defs.group_by("key")
        .agg(
            pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_defining"),
            pl.col("short_form").unique().sort().alias("variants"),
            pl.col("sense").n_unique().cast(pl.UInt32()).alias("n_senses"),
        )
        # one-letter short forms ("action (A)") are definitions, but as words they are
        # everywhere ("A", "Q"): not glossary entries
        .filter((pl.col("n_papers_defining") >= min_papers) & (pl.col("key").str.len_chars() >= 2))
    )
    longs = sense_rows.group_by("key").agg(pl.col("wording").sort_by("sense").alias("long_forms"))
    return per_key.join(main, on="key", how="left").join(second, on="key", how="left").join(longs, on="key", how="left")


def _sense_rows(defs: pl.DataFrame) -> pl.DataFrame:
    """One row per ``key, sense``: papers defining it ``n``, its display ``wording`` and all
    its ``wordings``."""
    # display wording: sentence-initial capitals dropped ("Large language models" ->
    # "large language models"), singular wordings preferred, then the most frequent
    lfd = pl.col("long_form")
    sentence_case = lfd.str.contains(r"^[A-Z][a-z]+(?:[\s\-][^A-Z\s]*)*$")
    defs = defs.with_columns(
        pl.when(sentence_case).then(lfd.str.slice(0, 1).str.to_lowercase() + lfd.str.slice(1)).otherwise(lfd).alias("_display"),
    ).with_columns(pl.col("short_form").str.contains(r"[A-Z0-9]s$").alias("_plural"))
    return (
        defs.group_by("key", "sense")
        .agg(
            pl.col("paper_id").n_unique().alias("n"),
            pl.col("_display").filter(~pl.col("_plural")).mode().sort().first().alias("_w_singular"),
            pl.col("_display").mode().sort().first().alias("_w_any"),
            pl.col("long_form").unique().sort().alias("wordings"),
        )
        # shown in the singular: "Graphics Processing Units (GPUs)" -> "Graphics Processing Unit"
        .with_columns(_singular_expr(pl.coalesce("_w_singular", "_w_any")).alias("wording"))
        .sort("key", "sense")
    )


def _usage(papers: pl.DataFrame, defs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per key: papers using it, mentions, first and last dates and the most used surface
    ``_surface``; and the most used singular surface ``_singular``."""
    mentions = _mentions(papers, defs.select("short_form", "key").unique(), _FIELDS)
    if "digest_date" in papers.columns:
        mentions = mentions.join(papers.select("paper_id", "digest_date"), on="paper_id", how="left")
    else:
        mentions = mentions.with_columns(pl.lit(None, dtype=pl.Date()).alias("digest_date"))
    used = mentions.group_by("key").agg(
        pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_using"),
        pl.len().cast(pl.UInt32()).alias("n_mentions"),
        pl.col("digest_date").min().alias("first_date"),
        pl.col("digest_date").max().alias("last_date"),
        pl.col("surface").mode().sort().first().alias("_surface"),
    )
    # display form: the most used surface form, singular when both are used
    sf_counts = mentions.group_by("key", "surface").len()
    singular = sf_counts.filter(~pl.col("surface").str.contains(r"[A-Z0-9]s$")).sort("len", "surface", descending=[True, False]).group_by("key", maintain_order=True).first()
    return used, singular.select("key", pl.col("surface").alias("_singular"))
