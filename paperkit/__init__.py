"""paperkit: analyse digests of research papers (titles and abstracts) in polars, with altair charts.

>>> import paperkit as pk
>>> papers = pk.load_sample()
>>> papers.height
6141

Nothing heavy happens at import: the chart and report names (``save_chart``, ``use_theme``,
``build_report``, ...) load altair only when first used.

The analyses of one corpus, each computed once from the ones before, are the stages of a
:class:`Digest` (``pk.Digest(papers).rising``); :mod:`paperkit.pipeline` draws the graph.
"""

import importlib

from paperkit.acronyms import (
    acronym_glossary,
    acronym_mentions,
    acronym_synonyms,
    acronym_uses,
    canonicalize_terms,
    extract_definitions,
    find_acronyms,
    is_acronym,
    known_acronyms,
    title_names,
)
from paperkit.cotopics import (
    MEASURES,
    QUADRANTS,
    combine_topics,
    cooccurrence,
    cooccurrence_over_time,
    cotopic_changes,
    cotopic_clusters,
    cotopic_papers,
    default_topics,
    network_layout,
    pair_min_count,
    quadrant_agreement,
    thematic_map,
    topic_counts,
    topics_from_clusters,
    topics_from_dictionary,
    topics_from_keyphrases,
    topics_from_keywords,
)
from paperkit.report.findings import (
    burst_findings,
    caveat_findings,
    cotopic_findings,
    findings_text,
    new_acronym_findings,
    rising_findings,
    top_findings,
)
from paperkit.fetch import FetchOptions, FetchSummary, fetch_arxiv, fetch_hf_daily
from paperkit.io import (
    DATE_RANGE,
    FORMATS,
    LoadResult,
    PaperkitLoadWarning,
    ProblemsError,
    data_dir,
    load_papers,
    load_sample,
    read_papers,
    sample_paths,
    write_papers,
    write_tables,
)
from paperkit.cache import StageCache
from paperkit.keywords import keyphrases, keyword_terms, paper_terms
from paperkit.normalize import (
    PAPERS_SCHEMA,
    clean_text,
    normalize_records,
    split_duplicates,
    title_name,
    validate_papers,
)
from paperkit.pipeline import Digest
from paperkit.trends import (
    TermNotFoundWarning,
    bursts,
    fragment_terms,
    keyword_in_context,
    keyword_trends,
    log_odds_ratio,
    lookup_terms,
    near_duplicates,
    period_counts,
    rising_terms,
    term_shares,
    topical_terms,
    trend_topics,
    trend_windows,
)

from paperkit.version import __version__  # noqa: E402

#: Names whose modules import altair: loaded on first use (PEP 562), so ``import paperkit`` and
#: the command line's ``--help`` stay fast.
_LAZY = {
    "save_chart": "paperkit.charts.export", "use_offline_renderer": "paperkit.charts.export",
    "use_theme": "paperkit.charts.theme",
    "Figure": "paperkit.report", "Section": "paperkit.report", "Table": "paperkit.report", "Text": "paperkit.report",
    "build_report": "paperkit.report", "render_report": "paperkit.report",
    "ReportContext": "paperkit.report.sections", "analysis_sections": "paperkit.report.sections",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'paperkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

#: Alias of :func:`split_duplicates`: which records were merged and why.
duplicates = split_duplicates

__all__ = [
    "FetchOptions",
    "FetchSummary",
    "Figure",
    "DATE_RANGE",
    "Digest",
    "FORMATS",
    "LoadResult",
    "MEASURES",
    "PaperkitLoadWarning",
    "PAPERS_SCHEMA",
    "ProblemsError",
    "QUADRANTS",
    "ReportContext",
    "Section",
    "StageCache",
    "Table",
    "TermNotFoundWarning",
    "Text",
    "acronym_glossary",
    "acronym_mentions",
    "acronym_synonyms",
    "acronym_uses",
    "analysis_sections",
    "build_report",
    "burst_findings",
    "bursts",
    "canonicalize_terms",
    "caveat_findings",
    "clean_text",
    "combine_topics",
    "cooccurrence",
    "cooccurrence_over_time",
    "cotopic_changes",
    "cotopic_clusters",
    "cotopic_findings",
    "cotopic_papers",
    "data_dir",
    "default_topics",
    "duplicates",
    "extract_definitions",
    "fetch_arxiv",
    "fetch_hf_daily",
    "find_acronyms",
    "findings_text",
    "fragment_terms",
    "is_acronym",
    "known_acronyms",
    "keyphrases",
    "keyword_in_context",
    "keyword_terms",
    "keyword_trends",
    "load_papers",
    "load_sample",
    "log_odds_ratio",
    "lookup_terms",
    "near_duplicates",
    "network_layout",
    "new_acronym_findings",
    "normalize_records",
    "pair_min_count",
    "paper_terms",
    "period_counts",
    "quadrant_agreement",
    "read_papers",
    "render_report",
    "rising_findings",
    "rising_terms",
    "sample_paths",
    "save_chart",
    "split_duplicates",
    "term_shares",
    "thematic_map",
    "title_name",
    "title_names",
    "top_findings",
    "topic_counts",
    "topical_terms",
    "topics_from_clusters",
    "topics_from_dictionary",
    "topics_from_keyphrases",
    "topics_from_keywords",
    "trend_topics",
    "trend_windows",
    "use_offline_renderer",
    "use_theme",
    "validate_papers",
    "write_papers",
    "write_tables",
]
