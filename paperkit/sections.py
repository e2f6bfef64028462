"""Deprecated: the analysis sections moved to :mod:`paperkit.report.sections` (issue 16).

``from paperkit.sections import rising_terms_section`` keeps working for one release, with a
``DeprecationWarning``; import from :mod:`paperkit.report.sections` instead.
"""

import warnings

from paperkit.report.sections import (  # noqa: F401  (re-exported for old imports)
    ReportContext,
    acronyms_section,
    analysis_sections,
    bursts_section,
    cotopics_section,
    keyword_trends_section,
    rising_terms_section,
    thematic_map_section,
    what_changed_section,
)

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

warnings.warn("paperkit.sections is deprecated and will be removed in the next release: import from "
              "paperkit.report.sections", DeprecationWarning, stacklevel=2)
