"""The blocks of a report: :class:`Section` holds a heading, an intro and :class:`Figure`, :class:`Table` and :class:`Text` blocks.

:func:`run_sections` calls section builders (``papers -> Section``); one that raises becomes a
section with a visible error box and a :class:`ReportWarning`, and the report goes on.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

#: How charts are embedded: live Vega-Lite (``"interactive"``) or static images.
CHART_FORMATS = ("interactive", "svg", "png")

SectionBuilder = Callable[[pl.DataFrame], "Section | Sequence[Section]"]


class ReportWarning(UserWarning):
    """A report section could not be built or a block could not be drawn (the report goes on)."""


# --- blocks and sections -----------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """An altair chart with an optional caption (plain text)."""

    chart: Any
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """A small polars frame shown as an HTML table (at most ``max_rows`` rows; cells escaped)."""

    frame: pl.DataFrame
    caption: str = ""
    max_rows: int = 50


@dataclass(frozen=True)
class Text:
    """Plain text; blank lines separate paragraphs. Never interpreted as HTML."""

    text: str


@dataclass(frozen=True)
class Failure:
    """An error box: what failed and why."""

    message: str


@dataclass(frozen=True)
class Section:
    """One section of a report.

    Parameters
    ----------
    heading
        The section's title.
    intro
        A paragraph explaining, in plain words, what the section shows and how it was computed.
    blocks
        Charts (altair charts or :class:`Figure`), tables (polars frames or :class:`Table`) and
        text (``str`` or :class:`Text`), in order.
    references
        Citations of the methods used, shown under the section.
    """

    heading: str
    intro: str = ""
    blocks: Sequence[Any] = field(default_factory=tuple)
    references: Sequence[str] = field(default_factory=tuple)


def _failed_section(heading: str, message: str) -> Section:
    return Section(heading=heading, blocks=(Failure(message),))


def _builder_name(builder: Any) -> str:
    func = getattr(builder, "func", builder)  # functools.partial
    name = getattr(func, "__name__", None) or type(builder).__name__
    name = re.sub(r"_section$", "", name).replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Section"


# --- running builders --------------------------------------------------------------------------
def run_sections(
    papers: pl.DataFrame,
    builders: Iterable[SectionBuilder],
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Section]:
    """Call each section builder on ``papers``; a builder that raises yields an error section.

    Parameters
    ----------
    papers
        The papers frame every builder receives.
    builders
        Functions ``papers -> Section`` (or ``-> list[Section]``), in report order.
    progress
        Called with a short message before each builder runs (the CLI prints it).

    Returns
    -------
    list of Section
        The sections, in order; a failed builder contributes a section holding an error box,
        and a :class:`ReportWarning` names it and the error.

    Examples
    --------
    >>> import warnings
    >>> def broken_section(papers):
    ...     raise KeyError("keyword")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     out = run_sections(pl.DataFrame(), [lambda p: Section("Fine"), broken_section])
    >>> [s.heading for s in out], str(caught[0].message)
    (['Fine', 'Broken'], "report section 'Broken' failed: KeyError: 'keyword'")
    """
    sections: list[Section] = []
    for builder in builders:
        name = _builder_name(builder)
        if progress is not None:
            progress(f"building section: {name}")
        try:
            result = builder(papers)
            result = [result] if isinstance(result, Section) else list(result)
            bad = [type(s).__name__ for s in result if not isinstance(s, Section)]
            if bad:
                raise TypeError(f"a section builder must return Section objects, got {bad}")
        except Exception as err:  # noqa: BLE001  (fail soft: one section never kills the report)
            message = f"report section {name!r} failed: {type(err).__name__}: {err}"
            warnings.warn(message, ReportWarning, stacklevel=2)
            result = [_failed_section(name, message)]
        sections.extend(result)
    return sections
