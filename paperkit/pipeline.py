"""The analysis pipeline of one papers frame: :class:`Digest`, each stage computed once.

Every number of the report comes from one of the stages below. A stage is an attribute of a
:class:`Digest`; the first time it is read it is computed by one public function, from the
papers and the stages above it, and kept. Each function also works alone, taking its inputs
(``pk.rising_terms(terms, papers, ...)``): the digest only wires them together.

::

    stage        computed by                                   from
    -----------  --------------------------------------------  ---------------------------------
    papers       (given: paperkit.load_papers(...).papers)
    date         "digest_date", else "published", else None     papers
    periods      trends.period_counts                          papers, date            [every]
    definitions  acronyms.find_acronyms                        papers
    glossary     acronyms.acronym_glossary                     papers, definitions
    synonyms     acronyms.acronym_synonyms                     glossary  (None if it failed)
    terms        keywords.paper_terms                          papers, synonyms
    fragments    trends.fragment_terms                         terms, synonyms
    term_table   (one row per term, below)                     papers, terms, fragments
    topical      the first top of burst_terms (top <= 300)     burst_terms             [top]
    shares       trends.term_shares                            terms, papers, topical  [every]
    windows      trends.trend_windows                          papers, date
    rising       trends.rising_terms                           terms, papers, windows, synonyms
    burst_terms  trends.topical_terms (300 terms)              terms, synonyms
    bursts       trends.term_shares, then trends.bursts        terms, papers, burst_terms [every]
    topics       cotopics.topics_from_dictionary               papers                  [dictionary]
    pairs        cotopics.cooccurrence (association)           topics
    clusters     cotopics.cotopic_clusters (seed 0)            pairs

    papers ─┬─▶ definitions ─▶ glossary ─▶ synonyms ─┐
            ├──────────────────────────────────────┴─▶ terms ─┬─▶ fragments ─▶ term_table
            ├─▶ windows ───────────────────────────────────────┼─▶ rising
            ├─▶ periods                                        └─▶ burst_terms ─┬─▶ bursts
            │                                                                   └─▶ topical ─▶ shares
            └─▶ topics ─▶ pairs ─▶ clusters

Failures. A stage that raises is remembered: every later read re-raises the same error
without computing it again (so one broken step shows as an error box in each report section
that needs it, not as a crash). One failure is tolerated on purpose: when the glossary cannot
be built from this corpus (a ``ValueError`` or a polars error), ``synonyms`` is ``None``, the
terms are extracted without acronym folding, and the error is kept in :attr:`Digest.errors`
so the report can say so. Any other exception (a bug) propagates.

Cache. With ``cache=`` (a folder, ``True`` for the user cache folder, or a
:class:`paperkit.cache.StageCache`) the frame and list stages are also written to disk as
Parquet, keyed by the content of the papers frame, the options each stage depends on, and
paperkit's code, and read back by the next digest of the same corpus (see
:mod:`paperkit.cache`). The cache never changes a result: a stage read from it equals the
stage computed.

Examples
--------
>>> import datetime as dt
>>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
...     "title": ["LoRA adapters", "Low-rank adaptation (LoRA) for RAG", "RAG agents"],
...     "abstract": ["", "", ""], "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 2, 3), dt.date(2025, 3, 4)]})
>>> digest = Digest(papers, every="1mo", top=5)
>>> digest.glossary.select("short_form", "long_form").row(0)
('LoRA', 'low-rank adaptation')
>>> digest.terms is digest.terms  # computed once
True
>>> digest.periods["papers"].to_list()
[1, 1, 1]
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from paperkit import acronyms, cotopics, keywords, trends  # modules, not names: a stage calls the current function
from paperkit.cache import StageCache, frame_key, stage_key
from paperkit.frames import PERIOD_NAMES, date_column, date_expr
from paperkit.memory import release_free_memory
from paperkit.normalize import validate_papers
from paperkit.text import ENUMERATOR
from paperkit.trends.terms import count_slices, merge_counts

__all__ = ["Digest", "PERIOD_NAMES"]

#: Topical terms followed by the burst detector.
BURST_TERMS = 300

# What each stage is called in progress messages.
_LABELS = {
    "periods": "periods", "definitions": "acronym definitions", "glossary": "acronym glossary",
    "synonyms": "acronym synonyms", "terms": "paper terms", "fragments": "fragment terms",
    "term_table": "term table", "topical": "the topical terms", "shares": "term shares",
    "windows": "trend windows", "rising": "rising terms", "burst_terms": f"the {BURST_TERMS} topical terms",
    "bursts": "bursts", "topics": "topics", "pairs": "co-topic pairs", "clusters": "co-topic clusters",
}
# The options each stage depends on (beyond its inputs), for the keys of the disk cache.
_OPTIONS = {"periods": ("every",), "topical": ("top",), "shares": ("every", "top"), "bursts": ("every",),
            "topics": ("dictionary",), "pairs": ("dictionary",), "clusters": ("dictionary",)}
# Stages after the synonyms: their cache key includes how the synonyms were obtained.
_AFTER_SYNONYMS = {"terms", "fragments", "term_table", "topical", "shares", "rising", "burst_terms", "bursts"}
# Stages kept on disk when there is a cache (the others are cheap, or not frames).
_ON_DISK = {"definitions", "glossary", "terms", "fragments", "term_table", "topical", "shares", "rising",
            "burst_terms", "bursts", "topics", "pairs", "clusters"}
# Errors of the glossary that leave the terms without acronym folding (anything else is a bug).
_GLOSSARY_ERRORS = (ValueError, pl.exceptions.PolarsError)


def _stage(fn: Callable[[Digest], Any]) -> property:
    """A stage: ``fn(digest)`` computed on first read, kept (value or error) for later reads."""
    name = fn.__name__

    def get(self: Digest) -> Any:
        return self._run(name, lambda: fn(self))

    get.__doc__ = fn.__doc__
    get.__name__ = name
    return property(get)


class Digest:
    """The analyses of one papers frame, each stage computed once, from the ones before.

    The stages and the functions behind them are drawn in the module docstring
    (:mod:`paperkit.pipeline`). Read a stage as an attribute (``digest.terms``); it is computed
    the first time and kept.

    Parameters
    ----------
    papers
        A papers frame (:data:`paperkit.normalize.PAPERS_SCHEMA`).
    every
        Period of the trend stages (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``, ``"1y"`` or any
        polars duration).
    top
        Topical terms followed by ``topical`` and ``shares`` (the keyword trends).
    dictionary
        Topic dictionary ``{topic: [terms]}`` of the co-topic stages (``None``: the curated ML
        dictionary, :func:`paperkit.cotopics.default_topics`).
    cache
        Where to keep the expensive stages on disk: ``None`` or ``False`` (nowhere, the
        default), ``True`` (the user cache folder, :func:`paperkit.cache.default_cache_dir`),
        a folder, or a :class:`paperkit.cache.StageCache`.
    progress
        Called with a short message before each stage is computed (``"  computing paper
        terms"``), after it (``"  paper terms: done in 12.3 s"``, its own time, without the
        stages it read first) and when it is read from the cache; the command line prints them.

    Attributes
    ----------
    errors
        ``{stage: exception}`` of the stages that failed so far, including a glossary failure
        that the terms worked around.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LoRA adapters", "LoRA for RAG"],
    ...     "abstract": [None, None], "digest_date": [dt.date(2025, 1, 2), dt.date(2025, 2, 3)]})
    >>> digest = Digest(papers, top=5)
    >>> digest.date, digest.period
    ('digest_date', 'month')
    >>> digest.term_table.filter(pl.col("term") == "LoRA").select("term", "papers", "papers_title").row(0)
    ('LoRA', 2, 2)
    """

    def __init__(
        self,
        papers: pl.DataFrame,
        *,
        every: str = "1mo",
        top: int = 20,
        dictionary: Mapping[str, Sequence[str]] | None = None,
        cache: Any = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        validate_papers(papers, required=("paper_id", "title"), needed_by="Digest")
        if not isinstance(every, str):
            raise TypeError(f"every must be a polars duration string such as '1mo', got {every!r}")
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise ValueError(f"top must be a positive integer, got {top!r}")
        self.papers = papers
        self.every = every
        self.top = top
        self.dictionary = dictionary
        self.progress = progress
        self.cache = _as_cache(cache)
        self.errors: dict[str, BaseException] = {}
        self._results: dict[str, tuple[bool, Any]] = {}
        self._given_synonyms: pl.DataFrame | None = None
        self._keys: dict[str, str] = {}
        self._other: Digest | None = None
        self._nested: list[float] = []  # seconds spent in the stages read by the ones being computed

    def __repr__(self) -> str:
        done = [name for name, (ok, _) in self._results.items() if ok]
        return (f"Digest({self.papers.height:,} papers, every={self.every!r}, top={self.top}, "
                f"computed: {', '.join(done) or 'nothing yet'})")

    # --- the machinery ---------------------------------------------------------------------
    def _run(self, name: str, compute: Callable[[], Any]) -> Any:
        if name not in self._results:
            try:
                self._results[name] = (True, self._compute(name, compute))
            except Exception as err:  # noqa: BLE001  (kept, and re-raised below for every reader)
                self._results[name] = (False, err)
                self.errors[name] = err
        ok, value = self._results[name]
        if not ok:
            raise value
        return value

    def _compute(self, name: str, compute: Callable[[], Any]) -> Any:
        label = _LABELS.get(name, name)
        if self.cache is None or name not in _ON_DISK:
            return self._timed(label, compute)
        key = self._key(name)
        found = self.cache.read(name, key)
        if found is not None:
            self._say(f"  {label}: from the cache")
            return found["term"].to_list() if name in ("fragments", "topical", "burst_terms") else found
        value = self._timed(label, compute)
        frame = pl.DataFrame({"term": value}, schema={"term": pl.String()}) if isinstance(value, list) else value
        self.cache.write(name, key, frame)
        return value

    def _timed(self, label: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, announced before and after with its own time: the stages it reads
        first (computed inside it) announce theirs and are not counted twice."""
        self._say(f"  computing {label}")
        self._nested.append(0.0)
        started = time.perf_counter()
        try:
            value = compute()
        finally:
            total = time.perf_counter() - started
            inner = self._nested.pop()
            if self._nested:
                self._nested[-1] += total
            release_free_memory()  # the stage's freed working memory, before the next stage needs its own
        tail = f" ({total:.1f} s with the stages it read first)" if inner >= 0.05 else ""
        self._say(f"  {label}: done in {total - inner:.1f} s{tail}")
        return value

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def _key(self, name: str) -> str:
        """The disk-cache key of a stage: papers content, the stage's options, how the synonyms
        were obtained (for the stages after them), paperkit's code."""
        if name not in self._keys:
            if "papers" not in self._keys:
                self._keys["papers"] = frame_key(self.papers)
            options = {opt: _jsonable(getattr(self, opt)) for opt in _OPTIONS.get(name, ())}
            parts: dict[str, Any] = {"papers": self._keys["papers"], "options": options}
            if name in _AFTER_SYNONYMS:
                parts["synonyms"] = self._synonyms_key()
            self._keys[name] = stage_key(name, parts)
        return self._keys[name]

    def _synonyms_key(self) -> str:
        if self._given_synonyms is not None:
            return "given:" + frame_key(self._given_synonyms)
        if self.synonyms is None:
            return "none"
        return "glossary:" + self._key("glossary")

    def like(self, papers: pl.DataFrame) -> Digest:
        """This digest when ``papers`` is its frame, else a digest of ``papers`` with the same
        options (kept, so that the next call with the same frame shares its stages).

        Examples
        --------
        >>> papers = pl.DataFrame({"paper_id": ["a"], "title": ["LoRA adapters"]})
        >>> digest = Digest(papers)
        >>> digest.like(papers) is digest, digest.like(papers.head(0)).papers.height
        (True, 0)
        """
        if papers is self.papers:
            return self
        if self._other is None or self._other.papers is not papers:
            self._other = Digest(papers, every=self.every, top=self.top, dictionary=self.dictionary,
                                 cache=self.cache, progress=self.progress)
        return self._other

    def with_synonyms(self, synonyms: pl.DataFrame) -> Digest:
        """A digest of the same papers whose terms fold acronyms with ``synonyms`` (a table
        ``[term, canonical]``, e.g. the glossary's synonyms with wrong rows removed) instead of
        the glossary's. The acronym stages already computed are shared.

        Examples
        --------
        >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["LoRA adapters", "Low-rank adaptation"],
        ...     "abstract": [None, None]})
        >>> own = Digest(papers).with_synonyms(pl.DataFrame({"term": ["low-rank adaptation"], "canonical": ["LoRA"]}))
        >>> own.terms.filter(pl.col("term") == "LoRA")["paper_id"].to_list()
        ['a', 'b']
        """
        if not isinstance(synonyms, pl.DataFrame) or not {"term", "canonical"} <= set(synonyms.columns):
            raise ValueError("synonyms must be a frame with columns term and canonical "
                             f"(see paperkit.acronym_synonyms), got {type(synonyms).__name__}")
        other = Digest(self.papers, every=self.every, top=self.top, dictionary=self.dictionary,
                       cache=self.cache, progress=self.progress)
        other._results = {k: v for k, v in self._results.items() if k in ("definitions", "glossary", "periods",
                                                                         "windows", "topics", "pairs", "clusters")}
        other._keys = {k: v for k, v in self._keys.items() if k in other._results or k == "papers"}
        other._given_synonyms = synonyms
        other._results["synonyms"] = (True, synonyms)
        return other

    # --- plain attributes --------------------------------------------------------------------
    @property
    def period(self) -> str:
        """The period as a word (``"month"`` for ``"1mo"``)."""
        return PERIOD_NAMES.get(self.every, self.every)

    @property
    def date(self) -> str | None:
        """``"digest_date"`` when some papers have one, else ``"published"``, else ``None``
        (:func:`paperkit.frames.date_column`)."""
        return date_column(self.papers)

    # --- the stages, top-down ----------------------------------------------------------------
    @_stage
    def periods(self) -> pl.DataFrame:
        """Papers per period (:func:`paperkit.trends.period_counts`); empty without dates."""
        if self.date is None:
            return pl.DataFrame(schema={"period": pl.Date(), "period_end": pl.Date(), "papers": pl.UInt32(),
                                        "partial": pl.Boolean()})
        return trends.period_counts(self.papers, every=self.every, date=self.date)

    @_stage
    def definitions(self) -> pl.DataFrame:
        """Every acronym definition (:func:`paperkit.acronyms.find_acronyms`)."""
        return acronyms.find_acronyms(self.papers)

    @_stage
    def glossary(self) -> pl.DataFrame:
        """The acronym glossary (:func:`paperkit.acronyms.acronym_glossary`) of ``definitions``."""
        return acronyms.acronym_glossary(self.papers, definitions=self.definitions)

    @_stage
    def synonyms(self) -> pl.DataFrame | None:
        """``[term, canonical, display_canonical]``: acronyms and their long forms from the
        glossary (:func:`paperkit.acronyms.acronym_synonyms`), shown in the corpus's own
        spelling; ``None`` when the glossary could not be built (see :attr:`errors`)."""
        try:
            glossary = self.glossary
        except _GLOSSARY_ERRORS:  # kept in self.errors["glossary"]; the terms go on without acronyms
            return None
        return acronyms.acronym_synonyms(glossary).select("term", "canonical", display_canonical=pl.lit(False))

    @_stage
    def terms(self) -> pl.DataFrame:
        """Every term of every paper (:func:`paperkit.keywords.paper_terms`), acronyms folded
        with their long forms through ``synonyms`` (when there are any)."""
        synonyms = self.synonyms
        if synonyms is None:
            return keywords.paper_terms(self.papers, acronyms=False)
        return keywords.paper_terms(self.papers, synonyms=synonyms)

    @_stage
    def fragments(self) -> list[str]:
        """Terms mostly written inside a longer term (:func:`paperkit.trends.fragment_terms`,
        threshold 0.8: "large language" of "large language models")."""
        return trends.fragment_terms(self.terms, threshold=0.8, synonyms=self.synonyms)

    @_stage
    def term_table(self) -> pl.DataFrame:
        """One row per term: ``term``, ``papers``, ``papers_title`` (papers with it in the title),
        ``first_date``, ``last_date``; sorted by ``papers_title`` then ``papers``. Fragments and
        list enumerators ("ii") are left out."""
        # ROW_BATCH rows at a time, lazy and streaming, the partial tables merged: at a million
        # papers an eager join copied the 108 million rows, and one streaming pass held 1.8 GB.
        dates = self.papers.lazy().select("paper_id", date_expr(self.papers, self.date)).unique("paper_id")
        parts = [
            part.lazy().select("paper_id", "term", "in_title")
            .filter(~pl.col("term").is_in(self.fragments) & ~pl.col("term").str.contains(ENUMERATOR))
            .join(dates, on="paper_id", how="left")
            .group_by("term")
            .agg(  # the terms have one row per paper and term (paper_terms): rows count papers
                pl.len().cast(pl.UInt32).alias("papers"),
                pl.col("in_title").sum().cast(pl.UInt32).alias("papers_title"),
                pl.col("date").min().alias("first_date"),
                pl.col("date").max().alias("last_date"),
            )
            .collect(engine="streaming")
            for part in count_slices(self.terms)
        ]
        return (merge_counts(parts, ["term"], papers="sum", papers_title="sum", first_date="min", last_date="max")
                .sort(["papers_title", "papers", "term"], descending=[True, True, False]))

    def topical_terms(self, n: int) -> list[str]:
        """The ``n`` topical terms found in most titles, each concept once
        (:func:`paperkit.trends.topical_terms`: no general-English words, fragments or
        near-duplicates). ``topical`` is the first ``top``, ``burst_terms`` the first 300."""
        return trends.topical_terms(self.terms, top=n, synonyms=self.synonyms)["term"].to_list()

    @_stage
    def topical(self) -> list[str]:
        """The ``top`` topical terms found in most titles (:meth:`topical_terms`): the first
        ``top`` of ``burst_terms`` when ``top`` is at most 300 (a term's rank and whether it
        duplicates another depend only on the terms ranked before it, so these are the same
        terms; one pass over the terms frame instead of two: 42 s at a million papers)."""
        if self.top <= BURST_TERMS:
            return self.burst_terms[: self.top]
        return self.topical_terms(self.top)

    @property
    def shares_min_papers(self) -> int:
        """Papers a period needs for a share in ``shares``: 10 on 1,000 papers or more, else 1."""
        return 10 if self.papers.height >= 1000 else 1

    @_stage
    def shares(self) -> pl.DataFrame:
        """Share of each period's papers using each ``topical`` term
        (:func:`paperkit.trends.term_shares`; periods with fewer than ``shares_min_papers``
        papers left blank)."""
        return trends.term_shares(self.terms, self.papers, terms=self.topical, every=self.every,
                                  date=self.date or "digest_date", min_period_papers=self.shares_min_papers,
                                  synonyms=self._lookup_synonyms())

    def _lookup_synonyms(self) -> pl.DataFrame:
        """The synonyms ``term_shares`` looks the chosen terms up with: the digest's own (an
        empty table when the glossary failed), so that it does not build a second glossary of
        the papers (``term_shares(synonyms=None)`` would)."""
        if self.synonyms is None:
            return pl.DataFrame(schema={"term": pl.String(), "canonical": pl.String()})
        return self.synonyms

    @_stage
    def windows(self) -> pl.DataFrame:
        """The recent window and the one before (:func:`paperkit.trends.trend_windows`); a
        ``ValueError`` when the dates span too little (or there are none)."""
        if self.date is None:
            raise ValueError("no paper has a date")
        return trends.trend_windows(self.papers, date=self.date)

    @property
    def rising_min_papers(self) -> int:
        """Papers a term needs over both windows to be tested: 5 on 500 papers or more, else 2."""
        return 5 if self.papers.height >= 500 else 2

    @_stage
    def rising(self) -> pl.DataFrame:
        """Rising and falling terms between the two ``windows``
        (:func:`paperkit.trends.rising_terms`, false discovery rate 5%)."""
        before, recent = ((r["start"], r["end"]) for r in self.windows.iter_rows(named=True))
        return trends.rising_terms(self.terms, self.papers, recent=recent, before=before, date=self.date,
                            min_papers=self.rising_min_papers, synonyms=self.synonyms)

    @_stage
    def burst_terms(self) -> list[str]:
        """The 300 topical terms followed by the burst detector (:meth:`topical_terms`)."""
        return self.topical_terms(BURST_TERMS)

    @_stage
    def bursts(self) -> pl.DataFrame:
        """Bursts of the ``burst_terms`` (:func:`paperkit.trends.bursts`, ``s=2``, ``gamma=1``,
        on their shares per period), strongest first."""
        shares = trends.term_shares(self.terms, self.papers, terms=self.burst_terms, every=self.every,
                                    date=self.date or "digest_date", synonyms=self._lookup_synonyms())
        return trends.bursts(shares, s=2.0, gamma=1.0)

    @_stage
    def topics(self) -> pl.DataFrame:
        """Topics per paper (:func:`paperkit.cotopics.topics_from_dictionary`)."""
        return cotopics.topics_from_dictionary(self.papers, self.dictionary)

    @_stage
    def pairs(self) -> pl.DataFrame:
        """Association strength of each pair of topics (:func:`paperkit.cotopics.cooccurrence`)."""
        return cotopics.cooccurrence(self.topics, measure="association")

    @_stage
    def clusters(self) -> pl.DataFrame:
        """Louvain clusters of the topic pairs (:func:`paperkit.cotopics.cotopic_clusters`, seed 0)."""
        return cotopics.cotopic_clusters(self.pairs, seed=0)


def _as_cache(cache: Any):
    if cache is None or cache is False:
        return None
    if isinstance(cache, StageCache):
        return cache
    if cache is True:
        return StageCache()
    if isinstance(cache, (str, Path)):
        return StageCache(cache)
    raise TypeError(f"cache must be None, True, a folder or a StageCache, got {type(cache).__name__}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): [str(t) for t in v] for k, v in sorted(value.items())}
    return json.loads(json.dumps(value, default=str))
