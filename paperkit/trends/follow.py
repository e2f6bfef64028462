"""Follow named terms over time straight from papers: :func:`keyword_trends`.

The one step of :mod:`paperkit.trends` that starts from papers rather than from a terms frame: it
extracts the terms (:func:`paperkit.keywords.paper_terms`) when none are given, then counts them
per period (:func:`paperkit.trends.term_shares`). The dependency runs one way, trends on keywords.
"""

from __future__ import annotations

import polars as pl

from paperkit.deprecation import renamed_keywords
from paperkit.frames import check_date, validate
from paperkit.keywords.api import check_papers, paper_terms
from paperkit.keywords.candidates import stopwords
from paperkit.keywords.synonyms import auto_synonyms, resolve_synonyms
from paperkit.trends.shares import lookup_terms, term_shares

__all__ = ["keyword_trends"]


@renamed_keywords(min_papers="min_period_papers")
def keyword_trends(
    papers: pl.DataFrame,
    *,
    terms: list[str] | None = None,
    every: str = "1mo",
    date: str = "digest_date",
    top: int = 20,
    min_period_papers: int = 1,
    terms_frame: pl.DataFrame | None = None,
    synonyms: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Papers using each term per period, as counts and shares of the period's papers.

    A thin wrapper: :func:`paperkit.keywords.paper_terms` (acronyms folded with their long forms
    when the glossary allows) then :func:`paperkit.trends.term_shares`.

    Parameters
    ----------
    papers
        A papers frame with ``paper_id``, ``title``, ``abstract`` and the ``date`` column.
    terms
        Terms to follow, in any spelling: "RL" and "reinforcement learning", "LLM" and "large
        language models", "chain of thought" and "chain-of-thought" give the same line
        (:func:`paperkit.trends.lookup_terms`), reported under the corpus's own display form.
        A term that is not a candidate of the corpus (a modifier and a generic head such as
        "generative models" is a candidate only when the corpus also writes it otherwise) is
        looked up in the texts by name; a term that matches nothing warns with the closest known
        terms (:class:`paperkit.trends.TermNotFoundWarning`). None takes the ``top`` topical terms by
        papers (:func:`paperkit.trends.topical_terms`).
    every
        Period length for ``polars.Expr.dt.truncate``: ``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``,
        ``"1y"``.
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    top
        Number of terms when ``terms`` is None.
    min_period_papers
        Periods with fewer papers get a null share (too thin to read). Was ``min_papers``
        (deprecated).
    terms_frame
        A precomputed :func:`paperkit.keywords.paper_terms` frame of these papers (e.g. from a report that also
        shows it): used instead of extracting the terms again.
    synonyms
        ``[term, canonical]`` folded in the terms (as for :func:`paper_terms`); None uses the
        acronym glossary of the papers (computed only when needed with ``terms_frame``).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`paperkit.trends.term_shares`: ``term``, ``period``,
        ``period_end``, ``papers_with_term``, ``papers`` (the denominator), ``share``,
        ``partial``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["LLM agents", "Diffusion models", "LLM judges"],
    ...     "abstract": [None, None, None],
    ...     "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 1, 9), dt.date(2025, 3, 4)]})
    >>> keyword_trends(papers, terms=["LLMs"]).select("term", "period", "papers_with_term", "papers", "share").rows()
    [('LLM', datetime.date(2025, 1, 1), 1, 2, 0.5), ('LLM', datetime.date(2025, 2, 1), 0, 0, None), ('LLM', datetime.date(2025, 3, 1), 1, 1, 1.0)]
    """
    check_date(papers, date)
    if terms is not None and (isinstance(terms, str) or not all(isinstance(t, str) for t in terms)):
        raise TypeError(f"terms must be a list of strings, got {terms!r}")
    if terms_frame is None:
        synonyms = resolve_synonyms(check_papers(papers), synonyms, "auto")
        found = paper_terms(papers, synonyms=synonyms)
    else:
        found = validate(terms_frame, "terms", needed_by="keyword_trends", columns=("paper_id", "term"))
        if terms is not None and synonyms is None and "key" in found.columns:
            # A long form or an acronym the frame does not spell: look it up through the glossary.
            if lookup_terms(found, list(terms))["key"].null_count():
                synonyms = auto_synonyms(papers)
    if terms is not None and "key" in found.columns:
        # A term the corpus only uses as a description ("generative models": a modifier and a
        # generic head, left out of the candidates) is still counted when asked for by name.
        missing = lookup_terms(found, list(terms), synonyms=synonyms).filter(pl.col("key").is_null())["request"]
        generic = stopwords("generic")
        missing = [t for t in missing if len(t.split()) == 2 and t.split()[1].lower() in generic]
        if missing:
            extra = paper_terms(papers, synonyms=synonyms, vocabulary=missing)
            if extra.height and set(found.columns) <= set(extra.columns):
                found = pl.concat([found, extra.select(found.columns)], how="vertical_relaxed")
    return term_shares(found, papers, terms=None if terms is None else list(terms), top=top, every=every,
                       date=date, min_period_papers=min_period_papers, synonyms=synonyms)
