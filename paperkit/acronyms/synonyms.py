"""Which terms name a glossary's short form: :func:`acronym_synonyms` and
:func:`canonicalize_terms`.
"""

from __future__ import annotations

import polars as pl

from paperkit.frames import validate
from paperkit.text import acronym_singular_expr, plural_last_word_expr, singular_last_word_expr


def _folded(e: pl.Expr) -> pl.Expr:
    """A wording with case, hyphens, spaces and a final plural folded."""
    low = e.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    return singular_last_word_expr(low, after_hyphen=True).str.replace_all(r"[\s\-]+", "")


def acronym_synonyms(glossary: pl.DataFrame, *, min_papers: int = 2) -> pl.DataFrame:
    """Surface forms that name the same term as a glossary's short form.

    For each short form defined in at least ``min_papers`` papers (a single paper's
    "Collaborative Decoding (CoDe)" does not make the word "code" an acronym): its variants
    and their plurals (unless the glossary marks it ``ambiguous``), and the canonical long form and those wordings of it that differ only
    in case, hyphens or spaces and a plural ("Low-Rank Adaptation", "low rank adaptations"),
    all lower case. Other wordings of the same sense ("low-rank adaptation parameters") and
    text that is not a term (punctuation left over from parsing) are not synonyms. A term
    claimed by two short forms goes to the one defined by more papers.

    Parameters
    ----------
    glossary
        From :func:`acronym_glossary`.
    min_papers
        Fold only short forms defined by at least this many papers (1: all of them).

    Returns
    -------
    polars.DataFrame
        ``term`` (lower case, unique), ``canonical`` (the short form to display, e.g.
        "LoRA") and ``long_form`` (its canonical long form).

    Examples
    --------
    >>> g = pl.DataFrame({"short_form": ["LoRA", "CoDe"], "long_form": ["Low-Rank Adaptation", "Collaborative Decoding"],
    ...     "variants": [["LoRA"], ["CoDe"]],
    ...     "long_form_variants": [["Low-Rank Adaptation", "low-rank adaptation", "low-rank adaptation parameters"],
    ...                            ["Collaborative Decoding"]],
    ...     "n_papers_defining": [3, 1]})
    >>> acronym_synonyms(g)["term"].to_list()
    ['lora', 'loras', 'low rank adaptation', 'low rank adaptations', 'low-rank adaptation', 'low-rank adaptations']
    """
    validate(glossary, "glossary", needed_by="acronym_synonyms",
             columns=("short_form", "long_form", "variants", "long_form_variants", "n_papers_defining"))
    if not isinstance(min_papers, int) or min_papers < 1:
        raise ValueError(f"min_papers must be a positive int, got {min_papers!r}")
    rows = glossary.filter(pl.col("n_papers_defining") >= min_papers)

    wordings = (
        rows.select(
            pl.col("short_form").alias("canonical"),
            "long_form",
            "n_papers_defining",
            pl.concat_list(pl.col("long_form"), pl.col("long_form_variants")).alias("term"),
        )
        .explode("term", keep_nulls=False, empty_as_null=False)
        .filter(_folded(pl.col("term")) == _folded(pl.col("long_form")))
    )
    # an ambiguous short form ("CODE": "Collaborative Decoding" in one paper, "Confident
    # Ordinary Differential Editing" in another) names no single term: only its long forms fold
    sure = rows.filter(~pl.col("ambiguous")) if "ambiguous" in rows.columns else rows
    short = sure.select(
        pl.col("short_form").alias("canonical"), "long_form", "n_papers_defining", pl.col("variants").alias("term")
    ).explode("term", keep_nulls=False, empty_as_null=False)
    base = pl.concat([short.with_columns(_sf=pl.lit(True)), wordings.with_columns(_sf=pl.lit(False))],
                     how="vertical_relaxed")
    # a short form's plural is its "s" ("LLMs"); a long form's last word is English ("processes")
    sf_singular = acronym_singular_expr(pl.col("term").str.replace_all(r"\s+", " ").str.strip_chars()).str.to_lowercase()
    low = pl.col("term").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    singular = pl.when(pl.col("_sf")).then(sf_singular).otherwise(singular_last_word_expr(low, after_hyphen=True))
    sf_plural = pl.when(~sf_singular.str.ends_with("s")).then(sf_singular + "s")  # "mas" has no plural "mass"
    plural = pl.when(pl.col("_sf")).then(sf_plural).otherwise(plural_last_word_expr(singular))
    forms = pl.concat_list(singular, plural, singular.str.replace_all("-", " "), plural.str.replace_all("-", " "))
    out = (
        base.with_columns(forms.alias("term"))
        .explode("term", keep_nulls=False, empty_as_null=False)
        # a term is words: letters and digits joined by spaces, hyphens, slashes ("c-diffdet+")
        .filter(pl.col("term").str.contains(r"^\w(?:[\w \-/.&']*[\w+])?$"))
        .sort(["n_papers_defining", "canonical"], descending=[True, False])
        .unique(subset=["term"], keep="first", maintain_order=True)
        .sort("canonical", "term")
        .select("term", "canonical", "long_form")
    )
    return out


def canonicalize_terms(terms: pl.Series, synonyms: pl.DataFrame) -> pl.Series:
    """Replace every term that names a known acronym by its canonical short form.

    Parameters
    ----------
    terms
        Terms or keyphrases (any case).
    synonyms
        From :func:`acronym_synonyms`.

    Returns
    -------
    polars.Series
        Same length and name: the canonical short form where the lower-cased term is a known
        synonym, else the term unchanged.

    Examples
    --------
    >>> syn = pl.DataFrame({"term": ["lora", "low-rank adaptation", "low rank adaptation"],
    ...                     "canonical": ["LoRA"] * 3, "long_form": ["Low-Rank Adaptation"] * 3})
    >>> canonicalize_terms(pl.Series("kw", ["Low-Rank Adaptation", "LoRA", "diffusion"]), syn).to_list()
    ['LoRA', 'LoRA', 'diffusion']
    """
    if not isinstance(terms, pl.Series):
        raise TypeError(f"terms must be a polars Series, got {type(terms).__name__}")
    if not {"term", "canonical"} <= set(synonyms.columns):
        raise ValueError(f"synonyms needs 'term' and 'canonical' columns (acronym_synonyms()), got {synonyms.columns}")
    frame = pl.DataFrame({"_t": terms.cast(pl.String())}).with_columns(
        pl.col("_t").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars().alias("term")
    )
    joined = frame.join(synonyms.select("term", "canonical"), on="term", how="left", maintain_order="left")
    return joined.select(pl.coalesce("canonical", "_t").alias(terms.name))[terms.name]
