"""One row per short form of a corpus, with the senses its papers actually use: :func:`acronym_glossary`."""

from __future__ import annotations

import polars as pl

from paperkit.acronyms.extract import find_acronyms
from paperkit.acronyms.fields import FIELDS
from paperkit.acronyms.known import known_acronyms
from paperkit.acronyms.scan import mentions_of
from paperkit.acronyms.senses import lf_key_expr, same_sense, group_senses, sf_key_expr, singular_expr, long_form_stems
from paperkit.acronyms.usage import resolve_uses
from paperkit.normalize import validate_papers
from paperkit.text import ACRONYM_PLURAL

_SENSE = pl.Struct({"long_form": pl.String(), "source": pl.String(), "n_papers_defining": pl.UInt32(), "n_papers_using": pl.UInt32()})
_GLOSSARY_SCHEMA = {
    "short_form": pl.String(),
    "long_form": pl.String(),
    "variants": pl.List(pl.String()),
    "long_form_variants": pl.List(pl.String()),
    "n_papers_defining": pl.UInt32(),
    "n_papers_using": pl.UInt32(),
    "n_mentions": pl.UInt32(),
    "first_date": pl.Date(),
    "last_date": pl.Date(),
    "ambiguous": pl.Boolean(),
    "main_share": pl.Float64(),
    "n_senses": pl.UInt32(),
    "long_forms": pl.List(pl.String()),
    "key": pl.String(),
    "source": pl.String(),
    "senses": pl.List(_SENSE),
    "unresolved": pl.UInt32(),
}


def acronym_glossary(papers: pl.DataFrame, *, definitions: pl.DataFrame | None = None, min_papers: int = 1) -> pl.DataFrame:
    """One row per short form used in a corpus: the senses its papers mean, with counts.

    Short forms are grouped hyphen- and plural-insensitively ("LLM", "LLMs") and
    case-insensitively unless their case variants name different things ("JiT" = "Just image
    Transformers" and "JIT" = "just-in-time" stay apart; "LoRA" and "LORA" are one). Long forms
    are grouped into *senses* by their content-word stems (Porter), so "convolutional neural
    network" and "Convolutional Neural Networks" are one sense and "conditional neural network"
    another; spelling (British/American), hyphens, case, plural, a leading determiner and an
    inflection ("small"/"smaller language model") do not make a new sense, and short forms
    inside a long form are expanded first ("Multimodal LLM" = "multimodal large language
    model"). Each sense is shown as most papers write it.

    Every use of a short form is then given a sense (:mod:`paperkit.acronyms.usage`): the
    paper's own definition first, otherwise evidence in the paper (the long form's words, a
    number next to a measure such as "19.5 FPS", words shared with the sense's defining
    papers), else "unknown". Short forms the corpus uses but never defines get the usual
    expansion from a curated list (:func:`~paperkit.acronyms.known.known_acronyms`,
    ``source = "known list"``), which also offers senses for uses in papers that do not define
    a short form; it never replaces a corpus definition. The headline ``long_form`` is the
    sense most papers use. A short form is ``ambiguous`` when a second sense is used by at
    least two papers and by at least 5% as many papers as the main sense.

    Parameters
    ----------
    papers
        A papers frame (``paper_id``, ``title``, ``abstract``, ``digest_date``).
    definitions
        Output of :func:`find_acronyms` on ``papers``, when already computed.
    min_papers
        Keep short forms defined by at least this many papers (short forms from the known
        list: used by at least this many).

    Returns
    -------
    polars.DataFrame
        ``short_form`` (the most used surface form), ``long_form`` (the sense most papers
        use, in its most frequent wording), ``variants`` (short-form surface forms),
        ``long_form_variants`` (wordings of that sense), ``n_papers_defining``,
        ``n_papers_using`` (papers that mention it at all), ``n_mentions``,
        ``first_date``/``last_date`` (digest dates of the papers using it), ``ambiguous``,
        ``main_share`` (the share of the defining papers that define the headline sense),
        ``n_senses`` (senses used by at least one paper), ``long_forms`` (one wording per used
        sense, most used first), ``key`` (the folded short form), ``source`` (``"corpus"`` or
        ``"known list"``: where the headline sense comes from), ``senses`` (per used sense:
        ``long_form``, ``source``, ``n_papers_defining``, ``n_papers_using``; most used first)
        and ``unresolved`` (papers using the short form whose sense is unknown). Sorted by
        papers using it.

    Examples
    --------
    >>> import datetime as dt
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "title": ["A", "B", "C"],
    ...     "abstract": ["Large language models (LLMs) are big. LLMs talk.",
    ...                  "A large language model (LLM) helps.",
    ...                  "We use an LLM."],
    ...     "digest_date": [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]})
    >>> g = acronym_glossary(papers)
    >>> g.select("short_form", "long_form", "variants", "n_papers_defining", "n_papers_using", "n_mentions").rows()
    [('LLM', 'large language model', ['LLM', 'LLMs'], 2, 3, 4)]
    >>> g["senses"].to_list()
    [[{'long_form': 'large language model', 'source': 'corpus', 'n_papers_defining': 2, 'n_papers_using': 3}]]
    """
    validate_papers(papers, required=("paper_id", "title"))
    if definitions is None:
        fields = tuple(f for f in FIELDS if f in papers.columns)
        definitions = find_acronyms(papers, fields=fields)
    if definitions.height == 0:
        return pl.DataFrame(schema=_GLOSSARY_SCHEMA)
    defs, cands, uses = resolve_senses(papers, definitions)
    return _assemble(papers, _entries(defs, cands, uses, min_papers), uses, min_papers)


def _assemble(papers: pl.DataFrame, entries: pl.DataFrame, uses: pl.DataFrame, min_papers: int) -> pl.DataFrame:
    """The glossary rows: entries with their use counts, dates and display short form, known-list
    entries kept when used by ``min_papers`` papers, sorted by papers using them."""
    used, singular = _usage(papers, uses)
    out = (
        entries.join(used, on="key", how="left")
        .join(singular, on="key", how="left")
        .with_columns(
            pl.coalesce(
                "_singular",
                pl.col("_surface").str.replace(r"([A-Z0-9])s$", "${1}"),
                pl.col("variants").list.first(),
            ).alias("short_form"),
            pl.col("n_papers_using").fill_null(pl.col("n_papers_defining")),
            pl.col("n_mentions").fill_null(0),
        )
        .filter(pl.col("n_papers_using") >= pl.when(pl.col("n_papers_defining") > 0).then(0).otherwise(max(min_papers, 1)))
    )
    return out.sort(["n_papers_using", "n_papers_defining", "key"], descending=[True, True, False]).select(list(_GLOSSARY_SCHEMA)).cast(_GLOSSARY_SCHEMA)

def resolve_senses(papers: pl.DataFrame, definitions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The definitions with ``key`` and ``sense``, the candidate senses, and every mention with
    its resolved ``sense`` and ``evidence``."""
    defs = definitions.with_columns(
        sf_key_expr(pl.col("short_form")).alias("key"),
        lf_key_expr(pl.col("long_form")).alias("lf_key"),
    )
    defs = _split_case(defs)
    defs = defs.join(group_senses(defs).select("key", "lf_key", "sense"), on=["key", "lf_key"], how="left")
    cands = _candidates(_sense_rows(defs))
    surfaces = pl.concat([
        defs.select("short_form", "key").unique(),
        cands.filter(pl.col("source") == "known list").select("short_form", "key").unique(),
    ]).unique(subset=["short_form"], keep="first")
    mentions = mentions_of(papers, surfaces, FIELDS)
    return defs, cands, resolve_uses(mentions, papers, defs, cands)


def _split_case(defs: pl.DataFrame) -> pl.DataFrame:
    """Give case variants of a short form their own key when they share no sense ("JiT"
    "Just image Transformers" vs "JIT" "just-in-time"); variants sharing a sense ("LoRA",
    "LORA") keep one key."""
    case = pl.col("short_form").str.replace(r"([A-Z0-9])s$", "${1}").str.replace_all(r"[\-\s]", "")
    d = defs.with_columns(case.alias("_case"))
    multi = d.group_by("key").agg(pl.col("_case").n_unique().alias("_k")).filter(pl.col("_k") > 1)["key"]
    if multi.len() == 0:
        return defs
    sub = d.filter(pl.col("key").is_in(multi.implode()))
    sub = sub.join(group_senses(sub).select("key", "lf_key", "sense"), on=["key", "lf_key"], how="left")
    rename = {}
    for key, group in sub.group_by("key"):
        pairs = group.select("_case", "sense").unique()
        counts = group.group_by("_case").agg(pl.col("paper_id").n_unique().alias("n")).sort("n", "_case", descending=[True, False])
        comps: list[tuple[set, set]] = []  # (cases, senses), merged when they share a sense
        for c in counts["_case"]:
            mine = set(pairs.filter(pl.col("_case") == c)["sense"])
            for comp in comps:
                if comp[1] & mine:
                    comp[0].add(c)
                    comp[1].update(mine)
                    break
            else:
                comps.append(({c}, mine))
        if len(comps) > 1:
            for cases, _ in comps[1:]:
                rep = next(c for c in counts["_case"] if c in cases)
                rename.update({(key[0], c): f"{key[0]}:{rep}" for c in cases})
    if not rename:
        return defs
    table = pl.DataFrame([(k, c, v) for (k, c), v in rename.items()], schema=["key", "_case", "_new"], orient="row")
    return d.join(table, on=["key", "_case"], how="left").with_columns(pl.coalesce("_new", "key").alias("key")).drop("_case", "_new")


def _candidates(sense_rows: pl.DataFrame) -> pl.DataFrame:
    """Candidate senses per key: ``key, sense, long_form, short_form, source, measure, cues,
    wordings`` (a corpus sense's wordings, null for the known list's).
    The corpus senses; a known-list sense joins a corpus key when no corpus sense names the
    same thing (else its cues join that sense); short forms never defined get their
    known-list senses."""
    known = known_acronyms().with_columns(sf_key_expr(pl.col("short_form")).alias("_base"))
    corpus = sense_rows.select("key", "sense", pl.col("wording").alias("long_form"), pl.lit("corpus").alias("source"), "wordings").with_columns(
        pl.col("key").str.replace(r":.*$", "").alias("_base"))
    rows, extra = [], []
    stems = {}
    by_base = {b: g for (b,), g in known.group_by("_base")}
    cues_of: dict[tuple[str, int], tuple[list, bool]] = {}
    for (key,), group in corpus.group_by("key"):
        base = key.split(":")[0]
        kn = by_base.get(base)
        if kn is None:
            continue
        if ":" in key:  # a case variant of its own: only known senses spelled the same way
            kn = kn.filter(pl.col("short_form").str.replace_all("-", "") == key.split(":", 1)[1])
        next_id = int(group["sense"].max()) + 1
        for sf, lf, measure, cues in kn.select("short_form", "long_form", "measure", "cues").iter_rows():
            st = stems.setdefault(lf.lower(), long_form_stems(lf.lower()))
            same = [s for s, w in group.select("sense", "long_form").iter_rows()
                    if same_sense(st, stems.setdefault(w.lower(), long_form_stems(w.lower())))]
            if same:
                cues_of[(key, same[0])] = (cues, measure)
            else:
                extra.append((key, next_id, lf, sf, "known list", measure, cues))
                next_id += 1
    corpus_keys = set(corpus["_base"])
    for sf, lf, measure, cues, base in known.select("short_form", "long_form", "measure", "cues", "_base").iter_rows():
        if base not in corpus_keys and len(base) >= 2:
            rows.append((base, lf, sf, measure, cues))
    known_only = pl.DataFrame(rows, schema=["key", "long_form", "short_form", "measure", "cues"], orient="row")
    known_only = known_only.with_columns(
        pl.int_range(pl.len()).over("key").cast(pl.UInt32()).alias("sense"), pl.lit("known list").alias("source"))
    cue_frame = pl.DataFrame([(k, s, c, m) for (k, s), (c, m) in cues_of.items()],
                             schema={"key": pl.String(), "sense": pl.UInt32(), "cues": pl.List(pl.String()), "measure": pl.Boolean()}, orient="row")
    out = corpus.drop("_base").join(cue_frame, on=["key", "sense"], how="left").with_columns(
        pl.lit(None, dtype=pl.String()).alias("short_form"), pl.col("measure").fill_null(False))
    schema = {"key": pl.String(), "sense": pl.UInt32(), "long_form": pl.String(), "short_form": pl.String(),
              "source": pl.String(), "measure": pl.Boolean(), "cues": pl.List(pl.String()), "wordings": pl.List(pl.String())}
    extra_frame = pl.DataFrame(extra, schema=["key", "sense", "long_form", "short_form", "source", "measure", "cues"], orient="row")
    frames = [f if "wordings" in f.columns else f.with_columns(pl.lit(None).alias("wordings")) for f in (out, extra_frame, known_only)]
    return pl.concat([f.select(list(schema)).cast(schema) for f in frames if f.height])


def _entries(defs: pl.DataFrame, cands: pl.DataFrame, uses: pl.DataFrame, min_papers: int) -> pl.DataFrame:
    """Per key: papers defining it, variants, and its senses as used: the headline sense
    (most papers using it), ``senses``, ``long_forms``, ``ambiguous``, ``unresolved``."""
    per_key = (
        defs.group_by("key")
        .agg(
            pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_defining"),
            pl.col("short_form").unique().sort().alias("variants"),
        )
        # one-letter short forms ("action (A)") are definitions, but as words they are
        # everywhere ("A", "Q"): not glossary entries
        .filter((pl.col("n_papers_defining") >= min_papers) & (pl.col("key").str.len_chars() >= 2))
    )
    known_keys = cands.filter(pl.col("source") == "known list").group_by("key").agg(
        pl.col("short_form").drop_nulls().unique().sort().alias("variants"))
    known_keys = known_keys.join(per_key.select("key"), on="key", how="anti").with_columns(
        pl.lit(0, dtype=pl.UInt32()).alias("n_papers_defining"))
    per_key = pl.concat([per_key, known_keys.select(per_key.columns)])
    wordings = cands.filter(pl.col("wordings").is_not_null()).select("key", "sense", "wordings")
    using = pl.concat([
        uses.filter(pl.col("sense").is_not_null()).select("key", "sense", "paper_id"),
        defs.select("key", "sense", "paper_id"),
    ]).group_by("key", "sense").agg(pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_using"))
    sdef = defs.group_by("key", "sense").agg(pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_defining"))
    senses = (
        cands.select("key", "sense", "long_form", "source")
        .join(sdef, on=["key", "sense"], how="left")
        .join(using, on=["key", "sense"], how="inner")
        .join(wordings, on=["key", "sense"], how="left")
        .with_columns(pl.col("n_papers_defining").fill_null(0), pl.coalesce("wordings", pl.concat_list("long_form")).alias("wordings"))
        .sort(["key", "n_papers_using", "n_papers_defining", "sense"], descending=[False, True, True, False])
    )
    resolved = uses.filter(pl.col("sense").is_not_null()).select("key", "paper_id").unique()
    unresolved = (
        uses.filter(pl.col("sense").is_null()).select("key", "paper_id").unique()
        .join(resolved, on=["key", "paper_id"], how="anti")
        .join(defs.select("key", "paper_id").unique(), on=["key", "paper_id"], how="anti")
        .group_by("key").agg(pl.len().cast(pl.UInt32()).alias("unresolved"))
    )
    agg = senses.group_by("key", maintain_order=True).agg(
        pl.col("long_form").first(),
        pl.col("wordings").first().alias("long_form_variants"),
        pl.col("source").first(),
        pl.col("n_papers_defining").first().alias("_n_def_main"),
        pl.col("long_form").alias("long_forms"),
        pl.struct("long_form", "source", "n_papers_defining", "n_papers_using").alias("senses"),
        pl.len().cast(pl.UInt32()).alias("n_senses"),
        pl.col("n_papers_using").first().alias("_u0"),
        pl.col("n_papers_using").slice(1, 1).first().alias("_u1"),
    )
    return (
        per_key.join(agg, on="key", how="inner")
        .join(unresolved, on="key", how="left")
        .with_columns(
            pl.col("unresolved").fill_null(0),
            ((pl.col("_u1").fill_null(0) >= 2) & (pl.col("_u1").fill_null(0) >= 0.05 * pl.col("_u0"))).alias("ambiguous"),
            pl.when(pl.col("n_papers_defining") > 0).then(pl.col("_n_def_main") / pl.col("n_papers_defining")).alias("main_share"),
        )
    )


def _sense_rows(defs: pl.DataFrame) -> pl.DataFrame:
    """One row per ``key, sense``: papers defining it ``n``, its display ``wording`` and all
    its ``wordings``. The display wording is the one most papers write, compared without case
    first and then cased as most of them write it; sentence-initial capitals are dropped
    ("Large language models" -> "large language models") and singular short forms preferred."""
    lfd = pl.col("long_form")
    sentence_case = lfd.str.contains(r"^[A-Z][a-z]+(?:[\s\-][^A-Z\s]*)*$")
    defs = defs.with_columns(
        pl.when(sentence_case).then(lfd.str.slice(0, 1).str.to_lowercase() + lfd.str.slice(1)).otherwise(lfd)
        .str.replace(r"^(?i:a|an|the)\s+(\S)", "${1}").alias("_display"),
    ).with_columns(
        pl.col("short_form").str.contains(ACRONYM_PLURAL).alias("_plural"),
        singular_expr(pl.col("_display")).str.to_lowercase().str.replace_all(r"[\s\-]+", " ").alias("_fold"),
    )
    pick = (
        defs.group_by("key", "sense", "_fold")
        .agg(pl.col("paper_id").n_unique().alias("_nf"), (~pl.col("_plural")).any().alias("_sing"))
        .sort(["key", "sense", "_sing", "_nf", "_fold"], descending=[False, False, True, True, False])
        .group_by("key", "sense", maintain_order=True).first()
        .select("key", "sense", "_fold")
    )
    casing = (
        defs.join(pick, on=["key", "sense", "_fold"], how="inner")
        .with_columns(singular_expr(pl.col("_display")).alias("_w"))
        .group_by("key", "sense", "_w").agg(pl.col("paper_id").n_unique().alias("_nw"), (~pl.col("_plural")).any().alias("_s"))
        # ties: the wording of a singular short form, then lower case ("c" sorts after "C")
        .sort(["key", "sense", "_nw", "_s", "_w"], descending=[False, False, True, True, True])
        .group_by("key", "sense", maintain_order=True).first()
        .select("key", "sense", pl.col("_w").alias("wording"))
    )
    return (
        defs.group_by("key", "sense")
        .agg(pl.col("paper_id").n_unique().alias("n"), pl.col("long_form").unique().sort().alias("wordings"))
        .join(casing, on=["key", "sense"], how="left")
        .sort("key", "sense")
    )


def _usage(papers: pl.DataFrame, mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per key: papers using it, mentions, first and last dates and the most used surface
    ``_surface``; and the most used singular surface ``_singular``."""
    if "digest_date" in papers.columns:
        mentions = mentions.join(papers.select("paper_id", "digest_date"), on="paper_id", how="left")
    else:
        mentions = mentions.with_columns(pl.lit(None, dtype=pl.Date()).alias("digest_date"))
    used = mentions.group_by("key").agg(
        pl.col("paper_id").n_unique().cast(pl.UInt32()).alias("n_papers_using"),
        pl.len().cast(pl.UInt32()).alias("n_mentions"),
        pl.col("digest_date").min().alias("first_date"),
        pl.col("digest_date").max().alias("last_date"),
        pl.col("surface").mode().sort().first().alias("_surface"),
    )
    # display form: the most used surface form, singular when both are used
    sf_counts = mentions.group_by("key", "surface").len()
    singular = sf_counts.filter(~pl.col("surface").str.contains(ACRONYM_PLURAL)).sort("len", "surface", descending=[True, False]).group_by("key", maintain_order=True).first()
    return used, singular.select("key", pl.col("surface").alias("_singular"))
