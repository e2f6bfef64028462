"""The public functions of :mod:`paperkit.keywords`: terms and keyphrases per paper, the corpus
term table (keyword counts over time: :func:`paperkit.trends.keyword_trends`).

Each checks its input, resolves the synonyms (:mod:`paperkit.keywords.synonyms`), runs the
extraction (:func:`paperkit.keywords.batching.extract_terms`), scores the rows
(:mod:`paperkit.keywords.ranking`) and joins the strings of the rows it returns. The package
imports them from here: ``from paperkit.keywords import paper_terms``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from paperkit.keywords.batching import extract_terms, map_parts
from paperkit.keywords.candidates import MAX_WORDS
from paperkit.keywords.ranking import top_k, with_scores
from paperkit.keywords.synonyms import resolve_synonyms
from paperkit.deprecation import renamed_keywords
from paperkit.frames import check_date, date_expr, validate
from paperkit.normalize import validate_papers

__all__ = ["keyphrases", "keyword_terms", "keyword_trends", "paper_terms"]


def check_papers(papers: pl.DataFrame, *, acronyms: str | bool = "auto", max_words: int = MAX_WORDS) -> pl.DataFrame:
    """``papers`` checked for the columns and options of the keyword functions (an all-null
    ``title`` or ``abstract`` column read as String); a ``ValueError`` says what is wrong.

    Examples
    --------
    >>> check_papers(pl.DataFrame({"paper_id": ["a"], "title": ["LoRA"], "abstract": [None]})).schema["abstract"]
    String
    >>> check_papers(pl.DataFrame({"paper_id": ["a"], "title": ["LoRA"], "abstract": ["x"]}), max_words=9)
    Traceback (most recent call last):
    ...
    ValueError: max_words must be an integer from 1 to 6, got 9
    """
    if isinstance(papers, pl.DataFrame):
        # An all-null text column (e.g. titles only) has dtype Null: read it as String.
        papers = papers.with_columns(
            [pl.col(c).cast(pl.String) for c in ("title", "abstract") if papers.schema.get(c) == pl.Null]
        )
    validate_papers(papers, required=("paper_id", "title", "abstract"))
    if acronyms not in ("auto", True, False):
        raise ValueError(f"acronyms must be 'auto', True or False, got {acronyms!r}")
    if not isinstance(max_words, int) or not 1 <= max_words <= 6:
        raise ValueError(f"max_words must be an integer from 1 to 6, got {max_words!r}")
    return papers


def _term_parts(papers, *, synonyms, acronyms, vocabulary, max_words, names=True) -> tuple:
    """``(parts, terms)``: the (doc, tid) rows on integer ids, one frame per batch of papers (a
    list that the caller empties, scoring and freeing one part at a time), and the term table
    (with ``names=False``, also ``name(tids)``: see :func:`paperkit.keywords.batching.extract_terms`)."""
    syn = resolve_synonyms(papers, synonyms, acronyms)
    return extract_terms(papers, synonyms=syn, vocabulary=vocabulary, max_words=max_words, names=names,
                         as_parts=True)


def _scored(part: pl.DataFrame, terms: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """The rows of one part with their ``score`` (:func:`paperkit.keywords.ranking.with_scores`)."""
    return with_scores(part, terms, n_docs).select("doc", "tid", "score", "tf", "tf_title", "first_pos")


_PAPER_TERMS_SCHEMA = {"paper_id": pl.String(), "term": pl.String(), "key": pl.String(), "score": pl.Float64(),
                       "count": pl.UInt32(), "in_title": pl.Boolean(), "first_pos": pl.UInt32()}


def paper_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> pl.DataFrame:
    """Every candidate term of every paper with its score (data-driven topics per paper).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``); a null abstract is allowed.
    synonyms
        ``[term, canonical]``: surface forms folded into the canonical term (which is displayed;
        with an optional boolean column ``display_canonical`` false, the folded term is displayed
        in its most frequent spelling in the corpus instead, as for the automatic acronym folding).
    acronyms
        ``"auto"``: when ``synonyms`` is None, fold acronyms with their long forms using
        :func:`paperkit.acronyms.acronym_synonyms` if that module is available; ``False``: never;
        ``True``: required.
    vocabulary
        Keep only these terms (compared after folding); None keeps every candidate.
    max_words
        Longest candidate, in words (1-6).

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``term`` (display form), ``key`` (folding key), ``score`` (Float64),
        ``count`` (occurrences in title and abstract), ``in_title``, ``first_pos`` (token index
        of the first occurrence); sorted by paper and descending score.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"],
    ...     "title": ["Fine-tuning large language models", "Gaussian splatting for scenes"],
    ...     "abstract": ["We study fine tuning of LLMs.", None]})
    >>> paper_terms(papers, acronyms=False).filter(pl.col("paper_id") == "a")["term"].to_list()[:2]
    ['fine tuning', 'fine-tuning large language models']
    """
    papers = check_papers(papers, acronyms=acronyms, max_words=max_words)
    if papers.height == 0:
        return pl.DataFrame(schema=_PAPER_TERMS_SCHEMA)
    parts, terms = _term_parts(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary,
                               max_words=max_words)
    # The rows come one batch of papers at a time (two in threads): each is scored, sorted and
    # named, then freed, so next to the result only two batches' rows are in memory (scoring and
    # naming all rows at once held the 3.3 GB of integer rows next to the 5.3 GB result at a
    # million papers).
    named = list(map_parts(lambda part: _named_rows(_scored(part, terms, papers.height), papers, terms), parts))
    return pl.concat(named) if named else pl.DataFrame(schema=_PAPER_TERMS_SCHEMA)


def _named_rows(scored: pl.DataFrame, papers: pl.DataFrame, terms: pl.DataFrame) -> pl.DataFrame:
    """The rows of :func:`paper_terms` for ``scored`` rows: by paper, best score first, with the
    paper ids and the terms' names (``tid`` and ``doc`` are row numbers of ``terms`` and
    ``papers``: gathers, not joins)."""
    rows = scored.sort(["doc", "score", "first_pos", "tid"], descending=[False, True, False, False])
    return (
        rows.with_columns(
            papers["paper_id"].gather(rows["doc"]).alias("paper_id"),
            terms["display"].gather(rows["tid"]).alias("display"), terms["key"].gather(rows["tid"]).alias("key"),
        )
        .select(
            "paper_id", pl.col("display").alias("term"), "key", pl.col("score").cast(pl.Float64),
            pl.col("tf").alias("count"), (pl.col("tf_title") > 0).alias("in_title"), "first_pos",
        )
    )


@renamed_keywords(k="top")
def keyphrases(
    papers: pl.DataFrame,
    *,
    top: int = 10,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
) -> pl.DataFrame:
    """The ``top`` keyphrases of each paper, scored against the whole corpus.

    See the notes of :mod:`paperkit.keywords` for candidates, folding and the score; the other options are those of
    :func:`paper_terms`. Papers are processed 10,000 at a time; from three batches on, a progress
    bar shows on a terminal or in Jupyter.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``).
    top
        Keyphrases per paper (at most; short abstracts may have fewer candidates). Was ``k``
        (deprecated).

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``rank`` (UInt32, 1 = best), ``phrase`` (display form), ``score``;
        papers in input order, ranks ascending. Papers without any candidate have no rows.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2106.09685", "2305.14314", "2006.11239"],
    ...     "title": ["LoRA: Low-Rank Adaptation of Large Language Models",
    ...               "QLoRA: Efficient Finetuning of Quantized LLMs",
    ...               "Denoising Diffusion Probabilistic Models"],
    ...     "abstract": ["We propose Low-Rank Adaptation, or LoRA, which freezes the pretrained model "
    ...                  "weights and injects trainable rank decomposition matrices.",
    ...                  "We present QLoRA, an efficient finetuning approach for quantized language models.",
    ...                  "We present high quality image synthesis results using diffusion probabilistic models."]})
    >>> keyphrases(papers, top=2, acronyms=False).select("paper_id", "rank", "phrase").rows()
    [('2106.09685', 1, 'low-rank adaptation'), ('2106.09685', 2, 'trainable rank decomposition matrices'), ('2305.14314', 1, 'quantized LLMs'), ('2305.14314', 2, 'efficient finetuning'), ('2006.11239', 1, 'diffusion probabilistic models'), ('2006.11239', 2, 'denoising diffusion')]
    """
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    papers = check_papers(papers, acronyms=acronyms, max_words=max_words)
    if papers.height == 0:
        return pl.DataFrame(schema={"paper_id": pl.String(), "rank": pl.UInt32(), "phrase": pl.String(),
                                    "score": pl.Float64()})
    parts, terms, name = _term_parts(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary,
                                     max_words=max_words, names=False)
    # The best ``top`` per paper on integer ids first, one batch of papers at a time (two in
    # threads; no paper is in two batches); only the terms returned are spelled.
    best = pl.concat(map_parts(lambda part: top_k(_scored(part, terms, papers.height), top), parts))
    shown = np.unique(best["tid"].to_numpy())
    display = name(shown)["display"]
    # ``doc`` is the row number in ``papers``: gathers, not joins.
    return best.select(
        papers["paper_id"].gather(best["doc"]).alias("paper_id"), "rank",
        display.gather(np.searchsorted(shown, best["tid"].to_numpy())).alias("phrase"),
        pl.col("score").cast(pl.Float64),
    )


def keyword_terms(
    papers: pl.DataFrame,
    *,
    date: str = "digest_date",
    min_papers: int = 1,
    synonyms: pl.DataFrame | None = None,
    acronyms: str | bool = "auto",
    vocabulary: list[str] | None = None,
    terms_frame: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The corpus term table: one row per folded term with its paper count and date range.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract`` and the ``date`` column).
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.
    min_papers
        Keep terms used by at least this many papers.
    synonyms, acronyms, vocabulary
        As in :func:`paper_terms`.
    terms_frame
        A precomputed :func:`paper_terms` frame of these papers: used as it is (no extraction;
        ``synonyms``, ``acronyms`` and ``vocabulary`` are then ignored).

    Returns
    -------
    polars.DataFrame
        ``term`` (display form), ``key``, ``papers`` (papers using it), ``occurrences``,
        ``mean_score`` (its mean per-paper score), ``first_date``, ``last_date``; sorted by
        descending ``papers`` then ``term``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LLM agents", "LLMs as judges"],
    ...     "abstract": ["Agents built on LLMs.", None], "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 3, 4)]})
    >>> keyword_terms(papers, acronyms=False).select("term", "papers", "first_date", "last_date").head(1).rows()
    [('LLMs', 2, datetime.date(2025, 1, 2), datetime.date(2025, 3, 4))]
    """
    date_col = date_expr(papers, check_date(papers, date))
    if terms_frame is not None:
        terms = validate(terms_frame, "terms", needed_by="keyword_terms", columns=("paper_id", "term", "key", "score", "count"))
    else:
        terms = paper_terms(papers, synonyms=synonyms, acronyms=acronyms, vocabulary=vocabulary)
    dates = papers.select("paper_id", date_col).unique("paper_id")
    return (
        terms.join(dates, on="paper_id", how="left")
        .group_by("key")
        .agg(
            pl.col("term").first(),
            pl.col("paper_id").n_unique().cast(pl.UInt32).alias("papers"),
            pl.col("count").sum().alias("occurrences"),
            pl.col("score").mean().alias("mean_score"),
            pl.col("date").min().alias("first_date"),
            pl.col("date").max().alias("last_date"),
        )
        .filter(pl.col("papers") >= min_papers)
        .sort(["papers", "term"], descending=[True, False])
        .select("term", "key", "papers", "occurrences", "mean_score", "first_date", "last_date")
    )
