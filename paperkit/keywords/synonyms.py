"""Synonyms: which spellings fold into one term beyond the folding key.

The folding key (:func:`paperkit.text.fold_key`) already merges case, plural and hyphen
variants. A synonym table ``[term, canonical]`` folds more: given by the caller, or built
automatically from the acronym glossary of the papers (:mod:`paperkit.acronyms`: "LoRA" and
"low-rank adaptation"), using only unambiguous entries defined in at least
:data:`MIN_DEFINING_PAPERS` papers. :func:`synonym_map` turns a table into keys;
:func:`resolve_synonyms` decides which table a call uses.
"""

from __future__ import annotations

import polars as pl

from paperkit.frames import validate
from paperkit.memo import per_frame
from paperkit.text import fold_key_expr

__all__ = ["MIN_DEFINING_PAPERS", "auto_synonyms", "resolve_synonyms", "synonym_map"]

#: Glossary entries used for automatic folding: defined by at least this many papers, not ambiguous.
MIN_DEFINING_PAPERS = 2
#: Share of its defining papers the main sense of an ambiguous short form needs for its long form to fold.
MAIN_SHARE = 0.9


def synonym_map(synonyms: pl.DataFrame | None) -> pl.DataFrame:
    """``[key, canonical_key, canonical]`` from a ``[term, canonical]`` table.

    Each surface's folding key maps to its canonical form's key; the canonical form is also a
    surface of itself. ``canonical`` is the display form, or "" when the table has a boolean
    column ``display_canonical`` that is false for the row (the term is then displayed in its
    most frequent spelling in the corpus). The first row of a key wins.

    Examples
    --------
    >>> synonym_map(pl.DataFrame({"term": ["low-rank adaptation"], "canonical": ["LoRA"]})).rows()
    [('lowrankadaptation', 'lora', 'LoRA'), ('lora', 'lora', 'LoRA')]
    """
    schema = {"key": pl.String(), "canonical_key": pl.String(), "canonical": pl.String()}
    if synonyms is None or synonyms.height == 0:
        return pl.DataFrame(schema=schema)
    validate(synonyms, "synonyms", needed_by="synonym_map")
    shown = pl.col("display_canonical") if "display_canonical" in synonyms.columns else pl.lit(True)
    table = synonyms.select(
        fold_key_expr(pl.col("term")).alias("key"),
        fold_key_expr(pl.col("canonical")).alias("canonical_key"),
        pl.when(shown).then(pl.col("canonical")).otherwise(pl.lit("", dtype=pl.String())).alias("canonical"),
    ).drop_nulls()
    # The canonical form is also a surface of itself.
    own = table.select(pl.col("canonical_key").alias("key"), "canonical_key", "canonical")
    return pl.concat([table, own]).unique("key", keep="first", maintain_order=True)


@per_frame()
def auto_synonyms(papers: pl.DataFrame) -> pl.DataFrame | None:
    """Acronym synonyms from the glossary of the papers (:mod:`paperkit.acronyms`).

    Only unambiguous glossary entries defined in at least :data:`MIN_DEFINING_PAPERS` papers are
    used, so a one-off or clashing definition never merges two terms of the corpus. The table has
    ``display_canonical`` false: a folded term is shown as the corpus writes it most often
    ("diffusion models", not "DM"). Kept for the last few papers frames
    (:func:`paperkit.memo.per_frame`). When the glossary fails, a :class:`RuntimeWarning` says
    why and ``None`` is returned: keywords work without acronym folding.
    """
    from paperkit.acronyms import acronym_glossary, acronym_synonyms

    empty = [c for c in ("title", "abstract") if c in papers.columns and papers.schema[c] == pl.Null]
    if empty:  # an all-null text column (e.g. a frame built from Python ``None``s) holds no definitions
        papers = papers.with_columns(pl.col(empty).cast(pl.String))
    try:
        glossary = acronym_glossary(papers)
    except (ValueError, TypeError, KeyError, pl.exceptions.PolarsError) as err:
        import warnings

        warnings.warn(f"the acronym glossary could not be built ({err}); terms are not folded with their "
                      "acronyms", RuntimeWarning, stacklevel=3)
        return None
    if "ambiguous" in glossary.columns and "n_papers_defining" in glossary.columns:
        # An ambiguous short form whose main sense is defined by at least MAIN_SHARE of its
        # defining papers ("Group Relative Policy Optimization" in 59 papers, two other senses
        # once each) still folds its main long form (acronym_synonyms leaves its own spellings
        # out of the synonyms of an ambiguous entry).
        dominant = pl.col("main_share").fill_null(0.0) >= MAIN_SHARE if "main_share" in glossary.columns else False
        glossary = glossary.filter(
            (~pl.col("ambiguous").fill_null(False) | dominant) & (pl.col("n_papers_defining") >= MIN_DEFINING_PAPERS)
        )
    # Folded, but shown as the corpus writes them most often ("diffusion models", not "DM").
    return acronym_synonyms(glossary).select("term", "canonical", display_canonical=pl.lit(False))


def resolve_synonyms(papers: pl.DataFrame, synonyms: pl.DataFrame | None, acronyms: str | bool) -> pl.DataFrame | None:
    """The synonym table a call uses: ``synonyms`` when given; else, unless ``acronyms`` is False,
    :func:`auto_synonyms` of ``papers`` (an ImportError when ``acronyms`` is True and the glossary
    is unavailable); else None."""
    if synonyms is not None:
        if not isinstance(synonyms, pl.DataFrame):
            raise TypeError(f"synonyms must be a polars DataFrame [term, canonical], got {type(synonyms).__name__}")
        return synonyms
    if acronyms is False:
        return None
    found = auto_synonyms(papers)
    if found is None and acronyms is True:
        raise ImportError("acronyms=True needs paperkit.acronyms (acronym_glossary, acronym_synonyms)")
    return found
