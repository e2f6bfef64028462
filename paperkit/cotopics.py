"""Co-topic analysis: topics per paper, normalized co-occurrence, clusters, thematic map, time.

The pipeline, each step a pure function on tidy frames::

    papers ──topics_from_dictionary / topics_from_keyphrases──▶ topics [paper_id, topic, weight]
           ──cooccurrence──▶ pairs [topic_a, topic_b, n, score]
           ──cotopic_clusters──▶ clusters [topic, cluster, cluster_label, strength]
           ──thematic_map──▶ one row per cluster with Callon's centrality and density, and its quadrant
    topics + papers ──cooccurrence_over_time / cotopic_changes──▶ pairs per period, pairs that rose or fell
    papers + topics ──cotopic_papers──▶ the papers behind one pair (drill-down)

Topics come two ways that mix freely (``pl.concat`` then :func:`combine_topics`): a topic dictionary
(topic -> terms; a curated default for ML papers ships as ``paperkit/resources/topics_ml.toml``, see
:func:`default_topics`), and data-driven topics, the corpus's top keyphrases
(:func:`topics_from_keyphrases`) or clusters of them (:func:`topics_from_clusters`).

Co-occurrence is counted at the paper level (two topics co-occur when one paper has both) from a sparse
papers x topics incidence matrix ``X``: ``C = X.T @ X``; the diagonal holds each topic's paper count.
Charts for these frames are in :mod:`paperkit.charts.cotopics`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources

import numpy as np
import polars as pl
import scipy.sparse as sp

from paperkit.normalize import validate_papers

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

#: Normalizations of :func:`cooccurrence`, in the order they are documented.
MEASURES = ("count", "association", "jaccard", "cosine", "inclusion", "pmi", "npmi")

#: Quadrants of the thematic map (Cobo et al. 2011; bibliometrix), keyed by (high centrality, high density).
QUADRANTS = {
    (True, True): "motor themes",
    (False, True): "niche themes",
    (False, False): "emerging or declining themes",
    (True, False): "basic themes",
}

TOPICS_SCHEMA = {"paper_id": pl.String(), "topic": pl.String(), "weight": pl.Float64()}
#: Papers :func:`topics_from_dictionary` matches in one step (their texts and counts are in memory meanwhile).
TOPIC_BATCH = 50_000
PAIRS_SCHEMA = {"topic_a": pl.String(), "topic_b": pl.String(), "n": pl.Int64(), "score": pl.Float64()}


# --- topic dictionaries ------------------------------------------------------------------------
_SEP = r"[\s\-]?"  # a space or hyphen inside a term matches a space, a hyphen or nothing


def _is_acronym(term: str) -> bool:
    """An acronym (matched case-sensitively) has an upper-case letter after its first character."""
    return any(ch.isupper() for ch in term[1:])


def term_pattern(term: str) -> str:
    """The regular expression one dictionary term compiles to.

    Rules: whole words only; a word with an upper-case letter after its first character, or in
    capitals ("RAG", "LoRA", "3D", "MATH"), is an acronym matched case-sensitively; every other word
    is matched case-insensitively ("LLM-as-a-judge" matches "LLM-as-a-Judge", not "llm-as-a-judge");
    spaces and hyphens inside the term match a space, a hyphen or nothing; the last word may take a
    plural ending (``s``/``es``, ``y`` -> ``ies``); a trailing ``*`` continues the word
    (``"quantiz*"``); a term starting with ``re:`` is a raw regular expression used as is
    (Rust regex syntax, as polars uses).

    Parameters
    ----------
    term
        One term of a topic dictionary.

    Returns
    -------
    str
        A regular expression for ``polars.Expr.str.count_matches``.

    Examples
    --------
    >>> term_pattern("RAG")
    '\\\\bRAG(?:s)?\\\\b'
    >>> term_pattern("fine-tuning")
    '(?i:\\\\bfine[\\\\s\\\\-]?tuning(?:s|es)?\\\\b)'
    >>> term_pattern("quantiz*")
    '(?i:\\\\bquantiz\\\\w*)'
    >>> term_pattern("re:\\\\bGPT-\\\\d")
    '\\\\bGPT-\\\\d'
    """
    pattern, case_sensitive = _compile_term(term)
    return pattern if case_sensitive else f"(?i:{pattern})"


def _compile_term(term: str, *, lower: bool = False) -> tuple[str, bool]:
    """The regex of one term and whether it is case-sensitive; with ``lower`` a case-insensitive
    term's regex is written in lower case, for matching against lower-cased text."""
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"a topic term must be a non-empty string, got {term!r}")
    term = term.strip()
    if term.startswith("re:"):
        pattern = term[3:]
        try:
            re.compile(pattern)  # fail early on a broken pattern (Python syntax is close enough)
        except re.error as err:
            raise ValueError(f"bad regular expression in term {term!r}: {err}") from None
        return pattern, True
    wildcard = term.endswith("*")
    core = term.rstrip("*").strip()
    if not core:
        raise ValueError(f"a topic term needs more than a wildcard, got {term!r}")
    words = re.split(r"[\s\-]+", core)
    exact = [_is_acronym(w) or (w.isupper() and len(w) > 1) for w in words]
    acronym = any(exact)
    if lower and not acronym:
        words = [w.lower() for w in words]
    pieces = [re.escape(w) for w in words]
    last = words[-1]
    if wildcard:
        pieces[-1] += r"\w*"
    elif exact[-1]:
        pieces[-1] += "(?:s)?" if last[-1].isalnum() else ""
    elif last[-1] == "y" and len(last) > 2 and last[-2].lower() not in "aeiou":
        pieces[-1] = pieces[-1][:-1] + "(?:y|ies)"
    elif last[-1].isalpha():
        pieces[-1] += "(?:s|es)?"
    if acronym:  # only the acronym words are case-sensitive: "LLM-as-a-judge" matches "LLM-as-a-Judge"
        pieces = [p if e else f"(?i:{p})" for p, e in zip(pieces, exact)]
    body = _SEP.join(pieces)
    start = r"\b" if core[0].isalnum() or core[0] == "_" else ""
    end = r"\b" if (core[-1].isalnum() and not wildcard) else ""
    return f"{start}{body}{end}", acronym


def topic_pattern(terms: Sequence[str]) -> str:
    """One regular expression matching any of a topic's terms (see :func:`term_pattern`).

    Examples
    --------
    >>> import polars as pl
    >>> rx = topic_pattern(["RAG", "retrieval-augmented generation"])
    >>> pl.Series(["RAG-based QA over storage", "Retrieval-Augmented Generation (RAG)", "storage"]).str.count_matches(rx).to_list()
    [1, 2, 0]
    """
    if isinstance(terms, str):
        raise TypeError(f"expected a list of terms, got the string {terms!r}; wrap it in a list")
    patterns = [term_pattern(t) for t in terms]
    if not patterns:
        raise ValueError("a topic needs at least one term")
    # Longest first so that "retrieval-augmented generation" wins over "retrieval" when both are terms.
    order = sorted(range(len(patterns)), key=lambda i: -len(terms[i]))
    return "|".join(patterns[i] for i in order)


@functools.cache
def _default_topics() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("paperkit").joinpath("resources/topics_ml.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return tuple((name, tuple(spec["terms"])) for name, spec in data.items())


def default_topics() -> dict[str, list[str]]:
    """The curated topic dictionary for ML papers shipped with paperkit (topic -> terms).

    Read lazily from ``paperkit/resources/topics_ml.toml`` (about 50 topics: RAG, alignment & RLHF,
    PEFT & LoRA, pruning & quantization, reasoning, agents, diffusion, recommendation, ...). Copy it,
    edit it and pass it to :func:`topics_from_dictionary` to make your own.

    Returns
    -------
    dict[str, list[str]]

    Examples
    --------
    >>> topics = default_topics()
    >>> topics["PEFT & LoRA"][:3]
    ['LoRA', 'QLoRA', 'DoRA']
    >>> {"RAG", "agents", "reasoning", "diffusion & flow models"} <= set(topics)
    True
    """
    return {name: list(terms) for name, terms in _default_topics()}


def _expand_synonyms(dictionary: Mapping[str, Sequence[str]], synonyms: pl.DataFrame) -> dict[str, list[str]]:
    """Add to each topic every synonym of its terms (same ``canonical`` in ``synonyms``)."""
    missing = [c for c in ("term", "canonical") if c not in synonyms.columns]
    if missing:
        raise ValueError(
            f"synonyms frame is missing column(s) {missing}; expected [term, canonical(, long_form)] "
            "as from paperkit.acronyms.acronym_synonyms(...)"
        )
    cols = ["term", "canonical"] + (["long_form"] if "long_form" in synonyms.columns else [])
    rows = synonyms.select(cols).drop_nulls(["term", "canonical"]).rows()
    groups: dict[str, set[str]] = {}
    for row in rows:
        group = groups.setdefault(row[1], {row[1]})
        group.update(x for x in row if x)

    def key(t: str) -> str:
        return t if _is_acronym(t) else t.casefold()

    # a lower-cased acronym ("lora") would lose the acronym's case-sensitivity: its canonical form covers it
    for group in groups.values():
        acronyms = {t.casefold() for t in group if _is_acronym(t)}
        group -= {t for t in group if not _is_acronym(t) and t.casefold() in acronyms}
    index: dict[str, set[str]] = {}
    for group in groups.values():
        for t in group:
            index.setdefault(key(t), set()).update(group)
    out = {}
    for topic, terms in dictionary.items():
        extra = set()
        for t in terms:
            extra |= index.get(key(t), set())
        known = {key(t) for t in terms}
        out[topic] = list(terms) + sorted(t for t in extra if key(t) not in known and t.strip())
    return out


def _topic_count_expr(topic: str, terms: Sequence[str]) -> pl.Expr:
    """Matches of a topic's terms: acronyms in the text, other terms in the lower-cased text
    (about twice as fast as case-insensitive regexes)."""
    if isinstance(terms, str) or not isinstance(terms, Sequence) or not terms:
        raise ValueError(f"topic {topic!r}: expected a non-empty list of terms, got {terms!r}")
    exact, lower = [], []
    for term in sorted(terms, key=lambda t: -len(str(t))):
        try:
            pattern, case_sensitive = _compile_term(term, lower=True)
        except ValueError as err:
            raise ValueError(f"topic {topic!r}: {err}") from None
        (exact if case_sensitive else lower).append(pattern)
    parts = []
    if exact:
        parts.append(pl.col("_text").str.count_matches("|".join(exact)))
    if lower:
        parts.append(pl.col("_lower").str.count_matches("|".join(lower)))
    total = parts[0] if len(parts) == 1 else parts[0] + parts[1]
    return total.alias(topic)


def _text_expr(has_abstract: bool = True) -> pl.Expr:
    parts = [pl.col("title").fill_null("")] + ([pl.col("abstract").fill_null("")] if has_abstract else [])
    return pl.concat_str(parts, separator=" \n ")


def topics_from_dictionary(
    papers: pl.DataFrame,
    dictionary: Mapping[str, Sequence[str]] | None = None,
    *,
    synonyms: pl.DataFrame | None = None,
    weight: str = "count",
    min_matches: int | None = None,
    batch: int | None = None,
) -> pl.DataFrame:
    """Topics per paper from a topic dictionary matched in title + abstract.

    One ``str.count_matches`` per topic over the text column of ``batch`` papers at a time (see
    :func:`term_pattern` for how terms match: whole words, acronyms case-sensitive, plural-tolerant).

    Parameters
    ----------
    papers
        A papers frame (needs ``paper_id``, ``title``; ``abstract`` is used when present).
    dictionary
        Topic -> list of terms. ``None`` uses the curated ML dictionary (:func:`default_topics`).
    synonyms
        Optional ``[term, canonical(, long_form)]`` frame, e.g. from
        ``paperkit.acronyms.acronym_synonyms(...)``: a topic with the term "LoRA" then also matches
        every term and long form that shares its canonical form ("low-rank adaptation").
    weight
        ``"count"``: the number of matches of the topic's terms (title matches included);
        ``"binary"``: 1.0 for every paper that has the topic.
    min_matches
        A paper has a topic when its terms match at least this many times (title and abstract
        together). ``None`` (default): 2 for a paper with an abstract, 1 for a title-only paper
        (a title rarely names its topic twice). The 2 was measured on a hand-checked sample of the Hugging Face Daily
        Papers DEV archive: a single incidental mention ("pruning early", "context length") was right
        for 3 of 20 (paper, topic) rows, two or more mentions for 17 of 20; about 57 % of all
        assignments were right at ``min_matches=1`` and 85 % at 2 (see
        ``benchmarks/README-cotopics.md``).
    batch
        Papers matched in one step (default :data:`TOPIC_BATCH`, read at call time): their
        texts, a lower-case copy and one count per topic and paper are in memory meanwhile. A
        smaller batch uses less memory; the result is the same.

    Returns
    -------
    polars.DataFrame
        ``[paper_id, topic, weight]``, one row per paper and topic it has, sorted by paper then topic.

    Examples
    --------
    >>> import polars as pl
    >>> papers = pl.DataFrame({"paper_id": ["1", "2", "3"],
    ...     "title": ["RAG with LoRA adapters", "Efficient storage for agents", "Retrieval-Augmented Generation (RAG)"],
    ...     "abstract": ["We add LoRA to a retriever.", "An agent stores data.", None]})
    >>> d = {"RAG": ["RAG", "retrieval-augmented generation"], "PEFT": ["LoRA", "adapter"], "agents": ["agent"]}
    >>> topics_from_dictionary(papers, d).rows()  # RAG is named once in paper 1: not its topic
    [('1', 'PEFT', 3.0), ('2', 'agents', 2.0), ('3', 'RAG', 2.0)]
    >>> topics_from_dictionary(papers, d, min_matches=1).rows()
    [('1', 'PEFT', 3.0), ('1', 'RAG', 1.0), ('2', 'agents', 2.0), ('3', 'RAG', 2.0)]
    """
    validate_papers(papers, required=("paper_id", "title"))
    if weight not in ("count", "binary"):
        raise ValueError(f"weight must be 'count' or 'binary', got {weight!r}")
    if min_matches is not None and (not isinstance(min_matches, int) or min_matches < 1):
        raise ValueError(f"min_matches must be a positive integer or None, got {min_matches!r}")
    if dictionary is None:
        dictionary = default_topics()
    if not isinstance(dictionary, Mapping):
        raise TypeError(f"dictionary must map topic -> list of terms, got {type(dictionary).__name__}")
    if not dictionary:
        raise ValueError("the topic dictionary is empty; give at least one topic -> [terms]")
    if synonyms is not None:
        dictionary = _expand_synonyms(dictionary, synonyms)
    if papers.height == 0:
        return pl.DataFrame(schema=TOPICS_SCHEMA)
    batch = TOPIC_BATCH if batch is None else batch
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    if papers.height > batch:
        parts = [topics_from_dictionary(papers.slice(offset, batch), dictionary, weight=weight, min_matches=min_matches,
                                        batch=batch) for offset in range(0, papers.height, batch)]
        return pl.concat(parts).sort("paper_id", "topic")
    exprs = [_topic_count_expr(str(topic), terms) for topic, terms in dictionary.items()]
    text = papers.select(pl.col("paper_id").cast(pl.String()), _text_expr("abstract" in papers.columns).alias("_text")).with_columns(
        pl.col("_text").str.to_lowercase().alias("_lower")
    )
    if min_matches is None:
        has_text = pl.col("abstract").fill_null("").str.strip_chars().str.len_chars() > 0 if "abstract" in papers.columns else pl.lit(False)
        need = pl.when(has_text).then(2).otherwise(1)
    else:
        need = pl.repeat(min_matches, papers.height)
    counts = text.select("paper_id", *exprs).with_columns(papers.select(need.alias("_need")).to_series())
    long = counts.unpivot(index=["paper_id", "_need"], variable_name="topic", value_name="weight").filter(
        pl.col("weight") >= pl.col("_need")
    )
    value = pl.lit(1.0) if weight == "binary" else pl.col("weight").cast(pl.Float64())
    return long.select("paper_id", "topic", value.alias("weight")).sort("paper_id", "topic")


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
    missing = [c for c in ("paper_id", "phrase") if c not in keyphrases.columns]
    if missing:
        raise ValueError(
            f"keyphrases frame is missing column(s) {missing}; expected [paper_id, rank, phrase, score] "
            "as from paperkit.keywords.keyphrases(papers)"
        )
    if weight not in ("score", "binary"):
        raise ValueError(f"weight must be 'score' or 'binary', got {weight!r}")
    if weight == "score" and "score" not in keyphrases.columns:
        raise ValueError("keyphrases has no 'score' column; pass weight='binary'")
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


def topics_from_keywords(papers: pl.DataFrame, *, k: int = 10, top: int = 50, min_papers: int = 2) -> pl.DataFrame:
    """Data-driven topics straight from papers: ``paperkit.keywords.keyphrases`` then
    :func:`topics_from_keyphrases`.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``).
    k
        Keyphrases per paper.
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
    ['diffusion', 'video', 'video generation']
    """
    from paperkit.keywords import keyphrases  # optional stage: imported only when used

    validate_papers(papers, required=("paper_id", "title"))
    return topics_from_keyphrases(keyphrases(papers, k=k), top=top, min_papers=min_papers)


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
    _check_topics(topics)
    missing = [c for c in ("topic", "cluster_label") if c not in clusters.columns]
    if missing:
        raise ValueError(f"clusters frame is missing column(s) {missing}; expected the output of cotopic_clusters(...)")
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
        _check_topics(f)
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
    _check_topics(topics)
    return (
        topics.filter(pl.col("weight") > 0)
        .group_by("topic")
        .agg(pl.col("paper_id").n_unique().cast(pl.Int64()).alias("papers"), pl.col("weight").sum())
        .sort(["papers", "topic"], descending=[True, False])
    )


def _check_topics(topics: pl.DataFrame) -> None:
    if not isinstance(topics, pl.DataFrame):
        raise TypeError(f"expected a topics frame [paper_id, topic, weight], got {type(topics).__name__}")
    missing = [c for c in ("paper_id", "topic", "weight") if c not in topics.columns]
    if missing:
        raise ValueError(
            f"topics frame is missing column(s) {missing}; expected [paper_id, topic, weight] as from "
            "topics_from_dictionary(...) or topics_from_keyphrases(...)"
        )


# --- co-occurrence -----------------------------------------------------------------------------
def _incidence(topics: pl.DataFrame) -> tuple[list[str], sp.csr_matrix, int]:
    """Sorted topic labels, the binary papers x topics matrix and the number of papers in it."""
    present = topics.filter(pl.col("weight") > 0).select(
        pl.col("paper_id").cast(pl.String()), pl.col("topic").cast(pl.String())
    ).drop_nulls()
    labels = present.get_column("topic").unique().sort()
    # hash-based codes (a categorical for papers, a lookup for the sorted topics): no string sort
    codes = present.select(
        pl.col("paper_id").cast(pl.Categorical()).to_physical().cast(pl.Int64()).alias("p"),
        pl.col("topic").replace_strict(labels, pl.int_range(labels.len(), dtype=pl.Int32(), eager=True)).alias("t"),
    )
    p = codes["p"].to_numpy()
    t = codes["t"].to_numpy()
    if len(p):  # categorical codes need not start at 0 nor be dense
        uniq, p = np.unique(p, return_inverse=True)
        n_papers = len(uniq)
    else:
        n_papers = 0
    labels = labels.to_list()
    x = sp.csr_matrix((np.ones(len(p), dtype=np.int32), (p, t)), shape=(n_papers, len(labels)))
    x.data[:] = 1  # a (paper, topic) listed twice still counts once
    return labels, x, n_papers


def _scores(measure: str, c: np.ndarray, si: np.ndarray, sj: np.ndarray, n: int) -> np.ndarray:
    c = c.astype(np.float64)
    si = si.astype(np.float64)
    sj = sj.astype(np.float64)
    if measure == "count":
        return c
    if measure == "association":
        return n * c / (si * sj)
    if measure == "jaccard":
        return c / (si + sj - c)
    if measure == "cosine":
        return c / np.sqrt(si * sj)
    if measure == "inclusion":
        return c / np.minimum(si, sj)
    pmi = np.log(n * c / (si * sj))
    if measure == "pmi":
        return pmi
    if measure == "npmi":
        h = -np.log(c / n)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(h > 0, pmi / np.where(h > 0, h, 1.0), 1.0)
    raise ValueError(f"unknown measure {measure!r}; choose one of {list(MEASURES)}")


def _gram_bitset(x: sp.csr_matrix) -> np.ndarray:
    """Dense ``X.T @ X`` (upper triangle) of a binary matrix by AND + popcount of packed topic columns."""
    coo = x.tocoo()
    k, n = x.shape[1], x.shape[0]
    words = (n + 63) // 64
    bits = np.zeros((k, words * 64), dtype=bool)
    bits[coo.col, coo.row] = True
    packed = np.packbits(bits, axis=1, bitorder="little").view(np.uint64)
    del bits
    gram = np.zeros((k, k), dtype=np.int64)
    for i in range(k):
        gram[i, i:] = np.bitwise_count(packed[i] & packed[i:]).sum(axis=1, dtype=np.int64)
    return gram


def _use_bitset(x: sp.csr_matrix) -> bool:
    """Packed bitsets beat the sparse product when topics are few and common (dense columns)."""
    n, k = x.shape
    if not hasattr(np, "bitwise_count") or k * n > 2_000_000_000:  # numpy >= 2; bool scratch <= 2 GB
        return False
    degrees = np.diff(x.indptr).astype(np.float64)
    sparse_ops = float((degrees * degrees).sum())
    bitset_ops = k * k / 2 * n / 64
    return bitset_ops < 2 * sparse_ops


def _pairs(labels, x, n_papers, measures, min_count, *, method=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Upper-triangle co-occurrence pairs (i < j, c >= min_count) and their scores per measure."""
    s = np.asarray(x.sum(axis=0)).ravel()
    if method == "bitset" or (method is None and _use_bitset(x)):
        gram = _gram_bitset(x)
        i, j = np.nonzero(np.triu(gram, k=1) >= max(min_count, 1))
        n = gram[i, j]
    else:
        c = (x.T @ x).tocoo()
        keep = (c.row < c.col) & (c.data >= max(min_count, 1))
        i, j, n = c.row[keep], c.col[keep], c.data[keep].astype(np.int64)
    order = np.lexsort((j, i))
    i, j, n = i[order], j[order], n[order]
    return i, j, n, {m: _scores(m, n, s[i], s[j], n_papers) for m in measures}


def _measures(measure: str | Sequence[str]) -> list[str]:
    measures = [measure] if isinstance(measure, str) else list(measure)
    bad = [m for m in measures if m not in MEASURES]
    if bad or not measures:
        raise ValueError(f"unknown measure(s) {bad or measures}; choose from {list(MEASURES)}")
    return measures


def pair_min_count(n_papers: int) -> int:
    """The default ``min_count`` of :func:`cooccurrence`: one paper per 500, at least 3 (2 below 100 papers).

    A pair found in one or two papers gets a huge association or PMI by chance, and on a large corpus
    such pairs crowd the top of the ranking. Measured on the Hugging Face Daily Papers DEV archive
    (6,141 papers, dictionary topics with ``min_matches=2``): with ``min_count=1`` five of the top 10
    pairs by association rest on 7 papers or fewer ("graphs & knowledge graphs + recommendation" on 2);
    with this default (13) none do and all ten are pairs a reader recognises (RAG + retrieval, GUI
    agents + agents, reward models + test-time scaling...). On its first 3,000 papers (default 6) and
    first 1,000 (default 3) the top 10 are likewise free of one- and two-paper pairs
    (``benchmarks/README-cotopics.md``). Below 100 papers (one daily digest) two papers are already
    2 % of the corpus and the floor is 2.

    Parameters
    ----------
    n_papers
        Number of papers of the corpus (``N``).

    Returns
    -------
    int

    Examples
    --------
    >>> [pair_min_count(n) for n in (85, 1_000, 3_736, 6_141, 100_000)]
    [2, 3, 8, 13, 200]
    """
    if not isinstance(n_papers, int) or n_papers < 0:
        raise ValueError(f"n_papers must be a non-negative integer, got {n_papers!r}")
    return max(2 if n_papers < 100 else 3, math.ceil(n_papers / 500))


def cooccurrence(
    topics: pl.DataFrame,
    *,
    measure: str | Sequence[str] = "association",
    min_count: int | None = None,
    top_n: int | None = None,
    n_papers: int | None = None,
) -> pl.DataFrame:
    """Paper-level topic co-occurrence, normalized.

    Two topics co-occur when one paper has both (weight > 0). With ``X`` the binary papers x topics
    matrix (scipy.sparse), ``C = X.T @ X``: ``c_ij`` papers have both topics, ``s_i = c_ii`` papers
    have topic ``i``, and ``N`` is the number of papers. Measures:

    ==============  ==================================  =============================================
    ``count``       ``c_ij``                            raw co-occurrence count
    ``association`` ``N c_ij / (s_i s_j)``              association strength (van Eck & Waltman 2009,
                                                        VOSviewer's default), scaled by ``N`` so that
                                                        1 means "as often as chance"
    ``jaccard``     ``c_ij / (s_i + s_j - c_ij)``       Jaccard index
    ``cosine``      ``c_ij / sqrt(s_i s_j)``            Salton's cosine
    ``inclusion``   ``c_ij / min(s_i, s_j)``            inclusion index
    ``pmi``         ``log(N c_ij / (s_i s_j))``         pointwise mutual information (natural log)
    ``npmi``        ``pmi / -log(c_ij / N)``            normalized PMI in [-1, 1] (Bouma 2009);
                                                        1 when ``c_ij = N``
    ==============  ==================================  =============================================

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    measure
        One of :data:`MEASURES`, or a list of them (the result then has a ``measure`` column).
    min_count
        Keep pairs found in at least this many papers. ``None`` (default) scales with the corpus:
        :func:`pair_min_count` of ``N`` (one paper per 500, at least 3; 2 below 100 papers). Pass 1
        to keep every pair.
    top_n
        Keep the ``top_n`` pairs with the highest score (per measure; ties by ``n``, then names).
    n_papers
        ``N``; by default the number of distinct papers in ``topics`` (papers with no topic are not
        counted). Pass ``papers.height`` to count them.

    Returns
    -------
    polars.DataFrame
        ``[topic_a, topic_b, n, score]`` with ``topic_a < topic_b``, one row per co-occurring pair,
        ordered by ``topic_a, topic_b`` (by descending score when ``top_n`` is set); with several
        measures ``[topic_a, topic_b, n, measure, score]``.

    References
    ----------
    van Eck, N. J., & Waltman, L. (2009). How to normalize cooccurrence data? An analysis of some
    well-known similarity measures. JASIST 60(8), 1635-1651.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction. GSCL.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2", "2", "3", "4"],
    ...                   "topic": ["RAG", "agents", "RAG", "agents", "RAG", "agents"],
    ...                   "weight": [1.0] * 6})
    >>> cooccurrence(t, measure="jaccard", min_count=1).rows()
    [('RAG', 'agents', 2, 0.5)]
    >>> cooccurrence(t, measure=["count", "association"], min_count=2).rows()
    [('RAG', 'agents', 2, 'count', 2.0), ('RAG', 'agents', 2, 'association', 0.888...)]
    >>> cooccurrence(t, n_papers=1000).height  # the default min_count is 3 at N = 1,000
    0
    """
    _check_topics(topics)
    measures = _measures(measure)
    if min_count is not None and (not isinstance(min_count, int) or min_count < 1):
        raise ValueError(f"min_count must be a positive integer or None, got {min_count!r}")
    if top_n is not None and (not isinstance(top_n, int) or top_n < 1):
        raise ValueError(f"top_n must be a positive integer or None, got {top_n!r}")
    labels, x, n_found = _incidence(topics)
    if n_papers is not None and n_papers < n_found:
        raise ValueError(f"n_papers={n_papers} is smaller than the {n_found} papers that have topics")
    if min_count is None:
        min_count = pair_min_count(n_papers or n_found)
    schema = dict(PAIRS_SCHEMA)
    if len(measures) > 1 or not isinstance(measure, str):
        schema = {"topic_a": pl.String(), "topic_b": pl.String(), "n": pl.Int64(), "measure": pl.String(), "score": pl.Float64()}
    if len(labels) < 2:
        return pl.DataFrame(schema=schema)
    i, j, n, scores = _pairs(labels, x, n_papers or n_found, measures, min_count)
    names = pl.Series("topic", labels, dtype=pl.String())
    topic_a, topic_b = names.gather(i).alias("topic_a"), names.gather(j).alias("topic_b")
    frames = []
    for m in measures:
        f = pl.DataFrame([topic_a, topic_b, pl.Series("n", n, dtype=pl.Int64()), pl.Series("score", scores[m], dtype=pl.Float64())])
        if top_n is not None:
            f = f.sort(["score", "n", "topic_a", "topic_b"], descending=[True, True, False, False]).head(top_n)
        if "measure" in schema:
            f = f.with_columns(pl.lit(m).alias("measure")).select(list(schema))
        frames.append(f)
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)


# --- clusters and the thematic map -------------------------------------------------------------
def _check_pairs(pairs: pl.DataFrame) -> None:
    if not isinstance(pairs, pl.DataFrame):
        raise TypeError(f"expected a co-occurrence frame [topic_a, topic_b, n, score], got {type(pairs).__name__}")
    missing = [c for c in ("topic_a", "topic_b", "n", "score") if c not in pairs.columns]
    if missing:
        raise ValueError(
            f"co-occurrence frame is missing column(s) {missing}; expected [topic_a, topic_b, n, score] "
            "from cooccurrence(topics, measure=...) with a single measure"
        )
    if "measure" in pairs.columns and pairs["measure"].n_unique() > 1:
        raise ValueError("co-occurrence frame holds several measures; filter it to one, e.g. .filter(pl.col('measure') == 'association')")


def _graph(pairs: pl.DataFrame):
    import networkx as nx

    _check_pairs(pairs)
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
    import networkx as nx

    g = _graph(pairs)
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
    _check_pairs(pairs)
    missing = [c for c in ("topic", "cluster", "cluster_label") if c not in clusters.columns]
    if missing:
        raise ValueError(f"clusters frame is missing column(s) {missing}; expected the output of cotopic_clusters(...)")
    edges = pairs.filter(pl.col("score") > 0).select("topic_a", "topic_b", "score")
    if edges.height == 0 or clusters.height == 0:
        raise ValueError("no co-occurring pairs with a positive score (or no clusters): nothing to map")
    distinct = None
    if topics is not None:
        _check_topics(topics)
        if counts is None:
            counts = topic_counts(topics)
        distinct = (
            topics.filter(pl.col("weight") > 0).select("paper_id", "topic")
            .join(clusters.select("topic", "cluster"), on="topic", how="inner")
            .group_by("cluster").agg(pl.col("paper_id").n_unique().cast(pl.Int64()).alias("_distinct"))
        )
    member = clusters.select("topic", "cluster")
    edges = edges.join(member.rename({"topic": "topic_a", "cluster": "ca"}), on="topic_a").join(
        member.rename({"topic": "topic_b", "cluster": "cb"}), on="topic_b"
    )
    # each link is counted once from each end: internal links twice (symmetric matrix), external once per side
    ends = pl.concat([
        edges.select(pl.col("ca").alias("cluster"), (pl.col("ca") == pl.col("cb")).alias("internal"), "score"),
        edges.select(pl.col("cb").alias("cluster"), (pl.col("ca") == pl.col("cb")).alias("internal"), "score"),
    ])
    sums = ends.group_by("cluster").agg(
        pl.col("score").filter(pl.col("internal")).sum().alias("_internal"),
        pl.col("score").filter(~pl.col("internal")).sum().alias("_external"),
    )
    info = clusters
    if counts is not None:
        if not {"topic", "papers"} <= set(counts.columns):
            raise ValueError("counts must have columns [topic, papers], as from topic_counts(topics)")
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
        groups = groups.join(distinct, on="cluster", how="left").with_columns(pl.col("_distinct").fill_null(0).alias("papers"))
    else:
        groups = groups.with_columns(pl.lit(None, dtype=pl.Int64()).alias("papers"))
    if groups.height == 0:
        return pl.DataFrame(schema={
            "cluster": pl.Int64(), "label": pl.String(), "topics": pl.List(pl.String()), "n_topics": pl.Int64(),
            "papers": pl.Int64(), "centrality": pl.Float64(), "density": pl.Float64(),
            "rank_centrality": pl.Float64(), "rank_density": pl.Float64(), "quadrant": pl.String()})
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
    if not isinstance(pairs, pl.DataFrame) or "measure" not in pairs.columns:
        raise ValueError("pairs needs a 'measure' column: use cooccurrence(topics, measure=['association', 'npmi'])")
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
    import networkx as nx

    g = _graph(pairs)
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


# --- over time ---------------------------------------------------------------------------------
def _dated(topics: pl.DataFrame, papers: pl.DataFrame, date: str) -> pl.DataFrame:
    _check_topics(topics)
    validate_papers(papers, required=("paper_id", date))
    return topics.join(papers.select(pl.col("paper_id").cast(pl.String()), pl.col(date).alias("_date")), on="paper_id", how="inner")


def cooccurrence_over_time(
    topics: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    every: str = "1q",
    measure: str = "association",
    min_count: int = 1,
    date: str = "digest_date",
) -> pl.DataFrame:
    """Co-occurrence per period (``date`` truncated to ``every``).

    Within each period ``N`` is the number of papers of ``papers`` dated in it (papers without a
    topic included), so scores compare across periods of different sizes.

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    papers
        The papers frame (for ``paper_id`` and the date column).
    every
        Period length as polars spells it: ``"1mo"``, ``"1q"``, ``"1y"``, ``"1w"``...
    measure
        One of :data:`MEASURES`.
    min_count
        Keep pairs found in at least this many papers of the period.
    date
        The date column of ``papers``: ``digest_date`` (default) or ``published``.

    Returns
    -------
    polars.DataFrame
        ``[period, topic_a, topic_b, n, score, papers]`` with ``period`` the period's first day and
        ``papers`` its ``N``; sorted by period, topic_a, topic_b.

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> papers = pl.DataFrame({"paper_id": ["1", "2", "3"], "digest_date": [dt.date(2025, 1, 5), dt.date(2025, 1, 9), dt.date(2025, 4, 2)]})
    >>> t = pl.DataFrame({"paper_id": ["1", "1", "2", "3", "3"], "topic": ["RAG", "agents", "RAG", "RAG", "agents"], "weight": [1.0] * 5})
    >>> cooccurrence_over_time(t, papers, measure="count").rows()
    [(datetime.date(2025, 1, 1), 'RAG', 'agents', 1, 1.0, 2), (datetime.date(2025, 4, 1), 'RAG', 'agents', 1, 1.0, 1)]
    """
    measure = _measures(measure)[0]
    dated = _dated(topics, papers, date)
    sizes = papers.select(pl.col(date).dt.truncate(every).cast(pl.Date()).alias("period")).drop_nulls().group_by("period").len("papers")
    dated = dated.with_columns(pl.col("_date").dt.truncate(every).cast(pl.Date()).alias("period")).drop_nulls("period")
    out = []
    for (period,), part in dated.group_by("period", maintain_order=False):
        n_period = int(sizes.filter(pl.col("period") == period)["papers"][0])
        pairs = cooccurrence(part, measure=measure, min_count=min_count, n_papers=n_period)
        out.append(pairs.with_columns(pl.lit(period, dtype=pl.Date()).alias("period"), pl.lit(n_period, dtype=pl.Int64()).alias("papers")))
    schema = {"period": pl.Date(), **PAIRS_SCHEMA, "papers": pl.Int64()}
    if not out:
        return pl.DataFrame(schema=schema)
    return pl.concat(out).select(list(schema)).sort("period", "topic_a", "topic_b")


def cotopic_changes(
    topics: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    split: dt.date | None = None,
    measure: str = "association",
    min_count: int = 5,
    top: int = 10,
) -> pl.DataFrame:
    """The pairs whose association rose or fell most between two windows (before / from ``split``).

    Each window's scores use its own ``N`` (papers dated in it). A pair must reach ``min_count``
    papers in at least one window; where it is absent its score is 0 (``count``, ``association``,
    ``jaccard``, ``cosine``, ``inclusion``) or -1 (``npmi``); ``pmi`` is undefined there and such
    pairs are left out.

    Parameters
    ----------
    topics
        ``[paper_id, topic, weight]``.
    papers
        The papers frame (``paper_id``, ``digest_date``).
    split
        First day of the second window; by default the median ``digest_date`` (two halves).
    measure
        One of :data:`MEASURES`.
    min_count
        Minimum papers with the pair in at least one window.
    top
        How many rising and how many falling pairs to return.

    Returns
    -------
    polars.DataFrame
        ``[topic_a, topic_b, n_before, n_after, score_before, score_after, change, direction]``,
        ``direction`` "rose" or "fell"; the rising pairs first (largest change first), then the
        falling ones (largest fall first).

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> papers = pl.DataFrame({"paper_id": list("123456"), "digest_date": [dt.date(2025, 1, d) for d in (1, 2, 3)] + [dt.date(2025, 6, d) for d in (1, 2, 3)]})
    >>> t = pl.DataFrame({"paper_id": list("112334455666"), "topic": ["RAG", "agents", "RAG", "RAG", "agents", "RAG", "LoRA", "RAG", "LoRA", "RAG", "LoRA", "agents"], "weight": [1.0] * 12})
    >>> cotopic_changes(t, papers, measure="count", min_count=1, top=1).select("topic_a", "topic_b", "change", "direction").rows()
    [('LoRA', 'RAG', 3.0, 'rose'), ('RAG', 'agents', -1.0, 'fell')]
    """
    measure = _measures(measure)[0]
    validate_papers(papers, required=("paper_id", "digest_date"))
    if papers.height == 0 or papers["digest_date"].drop_nulls().len() == 0:
        raise ValueError("papers has no digest_date values; cotopic_changes needs dated papers")
    if split is None:
        dates = papers["digest_date"].drop_nulls().sort()
        split = dates[len(dates) // 2]
    before_ids = papers.filter(pl.col("digest_date") < split).select(pl.col("paper_id").cast(pl.String()))
    after_ids = papers.filter(pl.col("digest_date") >= split).select(pl.col("paper_id").cast(pl.String()))
    if before_ids.height == 0 or after_ids.height == 0:
        raise ValueError(f"split={split} leaves one window empty; choose a date inside the papers' digest dates")
    _check_topics(topics)
    windows = []
    for ids, suffix in ((before_ids, "before"), (after_ids, "after")):
        part = topics.join(ids, on="paper_id", how="semi")
        pairs = cooccurrence(part, measure=measure, min_count=1, n_papers=ids.height)
        windows.append(pairs.rename({"n": f"n_{suffix}", "score": f"score_{suffix}"}))
    fill = {"npmi": -1.0, "pmi": None}.get(measure, 0.0)
    both = windows[0].join(windows[1], on=["topic_a", "topic_b"], how="full", coalesce=True).with_columns(
        pl.col("n_before").fill_null(0), pl.col("n_after").fill_null(0),
        pl.col("score_before").fill_null(fill), pl.col("score_after").fill_null(fill),
    ).filter(pl.max_horizontal("n_before", "n_after") >= min_count)
    both = both.with_columns((pl.col("score_after") - pl.col("score_before")).alias("change")).drop_nulls("change")
    rose = both.filter(pl.col("change") > 0).sort(["change", "topic_a", "topic_b"], descending=[True, False, False]).head(top)
    fell = both.filter(pl.col("change") < 0).sort(["change", "topic_a", "topic_b"]).head(top)
    return pl.concat([
        rose.with_columns(pl.lit("rose").alias("direction")),
        fell.with_columns(pl.lit("fell").alias("direction")),
    ]).select("topic_a", "topic_b", "n_before", "n_after", "score_before", "score_after", "change", "direction")


# --- drill-down --------------------------------------------------------------------------------
def cotopic_papers(papers: pl.DataFrame, topics: pl.DataFrame, topic_a: str, topic_b: str) -> pl.DataFrame:
    """The papers behind one pair: those that have both topics.

    Parameters
    ----------
    papers
        The papers frame.
    topics
        ``[paper_id, topic, weight]``.
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
    >>> cotopic_papers(papers, t, "agents", "RAG").rows()
    [('1', 'Agentic RAG', 2.0, 1.0)]
    """
    validate_papers(papers, required=("paper_id", "title"))
    _check_topics(topics)
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
