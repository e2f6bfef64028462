"""Every use of a known short form in the titles and abstracts: :func:`acronym_mentions`."""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.fields import _FIELDS, _check_fields
from paperkit.acronyms.glossary import acronym_glossary
from paperkit.acronyms.scan import _scan, _surfaces
from paperkit.normalize import validate_papers


def acronym_mentions(
    papers: pl.DataFrame,
    *,
    glossary: pl.DataFrame | None = None,
    short_forms: pl.DataFrame | None = None,
    fields: tuple[str, ...] | str = _FIELDS,
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
    fields = _check_fields(fields)
    validate_papers(papers, required=("paper_id", *fields))
    if short_forms is not None:
        return _scan(papers, _surfaces(short_forms), fields)
    if glossary is None:
        glossary = acronym_glossary(papers)
    surfaces = glossary.select(pl.col("variants").alias("surface"), "short_form", "key").explode(
        "surface", keep_nulls=False, empty_as_null=False
    )
    return _scan(papers, surfaces, fields)
