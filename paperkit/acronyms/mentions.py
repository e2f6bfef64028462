"""Every use of a known short form in the titles and abstracts (:func:`acronym_mentions`), and
the sense each use means (:func:`acronym_uses`)."""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.fields import FIELDS, check_fields
from paperkit.acronyms.extract import find_acronyms
from paperkit.acronyms.glossary import resolve_senses, acronym_glossary
from paperkit.acronyms.scan import scan_mentions, surface_forms
from paperkit.normalize import validate_papers


def acronym_mentions(
    papers: pl.DataFrame,
    *,
    glossary: pl.DataFrame | None = None,
    short_forms: pl.DataFrame | None = None,
    fields: tuple[str, ...] | str = FIELDS,
    batch: int | None = None,
) -> pl.DataFrame:
    """Every use of a known short form in the titles and abstracts.

    A word (the text between spaces, without surrounding punctuation) is a mention when it is
    a short form seen in a definition, its plural ("LLMs"), or the head of a hyphenated
    compound ("LoRA-based"). Matching is case-sensitive: "LoRA" is a mention, "lora" is not.

    Parameters
    ----------
    papers
        A papers frame.
    glossary
        From :func:`acronym_glossary`; its ``variants`` are the short forms looked for.
        Computed from ``papers`` when neither ``glossary`` nor ``short_forms`` is given.
    short_forms
        Alternatively a frame with ``short_form`` (and optionally ``key``) columns.
    fields
        Which text columns to search.
    batch
        Papers whose words are matched in one step (default
        :data:`paperkit.acronyms.scan.MENTION_BATCH`, read at call time, so setting it also
        changes the glossary's); a smaller batch uses less memory, the result is the same.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``field``, ``short_form`` (the glossary's display form, or the form
        found), ``surface`` (as written), ``start``, ``end`` (character offsets into the field)
        and ``key`` (the folded short form).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a"], "title": ["LoRA-based tuning"],
    ...     "abstract": ["Low-Rank Adaptation (LoRA) adapts LLMs; lora is not LoRA."]})
    >>> acronym_mentions(papers, short_forms=pl.DataFrame({"short_form": ["LoRA", "LLM"]})).select(
    ...     "field", "surface", "start", "end").rows()
    [('title', 'LoRA', 0, 4), ('abstract', 'LoRA', 21, 25), ('abstract', 'LLMs', 34, 38), ('abstract', 'LoRA', 52, 56)]
    """
    fields = check_fields(fields)
    validate_papers(papers, required=("paper_id", *fields))
    if short_forms is not None:
        return scan_mentions(papers, surface_forms(short_forms), fields, batch)
    if glossary is None:
        glossary = acronym_glossary(papers)
    surfaces = glossary.select(pl.col("variants").alias("surface"), "short_form", "key").explode(
        "surface", keep_nulls=False, empty_as_null=False
    )
    return scan_mentions(papers, surfaces, fields, batch)


def acronym_uses(papers: pl.DataFrame, *, definitions: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every use of a short form with the sense it means in its paper (sense per use).

    The rules are those of :mod:`paperkit.acronyms.usage`: the paper's own definition, the only
    sense, the long form's words in the paper, a number next to a measure ("19.5 FPS"), words
    shared with the papers defining a sense, a sense that nearly all definitions give; else the
    sense is unknown (null).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``).
    definitions
        Output of :func:`~paperkit.acronyms.find_acronyms` on ``papers``, when already computed.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``field``, ``surface`` (as written), ``start``, ``end``, ``key``,
        ``long_form`` (the sense, null when unknown), ``source`` (``"corpus"`` or
        ``"known list"``) and ``evidence`` (``"defined here"``, ``"only sense"``, ``"long form
        in text"``, ``"measurement"``, ``"context"``, ``"most definitions"`` or ``"unknown"``).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"], "abstract": [
    ...     "Masked autoencoders (MAE) learn visual representations by reconstruction.",
    ...     "We report the mean absolute error (MAE) of the forecasts.",
    ...     "Our forecaster lowers the error: MAE = 0.172 on the benchmark."]})
    >>> acronym_uses(papers).select("paper_id", "long_form", "evidence").rows()
    [('a', 'masked autoencoder', 'defined here'), ('b', 'mean absolute error', 'defined here'), ('c', 'mean absolute error', 'measurement')]
    """
    validate_papers(papers, required=("paper_id", "title"))
    if definitions is None:
        definitions = find_acronyms(papers, fields=tuple(f for f in FIELDS if f in papers.columns))
    if definitions.height == 0:
        return pl.DataFrame(schema=_USE_SCHEMA)
    _, cands, uses = resolve_senses(papers, definitions)
    return (
        uses.join(cands.select("key", "sense", "long_form", "source"), on=["key", "sense"], how="left")
        .select(list(_USE_SCHEMA))
        .cast(_USE_SCHEMA)
    )


_USE_SCHEMA = {
    "paper_id": pl.String(), "field": pl.String(), "surface": pl.String(), "start": pl.Int64(), "end": pl.Int64(),
    "key": pl.String(), "long_form": pl.String(), "source": pl.String(), "evidence": pl.String(),
}
