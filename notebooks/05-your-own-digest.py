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
# # 05 · Your own digest, start to finish
#
# This notebook runs the whole paperkit analysis on **your** files: load and normalize, keyword
# trends, acronyms, co-topics, and finally the one-page HTML report. It is *parameterised*: the
# next cell holds every setting. Change `SOURCE` to a file, a folder or a glob of your digests
# (Hugging Face pages or API dumps, arXiv listings, CSV/Parquet tables) and run all cells. With
# `SOURCE = None` it uses the bundled sample (6,141 Hugging Face daily papers).
#
# The parameters cell is tagged `parameters`, so tools such as papermill can run the same notebook
# on another folder: `papermill 05-your-own-digest.ipynb out.ipynb -p SOURCE my-digests/`.

# %%
from pathlib import Path

import polars as pl

import paperkit as pk
from paperkit.charts.acronyms import chart_top_acronyms
from paperkit.charts.cotopics import chart_cotopic_heatmap, chart_thematic_map
from paperkit.charts.trends import chart_rising_falling, chart_trend_lines
from paperkit.report import Figure, default_sections, render_report, run_sections
from paperkit.report.sections import rising_terms_section

pk.use_offline_renderer()  # charts render without internet (Vega inlined once, in the first chart)

# %% tags=["parameters"]
SOURCE = None               # a file, folder or glob of digests; None = the bundled sample
EVERY = "1mo"               # period of the trends: "1w", "1mo", "1q"
TOP = 20                    # terms followed in the trend heatmap
OUT = None                  # where the report is written; None = data/processed/my-report.html (git ignores it)
TITLE = "My paper digest"   # the report's title

# %% [markdown]
# ## 1 · Load and normalize
#
# `pk.load_papers` detects each file's format, cleans the text and merges records of the same
# paper (same arXiv id or same normalized title). It also says what it could not read and why:
# nothing is dropped silently.
#
# A large corpus takes a while to load and analyse, so we go through a **cache**
# (`pk.StageCache()`, a folder in your user cache, `~/.cache/paperkit`): the loaded papers and
# every expensive analysis below are kept as Parquet files, keyed by the content of your files
# and the options, and read back the next time this notebook (or `paperkit report`) runs on the
# same files. Change a file or an option and they are computed again; `paperkit cache clear`
# empties the folder.

# %%
cache = pk.StageCache()
loaded = cache.load_papers(SOURCE if SOURCE is not None else pk.sample_paths("hf-daily"), progress=False)
papers = loaded.papers
print(loaded.summary())
papers.select("paper_id", "title", "digest_date", "source").head()

# %% [markdown]
# ## 2 · Keywords and their trends
#
# Every 1–4 word phrase of every title and abstract is a candidate term, folded over case, plurals
# and spellings; acronyms are merged with their long forms. A `pk.Digest` computes these
# expensive steps **once**, each from the ones before (its attributes are the stages:
# `digest.terms`, `digest.term_table`, `digest.rising`, ...), and shares them with the report at
# the end. We follow the terms found
# in most titles as a **share of each period's papers** (papers using the term ÷ all papers of
# the period), so a busy month does not look like a trend.

# %%
digest = pk.Digest(papers, every=EVERY, top=TOP, cache=cache)
digest.term_table.head(10)

# %%
n_periods = digest.periods.height
if n_periods >= 2:
    shown = chart_trend_lines(digest.shares, terms=digest.topical[:8]).properties(width=560, height=260)
else:
    shown = pl.DataFrame({"note": [f"{n_periods} period(s) of {EVERY}: a trend needs at least two"]})
shown

# %% [markdown]
# **Rising and falling terms** compare two windows with the log-odds ratio with an informative
# Dirichlet prior (Monroe, Colaresi & Quinn 2008). The report's section picks the windows from
# your data: the last 6 months against the 12 before (or the two halves of a short corpus).

# %%
rising = rising_terms_section(papers, digest=digest)
charts = [b.chart for b in rising.blocks if isinstance(b, Figure)]
print(rising.blocks[0].text if rising.blocks else "")
charts[0] if charts else pl.DataFrame({"note": [rising.blocks[0].text]})

# %% [markdown]
# ## 3 · Acronyms
#
# Definitions such as "Low-Rank Adaptation (LoRA)" are found with the Schwartz & Hearst (2003)
# algorithm; the glossary groups them into one row per acronym, with the papers that define it and
# the papers that use it.

# %%
glossary = digest.glossary
glossary.select("short_form", "long_form", "n_papers_defining", "n_papers_using", "ambiguous").head(10)

# %%
chart_top_acronyms(glossary.filter(pl.col("n_papers_defining") >= (2 if papers.height >= 200 else 1)), top=15) \
    if glossary.height else pl.DataFrame({"note": ["no acronym defined"]})

# %% [markdown]
# ## 4 · Co-topics
#
# Topics come from a curated dictionary of ML topics (pass your own `{topic: [terms]}` as
# `pk.Digest(papers, dictionary=...)`). Two topics are associated when more papers have both than
# chance would give (association strength, van Eck & Waltman 2009); Louvain clusters group them,
# and the thematic map places each cluster by centrality and density (Callon et al. 1991).

# %%
pairs, clusters = digest.pairs, digest.clusters
pairs.sort("score", descending=True).filter(pl.col("n") >= 2).head(8)

# %%
chart_cotopic_heatmap(pairs, clusters, top=40) if pairs.height else pl.DataFrame({"note": ["no pairs"]})

# %%
themes = pk.thematic_map(pairs, clusters, topics=digest.topics)
chart_thematic_map(themes)

# %% [markdown]
# ## 5 · The report
#
# The same analyses as one self-contained HTML page: it works offline and escapes every title.
# The sections read the stages the digest already computed, so this cell is quick. The command
# line does the same, with the same cache: `paperkit report my-digests/ -o report.html --every 1mo --top 20`.

# %%
builders = default_sections(duplicates=loaded.duplicates, problems=loaded.problems, digest=digest)
sections = run_sections(papers, builders)
page = render_report(sections, title=TITLE, subtitle=f"{papers.height:,} papers from {SOURCE or 'the bundled sample'}")
out = Path(OUT) if OUT else pk.data_dir() / "processed" / "my-report.html"  # derived files never go to notebooks/
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(page, encoding="utf-8")
pl.DataFrame({"section": [s.heading for s in sections], "blocks": [len(s.blocks) for s in sections]})

# %% [markdown]
# ## Exercises
#
# 1. Run the notebook on a folder of your own digests (`SOURCE = "my-digests/"`). Which section
#    changes most? Which needs more data?
# 2. Set `EVERY = "1w"`. Do the bursts get sharper or noisier? Why does the share of a term in a
#    week vary more than in a month?
# 3. Pass your own topic dictionary (`pk.Digest(papers, dictionary={"speech": ["ASR", "TTS", "speech"], ...})`)
#    and compare the thematic map with the default one.
# 4. Open `data/processed/my-report.html` with the network switched off. Does every chart still draw?
