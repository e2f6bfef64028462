"""paperkit: analyse digests of research papers (titles and abstracts) in polars, with altair charts.

>>> import paperkit as pk
>>> papers = pk.load_sample()
>>> papers.height
6141
"""

from paperkit.fetch import FetchOptions, FetchSummary, fetch_arxiv, fetch_hf_daily
from paperkit.io import (
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
)
from paperkit.normalize import (
    PAPERS_SCHEMA,
    clean_text,
    normalize_records,
    split_duplicates,
    title_name,
    validate_papers,
)

__version__ = "0.1.0"

#: Alias of :func:`split_duplicates`: which records were merged and why.
duplicates = split_duplicates

__all__ = [
    "FORMATS",
    "FetchOptions",
    "FetchSummary",
    "LoadResult",
    "PAPERS_SCHEMA",
    "PaperkitLoadWarning",
    "ProblemsError",
    "clean_text",
    "data_dir",
    "duplicates",
    "fetch_arxiv",
    "fetch_hf_daily",
    "load_papers",
    "load_sample",
    "normalize_records",
    "read_papers",
    "sample_paths",
    "split_duplicates",
    "title_name",
    "validate_papers",
    "write_papers",
]
