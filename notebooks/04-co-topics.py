# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · Co-topics: which research topics appear together
#
# A paper is rarely about one thing. It might do *reasoning* with *reinforcement learning*, or *RAG*
# for *agents*. **Co-topic analysis** (known in bibliometrics as *co-word analysis*, Callon et al.
# 1983, 1991) counts how often two topics show up in the same paper. From those counts it builds
# a map of a field: which topics belong together, which are central, which are isolated, and
# which pairings are new.
#
# The steps in this notebook, each one function in `paperkit.cotopics`:
#
# 1. **topics per paper**: from a topic dictionary, or from each paper's keyphrases;
# 2. **co-occurrence**: count the papers that have both topics of a pair, then *normalize* the count;
# 3. **clusters**: groups of topics that often appear together (the Louvain method);
# 4. **thematic map**: place each cluster by how central and how developed it is;
# 5. **over time**: which pairs rose or fell;
# 6. **drill-down**: from a pair back to the papers behind it.
#
# Everything runs offline on the bundled data: 6,141 Hugging Face daily papers, May 2024 to
# December 2025.

# %%
import polars as pl

import paperkit as pk
from paperkit.charts.cotopics import (
    chart_cotopic_changes,
    chart_cotopic_heatmap,
    chart_cotopic_network,
    chart_cotopics_over_time,
    chart_thematic_map,
)
from paperkit.cotopics import (
    MEASURES,
    combine_topics,
    cooccurrence,
    cooccurrence_over_time,
    cotopic_changes,
    cotopic_clusters,
    cotopic_papers,
    default_topics,
    network_layout,
    quadrant_agreement,
    thematic_map,
    topic_counts,
    topic_pattern,
    topics_from_dictionary,
    topics_from_keyphrases,
)
from paperkit.keywords import keyphrases

pk.use_offline_renderer()  # charts render without internet (Vega inlined once, in the first chart)
pl.Config.set_fmt_str_lengths(60)  # show longer titles and topic names in tables
papers = pk.load_sample()
papers.select("paper_id", "title", "digest_date").head(3)

# %% [markdown]
# ## 1 · Topics per paper, from a dictionary
#
# The simplest way to say what a paper is about is to use a **topic dictionary**: each topic has
# a list of words, phrases and acronyms, and a paper has the topic when one of them appears in
# its title or abstract. paperkit ships a curated dictionary for ML papers with about 50 topics
# (`paperkit/resources/topics_ml.toml`). Its terms were chosen by reading titles and abstracts.
# Words that appear in almost every abstract ("model", "benchmark") were left out, because they
# would give every paper the topic.

# %%
dictionary = default_topics()
pl.DataFrame({
    "topic": list(dictionary),
    "n_terms": [len(terms) for terms in dictionary.values()],
    "first terms": [", ".join(terms[:6]) for terms in dictionary.values()],
}).head(12)

# %% [markdown]
# **How a term matches.** Only whole words match, so "RAG" does not fire inside "storage".
# Acronyms (a capital letter after the first character: "RAG", "LoRA") match case-sensitively.
# Other words ignore case. Inside a term, a space or hyphen matches a space, a hyphen or nothing
# ("fine-tuning" = "fine tuning" = "finetuning"). Plurals match too. A trailing `*` continues the
# word ("quantiz*" matches "quantized" and "quantization"), and `re:` starts a raw regular
# expression. `topic_pattern` shows the regular expression that a topic's terms become; here it is
# tried on a few strings:

# %%
examples = pl.Series("text", [
    "Retrieval-Augmented Generation (RAG) for QA",
    "efficient storage for KV caches",
    "LoRA adapters and QLoRA",
    "we finetune; fine tuning; fine-tuned models",
])
examples.to_frame().with_columns(
    RAG=examples.str.count_matches(topic_pattern(["RAG", "retrieval-augmented generation"])),
    LoRA=examples.str.count_matches(topic_pattern(["LoRA", "QLoRA", "adapter"])),
    finetuning=examples.str.count_matches(topic_pattern(["fine-tun*", "finetun*"])),
)

# %% [markdown]
# `topics_from_dictionary` matches every topic in every paper. It returns a long frame with one
# row per (paper, topic), and `weight` is how many times the topic's terms matched. Use
# `weight="binary"` if you only want to know whether the topic is there.

# %%
topics = topics_from_dictionary(papers)
topics.head()

# %% [markdown]
# How many papers have each topic, and how many papers have no topic at all? Topic counts are the
# denominators of everything that follows, so look at them first.

# %%
counts = topic_counts(topics)
print(f"{topics['paper_id'].n_unique():,} of {papers.height:,} papers have at least one topic")
counts.with_columns(share=pl.col("papers") / papers.height).head(10)

# %% [markdown]
# A few papers with their topics, as a sanity check. Read the titles: do the topics fit?

# %%
(
    topics.group_by("paper_id", maintain_order=True).agg(pl.col("topic").sort_by("weight", descending=True))
    .join(papers.select("paper_id", "title"), on="paper_id")
    .select("title", "topic")
    .head(6)
)

# %% [markdown]
# ### Your own dictionary
#
# A dictionary is just a Python `dict` from topic to a list of terms. Write one for your own
# question, or copy `topics_ml.toml` and edit it. Here is a small one for topics the curated
# dictionary does not have:

# %%
my_topics = {
    "open release": ["open-source", "open-weight", "open-sourced"],
    "education": ["education*", "tutor*", "classroom"],
    "law & finance": ["law", "legal", "financ*"],
    "games": ["game", "Minecraft", "chess"],
}
mine = topics_from_dictionary(papers, my_topics, weight="binary")
topic_counts(mine)

# %% [markdown]
# **Always check each new term:** read the papers it fires on. Here are some that "law & finance"
# caught:

# %%
(
    mine.filter(pl.col("topic") == "law & finance")
    .join(papers.select("paper_id", "title"), on="paper_id")
    .select("title")
    .head(6)
)

# %% [markdown]
# Half of these titles are about *scaling laws*, not law. Over the whole corpus, "scaling law"
# accounts for 79 of the 128 papers where the word "law" matches. Drop "law", keep "legal", and
# count again:

# %%
my_topics["law & finance"] = ["legal", "financ*"]
mine = topics_from_dictionary(papers, my_topics, weight="binary")
topic_counts(mine)

# %% [markdown]
# ## 2 · Topics from the data: keyphrases
#
# A dictionary only finds the topics you already thought of. **Data-driven** topics come from the
# text itself. `paperkit.keywords.keyphrases` picks the top phrases of each paper. It scores each
# phrase by how often the paper uses it (more in the title and early on, as in PositionRank,
# Florescu & Caragea 2017), multiplied by how *rare* the phrase is in the corpus (tf-idf, Salton &
# Buckley 1988). Candidate phrases are runs of words between stopwords, as in RAKE (Rose et al. 2010).
# `topics_from_keyphrases` then keeps the phrases that the most papers share and turns them into
# topics. Extracting keyphrases takes a few seconds.

# %%
kp = keyphrases(papers, top=20)
kp.filter(pl.col("paper_id") == papers["paper_id"][0]).head(8)

# %%
phrase_topics = topics_from_keyphrases(kp, top=40)
topic_counts(phrase_topics).head(10)

# %% [markdown]
# These topics are much *narrower* than the dictionary's. The most common phrase covers only a
# small share of the papers, while the dictionary's "reasoning" covers 1,930. That is by design.
# A keyphrase is chosen because it is distinctive for its paper, so very common phrases ("large
# language models") score low. So data-driven topics work best *together* with a dictionary.
# `combine_topics` mixes the two kinds; where a paper has the same topic from both, the weights
# add up. One good use: find which curated topic each keyphrase goes with (the next section
# explains how to read the `score` column). A keyphrase that goes with no curated topic is a
# candidate for a new dictionary entry.

# %%
mixed = combine_topics(topics, phrase_topics)
phrase_names = phrase_topics["topic"].unique().implode()
(
    cooccurrence(mixed, measure="association", min_count=5, n_papers=papers.height)
    .filter(pl.col("topic_a").is_in(phrase_names) != pl.col("topic_b").is_in(phrase_names))
    .sort("score", descending=True)
    .head(10)
)

# %% [markdown]
# ## 3 · Co-occurrence, and why we normalize it
#
# Two topics *co-occur* when a paper has both. The count `c_ij` is the number of papers with
# topics *i* and *j*; `s_i` is the number of papers with topic *i*; `N` is the number of papers.
# (paperkit gets all the counts at once from a sparse papers × topics matrix `X`: `C = Xᵀ X`.)
#
# Raw counts have one big problem: **frequent topics co-occur with everything.** Reasoning is in
# almost a third of the papers here, so it tops the count of many pairs, even when there is no
# special link. A normalized measure compares `c_ij` with what the topics' sizes
# alone would give:
#
# | measure | formula | in words |
# |---|---|---|
# | `count` | `c_ij` | papers with both |
# | `association` | `N c_ij / (s_i s_j)` | observed ÷ expected if the topics were independent: 1 = chance, 3 = three times chance (association strength, van Eck & Waltman 2009; VOSviewer's default) |
# | `jaccard` | `c_ij / (s_i + s_j − c_ij)` | share of the papers with either topic that have both |
# | `cosine` | `c_ij / √(s_i s_j)` | Salton's cosine: overlap relative to the geometric mean of the two sizes |
# | `inclusion` | `c_ij / min(s_i, s_j)` | share of the *smaller* topic's papers that also have the larger one |
# | `pmi` | `log(N c_ij / (s_i s_j))` | log of the association strength: 0 = chance, below 0 = avoid each other |
# | `npmi` | `pmi / −log(c_ij / N)` | PMI squeezed into [−1, 1] (Bouma 2009): 1 = always together |
#
# van Eck & Waltman (2009) show that the *probabilistic* measures (association strength, and PMI,
# its logarithm) correct properly for topic size, while the *set-theoretic* ones (Jaccard, cosine,
# inclusion) do not. That is why association strength is the usual choice for maps.
#
# **A four-paper example.** "LLM" is in all four papers, "agents" and "retrieval" in two each,
# and "RAG" in one (the paper that also has retrieval). `cooccurrence` accepts a list of measures:

# %%
toy = pl.DataFrame({
    "paper_id": ["1", "1", "2", "2", "2", "3", "3", "4", "4"],
    "topic": ["LLM", "agents", "LLM", "RAG", "retrieval", "LLM", "agents", "LLM", "retrieval"],
    "weight": 1.0,
})
(
    cooccurrence(toy, measure=list(MEASURES))
    .with_columns(pair=pl.concat_str("topic_a", pl.lit(" + "), "topic_b"), score=pl.col("score").round(2))
    .pivot(on="measure", index="pair", values="score")
    .sort("association", descending=True)
)

# %% [markdown]
# Read it row by row:
#
# - By `count`, **LLM + agents** and **LLM + retrieval** are the strongest pairs (2 papers each).
#   But LLM is in *every* paper, so it turns up with everything: their association is exactly 1
#   (chance), and their PMI and NPMI are 0.
# - **RAG + retrieval** share just one paper, but RAG never appears *without* retrieval. The
#   association is 2 (twice chance) and NPMI is 0.5. It is the only pair above chance: the link
#   a map should show.
# - `jaccard` and `cosine` give RAG + retrieval the *same* score as LLM + agents, and
#   `inclusion` gives 1.0 to every pair. These measures cannot tell a real link from a pair
#   that includes a topic found everywhere.
# - agents and retrieval never share a paper, so that pair has no row at all.
#
# On the real corpus the contrast is the same. Here are the top pairs by each measure. Keep
# `min_count` well above 1: a pair of two rare topics found in a single paper gets a huge
# association by luck. Pass `n_papers=papers.height` so that papers without any topic count in `N`.

# %%
by_measure = cooccurrence(
    topics, measure=["count", "association", "jaccard", "npmi"], min_count=20, n_papers=papers.height
)
(
    by_measure.with_columns(
        pair=pl.concat_str("topic_a", pl.lit(" + "), "topic_b"),
        rank=pl.col("score").rank("ordinal", descending=True).over("measure"),
    )
    .filter(pl.col("rank") <= 5)
    .pivot(on="measure", index="rank", values="pair")
    .sort("rank")
)

# %% [markdown]
# The top counts pair the biggest topics (reasoning, multimodal, vision-language models).
# Association strength brings out specific links instead: RAG with retrieval, long context with
# state-space models, GUI agents with agents. Jaccard and NPMI sit in between. From here on we
# use association strength on pairs found in at least 20 papers.

# %%
pairs = cooccurrence(topics, measure="association", min_count=20, n_papers=papers.height)
pairs.sort("score", descending=True).head(8)

# %% [markdown]
# ## 4 · Clusters of topics (Louvain)
#
# Think of the pairs as a network: topics are nodes, and each pair is a link weighted by its
# association. A **cluster** is a group of topics with more weight inside the group than the
# sizes would predict (high *modularity*). The **Louvain method** (Blondel et al. 2008) finds the
# groups: it moves one node at a time to the neighbouring group that raises modularity most,
# merges each group into a single node, and repeats. The method is random in the order it visits
# nodes, so paperkit **seeds** it: the same `seed` gives the same clusters, numbered by size.
# `resolution` above 1 gives more, smaller clusters.

# %%
clusters = cotopic_clusters(pairs, seed=0)
clusters.group_by("cluster", maintain_order=True).agg(
    pl.col("cluster_label").first().alias("label"), pl.col("topic").alias("topics (strongest first)")
)

# %% [markdown]
# The heatmap shows every pair's association, with the topics ordered by cluster. The blocks
# along the diagonal are the clusters. Empty cells are pairs found in fewer than 20 papers. Hover
# a cell to see its paper count.

# %%
chart_cotopic_heatmap(pairs, clusters)

# %% [markdown]
# ## 5 · The thematic map
#
# Callon et al. (1991) describe each cluster ("theme") with two numbers:
#
# - **centrality**: how strongly the theme links to *other* themes (the sum of the weights of links
#   from its topics to topics outside it, × 10). A central theme matters to the rest of the field.
# - **density**: how strongly its topics link to *each other* (the sum of the weights of its
#   internal links, divided by its number of topics, × 100). A dense theme is well developed
#   and holds together.
#
# These formulas are the ones bibliometrix's `thematicMap` uses (Aria & Cuccurullo 2017). Both
# numbers are turned into ranks, and the mean rank splits the plane into four quadrants (Cobo et
# al. 2011):
#
# | | low centrality | high centrality |
# |---|---|---|
# | **high density** | *niche themes*: well developed but cut off from the rest | *motor themes*: developed **and** central, they drive the field |
# | **low density** | *emerging or declining themes*: weak on both counts | *basic themes*: central but general, building blocks other themes use |
#
# Each theme is labelled with its most frequent topic. `papers` counts the distinct papers with at
# least one of its topics (a paper with two of the theme's topics counts once).

# %%
themes = thematic_map(pairs, clusters, topics=topics)
themes.select(
    "label", "quadrant", "papers", "n_topics", pl.col("centrality", "density").round(1), "topics"
)

# %% [markdown]
# Ranks are relative: with five clusters, one theme always comes out lowest on each axis. Density is
# the internal link strength *per topic*, so a big theme of loosely linked topics can land among the
# "emerging or declining" themes. The chart plots the values themselves (dashed lines at the
# medians; `axes="ranks"` draws bibliometrix's ranks). Hover a bubble to see its topics.

# %%
chart_thematic_map(themes)

# %% [markdown]
# Quadrants also depend on the measure. `quadrant_agreement` keeps the clusters fixed and recomputes
# the map with association strength and with NPMI: treat only the `stable` quadrants as findings.

# %%
quadrant_agreement(cooccurrence(topics, measure=["association", "npmi"], min_count=20, n_papers=papers.height), clusters)

# %% [markdown]
# ## 6 · The network
#
# The same pairs drawn as a network. Node size is the topic's number of papers, colour is its
# cluster, and edge width is the association. To keep the picture readable we draw only the links
# at least twice as strong as chance (the clusters still come from all the pairs). The positions
# come from a seeded spring layout (Fruchterman & Reingold 1991): linked topics pull together,
# and all nodes push each other apart.
#
# **Click a topic** (or pick it in the drop-down under the chart) to highlight it, its neighbours
# and its links; everything else fades. Double-click to clear.

# %%
strong = pairs.filter(pl.col("score") >= 2)
nodes = network_layout(strong, clusters, counts=counts, seed=0)
chart_cotopic_network(strong, nodes)

# %% [markdown]
# ## 7 · Co-topics over time
#
# Which pairings are new? `cotopic_changes` splits the papers into two windows, by default at the
# median digest date (here 8 April 2025). It computes the association in each window, using that
# window's own `N`, and lists the pairs that rose or fell most. Each pair has to reach `min_count`
# papers in at least one window, so that a few lucky papers do not dominate.

# %%
changes = cotopic_changes(topics, papers, min_count=15, top=6)
changes.with_columns(pl.col("score_before", "score_after", "change").round(2))

# %%
chart_cotopic_changes(changes)

# %% [markdown]
# Two windows hide the shape of a change. `cooccurrence_over_time` computes the association for
# every quarter, again with each quarter's own number of papers as `N`. So the first quarter,
# which holds only five weeks of digests, is still comparable with the others. Below are the two
# pairs that rose most and the two that fell most. Hover a point to see how many papers it rests on.

# %%
over_time = cooccurrence_over_time(topics, papers, every="1q", min_count=3)
moved = changes.group_by("direction", maintain_order=True).head(2).select("topic_a", "topic_b").rows()
chart_cotopics_over_time(over_time, moved)

# %% [markdown]
# ## 8 · From a pair back to the papers
#
# A score is only a summary: always read the papers behind it. `cotopic_papers` lists the papers
# that have both topics, strongest matches first. Here are the papers behind the pair that rose
# most:

# %%
topic_a, topic_b = changes.row(0)[:2]
print(f"{topic_a} + {topic_b}")
cotopic_papers(topics, papers, topic_a, topic_b).head(8)

# %% [markdown]
# ## Exercises
#
# 1. Redo the clusters with `seed=1`, and again with `resolution=1.5`. Which topics change cluster?
#    What does that tell you about how much to trust one clustering?
# 2. Draw the thematic map with `measure="jaccard"` instead of association. Which themes change
#    quadrant? Do the big topics gain, and why?
# 3. Add "education" and "games" from `my_topics` to a copy of `default_topics()`, and redo the
#    pairs, clusters and thematic map. Which cluster does each join, and with which topics?
# 4. In the `changes` table, pick a pair that *fell* and read its papers with `cotopic_papers`.
#    Did the pair really fade, or did one of its topics simply grow (look at `n_before` and `n_after`)?
# 5. Run `cotopic_changes` with `min_count=3`. Which pairs appear now, and how many papers are they
#    based on?
#
# **References.** Callon, Courtial, Turner & Bauin (1983), *Social Science Information* 22;
# Callon, Courtial & Laville (1991), *Scientometrics* 22; van Eck & Waltman (2009), *JASIST* 60(8);
# Bouma (2009), *GSCL*; Blondel, Guillaume, Lambiotte & Lefebvre (2008), *J. Stat. Mech.* P10008;
# Cobo, López-Herrera, Herrera-Viedma & Herrera (2011), *J. Informetrics* 5; Aria & Cuccurullo
# (2017), *J. Informetrics* 11; Fruchterman & Reingold (1991), *Software: Practice and Experience* 21;
# Salton & Buckley (1988), *Information Processing & Management* 24(5); Rose et al. (2010), RAKE;
# Florescu & Caragea (2017), PositionRank, *ACL*.
