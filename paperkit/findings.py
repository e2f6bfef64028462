"""Deprecated: the findings moved to :mod:`paperkit.report.findings` (issue 16).

``from paperkit.findings import top_findings`` keeps working for one release, with a
``DeprecationWarning``; use ``paperkit.top_findings`` or :mod:`paperkit.report.findings`.
"""

import warnings

from paperkit.report.findings import (  # noqa: F401  (re-exported for old imports)
    FINDINGS_SCHEMA,
    burst_findings,
    caveat_findings,
    cotopic_findings,
    findings_text,
    new_acronym_findings,
    rising_findings,
    top_findings,
)

__all__ = ["FINDINGS_SCHEMA", "burst_findings", "caveat_findings", "cotopic_findings", "findings_text",
           "new_acronym_findings", "rising_findings", "top_findings"]

warnings.warn("paperkit.findings is deprecated and will be removed in the next release: import from "
              "paperkit.report.findings", DeprecationWarning, stacklevel=2)
