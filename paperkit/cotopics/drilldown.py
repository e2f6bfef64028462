"""The papers behind one pair of topics.
"""

from __future__ import annotations

import polars as pl

from paperkit.deprecation import old_argument_order
from paperkit.frames import validate
from paperkit.normalize import validate_papers


# --- drill-down --------------------------------------------------------------------------------
def cotopic_papers(topics: pl.DataFrame, papers: pl.DataFrame, topic_a: str, topic_b: str) -> pl.DataFrame:
    """The papers behind one pair: those that have both topics.

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    papers
        The papers frame. The old order ``cotopic_papers(papers, topics, ...)`` (told by the
        frames' columns: the one with ``topic`` is the topics frame) works for one release with
        a ``DeprecationWarning``.
    topic_a, topic_b
        The two topics (any order).

    Returns
    -------
    polars.DataFrame
        ``[paper_id, title, digest_date, weight_a, weight_b]`` (``digest_date`` when ``papers`` has
        it), strongest first (``weight_a + weight_b``), then newest.

    Examples
    --------
    >>> import polars as pl
    >>> papers = pl.DataFrame({"paper_id": ["1", "2"], "title": ["Agentic RAG", "RAG for QA"]})
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2"], "topic": ["RAG", "agents", "RAG"], "weight": [1.0, 2.0, 1.0]})
    >>> cotopic_papers(t, papers, "agents", "RAG").rows()
    [('1', 'Agentic RAG', 2.0, 1.0)]
    """
    if (isinstance(topics, pl.DataFrame) and isinstance(papers, pl.DataFrame)
            and "topic" not in topics.columns and "topic" in papers.columns):
        old_argument_order("cotopic_papers", "papers, topics, ...", "topics, papers, ...")
        topics, papers = papers, topics
    validate_papers(papers, required=("paper_id", "title"), needed_by="cotopic_papers")
    validate(topics, "topics", needed_by="cotopic_papers")
    known = set(topics["topic"].unique().to_list())
    unknown = [t for t in (topic_a, topic_b) if t not in known]
    if unknown:
        raise ValueError(f"topic(s) {unknown} not in the topics frame; known topics include {sorted(known)[:10]}")
    if topic_a == topic_b:
        raise ValueError(f"give two different topics, got {topic_a!r} twice")
    wa = topics.filter((pl.col("topic") == topic_a) & (pl.col("weight") > 0)).group_by("paper_id").agg(pl.col("weight").sum().alias("weight_a"))
    wb = topics.filter((pl.col("topic") == topic_b) & (pl.col("weight") > 0)).group_by("paper_id").agg(pl.col("weight").sum().alias("weight_b"))
    cols = ["paper_id", "title"] + (["digest_date"] if "digest_date" in papers.columns else [])
    out = papers.select(cols).with_columns(pl.col("paper_id").cast(pl.String())).join(wa, on="paper_id").join(wb, on="paper_id")
    keys = [(pl.col("weight_a") + pl.col("weight_b"))] + ([pl.col("digest_date")] if "digest_date" in cols else []) + [pl.col("paper_id")]
    desc = [True] + ([True] if "digest_date" in cols else []) + [False]
    return out.sort(keys, descending=desc, nulls_last=True)
