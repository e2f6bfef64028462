"""The acronym and co-topic sections of the report: the glossary, co-topics, the thematic map and what changed.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from paperkit.cotopics import (
    cooccurrence,
    cotopic_changes,
    cotopic_papers,
    network_layout,
    pair_min_count,
    quadrant_agreement,
    thematic_map,
    topic_counts,
)
from paperkit.deprecation import renamed_keywords
from paperkit.pipeline import Digest
from paperkit.report.blocks import Figure, Section, Table, Text
from paperkit.report.context import (
    REF_AB3P,
    REF_CALLON,
    REF_COBO,
    REF_LOUVAIN,
    REF_SH,
    REF_VANECK,
    section_digest,
    examples,
    start_section,
)
from paperkit.report.findings import (
    burst_findings,
    caveat_findings,
    cotopic_findings,
    new_acronym_findings,
    rising_findings,
    top_findings,
)


# --- acronyms ----------------------------------------------------------------------------------
def _senses_used(glossary: pl.DataFrame) -> list[pl.Expr]:
    """The senses each short form's papers use, with counts ("frames per second (36); Formal
    Problem-Solving (2)"), and the papers whose sense is unknown; nothing for an older glossary."""
    if "senses" not in glossary.columns:
        return []
    each = pl.element().struct.field("long_form") + " (" + pl.element().struct.field("n_papers_using").cast(pl.String) + ")"
    return [pl.col("senses").list.eval(each).list.head(4).list.join("; ").alias("senses used (papers)"),
            pl.col("unresolved").alias("sense unknown (papers)")]


def acronyms_section(papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None) -> Section:
    """The acronym glossary: top acronyms, their long forms, and ambiguous acronyms.

    Parameters
    ----------
    papers
        A papers frame.
    digest
        The shared stages (:class:`paperkit.Digest`); a digest of ``papers`` when ``None``.
    context
        Deprecated name of ``digest``.

    Returns
    -------
    Section
        The top-acronyms chart, the glossary's top 25 rows, where the top acronym is defined
        (paper, title, sentence), and the ambiguous acronyms (chart and table) when there are any.

    References
    ----------
    Schwartz & Hearst (2003); Sohn et al. (2008).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"],
    ...     "abstract": ["Large language models (LLMs) are big.", "A large language model (LLM) helps."]})
    >>> [type(b).__name__ for b in acronyms_section(papers).blocks]
    ['Figure', 'Table', 'Table', 'Text']
    """
    heading = "Acronym glossary"
    ctx = section_digest(papers, digest, context)
    intro = (
        "What the acronyms in these papers stand for. A definition is an acronym next to its long form in "
        "parentheses, either way round (\"Low-Rank Adaptation (LoRA)\", \"LoRA (Low-Rank Adaptation)\"), or a title "
        "name spelled out after the colon; the letters of the acronym must match the words. The glossary groups "
        "the definitions of each acronym into senses and gives every use a sense: the paper's own definition, else "
        "evidence in the paper (the long form's words, a number next to a measure as in \"19.5 FPS\", words shared "
        "with the papers defining a sense), else unknown. Acronyms used but never defined take their usual expansion "
        "from a curated list of well-known ML acronyms (source \"known list\"). An acronym is ambiguous when a "
        "second meaning is used by at least two papers."
    )
    refs = (REF_SH, REF_AB3P)
    empty = start_section(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.acronyms import chart_top_acronyms  # deferred: altair

    glossary = ctx.glossary
    if glossary.height == 0:
        return Section(heading, intro, [Text("No acronym is defined in these titles and abstracts.")], refs)
    min_def = 2 if papers.height >= 200 else 1
    shown = glossary.filter(pl.col("n_papers_defining") >= min_def)
    if "source" in glossary.columns:  # short forms used but never defined: their usual expansion
        shown = glossary.filter((pl.col("n_papers_defining") >= min_def)
                                | ((pl.col("source") == "known list") & (pl.col("n_papers_using") >= min_def)))
    if shown.height == 0:
        shown = glossary
    rows = shown.head(25).select(
        "short_form", "long_form", pl.col("n_papers_defining").alias("papers defining"),
        pl.col("n_papers_using").alias("papers using"), *_senses_used(shown), "first_date", "last_date", "ambiguous")
    which = f"defined in at least {min_def} papers" if min_def > 1 else "defined in the corpus"
    blocks: list[Any] = [
        Figure(chart_top_acronyms(shown, top=min(25, shown.height)).properties(width=560),
               caption=f"The most used acronyms {which}: papers using them (at all) and papers defining them."),
        Table(rows, caption=f"Glossary: the top {rows.height} of {glossary.height:,} acronyms ({shown.height:,} {which})"),
    ]
    top = rows["short_form"][0]
    variants = shown.filter(pl.col("short_form") == top)["variants"][0] if "variants" in shown.columns else [top]
    defs = ctx.definitions
    if defs.height:
        ex = (defs.filter(pl.col("short_form").is_in(list(variants)))
              .join(papers.select("paper_id", "title"), on="paper_id", how="left")
              .unique("paper_id", keep="first", maintain_order=True).head(6)
              .select("paper_id", "title", "long_form", "sentence"))
        if ex.height:
            blocks.append(Table(ex, caption=f"Where {top!r} is defined (first papers)"))
    return Section(heading, intro, blocks + _ambiguous_blocks(shown), refs)


def _ambiguous_blocks(shown: pl.DataFrame) -> list[Any]:
    """The chart and table of the ambiguous acronyms of a glossary, or a sentence saying there are none."""
    from paperkit.charts.acronyms import chart_acronym_senses  # deferred: altair

    blocks: list[Any] = []
    ambiguous = shown.filter(pl.col("ambiguous"))
    if ambiguous.height:
        blocks.append(Figure(chart_acronym_senses(ambiguous, top=20).properties(width=560),
                             caption="Acronyms with several meanings: number of distinct long forms (hover for them)."))
        blocks.append(Table(
            ambiguous.sort("n_papers_defining", descending=True).head(15).select(
                "short_form", "n_senses", pl.col("n_papers_defining").alias("papers defining"),
                *(_senses_used(ambiguous) or [pl.col("long_forms").list.head(4).alias("meanings (main first)")])),
            caption=f"{ambiguous.height:,} ambiguous acronyms: read them in context before counting them"))
    else:
        blocks.append(Text("No ambiguous acronym: every acronym has one main meaning here."))
    return blocks


# --- co-topics ---------------------------------------------------------------------------------
def cotopics_section(papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None) -> Section:
    """Co-topics: which topics of the dictionary appear together in papers, and their clusters.

    Parameters
    ----------
    papers
        A papers frame.
    digest
        The shared stages (:class:`paperkit.Digest`); a digest of ``papers`` when ``None``.
    context
        Deprecated name of ``digest``.

    Returns
    -------
    Section
        The association-strength heatmap ordered by cluster, the network, the strongest pairs,
        and the papers behind the top pair.

    References
    ----------
    van Eck & Waltman (2009); Blondel et al. (2008).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abc"), "title": ["RAG agents", "Agents with RAG and LoRA", "LoRA"],
    ...     "abstract": [None] * 3})
    >>> [type(b).__name__ for b in cotopics_section(papers).blocks]
    ['Figure', 'Figure', 'Table', 'Table']
    """
    heading = "Co-topics"
    ctx = section_digest(papers, digest, context)
    intro = (
        "Which research topics are studied together. Each topic is a list of terms from a curated dictionary "
        "(e.g. RAG: retrieval-augmented generation, RAG); a paper has a topic when its title or abstract uses "
        "one of its terms. For each pair of topics we count the papers having both and divide by what chance "
        "would give (association strength), so two popular topics do not look linked just because both are "
        "frequent. Topics that are often together form clusters (Louvain community detection)."
    )
    refs = (REF_VANECK, REF_LOUVAIN)
    empty = start_section(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.cotopics import chart_cotopic_heatmap, chart_cotopic_network  # deferred: altair

    topics = ctx.topics
    if topics.height == 0 or topics["topic"].n_unique() < 2:
        return Section(heading, intro, [Text("Fewer than two dictionary topics occur in these papers: no pairs to show.")], refs)
    pairs = ctx.pairs
    if pairs.height == 0:
        return Section(heading, intro, [Text("No pair of dictionary topics shares enough papers "
                                             f"(at least {pair_min_count(ctx.papers.height)}): no pairs to show.")], refs)
    clusters = ctx.clusters
    counts = topic_counts(topics)
    nodes = network_layout(pairs, clusters, counts=counts, seed=0)
    min_n = 10 if papers.height >= 1000 else 2
    strong = pairs.filter(pl.col("n") >= min_n)
    if strong.height == 0:
        strong = pairs
    strong = strong.sort(["score", "n"], descending=True)
    a, b = strong["topic_a"][0], strong["topic_b"][0]
    behind = cotopic_papers(topics, papers, a, b)
    n_with = topics["paper_id"].n_unique()
    blocks: list[Any] = [
        Figure(chart_cotopic_heatmap(pairs, clusters, top=60).properties(width=620, height=620),
               caption=f"Association strength of each pair ({counts.height} topics; {n_with:,} of {papers.height:,} "
                       "papers have at least one), topics ordered by cluster. 1 = as often as chance."),
        Figure(chart_cotopic_network(pairs, nodes, top=250).properties(width=700, height=520),
               caption="Topics as nodes (size = papers, colour = cluster), linked by their strongest associations. "
                       "Click a topic to highlight its neighbours."),
        Table(strong.head(12).select("topic_a", "topic_b", pl.col("n").alias("papers with both"),
                                     pl.col("score").round(2).alias("association")),
              caption=f"The most associated pairs (at least {min_n} papers together)"),
        Table(examples(behind, behind["paper_id"], "digest_date" if "digest_date" in behind.columns else None),
              caption=f"Papers behind the top pair, {a!r} and {b!r} ({behind.height:,} papers; newest first)"),
    ]
    return Section(heading, intro, blocks, refs)


def thematic_map_section(papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None) -> Section:
    """The thematic map: each co-topic cluster placed by centrality and density.

    Parameters
    ----------
    papers
        A papers frame.
    digest
        The shared stages (:class:`paperkit.Digest`); a digest of ``papers`` when ``None``.
    context
        Deprecated name of ``digest``.

    Returns
    -------
    Section
        The map with its four quadrants and a table of the clusters.

    References
    ----------
    Callon et al. (1991); Cobo et al. (2011).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "title": ["RAG agents", "Agents with RAG", "LoRA diffusion",
    ...     "diffusion with LoRA"], "abstract": [None] * 4})
    >>> [type(b).__name__ for b in thematic_map_section(papers).blocks]
    ['Figure', 'Text', 'Table']
    """
    heading = "Thematic map"
    intro = (
        "The clusters of co-topics on one map. Centrality (x) measures how strongly a cluster is linked to the "
        "other clusters, density (y) how strongly its own topics are linked to each other (the dashed lines are "
        "their medians). Motor "
        "themes (top right) are well developed and central; niche themes (top left) developed but isolated; "
        "emerging or declining themes (bottom left) weak on both; basic themes (bottom right) central but not "
        "yet developed."
    )
    refs = (REF_CALLON, REF_COBO)
    ctx = section_digest(papers, digest, context)
    empty = start_section(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.cotopics import chart_thematic_map  # deferred: altair

    topics = ctx.topics
    if topics.height == 0 or topics["topic"].n_unique() < 2:
        return Section(heading, intro, [Text("Fewer than two dictionary topics occur in these papers: no clusters to map.")], refs)
    pairs = ctx.pairs
    if pairs.height == 0:
        return Section(heading, intro, [Text("No pair of dictionary topics shares enough papers "
                                             f"(at least {pair_min_count(ctx.papers.height)}): no clusters to map.")], refs)
    clusters = ctx.clusters
    themes = thematic_map(pairs, clusters, topics=topics)
    # quadrants are only worth reading where NPMI agrees with association strength (same clusters)
    both = cooccurrence(topics, measure=["association", "npmi"], n_papers=ctx.papers.height)
    agree = quadrant_agreement(both, clusters).filter(pl.col("measure") == "npmi").select(
        "cluster", pl.col("quadrant").alias("quadrant under NPMI"), "stable")
    themes_table = themes.join(agree, on="cluster", how="left")
    unstable = themes_table.filter(~pl.col("stable").fill_null(True))["label"].to_list()
    note = (f"Quadrants are the same under association strength and NPMI for all {themes.height} clusters."
            if not unstable else
            f"Quadrants depend on the measure for {len(unstable)} of {themes.height} clusters ({', '.join(unstable)}): "
            "read their quadrant as uncertain; the others keep theirs under NPMI.")
    table = themes_table.sort(["rank_centrality", "rank_density"], descending=True).select(
        "label", "quadrant", "quadrant under NPMI", "n_topics", "papers", pl.col("centrality").round(1),
        pl.col("density").round(1), pl.col("topics").list.head(8).alias("topics (first 8)"))
    return Section(heading, intro, [
        Figure(chart_thematic_map(themes).properties(width=560, height=420),
               caption="One circle per cluster (size = distinct papers with one of its topics), placed by centrality "
                       "and density."),
        Text(note),
        Table(table, caption=f"The {themes.height} clusters"),
    ], refs)


# --- what changed (first on the page) -------------------------------------------------------------
@renamed_keywords(max_findings="top")
def what_changed_section(
    papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None, top: int = 8
) -> Section:
    """What changed: the 5-8 findings a reader should see first, each with its number and evidence.

    Built by :mod:`paperkit.report.findings` from the stages the other sections show: significant risers
    and fallers (shares before and after), the strongest burst (dates), acronyms first defined in
    the recent window, the co-topic pair that strengthened most, and the caveats of the corpus
    (partial and thin periods). A kind of finding whose evidence is missing or not significant is
    left out, not written around.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("ab"), "title": ["RAG agents", "LoRA"], "abstract": [None] * 2})
    >>> [type(b).__name__ for b in what_changed_section(papers).blocks]
    ['Text']
    """
    heading = "What changed"
    intro = ("The main changes between the recent window and the one before, each traceable to the section and "
             "the papers behind it (evidence: the term, pair or paper ids to look up below).")
    ctx = section_digest(papers, digest, context)
    empty = start_section(papers, heading, intro)
    if empty:
        return empty
    parts, missing, since = [], [], None
    if ctx.periods.height < 2:  # one period: nothing can have changed (and no stage is tried in vain)
        missing.append("the papers span a single period")
    else:
        try:
            since = ctx.windows["start"][1]
        except (ValueError, pl.exceptions.PolarsError) as err:
            missing.append(f"no trend windows ({err})")
    steps = [
        ("rising and falling terms", lambda: rising_findings(ctx.rising)) if since is not None else None,
        ("bursts", lambda: burst_findings(ctx.bursts)) if since is not None else None,
        ("new acronyms", lambda: new_acronym_findings(ctx.definitions, ctx.papers, since=since, date=ctx.date))
        if since is not None and ctx.date else None,
        ("co-topic pairs", lambda: cotopic_findings(cotopic_changes(
            ctx.topics, ctx.papers, split=since, min_count=pair_min_count(ctx.papers.height))))
        if since is not None and ctx.topics.height and "digest_date" in ctx.papers.columns else None,
        ("caveats", lambda: caveat_findings(ctx.periods)),
    ]
    for step in steps:
        if step is None:
            continue
        name, compute = step
        try:
            parts.append(compute())
        except (ValueError, pl.exceptions.PolarsError) as err:
            missing.append(f"{name}: {err}")
    found = top_findings(*parts, top=top) if parts else pl.DataFrame()
    if found.height == 0:
        return Section(heading, intro, [Text("No change in this corpus passes the tests behind the findings"
                                             + (f" ({'; '.join(missing)})." if missing else "."))])
    table = found.select(pl.col("sentence").alias("finding"), pl.col("evidence").list.join(", ").alias("evidence"), "kind")
    blocks = [Table(table, caption=f"{table.height} findings, strongest first", max_rows=top)]
    if since is not None:
        blocks.append(Text(f"Recent window from {since}; risers and fallers are significant at a 5 % false discovery "
                           "rate; co-topic pairs must gain papers as well as association."))
    return Section(heading, intro, blocks)
