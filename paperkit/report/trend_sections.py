"""The trend sections of the report: keyword trends, rising and falling terms, bursts.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from paperkit.frames import date_expr
from paperkit.pipeline import Digest
from paperkit.report.blocks import Figure, Section, Table, Text
from paperkit.report.context import (
    REF_BH,
    REF_KLEINBERG,
    REF_MONROE,
    section_digest,
    examples,
    start_section,
)
from paperkit.trends import describe_windows


# --- keyword trends ----------------------------------------------------------------------------
def keyword_trends_section(papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None) -> Section:
    """Keyword trends: the share of each period's papers that use the top terms.

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
        Trend lines of the first 8 terms, a term-by-period heatmap of ``digest.top`` terms and
        the table of those terms (papers, papers with the term in the title, first and last
        date). With fewer than two periods: a note instead of the charts, and the table.

    References
    ----------
    Candidates and folding: :mod:`paperkit.keywords`.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "title": ["LoRA adapters", "LoRA merging", "RAG agents", "LoRA for RAG"],
    ...     "abstract": [""] * 4, "digest_date": [dt.date(2025, m, 3) for m in (1, 1, 2, 3)]})
    >>> [type(b).__name__ for b in keyword_trends_section(papers).blocks]
    ['Figure', 'Figure', 'Table']
    """
    heading = "Keyword trends"
    ctx = section_digest(papers, digest, context)
    intro = (
        f"Which topics take up more or less of the digest over time. Each term is a 1-4 word phrase from the "
        f"titles and abstracts, folded over case, plurals, hyphens and British or American spelling, and "
        f"acronyms are merged with their long forms through the glossary below. We follow the {ctx.top} topical "
        f"terms found in most titles (a title says what a paper is about) and count, for each {ctx.period}, the share of that {ctx.period}'s papers "
        f"that use the term: a share, not a raw count, so a busier {ctx.period} does not look like a trend. "
        f"Left out: everyday English words (\"image\", \"learning\": frequent in any English text), fragments "
        f"of longer terms (\"large language\" is nearly always part of \"large language models\") and "
        f"near-duplicates of a term already shown (\"reinforcement\" after \"RL\": the same papers)."
    )
    empty = start_section(papers, heading, intro)
    if empty:
        return empty
    from paperkit.charts.trends import chart_term_heatmap, chart_trend_lines  # deferred: altair

    chosen = pl.DataFrame({"term": ctx.topical}, schema={"term": pl.String()})
    table = chosen.join(ctx.term_table, on="term", how="left", maintain_order="left").select(
        "term", pl.col("papers").alias("papers (title or abstract)"), pl.col("papers_title").alias("papers (title)"),
        "first_date", "last_date",
    )
    table_block = Table(table, caption=f"The {table.height} topical terms found in most titles ({papers.height:,} papers)")
    unfolded = _without_glossary(ctx)
    note = _too_few_periods(ctx, papers)
    if note is not None:
        return Section(heading, intro, [*unfolded, note, table_block])
    terms = table["term"].to_list()
    min_papers = ctx.shares_min_papers
    shares = ctx.shares
    lines = chart_trend_lines(shares, terms=terms[:8]).properties(width=760, height=300)
    heat = chart_term_heatmap(shares).properties(width=760)
    thin = f" {ctx.period.capitalize()}s with fewer than {min_papers} papers are left blank." if min_papers > 1 else ""
    blocks = [
        *unfolded,
        Figure(lines, caption=f"Share of each {ctx.period}'s papers using the term (hover for counts). Hollow points: "
               f"{ctx.period}s only partly covered by the data.{thin}"),
        Figure(heat, caption=f"The {len(terms)} terms by {ctx.period}, darker = larger share of the {ctx.period}'s papers."),
        table_block,
    ]
    return Section(heading, intro, blocks)


# --- rising and falling terms ------------------------------------------------------------------
def rising_terms_section(papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None) -> Section:
    """Rising and falling terms: a recent window against the one before, fitted to the data.

    The windows come from :func:`paperkit.trends.trend_windows` (the last third of the data's
    months, at most 6, against up to twice as many months before; halves by day for less than
    two months) and are stated. :func:`paperkit.trends.rising_terms` counts the papers using
    each term in each window, tests each change (false discovery rate 5%) and ranks the
    significant ones, specific terms before everyday English words.

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
        A sentence with the windows, diverging bars of the top 15 rising and falling terms, a
        table of them, and the papers behind the top rising term (``paper_id``, ``title``,
        date).

    References
    ----------
    Monroe, Colaresi & Quinn (2008); Benjamini & Hochberg (1995).

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": [str(i) for i in range(24)],
    ...     "title": ["GAN image synthesis"] * 11 + ["diffusion planning"] + ["LLM agents for code"] * 11 + ["GAN art"],
    ...     "abstract": [None] * 24, "digest_date": [dt.date(2024, 1, 5)] * 12 + [dt.date(2025, 1, 5)] * 12})
    >>> [type(b).__name__ for b in rising_terms_section(papers).blocks]
    ['Text', 'Figure', 'Table', 'Table']
    """
    heading = "Rising and falling terms"
    ctx = section_digest(papers, digest, context)
    intro = (
        "Which terms a recent stretch of the digest uses more, or less, than the stretch before it. For each "
        "term we count the papers using it in each window. A change is reported when it is unlikely to be "
        "chance: each term's 2x2 table of papers is tested and, since thousands of terms are tested at once, "
        "the false discovery rate is held at 5% (Benjamini & Hochberg). Significant changes are ranked by the "
        "log-odds ratio with an informative Dirichlet prior (bars: its z-score), which pulls rare terms toward "
        "the corpus rate, so a term used by 3 papers instead of 1 does not outrank one used by 400 instead of "
        "200. Everyday English words (\"state\", \"budget\"), fragments of longer terms, near-duplicates, "
        "list enumerators and quantities are left out."
    )
    refs = (REF_MONROE, REF_BH)
    empty = start_section(papers, heading, intro, refs)
    if empty:
        return empty
    date = ctx.date
    if date is None:
        return Section(heading, intro, [Text("No paper has a date, so there are no time windows to compare.")], refs)
    try:
        windows = ctx.windows
    except ValueError as err:
        return Section(heading, intro, [Text(f"{err}. Load a longer stretch of digests.")], refs)
    described = describe_windows(windows)
    before, recent = ((r["start"], r["end"]) for r in windows.iter_rows(named=True))
    min_papers = ctx.rising_min_papers
    try:
        rising = ctx.rising
    except ValueError as err:
        return Section(heading, intro, [Text(f"Comparing {described}: {err}.")], refs)
    shown = rising.filter(pl.col("same_as").is_null())
    changed = shown.filter(pl.col("direction") != "stable")
    n_up = changed.filter(pl.col("direction") == "rising").height
    n_down = changed.height - n_up
    sentence = (f"Comparing {described}; terms used by at least {min_papers} papers over both windows: "
                f"{n_up} rose and {n_down} fell significantly.")
    if changed.height == 0:
        return Section(heading, intro, [Text(sentence + " No change is large enough to tell from chance: with "
                                             "more papers or longer windows, smaller changes become visible.")], refs)
    return Section(heading, intro, [Text(sentence), *_rising_blocks(papers, ctx.terms, changed, date, recent)], refs)


def _rising_blocks(papers: pl.DataFrame, terms: pl.DataFrame, changed: pl.DataFrame, date: str,
                   recent: tuple) -> list[Any]:
    """The chart and table of the significant changes, and the recent papers using the top rising term."""
    import altair as alt  # deferred: the report package imports without altair

    from paperkit.charts.trends import chart_rising_falling  # deferred: altair

    top = changed.filter(pl.col("rank") <= 10).select(
        "term", "direction", "papers_recent", "papers_before", pl.col("share_recent").round(4),
        pl.col("share_before").round(4), pl.col("z").round(2), pl.col("q_value").round(4))
    blocks: list[Any] = [
        Figure(chart_rising_falling(changed, top=15).properties(width=560, height=alt.Step(16)),
               caption="Blue: used by a larger share of papers recently; orange: by a smaller share. Hover for counts."),
        Table(top, caption="The 10 most rising and 10 most falling terms (shares of all papers in each window; "
                           "q: false discovery rate)"),
    ]
    best = changed.filter(pl.col("direction") == "rising").head(1)
    if best.height:
        term = best["term"][0]
        ids = _papers_using(papers, terms, term, date, (pl.col("date") >= recent[0]) & (pl.col("date") < recent[1]))
        blocks.append(Table(examples(papers, ids, date),
                            caption=f"Recent papers using the top rising term, {term!r} ({ids.len():,} in the recent window; newest first)"))
    return blocks


# --- bursts ------------------------------------------------------------------------------------
def bursts_section(papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None) -> Section:
    """Bursts: stretches of periods in which a term is used unusually often (Kleinberg).

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
        The burst timeline of the 25 strongest bursts among the 300 topical terms used by most
        papers (``digest.burst_terms``), a table of the strongest 15, and the papers
        behind the strongest burst.

    References
    ----------
    Kleinberg (2002).

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": list("abcdefgh"), "title": ["LoRA adapters", "LoRA merging", "RAG agents",
    ...     "RAG for code", "RAG search", "RAG agents", "LoRA tricks", "LoRA ranks"],
    ...     "abstract": [None] * 8, "digest_date": [dt.date(2025, m, 3) for m in (1, 2, 3, 3, 3, 3, 4, 5)]})
    >>> papers = papers.with_columns(  # data from 1 January to 31 May: no month is partial
    ...     pl.when(pl.int_range(pl.len()) == 7).then(pl.col("digest_date").dt.month_end())
    ...     .otherwise(pl.col("digest_date").dt.month_start()).alias("digest_date"))
    >>> section = bursts_section(papers)
    >>> section.heading, type(section.blocks[0]).__name__
    ('Bursts', 'Figure')
    """
    heading = "Bursts"
    ctx = section_digest(papers, digest, context)
    intro = (
        f"A burst is a stretch of {ctx.period}s in which a term is used by a clearly larger share of papers than "
        f"usual. Kleinberg's automaton has two states, normal and bursting (twice the term's usual rate), and "
        f"finds the cheapest sequence of states for each term; entering a burst has a cost, so a single busy "
        f"{ctx.period} rarely counts. Strength says how much better the burst state explains those {ctx.period}s."
    )
    refs = (REF_KLEINBERG,)
    empty = start_section(papers, heading, intro, refs)
    if empty:
        return empty
    note = _too_few_periods(ctx, papers)
    if note is not None:
        return Section(heading, intro, [note], refs)
    import altair as alt  # deferred: the report package imports without altair

    from paperkit.charts.trends import chart_bursts  # deferred: altair

    date = ctx.date
    terms = ctx.burst_terms
    found = ctx.bursts
    if found.height == 0:
        return Section(heading, intro, [Text(f"No burst among the {len(terms)} topical terms found in most titles.")], refs)
    table = found.head(15).select("term", "start", "end", "periods", "papers_with_term", "papers",
                                  pl.col("strength").round(1))
    top = found.row(0, named=True)
    ids = _papers_using(papers, ctx.terms, top["term"], date,
                        (pl.col("date") >= top["start"]) & (pl.col("date") <= top["end"]))
    blocks = [
        Figure(chart_bursts(found, top=25).properties(width=700, height=alt.Step(16)),
               caption=f"The 25 strongest bursts among the {len(terms)} topical terms found in most titles; darker = stronger."),
        Table(table, caption="The strongest bursts: papers using the term / all papers in the burst's periods"),
        Table(examples(papers, ids, date),
              caption=f"Papers behind the strongest burst, {top['term']!r} from {top['start']} to {top['end']} "
                      f"({ids.len():,} papers; newest first)"),
    ]
    return Section(heading, intro, blocks, refs)


# --- helpers -----------------------------------------------------------------------------------
def _papers_using(papers: pl.DataFrame, paper_terms: pl.DataFrame, term: str, date: str, within: pl.Expr) -> pl.Series:
    """Ids of the papers that use ``term`` and whose ``date`` satisfies ``within`` (on column ``date``)."""
    dated = papers.select("paper_id", date_expr(papers, date)).filter(within)
    return paper_terms.filter(pl.col("term") == term).join(dated, on="paper_id")["paper_id"].unique()


def _without_glossary(ctx: Digest) -> list[Text]:
    """A note when the terms were extracted without the glossary (it failed), else nothing."""
    if ctx.synonyms is None and "glossary" in ctx.errors:
        err = ctx.errors["glossary"]
        return [Text(f"The acronym glossary could not be built ({type(err).__name__}: {err}), so acronyms are "
                     "not merged with their long forms in this section.")]
    return []


def _too_few_periods(ctx: Digest, papers: pl.DataFrame) -> Text | None:
    """A note when the papers have no date or fall in one period (no trend can be shown), else None."""
    periods = ctx.periods
    if ctx.date is None:
        return Text("No paper has a date (digest date or publication date), so trends over time cannot be "
                    "computed. Load digests with dates, e.g. daily files, to see this section.")
    if periods.height < 2:
        first, last = papers[ctx.date].min(), papers[ctx.date].max()
        span = f"{first}" if first == last else f"{first} to {last}"
        return Text(f"All dated papers fall in one {ctx.period} ({span}). A trend needs at least two periods: "
                    f"load a longer stretch of digests, or use a shorter period (every='1w' or '1d').")
    return None
