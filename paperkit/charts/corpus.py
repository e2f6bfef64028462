"""What is in a corpus: counts per period, top categories and sources, and their charts.

The ``*_counts`` / ``papers_per_period`` / ``corpus_summary`` functions aggregate a papers
frame into small tidy frames (every share comes with its denominator as a column, so a chart
or table never shows a percentage without the count it is a percentage of); the ``chart_*``
functions draw those frames and compute nothing heavy themselves.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from paperkit.charts import theme as _theme  # noqa: F401  (registers the "paperkit" theme)
from paperkit.charts._frames import period_axis
from paperkit.frames import check_date, check_every, date_expr, period_counts, validate
from paperkit.normalize import validate_papers

__all__ = [
    "category_counts",
    "chart_papers_per_period",
    "chart_sources",
    "chart_top_categories",
    "corpus_summary",
    "papers_per_period",
    "source_counts",
]

_MAX_LABELLED_BARS = 40


# --- aggregations ------------------------------------------------------------------------------
def papers_per_period(papers: pl.DataFrame, *, every: str = "1mo", date: str = "digest_date") -> pl.DataFrame:
    """How many papers each period holds, with the denominators that make the counts comparable.

    A paper counts once, in the period of its ``date`` (for ``digest_date``: the first digest
    it appeared in). Papers without a date are left out (:func:`corpus_summary` counts them).
    The counts are those of :func:`paperkit.frames.period_counts`, without the empty periods.

    Parameters
    ----------
    papers
        A papers frame (:data:`paperkit.normalize.PAPERS_SCHEMA`).
    every
        Period length as a polars duration: ``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``, ``"1y"``...
    date
        ``"digest_date"`` (when the digest listed it) or ``"published"`` (arXiv publication).

    Returns
    -------
    polars.DataFrame
        One row per period that has papers, in time order: ``period`` (Date, first day),
        ``period_end`` (Date, last day, as in every paperkit frame), ``n_papers``, ``n_days`` (distinct
        dates with papers in the period: a partial month has fewer), ``papers_per_day``,
        ``n_dated`` (all dated papers: the denominator of ``share``) and ``share``.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c", "d"], "title": ["A", "B", "C", "D"],
    ...     "digest_date": [dt.date(2025, 1, 30), dt.date(2025, 1, 31), dt.date(2025, 2, 3), None]})
    >>> papers_per_period(papers).select("period", "n_papers", "n_days", "share").rows()
    [(datetime.date(2025, 1, 1), 2, 2, 0.666...), (datetime.date(2025, 2, 1), 1, 1, 0.333...)]
    """
    validate_papers(papers, required=("paper_id",), needed_by="papers_per_period")
    check_date(papers, date)
    check_every(every)
    dated = papers.select("paper_id", date_expr(papers, date)).drop_nulls("date").unique("paper_id", keep="first")
    schema = {
        "period": pl.Date(), "period_end": pl.Date(), "n_papers": pl.UInt32(), "n_days": pl.UInt32(),
        "papers_per_day": pl.Float64(), "n_dated": pl.UInt32(), "share": pl.Float64(),
    }
    if dated.height == 0:
        return pl.DataFrame(schema=schema)
    days = dated.group_by(pl.col("date").dt.truncate(every).alias("period")).agg(pl.col("date").n_unique().alias("n_days"))
    out = (
        period_counts(papers, every=every, date=date)
        .filter(pl.col("papers") > 0)
        .join(days, on="period", how="left")
        .with_columns(
            pl.col("papers").alias("n_papers"),
            (pl.col("papers") / pl.col("n_days")).alias("papers_per_day"),
            pl.lit(dated.height).alias("n_dated"),
            (pl.col("papers") / dated.height).alias("share"),
        )
    )
    return out.select([pl.col(c).cast(t) for c, t in schema.items()])


def category_counts(papers: pl.DataFrame, *, top: int | None = 15, primary_only: bool = False) -> pl.DataFrame:
    """The most frequent arXiv categories, as counts and shares of papers that have categories.

    Parameters
    ----------
    papers
        A papers frame with ``categories``.
    top
        Keep the ``top`` most frequent (ties broken alphabetically); ``None`` keeps all.
    primary_only
        Count only each paper's primary (first) category, so shares sum to 1.

    Returns
    -------
    polars.DataFrame
        ``rank``, ``category``, ``n_papers``, ``n_with_categories`` (papers with at least one
        category: the denominator) and ``share``. Empty when no paper has categories (e.g. a
        Hugging Face digest).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"],
    ...     "categories": [["cs.CL", "cs.AI"], ["cs.CV"], ["cs.CL"]]})
    >>> category_counts(papers).select("category", "n_papers", "share").rows()
    [('cs.CL', 2, 0.666...), ('cs.AI', 1, 0.333...), ('cs.CV', 1, 0.333...)]
    """
    validate_papers(papers, required=("paper_id", "categories"), needed_by="category_counts")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise ValueError(f"top must be a positive integer or None, got {top!r}")
    cats = papers.select("paper_id", "categories").filter(pl.col("categories").list.len() > 0)
    n_with = cats.height
    if primary_only:
        cats = cats.with_columns(pl.col("categories").list.slice(0, 1))
    counts = (
        cats.select(pl.col("categories").list.unique(maintain_order=True).list.explode(keep_nulls=False, empty_as_null=False).alias("category"))
        .drop_nulls()
        .group_by("category")
        .agg(pl.len().cast(pl.UInt32).alias("n_papers"))
        .sort(["n_papers", "category"], descending=[True, False])
    )
    if top is not None:
        counts = counts.head(top)
    return counts.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias("rank"),
        "category",
        "n_papers",
        pl.lit(n_with, dtype=pl.UInt32).alias("n_with_categories"),
        (pl.col("n_papers") / max(n_with, 1)).cast(pl.Float64).alias("share"),
    )


def source_counts(papers: pl.DataFrame) -> pl.DataFrame:
    """How many papers came from each source format (``hf-api``, ``arxiv``, ...).

    Returns
    -------
    polars.DataFrame
        ``source``, ``n_papers``, ``n_total`` (all papers: the denominator) and ``share``,
        largest first.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"],
    ...     "source": ["arxiv", "hf-api", "arxiv"]})
    >>> source_counts(papers).select("source", "n_papers", "n_total").rows()
    [('arxiv', 2, 3), ('hf-api', 1, 3)]
    """
    validate_papers(papers, required=("paper_id", "source"), needed_by="source_counts")
    return (
        papers.group_by(pl.col("source").fill_null("(unknown)"))
        .agg(pl.len().cast(pl.UInt32).alias("n_papers"))
        .sort(["n_papers", "source"], descending=[True, False])
        .with_columns(
            pl.lit(papers.height, dtype=pl.UInt32).alias("n_total"),
            (pl.col("n_papers") / max(papers.height, 1)).cast(pl.Float64).alias("share"),
        )
    )


def corpus_summary(
    papers: pl.DataFrame,
    *,
    duplicates: pl.DataFrame | None = None,
    problems: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The corpus at a glance: counts, date range, sources, merged and problem records.

    Parameters
    ----------
    papers
        A papers frame.
    duplicates
        Optional: the records folded into another one (:func:`paperkit.normalize.split_duplicates`).
    problems
        Optional: the loader's problem report (one row per skipped or suspicious record).

    Returns
    -------
    polars.DataFrame
        ``metric`` and ``value`` (both strings, for display), in a fixed order.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"], "abstract": ["x", None],
    ...     "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 3, 4)]})
    >>> dict(corpus_summary(papers).rows())["papers without an abstract"]
    '1'
    """
    validate_papers(papers, required=("paper_id", "title"), needed_by="corpus_summary")
    rows: list[tuple[str, str]] = [("papers", f"{papers.height:,}")]
    cols = set(papers.columns)
    if "abstract" in cols:
        missing = papers["abstract"].null_count()
        rows += [("papers with an abstract", f"{papers.height - missing:,}"), ("papers without an abstract", f"{missing:,}")]
    if "digest_date" in cols:
        dates = papers["digest_date"]
        first, last = dates.min(), dates.max()
        rows.append(("first digest date", str(first) if first is not None else "(none)"))
        rows.append(("last digest date", str(last) if last is not None else "(none)"))
        days = papers["digest_dates"].list.explode(keep_nulls=False, empty_as_null=False).n_unique() if "digest_dates" in cols else dates.drop_nulls().n_unique()
        rows.append(("digest days", f"{days:,}"))
        rows.append(("papers without a digest date", f"{dates.null_count():,}"))
    if "source" in cols:
        rows.append(("sources", ", ".join(sorted(papers["source"].drop_nulls().unique().to_list())) or "(none)"))
    if "categories" in cols:
        n_cat = papers.filter(pl.col("categories").list.len() > 0).height
        rows.append(("papers with arXiv categories", f"{n_cat:,}"))
    if "n_records" in cols:
        rows.append(("input records", f"{int(papers['n_records'].sum()):,}"))
        rows.append(("papers merged from 2+ records", f"{papers.filter(pl.col('n_records') > 1).height:,}"))
    if duplicates is not None:
        rows.append(("duplicate records folded", f"{duplicates.height:,}"))
    if problems is not None:
        rows.append(("problem records reported", f"{problems.height:,}"))
    return pl.DataFrame(rows, schema={"metric": pl.String(), "value": pl.String()}, orient="row")


# --- charts ------------------------------------------------------------------------------------
def chart_papers_per_period(per_period: pl.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Bars of papers per period, each labelled with its count (when there are few bars).

    Parameters
    ----------
    per_period
        Output of :func:`papers_per_period`.
    title
        Chart title; by default names the period and the denominator ("N = ... dated papers").

    Returns
    -------
    altair.LayerChart
        A bar layer (``x``/``x2`` = period start/end, temporal; ``y`` = ``n_papers``,
        quantitative; tooltip with days, papers per day and share) and a text layer with the
        counts (empty above 40 bars).

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"],
    ...     "digest_date": [dt.date(2025, 1, 30), dt.date(2025, 2, 3)]})
    >>> spec = chart_papers_per_period(papers_per_period(papers)).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'text']
    """
    validate(per_period, "per_period", needed_by="chart_papers_per_period")
    n_dated = int(per_period["n_dated"][0]) if per_period.height else 0
    if title is None:
        title = f"Papers per period (N = {n_dated:,} dated papers)"
    # a bar spans its period: from the first day to the first day of the next (Vega-Lite's x2 is exclusive)
    per_period = per_period.with_columns(pl.col("period_end").dt.offset_by("1d"))
    base = alt.Chart(per_period)
    bars = base.mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("period:T", title="period", scale=alt.Scale(nice=False), axis=period_axis(per_period["period"])),
        x2="period_end:T",
        y=alt.Y("n_papers:Q", title="papers", axis=alt.Axis(tickMinStep=1, format=",d")),
        y2=alt.datum(0),
        tooltip=[
            alt.Tooltip("period:T", title="period from"),
            alt.Tooltip("period_end:T", title="to (exclusive)"),
            alt.Tooltip("n_papers:Q", title="papers", format=","),
            alt.Tooltip("n_days:Q", title="days with papers"),
            alt.Tooltip("papers_per_day:Q", title="papers per day", format=".1f"),
            alt.Tooltip("share:Q", title="share of dated papers", format=".1%"),
        ],
    )
    label_data = per_period if per_period.height <= _MAX_LABELLED_BARS else per_period.head(0)
    labels = (
        alt.Chart(label_data.with_columns(
            (pl.col("period").cast(pl.Datetime("ms")) + (pl.col("period_end").cast(pl.Datetime("ms")) - pl.col("period").cast(pl.Datetime("ms"))) / 2).alias("mid")
        ))
        .mark_text(dy=-6, fontSize=10, baseline="bottom")
        .encode(x="mid:T", y="n_papers:Q", text=alt.Text("n_papers:Q", format=","))
    )
    subtitle = "bar label: papers in the period; hover for digest days and papers per day"
    return alt.layer(bars, labels).properties(width=640, height=260, title=alt.Title(title, subtitle=subtitle))


def _chart_ranked_bars(counts: pl.DataFrame, *, label: str, denominator: str, title: str) -> alt.LayerChart:
    base = alt.Chart(
        counts.with_columns(
            pl.format("{} ({}%)", pl.col("n_papers"), (pl.col("share") * 100).round(1)).alias("label")
        ),
    )
    y = alt.Y(f"{label}:N", sort=alt.EncodingSortField("n_papers", order="descending"), title=None)
    bars = base.mark_bar().encode(
        x=alt.X("n_papers:Q", title="papers", axis=alt.Axis(tickMinStep=1, format=",d")),
        y=y,
        tooltip=[
            alt.Tooltip(f"{label}:N"),
            alt.Tooltip("n_papers:Q", title="papers", format=","),
            alt.Tooltip(f"{denominator}:Q", title="of", format=","),
            alt.Tooltip("share:Q", format=".1%"),
        ],
    )
    text = base.mark_text(align="left", dx=3, fontSize=10).encode(x="n_papers:Q", y=y, text="label:N")
    height = max(60, 18 * counts.height)
    return alt.layer(bars, text).properties(width=480, height=height, title=title)


def chart_top_categories(counts: pl.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Horizontal bars of the top categories, labelled "count (share %)".

    Parameters
    ----------
    counts
        Output of :func:`category_counts`.
    title
        Chart title; by default names the denominator.

    Returns
    -------
    altair.LayerChart
        Bars (``x`` = ``n_papers`` quantitative, ``y`` = ``category`` nominal, sorted by
        count) and text labels.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"], "categories": [["cs.CL"], ["cs.CL", "cs.LG"]]})
    >>> spec = chart_top_categories(category_counts(papers)).to_dict()
    >>> spec["layer"][0]["encoding"]["y"]["field"], spec["layer"][0]["encoding"]["x"]["type"]
    ('category', 'quantitative')
    """
    validate(counts, "categories", needed_by="chart_top_categories")
    n_with = int(counts["n_with_categories"][0]) if counts.height else 0
    if title is None:
        title = f"Top {counts.height} arXiv categories (share of {n_with:,} papers with categories)"
    return _chart_ranked_bars(counts, label="category", denominator="n_with_categories", title=title)


def chart_sources(counts: pl.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Horizontal bars of papers per source format, labelled "count (share %)".

    Parameters
    ----------
    counts
        Output of :func:`source_counts`.
    title
        Chart title; by default names the denominator.

    Returns
    -------
    altair.LayerChart
        Bars (``x`` = ``n_papers`` quantitative, ``y`` = ``source`` nominal) and text labels.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"], "source": ["arxiv", "hf-api"]})
    >>> chart_sources(source_counts(papers)).to_dict()["layer"][0]["mark"]["type"]
    'bar'
    """
    validate(counts, "sources", needed_by="chart_sources")
    n_total = int(counts["n_total"][0]) if counts.height else 0
    if title is None:
        title = f"Papers per source (N = {n_total:,})"
    return _chart_ranked_bars(counts, label="source", denominator="n_total", title=title)
