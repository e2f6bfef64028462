"""Charts of an acronym glossary (:func:`paperkit.acronym_glossary`)."""

from __future__ import annotations

import altair as alt
import polars as pl

from paperkit.frames import validate

__all__ = ["chart_acronym_senses", "chart_top_acronyms"]

_NEEDED = ("short_form", "long_form", "n_papers_defining", "n_papers_using")


def _check(glossary: pl.DataFrame, needed_by: str, extra: tuple[str, ...] = ()) -> None:
    validate(glossary, "glossary", needed_by=needed_by, columns=(*_NEEDED, *extra))


def chart_top_acronyms(glossary: pl.DataFrame, *, top: int = 25) -> alt.Chart:
    """Horizontal bars: the most used acronyms, papers using vs. papers defining them.

    Parameters
    ----------
    glossary
        From :func:`paperkit.acronym_glossary`.
    top
        How many short forms (by papers using them).

    Returns
    -------
    altair.Chart
        Bars (``papers`` by ``short_form``), colored by ``measure`` ("using", "defining"),
        with the long form in the tooltip.

    Examples
    --------
    >>> g = pl.DataFrame({"short_form": ["LLM", "RAG"], "long_form": ["large language model", "retrieval-augmented generation"],
    ...                   "n_papers_defining": [10, 3], "n_papers_using": [20, 5]})
    >>> spec = chart_top_acronyms(g).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["y"]["field"], len(spec["datasets"][spec["data"]["name"]])
    ('bar', 'short_form', 4)
    """
    _check(glossary, "chart_top_acronyms")
    if top < 1:
        raise ValueError(f"top must be >= 1, got {top}")
    data = (
        glossary.sort("n_papers_using", "n_papers_defining", descending=True)
        .head(top)
        .select(
            "short_form",
            "long_form",
            pl.col("n_papers_using").alias("using"),
            pl.col("n_papers_defining").alias("defining"),
        )
        .unpivot(index=["short_form", "long_form"], variable_name="measure", value_name="papers")
    )
    order = data.filter(pl.col("measure") == "using").sort("papers", descending=True)["short_form"].to_list()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("short_form:N", sort=order, title=None),
            x=alt.X("papers:Q", title="papers", stack=None, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=["using", "defining"])),
            yOffset=alt.YOffset("measure:N", sort=["using", "defining"]),
            tooltip=["short_form:N", "long_form:N", "measure:N", "papers:Q"],
        )
        .properties(title=f"Top {min(top, glossary.height)} acronyms: papers using and defining them", width=400)
    )


def chart_acronym_senses(glossary: pl.DataFrame, *, top: int = 25) -> alt.Chart:
    """Ambiguous acronyms: bars of how many distinct long forms (senses) each short form has.

    Parameters
    ----------
    glossary
        From :func:`paperkit.acronym_glossary` (needs ``ambiguous``, ``n_senses``,
        ``long_forms``).
    top
        How many ambiguous short forms (by papers defining them).

    Returns
    -------
    altair.Chart
        Bars of ``n_senses`` by ``short_form``, colored by ``n_papers_defining``, with the
        senses in the tooltip.

    Examples
    --------
    >>> g = pl.DataFrame({"short_form": ["SAM", "LLM"], "long_form": ["Segment Anything Model", "large language model"],
    ...     "n_papers_defining": [8, 9], "n_papers_using": [9, 20], "ambiguous": [True, False], "n_senses": [2, 1],
    ...     "long_forms": [["Segment Anything Model", "Sharpness-Aware Minimization"], ["large language model"]]})
    >>> spec = chart_acronym_senses(g).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["x"]["field"], spec["encoding"]["x"]["type"]
    ('bar', 'n_senses', 'quantitative')
    """
    _check(glossary, "chart_acronym_senses", ("ambiguous", "n_senses", "long_forms"))
    data = (
        glossary.filter(pl.col("ambiguous"))
        .sort("n_papers_defining", "short_form", descending=[True, False])
        .head(top)
        .select(
            "short_form",
            "n_senses",
            "n_papers_defining",
            pl.col("long_forms").list.head(5).list.join(" | ").alias("senses"),
        )
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("short_form:N", sort="-x", title=None),
            x=alt.X("n_senses:Q", title="distinct long forms", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("n_papers_defining:Q", title="papers defining"),
            tooltip=["short_form:N", "n_senses:Q", "n_papers_defining:Q", "senses:N"],
        )
        .properties(title="Ambiguous acronyms: one short form, several meanings", width=400)
    )
