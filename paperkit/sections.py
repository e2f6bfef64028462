"""The analysis sections of the report: keyword trends, rising terms, bursts, acronyms, co-topics.

Each *section builder* is a function ``papers -> Section`` (see :mod:`paperkit.report`). The
numbers come from the stages of a :class:`paperkit.Digest` (:mod:`paperkit.pipeline`: the
glossary, every term of every paper, the rising terms, the topics ...), computed once and
shared by the builders; a section only chooses what to show and writes the text around it.
:func:`analysis_sections` returns the builders of the default report, bound to one digest.

A builder never crashes on a small corpus: with a single day of papers the trend sections say
that they need at least two periods, and an empty corpus gives a one-line note.

Examples
--------
>>> import datetime as dt
>>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LoRA adapters", "RAG agents"],
...     "abstract": ["", ""], "digest_date": [dt.date(2025, 3, 17)] * 2})
>>> section = keyword_trends_section(papers)
>>> section.heading, [type(b).__name__ for b in section.blocks]
('Keyword trends', ['Text', 'Table'])
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt
import polars as pl

from paperkit.frames import date_expr
from paperkit.normalize import validate_papers
from paperkit.pipeline import BURST_TERMS, PERIOD_NAMES, Digest
from paperkit.report import Figure, Section, Table, Text

__all__ = [
    "ReportContext",
    "acronyms_section",
    "analysis_sections",
    "bursts_section",
    "cotopics_section",
    "keyword_trends_section",
    "rising_terms_section",
    "thematic_map_section",
    "what_changed_section",
]

_REF_MONROE = ("Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection "
               "and evaluation for identifying the content of political conflict. Political Analysis 16(4), 372-403.")
_REF_BH = ("Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful "
           "approach to multiple testing. J. R. Stat. Soc. B 57(1), 289-300.")
_REF_KLEINBERG = "Kleinberg, J. (2002). Bursty and hierarchical structure in streams. KDD 2002, 91-101."
_REF_SH = ("Schwartz, A. S. & Hearst, M. A. (2003). A simple algorithm for identifying abbreviation definitions "
           "in biomedical text. Pacific Symposium on Biocomputing 8, 451-462.")
_REF_AB3P = ("Sohn, S., Comeau, D. C., Kim, W. & Wilbur, W. J. (2008). Abbreviation definition identification "
             "based on automatic precision estimates. BMC Bioinformatics 9, 402.")
_REF_VANECK = ("van Eck, N. J. & Waltman, L. (2009). How to normalize cooccurrence data? An analysis of some "
               "well-known similarity measures. JASIST 60(8), 1635-1651.")
_REF_LOUVAIN = ("Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of "
                "communities in large networks. J. Stat. Mech. P10008.")
_REF_CALLON = ("Callon, M., Courtial, J. P. & Laville, F. (1991). Co-word analysis as a tool for describing the "
               "network of interactions between basic and technological research. Scientometrics 22, 155-205.")
_REF_COBO = ("Cobo, M. J., López-Herrera, A. G., Herrera-Viedma, E. & Herrera, F. (2011). An approach for "
             "detecting, quantifying, and visualizing the evolution of a research field. J. Informetrics 5, 146-166.")


# --- the shared stages ------------------------------------------------------------------------
class _Shared:
    """Options of the sections, and the :class:`~paperkit.pipeline.Digest` of the last papers
    frame a section was given (the same object): the builders of one report share it."""

    def __init__(self, *, every: str = "1mo", top: int = 20, dictionary: Mapping[str, Sequence[str]] | None = None,
                 cache: Any = None, progress: Callable[[str], None] | None = None) -> None:
        if not isinstance(every, str):
            raise TypeError(f"every must be a polars duration string such as '1mo', got {every!r}")
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise ValueError(f"top must be a positive integer, got {top!r}")
        self.every, self.top, self.dictionary, self.cache, self.progress = every, top, dictionary, cache, progress
        self._digest: Digest | None = None

    def like(self, papers: pl.DataFrame) -> Digest:
        if self._digest is None:
            self._digest = Digest(papers, every=self.every, top=self.top, dictionary=self.dictionary,
                                  cache=self.cache, progress=self.progress)
        return self._digest.like(papers)


class ReportContext(_Shared):
    """Deprecated (use :class:`paperkit.Digest`): the options and shared analyses of the sections.

    Kept for one release. ``ReportContext(every=..., top=..., dictionary=..., progress=...)``
    works as before; its methods ``ctx.glossary(papers)``, ``ctx.paper_terms(papers)``, ... read
    the stages of a :class:`~paperkit.pipeline.Digest` of ``papers``.

    Examples
    --------
    >>> import warnings
    >>> papers = pl.DataFrame({"paper_id": ["a"], "title": ["LoRA adapters"], "abstract": [""]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     ctx = ReportContext(top=5)
    >>> caught[0].category.__name__, ctx.paper_terms(papers) is ctx.like(papers).terms
    ('DeprecationWarning', True)
    """

    def __init__(self, *, every: str = "1mo", top: int = 20, dictionary: Mapping[str, Sequence[str]] | None = None,
                 progress: Callable[[str], None] | None = None) -> None:
        warnings.warn("ReportContext is deprecated and will be removed in the next release: use "
                      "paperkit.Digest(papers, every=..., top=..., dictionary=...)", DeprecationWarning, stacklevel=2)
        super().__init__(every=every, top=top, dictionary=dictionary, progress=progress)

    @property
    def period(self) -> str:
        return PERIOD_NAMES.get(self.every, self.every)

    def date_column(self, papers: pl.DataFrame) -> str | None:
        return self.like(papers).date

    def periods(self, papers: pl.DataFrame) -> pl.DataFrame:
        return self.like(papers).periods

    def definitions(self, papers: pl.DataFrame) -> pl.DataFrame:
        return self.like(papers).definitions

    def glossary(self, papers: pl.DataFrame) -> pl.DataFrame:
        return self.like(papers).glossary

    def synonyms(self, papers: pl.DataFrame) -> pl.DataFrame | None:
        return self.like(papers).synonyms

    def paper_terms(self, papers: pl.DataFrame) -> pl.DataFrame:
        return self.like(papers).terms

    def fragments(self, papers: pl.DataFrame) -> list[str]:
        return self.like(papers).fragments

    def term_table(self, papers: pl.DataFrame) -> pl.DataFrame:
        return self.like(papers).term_table

    def trend_terms(self, papers: pl.DataFrame, n: int) -> list[str]:
        d = self.like(papers)
        return d.topical if n == d.top else d.burst_terms if n == BURST_TERMS else d.topical_terms(n)

    def topics(self, papers: pl.DataFrame) -> pl.DataFrame:
        return self.like(papers).topics

    def cotopics(self, papers: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        d = self.like(papers)
        return d.pairs, d.clusters


def _examples(papers: pl.DataFrame, ids: pl.Series | list, date: str | None, *, n: int = 8) -> pl.DataFrame:
    """``paper_id, title, <date>`` of the papers ``ids``, newest first (traceable results)."""
    ids = pl.Series("paper_id", list(ids), dtype=pl.String)
    cols = ["paper_id", "title"] + ([date] if date else [])
    out = papers.filter(pl.col("paper_id").is_in(ids.implode())).select(cols)
    if date:
        out = out.sort([date, "paper_id"], descending=[True, False], nulls_last=True)
    return out.head(n)


def _papers_using(papers: pl.DataFrame, paper_terms: pl.DataFrame, term: str, date: str, within: pl.Expr) -> pl.Series:
    """Ids of the papers that use ``term`` and whose ``date`` satisfies ``within`` (on column ``date``)."""
    dated = papers.select("paper_id", date_expr(papers, date)).filter(within)
    return paper_terms.filter(pl.col("term") == term).join(dated, on="paper_id")["paper_id"].unique()


def _start(papers: pl.DataFrame, heading: str, intro: str, references=()) -> Section | None:
    """Validate; a section with a note when the corpus is empty (else None)."""
    validate_papers(papers, required=("paper_id", "title"))
    if papers.height == 0:
        return Section(heading, intro, [Text("The corpus is empty: there is nothing to analyse.")], references)
    return None


def _digest(papers: pl.DataFrame, digest: Any, context: Any) -> Digest:
    """The digest a section reads: ``digest`` (or one like it for these papers), else a fresh one."""
    if context is not None:
        if digest is not None:
            raise TypeError("pass digest= (context= is its deprecated name), not both")
        warnings.warn("context= is deprecated: pass digest=paperkit.Digest(papers, ...)", DeprecationWarning,
                      stacklevel=3)
        digest = context
    if digest is None:
        return Digest(papers)
    return digest.like(papers)


def _without_glossary(ctx: Digest) -> list[Text]:
    """A note when the terms were extracted without the glossary (it failed), else nothing."""
    if ctx.synonyms is None and "glossary" in ctx.errors:
        err = ctx.errors["glossary"]
        return [Text(f"The acronym glossary could not be built ({type(err).__name__}: {err}), so acronyms are "
                     "not merged with their long forms in this section.")]
    return []


def _too_few_periods(ctx: Digest, papers: pl.DataFrame) -> Text | None:
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
    ctx = _digest(papers, digest, context)
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
    empty = _start(papers, heading, intro)
    if empty:
        return empty
    from paperkit.charts.trends import chart_term_heatmap, chart_trend_lines

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
    ctx = _digest(papers, digest, context)
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
    refs = (_REF_MONROE, _REF_BH)
    empty = _start(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.trends import chart_rising_falling
    from paperkit.trends import describe_windows

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
    pt = ctx.terms
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
    top = changed.filter(pl.col("rank") <= 10).select(
        "term", "direction", "papers_recent", "papers_before", pl.col("share_recent").round(4),
        pl.col("share_before").round(4), pl.col("z").round(2), pl.col("q_value").round(4))
    blocks: list[Any] = [
        Text(sentence),
        Figure(chart_rising_falling(changed, top=15).properties(width=560, height=alt.Step(16)),
               caption="Blue: used by a larger share of papers recently; orange: by a smaller share. Hover for counts."),
        Table(top, caption="The 10 most rising and 10 most falling terms (shares of all papers in each window; "
                           "q: false discovery rate)"),
    ]
    best = changed.filter(pl.col("direction") == "rising").head(1)
    if best.height:
        term = best["term"][0]
        ids = _papers_using(papers, pt, term, date, (pl.col("date") >= recent[0]) & (pl.col("date") < recent[1]))
        blocks.append(Table(_examples(papers, ids, date),
                            caption=f"Recent papers using the top rising term, {term!r} ({ids.len():,} in the recent window; newest first)"))
    return Section(heading, intro, blocks, refs)


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
    ctx = _digest(papers, digest, context)
    intro = (
        f"A burst is a stretch of {ctx.period}s in which a term is used by a clearly larger share of papers than "
        f"usual. Kleinberg's automaton has two states, normal and bursting (twice the term's usual rate), and "
        f"finds the cheapest sequence of states for each term; entering a burst has a cost, so a single busy "
        f"{ctx.period} rarely counts. Strength says how much better the burst state explains those {ctx.period}s."
    )
    refs = (_REF_KLEINBERG,)
    empty = _start(papers, heading, intro, refs)
    if empty:
        return empty
    note = _too_few_periods(ctx, papers)
    if note is not None:
        return Section(heading, intro, [note], refs)
    from paperkit.charts.trends import chart_bursts

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
        Table(_examples(papers, ids, date),
              caption=f"Papers behind the strongest burst, {top['term']!r} from {top['start']} to {top['end']} "
                      f"({ids.len():,} papers; newest first)"),
    ]
    return Section(heading, intro, blocks, refs)


# --- acronyms ----------------------------------------------------------------------------------
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
    ctx = _digest(papers, digest, context)
    intro = (
        "What the acronyms in these papers stand for. A definition is an acronym next to its long form in "
        "parentheses, either way round (\"Low-Rank Adaptation (LoRA)\", \"LoRA (Low-Rank Adaptation)\"), or a title "
        "name spelled out after the colon; the letters of the acronym must match the words. The glossary groups "
        "the definitions of each acronym into senses and counts the papers that define it and the papers that "
        "use it at all. An acronym is ambiguous when a second meaning is defined by a fair number of papers."
    )
    refs = (_REF_SH, _REF_AB3P)
    empty = _start(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.acronyms import chart_acronym_senses, chart_top_acronyms

    glossary = ctx.glossary
    if glossary.height == 0:
        return Section(heading, intro, [Text("No acronym is defined in these titles and abstracts.")], refs)
    min_def = 2 if papers.height >= 200 else 1
    shown = glossary.filter(pl.col("n_papers_defining") >= min_def)
    if shown.height == 0:
        shown = glossary
    rows = shown.head(25).select(
        "short_form", "long_form", pl.col("n_papers_defining").alias("papers defining"),
        pl.col("n_papers_using").alias("papers using"), "first_date", "last_date", "ambiguous")
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
    ambiguous = shown.filter(pl.col("ambiguous"))
    if ambiguous.height:
        blocks.append(Figure(chart_acronym_senses(ambiguous, top=20).properties(width=560),
                             caption="Acronyms with several meanings: number of distinct long forms (hover for them)."))
        blocks.append(Table(
            ambiguous.sort("n_papers_defining", descending=True).head(15).select(
                "short_form", "n_senses", pl.col("n_papers_defining").alias("papers defining"),
                pl.col("long_forms").list.head(4).alias("meanings (main first)")),
            caption=f"{ambiguous.height:,} ambiguous acronyms: read them in context before counting them"))
    else:
        blocks.append(Text("No ambiguous acronym: every acronym has one main meaning here."))
    return Section(heading, intro, blocks, refs)


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
    ctx = _digest(papers, digest, context)
    intro = (
        "Which research topics are studied together. Each topic is a list of terms from a curated dictionary "
        "(e.g. RAG: retrieval-augmented generation, RAG); a paper has a topic when its title or abstract uses "
        "one of its terms. For each pair of topics we count the papers having both and divide by what chance "
        "would give (association strength), so two popular topics do not look linked just because both are "
        "frequent. Topics that are often together form clusters (Louvain community detection)."
    )
    refs = (_REF_VANECK, _REF_LOUVAIN)
    empty = _start(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.cotopics import chart_cotopic_heatmap, chart_cotopic_network
    from paperkit.cotopics import cotopic_papers, network_layout, pair_min_count, topic_counts

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
    behind = cotopic_papers(papers, topics, a, b)
    n_with = topics["paper_id"].n_unique()
    blocks: list[Any] = [
        Figure(chart_cotopic_heatmap(pairs, clusters, max_topics=60).properties(width=620, height=620),
               caption=f"Association strength of each pair ({counts.height} topics; {n_with:,} of {papers.height:,} "
                       "papers have at least one), topics ordered by cluster. 1 = as often as chance."),
        Figure(chart_cotopic_network(pairs, nodes, max_edges=250).properties(width=700, height=520),
               caption="Topics as nodes (size = papers, colour = cluster), linked by their strongest associations. "
                       "Click a topic to highlight its neighbours."),
        Table(strong.head(12).select("topic_a", "topic_b", pl.col("n").alias("papers with both"),
                                     pl.col("score").round(2).alias("association")),
              caption=f"The most associated pairs (at least {min_n} papers together)"),
        Table(_examples(behind, behind["paper_id"], "digest_date" if "digest_date" in behind.columns else None),
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
    refs = (_REF_CALLON, _REF_COBO)
    ctx = _digest(papers, digest, context)
    empty = _start(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.cotopics import chart_thematic_map
    from paperkit.cotopics import cooccurrence, pair_min_count, quadrant_agreement, thematic_map

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
def what_changed_section(
    papers: pl.DataFrame, *, digest: Digest | None = None, context: Any = None, max_findings: int = 8
) -> Section:
    """What changed: the 5-8 findings a reader should see first, each with its number and evidence.

    Built by :mod:`paperkit.findings` from the stages the other sections show: significant risers
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
    ctx = _digest(papers, digest, context)
    empty = _start(papers, heading, intro)
    if empty:
        return empty
    from paperkit.cotopics import cotopic_changes, pair_min_count
    from paperkit.findings import (burst_findings, caveat_findings, cotopic_findings, new_acronym_findings,
                                   rising_findings, top_findings)

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
    found = top_findings(*parts, max_findings=max_findings) if parts else pl.DataFrame()
    if found.height == 0:
        return Section(heading, intro, [Text("No change in this corpus passes the tests behind the findings"
                                             + (f" ({'; '.join(missing)})." if missing else "."))])
    table = found.select(pl.col("sentence").alias("finding"), pl.col("evidence").list.join(", ").alias("evidence"), "kind")
    blocks = [Table(table, caption=f"{table.height} findings, strongest first", max_rows=max_findings)]
    if since is not None:
        blocks.append(Text(f"Recent window from {since}; risers and fallers are significant at a 5 % false discovery "
                           "rate; co-topic pairs must gain papers as well as association."))
    return Section(heading, intro, blocks)


# --- the default list ----------------------------------------------------------------------------
def analysis_sections(
    digest: Digest | None = None,
    *,
    every: str = "1mo",
    top: int = 20,
    dictionary: Mapping[str, Sequence[str]] | None = None,
    cache: Any = None,
    progress: Callable[[str], None] | None = None,
    context: Any = None,
) -> list[Callable[[pl.DataFrame], Section]]:
    """The analysis section builders of the default report, sharing one :class:`paperkit.Digest`.

    Parameters
    ----------
    digest
        A digest to share (e.g. one a notebook already used); the other options are then
        ignored. Given another papers frame, a builder uses a digest of that frame with the same
        options.
    every, top, dictionary, cache, progress
        As in :class:`paperkit.Digest`, when no ``digest`` is given: the builders then share
        the digest of the first papers frame they are given.
    context
        Deprecated name of ``digest`` (a :class:`ReportContext` is accepted).

    Returns
    -------
    list of callables
        Keyword trends, rising and falling terms, bursts, the acronym glossary, co-topics and
        the thematic map, each ``papers -> Section``.

    Examples
    --------
    >>> [b.func.__name__ for b in analysis_sections()]
    ['keyword_trends_section', 'rising_terms_section', 'bursts_section', 'acronyms_section', 'cotopics_section', 'thematic_map_section']
    """
    if context is not None:
        if digest is not None:
            raise TypeError("pass digest= (context= is its deprecated name), not both")
        warnings.warn("context= is deprecated: pass a paperkit.Digest", DeprecationWarning, stacklevel=2)
        digest = context
    shared = digest if digest is not None else _Shared(every=every, top=top, dictionary=dictionary, cache=cache,
                                                       progress=progress)
    builders = (keyword_trends_section, rising_terms_section, bursts_section, acronyms_section,
                cotopics_section, thematic_map_section)
    return [functools.partial(b, digest=shared) for b in builders]
