"""Terms in their context: when each term was used, and the sentences that use it.

:func:`trend_topics` places each term in time by the weighted quartiles of the dates of the
papers that use it (bibliometrix's "trend topics"); :func:`keyword_in_context` lists the
sentences of the papers that use a term, in any of its spellings, with the words around it.
"""

from __future__ import annotations

import datetime as _dt
import re

import polars as pl

from paperkit.deprecation import renamed_keywords
from paperkit.frames import validate
from paperkit.normalize import validate_papers
from paperkit.text import WORD_JOINER, plural_pattern, sentences
from paperkit.trends.periods import check_every, dated_papers, in_window

__all__ = ["MAX_SENTENCE_CHARS", "keyword_in_context", "trend_topics"]


@renamed_keywords(paper_terms="terms_frame")
def trend_topics(
    terms_frame: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    date: str = "digest_date",
    min_papers: int = 5,
    weight: str | None = "count",
) -> pl.DataFrame:
    """Each term's first quartile, median and third quartile of date, weighted by use.

    The "trend topics" of bibliometrix (``fieldByYear``): a term is placed in time by the
    weighted quartiles of the dates of the papers that use it (weight: its occurrences in the
    paper when ``weight="count"``, else 1 per paper), so a term's span shows when it was used.

    Parameters
    ----------
    terms_frame
        ``[paper_id, term]`` plus the ``weight`` column when given.
    papers
        The papers frame (dates).
    date
        ``"digest_date"`` or ``"published"``.
    min_papers
        Keep terms used by at least this many papers.
    weight
        Column of ``terms_frame`` with a per-paper weight, or None for one per paper.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers``, ``uses`` (sum of weights), ``q1``, ``median``, ``q3`` (Dates);
        sorted by median then term.

    References
    ----------
    Aria, M. & Cuccurullo, C. (2017). bibliometrix: An R-tool for comprehensive science
    mapping analysis. *Journal of Informetrics* 11(4), 959-975 (``fieldByYear``).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "digest_date": [_dt.date(2025, m, 1) for m in (1, 2, 3, 4)]})
    >>> pt = pl.DataFrame({"paper_id": list("abcd"), "term": ["RAG"] * 4, "count": [1, 1, 1, 5]})
    >>> trend_topics(pt, papers, min_papers=1).select("term", "q1", "median", "q3").rows()
    [('RAG', datetime.date(2025, 2, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))]
    """
    validate(terms_frame, "terms", needed_by="trend_topics",
             columns=("paper_id", "term") if weight is None else ("paper_id", "term", weight))
    w = pl.col(weight).cast(pl.Float64) if weight is not None else pl.lit(1.0)
    used = terms_frame.select("paper_id", "term", w.alias("w")).group_by("paper_id", "term").agg(pl.col("w").sum())
    used = used.join(dated_papers(papers, date), on="paper_id", how="inner").sort("term", "date")
    used = used.with_columns(
        (pl.col("w").cum_sum().over("term") / pl.col("w").sum().over("term")).alias("cw")
    )

    def q(p: float) -> pl.Expr:
        return pl.col("date").filter(pl.col("cw") >= p - 1e-12).first()

    return (
        used.group_by("term")
        .agg(pl.len().cast(pl.UInt32).alias("papers"), pl.col("w").sum().alias("uses"),
             q(0.25).alias("q1"), q(0.5).alias("median"), q(0.75).alias("q3"))
        .filter(pl.col("papers") >= min_papers)
        .sort(["median", "term"])
    )


def _term_regex(term: str) -> str:
    """A case-blind regex for the words of ``term``, each in the singular or plural
    (:func:`paperkit.text.plural_pattern`), with a hyphen, a space or nothing between them
    ("fine-tuning" finds "fine tuning", "finetuning", "Fine-Tunings")."""
    words = re.findall(r"[^\W_]+", term)
    if not words:
        raise ValueError(f"term {term!r} has no letters or digits to search for")
    return r"(?i)\b" + WORD_JOINER.join(plural_pattern(w) for w in words) + r"\b"


#: A ``sentence`` of :func:`keyword_in_context` longer than this is cut around the match (a pasted
#: page without full stops would otherwise be copied once per use: memory quadratic in its length).
MAX_SENTENCE_CHARS = 1_000


def _around(sentence: str, start: int, end: int) -> str:
    """The sentence, or at most :data:`MAX_SENTENCE_CHARS` of it centred on ``start:end`` with "…" at a cut."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    half = max(0, (MAX_SENTENCE_CHARS - (end - start)) // 2)
    lo, hi = max(0, start - half), min(len(sentence), end + half)
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def keyword_in_context(
    papers: pl.DataFrame,
    term: str,
    *,
    period: _dt.date | tuple | None = None,
    every: str = "1mo",
    date: str = "digest_date",
    width: int = 60,
) -> pl.DataFrame:
    """The papers and sentences that use a term (case, plural and hyphen/space variants).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``; the ``date`` column when
        ``period`` is given).
    term
        The term, e.g. "fine-tuning" (also finds "fine tuning", "finetuning", "Fine-Tuning").
    period
        A date (the period of ``every`` that contains it) or a ``(start, end)`` tuple (end
        exclusive); None for all papers.
    every, date
        Period length and date column, as in :func:`paperkit.trends.period_counts`.
    width
        Characters of context kept on each side of the match.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``date``, ``title``, ``sentence`` (the whole sentence, or at most
        :data:`MAX_SENTENCE_CHARS` characters of it around the match, cut with "…"), ``left``,
        ``match``, ``right`` (the keyword-in-context columns); one row per use, in paper order.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["Fine-tuning LLMs", "Vision"],
    ...     "abstract": ["We study it. Fine tuning helps small models. Nothing else.", "No match here."],
    ...     "digest_date": [_dt.date(2025, 1, 2), _dt.date(2025, 1, 3)]})
    >>> keyword_in_context(papers, "fine-tuning", width=10).select("paper_id", "left", "match", "right").rows()
    [('a', '', 'Fine-tuning', ' LLMs'), ('a', '', 'Fine tuning', ' helps sma')]
    """
    validate_papers(papers, required=("paper_id", "title", "abstract"), needed_by="keyword_in_context")
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"term must be a non-empty string, got {term!r}")
    pattern = _term_regex(term)
    schema = {"paper_id": pl.String(), "date": pl.Date(), "title": pl.String(), "sentence": pl.String(),
              "left": pl.String(), "match": pl.String(), "right": pl.String()}
    frame = papers.select("paper_id", "title", "abstract")
    if date in papers.columns:
        col = pl.col(date) if papers.schema[date] == pl.Date else pl.col(date).dt.date()
        frame = frame.with_columns(papers.select(col.alias("date")).to_series())
    else:
        frame = frame.with_columns(pl.lit(None, pl.Date).alias("date"))
    if period is not None:
        if isinstance(period, tuple):
            frame = frame.filter(in_window(period, "period"))
        elif isinstance(period, _dt.date):
            check_every(every)
            start = pl.select(pl.lit(period).cast(pl.Date).dt.truncate(every)).item()
            frame = frame.filter(pl.col("date").dt.truncate(every) == start)
        else:
            raise TypeError(f"period must be a date or a (start, end) tuple, got {period!r}")
    hits = frame.filter(
        pl.col("title").fill_null("").str.contains(pattern) | pl.col("abstract").fill_null("").str.contains(pattern)
    )
    rx = re.compile(pattern)
    rows = []
    for pid, title, abstract, day in hits.select("paper_id", "title", "abstract", "date").iter_rows():
        for sent in [title or ""] + sentences(abstract):
            for m in rx.finditer(sent):
                rows.append((pid, day, title, _around(sent, m.start(), m.end()), sent[max(0, m.start() - width): m.start()],
                             m.group(0), sent[m.end(): m.end() + width]))
    return pl.DataFrame(rows, schema=schema, orient="row")
