"""Shares of papers per term and period, and the terms they are about.

:func:`term_shares` counts, per term and period, the papers using the term over *all papers of
that period* (the denominators of :func:`paperkit.trends.period_counts`), so a thin or partial
period does not read as a drop; periods without any paper are kept with ``papers = 0`` and a
null share, and ``min_period_papers`` nulls the share of periods too thin to read. Which terms:

* requested ones, in any spelling (:func:`lookup_terms`: case, plural, hyphen or space, British
  or American spelling, acronym or long form through synonyms); a request that matches nothing
  warns with :class:`TermNotFoundWarning`;
* or the most used *topical* terms (:func:`topical_terms`: no list enumerators or quantities, no
  general-English words, no fragments of longer terms, each concept once).
"""

from __future__ import annotations

import difflib
import warnings

import polars as pl

from paperkit.deprecation import renamed_keywords
from paperkit.frames import validate
from paperkit.keywords.synonyms import auto_synonyms, synonym_map
from paperkit.lexicon import term_specificity
from paperkit.memo import per_frame
from paperkit.text import NOT_A_TOPIC, fold_key, fold_key_expr
from paperkit.trends.fragments import containment_from_table, near_duplicates
from paperkit.trends.periods import dated_papers, period_counts
from paperkit.trends.terms import count_slices, merge_counts, papers_per_term, term_keys, term_rows

__all__ = ["TermNotFoundWarning", "lookup_terms", "term_shares", "topical_terms"]


class TermNotFoundWarning(UserWarning):
    """A requested term matches no term of the papers: its line is all zeros."""


@renamed_keywords(paper_terms="terms_frame")
@renamed_keywords(min_papers="min_period_papers")
def term_shares(
    terms_frame: pl.DataFrame,
    papers: pl.DataFrame,
    *,
    terms: list[str] | None = None,
    top: int = 20,
    every: str = "1mo",
    date: str = "digest_date",
    min_period_papers: int = 1,
    synonyms: pl.DataFrame | None = None,
    general: bool = False,
) -> pl.DataFrame:
    """Per term and period: papers using the term, all papers of the period, and the share.

    Parameters
    ----------
    terms_frame
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
    min_period_papers
        A period with fewer papers than this gets a null share (and so does an empty period).
        Was ``min_papers`` (deprecated: that name means "terms used by at least this many
        papers" everywhere else).
    synonyms
        ``[term, canonical]``, as given to :func:`paperkit.keywords.paper_terms`: lets a long
        form find its acronym's term and the reverse, and shows which terms are fragments of a
        long form ("language models" of "LLMs"). None, for a terms frame from
        :func:`paperkit.keywords.paper_terms` (with ``key``) of papers with titles: the acronym
        synonyms of the papers' glossary (:func:`paperkit.keywords.synonyms.auto_synonyms`,
        computed once per papers frame).
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
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "digest_date": [dt.date(2025, 1, 5), dt.date(2025, 1, 20), dt.date(2025, 3, 31)]})
    >>> pt = pl.DataFrame({"paper_id": ["a", "c"], "term": ["LoRA", "LoRA"]})
    >>> term_shares(pt, papers).select("period", "papers_with_term", "papers", "share").rows()
    [(datetime.date(2025, 1, 1), 1, 2, 0.5), (datetime.date(2025, 2, 1), 0, 0, None), (datetime.date(2025, 3, 1), 1, 1, 1.0)]
    >>> term_shares(pt, papers, terms=["loras"])["term"].unique().to_list()  # any spelling
    ['LoRA']
    """
    validate(terms_frame, "terms", needed_by="term_shares")
    if not isinstance(min_period_papers, int) or min_period_papers < 0:
        raise ValueError(f"min_period_papers must be a non-negative integer, got {min_period_papers!r}")
    schema = {"term": pl.String(), "period": pl.Date(), "period_end": pl.Date(), "papers_with_term": pl.UInt32(),
              "papers": pl.UInt32(), "share": pl.Float64(), "partial": pl.Boolean()}
    denom = period_counts(papers, every=every, date=date)
    if denom.height == 0:
        return pl.DataFrame(schema=schema)
    dates = dated_papers(papers, date).with_columns(pl.col("date").dt.truncate(every).alias("period"))
    if synonyms is None and "key" in terms_frame.columns and "title" in papers.columns:
        synonyms = auto_synonyms(papers)
    chosen, used = _term_papers(terms_frame, terms, top=top, synonyms=synonyms, general=general)
    used = used.join(dates, on="paper_id", how="inner")
    counts = used.group_by("term", "period").agg(pl.len().cast(pl.UInt32).alias("papers_with_term"))
    grid = pl.DataFrame({"term": chosen}, schema={"term": pl.String()}).join(denom, how="cross")
    out = grid.join(counts, on=["term", "period"], how="left").with_columns(
        pl.col("papers_with_term").fill_null(0)
    )
    return _with_shares(out, chosen, min_papers=min_period_papers).select(list(schema))


def _with_shares(counts: pl.DataFrame, chosen: list[str], *, min_papers: int) -> pl.DataFrame:
    """``share`` added to the counts of :func:`term_shares` (null in thin periods), in the order of ``chosen``."""
    thin = (pl.col("papers") == 0) | (pl.col("papers") < min_papers)
    out = counts.with_columns(
        pl.when(thin).then(None).otherwise(pl.col("papers_with_term") / pl.col("papers")).cast(pl.Float64).alias("share")
    )
    order = pl.DataFrame({"term": chosen, "_o": range(len(chosen))}, schema={"term": pl.String(), "_o": pl.Int64()})
    return out.join(order, on="term").sort("_o", "period")


def _term_papers(terms_frame: pl.DataFrame, terms: list[str] | None, *, top: int, synonyms: pl.DataFrame | None,
                 general: bool) -> tuple[list[str], pl.DataFrame]:
    """``(chosen, used)``: the terms reported, in order (the requests' matches, or the ``top``
    topical terms), and ``[paper_id, term]`` of the papers using each, under its reported name."""
    if terms is None:
        chosen = topical_terms(terms_frame, top=top, synonyms=synonyms, general=general)["term"].to_list()
        used = term_rows(terms_frame).filter(pl.col("term").is_in(chosen)).collect()
    else:
        if isinstance(terms, str):
            raise TypeError(f"terms must be a list of strings, got the string {terms!r}")
        matches = lookup_terms(terms_frame, list(dict.fromkeys(terms)), synonyms=synonyms)
        _warn_unmatched(matches, terms_frame, synonyms)
        chosen = list(dict.fromkeys(matches["term"].to_list()))
        key = pl.col("key") if "key" in terms_frame.columns else fold_key_expr(pl.col("term"))
        found = matches.drop_nulls("key").select("key", pl.col("term").alias("_label")).unique()
        used = (
            terms_frame.lazy().select("paper_id", key.alias("key"))
            .join(found.lazy(), on="key").select("paper_id", pl.col("_label").alias("term")).unique().collect()
        )
    return chosen, used


@renamed_keywords(paper_terms="terms_frame")
def lookup_terms(
    terms_frame: pl.DataFrame, terms: list[str], *, synonyms: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Find the term of the corpus that each requested spelling stands for.

    A request matches a term when their folding keys agree (:func:`paperkit.text.fold_key`:
    case, plural, hyphen or space, "of" spelled or hyphenated, British or American spelling),
    when it folds like the term's display form, or when ``synonyms`` fold it into the term
    (an acronym finds the term of its long form and the reverse, "reinforcement learning" and
    "RL"). One identity per concept: every spelling of a concept returns the same row.

    Parameters
    ----------
    terms_frame
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
    validate(terms_frame, "terms", needed_by="lookup_terms")
    if any(not isinstance(t, str) for t in terms):
        raise TypeError(f"terms must be strings, got {terms!r}")
    names, aliases = _frame_aliases(terms_frame)
    aliases = list(aliases)
    if synonyms is not None and synonyms.height:
        syn = synonym_map(synonyms)
        aliases.append(syn.select(pl.col("key").alias("alias"), pl.col("canonical_key").alias("key"),
                                  pl.lit(2).alias("_p")))
        # A long form whose own key names a term of the corpus (no folding happened).
        aliases.append(syn.select(pl.col("canonical_key").alias("alias"), pl.col("key"), pl.lit(3).alias("_p")))
    req = pl.DataFrame({"request": terms}, schema={"request": pl.String()}).with_row_index("_o").with_columns(
        pl.col("request").map_elements(fold_key, return_dtype=pl.String).alias("alias"))
    wanted = req["alias"].drop_nulls().implode()
    table = (
        pl.concat([a.filter(pl.col("alias").is_in(wanted)) for a in aliases]).drop_nulls()
        .join(names.select("key"), on="key", how="semi")
        .sort("_p").unique("alias", keep="first").select("alias", "key")
    )
    out = req.join(table, on="alias", how="left").join(names, on="key", how="left").sort("_o")
    return out.select(
        "request", "key", pl.coalesce("term", "request").alias("term"),
        pl.col("papers").fill_null(0).cast(pl.UInt32),
    )


@per_frame()
def _frame_aliases(terms_frame: pl.DataFrame) -> tuple[pl.DataFrame, tuple[pl.DataFrame, ...]]:
    """``(names, aliases)`` of a terms frame: papers and most used display form per key, and the
    aliases of each key (the key itself, the folded display forms); kept for the last few frames
    (:func:`paperkit.memo.per_frame`), so repeated look-ups in one frame fold its terms once."""
    key = pl.col("key") if "key" in terms_frame.columns else fold_key_expr(pl.col("term"))
    # Papers and most used display form per key. A frame of paperkit.keywords.paper_terms (with
    # key and score) has one row per paper and term, so its rows count the papers: no set of
    # paper ids per group (at a million papers those sets took over 4 GiB).
    n = pl.len() if {"key", "score"} <= set(terms_frame.columns) else pl.col("paper_id").n_unique()
    spelled = (
        terms_frame.lazy().select("paper_id", "term", key.alias("key")).group_by("key", "term")
        .agg(n.cast(pl.UInt32).alias("_n")).collect(engine="streaming")
    )
    names = (
        spelled.sort(["_n", "term"], descending=[True, False]).group_by("key", maintain_order=True)
        .agg(pl.col("term").first(), pl.col("_n").sum().cast(pl.UInt32).alias("papers"))
    )
    aliases = (names.select(pl.col("key").alias("alias"), "key", pl.lit(0).alias("_p")),
               spelled.select(fold_key_expr(pl.col("term")).alias("alias"), "key", pl.lit(1).alias("_p")))
    return names, aliases


def _papers_and_titles(terms_frame: pl.DataFrame) -> pl.DataFrame:
    """``term, papers, papers_title``: papers using each term, and with it in their title (null without ``in_title``)."""
    table = papers_per_term(terms_frame)
    if "in_title" not in terms_frame.columns:
        return table.with_columns(pl.lit(None, pl.UInt32).alias("papers_title"))
    titles = merge_counts([
        term_rows(part.filter(pl.col("in_title"))).group_by("term").agg(pl.len().cast(pl.UInt32).alias("papers_title"))
        .collect(engine="streaming") for part in count_slices(terms_frame)], ["term"], papers_title="sum")
    return table.join(titles, on="term", how="left").with_columns(pl.col("papers_title").fill_null(0))


def _warn_unmatched(matches: pl.DataFrame, terms_frame: pl.DataFrame, synonyms: pl.DataFrame | None = None) -> None:
    """Warn, naming the closest known terms, for each request that matched nothing. The long forms
    of ``synonyms`` count as spellings of the terms they fold into: a typo of "reinforcement
    learning" finds RL, shown as RL."""
    missing = matches.filter(pl.col("key").is_null())["request"].to_list()
    if not missing:
        return
    known = papers_per_term(terms_frame).sort("papers", descending=True).head(50_000)
    spellings = known.select(pl.col("term").alias("spelling"), "term", "papers")
    if synonyms is not None and synonyms.height:
        names, _ = _frame_aliases(terms_frame)
        folded = synonym_map(synonyms).select("key", "canonical_key")
        long = (synonyms.select(pl.col("term").alias("spelling"), fold_key_expr(pl.col("term")).alias("key"))
                .join(folded, on="key").join(names, left_on="canonical_key", right_on="key")
                .select("spelling", "term", "papers"))
        spellings = pl.concat([spellings, long]).unique(pl.col("spelling").str.to_lowercase(), keep="first",
                                                        maintain_order=True)
    lower = spellings["spelling"].str.to_lowercase().to_list()
    rows = spellings.rows()
    for request in missing:
        hints: dict[str, str] = {}  # one hint per term, in the order of closeness
        for c in difflib.get_close_matches(request.lower(), lower, n=3, cutoff=0.75):
            spelling, term, papers = rows[lower.index(c)]
            shown = "" if spelling == term else f"shown as {term!r}, "
            hints.setdefault(term, f"{spelling!r} ({shown}{papers:,} paper{'' if papers == 1 else 's'})")
        hint = ", ".join(hints.values())
        warnings.warn(
            f"{request!r} matches no term of these papers, so its line is all zeros"
            + (f"; closest terms: {hint}" if hint else "; check the spelling, or pass synonyms= to look up an acronym "
               "by its long form"),
            TermNotFoundWarning, stacklevel=4,  # the caller of term_shares (via _term_papers)
        )


@renamed_keywords(paper_terms="terms_frame")
def topical_terms(
    terms_frame: pl.DataFrame,
    *,
    top: int = 20,
    synonyms: pl.DataFrame | None = None,
    general: bool = False,
    min_papers: int = 5,
    by: str = "title",
) -> pl.DataFrame:
    """The terms that most papers are about, among those that name a topic, each concept once.

    Terms are ranked by the papers whose *title* uses them (``by="title"``, when the frame has
    the ``in_title`` column of :func:`paperkit.keywords.paper_terms`; ties and other frames: by
    all papers using them): a title says what a paper is about, while words of the abstract
    genre ("scenarios", "insights", "outputs") fill abstracts and rarely a title. Left out: list enumerators and quantities ("ii", "10B"), single general-English words
    (:mod:`paperkit.lexicon`; unless ``general``), fragments of longer terms
    (:func:`paperkit.trends.fragment_terms`) and near-duplicates of a term used by more papers
    (:func:`near_duplicates`: "reinforcement" after "RL"). The cost is linear in the number of
    terms, plus one join over the papers of the candidates.

    Parameters
    ----------
    terms_frame
        ``[paper_id, term]``.
    top
        How many terms.
    synonyms
        ``[term, canonical]`` used for the terms (fragments of long forms).
    general
        Keep single general-English words.
    min_papers
        Fragments are judged among terms used by at least this many papers.
    by
        ``"title"`` or ``"papers"`` (all papers using the term).

    Returns
    -------
    polars.DataFrame
        ``term``, ``papers`` (UInt32), ``papers_title`` (UInt32, null without ``in_title``);
        at most ``top`` rows, in ranking order.

    Examples
    --------
    >>> pt = pl.DataFrame({"paper_id": list("aabbccd"), "term": ["image", "diffusion models", "image",
    ...     "diffusion models", "image", "rollouts", "rollouts"]})
    >>> topical_terms(pt, top=2, min_papers=1).rows()  # "image" is everyday English
    [('diffusion models', 2, None), ('rollouts', 2, None)]
    >>> pt = pt.with_columns(in_title=pl.Series([False, False, False, False, False, True, False]))
    >>> topical_terms(pt, top=2, min_papers=1)["term"].to_list()  # what titles are about first
    ['rollouts', 'diffusion models']
    """
    validate(terms_frame, "terms", needed_by="topical_terms")
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    if by not in ("title", "papers"):
        raise ValueError(f"by must be 'title' or 'papers', got {by!r}")
    table = _papers_and_titles(terms_frame)
    order = (["papers_title", "papers", "term"] if by == "title" and "in_title" in terms_frame.columns
             else ["papers", "term"])
    descending = [True] * (len(order) - 1) + [False]
    table = table.filter(~pl.col("term").str.contains(NOT_A_TOPIC))
    keys = None
    if synonyms is not None and synonyms.height and "key" in terms_frame.columns:
        keys = term_keys(terms_frame)
    contained = containment_from_table(table, synonyms=synonyms, keys=keys, min_papers=min_papers)
    table = table.join(contained.filter(pl.col("inside_ratio") >= 0.8).select("term"), on="term", how="anti")
    table = table.sort(order, descending=descending)
    if not general:
        # Enough candidates that dropping general words and duplicates still leaves ``top``.
        head = table.head(8 * top + 50)
        head = head.join(term_specificity(head["term"]).unique("term"), on="term").filter(~pl.col("general"))
        table = head.select("term", "papers", "papers_title").sort(order, descending=descending)
    head = table.head(3 * top + 20)
    same = near_duplicates(terms_frame, head["term"].to_list())
    return (head.join(same.filter(pl.col("same_as").is_null()).select("term"), on="term", how="semi")
            .select("term", "papers", "papers_title").head(top))
