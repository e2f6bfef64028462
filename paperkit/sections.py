"""The analysis sections of the report: keyword trends, rising terms, bursts, acronyms, co-topics.

Each *section builder* is a function ``papers -> Section`` (see :mod:`paperkit.report`). The
expensive steps — the acronym glossary, every term of every paper, the topics of every paper —
are shared between builders through a :class:`ReportContext`: it computes each of them once, the
first time a builder asks, and keeps it for the other builders (for the same papers frame).
:func:`analysis_sections` returns the builders of the default report, bound to one context.

A builder never crashes on a small corpus: with a single day of papers the trend sections say
that they need at least two periods, and an empty corpus gives a one-line note.

Examples
--------
>>> import datetime as dt
>>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LoRA adapters", "RAG agents"],
...     "abstract": [None, None], "digest_date": [dt.date(2025, 3, 17)] * 2})
>>> section = keyword_trends_section(papers)
>>> section.heading, [type(b).__name__ for b in section.blocks]
('Keyword trends', ['Text', 'Table'])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt
import polars as pl

from paperkit.normalize import validate_papers
from paperkit.report import Figure, Section, Table, Text
from paperkit.trends.terms import ENUMERATOR

__all__ = [
    "ReportContext",
    "acronyms_section",
    "analysis_sections",
    "bursts_section",
    "cotopics_section",
    "keyword_trends_section",
    "rising_terms_section",
    "thematic_map_section",
]

_PERIOD_NAMES = {"1d": "day", "1w": "week", "1mo": "month", "1q": "quarter", "1y": "year"}

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


# --- the shared context ------------------------------------------------------------------------
class ReportContext:
    """Options of the analysis sections, and a cache of the analyses they share.

    Each analysis (glossary, paper terms, topics, ...) is computed on first use and kept for
    the same papers frame (the same object); a new frame starts a new cache. A failure is kept
    too, so a broken step fails every section that needs it without being recomputed.

    Parameters
    ----------
    every
        Period of the trend charts (``"1w"``, ``"1mo"``, ``"1q"``, ...).
    top
        Terms in the keyword heatmap (the trend lines show the first 8 of them).
    dictionary
        Topic dictionary for the co-topic sections (``None``: the curated ML dictionary).
    progress
        Called with a short message before each expensive step (the CLI prints it).

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LoRA adapters", "LoRA for RAG"],
    ...     "abstract": [None, None], "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 2, 3)]})
    >>> ctx = ReportContext(every="1mo", top=5)
    >>> ctx.paper_terms(papers) is ctx.paper_terms(papers)  # computed once
    True
    >>> ctx.date_column(papers)
    'digest_date'
    """

    def __init__(
        self,
        *,
        every: str = "1mo",
        top: int = 20,
        dictionary: Mapping[str, Sequence[str]] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        if every not in _PERIOD_NAMES and not isinstance(every, str):
            raise TypeError(f"every must be a polars duration string such as '1mo', got {every!r}")
        if not isinstance(top, int) or top < 1:
            raise ValueError(f"top must be a positive integer, got {top!r}")
        self.every = every
        self.top = top
        self.dictionary = dictionary
        self.progress = progress
        self._papers: pl.DataFrame | None = None
        self._cache: dict[str, Any] = {}

    def _get(self, papers: pl.DataFrame, name: str, compute: Callable[[], Any]) -> Any:
        if papers is not self._papers:
            self._papers, self._cache = papers, {}
        if name not in self._cache:
            if self.progress is not None:
                self.progress(f"  computing {name}")
            try:
                self._cache[name] = (True, compute())
            except Exception as err:  # noqa: BLE001  (remembered, re-raised for every section that needs it)
                self._cache[name] = (False, err)
        ok, value = self._cache[name]
        if not ok:
            raise value
        return value

    @property
    def period(self) -> str:
        """The period as a word ("month")."""
        return _PERIOD_NAMES.get(self.every, self.every)

    def date_column(self, papers: pl.DataFrame) -> str | None:
        """``"digest_date"`` when some papers have one, else ``"published"``, else ``None``."""
        for col in ("digest_date", "published"):
            if col in papers.columns and papers[col].null_count() < papers.height:
                return col
        return None

    def periods(self, papers: pl.DataFrame) -> pl.DataFrame:
        """Papers per period (:func:`paperkit.trends.period_counts`); empty without dates."""
        from paperkit.trends import period_counts

        date = self.date_column(papers)
        if date is None:
            return pl.DataFrame(schema={"period": pl.Date(), "period_end": pl.Date(), "papers": pl.UInt32(), "partial": pl.Boolean()})
        return self._get(papers, "periods", lambda: period_counts(papers, every=self.every, date=date))

    def definitions(self, papers: pl.DataFrame) -> pl.DataFrame:
        """Every acronym definition (:func:`paperkit.acronyms.find_acronyms`)."""
        from paperkit.acronyms import find_acronyms

        return self._get(papers, "acronym definitions", lambda: find_acronyms(papers))

    def glossary(self, papers: pl.DataFrame) -> pl.DataFrame:
        """The acronym glossary (:func:`paperkit.acronyms.acronym_glossary`)."""
        from paperkit.acronyms import acronym_glossary

        return self._get(papers, "acronym glossary",
                         lambda: acronym_glossary(papers, definitions=self.definitions(papers)))

    def synonyms(self, papers: pl.DataFrame) -> pl.DataFrame | None:
        """``[term, canonical, display_canonical]``: acronyms and their long forms from the
        glossary (:func:`paperkit.acronyms.acronym_synonyms`), shown in the corpus's own
        spelling; None when the glossary could not be built."""
        from paperkit.acronyms import acronym_synonyms

        def compute() -> pl.DataFrame | None:
            try:
                glossary = self.glossary(papers)
            except Exception:  # noqa: BLE001  (keywords still work without the glossary)
                return None
            return acronym_synonyms(glossary).select("term", "canonical", display_canonical=pl.lit(False))

        return self._get(papers, "acronym synonyms", compute)

    def paper_terms(self, papers: pl.DataFrame) -> pl.DataFrame:
        """Every term of every paper (:func:`paperkit.keywords.paper_terms`), acronyms folded
        with their long forms through the glossary (when it could be built)."""
        from paperkit.keywords import paper_terms

        def compute() -> pl.DataFrame:
            synonyms = self.synonyms(papers)
            if synonyms is None:
                return paper_terms(papers, acronyms=False)
            return paper_terms(papers, synonyms=synonyms)

        return self._get(papers, "paper terms", compute)

    def fragments(self, papers: pl.DataFrame) -> list[str]:
        """Terms mostly written inside a longer term (:func:`paperkit.trends.fragment_terms`:
        "reinforcement" of "reinforcement learning", "large language" of "large language
        models"); the keyword sections leave them out."""
        from paperkit.trends import fragment_terms

        return self._get(papers, "fragment terms", lambda: fragment_terms(
            self.paper_terms(papers), threshold=0.8, synonyms=self.synonyms(papers)))

    def term_table(self, papers: pl.DataFrame) -> pl.DataFrame:
        """One row per term: ``term``, ``papers``, ``papers_title`` (papers with it in the title),
        ``first_date``, ``last_date``; sorted by ``papers_title`` then ``papers``. Fragments
        (:meth:`fragments`) and list enumerators ("ii") are left out."""

        def compute() -> pl.DataFrame:
            date = self.date_column(papers)
            terms = self.paper_terms(papers).select("paper_id", "term", "in_title").filter(
                ~pl.col("term").is_in(self.fragments(papers)) & ~pl.col("term").str.contains(ENUMERATOR))
            dates = papers.select("paper_id", _date_expr(papers, date)).unique("paper_id")
            return (
                terms.join(dates, on="paper_id", how="left")
                .group_by("term")
                .agg(
                    pl.col("paper_id").n_unique().cast(pl.UInt32).alias("papers"),
                    pl.col("paper_id").filter(pl.col("in_title")).n_unique().cast(pl.UInt32).alias("papers_title"),
                    pl.col("date").min().alias("first_date"),
                    pl.col("date").max().alias("last_date"),
                )
                .sort(["papers_title", "papers", "term"], descending=[True, True, False])
            )

        return self._get(papers, "term table", compute)

    def trend_terms(self, papers: pl.DataFrame, n: int) -> list[str]:
        """The ``n`` topical terms found in most titles, each concept once
        (:func:`paperkit.trends.topical_terms`: no general-English words, fragments or
        near-duplicates)."""
        from paperkit.trends import topical_terms

        def compute() -> list[str]:
            return topical_terms(self.paper_terms(papers), top=n, synonyms=self.synonyms(papers))["term"].to_list()

        return self._get(papers, f"the {n} topical terms", compute)

    def topics(self, papers: pl.DataFrame) -> pl.DataFrame:
        """Topics per paper (:func:`paperkit.cotopics.topics_from_dictionary`)."""
        from paperkit.cotopics import topics_from_dictionary

        return self._get(papers, "topics", lambda: topics_from_dictionary(papers, self.dictionary))

    def cotopics(self, papers: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """``(pairs, clusters)``: association strength of topic pairs and Louvain clusters."""
        from paperkit.cotopics import cooccurrence, cotopic_clusters

        def compute():
            pairs = cooccurrence(self.topics(papers), measure="association")
            return pairs, cotopic_clusters(pairs, seed=0)

        return self._get(papers, "co-topic pairs and clusters", compute)


def _date_expr(papers: pl.DataFrame, date: str | None) -> pl.Expr:
    if date is None:
        return pl.lit(None, dtype=pl.Date).alias("date")
    col = pl.col(date)
    return (col.dt.date() if papers.schema[date] != pl.Date else col).alias("date")


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
    dated = papers.select("paper_id", _date_expr(papers, date)).filter(within)
    return paper_terms.filter(pl.col("term") == term).join(dated, on="paper_id")["paper_id"].unique()


def _start(papers: pl.DataFrame, heading: str, intro: str, references=()) -> Section | None:
    """Validate; a section with a note when the corpus is empty (else None)."""
    validate_papers(papers, required=("paper_id", "title"))
    if papers.height == 0:
        return Section(heading, intro, [Text("The corpus is empty: there is nothing to analyse.")], references)
    return None


def _context(context: ReportContext | None) -> ReportContext:
    return ReportContext() if context is None else context


def _too_few_periods(ctx: ReportContext, papers: pl.DataFrame) -> Text | None:
    periods = ctx.periods(papers)
    if ctx.date_column(papers) is None:
        return Text("No paper has a date (digest date or publication date), so trends over time cannot be "
                    "computed. Load digests with dates, e.g. daily files, to see this section.")
    if periods.height < 2:
        first, last = papers[ctx.date_column(papers)].min(), papers[ctx.date_column(papers)].max()
        span = f"{first}" if first == last else f"{first} to {last}"
        return Text(f"All dated papers fall in one {ctx.period} ({span}). A trend needs at least two periods: "
                    f"load a longer stretch of digests, or use a shorter period (every='1w' or '1d').")
    return None


# --- keyword trends ----------------------------------------------------------------------------
def keyword_trends_section(papers: pl.DataFrame, *, context: ReportContext | None = None) -> Section:
    """Keyword trends: the share of each period's papers that use the top terms.

    Parameters
    ----------
    papers
        A papers frame.
    context
        Shared options and cache (:class:`ReportContext`); a fresh one when ``None``.

    Returns
    -------
    Section
        Trend lines of the first 8 terms, a term-by-period heatmap of ``context.top`` terms and
        the table of those terms (papers, papers with the term in the title, first and last
        date). With fewer than two periods: a note instead of the charts, and the table.

    References
    ----------
    Candidates and folding: :mod:`paperkit.keywords`.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "title": ["LoRA adapters", "LoRA merging", "RAG agents", "LoRA for RAG"],
    ...     "abstract": [None] * 4, "digest_date": [dt.date(2025, m, 3) for m in (1, 1, 2, 3)]})
    >>> [type(b).__name__ for b in keyword_trends_section(papers).blocks]
    ['Figure', 'Figure', 'Table']
    """
    heading = "Keyword trends"
    ctx = _context(context)
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
    from paperkit.trends import term_shares

    date = ctx.date_column(papers)
    chosen = pl.DataFrame({"term": ctx.trend_terms(papers, ctx.top)}, schema={"term": pl.String()})
    table = chosen.join(ctx.term_table(papers), on="term", how="left", maintain_order="left").select(
        "term", pl.col("papers").alias("papers (title or abstract)"), pl.col("papers_title").alias("papers (title)"),
        "first_date", "last_date",
    )
    table_block = Table(table, caption=f"The {table.height} topical terms found in most titles ({papers.height:,} papers)")
    note = _too_few_periods(ctx, papers)
    if note is not None:
        return Section(heading, intro, [note, table_block])
    terms = table["term"].to_list()
    min_papers = 10 if papers.height >= 1000 else 1
    shares = term_shares(ctx.paper_terms(papers), papers, terms=terms, every=ctx.every, date=date, min_papers=min_papers)
    lines = chart_trend_lines(shares, terms=terms[:8]).properties(width=760, height=300)
    heat = chart_term_heatmap(shares).properties(width=760)
    thin = f" {ctx.period.capitalize()}s with fewer than {min_papers} papers are left blank." if min_papers > 1 else ""
    blocks = [
        Figure(lines, caption=f"Share of each {ctx.period}'s papers using the term (hover for counts). Hollow points: "
               f"{ctx.period}s only partly covered by the data.{thin}"),
        Figure(heat, caption=f"The {len(terms)} terms by {ctx.period}, darker = larger share of the {ctx.period}'s papers."),
        table_block,
    ]
    return Section(heading, intro, blocks)


# --- rising and falling terms ------------------------------------------------------------------
def rising_terms_section(papers: pl.DataFrame, *, context: ReportContext | None = None) -> Section:
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
    context
        Shared options and cache (:class:`ReportContext`).

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
    ctx = _context(context)
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
    from paperkit.trends import describe_windows, rising_terms, trend_windows

    date = ctx.date_column(papers)
    if date is None:
        return Section(heading, intro, [Text("No paper has a date, so there are no time windows to compare.")], refs)
    try:
        windows = trend_windows(papers, date=date)
    except ValueError as err:
        return Section(heading, intro, [Text(f"{err}. Load a longer stretch of digests.")], refs)
    described = describe_windows(windows)
    before, recent = ((r["start"], r["end"]) for r in windows.iter_rows(named=True))
    min_papers = 5 if papers.height >= 500 else 2
    pt = ctx.paper_terms(papers)
    try:
        rising = rising_terms(pt, papers, recent=recent, before=before, date=date, min_papers=min_papers,
                              synonyms=ctx.synonyms(papers))
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
def bursts_section(papers: pl.DataFrame, *, context: ReportContext | None = None) -> Section:
    """Bursts: stretches of periods in which a term is used unusually often (Kleinberg).

    Parameters
    ----------
    papers
        A papers frame.
    context
        Shared options and cache (:class:`ReportContext`).

    Returns
    -------
    Section
        The burst timeline of the 25 strongest bursts among the 300 topical terms used by most
        papers (:meth:`ReportContext.trend_terms`), a table of the strongest 15, and the papers
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
    ctx = _context(context)
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
    from paperkit.trends import bursts, term_shares

    date = ctx.date_column(papers)
    terms = ctx.trend_terms(papers, 300)
    shares = term_shares(ctx.paper_terms(papers), papers, terms=terms, every=ctx.every, date=date)
    found = bursts(shares, s=2.0, gamma=1.0)
    if found.height == 0:
        return Section(heading, intro, [Text(f"No burst among the {len(terms)} topical terms found in most titles.")], refs)
    table = found.head(15).select("term", "start", "end", "periods", "papers_with_term", "papers",
                                  pl.col("strength").round(1))
    top = found.row(0, named=True)
    ids = _papers_using(papers, ctx.paper_terms(papers), top["term"], date,
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
def acronyms_section(papers: pl.DataFrame, *, context: ReportContext | None = None) -> Section:
    """The acronym glossary: top acronyms, their long forms, and ambiguous acronyms.

    Parameters
    ----------
    papers
        A papers frame.
    context
        Shared options and cache (:class:`ReportContext`).

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
    ctx = _context(context)
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

    glossary = ctx.glossary(papers)
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
    defs = ctx.definitions(papers)
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
def cotopics_section(papers: pl.DataFrame, *, context: ReportContext | None = None) -> Section:
    """Co-topics: which topics of the dictionary appear together in papers, and their clusters.

    Parameters
    ----------
    papers
        A papers frame.
    context
        Shared options and cache (:class:`ReportContext`; ``context.dictionary`` gives the topics).

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
    ctx = _context(context)
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
    from paperkit.cotopics import cotopic_papers, network_layout, topic_counts

    topics = ctx.topics(papers)
    if topics.height == 0 or topics["topic"].n_unique() < 2:
        return Section(heading, intro, [Text("Fewer than two dictionary topics occur in these papers: no pairs to show.")], refs)
    pairs, clusters = ctx.cotopics(papers)
    if pairs.height == 0:
        return Section(heading, intro, [Text("No paper has two dictionary topics: no pairs to show.")], refs)
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


def thematic_map_section(papers: pl.DataFrame, *, context: ReportContext | None = None) -> Section:
    """The thematic map: each co-topic cluster placed by centrality and density.

    Parameters
    ----------
    papers
        A papers frame.
    context
        Shared options and cache (:class:`ReportContext`).

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
    ['Figure', 'Table']
    """
    heading = "Thematic map"
    intro = (
        "The clusters of co-topics on one map. Centrality (x) measures how strongly a cluster is linked to the "
        "other clusters, density (y) how strongly its own topics are linked to each other; both are ranks. Motor "
        "themes (top right) are well developed and central; niche themes (top left) developed but isolated; "
        "emerging or declining themes (bottom left) weak on both; basic themes (bottom right) central but not "
        "yet developed."
    )
    refs = (_REF_CALLON, _REF_COBO)
    ctx = _context(context)
    empty = _start(papers, heading, intro, refs)
    if empty:
        return empty
    from paperkit.charts.cotopics import chart_thematic_map
    from paperkit.cotopics import thematic_map, topic_counts

    topics = ctx.topics(papers)
    if topics.height == 0 or topics["topic"].n_unique() < 2:
        return Section(heading, intro, [Text("Fewer than two dictionary topics occur in these papers: no clusters to map.")], refs)
    pairs, clusters = ctx.cotopics(papers)
    if pairs.height == 0:
        return Section(heading, intro, [Text("No paper has two dictionary topics: no clusters to map.")], refs)
    themes = thematic_map(pairs, clusters, counts=topic_counts(topics))
    table = themes.sort(["rank_centrality", "rank_density"], descending=True).select(
        "label", "quadrant", "n_topics", "papers", pl.col("centrality").round(1), pl.col("density").round(1),
        pl.col("topics").list.head(8).alias("topics (first 8)"))
    return Section(heading, intro, [
        Figure(chart_thematic_map(themes).properties(width=560, height=420),
               caption="One circle per cluster (size = papers), placed by rank of centrality and density."),
        Table(table, caption=f"The {themes.height} clusters"),
    ], refs)


# --- the default list ----------------------------------------------------------------------------
def analysis_sections(
    *,
    every: str = "1mo",
    top: int = 20,
    dictionary: Mapping[str, Sequence[str]] | None = None,
    progress: Callable[[str], None] | None = None,
    context: ReportContext | None = None,
) -> list[Callable[[pl.DataFrame], Section]]:
    """The analysis section builders of the default report, sharing one :class:`ReportContext`.

    Parameters
    ----------
    every, top, dictionary, progress
        As in :class:`ReportContext`.
    context
        An existing context to share (e.g. one a notebook already used); the other options
        are then ignored.

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
    ctx = context if context is not None else ReportContext(every=every, top=top, dictionary=dictionary, progress=progress)
    builders = (keyword_trends_section, rising_terms_section, bursts_section, acronyms_section,
                cotopics_section, thematic_map_section)
    return [functools.partial(b, context=ctx) for b in builders]
