"""Keyword trends over time: shares per period, rising and falling terms, bursts, trend topics
and keyword-in-context.

All functions take the *paper terms* frame (``paper_id``, ``term``; e.g. from
:func:`paperkit.keywords.paper_terms` or :func:`paperkit.keywords.keyphrases` renamed) and the
papers frame for the dates, and return tidy frames. Dates are the first digest date
(``digest_date``) by default, ``date="published"`` for arXiv publication.

Fragments: every candidate of a paper is a term, so the words inside a longer term are terms too
("reinforcement" inside "reinforcement learning", "large language" inside "large language
models"). :func:`term_containment` measures, per term, the share of its papers that use it
*only* inside a longer term; :func:`rising_terms` drops terms with a share of at least 0.8 by
default (``drop_inside=0.8``), and the report's keyword sections do the same.

Denominators are explicit: a share is papers using the term over *all papers of that period*,
so a thin or partial period does not read as a drop; periods without any paper are kept with
``papers = 0`` and a null share, and ``min_papers`` nulls the share of periods too thin to read.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

import numpy as np
import polars as pl

from paperkit.normalize import validate_papers
from paperkit.text import _word_key_expr, fold_key_expr, sentences

__all__ = [
    "bursts",
    "describe_windows",
    "fragment_terms",
    "keyword_in_context",
    "log_odds_ratio",
    "lookup_terms",
    "near_duplicates",
    "period_counts",
    "rising_terms",
    "term_containment",
    "term_shares",
    "term_table_containment",
    "TermNotFoundWarning",
    "topical_terms",
    "trend_topics",
    "trend_windows",
]

_EVERY = {"1d", "1w", "1mo", "1q", "3mo", "6mo", "1y"}
_WORD = r"\w+(?:[-'’]\w+)*"
#: Enumerators of lists, "(i) ... (ii) ...", "(a)": never a topic.
_ENUMERATOR = r"(?i)^(?:[ivx]{1,4}|[a-h])$"
#: A one-word term with two capitals or more ("RL", "LLMs", "LoRA", "GPT-4o"): may stand for a long form.
_ACRONYM = r"^[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-\w+)?$"


def _check_every(every: str) -> str:
    if not isinstance(every, str) or not re.fullmatch(r"\d+(d|w|mo|q|y)", every):
        raise ValueError(f"every must be a polars duration such as {sorted(_EVERY)}, got {every!r}")
    return every


def _dates(papers: pl.DataFrame, date: str) -> pl.DataFrame:
    """``paper_id, date`` (Date) for the papers with a date; errors when none has one."""
    validate_papers(papers, required=("paper_id",))
    if date not in ("digest_date", "published"):
        raise ValueError(f"date must be 'digest_date' or 'published', got {date!r}")
    if date not in papers.columns:
        raise ValueError(f"papers frame has no {date!r} column; pass date='digest_date' or date='published'")
    col = pl.col(date)
    if papers.schema[date] != pl.Date:
        col = col.dt.date()
    out = papers.select("paper_id", col.alias("date")).drop_nulls("date").unique("paper_id", keep="first")
    if out.height == 0 and papers.height > 0:
        raise ValueError(
            f"no paper has a {date!r}: trends need dates (try date='published' or load digests with dates)"
        )
    return out


#: Most periods a grid may have (e.g. 400 years of months): more means a date far off the data
#: (a typo such as 2205 for 2025); the error names the dates instead of allocating without bound.
MAX_PERIODS = 5_000
_DAYS = {"d": 1, "w": 7, "mo": 28, "q": 89, "y": 365}


def _period_grid(dates: pl.DataFrame, every: str) -> pl.DataFrame:
    """Every period from the first to the last, with its start and end (inclusive) dates.

    The number of periods is bounded before the grid is built (:data:`MAX_PERIODS`).
    """
    _check_every(every)
    first = dates["date"].min()
    last = dates["date"].max()
    n, unit = re.fullmatch(r"(\d+)(d|w|mo|q|y)", every).groups()
    if int(n) == 0:
        raise ValueError(f"every must be a positive duration, got {every!r}")
    upper = (last - first).days // (int(n) * _DAYS[unit]) + 2
    if upper > MAX_PERIODS:
        raise ValueError(
            f"the dates run from {first} to {last}: about {upper:,} periods of {every!r}, more than "
            f"{MAX_PERIODS:,}. A date far from the rest is probably a typo: look at the earliest and latest "
            "papers, or filter the papers to the stretch you want (e.g. papers.filter(pl.col('digest_date') >= ...))."
        )
    lo = pl.select(pl.lit(first).dt.truncate(every)).item()
    hi = pl.select(pl.lit(last).dt.truncate(every)).item()
    starts = pl.date_range(lo, hi, interval=every, eager=True).alias("period")
    grid = pl.DataFrame(starts).with_columns(
        (pl.col("period").dt.offset_by(every) - pl.duration(days=1)).alias("period_end")
    )
    return grid.with_columns(
        ((pl.col("period") < first) | (pl.col("period_end") > last)).alias("partial")
    )


def period_counts(papers: pl.DataFrame, *, every: str = "1mo", date: str = "digest_date") -> pl.DataFrame:
    """Papers per period, every period from the first to the last (empty ones with 0).

    Parameters
    ----------
    papers
        A papers frame (``paper_id`` and the ``date`` column); papers without a date are left out.
    every
        Period length (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``, ``"1y"``), as in
        ``polars.Expr.dt.truncate``.
    date
        ``"digest_date"`` (first seen, default) or ``"published"``.

    Returns
    -------
    polars.DataFrame
        ``period`` (Date, start), ``period_end`` (Date, last day), ``papers`` (UInt32),
        ``partial`` (the data start after the period starts or end before it ends).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "digest_date": [_dt.date(2025, 1, 5), _dt.date(2025, 1, 20), _dt.date(2025, 3, 31)]})
    >>> period_counts(papers).rows()
    [(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31), 2, True), (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28), 0, False), (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), 1, False)]
    """
    dates = _dates(papers, date)
    if dates.height == 0:
        return pl.DataFrame(schema={"period": pl.Date(), "period_end": pl.Date(), "papers": pl.UInt32(),
                                    "partial": pl.Boolean()})
    grid = _period_grid(dates, every)
    counts = dates.group_by(pl.col("date").dt.truncate(every).alias("period")).agg(pl.len().cast(pl.UInt32).alias("papers"))
    return (
        grid.join(counts, on="period", how="left")
        .with_columns(pl.col("papers").fill_null(0))
        .select("period", "period_end", "papers", "partial")
        .sort("period")
    )


def _check_terms_frame(paper_terms: pl.DataFrame) -> None:
    if not isinstance(paper_terms, pl.DataFrame):
        raise TypeError(f"expected a polars DataFrame of paper terms, got {type(paper_terms).__name__}")
    missing = [c for c in ("paper_id", "term") if c not in paper_terms.columns]
    if missing:
        raise ValueError(
            f"paper terms frame is missing column(s) {missing}; expected [paper_id, term, ...] "
            "(paperkit.keywords.paper_terms, or keyphrases() with 'phrase' renamed to 'term')"
        )


class TermNotFoundWarning(UserWarning):
    """A requested term matches no term of the papers: its line is all zeros."""


def term_shares(
    paper_terms: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    terms: list[str] | None = None,
    top: int = 20,
    every: str = "1mo",
    date: str = "digest_date",
    min_papers: int = 1,
    synonyms: pl.DataFrame | None = None,
    general: bool = False,
) -> pl.DataFrame:
    """Per term and period: papers using the term, all papers of the period, and the share.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]`` (more columns are ignored; a paper counts once per term).
    papers
        The papers frame, for the dates and the denominators.
    terms
        Terms to report, looked up by any spelling (:func:`lookup_terms`: case, plural,
        hyphen or space, "of", British or American spelling, and acronym or long form through
        ``synonyms``); each is reported under the display form of the term it matched. A
        request that matches nothing warns (:class:`TermNotFoundWarning`, naming the closest
        terms) and gets a line of zeros. None takes the ``top`` *topical* terms used by most
        papers (:func:`topical_terms`).
    top
        Number of terms when ``terms`` is None.
    every, date
        As in :func:`period_counts`.
    min_papers
        A period with fewer papers than this gets a null share (and so does an empty period).
    synonyms
        ``[term, canonical]``, as given to :func:`paperkit.keywords.paper_terms`: lets a long
        form find its acronym's term and the reverse.
    general
        With ``terms`` None, also consider single general-English words ("image", "learning").

    Returns
    -------
    polars.DataFrame
        ``term``, ``period`` (Date), ``period_end``, ``papers_with_term`` (UInt32), ``papers``
        (UInt32, the denominator: all papers of the period), ``share`` (Float64 or null),
        ``partial`` (period only partly covered by the data); sorted by term and period.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "digest_date": [_dt.date(2025, 1, 5), _dt.date(2025, 1, 20), _dt.date(2025, 3, 31)]})
    >>> pt = pl.DataFrame({"paper_id": ["a", "c"], "term": ["LoRA", "LoRA"]})
    >>> term_shares(pt, papers).select("period", "papers_with_term", "papers", "share").rows()
    [(datetime.date(2025, 1, 1), 1, 2, 0.5), (datetime.date(2025, 2, 1), 0, 0, None), (datetime.date(2025, 3, 1), 1, 1, 1.0)]
    >>> term_shares(pt, papers, terms=["loras"])["term"].unique().to_list()  # any spelling
    ['LoRA']
    """
    _check_terms_frame(paper_terms)
    if not isinstance(min_papers, int) or min_papers < 0:
        raise ValueError(f"min_papers must be a non-negative integer, got {min_papers!r}")
    schema = {"term": pl.String(), "period": pl.Date(), "period_end": pl.Date(), "papers_with_term": pl.UInt32(),
              "papers": pl.UInt32(), "share": pl.Float64(), "partial": pl.Boolean()}
    denom = period_counts(papers, every=every, date=date)
    if denom.height == 0:
        return pl.DataFrame(schema=schema)
    dates = _dates(papers, date).with_columns(pl.col("date").dt.truncate(every).alias("period"))
    if terms is None:
        chosen = topical_terms(paper_terms, top=top, synonyms=synonyms, general=general)["term"].to_list()
        used = _term_rows(paper_terms).filter(pl.col("term").is_in(chosen)).collect()
    else:
        if isinstance(terms, str):
            raise TypeError(f"terms must be a list of strings, got the string {terms!r}")
        matches = lookup_terms(paper_terms, list(dict.fromkeys(terms)), synonyms=synonyms)
        _warn_unmatched(matches, paper_terms)
        chosen = list(dict.fromkeys(matches["term"].to_list()))
        key = pl.col("key") if "key" in paper_terms.columns else fold_key_expr(pl.col("term"))
        found = matches.drop_nulls("key").select("key", pl.col("term").alias("_label")).unique()
        used = (
            paper_terms.lazy().select("paper_id", key.alias("key"))
            .join(found.lazy(), on="key").select("paper_id", pl.col("_label").alias("term")).unique().collect()
        )
    used = used.join(dates, on="paper_id", how="inner")
    counts = used.group_by("term", "period").agg(pl.len().cast(pl.UInt32).alias("papers_with_term"))
    grid = pl.DataFrame({"term": chosen}, schema={"term": pl.String()}).join(denom, how="cross")
    out = grid.join(counts, on=["term", "period"], how="left").with_columns(
        pl.col("papers_with_term").fill_null(0)
    )
    thin = (pl.col("papers") == 0) | (pl.col("papers") < min_papers)
    out = out.with_columns(
        pl.when(thin).then(None).otherwise(pl.col("papers_with_term") / pl.col("papers")).cast(pl.Float64).alias("share")
    )
    order = pl.DataFrame({"term": chosen, "_o": range(len(chosen))}, schema={"term": pl.String(), "_o": pl.Int64()})
    return out.join(order, on="term").sort("_o", "period").select(list(schema))


def lookup_terms(
    paper_terms: pl.DataFrame, terms: list[str], *, synonyms: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Find the term of the corpus that each requested spelling stands for.

    A request matches a term when their folding keys agree (:func:`paperkit.text.fold_key`:
    case, plural, hyphen or space, "of" spelled or hyphenated, British or American spelling),
    when it folds like the term's display form, or when ``synonyms`` fold it into the term
    (an acronym finds the term of its long form and the reverse, "reinforcement learning" and
    "RL"). One identity per concept: every spelling of a concept returns the same row.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]`` and, from :func:`paperkit.keywords.paper_terms`, ``key``.
    terms
        The requested spellings.
    synonyms
        ``[term, canonical]`` (e.g. :func:`paperkit.acronyms.acronym_synonyms`), or None.

    Returns
    -------
    polars.DataFrame
        ``request``, ``key`` (the matched term's key, null when nothing matched), ``term`` (its
        display form, the request itself when nothing matched), ``papers`` (UInt32, papers
        using it; 0 when nothing matched); one row per request, in input order.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "b", "b"], "term": ["reinforcement learning", "RL", "chain-of-thought"],
    ...     "key": ["rl", "rl", "chainofthought"]})
    >>> lookup_terms(pt, ["Reinforcement Learning", "RL", "chain of thoughts", "GAN"]).rows()
    [('Reinforcement Learning', 'rl', 'RL', 2), ('RL', 'rl', 'RL', 2), ('chain of thoughts', 'chainofthought', 'chain-of-thought', 1), ('GAN', None, 'GAN', 0)]
    """
    from paperkit.text import fold_key

    _check_terms_frame(paper_terms)
    if any(not isinstance(t, str) for t in terms):
        raise TypeError(f"terms must be strings, got {terms!r}")
    key = pl.col("key") if "key" in paper_terms.columns else fold_key_expr(pl.col("term"))
    # Papers and most used display form per key.
    spelled = (
        paper_terms.lazy().select("paper_id", "term", key.alias("key")).group_by("key", "term")
        .agg(pl.col("paper_id").n_unique().alias("_n")).collect()
    )
    names = (
        spelled.sort(["_n", "term"], descending=[True, False]).group_by("key", maintain_order=True)
        .agg(pl.col("term").first(), pl.col("_n").sum().cast(pl.UInt32).alias("papers"))
    )
    aliases = [names.select(pl.col("key").alias("alias"), "key", pl.lit(0).alias("_p")),
               spelled.select(fold_key_expr(pl.col("term")).alias("alias"), "key", pl.lit(1).alias("_p"))]
    if synonyms is not None and synonyms.height:
        from paperkit.keywords import _synonym_map

        syn = _synonym_map(synonyms)
        aliases.append(syn.select(pl.col("key").alias("alias"), pl.col("canonical_key").alias("key"),
                                  pl.lit(2).alias("_p")))
        # A long form whose own key names a term of the corpus (no folding happened).
        aliases.append(syn.select(pl.col("canonical_key").alias("alias"), pl.col("key"), pl.lit(3).alias("_p")))
    table = (
        pl.concat(aliases).drop_nulls().join(names.select("key"), on="key", how="semi")
        .sort("_p").unique("alias", keep="first").select("alias", "key")
    )
    req = pl.DataFrame({"request": terms}, schema={"request": pl.String()}).with_row_index("_o").with_columns(
        pl.col("request").map_elements(fold_key, return_dtype=pl.String).alias("alias"))
    out = req.join(table, on="alias", how="left").join(names, on="key", how="left").sort("_o")
    return out.select(
        "request", "key", pl.coalesce("term", "request").alias("term"),
        pl.col("papers").fill_null(0).cast(pl.UInt32),
    )


def _warn_unmatched(matches: pl.DataFrame, paper_terms: pl.DataFrame) -> None:
    """Warn, naming the closest known terms, for each request that matched nothing."""
    missing = matches.filter(pl.col("key").is_null())["request"].to_list()
    if not missing:
        return
    import difflib
    import warnings

    known = _papers_per_term(paper_terms).sort("papers", descending=True).head(50_000)
    lower = known["term"].str.to_lowercase().to_list()
    for request in missing:
        close = difflib.get_close_matches(request.lower(), lower, n=3, cutoff=0.75)
        hint = ", ".join(f"{known['term'][lower.index(c)]!r} ({known['papers'][lower.index(c)]:,} papers)" for c in close)
        warnings.warn(
            f"{request!r} matches no term of these papers, so its line is all zeros"
            + (f"; closest terms: {hint}" if hint else "; check the spelling, or pass synonyms= to look up an acronym "
               "by its long form"),
            TermNotFoundWarning, stacklevel=3,
        )


def topical_terms(
    paper_terms: pl.DataFrame,
    *,
    top: int = 20,
    synonyms: pl.DataFrame | None = None,
    general: bool = False,
    min_papers: int = 5,
) -> pl.DataFrame:
    """The terms used by most papers, among those that name a topic, each concept once.

    Left out: list enumerators and quantities ("ii", "10B"), single general-English words
    (:mod:`paperkit.lexicon`; unless ``general``), fragments of longer terms
    (:func:`fragment_terms`) and near-duplicates of a term used by more papers
    (:func:`near_duplicates`: "reinforcement" after "RL"). The cost is linear in the number of
    terms, plus one join over the papers of the candidates.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]``.
    top
        How many terms.
    synonyms
        ``[term, canonical]`` used for the terms (fragments of long forms).
    general
        Keep single general-English words.
    min_papers
        Fragments are judged among terms used by at least this many papers.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32); at most ``top`` rows, by descending papers.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": list("aabbccd"), "term": ["image", "diffusion models", "image",
    ...     "diffusion models", "image", "rollouts", "rollouts"]})
    >>> topical_terms(pt, top=2, min_papers=1).rows()  # "image" is everyday English
    [('diffusion models', 2), ('rollouts', 2)]
    """
    from paperkit.lexicon import term_specificity

    _check_terms_frame(paper_terms)
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    table = _papers_per_term(paper_terms).filter(~pl.col("term").str.contains(_NOT_A_TOPIC))
    keys = None
    if synonyms is not None and synonyms.height and "key" in paper_terms.columns:
        keys = paper_terms.lazy().select("term", "key").unique("term").collect()
    contained = _containment(table, synonyms=synonyms, keys=keys, min_papers=min_papers)
    table = table.join(contained.filter(pl.col("inside_ratio") >= 0.8).select("term"), on="term", how="anti")
    table = table.sort(["papers", "term"], descending=[True, False])
    if not general:
        # Enough candidates that dropping general words and duplicates still leaves ``top``.
        head = table.head(8 * top + 50)
        head = head.join(term_specificity(head["term"]).unique("term"), on="term").filter(~pl.col("general"))
        table = head.select("term", "papers").sort(["papers", "term"], descending=[True, False])
    head = table.head(3 * top + 20)
    same = near_duplicates(paper_terms, head["term"].to_list())
    return head.join(same.filter(pl.col("same_as").is_null()).select("term"), on="term", how="semi").head(top)


def term_containment(paper_terms: pl.DataFrame, *, span: int = 3) -> pl.DataFrame:
    """Per term: the share of its papers in which it occurs only inside a longer term.

    In paper :math:`d`, term :math:`t` counts as *inside* when a longer term :math:`s` of the
    same paper covers every use of it: either the folded words of :math:`t` are a contiguous
    part of those of :math:`s` ("reinforcement" in "reinforcement learning framework") and
    :math:`s` occurs at least as often, or :math:`s` is a one-word acronym (an acronym may
    stand for its long form, "RL" for "reinforcement learning"), occurs at least as often, and
    its first use starts at most ``span`` tokens before the first use of :math:`t`. The ratio
    ``papers_inside / papers`` near 1 marks a *fragment* of a longer term ("large language",
    "reinforcement", "project" of "project page").

    Parameters
    ----------
    paper_terms
        :func:`paperkit.keywords.paper_terms` output: ``paper_id``, ``term``, ``count``,
        ``first_pos`` (token index of the first use).
    span
        Largest distance in tokens between an acronym's first use and the term's (long forms
        have at most 4 words).

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32), ``papers_inside`` (UInt32), ``inside_ratio`` (Float64);
        sorted by term.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "a", "b", "b"],
    ...     "term": ["reinforcement learning framework", "reinforcement", "agents", "reinforcement", "agents"],
    ...     "count": [2, 2, 1, 1, 3], "first_pos": [0, 0, 5, 3, 0]})
    >>> term_containment(pt).rows()
    [('agents', 2, 0, 0.0), ('reinforcement', 2, 1, 0.5), ('reinforcement learning framework', 1, 0, 0.0)]
    """
    _check_terms_frame(paper_terms)
    missing = [c for c in ("count", "first_pos") if c not in paper_terms.columns]
    if missing:
        raise ValueError(f"term_containment needs the columns {missing} of paperkit.keywords.paper_terms() output; "
                         f"got {paper_terms.columns}")
    if not isinstance(span, int) or span < 0:
        raise ValueError(f"span must be a non-negative integer, got {span!r}")
    schema = {"term": pl.String(), "papers": pl.UInt32(), "papers_inside": pl.UInt32(), "inside_ratio": pl.Float64()}
    if paper_terms.height == 0:
        return pl.DataFrame(schema=schema)
    pt = (
        paper_terms.select("paper_id", "term", pl.col("count").cast(pl.Int64), pl.col("first_pos").cast(pl.Int64))
        .group_by("paper_id", "term").agg(pl.col("count").max(), pl.col("first_pos").min())
    )
    words = pl.col("term").str.extract_all(_WORD).list.eval(_word_key_expr(pl.element()))
    pt = pt.with_columns(words.alias("_w")).with_columns(
        pl.col("_w").list.len().alias("_n"), pl.col("_w").list.join(" ").alias("_k"))
    longer = pt.filter(pl.col("_n") >= 2)
    max_n = int(longer["_n"].max() or 0)
    # Every contiguous part of every longer term, with the longer term's count.
    parts = [
        longer.filter(pl.col("_n") > length, pl.col("_n") >= start + length).select(
            "paper_id", pl.col("_w").list.slice(start, length).list.join(" ").alias("_k"), pl.col("count").alias("_c"))
        for length in range(1, max_n) for start in range(0, max_n - length + 1)
    ]
    frames = []
    if parts:
        by_words = pl.concat(parts).group_by("paper_id", "_k").agg(pl.col("_c").max())
        frames.append(pt.join(by_words, on=["paper_id", "_k"]).filter(pl.col("_c") >= pl.col("count"))
                      .select("paper_id", "term"))
    is_acronym = pl.col("term").str.contains(_ACRONYM)
    acronyms = pt.filter((pl.col("_n") == 1) & is_acronym).select(
        "paper_id", pl.col("term").alias("_s"), pl.col("first_pos").alias("_p"), pl.col("count").alias("_c"))
    frames.append(
        pt.filter((pl.col("_n") <= 3) & ~is_acronym).join(acronyms, on="paper_id")
        .filter((pl.col("first_pos") >= pl.col("_p")) & (pl.col("first_pos") <= pl.col("_p") + span)
                & (pl.col("_c") >= pl.col("count")))
        .select("paper_id", "term")
    )
    inside = pl.concat(frames).unique().with_columns(pl.lit(True).alias("_in"))
    return (
        pt.select("paper_id", "term").join(inside, on=["paper_id", "term"], how="left")
        .group_by("term")
        .agg(pl.len().cast(pl.UInt32).alias("papers"),
             pl.col("_in").fill_null(False).sum().cast(pl.UInt32).alias("papers_inside"))
        .with_columns((pl.col("papers_inside") / pl.col("papers")).cast(pl.Float64).alias("inside_ratio"))
        .sort("term")
        .select(list(schema))
    )


def _term_words(term: pl.Expr) -> pl.Expr:
    """The folded words of a term, joined by spaces ("Large Language Models" -> "large language model")."""
    return term.str.extract_all(_WORD).list.eval(_word_key_expr(pl.element())).list.join(" ")


def _papers_per_term(paper_terms: pl.DataFrame) -> pl.DataFrame:
    """``[term, papers]``: distinct papers per term (one group-by; a terms frame of
    :func:`paperkit.keywords.paper_terms` already has one row per paper and term)."""
    return _term_rows(paper_terms).group_by("term").agg(
        pl.len().cast(pl.UInt32).alias("papers")).collect(engine="streaming")


def _term_rows(paper_terms: pl.DataFrame) -> pl.LazyFrame:
    """``[paper_id, term]`` once per paper and term (lazy). The frame of
    :func:`paperkit.keywords.paper_terms` (it has ``key`` and ``score``) is already so."""
    rows = paper_terms.lazy().select("paper_id", "term")
    return rows if {"key", "score"} <= set(paper_terms.columns) else rows.unique()


def term_table_containment(
    paper_terms: pl.DataFrame, *, synonyms: pl.DataFrame | None = None, min_papers: int = 1
) -> pl.DataFrame:
    r"""Per term: the largest share of its papers that a longer term containing it accounts for.

    The corpus-level, linear-cost estimate of :func:`term_containment`. For term :math:`t` used
    by :math:`P(t)` papers and every longer term :math:`s` whose folded words contain those of
    :math:`t` as a contiguous run ("large language" in "large language models"),

    .. math:: \text{inside}(t) = \min\Big(1, \max_{s \supset t} P(s) / P(t)\Big).

    Every paper using :math:`s` uses the words of :math:`t` there, so a ratio near 1 says that
    :math:`t` is mostly written as part of :math:`s` (a *fragment*), while "language models"
    (also in "large language models", but twice as often on its own) keeps a low ratio. The
    longer terms are the terms' display forms and, when ``synonyms`` are given, every spelling
    folded into them, so "reinforcement" counts as a part of "RL" through "reinforcement
    learning". The cost is linear in the number of distinct terms: each term of at most
    :math:`n` words has fewer than :math:`n^2/2` parts.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]`` (``key`` used when present).
    synonyms
        ``[term, canonical]`` as given to :func:`paperkit.keywords.paper_terms`, or None.
    min_papers
        Only terms used by at least this many papers are reported.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32), ``container`` (the longer term with most papers, or
        null), ``container_papers`` (UInt32), ``inside_ratio`` (Float64); sorted by term.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "a", "b", "b", "b", "c", "d"],
    ...     "term": ["large language models", "large language", "language models",
    ...              "large language models", "large language", "language models", "language models", "language models"]})
    >>> term_table_containment(pt).rows()
    [('language models', 4, 'large language models', 2, 0.5), ('large language', 2, 'large language models', 2, 1.0), ('large language models', 2, None, None, 0.0)]
    """
    _check_terms_frame(paper_terms)
    if paper_terms.height == 0:
        return pl.DataFrame(schema=_CONTAINMENT_SCHEMA)
    keys = None
    if synonyms is not None and synonyms.height and "key" in paper_terms.columns:
        keys = paper_terms.lazy().select("term", "key").unique("term").collect()
    return _containment(_papers_per_term(paper_terms), synonyms=synonyms, keys=keys, min_papers=min_papers)


_CONTAINMENT_SCHEMA = {"term": pl.String(), "papers": pl.UInt32(), "container": pl.String(),
                       "container_papers": pl.UInt32(), "inside_ratio": pl.Float64()}


def _containment(table: pl.DataFrame, *, synonyms: pl.DataFrame | None, keys: pl.DataFrame | None,
                 min_papers: int) -> pl.DataFrame:
    """:func:`term_table_containment` from the term table ``[term, papers]`` (and ``[term, key]``)."""
    schema = _CONTAINMENT_SCHEMA
    if min_papers > 1:
        # A container of a reported term has at least half its papers (else the ratio is below 0.5).
        table = table.filter(pl.col("papers") >= (min_papers + 1) // 2)
    table = table.with_columns(_term_words(pl.col("term")).alias("_k"))
    spellings = table.select("term", "_k", "papers")
    if synonyms is not None and synonyms.height:
        from paperkit.text import fold_key_expr

        # Each surface of a synonym stands for the term its canonical form is displayed as.
        keyed = table.select("term", "papers", fold_key_expr(pl.col("term")).alias("_f"))
        if keys is not None:
            keyed = keyed.join(keys.select("term", pl.col("key").alias("_key")), on="term", how="left")
            keyed = keyed.select("term", "papers", pl.coalesce("_key", "_f").alias("_f"))
        surfaces = synonyms.select(
            fold_key_expr(pl.col("canonical")).alias("_f"), pl.col("term").alias("_s"))
        surfaces = pl.concat([surfaces, synonyms.select(
            fold_key_expr(pl.col("canonical")).alias("_f"), pl.col("canonical").alias("_s"))])
        extra = keyed.join(surfaces, on="_f").select("term", _term_words(pl.col("_s")).alias("_k"), "papers")
        spellings = pl.concat([spellings, extra]).unique(["term", "_k"])
    spellings = spellings.with_columns(pl.col("_k").str.split(" ").alias("_w")).with_columns(
        pl.col("_w").list.len().alias("_n"))
    longer = spellings.filter(pl.col("_n") >= 2)
    max_n = int(longer["_n"].max() or 0)
    parts = [
        longer.filter(pl.col("_n") > length, pl.col("_n") >= start + length).select(
            pl.col("_w").list.slice(start, length).list.join(" ").alias("_k"),
            pl.col("term").alias("container"), pl.col("papers").alias("container_papers"))
        for length in range(1, max_n) for start in range(0, max_n - length + 1)
    ]
    out = table.filter(pl.col("papers") >= min_papers)
    if parts:
        best = (
            pl.concat(parts).join(out.select("_k", pl.col("term").alias("_t")), on="_k", how="semi")
            .sort(["container_papers", "container"], descending=[True, False]).unique("_k", keep="first")
        )
        out = out.join(best, on="_k", how="left").with_columns(
            pl.when(pl.col("container") == pl.col("term")).then(None).otherwise(pl.col("container")).alias("container"))
        out = out.with_columns(pl.when(pl.col("container").is_null()).then(None)
                                              .otherwise(pl.col("container_papers")).alias("container_papers"))
    else:
        out = out.with_columns(pl.lit(None, pl.String).alias("container"),
                               pl.lit(None, pl.UInt32).alias("container_papers"))
    ratio = (pl.col("container_papers").cast(pl.Float64) / pl.col("papers")).clip(upper_bound=1.0).fill_null(0.0)
    return out.with_columns(ratio.alias("inside_ratio")).sort("term").select(list(schema))


def near_duplicates(paper_terms: pl.DataFrame, terms: list[str], *, threshold: float = 0.75) -> pl.DataFrame:
    """Which of the given terms name the same papers as a term before them in the list.

    Two terms are near-duplicates when the Jaccard similarity of the sets of papers using them
    is at least ``threshold``: "reinforcement" and "RL", "large language" and "LLMs", "KV" and
    "KV cache" are written in the same papers, while "agentic AI" (a fifth of the papers of
    "agentic") is a narrower term of its own. ``terms`` is an order of preference (e.g. a
    ranking): each term is compared with the terms before it and marked as the same as the
    first that it duplicates. The cost is one join of the papers of these terms.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]``.
    terms
        The terms to compare, best first (a few hundred at most is the intended use).
    threshold
        Smallest Jaccard similarity of two near-duplicates, in (0, 1].

    Returns
    -------
    polars.DataFrame
        ``term``, ``same_as`` (the earlier term it duplicates, or null), ``jaccard`` (Float64,
        with that term, or null); one row per distinct input term, in input order.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a", "b", "b", "c", "c", "d"],
    ...     "term": ["RL", "reinforcement", "RL", "reinforcement", "RL", "agents", "agents"]})
    >>> near_duplicates(pt, ["RL", "reinforcement", "agents"], threshold=0.6).rows()
    [('RL', None, None), ('reinforcement', 'RL', 0.6666666666666666), ('agents', None, None)]
    >>> near_duplicates(pt, ["RL", "reinforcement"], threshold=0.9)["same_as"].to_list()
    [None, None]
    """
    _check_terms_frame(paper_terms)
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    order = pl.DataFrame({"term": list(dict.fromkeys(terms))}, schema={"term": pl.String()}).with_row_index("_o")
    rows = paper_terms.lazy().select("paper_id", "term").join(order.lazy(), on="term", how="semi").unique().collect()
    sizes = rows.group_by("term").agg(pl.len().alias("_n"))
    ranked = rows.join(order, on="term")
    pairs = (
        ranked.join(ranked, on="paper_id", suffix="_b").filter(pl.col("_o_b") < pl.col("_o"))
        .group_by("term", "term_b").agg(pl.len().alias("_i"), pl.col("_o_b").first())
        .join(sizes, on="term").join(sizes.rename({"term": "term_b", "_n": "_n_b"}), on="term_b")
        .with_columns((pl.col("_i") / (pl.col("_n") + pl.col("_n_b") - pl.col("_i"))).alias("jaccard"))
        .filter(pl.col("jaccard") >= threshold)
        .sort("_o_b").unique("term", keep="first")
        .select("term", pl.col("term_b").alias("same_as"), "jaccard")
    )
    return order.join(pairs, on="term", how="left").sort("_o").select("term", "same_as", "jaccard")


def fragment_terms(
    paper_terms: pl.DataFrame,
    *,
    threshold: float = 0.8,
    min_papers: int = 5,
    synonyms: pl.DataFrame | None = None,
) -> list[str]:
    """Terms that are mostly written as part of a longer term: the fragments to leave out of trends.

    A term used by at least ``min_papers`` papers is a fragment when one longer term containing
    its words is used by at least ``threshold`` times as many papers
    (:func:`term_table_containment`: "large language" of "large language models",
    "reinforcement" of "reinforcement learning"). The cost is linear in the number of terms.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]``.
    threshold
        Smallest containment ratio of a fragment, in (0, 1].
    min_papers
        Terms used by fewer papers are too rare to judge and never listed.
    synonyms
        ``[term, canonical]``: spellings folded into a term also contain fragments.

    Returns
    -------
    list of str
        The fragments, sorted.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": ["a", "a"], "term": ["large language models", "large language"]})
    >>> fragment_terms(pt, min_papers=1)
    ['large language']
    """
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if not isinstance(min_papers, int) or min_papers < 1:
        raise ValueError(f"min_papers must be a positive integer, got {min_papers!r}")
    c = term_table_containment(paper_terms, synonyms=synonyms, min_papers=min_papers)
    return c.filter(pl.col("inside_ratio") >= threshold)["term"].to_list()


def log_odds_ratio(
    counts: pl.DataFrame,
    *,
    groups: tuple[str, str] | None = None,
    alpha0: float | None = None,
) -> pl.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior, and its z-score, between two groups.

    For term :math:`w` with counts :math:`y_w^a`, :math:`y_w^b` in groups :math:`a` and
    :math:`b` (totals :math:`n^a`, :math:`n^b`), the prior is the pooled frequency scaled to
    :math:`\\alpha_0`: :math:`\\alpha_w = \\alpha_0 (y_w^a + y_w^b) / (n^a + n^b)`. Then

    .. math::

        \\delta_w = \\log\\frac{y_w^a + \\alpha_w}{n^a + \\alpha_0 - y_w^a - \\alpha_w}
                  - \\log\\frac{y_w^b + \\alpha_w}{n^b + \\alpha_0 - y_w^b - \\alpha_w},
        \\qquad
        \\sigma^2(\\delta_w) \\approx \\frac{1}{y_w^a + \\alpha_w} + \\frac{1}{y_w^b + \\alpha_w},
        \\qquad z_w = \\delta_w / \\sigma(\\delta_w).

    Positive :math:`z` means more used in group ``a``; :math:`|z| > 1.96` is the usual bar.

    Parameters
    ----------
    counts
        ``[term, group, count]``: how often (e.g. in how many papers) each term occurs in each
        group. Missing (term, group) pairs count 0.
    groups
        ``(a, b)``: the group compared (a) and the reference (b); None takes the two groups
        present, in sorted order (an error if there are not exactly two).
    alpha0
        Prior size :math:`\\alpha_0`; None uses :math:`(n^a + n^b)/2`.

    Returns
    -------
    polars.DataFrame
        ``term``, ``count_a``, ``count_b``, ``alpha``, ``delta``, ``se``, ``z``; sorted by
        descending ``z``.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict. *Political
    Analysis* 16(4), 372-403 (eq. 16, 18 and 19).

    Examples
    --------
    >>> counts = pl.DataFrame({"term": ["agent", "agent", "gan", "gan", "data", "data"],
    ...     "group": ["new", "old", "new", "old", "new", "old"], "count": [30, 10, 5, 25, 65, 65]})
    >>> log_odds_ratio(counts, groups=("new", "old")).select("term", pl.col("z").round(3)).rows()
    [('agent', 2.754), ('data', 0.0), ('gan', -2.961)]
    """
    for col in ("term", "group", "count"):
        if col not in counts.columns:
            raise ValueError(f"counts frame needs columns [term, group, count]; missing {col!r} in {counts.columns}")
    present = sorted(counts["group"].unique().drop_nulls().to_list())
    if groups is None:
        if len(present) != 2:
            raise ValueError(f"log_odds_ratio compares exactly two groups; found {present}: pass groups=(a, b)")
        groups = (present[0], present[1])
    a, b = groups
    for g in (a, b):
        if g not in present:
            raise ValueError(f"group {g!r} has no counts; groups present: {present}")
    wide = (
        counts.filter(pl.col("group").is_in([a, b]))
        .group_by("term")
        .agg(
            pl.col("count").filter(pl.col("group") == a).sum().cast(pl.Float64).alias("count_a"),
            pl.col("count").filter(pl.col("group") == b).sum().cast(pl.Float64).alias("count_b"),
        )
    )
    n_a = wide["count_a"].sum()
    n_b = wide["count_b"].sum()
    if n_a == 0 or n_b == 0:
        raise ValueError(f"both groups need counts; totals are {a!r}: {n_a}, {b!r}: {n_b}")
    a0 = (n_a + n_b) / 2.0 if alpha0 is None else float(alpha0)
    if a0 <= 0:
        raise ValueError(f"alpha0 must be positive, got {alpha0!r}")
    alpha = a0 * (pl.col("count_a") + pl.col("count_b")) / (n_a + n_b)
    ya, yb = pl.col("count_a"), pl.col("count_b")
    out = wide.with_columns(alpha.alias("alpha")).with_columns(
        (
            ((ya + pl.col("alpha")) / (n_a + a0 - ya - pl.col("alpha"))).log()
            - ((yb + pl.col("alpha")) / (n_b + a0 - yb - pl.col("alpha"))).log()
        ).alias("delta"),
        (1.0 / (ya + pl.col("alpha")) + 1.0 / (yb + pl.col("alpha"))).sqrt().alias("se"),
    ).with_columns((pl.col("delta") / pl.col("se")).alias("z"))
    return out.with_columns(pl.col("count_a").cast(pl.Int64), pl.col("count_b").cast(pl.Int64)).sort(
        ["z", "term"], descending=[True, False]
    )


def _window(dates: pl.DataFrame, window, name: str) -> pl.Expr:
    if not (isinstance(window, tuple) and len(window) == 2):
        raise TypeError(f"{name} must be a (start, end) tuple of dates, end exclusive; got {window!r}")
    start, end = (pl.lit(w).cast(pl.Date) if w is not None else None for w in window)
    cond = pl.lit(True)
    if start is not None:
        cond = cond & (pl.col("date") >= start)
    if end is not None:
        cond = cond & (pl.col("date") < end)
    return cond


def trend_windows(papers: pl.DataFrame, *, date: str = "digest_date") -> pl.DataFrame:
    r"""The default windows of :func:`rising_terms`: a recent stretch and the stretch before it, fitted to the data.

    With :math:`M` calendar months of data (first to last dated paper), the recent window is
    the last :math:`R = \min(6, \max(1, \operatorname{round}(M/3)))` months and the earlier
    window the :math:`M - R` months before it, or :math:`2R` when the data are longer than
    :math:`3R + 1` months, so 8 months give "the last 3 against the 5 before" and two years "the
    last 6 against the 12 before"; windows start on the first of a month and the recent one ends
    with the data. Data spanning less than three months are cut in two halves by day, and data
    with a gap that leaves a window empty at the median date of the papers.

    Parameters
    ----------
    papers
        The papers frame (dates).
    date
        ``"digest_date"`` or ``"published"``.

    Returns
    -------
    polars.DataFrame
        Two rows, ``before`` then ``recent``: ``window``, ``start`` (Date, inclusive), ``end``
        (Date, exclusive), ``days``, ``papers`` (UInt32, dated papers inside).

    Examples
    --------
    >>> days = pl.date_range(_dt.date(2025, 1, 1), _dt.date(2025, 8, 31), interval="1d", eager=True)
    >>> papers = pl.DataFrame({"paper_id": [str(i) for i in range(len(days))], "digest_date": days})
    >>> trend_windows(papers).rows()
    [('before', datetime.date(2025, 1, 1), datetime.date(2025, 6, 1), 151, 151), ('recent', datetime.date(2025, 6, 1), datetime.date(2025, 9, 1), 92, 92)]
    """
    dates = _dates(papers, date)
    if dates.height == 0:
        raise ValueError(f"no paper has a {date!r}: there are no windows to compare")
    first, last = dates["date"].min(), dates["date"].max()
    if first == last:
        raise ValueError(f"all dated papers are from one day ({first}): there is no earlier window to compare with")
    end = last + _dt.timedelta(days=1)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months >= 3:
        recent_months = min(6, max(1, round(months / 3)))
        before_months = months - recent_months
        if months > 3 * recent_months + 1:
            before_months = 2 * recent_months
        last_month = _dt.date(last.year, last.month, 1)
        shift = lambda d, k: pl.select(pl.lit(d).dt.offset_by(f"-{k}mo")).item()  # noqa: E731
        recent_start = shift(last_month, recent_months - 1)
        before_start = shift(recent_start, before_months)
    else:
        recent_start = first + (end - first) / 2
        before_start = first
    inside = lambda a, b: dates.filter((pl.col("date") >= a) & (pl.col("date") < b)).height  # noqa: E731
    if not inside(before_start, recent_start) or not inside(recent_start, end):
        # Gaps in the data leave a window empty: cut at the median date of the papers instead.
        recent_start = dates["date"].sort()[dates.height // 2]
        recent_start = recent_start if recent_start > first else first + _dt.timedelta(days=1)
        before_start = first
    frame = pl.DataFrame({"window": ["before", "recent"], "start": [before_start, recent_start],
                          "end": [recent_start, end]}, schema={"window": pl.String(), "start": pl.Date(), "end": pl.Date()})
    counts = [inside(a, b) for a, b in zip(frame["start"], frame["end"])]
    return frame.with_columns(
        (pl.col("end") - pl.col("start")).dt.total_days().cast(pl.Int64).alias("days"),
        pl.Series("papers", counts, dtype=pl.UInt32),
    )


def describe_windows(windows: pl.DataFrame) -> str:
    """One sentence naming the two windows of :func:`trend_windows` with their lengths and papers.

    Examples
    --------
    >>> w = pl.DataFrame({"window": ["before", "recent"], "start": [_dt.date(2025, 1, 1), _dt.date(2025, 6, 1)],
    ...     "end": [_dt.date(2025, 6, 1), _dt.date(2025, 9, 1)], "days": [151, 92], "papers": [1200, 800]})
    >>> describe_windows(w)
    'the recent window, 2025-06-01 to 2025-08-31 (92 days, 800 papers), against the window before it, 2025-01-01 to 2025-05-31 (151 days, 1,200 papers)'
    """
    rows = {r["window"]: r for r in windows.iter_rows(named=True)}
    part = lambda r: (f"{r['start']} to {r['end'] - _dt.timedelta(days=1)} ({r['days']} days, "  # noqa: E731
                      f"{r['papers']:,} papers)")
    return f"the recent window, {part(rows['recent'])}, against the window before it, {part(rows['before'])}"


#: Terms that are never topics: list enumerators ("ii", "(b)") and quantities ("10B", "256x256", "1st").
_NOT_A_TOPIC = r"(?i)^(?:[ivx]{1,4}|[a-h]|\d[\w.,]*)$"


def _p_values(z: pl.Expr) -> pl.Expr:
    """Two-sided normal p-values of z-scores."""
    from scipy.special import erfc

    return z.abs().map_batches(lambda s: pl.Series(erfc(s.to_numpy() / math.sqrt(2.0))), return_dtype=pl.Float64)


def _paper_odds_z(a: pl.Expr, c: pl.Expr, n_a: int, n_c: int) -> pl.Expr:
    """z of the log odds ratio of papers using a term in two windows (Woolf's standard error,
    0.5 added to every cell): ``a`` of ``n_a`` papers against ``c`` of ``n_c``."""
    a, b = a + 0.5, n_a - a + 0.5
    c, d = c + 0.5, n_c - c + 0.5
    return ((a * d) / (b * c)).log() / (1 / a + 1 / b + 1 / c + 1 / d).sqrt()


def _bh(p: pl.Series) -> pl.Series:
    """Benjamini-Hochberg adjusted p-values (q-values), in input order."""
    values = p.to_numpy()
    m = len(values)
    if m == 0:
        return pl.Series(values, dtype=pl.Float64)
    order = np.argsort(values)
    ranked = values[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out = np.empty(m)
    out[order] = q
    return pl.Series(out, dtype=pl.Float64)


def rising_terms(
    paper_terms: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    recent: tuple | None = None,
    before: tuple | None = None,
    date: str = "digest_date",
    min_papers: int = 5,
    alpha: float = 0.05,
    alpha0: float | None = None,
    drop_inside: float | None = 0.8,
    general: bool = False,
    synonyms: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Terms used by a larger (rising) or smaller (falling) share of papers recently than before.

    Counts are papers using the term in each window. Two questions are answered separately:

    * *Is the change real?* Each paper either uses the term or not, so the two windows form a
      2x2 table; the log odds ratio of that table with Woolf's standard error (0.5 added to
      each cell) gives a two-sided p-value. Thousands of terms are tested at once, so the
      p-values are adjusted for the false discovery rate (Benjamini & Hochberg 1995): a term is
      ``rising`` or ``falling`` when its q-value is below ``alpha``, and ``stable`` otherwise.
    * *How strong is it?* The z-score of :func:`log_odds_ratio` with an informative Dirichlet
      prior (Monroe et al. 2008), which pulls rare terms toward the corpus rate so that 3
      papers instead of 1 do not outrank 400 instead of 200. It orders the terms.

    Ranking: within each direction, *specific* terms come before single general-English words
    (:mod:`paperkit.lexicon`: "state", "budget", "points" are common in any English text and
    move with the wording of abstracts, not with topics; left out unless ``general=True``),
    each by strength (largest z first for
    rising terms, most negative first for falling ones), and near-duplicates of a term placed
    before them ("reinforcement" of "RL": nearly the same papers) come last. Rows come rising
    first, then falling, then stable (by decreasing ``|z|``).

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]``.
    papers
        The papers frame (dates).
    recent, before
        ``(start, end)`` dates, start inclusive and end exclusive (``None`` for open); both None
        (default) uses :func:`trend_windows`, which fits the windows to the data's span.
    date
        ``"digest_date"`` or ``"published"``.
    min_papers
        Keep terms used by at least this many papers over both windows.
    alpha
        False discovery rate below which a change is called rising or falling.
    alpha0
        Prior size, as in :func:`log_odds_ratio`.
    drop_inside
        Drop *fragments* (:func:`fragment_terms`: "reinforcement" of "reinforcement learning",
        "large language" of "large language models") with this containment threshold; None
        keeps every term. List enumerators ("ii", "(a)") and quantities ("10B", "1st") are
        always dropped.
    general
        Keep single general-English words (:func:`paperkit.lexicon.term_specificity`: "state",
        "budget", "points"), ranked after the specific terms of their direction. By default
        they are left out: they move with the wording of abstracts, not with their topics.
    synonyms
        ``[term, canonical]`` used for the terms (for :func:`fragment_terms`).

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers_recent``, ``papers_before``, ``share_recent``, ``share_before`` (of
        all dated papers in the window), ``delta``, ``z``, ``p_value``, ``q_value``,
        ``direction`` ("rising", "falling" or "stable"), ``general`` (a single general-English
        word), ``same_as`` (a better-placed term of the same direction used by nearly the same
        papers, :func:`near_duplicates`, or null), ``rank`` (UInt32, 1 = first of its
        direction); in the order described above.

    References
    ----------
    Monroe, Colaresi & Quinn (2008), see :func:`log_odds_ratio`.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
    powerful approach to multiple testing. *J. R. Stat. Soc. B* 57(1), 289-300.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": [str(i) for i in range(40)],
    ...     "digest_date": [_dt.date(2024, 1, 1)] * 20 + [_dt.date(2025, 1, 1)] * 20})
    >>> pt = pl.DataFrame({"paper_id": [str(i) for i in list(range(2)) + list(range(20, 38)) + list(range(18)) + [39]],
    ...     "term": ["agentic RL"] * 20 + ["GAN"] * 19})
    >>> r = rising_terms(pt, papers, recent=(_dt.date(2025, 1, 1), None), before=(None, _dt.date(2025, 1, 1)))
    >>> r.select("term", "papers_recent", "papers_before", "direction", "rank").rows()
    [('agentic RL', 18, 2, 'rising', 1), ('GAN', 1, 18, 'falling', 1)]
    """
    from paperkit.lexicon import term_specificity

    _check_terms_frame(paper_terms)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    if recent is None and before is None:
        windows = trend_windows(papers, date=date)
        before, recent = ((r["start"], r["end"]) for r in windows.iter_rows(named=True))
    elif recent is None or before is None:
        raise ValueError("give both recent and before, or neither (then trend_windows() fits them to the data)")
    dates = _dates(papers, date)
    dates = dates.with_columns(
        pl.when(_window(dates, recent, "recent")).then(pl.lit("recent"))
        .when(_window(dates, before, "before")).then(pl.lit("before"))
        .alias("group")
    ).drop_nulls("group")
    totals = dates.group_by("group").agg(pl.len().alias("n"))
    tot = dict(totals.iter_rows())
    for g in ("recent", "before"):
        if tot.get(g, 0) == 0:
            raise ValueError(f"the {g} window {recent if g == 'recent' else before!r} has no papers with a {date!r}")
    # One pass over the (paper, term) rows; everything after works on the term table.
    by_group = (
        _term_rows(paper_terms).join(dates.lazy().select("paper_id", "group"), on="paper_id", how="left")
        .group_by("term", "group").agg(pl.len().alias("count")).collect(engine="streaming")
    )
    table = by_group.group_by("term").agg(pl.col("count").sum().cast(pl.UInt32).alias("papers"))
    drop = table.filter(pl.col("papers") >= min_papers, pl.col("term").str.contains(_NOT_A_TOPIC))["term"]
    if drop_inside is not None:
        keys = None
        if synonyms is not None and synonyms.height and "key" in paper_terms.columns:
            keys = paper_terms.lazy().select("term", "key").unique("term").collect()
        contained = _containment(table, synonyms=synonyms, keys=keys, min_papers=5)
        drop = pl.concat([drop, contained.filter(pl.col("inside_ratio") >= drop_inside)["term"]])
    counts = by_group.drop_nulls("group").filter(~pl.col("term").is_in(drop.implode()))
    keep = counts.group_by("term").agg(pl.col("count").sum().alias("_n")).filter(pl.col("_n") >= min_papers)
    counts = counts.join(keep.select("term"), on="term")
    if counts.height == 0 or counts["group"].n_unique() < 2:
        raise ValueError("too few terms in one of the windows to compare (lower min_papers or widen the windows)")
    lo = log_odds_ratio(counts, groups=("recent", "before"), alpha0=alpha0)
    lo = lo.with_columns(_p_values(_paper_odds_z(pl.col("count_a"), pl.col("count_b"), tot["recent"], tot["before"]))
                         .alias("p_value"))
    lo = lo.with_columns(_bh(lo["p_value"]).alias("q_value"))
    specificity = term_specificity(lo["term"].unique())["term", "general"].unique("term")
    lo = lo.join(specificity, on="term", how="left")
    if not general:
        lo = lo.filter(~pl.col("general").fill_null(False))
    out = lo.select(
        "term",
        pl.col("count_a").alias("papers_recent"),
        pl.col("count_b").alias("papers_before"),
        (pl.col("count_a") / tot["recent"]).alias("share_recent"),
        (pl.col("count_b") / tot["before"]).alias("share_before"),
        "delta", "z", "p_value", "q_value",
        pl.when(pl.col("q_value") >= alpha).then(pl.lit("stable"))
        .when(pl.col("z") > 0).then(pl.lit("rising")).otherwise(pl.lit("falling")).alias("direction"),
        pl.col("general").fill_null(False),
    )
    order = pl.col("direction").replace_strict({"rising": 0, "falling": 1, "stable": 2}, return_dtype=pl.Int8)
    strength = pl.when(pl.col("direction") == "falling").then(pl.col("z")).otherwise(-pl.col("z").abs())
    out = out.sort([order, pl.col("general"), strength, "term"])
    # Near-duplicates of a better-placed term of the same direction ("reinforcement" of "RL")
    # go after the distinct terms of that direction.
    changed = out.filter(pl.col("direction") != "stable")
    same = near_duplicates(paper_terms, changed["term"].to_list()) if changed.height else None
    if same is not None:
        same = same.join(changed.select("term", "direction"), on="term").join(
            changed.select(pl.col("term").alias("same_as"), pl.col("direction").alias("_d")), on="same_as", how="left"
        ).select("term", pl.when(pl.col("direction") == pl.col("_d")).then(pl.col("same_as")).alias("same_as"))
        out = out.join(same, on="term", how="left", maintain_order="left")
    else:
        out = out.with_columns(pl.lit(None, pl.String).alias("same_as"))
    out = out.with_row_index("_o").sort([order, pl.col("same_as").is_not_null(), "_o"]).drop("_o")
    return out.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("direction").alias("rank"))


def _kleinberg_states(r: np.ndarray, d: np.ndarray, *, s: float, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """Two-state batched Kleinberg automaton, Viterbi over all terms at once.

    ``r``: (terms, periods) relevant counts; ``d``: (periods,) totals. Returns the state matrix
    (1 = burst) and the per-period weight ``cost0 - cost1`` (positive where a burst fits better).
    """
    n_terms, n = r.shape
    big_r = r.sum(axis=1)
    big_d = d.sum()
    p0 = np.clip(big_r / max(big_d, 1), 1e-12, 1 - 1e-12)[:, None]
    p1 = np.clip(s * p0, 1e-12, 1 - 1e-9)
    dd = np.broadcast_to(d[None, :], r.shape)
    cost0 = -(r * np.log(p0) + (dd - r) * np.log(1 - p0))
    cost1 = -(r * np.log(p1) + (dd - r) * np.log(1 - p1))
    up = gamma * math.log(n)
    # Viterbi: best cost ending in state 0/1 at t, with back-pointers.
    c0 = cost0[:, 0].copy()
    c1 = cost1[:, 0] + up
    back1 = np.zeros((n_terms, n), dtype=bool)  # for state 1 at t: came from state 1?
    back0 = np.zeros((n_terms, n), dtype=bool)  # for state 0 at t: came from state 1?
    for t in range(1, n):
        from0_to1 = c0 + up
        stay1 = c1
        new1 = np.minimum(from0_to1, stay1) + cost1[:, t]
        back1[:, t] = stay1 <= from0_to1
        new0 = np.minimum(c0, c1) + cost0[:, t]
        back0[:, t] = c1 < c0
        c0, c1 = new0, new1
    states = np.zeros((n_terms, n), dtype=np.int8)
    cur = (c1 < c0).astype(np.int8)
    rows = np.arange(n_terms)
    for t in range(n - 1, -1, -1):
        states[:, t] = cur
        prev1 = np.where(cur == 1, back1[rows, t], back0[rows, t])
        cur = prev1.astype(np.int8)
    return states, cost0 - cost1


def bursts(
    shares: pl.DataFrame, *, s: float = 2.0, gamma: float = 1.0, min_strength: float = 0.0, skip_partial: bool = True
) -> pl.DataFrame:
    """Kleinberg's burst detection on per-period counts (the batched, two-state form).

    Each term is a sequence of batches: in period :math:`t`, :math:`r_t` of the :math:`d_t`
    papers use it. The base state emits at the term's overall rate :math:`p_0 = R/D`, the
    burst state at :math:`p_1 = s\\,p_0`; a period costs :math:`-\\log` of its binomial
    likelihood in the state, entering the burst state costs :math:`\\gamma \\ln n` (:math:`n`
    periods), leaving it is free. The cheapest state sequence (Viterbi) marks the bursts; a
    burst's strength is the sum over its periods of cost(base) - cost(burst). Empty periods
    (:math:`d_t = 0`) cost nothing in either state.

    Parameters
    ----------
    shares
        Output of :func:`term_shares` (``term``, ``period``, ``period_end``,
        ``papers_with_term``, ``papers``).
    s
        Rate ratio of the burst state (> 1).
    gamma
        Cost of entering a burst, in units of :math:`\\ln n`.
    min_strength
        Drop weaker bursts.
    skip_partial
        Treat periods flagged ``partial`` (only partly covered by the data: the first and last
        month of a download) as empty, so a half month cannot start or end a burst.

    Returns
    -------
    polars.DataFrame
        ``term``, ``start`` (first period), ``end`` (last day of the last period), ``periods``,
        ``strength``, ``papers_with_term`` (in the burst), ``papers`` (all papers in the burst
        periods); sorted by descending strength.

    References
    ----------
    Kleinberg, J. (2002). Bursty and hierarchical structure in streams. *KDD 2002*, 91-101
    (section 4, enumerating bursts in batched arrivals).

    Examples
    --------
    >>> periods = pl.date_range(_dt.date(2024, 1, 1), _dt.date(2024, 12, 1), interval="1mo", eager=True)
    >>> shares = pl.DataFrame({"term": "agents", "period": periods, "period_end": periods.dt.month_end(),
    ...     "papers_with_term": [2, 3, 2, 2, 3, 20, 25, 22, 3, 2, 3, 2], "papers": [100] * 12})
    >>> bursts(shares).select("term", "start", "end", "periods").rows()
    [('agents', datetime.date(2024, 6, 1), datetime.date(2024, 8, 31), 3)]
    """
    need = ("term", "period", "papers_with_term", "papers")
    missing = [c for c in need if c not in shares.columns]
    if missing:
        raise ValueError(f"shares frame is missing column(s) {missing}; expected the output of term_shares()")
    if s <= 1:
        raise ValueError(f"s (burst rate ratio) must be > 1, got {s!r}")
    if gamma <= 0:
        raise ValueError(f"gamma must be positive, got {gamma!r}")
    schema = {"term": pl.String(), "start": pl.Date(), "end": pl.Date(), "periods": pl.UInt32(),
              "strength": pl.Float64(), "papers_with_term": pl.Int64(), "papers": pl.Int64()}
    if shares.height == 0:
        return pl.DataFrame(schema=schema)
    if "period_end" not in shares.columns:
        shares = shares.with_columns(pl.col("period").alias("period_end"))
    if skip_partial and "partial" in shares.columns:
        shares = shares.with_columns(
            pl.when(pl.col("partial")).then(0).otherwise(pl.col(c)).alias(c) for c in ("papers_with_term", "papers"))
    periods = shares.select("period", "period_end").unique().sort("period")
    if periods.height < 2:
        raise ValueError(f"burst detection needs at least two periods; got {periods.height} (use a shorter 'every')")
    d = (
        shares.group_by("period").agg(pl.col("papers").max()).join(periods, on="period").sort("period")["papers"]
        .fill_null(0).to_numpy().astype(float)
    )
    wide = shares.pivot(on="period", index="term", values="papers_with_term", aggregate_function="sum", sort_columns=True)
    terms = wide["term"].to_list()
    cols = [str(p) for p in periods["period"].to_list()]
    wide = wide.rename({c: str(c) for c in wide.columns})
    r = wide.select([pl.col(c).fill_null(0) for c in cols]).to_numpy().astype(float)
    states, weight = _kleinberg_states(r, d, s=s, gamma=gamma)
    t_idx, p_idx = np.nonzero(states)
    if len(t_idx) == 0:
        return pl.DataFrame(schema=schema)
    marked = pl.DataFrame({
        "ti": t_idx, "pi": p_idx, "w": weight[t_idx, p_idx], "r": r[t_idx, p_idx], "d": d[p_idx],
    }).sort("ti", "pi")
    # Consecutive burst periods of one term form one burst.
    marked = marked.with_columns(
        ((pl.col("pi") - pl.col("pi").shift(1) != 1) | (pl.col("ti") != pl.col("ti").shift(1)))
        .fill_null(True).cum_sum().alias("bid")
    ).filter(pl.col("d") > 0)  # a burst starts and ends on periods with papers (not on empty/partial ones)
    starts = periods["period"]
    ends = periods["period_end"]
    out = marked.group_by("bid").agg(
        pl.col("ti").first(), pl.col("pi").min().alias("p0"), pl.col("pi").max().alias("p1"),
        pl.len().cast(pl.UInt32).alias("periods"), pl.col("w").sum().alias("strength"),
        pl.col("r").sum().cast(pl.Int64).alias("papers_with_term"), pl.col("d").sum().cast(pl.Int64).alias("papers"),
    )
    out = out.with_columns(
        pl.Series("term", [terms[i] for i in out["ti"].to_list()], dtype=pl.String()),
        starts.gather(out["p0"]).alias("start"),
        ends.gather(out["p1"]).alias("end"),
    )
    return (
        out.filter(pl.col("strength") > min_strength)
        .sort(["strength", "term"], descending=[True, False])
        .select(list(schema))
    )


def trend_topics(
    paper_terms: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    date: str = "digest_date",
    min_papers: int = 5,
    weight: str | None = "count",
) -> pl.DataFrame:
    """Each term's first quartile, median and third quartile of date, weighted by use.

    The "trend topics" of bibliometrix (``fieldByYear``): a term is placed in time by the
    weighted quartiles of the dates of the papers that use it (weight: its occurrences in the
    paper when ``weight="count"``, else 1 per paper), so a term's span shows when it was used.

    Parameters
    ----------
    paper_terms
        ``[paper_id, term]`` plus the ``weight`` column when given.
    papers
        The papers frame (dates).
    date
        ``"digest_date"`` or ``"published"``.
    min_papers
        Keep terms used by at least this many papers.
    weight
        Column of ``paper_terms`` with a per-paper weight, or None for one per paper.

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers``, ``uses`` (sum of weights), ``q1``, ``median``, ``q3`` (Dates);
        sorted by median then term.

    References
    ----------
    Aria, M. & Cuccurullo, C. (2017). bibliometrix: An R-tool for comprehensive science
    mapping analysis. *Journal of Informetrics* 11(4), 959-975 (``fieldByYear``).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": list("abcd"), "digest_date": [_dt.date(2025, m, 1) for m in (1, 2, 3, 4)]})
    >>> pt = pl.DataFrame({"paper_id": list("abcd"), "term": ["RAG"] * 4, "count": [1, 1, 1, 5]})
    >>> trend_topics(pt, papers, min_papers=1).select("term", "q1", "median", "q3").rows()
    [('RAG', datetime.date(2025, 2, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1))]
    """
    _check_terms_frame(paper_terms)
    if weight is not None and weight not in paper_terms.columns:
        raise ValueError(f"weight column {weight!r} not in paper terms frame {paper_terms.columns}; pass weight=None")
    w = pl.col(weight).cast(pl.Float64) if weight is not None else pl.lit(1.0)
    used = paper_terms.select("paper_id", "term", w.alias("w")).group_by("paper_id", "term").agg(pl.col("w").sum())
    used = used.join(_dates(papers, date), on="paper_id", how="inner").sort("term", "date")
    used = used.with_columns(
        (pl.col("w").cum_sum().over("term") / pl.col("w").sum().over("term")).alias("cw")
    )

    def q(p: float) -> pl.Expr:
        return pl.col("date").filter(pl.col("cw") >= p - 1e-12).first()

    return (
        used.group_by("term")
        .agg(pl.len().cast(pl.UInt32).alias("papers"), pl.col("w").sum().alias("uses"),
             q(0.25).alias("q1"), q(0.5).alias("median"), q(0.75).alias("q3"))
        .filter(pl.col("papers") >= min_papers)
        .sort(["median", "term"])
    )


def _term_regex(term: str) -> str:
    words = re.findall(r"[^\W_]+", term)
    if not words:
        raise ValueError(f"term {term!r} has no letters or digits to search for")
    parts = []
    for w in words:
        stem = re.escape(w)
        if w.lower().endswith("y") and len(w) > 3:
            stem = re.escape(w[:-1]) + "(?:y|ies)"
        elif w.lower().endswith("s") and len(w) > 3 and not w.lower().endswith("ss"):
            stem = re.escape(w[:-1]) + "(?:s|es)?"
        else:
            stem = stem + "(?:s|es)?"
        parts.append(stem)
    return r"(?i)\b" + r"[-\s]?".join(parts) + r"\b"


#: A ``sentence`` of :func:`keyword_in_context` longer than this is cut around the match (a pasted
#: page without full stops would otherwise be copied once per use: memory quadratic in its length).
MAX_SENTENCE_CHARS = 1_000


def _around(sentence: str, start: int, end: int) -> str:
    """The sentence, or at most :data:`MAX_SENTENCE_CHARS` of it centred on ``start:end`` with "…" at a cut."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    half = max(0, (MAX_SENTENCE_CHARS - (end - start)) // 2)
    lo, hi = max(0, start - half), min(len(sentence), end + half)
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def keyword_in_context(
    papers: pl.DataFrame,
    term: str,
    *,
    period: _dt.date | tuple | None = None,
    every: str = "1mo",
    date: str = "digest_date",
    width: int = 60,
) -> pl.DataFrame:
    """The papers and sentences that use a term (case, plural and hyphen/space variants).

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``; the ``date`` column when
        ``period`` is given).
    term
        The term, e.g. "fine-tuning" (also finds "fine tuning", "finetuning", "Fine-Tuning").
    period
        A date (the period of ``every`` that contains it) or a ``(start, end)`` tuple (end
        exclusive); None for all papers.
    every, date
        Period length and date column, as in :func:`period_counts`.
    width
        Characters of context kept on each side of the match.

    Returns
    -------
    polars.DataFrame
        ``paper_id``, ``date``, ``title``, ``sentence`` (the whole sentence, or at most
        :data:`MAX_SENTENCE_CHARS` characters of it around the match, cut with "…"), ``left``,
        ``match``, ``right`` (the keyword-in-context columns); one row per use, in paper order.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["Fine-tuning LLMs", "Vision"],
    ...     "abstract": ["We study it. Fine tuning helps small models. Nothing else.", "No match here."],
    ...     "digest_date": [_dt.date(2025, 1, 2), _dt.date(2025, 1, 3)]})
    >>> keyword_in_context(papers, "fine-tuning", width=10).select("paper_id", "left", "match", "right").rows()
    [('a', '', 'Fine-tuning', ' LLMs'), ('a', '', 'Fine tuning', ' helps sma')]
    """
    validate_papers(papers, required=("paper_id", "title", "abstract"))
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"term must be a non-empty string, got {term!r}")
    pattern = _term_regex(term)
    schema = {"paper_id": pl.String(), "date": pl.Date(), "title": pl.String(), "sentence": pl.String(),
              "left": pl.String(), "match": pl.String(), "right": pl.String()}
    frame = papers.select("paper_id", "title", "abstract")
    if date in papers.columns:
        col = pl.col(date) if papers.schema[date] == pl.Date else pl.col(date).dt.date()
        frame = frame.with_columns(papers.select(col.alias("date")).to_series())
    else:
        frame = frame.with_columns(pl.lit(None, pl.Date).alias("date"))
    if period is not None:
        if isinstance(period, tuple):
            frame = frame.filter(_window(frame, period, "period"))
        elif isinstance(period, _dt.date):
            _check_every(every)
            start = pl.select(pl.lit(period).cast(pl.Date).dt.truncate(every)).item()
            frame = frame.filter(pl.col("date").dt.truncate(every) == start)
        else:
            raise TypeError(f"period must be a date or a (start, end) tuple, got {period!r}")
    hits = frame.filter(
        pl.col("title").fill_null("").str.contains(pattern) | pl.col("abstract").fill_null("").str.contains(pattern)
    )
    rx = re.compile(pattern)
    rows = []
    for pid, title, abstract, day in hits.select("paper_id", "title", "abstract", "date").iter_rows():
        for sent in [title or ""] + sentences(abstract):
            for m in rx.finditer(sent):
                rows.append((pid, day, title, _around(sent, m.start(), m.end()), sent[max(0, m.start() - width): m.start()],
                             m.group(0), sent[m.end(): m.end() + width]))
    return pl.DataFrame(rows, schema=schema, orient="row")
