"""Well-known acronyms of machine learning: the curated list shipped with paperkit.

``paperkit/resources/known_acronyms.tsv`` holds about two hundred short forms with their usual
expansions, written for paperkit from general knowledge of the field (see
``paperkit/resources/README.md``). The glossary uses it only where the corpus falls short: for
short forms that papers use but never define (``source = "known list"``), and as further
candidate senses for uses in papers that do not define a short form. A corpus definition is
never replaced.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import polars as pl

_KNOWN_SCHEMA = {"short_form": pl.String(), "long_form": pl.String(), "measure": pl.Boolean(), "cues": pl.List(pl.String())}


@lru_cache(maxsize=1)
def _read_known() -> pl.DataFrame:
    text = resources.files("paperkit.resources").joinpath("known_acronyms.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("short_form\t"):
            continue
        sf, lf, kind, cues = (line.split("\t") + ["", "", ""])[:4]
        rows.append((sf.strip(), lf.strip(), kind.strip() == "measure", cues.split()))
    return pl.DataFrame(rows, schema=_KNOWN_SCHEMA, orient="row")


def known_acronyms() -> pl.DataFrame:
    """The curated list of well-known ML acronyms and their usual expansions.

    Returns
    -------
    polars.DataFrame
        One row per sense: ``short_form``, ``long_form``, ``measure`` (a metric or unit, such
        as "frames per second": read from a number next to the short form) and ``cues``
        (words that signal this sense in an abstract). A short form may have several rows.

    Examples
    --------
    >>> k = known_acronyms()
    >>> k.filter(pl.col("short_form") == "MLP").select("short_form", "long_form").rows()
    [('MLP', 'multilayer perceptron')]
    >>> k.filter(pl.col("short_form") == "FPS").select("long_form", "measure").rows()
    [('frames per second', True), ('first-person shooter', False)]
    """
    return _read_known().clone()
