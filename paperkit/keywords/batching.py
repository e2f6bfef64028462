"""The batch loop: papers to (paper, term) rows on integer ids, and the names of the terms.

:func:`extract_terms` runs the whole extraction. Papers are processed :data:`BATCH_PAPERS` at a
time; for each batch (:func:`_batch_terms`):

1. tokens and their vocabulary ids (:class:`paperkit.keywords.candidates.Vocabulary`, shared
   between calls: :func:`paperkit.keywords.candidates.shared_vocabulary`), the enumerators and
   the gerund rule applied to the flags;
2. the word graph (:func:`paperkit.keywords.features.word_rank`) submitted to a worker thread;
3. the candidate occurrences (:func:`paperkit.keywords.candidates.occurrences`, plus the heads of
   compounds such as "LLM" of "LLM-based"), folded by synonyms and filtered by a vocabulary on
   their 62-bit term ids (:mod:`paperkit.keywords.ids`);
4. in the worker thread, after the graph: the spellings of the batch (their counts and their
   words' vocabulary ids), its weak pairs and its gerund counts;
5. one row per (paper, term) (:func:`_group_terms`);
6. in the worker thread, once the graph is done: the features
   (:func:`paperkit.keywords.features.batch_features`) summed with the weights
   (:data:`paperkit.keywords.ranking.WEIGHTS`) into ``part``.

The main thread meanwhile goes on with the next batch's tokens and candidates: the two threads
have about the same work per batch. After the last batch, terms get dense ids and their table
(``df``, ``occurrences``, ``title_df``), two batches' rows at a time in threads
(:func:`map_parts`), and each term is named by its most frequent spelling (:func:`_name_terms`):
only the spellings that name a term are ever spelled, and with ``names=False`` only those a
caller asks for.
"""

from __future__ import annotations

import functools

import numpy as np
import polars as pl

from paperkit.keywords.candidates import (
    END, MAX_WORDS, NO_TERM, OF, SINGLE, Vocabulary, documents, enumerators, occurrences, retire_vocabulary,
    shared_vocabulary,
)
from paperkit.keywords.features import batch_features, word_rank
from paperkit.keywords.ids import key_ids
from paperkit.keywords.ranking import WEIGHTS
from paperkit.keywords.synonyms import synonym_map
from paperkit.progress import progress
from paperkit.text import fold_key_expr, token_frame

__all__ = ["BATCH_PAPERS", "extract_terms", "map_parts"]

#: Papers tokenized at a time; the per-paper work runs batch by batch so memory stays flat.
BATCH_PAPERS = 10_000
#: Per-batch spelling rows kept before they are merged (about 36 bytes each).
_SPELLING_ROWS = 12_000_000
#: A gerund ("resulting", "preserving") is not a one-word term when, over at least GERUND_USES
#: uses in the corpus, fewer than GERUND_HEAD_SHARE of them end a longer candidate (see
#: :func:`_verbal_gerunds`).
GERUND_USES, GERUND_HEAD_SHARE = 20, 0.1


def _group_terms(occ: pl.DataFrame) -> pl.DataFrame:
    """One row per (paper, term) of a batch's occurrences, sorted by first occurrence.

    ``doc, th, tf, tf_title, tf_max`` (occurrences in all, in the title, maximal), ``span``
    (``row << 3 | n`` of the first occurrence) and ``n`` (the longest spelling, in words). Groups
    by one sort of a packed key (the batch's paper and 50 bits of the term id: two terms of one
    paper sharing them is a 2**-50 event) and segment reductions: about twice as fast as a hash
    group-by on (paper, term), where most groups have one row.
    """
    doc, th, n = occ["doc"].to_numpy(), occ["th"].to_numpy(), occ["n"].to_numpy()
    if len(doc) == 0:
        return pl.DataFrame(schema={"doc": pl.UInt32(), "th": pl.UInt64(), "tf": pl.UInt32(), "tf_title": pl.UInt32(),
                                    "tf_max": pl.UInt32(), "span": pl.UInt64(), "n": pl.UInt8()})
    key = ((doc - doc.min()).astype(np.uint64) << np.uint64(50)) | (th >> np.uint64(12))
    order = pl.Series(key).arg_sort().to_numpy()
    key = key[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    # Title and maximal occurrences summed as one packed count (each < 2**16 per paper).
    packed = occ["in_title"].to_numpy().astype(np.uint32) + occ["maximal"].to_numpy().astype(np.uint32) * 65536
    packed = np.add.reduceat(packed[order], first)
    span = np.minimum.reduceat(occ["row"].to_numpy()[order].astype(np.uint64) * np.uint64(8) + n[order], first)
    # Sorted by first occurrence (spans are distinct): the per-token gathers later read forward.
    by_span = np.argsort(span)
    at = first[by_span]
    return pl.DataFrame({
        "doc": doc[order[at]], "th": th[order[at]],
        "tf": np.diff(np.r_[first, len(key)]).astype(np.uint32)[by_span],
        "tf_title": (packed % 65536)[by_span], "tf_max": (packed // 65536)[by_span],
        "span": span[by_span], "n": np.maximum.reduceat(n[order], first)[by_span],
    })


def _batch_tokens(docs: pl.DataFrame, vocab: Vocabulary) -> tuple:
    """``(vid, doc, pos, in_title, flags)``: numpy arrays per token of a batch of documents.

    ``in_title`` is float32 (0/1); ``flags`` are the vocabulary's, with enumerators cleared and
    a gerund before a determiner or a number ("spanning the", "spanning 10": it takes an object)
    no longer ending a phrase."""
    tokens = token_frame(docs)
    vid = vocab.lookup(tokens["token"])
    a = vocab.arrays
    doc = tokens["doc"].to_numpy()
    pos = tokens["pos"].to_numpy()
    first_doc = int(docs["doc"][0])
    title_len = docs["title_len"].to_numpy()
    in_title = (pos < title_len[doc - first_doc]).astype(np.float32)
    flags = np.where(enumerators(vid, vocab), np.uint8(0), a["flags"][vid])
    verbal = a["ing"][vid][:-1] & a["det"][vid][1:]
    flags[:-1][verbal] &= np.uint8(~(END | SINGLE) & 0xFF)
    return vid, doc, pos, in_title, flags


def _batch_occurrences(vid, doc, pos, in_title, flags, a: dict, *, max_words: int, fold: tuple | None,
                       wanted: np.ndarray | None) -> pl.DataFrame:
    """The candidate occurrences of a batch (:func:`paperkit.keywords.candidates.occurrences`)
    and the heads of compounds, with ``hd`` (spelled by the head), folded by ``fold`` and kept
    when in ``wanted``; ``a`` are the vocabulary's arrays."""
    occ = occurrences(vid, doc, pos, in_title, flags, a, max_words=max_words).with_columns(pl.lit(False).alias("hd"))
    # The head of a compound ("LLM" of "LLM-based") is also an occurrence of its own term: one word,
    # spelled by the head (``hd``), its features read from the compound's token.
    head = a["head_vid"][vid]
    at = np.flatnonzero(head != NO_TERM)
    if len(at):
        hv = head[at]
        occ = pl.concat([occ, pl.DataFrame({
            "doc": doc[at], "pos": pos[at], "row": at.astype(np.uint32), "n": np.ones(len(at), np.uint8),
            "th": (a["h1"][hv] << np.uint64(31)) | a["h2"][hv], "sid": a["sid"][hv], "in_title": in_title[at] > 0,
            "maximal": np.zeros(len(at), bool), "weak": np.zeros(len(at), bool),
            "hd": np.ones(len(at), bool)}).cast(occ.schema)])
    if fold is not None:
        occ = occ.with_columns(pl.col("th").replace(fold[0], fold[1]))
    if wanted is not None:
        occ = occ.filter(pl.col("th").is_in(pl.Series(wanted).implode()))
    return occ


def _batch_spellings(occ: pl.DataFrame, vid: np.ndarray, a: dict, max_words: int) -> pl.DataFrame:
    """The spellings of a batch: ``sid, th, c`` (occurrences of each spelling) and ``p0 ..``
    (the vocabulary ids of its words, two per column, ``v0 << 32 | v1``; :data:`NO_TERM` past
    its end). They are spelled at the end, for the spelling that names each term only."""
    spellings = occ.group_by("sid").agg(pl.len().cast(pl.UInt32).alias("c"), pl.col("th").first(),
                                        pl.col("row").first(), pl.col("n").first(), pl.col("hd").first())
    starts = spellings["row"].cast(pl.Int64).to_numpy()
    n_sp = spellings["n"].to_numpy()
    v = [np.where(n_sp > j, vid[np.minimum(starts + j, len(vid) - 1)], NO_TERM).astype(np.uint64)
         for j in range(max_words + max_words % 2)]
    hd = spellings["hd"].to_numpy()
    if hd.any():
        v[0] = np.where(hd, a["head_vid"][v[0].astype(np.int64)], v[0]).astype(np.uint64)
    # Two words' ids per UInt64 column ("p0" = v0 << 32 | v1, ...): half the columns to carry.
    words = {f"p{k}": pl.Series((v[2 * k] << np.uint64(32)) | v[2 * k + 1]) for k in range(len(v) // 2)}
    return spellings.select("sid", "th", "c").with_columns(**words)


def _batch_weak(occ: pl.DataFrame) -> pl.DataFrame:
    """``th, weak`` of the terms of a batch with a weak spelling (a modifier and a generic head,
    :func:`paperkit.keywords.candidates.occurrences`): ``weak`` False when the batch also spells
    the term otherwise."""
    return occ.filter(pl.col("th").is_in(occ.filter("weak")["th"].implode())).group_by("th").agg(pl.col("weak").all())


def _batch_gerunds(occ: pl.DataFrame, vid: np.ndarray, a: dict) -> pl.DataFrame:
    """``th, heads, alone`` of the gerunds of a batch (a verb's ``-ing`` form without a noun
    reading in the lexicon: "reasoning", "editing", but also "resulting", "preserving"): how often
    each is the last word of a longer candidate ("mathematical reasoning", "image editing") and
    how often a candidate on its own; ``th`` is the id of the word as a one-word term."""
    plain = occ.filter(~pl.col("hd"))
    n = plain["n"].to_numpy().astype(np.int64)
    last = vid[plain["row"].to_numpy().astype(np.int64) + n - 1]
    ing = a["ing"][last]
    last, multi = last[ing], n[ing] > 1
    return pl.DataFrame({
        "th": (a["h1"][last] << np.uint64(31)) | a["h2"][last],
        "heads": multi.astype(np.uint32), "alone": (~multi).astype(np.uint32),
    }).group_by("th").agg(pl.col("heads").sum(), pl.col("alone").sum())


def _verbal_gerunds(stats: pl.DataFrame, fold: tuple | None) -> pl.Series:
    """The one-word terms of gerunds that the corpus uses as verbs: with at least
    :data:`GERUND_USES` uses, fewer than :data:`GERUND_HEAD_SHARE` of them as the last word of a
    longer candidate. "while preserving high fidelity", "the resulting model", "by integrating X"
    never name a process, while "reasoning", "editing", "decoding" head phrases in 40-60 % of
    their uses ("mathematical reasoning", "image editing"). A word that synonyms fold into
    another term is left to them."""
    stats = stats.group_by("th").agg(pl.col("heads").sum(), pl.col("alone").sum())
    uses = pl.col("heads") + pl.col("alone")
    verbal = stats.filter(uses >= GERUND_USES, pl.col("heads") < GERUND_HEAD_SHARE * uses)["th"]
    if fold is not None:
        verbal = verbal.filter(~verbal.is_in(fold[0].implode()))
    return verbal


def _weighted_rows(g: pl.DataFrame, attrs: dict, graph, words: dict, vid: np.ndarray,
                   weights: dict | None) -> pl.DataFrame:
    """The rows a batch leaves: ``doc, th, tf, tf_title, first_pos, n`` and ``part`` (the
    weighted sum of the batch features, float32) or, when ``weights`` is None, the features
    (:func:`paperkit.keywords.features.batch_features`)."""
    feats = batch_features(g, attrs, graph, words, vid)
    rows = g.select("doc", "th", "tf", "tf_title", "first_pos", "n")
    if weights is None:
        return rows.with_columns([pl.Series(k, v) for k, v in feats.items()])
    part = np.zeros(g.height, np.float32)
    for k, v in feats.items():
        w = weights.get(k, 0.0)
        if w:
            part += np.float32(w) * v
    return rows.with_columns(pl.Series("part", part))


def _batch_terms(
    docs: pl.DataFrame, vocab: Vocabulary, *, max_words: int, fold: tuple | None, wanted: np.ndarray | None,
    weights: dict | None, pool,
) -> tuple:
    """One batch of documents: tokens, candidates, word graph and features, on integer ids.

    A candidate's term is ``th``, the 62-bit id of its folded key combined from its words'
    hashes (:func:`paperkit.keywords.ids.key_hashes`); ``fold`` maps ids to canonical ids
    (``(from, to)``, UInt64 series) and ``wanted`` keeps only some ids.

    The word graph, the spellings and then the features run in ``pool`` (one worker thread:
    numpy, scipy and polars release the GIL) while this thread finds and groups the candidates
    (the vocabulary grows in this thread only). Returns two futures, so the
    caller can start the next batch first: ``rows`` as of :func:`_weighted_rows` and ``extras``,
    ``(spellings, weak, gerunds)`` as of :func:`_batch_spellings`, :func:`_batch_weak` and
    :func:`_batch_gerunds`.
    """
    vid, doc, pos, in_title, flags = _batch_tokens(docs, vocab)
    a = vocab.arrays
    # The word graph (numpy/scipy, which release the GIL) runs in a thread while polars finds
    # the candidates and groups them.
    graph = pool.submit(word_rank, doc, pos, flags, a["wid"][vid], in_title)
    occ = _batch_occurrences(vid, doc, pos, in_title, flags, a, max_words=max_words, fold=fold, wanted=wanted)
    # The spellings, weak pairs and gerunds after the graph in the same worker thread (first in,
    # first out): the two threads then have about the same work per batch. ``a`` may grow
    # meanwhile (the next batch's words), but its rows for ``vid`` never change.
    extras = pool.submit(lambda: (_batch_spellings(occ, vid, a, max_words), _batch_weak(occ),
                                  _batch_gerunds(occ, vid, a)))
    g = _group_terms(occ)
    g = g.with_columns(pl.Series("first_pos", pos[(g["span"].to_numpy() >> 3).astype(np.int64)]))
    attrs = {"of": ((flags & OF) > 0).astype(np.float32)}
    # The features wait for the graph in the same worker thread, so the main thread goes on
    # with the next batch's tokens and candidates meanwhile.
    return pool.submit(_weighted_rows, g, attrs, graph.result, vocab.word_features(), vid, weights), extras


def _fold_ids(syn: pl.DataFrame) -> tuple:
    """``(fold, canon)`` of a synonym map: ``fold`` = ``(from, to)`` term ids (UInt64 series; None
    without synonyms), ``canon`` = ``[th, canonical_key]`` of the canonical terms."""
    fold, canon = None, pl.DataFrame(schema={"th": pl.UInt64(), "canonical_key": pl.String()})
    if syn.height:
        # Synonyms fold on term ids: the id of each key maps to the id of its canonical key.
        pairs = syn.filter(pl.col("key") != pl.col("canonical_key"))
        fold = (pl.Series(key_ids(pairs["key"])), pl.Series(key_ids(pairs["canonical_key"])))
        canon = syn.select("canonical_key").unique(maintain_order=True)
        canon = canon.select(pl.Series("th", key_ids(canon["canonical_key"])), "canonical_key")
    return fold, canon


def _wanted_ids(vocabulary: list[str] | None, fold: tuple | None) -> np.ndarray | None:
    """The term ids a ``vocabulary`` keeps (None keeps all); a wanted synonym keeps the term it
    is folded into."""
    if vocabulary is None:
        return None
    wanted_keys = pl.DataFrame({"v": list(vocabulary)}, schema={"v": pl.String()}).select(
        fold_key_expr(pl.col("v")).alias("key")
    )["key"].drop_nulls().unique()
    wanted = key_ids(wanted_keys)
    if fold is not None:  # a wanted synonym keeps the term it is folded into
        wanted = np.union1d(wanted, fold[1].filter(fold[0].is_in(pl.Series(wanted).implode())).to_numpy())
    return wanted


def _run_batches(papers: pl.DataFrame, vocab: Vocabulary, *, max_words: int, fold: tuple | None,
                 wanted: np.ndarray | None, weights: dict | None) -> tuple:
    """``(parts, spellings, weak, verbal)`` of all batches: the rows of :func:`_weighted_rows` (``th``
    the 62-bit term id), one frame per batch in paper order; the spellings merged over batches
    (``sid, th, c, p0 .., batch``: the first batch that used the spelling), the ids of the
    terms only ever spelled as weak candidates (a modifier and a generic head) and those of the
    gerunds used as verbs (:func:`_verbal_gerunds`). The texts
    (:func:`paperkit.keywords.candidates.documents`) are made one batch at a time too: at a
    million papers a second copy of every text held 1.4 GB through the loop."""
    from concurrent.futures import ThreadPoolExecutor

    parts, spellings, weak, gerunds = [], [], [], []
    # In the column order of a batch's spellings (sid, th, c, p0 .., batch).
    agg = [pl.col("th").first(), pl.col("c").sum(), *[pl.col(f"p{k}").first() for k in range((max_words + 1) // 2)],
           pl.col("batch").min()]

    def done(batch: int, rows, extras) -> None:
        nonlocal spellings
        parts.append(rows.result())
        sp, wk, ger = extras.result()
        weak.append(wk)
        gerunds.append(ger)
        spellings.append(sp.with_columns(pl.lit(batch, pl.UInt32).alias("batch")))
        if sum(f.height for f in spellings) > _SPELLING_ROWS:  # keep the spelling table compact
            spellings = [pl.concat(spellings).group_by("sid").agg(agg)]

    # Batch k's word graph, spellings and features run in a worker thread while the main thread
    # goes on with batch k + 1; at most two batches are in flight, so memory stays flat.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = []
        # A progress bar on a terminal or in Jupyter from three batches (20,001 papers) up.
        batches = progress(range(0, papers.height, BATCH_PAPERS), None, desc="keywords", unit="batch", at_least=3)
        for batch, offset in enumerate(batches):
            if len(pending) == 2:
                done(*pending.pop(0))
            docs = documents(papers.slice(offset, BATCH_PAPERS)).with_columns(pl.col("doc") + offset)
            pending.append((batch, *_batch_terms(docs, vocab, max_words=max_words, fold=fold, wanted=wanted,
                                                 weights=weights, pool=pool)))
        while pending:
            done(*pending.pop(0))
    weak = pl.concat(weak).group_by("th").agg(pl.col("weak").all()).filter("weak")["th"]
    return parts, pl.concat(spellings).group_by("sid").agg(agg), weak, _verbal_gerunds(pl.concat(gerunds), fold)


def map_parts(fn, parts: list):
    """``fn(part)`` for each part, in order, two parts at a time in threads (polars and numpy
    release the GIL). A generator: the next part starts as a result is taken, so at most two
    results wait at a time; ``parts`` is emptied as they are taken, so a part is freed once done.

    Examples
    --------
    >>> parts = [1, 2, 3]
    >>> list(map_parts(lambda x: 10 * x, parts)), parts
    ([10, 20, 30], [])
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        running = deque()
        while parts or running:
            while parts and len(running) < 2:
                running.append(pool.submit(fn, parts.pop(0)))
            yield running.popleft().result()


def _dense_terms(parts: list[pl.DataFrame], spellings: pl.DataFrame, drop: pl.Series | None) -> tuple:
    """``(parts, terms, best)``: the rows of each part with dense term ids ``tid`` (in the order
    of the 62-bit ids) instead of ``th`` and without the terms ``drop``, the term table ``tid, df,
    occurrences, title_df`` (``title_df``: papers with the term in their title), and the
    spelling that names each term (``best``, in tid order).

    The parts are taken from ``parts`` two at a time (:func:`map_parts`; the list is emptied), so
    that next to the rows only two parts' copies are in memory: at a million papers, a filter and
    a rank of all rows at once held two more copies of them (3.4 GB each)."""
    # The most frequent spelling names the term (ties: the first seen); only those are spelled,
    # and the words' keys of that spelling give the term's key (unless synonyms fold it).
    best = spellings.sort(["th", "c", "batch", "sid"], descending=[False, True, False, False]).unique(
        "th", keep="first", maintain_order=True)
    # Every kept term has a spelling, in th order: its row is its tid (found by a hash join:
    # 4x faster than a binary search of the unsorted ids).
    n_terms = best.height
    tids = best.select("th", pl.int_range(n_terms, dtype=pl.UInt32).alias("tid"))
    df = np.zeros(n_terms, np.int64)
    occurrences = np.zeros(n_terms, np.float64)

    def dense(part: pl.DataFrame) -> tuple:
        if drop is not None:
            part = part.filter(~pl.col("th").is_in(drop.implode()))
        found = part.select("th").join(tids, on="th", how="left", maintain_order="left")["tid"]
        assert found.null_count() == 0, "a term without a spelling"
        tid = found.to_numpy()
        counts = (np.bincount(tid, minlength=n_terms),
                  np.bincount(tid, weights=part["tf"].to_numpy(), minlength=n_terms),
                  np.bincount(tid, weights=part["tf_title"].to_numpy() > 0, minlength=n_terms))
        return part.select("doc", found, pl.exclude("doc", "th")), counts

    out = []
    title_df = np.zeros(n_terms, np.float64)
    # Integer counts: their sums do not depend on the order the parts finish in.
    for part, (part_df, part_occurrences, part_title) in map_parts(dense, parts):
        df += part_df
        occurrences += part_occurrences
        title_df += part_title
        out.append(part)
    terms = pl.DataFrame({"tid": np.arange(n_terms, dtype=np.uint32), "df": df.astype(np.uint32),
                          "occurrences": occurrences.astype(np.uint32), "title_df": title_df.astype(np.uint32)})
    return out, terms, best


def extract_terms(
    papers: pl.DataFrame,
    *,
    synonyms: pl.DataFrame | None = None,
    vocabulary: list[str] | None = None,
    max_words: int = MAX_WORDS,
    weights: dict | None = None,
    features: bool = False,
    names: bool = True,
    as_parts: bool = False,
) -> tuple:
    """Per-(paper, term) rows and the term table of the corpus.

    Papers are processed :data:`BATCH_PAPERS` at a time (tokens, candidates, word graph,
    features); only compact per-(paper, term) rows on integer ids are kept.

    Parameters
    ----------
    papers
        ``title`` and ``abstract`` (already checked); row numbers are the ``doc`` ids.
    synonyms
        ``[term, canonical]`` to fold (as resolved by
        :func:`paperkit.keywords.synonyms.resolve_synonyms`), or None.
    vocabulary
        Keep only these terms (compared after folding); None keeps every candidate.
    max_words
        Longest candidate, in words.
    weights, features
        ``part`` is the weighted sum of the per-batch features with ``weights`` (None:
        :data:`paperkit.keywords.ranking.WEIGHTS`); with ``features=True`` the features
        themselves are returned instead (to fit weights).
    names
        Name every term (see Returns).
    as_parts
        Return ``doc_terms`` as a list of frames, one per batch of papers (in paper order, no
        paper in two), so that a caller can process and free them one by one.

    Returns
    -------
    tuple
        ``(doc_terms, terms)``: ``doc_terms`` has ``doc, tid, tf, tf_title, first_pos, n``
        and either ``part`` or the features; ``terms`` has ``tid`` (UInt32, dense, in the order
        of the terms' 62-bit hash ids), ``key, display, df, occurrences, title_df`` (papers with
        the term in their title). With ``names=False``
        the term table has no ``key`` and ``display`` and a third value is returned:
        ``name(tids)``, which gives ``tid, key, display`` of those terms only (spelling a
        million terms costs more than a caller needing a few may want to pay).

    Examples
    --------
    >>> papers = pl.DataFrame({"title": ["Agents for code"], "abstract": ["LLM agents write code."]})
    >>> rows, terms = extract_terms(papers)
    >>> sorted(terms["display"].to_list())
    ['LLM', 'LLM agents', 'agents', 'code']
    """
    syn = synonym_map(synonyms)
    fold, canon = _fold_ids(syn)
    wanted = _wanted_ids(vocabulary, fold)
    w = None if features else (WEIGHTS if weights is None else weights)
    vocab = shared_vocabulary()
    parts, spellings, weak, verbal = _run_batches(papers, vocab, max_words=max_words, fold=fold, wanted=wanted,
                                                  weights=w)
    retire_vocabulary(vocab)
    # A modifier and a generic head is a term when the corpus also writes it otherwise ("deep
    # research" of "DeepResearch"), or when a caller asks for it by name; else it is an evaluation
    # ("excellent performance", "strong baselines"). A gerund the corpus uses as a verb
    # ("preserving") is not a one-word term either, unless asked for by name.
    weak = pl.concat([weak, verbal]).unique()
    drop = weak if vocabulary is None and len(weak) else None
    if drop is not None:
        spellings = spellings.filter(~pl.col("th").is_in(drop.implode()))
    parts, terms, best = _dense_terms(parts, spellings, drop)
    # One frame of many chunks (no copy), or the parts themselves (one per batch of papers).
    doc_terms = parts if as_parts else pl.concat(parts)
    name = functools.partial(_name_terms, best=best.drop("sid", "c", "batch"), words=vocab.frame, syn=syn,
                             canon=canon, max_words=max_words)
    if not names:
        return doc_terms, terms, name
    named = name(None)
    return doc_terms, terms.select("tid", named["key"], named["display"], "df", "occurrences", "title_df")


def _name_terms(tids: np.ndarray | None, *, best: pl.DataFrame, words: pl.DataFrame, syn: pl.DataFrame,
                canon: pl.DataFrame, max_words: int) -> pl.DataFrame:
    """``tid, key, display`` of the terms ``tids`` (all when None), from the most frequent
    spelling of each (``best``: one row per term in tid order, ``th`` and its words' vocabulary
    ids packed in ``p0 ..``); a term that synonyms fold into is displayed in its canonical form."""
    if tids is None:
        tids = np.arange(best.height, dtype=np.uint32)
    rows = best[tids].with_columns(pl.Series("tid", tids, dtype=pl.UInt32))
    rows = rows.with_columns(
        (pl.col(f"p{j // 2}") // 2**32 if j % 2 == 0 else pl.col(f"p{j // 2}") % 2**32).cast(pl.UInt32).alias(f"v{j}")
        for j in range(max_words))
    present = [pl.col(f"v{j}") != NO_TERM for j in range(max_words)]
    for out, col, sep in (("display", "surface", " "), ("key", "wkey", "")):
        strings = words[col]
        rows = rows.with_columns(
            pl.concat_str([pl.when(present[j]).then(strings.gather(rows[f"v{j}"].replace(NO_TERM, 0)))
                           for j in range(max_words)], separator=sep, ignore_nulls=True).alias(out))
    if canon.height:
        rows = rows.join(canon, on="th", how="left", maintain_order="left").with_columns(
            pl.coalesce("canonical_key", "key").alias("key"))
    if syn.height:
        shown = syn.filter(pl.col("canonical") != "").unique("canonical_key").select(
            pl.col("canonical_key").alias("key"), "canonical")
        rows = rows.join(shown, on="key", how="left", maintain_order="left").with_columns(
            pl.coalesce("canonical", "display").alias("display"))
    return rows.select("tid", "key", "display")
