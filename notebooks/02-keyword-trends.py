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
# # 02 · Keywords and their trends
#
# Which topics are papers about, and which of them are growing or fading? This notebook answers
# both questions in small steps, each one function of `paperkit.text`, `paperkit.keywords` or
# `paperkit.trends`:
#
# 1. **tokens and candidate phrases**: cut each title and abstract into words, then into phrases
#    that could be keywords ("low-rank adaptation", not "we propose a");
# 2. **one term, many spellings**: "LLMs", "large language model" and "LLM" are counted as one term;
# 3. **keyphrases per paper** and the **corpus term table**, with scores that use the whole corpus;
# 4. **shares per period**: the share of each month's papers that use a term, with the denominator
#    in view;
# 5. **rising and falling terms** (log-odds ratio with an informative Dirichlet prior), **bursts**
#    (Kleinberg 2002) and **trend topics** (when in time each term sits);
# 6. **keyword in context**: from a number back to the sentences behind it.
#
# Everything runs offline on the bundled data: 6,141 Hugging Face daily papers, May 2024 to
# December 2025.

# %%
import datetime as dt

import polars as pl

import paperkit as pk
from paperkit.charts.trends import chart_bursts, chart_rising_falling, chart_term_heatmap, chart_trend_lines
from paperkit.text import fold_key, stopwords, token_frame

pk.use_offline_renderer()  # charts render without internet (Vega inlined once, in the first chart)
papers = pk.load_sample()
papers.select("paper_id", "title", "digest_date").head(3)

# %% [markdown]
# ## 1 · Tokens and candidate phrases
#
# A computer does not see words, only characters. **Tokenization** cuts a text into *tokens*: words
# and punctuation marks. paperkit uses one regular expression (`paperkit.text.TOKEN_PATTERN`) that
# keeps the inner hyphens of a word, so "fine-tune", "GPT-4" and "LLaMA-2" stay whole, while a
# bracket or full stop is a token of its own. `token_frame` tokenizes a whole column at once, one
# row per token with its position `pos` (a boundary token `"\n"` ends each text).

# %%
token_frame(pl.DataFrame({"doc": [1], "text": ["We fine-tune GPT-4 (and LLaMA-2) on 3D scenes."]}))

# %% [markdown]
# Most tokens are not keywords. paperkit finds **candidate phrases** the way RAKE does (Rose et al.
# 2010): a candidate is a run of one to four words that is broken by punctuation, numbers and
# *stopwords*. Four word lists ship with the package (`paperkit/resources/`):
#
# - `english`: function words ("the", "of", "which"): a phrase never starts or ends with one;
# - `abstracts`: words of the abstract genre that carry no topic ("propose", "novel", "results");
# - `verbs`: verbs of abstracts, found from the bundled abstracts ("achieves", "enables");
# - `generic`: generic nouns ("method", "model", "framework"): they may end a phrase ("diffusion
#   model") but are never a keyword alone.

#
# Which list catches which word? (`stopwords(kind)` returns one list as a set of lower-case words.)

# %%
lists = ["english", "abstracts", "verbs", "generic"]
print({kind: len(stopwords(kind)) for kind in lists})
words = ["the", "of", "which", "propose", "novel", "achieves", "method", "model", "diffusion", "agents"]
pl.DataFrame({"word": words, **{kind: [w in stopwords(kind) for w in words] for kind in lists}})

# %% [markdown]
# Here are all the candidates of one made-up paper, with `acronyms=False` so that we see the raw
# phrases. Note what is *not* there: "We propose a novel framework" gives nothing, because every
# word of it is a stopword or a generic noun.

# %%
toy = pl.DataFrame({
    "paper_id": ["toy"],
    "title": ["Fine-Tuning Large Language Models with Low-Rank Adaptation"],
    "abstract": ["We propose a novel framework for fine tuning LLMs. Our method freezes the pretrained weights "
                 "and trains low-rank matrices, which reduces the cost of fine-tuning by 10x."],
})
pk.paper_terms(toy, acronyms=False).select("term", "key", "count", "in_title", "first_pos")

# %% [markdown]
# ## 2 · One term, many spellings
#
# The same idea is written many ways. The `key` column above is the **folding key**
# (`paperkit.text.fold_key`): lower case, hyphens and spaces removed, each word made singular.
# Two phrases with the same key are counted as one term, and the table shows the most frequent
# spelling.

# %%
variants = ["Fine-Tuning", "fine tuning", "finetuning", "LLMs", "LLM", "Large Language Models", "strategies",
            "matrices", "analyses", "criteria", "data"]
pl.DataFrame({"phrase": variants, "key": [fold_key(v) for v in variants]})

# %% [markdown]
# Folding by spelling cannot know that "LLM" and "large language model" are the same term.
# For that paperkit reads the acronyms the corpus *defines* ("large language models (LLMs)",
# see `pk.acronym_glossary`) and turns them into a synonym table `[term, canonical]`: every
# spelling of the short and the long form points to the acronym.
#
# From here on the steps feed each other: definitions → glossary → synonyms → terms of every
# paper → shares, rising terms, bursts. A `pk.Digest` holds these **stages**: each is an
# attribute computed the first time you read it, from the stages before it, and kept
# (`help(pk.pipeline)` draws the whole graph and names the function behind each stage; every
# one of them also works alone). `pk.Digest(papers, cache=True)` would also keep them on disk
# for the next session; here we compute them.

# %%
digest = pk.Digest(papers, every="1mo")
glossary = digest.glossary
synonyms = digest.synonyms.select("term", "canonical")
synonyms.filter(pl.col("canonical").is_in(["LLM", "RL", "CoT"]))

# %% [markdown]
# Automatic folding can misfire, so look at the table before you trust it. When a paper defines
# an acronym that is also an ordinary word (one paper here defines "CoDe", *Collaborative
# Decoding*), the word "code" may be folded into that method; a bad parse can give a roman numeral
# such as "ii" a long form. `synonyms` is just a frame: we drop the rows of such acronyms by hand
# and show what was dropped.

# %%
wrong = synonyms.filter(pl.col("term").is_in(["code", "codes", "ii"]))["canonical"].unique().to_list()
dropped = synonyms.filter(pl.col("canonical").is_in(wrong))
synonyms = synonyms.join(dropped, on=["term", "canonical"], how="anti")
dropped

# %% [markdown]
# ## 3 · Keyphrases per paper and the corpus term table
#
# `pk.paper_terms` scores every candidate of every paper. The score of a phrase in a paper
# combines five ideas (the formula is in `help(pk.keywords)`):
#
# - **frequency in the paper**, with early words counting more (PositionRank, Florescu & Caragea
#   2017: authors say what matters first, in the title and the first sentences);
# - **rarity in the corpus**, like TF-IDF (Salton & Buckley 1988): a phrase found in half of all
#   papers ("language", "benchmarks") says little about *this* paper; the weight grows like
#   log(N / papers using it), N being the number of papers;
# - **length**: a multi-word phrase is more specific than one word;
# - **maximality**: "language" loses to "large language models" when it rarely appears alone;
# - **specificity**: words frequent in everyday English ("excellent", "simple", "additional")
#   make a weaker keyphrase than technical ones, and a phrase that authors often put in their
#   titles is a better one.
#
# The digest computes it once for the whole corpus (the slowest step of the notebook, a few
# seconds) and we reuse it below. Each row is one (paper, term): `count` occurrences, `in_title`, and the token
# position `first_pos` of its first use.

# %%
digest = digest.with_synonyms(synonyms)  # our edited table instead of the glossary's
paper_terms = digest.terms  # = pk.paper_terms(papers, synonyms=synonyms)
paper_terms.head(8)

# %% [markdown]
# A paper's **keyphrases** are simply its best-scored terms. `pk.keyphrases(papers, top=3)` returns
# them in one call (`paper_id`, `rank`, `phrase`, `score`); since we already have every score, we
# take the top three of each paper from `paper_terms`:

# %%
paper_terms.group_by("paper_id", maintain_order=True).head(3).select("paper_id", "term", "score").head(9)

# %% [markdown]
# The **corpus term table** has one row per term: how many papers use it, how often, its mean
# score, and the first and last date it was seen. `pk.keyword_terms(papers)` builds it in one
# call, but it extracts the terms again; as we already have `paper_terms`, we aggregate them the
# same way, by folding key. The most common terms are broad words that almost every abstract uses.

# %%
terms = (
    paper_terms.join(papers.select("paper_id", "digest_date"), on="paper_id")
    .group_by("key")
    .agg(pl.col("term").first(), pl.len().alias("papers"), pl.col("count").sum().alias("occurrences"),
         pl.col("score").mean().alias("mean_score"),
         pl.col("digest_date").min().alias("first_date"), pl.col("digest_date").max().alias("last_date"))
    .sort(["papers", "term"], descending=[True, False])
)
terms.head(10)

# %% [markdown]
# **How the corpus shapes a paper's ranking.** Here are the most *repeated* terms of one paper
# ("In-Context LoRA for Diffusion Transformers"), with the number of papers in the corpus that use
# each. A word the paper repeats but that thousands of papers use ends with a low score; a name
# that only this paper uses ranks first.

# %%
one = paper_terms.filter(pl.col("paper_id") == "2410.23775")
one.join(terms.select("key", pl.col("papers").alias("papers_in_corpus")), on="key", how="left").select(
    "term", "score", "count", "in_title", "first_pos", "papers_in_corpus"
).sort("count", descending=True).head(8)

# %% [markdown]
# Terms used by many papers *and* with a high mean score are common yet specific: the field's
# named methods and model families.

# %%
terms.filter(pl.col("papers") >= 100).sort("mean_score", descending=True).head(10)

# %% [markdown]
# ## 4 · Shares per period, with the denominator in view
#
# The number of papers per month changes a lot (173 in January 2025, 614 in October 2025). A term
# used by 60 papers in October is *less* popular than one used by 40 papers in January. So we
# report **shares**: papers using the term ÷ *all* papers of that period. `pk.period_counts` gives
# the denominator; `partial` marks a period the data cover only in part (the archive starts on
# 27 May 2024, so May 2024 is partial).

# %%
pk.period_counts(papers, every="1mo").head(4)

# %% [markdown]
# `pk.term_shares` takes the paper terms and the papers and returns, for each term and period,
# `papers_with_term`, the denominator `papers` and the `share`. A paper counts once per term
# however often it repeats it. (`pk.keyword_trends(papers, terms=[...])` does extraction and shares
# in one call.) `terms=` looks each term up by any spelling (`pk.lookup_terms`): "llms" selects
# "LLMs", "chain of thought" selects "chain-of-thought", "optimisation" selects "optimization", and
# with `synonyms=` a long form finds its acronym ("reinforcement learning" gives the line of "RL").
# A term that matches nothing is not a silent line of zeros: it warns and names the closest terms.

# %%
followed = ["reasoning", "RL", "agents", "diffusion", "GPT-4"]
shares = pk.term_shares(paper_terms, papers, terms=followed, every="1mo")
shares.head(6)

# %% [markdown]
# **Empty and thin periods.** With daily periods, weekends have no digest: they are kept with
# `papers = 0` and a *null* share (not 0 %: nothing was observed). A period with only a few papers
# gives noisy shares; `min_papers` nulls the share of any period with fewer papers than that. Here
# one week around the end of January 2025 has only 26 papers:

# %%
weekly = pk.term_shares(paper_terms, papers, terms=["RL"], every="1w", min_period_papers=30)
print("empty days:", pk.period_counts(papers, every="1d").filter(pl.col("papers") == 0).height)
weekly.filter(pl.col("share").is_null() | pl.col("partial"))

# %% [markdown]
# **Chart 1: trend lines.** One line per term; a null share breaks the line instead of dropping
# to zero, and hollow points mark partial periods. Hover for the counts behind each point.

# %%
chart_trend_lines(shares).properties(width=600, height=260)

# %% [markdown]
# ## 5 · Rising and falling terms: is the change real, and how strong is it?
#
# To compare two windows, say the second half of 2025 with the twelve months before, the naive way is
# to divide the two shares. It fails for rare terms: a term seen in 2 papers against 0 has an
# infinite ratio, yet it is probably chance. `pk.rising_terms` asks two questions.
#
# **Is the change real?** Each paper of a window uses the term or not: a 2x2 table (papers with and
# without the term, recent and before). The log odds ratio of that table and its standard error give
# a p-value. But we test *thousands* of terms at once, and at p < 0.05 one term in twenty would "rise"
# by chance. So the p-values are adjusted to hold the **false discovery rate** at 5 % (Benjamini &
# Hochberg 1995): `direction` is "rising" or "falling" only when the `q_value` is below `alpha=0.05`,
# and "stable" otherwise.
#
# **How strong is it?** Monroe, Colaresi & Quinn (2008, "Fightin' Words") compare log-odds with an
# **informative Dirichlet prior**: pretend every term was seen a few extra times in both windows, in
# proportion to how common it is overall. Rare terms move a lot from this, common terms hardly at all,
# so rare flukes are pulled back towards "no change". The result divided by its standard error is the
# z-score `z` that orders the terms.
#
# Three kinds of term are left out, because they are not topics: **fragments** ("large language" is
# nearly always part of "large language models", `pk.fragment_terms`), **everyday English words**
# ("state", "budget", "points": common in any English text, so they move with the wording of a
# season's abstracts; `paperkit.lexicon` compares each word with a general English frequency list,
# `general=True` keeps them), and list enumerators and quantities ("ii", "10B"). Near-duplicates
# ("reinforcement" and "RL": the same papers) are ranked after the term they repeat (`same_as`).
#
# Without `recent=` and `before=`, the windows are fitted to the data (`pk.trend_windows`): here the
# archive spans 19 months, so the last 6 months are compared with the 12 before.

# %%
pk.trend_windows(papers)

# %%
rising = pk.rising_terms(paper_terms, papers, min_papers=20, synonyms=synonyms)
rising.filter(pl.col("direction") == "rising").select(
    "term", "papers_recent", "papers_before", "z", "q_value", "same_as").head(10)

# %% [markdown]
# The falling end, strongest first. Which are older model names, which are topics that lost ground?

# %%
rising.filter(pl.col("direction") == "falling").select("term", "papers_recent", "papers_before", "z", "q_value").head(8)

# %% [markdown]
# **Chart 2: rising and falling bars**: the first terms on each side (significant changes only,
# near-duplicates left out), by z-score.

# %%
chart_rising_falling(rising, top=12).properties(width=500)

# %% [markdown]
# **Chart 3: heatmap.** The same rising and falling terms month by month: each row is a term,
# each column a month, darker is a larger share. It shows *when* the change happened, which two
# windows cannot.

# %%
movers = (
    rising.filter(pl.col("direction") != "stable", pl.col("same_as").is_null(), pl.col("rank") <= 10)["term"].to_list()
)
movers_shares = pk.term_shares(paper_terms, papers, terms=movers, every="1mo")
chart_term_heatmap(movers_shares).properties(width=560, title="Rising and falling terms, month by month")

# %% [markdown]
# ## 6 · Bursts (Kleinberg 2002)
#
# A **burst** is a stretch of time when a term is used clearly more than usual. Kleinberg's model
# imagines each term switching between two states: a *normal* state where each paper uses it at
# the term's overall rate, and a *burst* state where the rate is `s` times higher (here `s = 2`).
# Switching into a burst has a cost (`gamma`), so one busy month among quiet ones is not enough:
# the data must make the burst clearly more likely than staying normal. The cheapest sequence of
# states marks the bursts; a burst's `strength` says how much better the burst state explains
# those months. Empty months cost nothing in either state.
#
# `pk.bursts` takes the monthly shares of many terms and returns one row per burst. Without
# `terms=`, `pk.term_shares` follows the *topical* terms found in most titles (`pk.topical_terms`:
# no everyday English words, fragments or near-duplicates), here the top 300. Partial months (May
# 2024: the archive starts on the 27th) count as empty (`skip_partial=True`), so half a month
# cannot start a burst.

# %%
top_shares = pk.term_shares(paper_terms, papers, top=300, every="1mo", synonyms=synonyms)
burst_table = pk.bursts(top_shares, s=2.0, gamma=1.0)
burst_table.head(10)

# %% [markdown]
# **Chart 4: burst timeline**, one bar per burst from its first to its last month, darker when
# stronger. Section 8 shows how to check what a term stands for.

# %%
chart_bursts(burst_table, top=25).properties(width=560)

# %% [markdown]
# ## 7 · Trend topics: when in time each term sits
#
# bibliometrix (Aria & Cuccurullo 2017) places each term in time by the **quartiles of the dates**
# of the papers that use it, each paper weighted by how often it uses the term: a quarter of the
# uses come before `q1`, half before `median`, three quarters before `q3`. A term whose median is
# late is a recent topic; a wide `q1`–`q3` span means steady use. Here are the three most used
# terms for each quarter of median date.

# %%
topics = pk.trend_topics(paper_terms, papers, min_papers=30)
(
    topics.with_columns(pl.col("median").dt.truncate("1q").alias("quarter"))
    .sort("papers", descending=True)
    .group_by("quarter", maintain_order=True).head(3)
    .sort("quarter", "median")
)

# %% [markdown]
# ## 8 · Keyword in context: back to the sentences
#
# A number is only as good as what it counts. `pk.keyword_in_context` returns each sentence
# that uses a term, with the words to its `left` and `right`; it matches case, plural and
# hyphen/space variants. Here: what was "reasoning" used for in its burst month, May 2025?

# %%
kwic = pk.keyword_in_context(papers, "reasoning", period=dt.date(2025, 5, 1), width=40)
kwic.select("paper_id", "left", "match", "right").head(8)

# %% [markdown]
# Variants are found too: the matches for "fine-tuning", by spelling.

# %%
pk.keyword_in_context(papers, "fine-tuning")["match"].value_counts(sort=True).head(6)

# %% [markdown]
# ## Exercises
#
# 1. Follow "GRPO" with `pk.term_shares(paper_terms, papers, terms=["GRPO"])` and `chart_trend_lines`. When does it
#    appear? Does `pk.keyword_in_context(papers, "GRPO")` find papers that only write "Group
#    Relative Policy Optimization"? Why not, and which step of this notebook does find them?
# 2. Re-run `pk.rising_terms` with `min_papers=5`, then `alpha0=100`, then `alpha=0.2`. Which terms
#    enter the top, what does a smaller prior do to rare terms, and how many "rising" terms would
#    you expect by chance at `alpha=0.2`? Then `general=True`: which everyday words come back?
# 3. Change `every="1mo"` to `every="1q"` in the burst section. Which bursts survive, and which
#    were one-month blips? Then try `gamma=3`.
# 4. Look for another misfiring synonym: filter `synonyms` for canonical forms that are ordinary
#    words in lower case. What would each do to the counts?
# 5. Why does a broad word such as "language" appear in so many papers of the term table,
#    although no one would call it a keyword? (Hint: `paper_terms` keeps every candidate,
#    including the words inside longer phrases. What does that mean for `term_shares`?)
