"""Data-driven topics (top keyphrases, keywords, clusters of them), combining topic frames and counting papers per topic.
"""

from __future__ import annotations

import polars as pl

from paperkit.deprecation import renamed_keywords

from paperkit.cotopics.dictionary import TOPICS_SCHEMA
from paperkit.frames import validate
from paperkit.keywords import keyphrases
from paperkit.normalize import validate_papers


# --- data-driven topics ------------------------------------------------------------------------
def topics_from_keyphrases(
    keyphrases: pl.DataFrame,
    *,
    top: int = 50,
    min_papers: int = 2,
    weight: str = "score",
) -> pl.DataFrame:
    """Data-driven topics: the corpus's most widespread keyphrases become topics.

    Parameters
    ----------
    keyphrases
        ``[paper_id, rank, phrase, score]`` per paper, as from ``paperkit.keywords.keyphrases``.
    top
        Keep the ``top`` phrases found in the most papers (ties broken by total score, then phrase).
    min_papers
        Ignore phrases found in fewer papers than this.
    weight
        ``"score"`` (the keyphrase score) or ``"binary"`` (1.0).

    Returns
    -------
    polars.DataFrame
        ``[paper_id, topic, weight]`` with ``topic`` the phrase.

    Examples
    --------
    >>> import polars as pl
    >>> kp = pl.DataFrame({"paper_id": ["1", "1", "2", "2", "3"], "rank": [1, 2, 1, 2, 1],
    ...                    "phrase": ["lora", "diffusion model", "lora", "agents", "diffusion model"],
    ...                    "score": [0.9, 0.5, 0.8, 0.7, 0.6]})
    >>> topics_from_keyphrases(kp, top=5).rows()
    [('1', 'diffusion model', 0.5), ('1', 'lora', 0.9), ('2', 'lora', 0.8), ('3', 'diffusion model', 0.6)]
    """
    validate(keyphrases, "keyphrases", needed_by="topics_from_keyphrases")
    if weight not in ("score", "binary"):
        raise ValueError(f"weight must be 'score' or 'binary', got {weight!r}")
    if weight == "score":  # without scores, weight='binary'
        validate(keyphrases, "keyphrases", needed_by="topics_from_keyphrases(weight='score')",
                 columns=("paper_id", "phrase", "score"))
    value = pl.col("score").cast(pl.Float64()) if weight == "score" else pl.lit(1.0)
    kp = (
        keyphrases.select(pl.col("paper_id").cast(pl.String()), pl.col("phrase").alias("topic"), value.alias("weight"))
        .drop_nulls(["paper_id", "topic"])
        .group_by("paper_id", "topic")
        .agg(pl.col("weight").max())
    )
    chosen = (
        kp.group_by("topic")
        .agg(pl.len().alias("_papers"), pl.col("weight").sum().alias("_total"))
        .filter(pl.col("_papers") >= min_papers)
        .sort(["_papers", "_total", "topic"], descending=[True, True, False])
        .head(top)
        .select("topic")
    )
    return kp.join(chosen, on="topic", how="semi").sort("paper_id", "topic").cast(TOPICS_SCHEMA)


@renamed_keywords(k="per_paper")
def topics_from_keywords(papers: pl.DataFrame, *, per_paper: int = 10, top: int = 50, min_papers: int = 2) -> pl.DataFrame:
    """Data-driven topics straight from papers: ``paperkit.keywords.keyphrases`` then
    :func:`topics_from_keyphrases`.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``).
    per_paper
        Keyphrases per paper (was ``k``, deprecated: ``top`` is the number of topics here).
    top, min_papers
        As in :func:`topics_from_keyphrases`.

    Returns
    -------
    polars.DataFrame
        ``[paper_id, topic, weight]`` (weight = keyphrase score).

    Examples
    --------
    >>> import polars as pl
    >>> papers = pl.DataFrame({"paper_id": ["1", "2"], "title": ["Diffusion models for video generation",
    ...     "Video generation with diffusion transformers"], "abstract": ["", ""]})
    >>> sorted(set(topics_from_keywords(papers, top=3)["topic"]))
    ['diffusion', 'generation', 'video generation']
    """
    validate_papers(papers, required=("paper_id", "title"), needed_by="topics_from_keywords")
    return topics_from_keyphrases(keyphrases(papers, top=per_paper), top=top, min_papers=min_papers)


def topics_from_clusters(topics: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """Replace each topic by its cluster's label (keyword clusters as coarser topics).

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    clusters
        ``[topic, cluster_label]`` as from :func:`cotopic_clusters`; topics in no cluster are dropped.

    Returns
    -------
    polars.DataFrame
        ``[paper_id, topic, weight]`` where ``topic`` is the cluster label and ``weight`` the sum
        over the paper's topics in that cluster.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2"], "topic": ["lora", "adapters", "agents"], "weight": [1.0, 2.0, 1.0]})
    >>> c = pl.DataFrame({"topic": ["lora", "adapters", "agents"], "cluster_label": ["lora", "lora", "agents"]})
    >>> topics_from_clusters(t, c).rows()
    [('1', 'lora', 3.0), ('2', 'agents', 1.0)]
    """
    validate(topics, "topics", needed_by="topics_from_clusters")
    validate(clusters, "clusters", needed_by="topics_from_clusters", columns=("topic", "cluster_label"))
    return (
        topics.join(clusters.select("topic", "cluster_label"), on="topic", how="inner")
        .group_by("paper_id", "cluster_label")
        .agg(pl.col("weight").sum())
        .select("paper_id", pl.col("cluster_label").alias("topic"), "weight")
        .sort("paper_id", "topic")
        .cast(TOPICS_SCHEMA)
    )


def combine_topics(*frames: pl.DataFrame) -> pl.DataFrame:
    """Mix topic frames (dictionary and data-driven): weights of a repeated (paper, topic) add up.

    Examples
    --------
    >>> import polars as pl
    >>> a = pl.DataFrame({"paper_id": ["1"], "topic": ["RAG"], "weight": [2.0]})
    >>> b = pl.DataFrame({"paper_id": ["1", "1"], "topic": ["RAG", "lora"], "weight": [0.5, 0.9]})
    >>> combine_topics(a, b).rows()
    [('1', 'RAG', 2.5), ('1', 'lora', 0.9)]
    """
    if not frames:
        return pl.DataFrame(schema=TOPICS_SCHEMA)
    for f in frames:
        validate(f, "topics", needed_by="combine_topics")
    return (
        pl.concat([f.select(list(TOPICS_SCHEMA)).cast(TOPICS_SCHEMA) for f in frames])
        .group_by("paper_id", "topic")
        .agg(pl.col("weight").sum())
        .sort("paper_id", "topic")
    )


def topic_counts(topics: pl.DataFrame) -> pl.DataFrame:
    """How many papers have each topic.

    Returns
    -------
    polars.DataFrame
        ``[topic, papers, weight]`` (papers with the topic, summed weight), most papers first.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2"], "topic": ["RAG", "agents", "RAG"], "weight": [2.0, 1.0, 1.0]})
    >>> topic_counts(t).rows()
    [('RAG', 2, 3.0), ('agents', 1, 1.0)]
    """
    validate(topics, "topics", needed_by="topic_counts")
    return (
        topics.filter(pl.col("weight") > 0)
        .group_by("topic")
        .agg(pl.col("paper_id").n_unique().cast(pl.Int64()).alias("papers"), pl.col("weight").sum())
        .sort(["papers", "topic"], descending=[True, False])
    )
