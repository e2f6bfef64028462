"""Clusters of co-occurring topics (Louvain), Callon's thematic map and a network layout.
"""

from __future__ import annotations

import polars as pl

from paperkit.cotopics.topics import topic_counts
from paperkit.frames import validate

#: Quadrants of the thematic map (Cobo et al. 2011; bibliometrix), keyed by (high centrality, high density).
QUADRANTS = {
    (True, True): "motor themes",
    (False, True): "niche themes",
    (False, False): "emerging or declining themes",
    (True, False): "basic themes",
}


# --- clusters and the thematic map -------------------------------------------------------------
def _check_pairs(pairs: pl.DataFrame, needed_by: str) -> None:
    validate(pairs, "pairs", needed_by=needed_by)
    if "measure" in pairs.columns and pairs["measure"].n_unique() > 1:
        raise ValueError("co-occurrence frame holds several measures; filter it to one, e.g. .filter(pl.col('measure') == 'association')")


def _graph(pairs: pl.DataFrame, needed_by: str):
    import networkx as nx  # deferred: networkx takes a second to import; only clusters need it

    _check_pairs(pairs, needed_by)
    g = nx.Graph()
    edges = pairs.filter(pl.col("score") > 0).sort("topic_a", "topic_b")
    nodes = sorted(set(pairs["topic_a"].to_list()) | set(pairs["topic_b"].to_list()))
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from(edges.select("topic_a", "topic_b", "score").rows())
    return g


def cotopic_clusters(pairs: pl.DataFrame, *, resolution: float = 1.0, seed: int = 0) -> pl.DataFrame:
    """Communities of the co-occurrence network (Louvain, seeded).

    Nodes are the topics of ``pairs``, edges the pairs with a positive score, weighted by it.
    Clusters are numbered from 1 by size (then by their first topic), so a seed gives the same
    numbering run after run.

    Parameters
    ----------
    pairs
        ``[topic_a, topic_b, n, score]`` from :func:`cooccurrence` (one measure; ``association``
        is the usual choice; non-positive scores, e.g. negative PMI, are not links).
    resolution
        Louvain resolution: above 1 gives more, smaller clusters.
    seed
        Random seed of the Louvain method.

    Returns
    -------
    polars.DataFrame
        ``[topic, cluster, cluster_label, strength]``: cluster number, the label of its cluster (its
        topic with the largest strength), and ``strength``, the sum of the topic's link weights.

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast unfolding of
    communities in large networks. J. Stat. Mech. P10008.

    Examples
    --------
    >>> import polars as pl
    >>> pairs = pl.DataFrame({"topic_a": ["LoRA", "LoRA", "RAG", "agents"], "topic_b": ["quantization", "RAG", "agents", "tools"],
    ...                       "n": [5, 1, 4, 6], "score": [3.0, 0.1, 2.0, 3.0]})
    >>> cotopic_clusters(pairs).select("topic", "cluster", "cluster_label").rows()
    [('agents', 1, 'agents'), ('tools', 1, 'agents'), ('RAG', 1, 'agents'), ('LoRA', 2, 'LoRA'), ('quantization', 2, 'LoRA')]
    """
    import networkx as nx  # deferred: networkx takes a second to import; only clusters need it

    g = _graph(pairs, "cotopic_clusters")
    schema = {"topic": pl.String(), "cluster": pl.Int64(), "cluster_label": pl.String(), "strength": pl.Float64()}
    if g.number_of_edges() == 0:
        raise ValueError(
            "no co-occurring pairs with a positive score to cluster: the topics frame needs at least two "
            "topics that share a paper (try a lower min_count, or more topics)"
        )
    communities = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    communities = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    strength = dict(g.degree(weight="weight"))
    rows = []
    for k, members in enumerate(communities, start=1):
        label = max(members, key=lambda t: (strength[t], [-ord(ch) for ch in t]))
        rows += [(t, k, label, float(strength[t])) for t in members]
    return pl.DataFrame(rows, schema=schema, orient="row").sort(["cluster", "strength", "topic"], descending=[False, True, False])


def thematic_map(
    pairs: pl.DataFrame,
    clusters: pl.DataFrame,
    *,
    counts: pl.DataFrame | None = None,
    topics: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Callon's centrality and density of each cluster, and its quadrant of the thematic map.

    As bibliometrix's ``thematicMap`` computes them from the normalized co-occurrence ``S``
    (use ``measure="association"``): centrality = 10 x the sum of the weights of links from the
    cluster's topics to topics outside it; density = 100 x the sum of the weights of links inside the
    cluster (each counted from both ends, as in the symmetric matrix) divided by its number of topics.
    Both are ranked (1 = lowest) and split at the mean rank: high centrality and high density =
    motor themes, low centrality and high density = niche themes, low and low = emerging or declining
    themes, high centrality and low density = basic themes. A rank equal to the mean counts as low.

    Parameters
    ----------
    pairs
        ``[topic_a, topic_b, n, score]`` (one measure; non-positive scores are not links).
    clusters
        ``[topic, cluster, cluster_label]`` from :func:`cotopic_clusters`.
    counts
        Optional ``[topic, papers]`` from :func:`topic_counts`: the label is then the cluster's most
        frequent topic (as bibliometrix) and topics are listed most frequent first.
    topics
        Optional ``[paper_id, topic, weight]``: ``papers`` is then the number of distinct papers with
        at least one topic of the cluster (a paper with three of its topics counts once), and
        ``counts`` is derived from it when not given.

    Returns
    -------
    polars.DataFrame
        ``[cluster, label, topics, n_topics, papers, centrality, density, rank_centrality,
        rank_density, quadrant]``; ``topics`` lists the cluster's topics (most papers or strength first);
        ``papers`` (distinct papers) is null without ``topics``. ``centrality`` and ``density`` are the
        values to plot; their ranks (1 = lowest) decide the quadrant. The quadrants depend on the
        measure of ``pairs``: check them with :func:`quadrant_agreement`.

    References
    ----------
    Callon, M., Courtial, J. P., & Laville, F. (1991). Co-word analysis as a tool for describing the
    network of interactions between basic and technological research. Scientometrics 22, 155-205.
    Cobo, M. J., López-Herrera, A. G., Herrera-Viedma, E., & Herrera, F. (2011). An approach for
    detecting, quantifying, and visualizing the evolution of a research field. J. Informetrics 5, 146-166.
    Aria, M., & Cuccurullo, C. (2017). bibliometrix: An R-tool for comprehensive science mapping
    analysis. J. Informetrics 11, 959-975.

    Examples
    --------
    >>> import polars as pl
    >>> pairs = pl.DataFrame({"topic_a": ["LoRA", "LoRA", "RAG", "RAG", "agents"], "topic_b": ["quantization", "RAG", "agents", "tools", "tools"],
    ...                       "n": [5, 1, 4, 2, 6], "score": [3.0, 0.1, 2.0, 0.5, 3.0]})
    >>> cl = cotopic_clusters(pairs)
    >>> thematic_map(pairs, cl).select("label", "n_topics", "centrality", "density", "quadrant").rows()
    [('agents', 3, 1.0, 366.66..., 'niche themes'), ('LoRA', 2, 1.0, 300.0, 'emerging or declining themes')]
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "1", "2", "3"], "topic": ["agents", "RAG", "tools", "LoRA", "agents"], "weight": [1.0] * 5})
    >>> thematic_map(pairs, cl, topics=t).select("label", "papers").rows()  # paper 1 counts once, not three times
    [('agents', 2), ('LoRA', 1)]
    """
    _check_pairs(pairs, "thematic_map")
    validate(clusters, "clusters", needed_by="thematic_map")
    edges = pairs.filter(pl.col("score") > 0).select("topic_a", "topic_b", "score")
    if edges.height == 0 or clusters.height == 0:
        raise ValueError("no co-occurring pairs with a positive score (or no clusters): nothing to map")
    distinct = None
    if topics is not None:
        validate(topics, "topics", needed_by="thematic_map")
        if counts is None:
            counts = topic_counts(topics)
        distinct = _distinct_papers(topics, clusters)
    groups = _cluster_groups(clusters, counts, distinct)
    if groups.height == 0:
        return pl.DataFrame(schema={
            "cluster": pl.Int64(), "label": pl.String(), "topics": pl.List(pl.String()), "n_topics": pl.Int64(),
            "papers": pl.Int64(), "centrality": pl.Float64(), "density": pl.Float64(),
            "rank_centrality": pl.Float64(), "rank_density": pl.Float64(), "quadrant": pl.String()})
    return _place_clusters(groups, _link_sums(edges, clusters))


def _distinct_papers(topics: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """``cluster, _distinct``: the papers with a topic of each cluster, each paper once."""
    return (
        topics.filter(pl.col("weight") > 0).select("paper_id", "topic")
        .join(clusters.select("topic", "cluster"), on="topic", how="inner")
        .group_by("cluster").agg(pl.col("paper_id").n_unique().cast(pl.Int64()).alias("_distinct"))
    )


def _link_sums(edges: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """``cluster, _internal, _external``: the link strength inside each cluster and to the others."""
    member = clusters.select("topic", "cluster")
    edges = edges.join(member.rename({"topic": "topic_a", "cluster": "ca"}), on="topic_a").join(
        member.rename({"topic": "topic_b", "cluster": "cb"}), on="topic_b"
    )
    # each link is counted once from each end: internal links twice (symmetric matrix), external once per side
    ends = pl.concat([
        edges.select(pl.col("ca").alias("cluster"), (pl.col("ca") == pl.col("cb")).alias("internal"), "score"),
        edges.select(pl.col("cb").alias("cluster"), (pl.col("ca") == pl.col("cb")).alias("internal"), "score"),
    ])
    return ends.group_by("cluster").agg(
        pl.col("score").filter(pl.col("internal")).sum().alias("_internal"),
        pl.col("score").filter(~pl.col("internal")).sum().alias("_external"),
    )


def _cluster_groups(clusters: pl.DataFrame, counts: pl.DataFrame | None, distinct: pl.DataFrame | None) -> pl.DataFrame:
    """One row per cluster: its label (largest topic), topics, ``n_topics`` and distinct ``papers``."""
    info = clusters
    if counts is not None:
        validate(counts, "topic_counts", needed_by="thematic_map")
        info = info.join(counts.select("topic", pl.col("papers").cast(pl.Int64())), on="topic", how="left").with_columns(
            pl.col("papers").fill_null(0)
        )
        order = [pl.col("papers"), pl.col("topic")]
    else:
        info = info.with_columns(pl.lit(None, dtype=pl.Int64()).alias("papers"))
        if "strength" not in info.columns:
            info = info.with_columns(pl.lit(0.0).alias("strength"))
        order = [pl.col("strength"), pl.col("topic")]
    groups = info.sort(order, descending=[True, False]).group_by("cluster", maintain_order=True).agg(
        pl.col("topic").first().alias("label_by_size") if counts is not None else pl.col("cluster_label").first().alias("label_by_size"),
        pl.col("topic").alias("topics"),
        pl.len().cast(pl.Int64()).alias("n_topics"),
    )
    if distinct is not None:
        return groups.join(distinct, on="cluster", how="left").with_columns(pl.col("_distinct").fill_null(0).alias("papers"))
    return groups.with_columns(pl.lit(None, dtype=pl.Int64()).alias("papers"))


def _place_clusters(groups: pl.DataFrame, sums: pl.DataFrame) -> pl.DataFrame:
    """Callon's centrality and density of each cluster, their ranks and the quadrant they place it in."""
    out = groups.join(sums, on="cluster", how="left").with_columns(
        (pl.col("_external").fill_null(0.0) * 10).alias("centrality"),
        (pl.col("_internal").fill_null(0.0) / pl.col("n_topics") * 100).alias("density"),
    ).with_columns(
        pl.col("centrality").rank("average").cast(pl.Float64()).alias("rank_centrality"),
        pl.col("density").rank("average").cast(pl.Float64()).alias("rank_density"),
    )
    high_c = pl.col("rank_centrality") > pl.col("rank_centrality").mean()
    high_d = pl.col("rank_density") > pl.col("rank_density").mean()
    quadrant = (
        pl.when(high_c & high_d).then(pl.lit(QUADRANTS[True, True]))
        .when(~high_c & high_d).then(pl.lit(QUADRANTS[False, True]))
        .when(high_c & ~high_d).then(pl.lit(QUADRANTS[True, False]))
        .otherwise(pl.lit(QUADRANTS[False, False]))
    )
    return out.with_columns(quadrant.alias("quadrant")).select(
        pl.col("cluster").cast(pl.Int64()), pl.col("label_by_size").alias("label"), "topics", "n_topics", "papers",
        "centrality", "density", "rank_centrality", "rank_density", "quadrant",
    ).sort("cluster")


def quadrant_agreement(pairs: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """Whether each cluster lands in the same quadrant of the thematic map under several measures.

    The clusters are held fixed and :func:`thematic_map` is computed once per measure of ``pairs``.
    Centrality and density sum link weights, so a measure that favours frequent topics (association
    strength penalises them, NPMI less so) can move a cluster across the median: a quadrant is only
    worth reporting when it is ``stable``.

    Parameters
    ----------
    pairs
        ``[topic_a, topic_b, n, measure, score]`` from ``cooccurrence(topics, measure=[...])`` with two
        or more measures (e.g. ``["association", "npmi"]``).
    clusters
        ``[topic, cluster, cluster_label]`` from :func:`cotopic_clusters`.

    Returns
    -------
    polars.DataFrame
        ``[cluster, label, measure, quadrant, stable]``, one row per cluster and measure; ``stable``
        is true when the cluster has the same quadrant under every measure.

    Examples
    --------
    >>> import polars as pl
    >>> one = pl.DataFrame({"topic_a": ["LoRA", "LoRA", "RAG", "RAG", "agents"], "topic_b": ["quantization", "RAG", "agents", "tools", "tools"],
    ...                     "n": [5, 1, 4, 2, 6], "score": [3.0, 0.1, 2.0, 0.5, 3.0]})
    >>> two = one.with_columns(pl.Series("score", [0.9, 0.5, 0.2, 0.1, 0.3]))
    >>> pairs = pl.concat([one.with_columns(measure=pl.lit("association")), two.with_columns(measure=pl.lit("npmi"))])
    >>> cl = cotopic_clusters(one)
    >>> quadrant_agreement(pairs, cl).filter(pl.col("label") == "LoRA").select("measure", "quadrant", "stable").rows()
    [('association', 'emerging or declining themes', False), ('npmi', 'niche themes', False)]
    """
    validate(pairs, "pairs", needed_by="quadrant_agreement", columns=("topic_a", "topic_b", "n", "score", "measure"))
    measures = pairs["measure"].unique(maintain_order=True).to_list()
    if len(measures) < 2:
        raise ValueError(f"give pairs for two or more measures to compare, got {measures}")
    rows = []
    for m in measures:
        tm = thematic_map(pairs.filter(pl.col("measure") == m).drop("measure"), clusters)
        rows.append(tm.select("cluster", "label", pl.lit(m).alias("measure"), "quadrant"))
    out = pl.concat(rows)
    # the label of the first measure names the cluster in every row
    labels = rows[0].select("cluster", "label")
    return out.drop("label").join(labels, on="cluster", how="left").with_columns(
        (pl.col("quadrant").n_unique().over("cluster") == 1).alias("stable")
    ).select("cluster", "label", "measure", "quadrant", "stable").sort("cluster", "measure")


def network_layout(
    pairs: pl.DataFrame,
    clusters: pl.DataFrame,
    *,
    counts: pl.DataFrame | None = None,
    seed: int = 0,
    iterations: int = 100,
) -> pl.DataFrame:
    """Node positions of the co-occurrence network (spring layout, seeded) for the network chart.

    Parameters
    ----------
    pairs
        ``[topic_a, topic_b, n, score]`` (one measure; positive scores are the springs' weights).
    clusters
        ``[topic, cluster, cluster_label]`` from :func:`cotopic_clusters`.
    counts
        Optional ``[topic, papers]`` from :func:`topic_counts` (node sizes); else ``papers`` is the
        largest ``n`` of the topic's pairs.
    seed, iterations
        Of ``networkx.spring_layout`` (Fruchterman-Reingold).

    Returns
    -------
    polars.DataFrame
        ``[topic, x, y, cluster, cluster_label, papers, degree, neighbors]``; ``neighbors`` is the
        ``|``-delimited list of linked topics (``"|a|b|"``) the chart uses to highlight them.

    Examples
    --------
    >>> import polars as pl
    >>> pairs = pl.DataFrame({"topic_a": ["RAG", "agents"], "topic_b": ["agents", "tools"], "n": [4, 6], "score": [2.0, 3.0]})
    >>> nodes = network_layout(pairs, cotopic_clusters(pairs))
    >>> nodes.select("topic", "degree", "neighbors").sort("topic").rows()
    [('RAG', 1, '|agents|'), ('agents', 2, '|RAG|tools|'), ('tools', 1, '|agents|')]
    """
    import networkx as nx  # deferred: networkx takes a second to import; only clusters need it

    g = _graph(pairs, "network_layout")
    if g.number_of_nodes() == 0:
        raise ValueError("the co-occurrence frame is empty: no pairs to lay out")
    pos = nx.spring_layout(g, weight="weight", seed=seed, iterations=iterations)
    nodes = sorted(g.nodes)
    neighbors = ["|" + "|".join(sorted(g.neighbors(t))) + "|" if g.degree(t) else "" for t in nodes]
    frame = pl.DataFrame({
        "topic": nodes,
        "x": [float(pos[t][0]) for t in nodes],
        "y": [float(pos[t][1]) for t in nodes],
        "degree": [int(g.degree(t)) for t in nodes],
        "neighbors": neighbors,
    })
    frame = frame.join(clusters.select("topic", "cluster", "cluster_label"), on="topic", how="left")
    if counts is not None:
        sizes = counts.select("topic", pl.col("papers").cast(pl.Int64()))
    else:
        sizes = pl.concat([pairs.select(pl.col("topic_a").alias("topic"), "n"), pairs.select(pl.col("topic_b").alias("topic"), "n")]).group_by("topic").agg(pl.col("n").max().cast(pl.Int64()).alias("papers"))
    frame = frame.join(sizes, on="topic", how="left")
    return frame.select("topic", "x", "y", "cluster", "cluster_label", "papers", "degree", "neighbors")
