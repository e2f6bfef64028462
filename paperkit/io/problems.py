"""The accounting of a load: every skipped or doubtful record, and the counts that reconcile them.

:class:`LoadResult` is what :func:`paperkit.io.load_papers` returns; ``Problems`` collects the
problem rows each reader adds (``skip`` or ``warn``, with file and location).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

#: Input quoted in a problem's reason is cut to this many characters.
REASON_QUOTE_LIMIT = 200

_PROBLEM_SCHEMA = {"file": pl.String(), "location": pl.String(), "severity": pl.String(), "reason": pl.String()}


class PaperkitLoadWarning(UserWarning):
    """Some input could not be loaded, or was loaded with a caveat (see ``LoadResult.problems``)."""


class ProblemsError(ValueError):
    """Raised by ``strict=True`` loads when any input record or file had a problem."""


@dataclass
class LoadResult:
    """What a load produced, and what it could not use.

    Attributes
    ----------
    papers
        The normalized papers frame (:data:`paperkit.normalize.PAPERS_SCHEMA`).
    problems
        ``[file, location, severity, reason]``: ``severity`` is ``"skipped"`` for input (a record
        or a whole file) that is not in ``papers``, ``"warning"`` for a record loaded with a caveat
        (no abstract, a date without a year, an invalid or implausible date left empty, a guessed
        encoding).
    duplicates
        Records folded into another record of the same paper (see
        :func:`paperkit.normalize.split_duplicates`): ``[paper_id, title, source_file, locator,
        digest_date, kept_source_file, kept_locator, reason]``.
    records_in
        Input units seen: records parsed plus skipped records and unreadable files.
    files
        The files read, in order.
    file_sources
        The source (``arxiv``, ``hf-archive``, ``hf-page``, ...) of the records of each file read,
        by file: :meth:`summary` counts papers per source with it, so a paper found in two sources
        counts in both whatever the order of the files (the ``source`` column of ``papers`` is
        that of the paper's first record).
    """

    papers: pl.DataFrame
    problems: pl.DataFrame
    duplicates: pl.DataFrame
    records_in: int
    files: list[str] = field(default_factory=list)
    file_sources: dict[str, str] = field(default_factory=dict)

    @property
    def n_skipped(self) -> int:
        """Input units (records or whole files) that are not in ``papers``."""
        return self.problems.filter(pl.col("severity") == "skipped").height

    def reconciles(self) -> bool:
        """``records_in == rows + merged + skipped``: nothing was lost without a trace."""
        return self.records_in == self.papers.height + self.duplicates.height + self.n_skipped

    def summary(self) -> str:
        """A short human-readable account of the load."""
        p = self.papers
        dates = p["digest_date"].drop_nulls()
        span = f"{dates.min()} .. {dates.max()}" if len(dates) else "no dates"
        warn = self.problems.height - self.n_skipped
        lines = [
            f"files read        {len(self.files):>8,}",
            f"records in        {self.records_in:>8,}",
            f"papers out        {p.height:>8,}",
            f"duplicates merged {self.duplicates.height:>8,}",
            f"skipped           {self.n_skipped:>8,}",
            f"warnings          {warn:>8,}",
            f"digest dates      {span} ({p['digest_date'].n_unique() if p.height else 0} days)",
        ]
        if p.height:
            lines.append("by source         " + ", ".join(f"{s}: {n:,}" for s, n in self.papers_by_source().rows()))
            lines.append(f"without abstract  {p['abstract'].null_count():>8,}")
        return "\n".join(lines)

    def papers_by_source(self) -> pl.DataFrame:
        """``source, papers``: papers read from each source, a paper found in several sources
        counted in each (independent of the order of the files); by ``source``."""
        p = self.papers
        if not self.file_sources or "source_files" not in p.columns:
            return p.group_by("source").len("papers").sort("source")
        files = pl.DataFrame({"file": list(self.file_sources), "src": list(self.file_sources.values())},
                             schema={"file": pl.String(), "src": pl.String()})
        found = (p.select("paper_id", pl.col("source_files").alias("file"), "source").explode("file")
                 .join(files, on="file", how="left")
                 .select("paper_id", pl.coalesce("src", "source").alias("source")).unique())
        return found.group_by("source").len("papers").sort("source")

    def __repr__(self) -> str:  # pragma: no cover - display only
        return f"LoadResult(\n{self.summary()}\n)"


# --------------------------------------------------------------------------------------------
# Decoding
class Problems:
    """The problems met while loading: one ``file, location, action, reason`` row each."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def skip(self, file: str, location: str, reason: str) -> None:
        self.rows.append((file, location, "skipped", reason))

    def skip_many(self, file: str, locations: list[str], reason: str) -> None:
        self.rows.extend((file, loc, "skipped", reason) for loc in locations)

    def warn(self, file: str, location: str, reason: str) -> None:
        self.rows.append((file, location, "warning", reason))

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows, schema=_PROBLEM_SCHEMA, orient="row")


def quote_input(text: str, limit: int = REASON_QUOTE_LIMIT) -> str:
    """``repr`` of input quoted in a problem reason, cut to ``limit`` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
