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
# # 03 · Acronyms: definitions, mentions and a corpus glossary
#
# Research abstracts are full of acronyms: *LLM*, *RAG*, *LoRA*, *GRPO*. An author usually
# **defines** an acronym once, the first time it appears ("Low-Rank Adaptation (LoRA)"), and then
# just **uses** it. For a reader of thousands of abstracts that raises three questions, and this
# notebook answers each with one function of `paperkit.acronyms`:
#
# 1. **What does it stand for?** Find every definition in the text (`pk.find_acronyms`).
# 2. **How much is it used?** Find every mention, defined or not (`pk.acronym_mentions`).
# 3. **What does the whole corpus say?** One glossary row per acronym, with its spellings, its
#    meanings, how many papers define and use it, and when it was first and last seen
#    (`pk.acronym_glossary`).
#
# Then we use the glossary to make keyword counts honest (`pk.acronym_synonyms`,
# `pk.canonicalize_terms`), draw two charts, and ask how often the extractor is right.
#
# Everything runs offline on the bundled data: 6,141 Hugging Face daily papers, May 2024 to
# December 2025.

# %%
import altair as alt
import polars as pl
from IPython.display import Markdown

import paperkit as pk
from paperkit.charts.acronyms import chart_acronym_senses, chart_top_acronyms
from paperkit.evaluation.acronyms import predict_sciad, read_abbrev_bioc, read_sciad, score_abbrev, score_sciad

pk.use_offline_renderer()  # charts render without internet (Vega inlined once, in the first chart)
papers = pk.load_sample()
papers.select("paper_id", "digest_date", "title", "abstract").head(3)

# %% [markdown]
# ## How a definition is written
#
# Authors write definitions in three ways:
#
# | pattern | example | paperkit's name |
# |---|---|---|
# | long form, then the short form in parentheses | "Low-Rank Adaptation (LoRA)" | `long_short` |
# | short form, then the long form in parentheses | "GRPO (Group Relative Policy Optimization)" | `short_long` |
# | a title that starts with a name | "DyLoRA: Parameter Efficient Tuning using **Dy**namic Search-Free **Lo**w-**R**ank **A**daptation" | `title_name` |
#
# `pk.extract_definitions` works on one piece of text and is the easiest way to see what the
# extractor does. It returns the short form, the long form, the pattern and character offsets.

# %%
text = (
    "We fine-tune large language models (LLMs) with Low-Rank Adaptation (LoRA) and compare it to "
    "GRPO (Group Relative Policy Optimization). Results improve (e.g., on GSM8K) over prior work (2023)."
)
pl.DataFrame([d.__dict__ for d in pk.extract_definitions(text)])

# %% [markdown]
# Note what was **not** taken: "(e.g., on GSM8K)" and "(2023)" are parentheses too, but neither is
# a short form. Most parentheses in abstracts are remarks, citations or numbers, so rejecting them
# is half of the work.
#
# ## The idea behind it: Schwartz & Hearst (2003)
#
# The method is the one by **Schwartz & Hearst (2003)**, *A simple algorithm for identifying
# abbreviation definitions in biomedical text*. In plain words:
#
# 1. Find each pair of parentheses. If the text inside looks like a short form (a short word with
#    a letter in it, starting with a letter or digit), the words *before* the parentheses may be
#    its long form. (If the text inside is long and the word before it is short, swap the roles:
#    that is the `short_long` pattern.)
# 2. Look only at the last few words before it: at most `min(|SF| + 5, 2·|SF|)` words, where
#    `|SF|` is the number of characters in the short form.
# 3. Walk through the short form **from its last character to its first**, and through those
#    words from right to left, finding each character in turn. The first character of the short
#    form must start a word; that word is where the long form begins.
#
# No dictionary and no training data: the text explains itself. The authors report 95-96%
# precision and 82% recall on two biomedical test sets, and the algorithm became the standard baseline.
#
# **Where paperkit goes further** (details and the second reference, Sohn et al. 2008, *Ab3P*, in
# `help(pk.find_acronyms)` and the docstring of `paperkit/acronyms/__init__.py`). Machine-learning
# abstracts break the original rules in predictable ways, and each extension is a small rule:
#
# * camel-case names: the first letter may sit inside a word, "eXtreme Gradient Boosting (XGBoost)";
# * plurals: "large language models (LLMs)" matches with or without the final "s";
# * digits read as words: "text-to-image (T2I)", "end-to-end (E2E)";
# * letters are preferred at the **start** of words, so the long form is the shortest run of words
#   whose initials explain the capitals of the short form;
# * remarks that are not short forms are rejected: "(e.g., ...)", "(2023)", "(ours)", "(see ...)";
# * title names ("DyLoRA: ...") are matched capital by capital to the words after the colon;
# * speed: polars finds the candidate parentheses in the whole column at once, so only a few
#   thousand candidates reach Python.
#
# Three of those extensions in one sentence (plain Schwartz & Hearst finds none of these three:
# the "x" of XGBoost does not start a word and the "2" of T2I is not in "text-to-image"):

# %%
pl.DataFrame(
    [d.__dict__ for d in pk.extract_definitions(
        "eXtreme Gradient Boosting (XGBoost) is compared with text-to-image (T2I) and end-to-end (E2E) models."
    )]
).select("short_form", "long_form", "pattern")

# %% [markdown]
# ## Every definition in the corpus
#
# `pk.find_acronyms(papers)` does the same for every title and abstract, and returns one row per
# definition, with the paper, the field, the pattern, offsets and the sentence it came from.

# %%
definitions = pk.find_acronyms(papers)
definitions.select("paper_id", "field", "short_form", "long_form", "pattern").head(8)

# %% [markdown]
# How are definitions written, and how many papers define at least one acronym?

# %%
definitions.group_by("pattern").agg(
    pl.len().alias("definitions"), pl.col("paper_id").n_unique().alias("papers")
).sort("definitions", descending=True).with_columns(
    (pl.col("papers") / papers.height).round(3).alias("share_of_all_papers")
)

# %% [markdown]
# A few of each pattern. Title names are the least regular: a name such as "ColorBench" or
# "Meteor" is often a made-up word rather than an abbreviation.

# %%
definitions.group_by("pattern", maintain_order=True).head(4).select("pattern", "short_form", "long_form")

# %% [markdown]
# ## Title names
#
# `pk.title_names` takes every title that starts with a name ("HDR-GS: ...") and tries to match
# the name's capitals and digits to word starts after the colon. When nothing matches, the
# `long_form` is null: the name is a brand ("Meteor", "CraftsMan"), not an acronym. Only the
# matched ones become `title_name` definitions above.

# %%
names = pk.title_names(papers)
print(f"{names.height} titles start with a name; {names['long_form'].is_not_null().sum()} of them spell it out")
names.filter(pl.col("long_form").is_not_null()).head(8)

# %% [markdown]
# ## Mentions: using, not only defining
#
# A definition happens once; the acronym is then used many times, and many acronyms ("GPT",
# "API") are used without ever being defined. `pk.acronym_mentions` finds every word that is a
# known short form, its plural ("LLMs"), or the head of a hyphenated compound ("LoRA-based").
# Matching is case-sensitive: "LoRA" is a mention, "lora" is not.
#
# ## The corpus glossary
#
# `pk.acronym_glossary` turns definitions and mentions into **one row per acronym**:
#
# * spelling variants are folded: "LLM", "LLMs" and "llm" are one acronym (`variants`);
# * wordings of the long form are folded: "Large Language Models" and "large language model"
#   (`long_form_variants`), and the most common wording is shown (`long_form`);
# * `n_papers_defining` vs. `n_papers_using`, and `n_mentions` (every use);
# * `first_date` / `last_date`: the first and last digest in which a paper used it (the sample
#   starts on 2024-05-27, so an acronym "first seen" then may be much older).
#
# One caveat: a paper may define a one-letter short form ("... bridge vision-language
# representations to action (A)"). Its "mentions" would then be every word "A" in the corpus, so
# we keep short forms of at least two characters.

# %%
glossary = pk.acronym_glossary(papers, definitions=definitions)
glossary = glossary.filter(pl.col("short_form").str.len_chars() >= 2)
glossary.select(
    "short_form", "long_form", "variants", "n_papers_defining", "n_papers_using", "n_mentions", "first_date", "last_date"
).head(15)

# %% [markdown]
# One entry in full: every way the corpus writes chain-of-thought.

# %%
glossary.filter(pl.col("short_form") == "CoT").select("short_form", "variants", "long_form_variants", "n_papers_using")

# %% [markdown]
# **Used far more often than defined.** Dividing papers using by papers defining shows the
# acronyms the community takes for granted.

# %%
glossary.filter((pl.col("n_papers_using") >= 50) & (pl.col("n_papers_defining") > 0)).with_columns(
    (pl.col("n_papers_using") / pl.col("n_papers_defining")).round(1).alias("uses_per_definition")
).sort("uses_per_definition", descending=True).select(
    "short_form", "long_form", "n_papers_defining", "n_papers_using", "uses_per_definition"
).head(10)

# %% [markdown]
# **Newcomers.** Acronyms used by at least 20 papers, sorted by when they first appeared.

# %%
glossary.filter(pl.col("n_papers_using") >= 20).sort("first_date", descending=True).select(
    "short_form", "long_form", "first_date", "n_papers_using"
).head(10)

# %% [markdown]
# Mentions are also the right unit for trends. Here each month's share of papers that use a few
# acronyms at least once (share, not count: months hold different numbers of papers, see notebook 01).

# %%
mentions = pk.acronym_mentions(papers, glossary=glossary)
months = papers.select("paper_id", pl.col("digest_date").dt.truncate("1mo").alias("month"))
per_month = months.group_by("month").agg(pl.len().alias("papers"))
shares = (
    mentions.filter(pl.col("short_form").is_in(["GRPO", "DPO", "RAG", "LoRA", "CoT"]))
    .join(months, on="paper_id")
    .group_by("month", "short_form")
    .agg(pl.col("paper_id").n_unique().alias("using"))
    .join(per_month, on="month")
    .with_columns((pl.col("using") / pl.col("papers")).alias("share"))
)
alt.Chart(shares).mark_line(point=True).encode(
    x=alt.X("month:T", title="month"),
    y=alt.Y("share:Q", title="share of the month's papers using it", axis=alt.Axis(format="%")),
    color=alt.Color("short_form:N", title="acronym"),
    tooltip=["short_form:N", "month:T", "using:Q", "papers:Q", alt.Tooltip("share:Q", format=".1%")],
).properties(width=600, height=240, title="Papers mentioning an acronym, per month")

# %% [markdown]
# ## Ambiguous acronyms: one short form, several meanings
#
# The glossary groups the long forms of a short form into **senses**: wordings whose content words
# (Porter stems) contain one another are the same sense ("convolutional neural network" and
# "deep convolutional neural networks"); others are different senses. Spelling ("optimisation"),
# hyphens, case, plural, "the" and an inflection ("small"/"smaller language model") never make a new
# sense.
#
# Then **every use gets a sense** (`pk.acronym_uses`): the paper's own definition first; otherwise
# evidence in the paper: the long form's words, a number next to a measure ("19.5 FPS" is frames per
# second), words shared with the papers that define a sense; else the sense stays *unknown*. Short
# forms that papers use but never define get their usual expansion from a curated list
# (`pk.known_acronyms()`, `source = "known list"`), which never replaces a corpus definition. The
# glossary's `senses` column counts the papers using each sense, `unresolved` the papers whose sense
# stayed unknown, and a short form is `ambiguous` when a second sense is used by at least two papers.

# %%
glossary.filter(pl.col("ambiguous")).select("short_form", "long_form", "n_papers_using", "senses", "unresolved").head(12)

# %% [markdown]
# Why did a paper get its sense? `evidence` says which rule decided. FPS in this corpus: one paper
# defines it as "Formal Problem-Solving", but most papers write "20 FPS on a GPU".

# %%
uses = pk.acronym_uses(papers, definitions=definitions)
uses.filter(pl.col("key") == "fps").group_by("long_form", "evidence").agg(
    pl.col("paper_id").n_unique().alias("papers")
).sort("papers", descending=True)

# %% [markdown]
# Some of these are real ambiguity, and some are the same idea worded differently (or a typo, or
# an extraction slip) that the stem rule cannot join. Real ones in this corpus include **TTS**
# (text-to-speech, and since 2025 test-time scaling), **SAM** (Segment Anything Model,
# Sharpness-Aware Minimization), **ASR** (automatic speech recognition, attack success rate). When
# was each meaning of TTS defined?

# %%
definitions.filter(pl.col("short_form").is_in(["TTS", "TTSs"])).join(
    papers.select("paper_id", "digest_date"), on="paper_id"
).group_by(pl.col("long_form").str.to_lowercase().str.replace_all("-", " ").alias("long_form")).agg(
    pl.len().alias("definitions"), pl.col("digest_date").min().alias("first"), pl.col("digest_date").max().alias("last")
).sort("definitions", descending=True)

# %% [markdown]
# Ambiguity matters for counting: "TTS" in a 2024 speech paper and "TTS" in a 2025 reasoning paper
# are different topics. Before counting an acronym across a corpus, check its senses.
#
# ## Canonical terms: why "LoRA" = "low-rank adaptation" matters
#
# A keyword count treats "LoRA" and "low-rank adaptation" as two terms, so each gets *part* of the
# papers about that method, and neither count is right. The glossary knows they are one thing:
# `pk.acronym_synonyms` lists every surface form (short form variants, long form wordings, singular
# and plural, with hyphens or spaces) and the canonical short form it stands for.

# %%
synonyms = pk.acronym_synonyms(glossary)
synonyms.filter(pl.col("canonical") == "LoRA")

# %% [markdown]
# `pk.canonicalize_terms` replaces each term by its canonical form and leaves other terms alone:

# %%
pk.canonicalize_terms(pl.Series("term", ["Low-Rank Adaptation", "low rank adaptations", "LoRA", "diffusion"]), synonyms)

# %% [markdown]
# Now on real keyword counts. `pk.paper_terms(..., acronyms=False)` gives the raw terms of every
# paper; we canonicalize them and count papers per **written form** and per **canonical term**.
# The canonical count is not the sum of the written forms: many papers write both.

# %%
terms = pk.paper_terms(papers, acronyms=False)
terms = terms.with_columns(pk.canonicalize_terms(terms["term"], synonyms).alias("canonical"))
chosen = terms.filter(pl.col("canonical").is_in(["LoRA", "RAG", "RL", "CoT"]))
by_form = chosen.group_by("canonical", "term").agg(pl.col("paper_id").n_unique().alias("papers"))
by_canonical = chosen.group_by("canonical").agg(pl.col("paper_id").n_unique().alias("papers_canonical"))
by_form.join(by_canonical, on="canonical").filter(pl.col("papers") >= 5).sort(
    ["canonical", "papers"], descending=[False, True]
)

# %% [markdown]
# paperkit's keyword functions (`pk.paper_terms`, `pk.keyword_terms`, `pk.keyword_trends`) do this
# folding for you by default (`acronyms="auto"`); `acronyms=False` turns it off, as here.
#
# ## Charts
#
# `chart_top_acronyms`: the most used acronyms, with papers using and papers defining side by side.
# The gap between the two bars is the "taken for granted" effect from above.

# %%
chart_top_acronyms(glossary, top=20)

# %% [markdown]
# `chart_acronym_senses`: the ambiguous short forms and how many senses each has (hover for the
# senses).

# %%
chart_acronym_senses(glossary, top=20)

# %% [markdown]
# ## How good is the extractor?
#
# A rule-based extractor is only as useful as its error rates. paperkit is evaluated
# (`paperkit.evaluation.acronyms`, `benchmarks/bench_acronyms.py`) on two kinds of gold data:
#
# * **SciAD** (Veyseh et al. 2020, *What does this acronym mean?*, COLING): sentences from
#   scientific papers with every short form and long form labelled, scored with the shared task's
#   own rules. *Precision* = share of what paperkit marks that is right; *recall* = share of the
#   gold labels that paperkit finds; *F1* = their harmonic mean. The official score is `macro`.
# * **BioC abbreviation corpora** (Islamaj Dogan et al. 2014): PubMed abstracts with their defining
#   (short form, long form) pairs, scored as exact pairs.
#
# The gold data lives outside the repository, in `../shared/data`. When it is there, we measure
# now; otherwise we show the figures recorded in `benchmarks/README-acronyms.md`.

# %%
root = pk.data_dir().parent  # the repository
shared = root.parent / "shared" / "data"
have_gold = (shared / "sciad" / "dev.json.gz").exists() and (shared / "abbrev-bioc").is_dir()
recorded = root / "benchmarks" / "README-acronyms.md"
if have_gold:
    sciad = read_sciad(shared / "sciad" / "dev.json.gz")
    accuracy = score_sciad(sciad, predict_sciad(sciad))
elif recorded.exists():
    accuracy = Markdown(recorded.read_text(encoding="utf-8").split("## Speed")[0])
else:
    accuracy = Markdown("No gold data here: see `benchmarks/README-acronyms.md` in the paperkit repository.")
accuracy

# %% [markdown]
# On the biomedical corpora (exact pairs; these are the halves used for error analysis, so slightly
# optimistic):

# %%
if have_gold:
    bioc = {p.name.split("_")[0]: score_abbrev(read_abbrev_bioc(p)) for p in sorted((shared / "abbrev-bioc").glob("*_gold_dev.xml"))}
    accuracy_bioc = pl.DataFrame([{"corpus": k, **{m: v for m, v in r.items() if m != "errors"}} for k, r in bioc.items()])
else:
    accuracy_bioc = Markdown("See the BioC table in the recorded figures above.")
accuracy_bioc

# %% [markdown]
# The pattern is typical of the method: **high precision, lower recall**. When paperkit says
# "X stands for Y", it is nearly always right; it misses definitions whose long form does not spell
# the letters of the short form. A few of those misses:

# %%
if have_gold:
    misses = bioc["ab3p"]["errors"].filter(pl.col("kind") == "false_negative").head(8)
else:
    misses = Markdown("The recorded figures above list the typical misses.")
misses

# %% [markdown]
# ## Exercises
#
# 1. Pick an acronym you know (say "MoE" or "ViT"). Look it up in `glossary`: are its variants and
#    long form right? Which papers define it (`definitions.filter(...)`)?
# 2. Take 20 random definitions (`definitions.sample(20, seed=0)`) and judge each by reading its
#    `sentence`. What precision do you estimate, and how does it compare with the benchmark?
# 3. Look at the senses of "MLLM" or "VLM" in the ambiguous table. Which are real second meanings,
#    which are wordings or typos of the same one? What rule would join the latter?
# 4. Redo the keyword table for "LLM" with and without canonicalization. By how much does the
#    count of papers about large language models change?
# 5. `extract_definitions("We use Sharpness-Aware Minimization (SAM) and the Segment Anything Model (SAM).")`:
#    what does the glossary do with a paper that defines one short form twice?
