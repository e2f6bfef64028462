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
# # 01 · Loading and normalizing digests
#
# A *digest* is a list of papers — titles and abstracts — as a site publishes it each day: the
# Hugging Face Daily Papers page, its API, or an arXiv listing. Each source writes them differently.
# Before we can count keywords or acronyms we need **one table with one row per paper**, whatever the
# source. This notebook shows how paperkit gets there and what it does to the text on the way.
#
# Everything runs offline on the data bundled in `data/raw/`.

# %%
import altair as alt
import polars as pl

import paperkit as pk

pk.use_offline_renderer()  # charts render without internet (Vega inlined once, in the first chart)

# %% [markdown]
# ## The bundled samples
#
# `pk.load_sample()` loads the default sample: 415 days of Hugging Face Daily Papers
# (May 2024 – December 2025). `pk.sample_paths("all")` lists every bundled file.

# %%
papers = pk.load_sample()
papers.head()

# %%
[p.name for p in pk.sample_paths("all")]

# %% [markdown]
# ## One schema for every source
#
# Every loader returns the same columns with the same types. `paper_id` is the arXiv id when the
# source has one, otherwise a stable hash of the normalized title, so the same paper gets the same id
# in every file. The full table of columns is in the README and in `help(pk.normalize)`.

# %%
pl.DataFrame({"column": list(pk.PAPERS_SCHEMA), "dtype": [str(t) for t in pk.PAPERS_SCHEMA.values()]})

# %% [markdown]
# ## Loading every format at once, and seeing what happened
#
# `pk.load_papers` takes files, folders, globs or a list, detects each file's format, and returns
# the papers **and an account of every input record**: loaded, merged into another record of the same
# paper, or listed as a problem. Nothing disappears silently: the counts reconcile.

# %%
result = pk.load_papers(pk.sample_paths("all"))
print(result.summary())
print("reconciles:", result.reconciles())

# %% [markdown]
# The plain-text page copy (`hf-page`) has no arXiv ids, yet some of its papers also appear in the
# archive. paperkit merges them by their normalized title and says so:

# %%
result.duplicates.select("paper_id", "title", "reason", "kept_locator").head(8)

# %% [markdown]
# ## What normalization does to text
#
# arXiv abstracts keep their hard line wraps (91% of rows here), and PDFs and web pages bring
# ligatures, typographic quotes and dashes. `pk.clean_text` applies Unicode NFKC, maps quotes and
# dashes to ASCII, rejoins words hyphenated at a line break and collapses whitespace. It is
# idempotent: cleaning twice changes nothing.

# %%
raw = "Large  \u201cLanguage\u201d Models \u2014 an effi-\ncient\n  study of \ufb01ne-tuning"
print(repr(raw))
print(repr(pk.clean_text(raw)))

# %% [markdown]
# Titles that start with a method name ("DyLoRA: Parameter Efficient Tuning …") get it in the
# `name` column. Which names are most common in the archive?

# %%
papers.filter(pl.col("name").is_not_null()).select("name", "title").head(10)

# %% [markdown]
# ## Bad input is reported, not lost
#
# Real folders contain surprises. Here we write a small folder with a good file, an empty file and a
# broken JSON file, and load it. The problems table says which file, where and why.

# %%
import shutil
import tempfile
from pathlib import Path

folder = Path(tempfile.mkdtemp())
shutil.copy(pk.sample_paths("hf-page")[0], folder / "hf-daily-2025-03-17.txt")
(folder / "empty.json").write_text("")
(folder / "broken.json").write_text('[{"paper": {"id": "2401.00001", "title": "X"}')
messy = pk.load_papers(folder)
print(messy.summary())
messy.problems

# %% [markdown]
# ## Papers per month, with the denominator in view
#
# A first chart: how many papers each month's digests hold. Months differ a lot (the archive has
# gaps), which is why later notebooks report *shares* of a month's papers rather than raw counts.

# %%
per_month = (
    papers.group_by(pl.col("digest_date").dt.truncate("1mo").alias("month"))
    .agg(pl.len().alias("papers"), pl.col("digest_date").n_unique().alias("digest_days"))
    .sort("month")
)
alt.Chart(per_month).mark_bar().encode(
    x=alt.X("month:T", title="month"),
    y=alt.Y("papers:Q", title="papers in that month's digests"),
    tooltip=["month:T", "papers:Q", "digest_days:Q"],
).properties(width=600, height=220, title="Hugging Face daily papers per month")

# %% [markdown]
# ## Exercises
#
# 1. Load only the arXiv listing (`pk.load_sample("arxiv")`). Which categories are most common?
#    (Hint: `papers.explode("categories")["categories"].value_counts()`.)
# 2. Copy a Hugging Face papers page from your browser into a `.txt` file and load it. What happens
#    when the date line has no year, and how do `year=` or a dated file name fix it?
# 3. Why does `paper_id` use a hash of the *normalized* title when there is no arXiv id, rather than
#    a row number? What would break in a trend analysis otherwise?
