"""What the analysis sections share: the digest they read (:class:`paperkit.Digest`), the deprecated :class:`ReportContext`, the references they cite, and helpers to start a section and show example papers.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

from paperkit.normalize import validate_papers
from paperkit.pipeline import BURST_TERMS, Digest, PERIOD_NAMES
from paperkit.report.blocks import Section, Text

REF_MONROE = ("Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection "
               "and evaluation for identifying the content of political conflict. Political Analysis 16(4), 372-403.")

REF_BH = ("Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful "
           "approach to multiple testing. J. R. Stat. Soc. B 57(1), 289-300.")

REF_KLEINBERG = "Kleinberg, J. (2002). Bursty and hierarchical structure in streams. KDD 2002, 91-101."

REF_SH = ("Schwartz, A. S. & Hearst, M. A. (2003). A simple algorithm for identifying abbreviation definitions "
           "in biomedical text. Pacific Symposium on Biocomputing 8, 451-462.")

REF_AB3P = ("Sohn, S., Comeau, D. C., Kim, W. & Wilbur, W. J. (2008). Abbreviation definition identification "
             "based on automatic precision estimates. BMC Bioinformatics 9, 402.")

REF_VANECK = ("van Eck, N. J. & Waltman, L. (2009). How to normalize cooccurrence data? An analysis of some "
               "well-known similarity measures. JASIST 60(8), 1635-1651.")

REF_LOUVAIN = ("Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of "
                "communities in large networks. J. Stat. Mech. P10008.")

REF_CALLON = ("Callon, M., Courtial, J. P. & Laville, F. (1991). Co-word analysis as a tool for describing the "
               "network of interactions between basic and technological research. Scientometrics 22, 155-205.")

REF_COBO = ("Cobo, M. J., López-Herrera, A. G., Herrera-Viedma, E. & Herrera, F. (2011). An approach for "
             "detecting, quantifying, and visualizing the evolution of a research field. J. Informetrics 5, 146-166.")


# --- the shared stages ------------------------------------------------------------------------
class Shared:
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


class ReportContext(Shared):
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


def examples(papers: pl.DataFrame, ids: pl.Series | list, date: str | None, *, n: int = 8) -> pl.DataFrame:
    """``paper_id, title, <date>`` of the papers ``ids``, newest first (traceable results)."""
    ids = pl.Series("paper_id", list(ids), dtype=pl.String)
    cols = ["paper_id", "title"] + ([date] if date else [])
    out = papers.filter(pl.col("paper_id").is_in(ids.implode())).select(cols)
    if date:
        out = out.sort([date, "paper_id"], descending=[True, False], nulls_last=True)
    return out.head(n)


def start_section(papers: pl.DataFrame, heading: str, intro: str, references=()) -> Section | None:
    """Validate; a section with a note when the corpus is empty (else None)."""
    validate_papers(papers, required=("paper_id", "title"))
    if papers.height == 0:
        return Section(heading, intro, [Text("The corpus is empty: there is nothing to analyse.")], references)
    return None


def section_digest(papers: pl.DataFrame, digest: Any, context: Any) -> Digest:
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
