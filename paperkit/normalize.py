"""The papers schema, text clean-up and the merging of duplicate records.

Every loader in :mod:`paperkit.io` produces *records* (one row per paper per
file it was seen in, columns :data:`RECORD_SCHEMA`); :func:`normalize_records`
cleans their text and folds records of the same paper into one row of the
*papers* frame (columns :data:`PAPERS_SCHEMA`). Everything downstream
(keywords, acronyms, co-topics, charts) takes that papers frame.

The papers schema
-----------------
=================  =====================  ==========================================================
column             dtype                  meaning
=================  =====================  ==========================================================
``paper_id``       String                 arXiv id (no version) when known, else ``"t:"`` + a stable
                                          16-hex-digit BLAKE2b hash of the title key (:func:`title_key`)
``arxiv_id``       String (nullable)      arXiv identifier without version suffix, e.g. ``2503.11731``
``title``          String                 cleaned title (NFKC, typographic quotes/dashes, one line)
``abstract``       String (nullable)      cleaned abstract; null when the digest had none
``digest_date``    Date (nullable)        first digest date the paper was seen on; null when unknown
``digest_dates``   List(Date)             every digest date it was seen on, sorted, distinct
``published``      Datetime(us, UTC)      arXiv publication time when the source gives it
``authors``        List(String)           author names in order (empty when unknown)
``categories``     List(String)           arXiv categories, primary first (empty when unknown)
``keywords``       List(String)           keywords the source gives (Hugging Face ``ai_keywords``, a
                                          table's ``keywords`` column), union over merged records, in
                                          order; null when no record had any. A gold label for evaluation:
                                          carried, never read by paperkit's extraction methods
``upvotes``        Int64 (nullable)       Hugging Face upvotes (largest seen)
``comments``       Int64 (nullable)       Hugging Face comment count (largest seen)
``github_repo``    String (nullable)      code repository: from the API, else the first GitHub link
``project_page``   String (nullable)      project page given by the API
``name``           String (nullable)      short method name a title starts with ("DyLoRA" from
                                          "DyLoRA: Parameter Efficient ..."), else null
``urls``           List(String)           links found in the abstract, in order, distinct
``source``         String                 format of the first record: ``hf-page``, ``hf-api``,
                                          ``hf-archive``, ``arxiv``, ``table``
``source_files``   List(String)           every file the paper was read from
``n_records``      UInt32                 how many input records were merged into this row
=================  =====================  ==========================================================
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import polars as pl

from paperkit import frames as _frames

__all__ = [
    "PAPERS_SCHEMA",
    "RECORD_SCHEMA",
    "clean_text",
    "clean_text_expr",
    "clean_text_series",
    "empty_papers",
    "empty_records",
    "merge_records",
    "normalize_records",
    "split_duplicates",
    "title_key",
    "title_name",
    "title_name_expr",
    "validate_papers",
]

#: The papers schema (defined with every other frame kind in :mod:`paperkit.frames`).
PAPERS_SCHEMA = _frames.PAPERS_SCHEMA

#: Columns of the per-file records that loaders produce before merging. ``digest_dates`` is for
#: sources that already list several dates for one record (the arXiv DEV layout); ``locator``
#: says where in its file the record was ("line 12", "item 3").
RECORD_SCHEMA: dict[str, pl.DataType] = {
    **{
        name: PAPERS_SCHEMA[name]
        for name in ("arxiv_id", "title", "abstract", "digest_date", "digest_dates", "published", "authors",
                     "categories", "keywords", "upvotes", "comments", "github_repo", "project_page", "source")
    },
    "source_file": pl.String(),
    "locator": pl.String(),
}

# --- text clean-up ---------------------------------------------------------------------------
# Typographic characters NFKC leaves alone, mapped to their ASCII reading.
_TRANSLATE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2043": "-",
    "\u2013": "-", "\u2014": " - ", "\u2015": " - ", "\u2212": "-",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}


def _latex_accents() -> dict[str, str]:
    """TeX accent commands arXiv abstracts keep (``Fr\\'echet``, ``G\\"odel``, ``\\v{s}``) -> letters."""
    symbol = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307"}
    lettered = {"c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a"}
    table: dict[str, str] = {}
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for accents, bare in ((symbol, True), (lettered, False)):
        for cmd, mark in accents.items():
            for ch in letters:
                composed = unicodedata.normalize("NFC", ch + mark)
                if len(composed) != 1:
                    continue
                forms = [f"\\{cmd}{{{ch}}}", f"{{\\{cmd}{{{ch}}}}}"]
                if bare:
                    forms += [f"\\{cmd}{ch}", f"{{\\{cmd}{ch}}}"]
                for form in forms:
                    table[form] = composed
    for dotless in ("\\i ", "\\i", "{\\i}"):  # TeX eats the space that ends a control word
        for cmd in ("'", "`", "^", '"'):
            table[f"\\{cmd}{dotless}"] = unicodedata.normalize("NFC", "i" + symbol[cmd])
            table[f"{{\\{cmd}{dotless}}}"] = unicodedata.normalize("NFC", "i" + symbol[cmd])
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


_LATEX = _latex_accents()
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX))
# A word broken by a hyphen at a line end: "effi-\ncient" -> "efficient". A lower-case letter
# must follow, so "GPT-\n4" and "Vision-\nLanguage" keep their hyphen.
_HYPHEN_BREAK = r"([a-z])-[ \t]*\r?\n[ \t]*([a-z])"
# ... but not a suspended hyphen before a function word: "pre-\nand post-training" keeps "pre- and".
_SUSPENDED = r"([a-z])-[ \t]*\r?\n[ \t]*(and|or|nor|to|as|vs|versus|but|then|than|which|with|the|an?|in|on|of|for)\b"
# Whitespace that NFKC does not already turn into a plain space.
# Whitespace: ASCII control spaces become spaces and runs of spaces collapse; the Unicode line
# and paragraph separators NFKC leaves alone become spaces with the typographic characters.
_CONTROL_SPACES = ["\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f"]
_CONTROL_TABLE = str.maketrans({ch: " " for ch in _CONTROL_SPACES})
_SPACE_RUN = r" {2,}"
_TRANSLATE.update({"\x85": " ", "\u1680": " ", "\u2028": " ", "\u2029": " "})
_TRANSLATE_TABLE = str.maketrans(_TRANSLATE)
# Control characters (other than the whitespace above) and the bidirectional overrides and isolates
# (U+202A-U+202E, U+2066-U+2069), which can make a title display reversed or hide text: removed.
_INVISIBLE = "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]"
_INVISIBLE_RE = re.compile(_INVISIBLE)
_ASCII_CONTROL = "[\x00-\x08\x0e-\x1b\x7f]"  # the ASCII part of _INVISIBLE
# Only these rows can hold a TeX accent command, a hyphen at a line break, or a non-ASCII char.
_HAS_ACCENT = r"\\(?:['\"`^~=.]|[cvuHkr]\{)"
_HAS_BREAK = r"-[ \t]*\r?\n"
_HAS_CONTROL_SPACE = "[\t\n\r\x0b\x0c\x1c-\x1f]"



def clean_text(text: str | None) -> str | None:
    """Clean one title or abstract (the scalar twin of :func:`clean_text_expr`).

    Control characters and bidirectional overrides (U+202A-U+202E, U+2066-U+2069) removed,
    NFKC (which also splits ligatures such as "ﬁ"), typographic quotes and dashes to ASCII, TeX
    accents to letters (``Fr\\'echet`` -> "Fréchet"), words hyphenated across a line break
    rejoined, hard line wraps and runs of whitespace collapsed to one space, ends stripped.
    Idempotent: ``clean_text(clean_text(s)) == clean_text(s)``.

    Parameters
    ----------
    text
        The raw text; ``None`` passes through.

    Returns
    -------
    str or None

    Examples
    --------
    >>> clean_text("Large  \u201cLanguage\u201d Models \u2014 an effi-\\ncient\\n  study of \ufb01ne-tuning")
    'Large "Language" Models - an efficient study of fine-tuning'
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)).translate(_TRANSLATE_TABLE)
    if "\\" in text:  # after the quotes became ASCII: \’e is the TeX accent \'e too
        text = _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], text)
    text = re.sub(_SUSPENDED, r"\1- \2", text)
    text = re.sub(_HYPHEN_BREAK, r"\1\2", text).translate(_CONTROL_TABLE)
    return re.sub(_SPACE_RUN, " ", text).strip(" ")


def clean_text_expr(expr: pl.Expr) -> pl.Expr:
    """The text clean-up of :func:`clean_text` as a polars expression (fast, whole column).

    Each costly step (NFKC, TeX accents, line-break hyphens) runs only on the rows that need
    it (:func:`clean_text_series`); most abstracts are plain ASCII and pass through.

    Examples
    --------
    >>> df = pl.DataFrame({"t": ["Vision\u2013Language\\n  Models", None]})
    >>> df.select(clean_text_expr(pl.col("t")))["t"].to_list()
    ['Vision-Language Models', None]
    """
    return expr.map_batches(clean_text_series, return_dtype=pl.String, is_elementwise=True)


def _on_rows(s: pl.Series, mask: pl.Series, step) -> pl.Series:
    """``s`` with ``step`` applied to the rows where ``mask`` holds (the others unchanged)."""
    mask = mask.fill_null(False)
    if not mask.any():
        return s
    rows = mask.arg_true()
    return s.clone().scatter(rows, step(s.gather(rows)))


def clean_text_series(s: pl.Series) -> pl.Series:
    """The text clean-up of :func:`clean_text` on a column, each costly step on the rows that
    need it only (a when/then would compute it for every row).

    Examples
    --------
    >>> clean_text_series(pl.Series(["Fr\\\\'echet  \ufb01ne-tuning", "plain text "])).to_list()
    ['Fréchet fine-tuning', 'plain text']
    """
    s = s.cast(pl.String)
    # Control and bidi characters go first, before NFKC as in clean_text, in the same step.
    s = _on_rows(s, (s.str.len_bytes() != s.str.len_chars()) | s.str.contains(_ASCII_CONTROL), lambda x: (
        x.str.replace_all(_INVISIBLE, "").str.normalize("NFKC")
        .str.replace_many(list(_TRANSLATE), list(_TRANSLATE.values()))))
    # TeX accents after the typographic quotes became ASCII, so a second pass finds none left.
    s = _on_rows(s, s.str.contains(_HAS_ACCENT),
                 lambda x: x.str.replace_many(list(_LATEX), list(_LATEX.values()), leftmost=True))
    s = _on_rows(s, s.str.contains(_HAS_BREAK),
                 lambda x: x.str.replace_all(_SUSPENDED, "${1}- ${2}").str.replace_all(_HYPHEN_BREAK, "${1}${2}"))
    s = _on_rows(s, s.str.contains(_HAS_CONTROL_SPACE),
                 lambda x: x.str.replace_many(_CONTROL_SPACES, [" "] * len(_CONTROL_SPACES)))
    return s.str.replace_all(_SPACE_RUN, " ").str.strip_chars(" ")


# --- keys and names ----------------------------------------------------------------------------
# The title key keeps what tells two papers apart and folds what varies between copies of one title.
# Kept: letters, combining marks and digits of every script, "+" and "#" (C, C++ and C# are three
# languages), and non-ASCII symbols (emoji, math such as "→" or "≤"); everything else (punctuation, the
# other ASCII symbols, spaces) separates words. Only ASCII titles without "+" or "#" keep the key they
# had when the key was ``[0-9a-z]`` words, so their hash ids did not change.
_KEY_SEPARATORS = r"[^\p{L}\p{M}\p{N}+#[\p{S}--\p{Sk}--\x00-\x7F]]+"
_ASCII_KEY_SEPARATORS = r"[^0-9a-z+#]+"
# Accents are folded for Latin letters only ("Fréchet" = "Frechet"): the marks of other scripts are
# part of their letters (the Japanese dakuten: "が" is not "か"; Devanagari vowel signs).
_LATIN_MARKS = r"(\p{Latin})\p{M}+"
# Case folding that lower case misses, and Latin letters with a stroke (no decomposition to fold).
_FOLD = {"ß": "ss", "ς": "σ", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe"}


def title_key(title: str | None) -> str | None:
    """The key two titles share when they name the same paper.

    The cleaned title (:func:`clean_text`) in lower case with Latin accents folded and words
    separated by single spaces; letters and digits of every script are kept, and so are ``+``,
    ``#`` and non-ASCII symbols such as emoji, so "C++", "C#" and "C" stay apart. A title with none
    of these (only punctuation) is its own key, so it merges only with the same text. Used for
    merging and for the hash-based ``paper_id`` of papers without an arXiv id.

    Examples
    --------
    >>> title_key("DyLoRA: Parameter-Efficient Tuning!")
    'dylora parameter efficient tuning'
    >>> title_key("Fréchet Inception Distance") == title_key("Frechet inception distance.")
    True
    >>> [title_key(t) for t in ["大型语言模型的推理能力", "C++ Parsing", "C# Parsing", "α-Net", "?!"]]
    ['大型语言模型的推理能力', 'c++ parsing', 'c# parsing', 'α net', '?!']
    """
    if title is None:
        return None
    frame = pl.DataFrame({"title": [clean_text(title)]}, schema={"title": pl.String()})
    return frame.select(_title_key_expr(pl.col("title")))["title"][0]


def _title_key_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`title_key` of already cleaned titles, as an expression."""
    lower = expr.str.to_lowercase()
    unicode_key = (
        lower.str.normalize("NFKD")
        .str.replace_all(_LATIN_MARKS, "${1}")
        .str.replace_many(list(_FOLD), list(_FOLD.values()))
        .str.normalize("NFKC")
        .str.replace_all(_KEY_SEPARATORS, " ")
    )
    ascii_key = lower.str.replace_all(_ASCII_KEY_SEPARATORS, " ")
    key = pl.when(expr.str.len_bytes() == expr.str.len_chars()).then(ascii_key).otherwise(unicode_key).str.strip_chars()
    # Nothing kept (a title of punctuation only): the text itself, never an empty key shared by all.
    return pl.when(key != "").then(key).otherwise(expr)


def _hash_key(key: str) -> str:
    return "t:" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


# A title's leading method name: one token (letters, digits, - . + _ ' and a version) before a
# colon, with a capital letter or digit in it. Generic words that head titles are not names.
_NAME_RE = r"^([A-Za-z0-9][\w.+'\-]*(?: v?\d[\w.]*)?)\s*:\s+\S"
_NOT_NAMES = [
    "survey", "review", "position", "tutorial", "editorial", "preface", "correction", "erratum",
    "abstract", "introduction", "keynote", "commentary", "perspective", "overview", "report",
    "note", "retraction", "addendum", "opinion", "vision", "benchmarking", "towards", "toward",
]


def title_name(title: str | None) -> str | None:
    """The short method name a title starts with, or ``None``.

    Examples
    --------
    >>> title_name("DyLoRA: Parameter Efficient Tuning of Pre-trained Models")
    'DyLoRA'
    >>> title_name("TechGPT-2.0: A large language model project") 
    'TechGPT-2.0'
    >>> print(title_name("Rethinking Scale: The Efficacy of Fine-Tuned LLMs"))
    None
    """
    frame = pl.DataFrame({"title": [title]}, schema={"title": pl.String()})
    return frame.select(title_name_expr(pl.col("title")))["title"][0]


def title_name_expr(title: pl.Expr) -> pl.Expr:
    """The expression form of :func:`title_name`: the short method name each title starts with, or null.

    Examples
    --------
    >>> pl.DataFrame({"t": ["DyLoRA: Parameter Efficient Tuning", "Rethinking Scale: A Study"]}).select(
    ...     title_name_expr(pl.col("t")))["t"].to_list()
    ['DyLoRA', None]
    """
    name = title.str.extract(_NAME_RE, 1)
    generic = name.str.to_lowercase().is_in(_NOT_NAMES)
    return pl.when(generic.not_()).then(name)


#: Old private name, still imported by paperkit.acronyms (to be switched to title_name_expr by its owner).
_title_name_expr = title_name_expr


_URL_RE = r"https?://[^\s<>\"'{}|\\^`\]\[]+"
_ARXIV_ID_RE = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})"


def _arxiv_id_expr(expr: pl.Expr) -> pl.Expr:
    """Bare arXiv id: drop ``arXiv:``, URL prefixes and version suffixes."""
    return expr.str.strip_chars().str.extract(_ARXIV_ID_RE, 1)


# --- empty frames and validation -------------------------------------------------------------
def empty_records() -> pl.DataFrame:
    """An empty records frame with :data:`RECORD_SCHEMA`."""
    return pl.DataFrame(schema=RECORD_SCHEMA)


def empty_papers() -> pl.DataFrame:
    """An empty papers frame with :data:`PAPERS_SCHEMA`.

    Examples
    --------
    >>> empty_papers().columns[:4]
    ['paper_id', 'arxiv_id', 'title', 'abstract']
    """
    return pl.DataFrame(schema=PAPERS_SCHEMA)


def validate_papers(papers: pl.DataFrame, *, required: tuple[str, ...] = ("paper_id", "title"),
                    needed_by: str | None = None) -> pl.DataFrame:
    """Check that ``papers`` looks like a papers frame; return it unchanged.

    Raises a ``TypeError`` when it is not a polars DataFrame and a ``ValueError`` naming every
    missing column (and ``needed_by``, the function that needs them, when given), or a column
    whose dtype is not the schema's. The column check is :func:`paperkit.frames.validate`.

    Examples
    --------
    >>> validate_papers(pl.DataFrame({"title": ["x"]}), needed_by="keyphrases")
    Traceback (most recent call last):
    ...
    ValueError: papers frame is missing column(s) ['paper_id']: keyphrases needs column(s) ['paper_id', 'title'] (as from paperkit.read_papers(...)); got ['title']
    """
    _frames.validate(papers, "papers", needed_by=needed_by, columns=required)
    wrong = [
        f"{c} is {papers.schema[c]}, expected {PAPERS_SCHEMA[c]}"
        for c in papers.columns
        if c in PAPERS_SCHEMA and c in required and papers.schema[c] != PAPERS_SCHEMA[c]
    ]
    if wrong:
        raise ValueError("papers frame has wrong dtype(s): " + "; ".join(wrong))
    return papers


# --- normalization -----------------------------------------------------------------------------
def _keyed(records: pl.DataFrame) -> pl.DataFrame:
    """Clean records and attach their merge keys (``paper_id``, ``merge_reason``)."""
    records = records.with_row_index("_order").with_columns(
        clean_text_expr(pl.col("title")).alias("title"),
        clean_text_expr(pl.col("abstract")).alias("abstract"),
        _arxiv_id_expr(pl.col("arxiv_id")).alias("arxiv_id"),
    )
    records = records.with_columns(pl.when(pl.col("abstract") != "").then(pl.col("abstract")).alias("abstract"))
    if records["arxiv_id"].null_count() == 0:
        # Every record has its id: titles play no part in merging (the common case for arXiv files).
        return records.with_columns(
            pl.col("arxiv_id").alias("paper_id"), pl.lit("same arXiv id").alias("merge_reason")
        )
    records = records.with_columns(_title_key_expr(pl.col("title")).alias("_tkey"))
    # A record without an arXiv id inherits the id of another record with the same title.
    id_by_title = (
        records.filter(pl.col("arxiv_id").is_not_null() & (pl.col("_tkey") != ""))
        .group_by("_tkey")
        .agg(pl.col("arxiv_id").first().alias("_inherited"))
    )
    records = records.join(id_by_title, on="_tkey", how="left", maintain_order="left")
    orphan_keys = (
        records.filter(pl.col("arxiv_id").is_null() & pl.col("_inherited").is_null())["_tkey"]
        .unique()
        .drop_nulls()
        .to_list()
    )
    hashed = pl.DataFrame(
        {"_tkey": orphan_keys, "_hash": [_hash_key(k) for k in orphan_keys]},
        schema={"_tkey": pl.String(), "_hash": pl.String()},
    )
    records = records.join(hashed, on="_tkey", how="left", maintain_order="left")
    return records.with_columns(
        pl.coalesce("arxiv_id", "_inherited", "_hash").alias("paper_id"),
        pl.when(pl.col("arxiv_id").is_not_null())
        .then(pl.lit("same arXiv id"))
        .when(pl.col("_inherited").is_not_null())
        .then(pl.lit("same normalized title as a record with an arXiv id"))
        .otherwise(pl.lit("same normalized title"))
        .alias("merge_reason"),
    ).drop("_inherited", "_hash", "_tkey")


def _duplicates(keyed: pl.DataFrame) -> pl.DataFrame:
    first = keyed.group_by("paper_id", maintain_order=True).agg(
        pl.col("source_file").first().alias("kept_source_file"),
        pl.col("locator").first().alias("kept_locator"),
        pl.col("_order").first().alias("_first"),
    )
    return (
        keyed.join(first, on="paper_id", maintain_order="left")
        .filter(pl.col("_order") != pl.col("_first"))
        .select(
            "paper_id", "title", "source_file", "locator", "digest_date",
            "kept_source_file", "kept_locator", pl.col("merge_reason").alias("reason"),
        )
    )


def split_duplicates(records: pl.DataFrame) -> pl.DataFrame:
    """Which records are folded into another one, and why.

    Parameters
    ----------
    records
        A records frame (:data:`RECORD_SCHEMA`), as the loaders produce before merging.

    Returns
    -------
    polars.DataFrame
        One row per record that was merged into an earlier record of the same paper:
        ``paper_id``, ``title``, ``source_file``, ``locator``, ``digest_date``,
        ``kept_source_file``, ``kept_locator`` (the record it was merged into) and ``reason``.

    Examples
    --------
    >>> recs = pl.DataFrame({"arxiv_id": ["2501.00001v2", None], "title": ["A  Study", "A study"],
    ...                      "source_file": ["a.json", "b.txt"], "locator": ["item 1", "line 9"]})
    >>> split_duplicates(recs).select("paper_id", "source_file", "kept_source_file", "reason").rows()
    [('2501.00001', 'b.txt', 'a.json', 'same normalized title as a record with an arXiv id')]
    """
    return merge_records(records)[1]


def _conform(records: pl.DataFrame) -> pl.DataFrame:
    """Add missing record columns as nulls and cast to :data:`RECORD_SCHEMA`."""
    if "title" not in records.columns:
        raise ValueError(f"records need a 'title' column; got {records.columns}")
    cols = []
    for name, dtype in RECORD_SCHEMA.items():
        if name in records.columns:
            cols.append(pl.col(name).cast(dtype))
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    return records.select(cols)


def normalize_records(records: pl.DataFrame) -> pl.DataFrame:
    """Clean records and merge those of the same paper into the papers frame.

    Records with the same arXiv id (any version), or with the same normalized title
    (:func:`title_key`), become one row with all their digest dates. The first record
    (in input order) gives title and source; the longest abstract wins; counts take the
    largest value seen. Idempotent: normalizing an already normalized frame's records
    changes nothing.

    Parameters
    ----------
    records
        Loader output, columns of :data:`RECORD_SCHEMA` (missing ones are taken as null).

    Returns
    -------
    polars.DataFrame
        The papers frame, columns and dtypes of :data:`PAPERS_SCHEMA`, in first-seen order.

    Examples
    --------
    >>> import datetime as dt
    >>> recs = pl.DataFrame({
    ...     "arxiv_id": ["2106.09685", "arXiv:2106.09685v2"],
    ...     "title": ["LoRA: Low-Rank Adaptation of Large\\n  Language Models", "LoRA: Low-Rank Adaptation of Large Language Models"],
    ...     "abstract": ["We propose Low-Rank Adaptation, or LoRA. Code: https://github.com/microsoft/LoRA.", None],
    ...     "digest_date": [dt.date(2024, 6, 3), dt.date(2024, 6, 1)],
    ... })
    >>> papers = normalize_records(recs)
    >>> papers.select("paper_id", "name", "digest_date", "n_records").rows()
    [('2106.09685', 'LoRA', datetime.date(2024, 6, 1), 2)]
    >>> papers["github_repo"][0]
    'https://github.com/microsoft/LoRA'
    """
    return merge_records(records)[0]


def merge_records(records: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both results of merging at once: ``(papers, duplicates)``.

    See :func:`normalize_records` and :func:`split_duplicates`; this computes the merge keys once.

    Examples
    --------
    >>> papers, dups = merge_records(pl.DataFrame({"title": ["A study", "A  Study."]}))
    >>> papers.height, dups["reason"].to_list()
    (1, ['same normalized title'])
    """
    records = _conform(records)
    keyed = _keyed(records)
    duplicates = _duplicates(keyed)
    if records.height == 0:
        return empty_papers(), duplicates
    keyed = keyed.with_columns(
        pl.col("abstract").str.extract_all(_URL_RE).list.eval(
            pl.element().str.strip_chars_end(".,;:")
        ).alias("_urls"),
        pl.col("abstract").str.len_chars().fill_null(-1).alias("_alen"),
    )
    # Most papers come from one record: only groups with several records need aggregating.
    multi = pl.col("paper_id").is_duplicated()
    single = keyed.filter(~multi).select(
        "paper_id", "arxiv_id", "title", "abstract",
        pl.concat_list(pl.col("digest_date"), pl.col("digest_dates").fill_null([]))
        .list.drop_nulls().list.unique().list.sort().alias("digest_dates"),
        "published", "authors", "categories", "keywords", "upvotes", "comments", "github_repo", "project_page",
        pl.col("_urls").list.drop_nulls().list.unique(maintain_order=True).alias("urls"),
        "source",
        pl.concat_list(pl.col("source_file")).list.drop_nulls().alias("source_files"),
        pl.lit(1, dtype=pl.UInt32).alias("n_records"),
        "_order",
    )
    list_first = lambda c: pl.col(c).filter(pl.col(c).list.len() > 0).first()  # noqa: E731
    merged = keyed.filter(multi).group_by("paper_id").agg(
        pl.col("arxiv_id").drop_nulls().first(),
        pl.col("title").first(),
        pl.col("abstract").sort_by("_alen", descending=True).first(),
        pl.concat_list(pl.col("digest_date"), pl.col("digest_dates").fill_null([]))
        .list.explode(keep_nulls=False, empty_as_null=False)
        .drop_nulls()
        .unique()
        .sort()
        .alias("digest_dates"),
        pl.col("published").drop_nulls().first(),
        list_first("authors"),
        list_first("categories"),
        # every record's keywords, distinct, in order; null (below) when no record had any
        pl.col("keywords").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls()
        .unique(maintain_order=True),
        pl.col("keywords").is_not_null().any().alias("_has_keywords"),
        pl.col("upvotes").max(),
        pl.col("comments").max(),
        pl.col("github_repo").drop_nulls().first(),
        pl.col("project_page").drop_nulls().first(),
        pl.col("_urls").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique(maintain_order=True).alias("urls"),
        pl.col("source").first(),
        pl.col("source_file").drop_nulls().unique(maintain_order=True).alias("source_files"),
        pl.len().cast(pl.UInt32).alias("n_records"),
        pl.col("_order").first(),
    ).with_columns(pl.when(pl.col("_has_keywords")).then(pl.col("keywords")).alias("keywords"))
    papers = pl.concat([single, merged.select(single.columns)], how="vertical_relaxed").sort("_order")
    github = pl.col("urls").list.eval(
        pl.element().filter(pl.element().str.contains(r"^https?://(www\.)?github\.com/"))
    ).list.first()
    papers = papers.with_columns(
        pl.col("digest_dates").list.first().alias("digest_date"),
        pl.col("authors").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
        pl.col("categories").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
        pl.coalesce(pl.col("github_repo"), github).alias("github_repo"),
        title_name_expr(pl.col("title")).alias("name"),
    )
    return papers.select([pl.col(c).cast(t) for c, t in PAPERS_SCHEMA.items()]), duplicates
