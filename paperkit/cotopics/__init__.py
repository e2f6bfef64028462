"""Co-topic analysis: topics per paper, normalized co-occurrence, clusters, thematic map, time.

The pipeline, each step a pure function on tidy frames::

    papers ──topics_from_dictionary / topics_from_keyphrases──▶ topics [paper_id, topic, weight]
           ──cooccurrence──▶ pairs [topic_a, topic_b, n, score]
           ──cotopic_clusters──▶ clusters [topic, cluster, cluster_label, strength]
           ──thematic_map──▶ one row per cluster with Callon's centrality and density, and its quadrant
    topics + papers ──cooccurrence_over_time / cotopic_changes──▶ pairs per period, pairs that rose or fell
    topics + papers ──cotopic_papers──▶ the papers behind one pair (drill-down)

Topics come two ways that mix freely (``pl.concat`` then :func:`combine_topics`): a topic dictionary
(topic -> terms; a curated default for ML papers ships as ``paperkit/resources/topics_ml.toml``, see
:func:`default_topics`), and data-driven topics, the corpus's top keyphrases
(:func:`topics_from_keyphrases`) or clusters of them (:func:`topics_from_clusters`).

Co-occurrence is counted at the paper level (two topics co-occur when one paper has both) from a sparse
papers x topics incidence matrix ``X``: ``C = X.T @ X``; the diagonal holds each topic's paper count.
Charts for these frames are in :mod:`paperkit.charts.cotopics`.

One module per step: :mod:`~paperkit.cotopics.dictionary` (topic dictionaries and their
patterns), :mod:`~paperkit.cotopics.topics` (data-driven topics, combining, counting),
:mod:`~paperkit.cotopics.pairs` (co-occurrence and its measures),
:mod:`~paperkit.cotopics.clusters` (clusters, thematic map, layout),
:mod:`~paperkit.cotopics.over_time` (per period, changes) and
:mod:`~paperkit.cotopics.drilldown` (the papers behind a pair).
"""

from __future__ import annotations

from paperkit.cotopics.clusters import (
    QUADRANTS,
    cotopic_clusters,
    network_layout,
    quadrant_agreement,
    thematic_map,
)
from paperkit.cotopics.dictionary import (  # noqa: F401  (TOPIC_BATCH re-exported: the batch setting)
    TOPIC_BATCH,
    TOPICS_SCHEMA,
    default_topics,
    term_pattern,
    topic_pattern,
    topics_from_dictionary,
)
from paperkit.cotopics.drilldown import cotopic_papers
from paperkit.cotopics.over_time import cooccurrence_over_time, cotopic_changes
from paperkit.cotopics.pairs import MEASURES, PAIRS_SCHEMA, cooccurrence, pair_min_count  # noqa: F401  (PAIRS_SCHEMA re-exported)
from paperkit.cotopics.topics import (
    combine_topics,
    topic_counts,
    topics_from_clusters,
    topics_from_keyphrases,
    topics_from_keywords,
)

__all__ = [
    "MEASURES",
    "QUADRANTS",
    "combine_topics",
    "cooccurrence",
    "cooccurrence_over_time",
    "cotopic_changes",
    "cotopic_clusters",
    "cotopic_papers",
    "default_topics",
    "network_layout",
    "pair_min_count",
    "quadrant_agreement",
    "term_pattern",
    "thematic_map",
    "topic_counts",
    "topic_pattern",
    "topics_from_clusters",
    "topics_from_dictionary",
    "topics_from_keyphrases",
    "topics_from_keywords",
]
