r"""Features of the score: what is measured of each (paper, term) pair.

The score of a term in a paper (:mod:`paperkit.keywords.ranking`) is a weighted sum of the
features below. All are computed on integer ids and float32 numpy arrays over whole batches.
Most are known within a batch (:data:`BATCH_FEATURES`, :func:`batch_features`); three need the
document frequency over the whole corpus (:data:`DF_FEATURES`) and are added once every batch
is done. Word features are read from the words of the term's *first occurrence* in the paper
(its *span*); "words" below are those words.

============ ===== ==================================================================================
code         kind  what it measures
============ ===== ==================================================================================
ltf          batch log of the term's frequency in the paper (occurrences in title and abstract)
n1           batch the term's longest spelling in the paper is one word (0/1)
n2           batch the term's longest spelling in the paper is two words (0/1)
n3           batch the term's longest spelling in the paper is three words (0/1; four or more: the base case)
mx           batch share of its occurrences that are *maximal* (not inside a longer candidate)
nomx         batch never maximal: every occurrence is inside a longer candidate (0/1)
tit          batch occurs in the title (0/1)
lfp          batch log(1 + token position of its first occurrence in title and abstract)
n1tf         batch ``n1 * ltf``: the frequency, for single words only
idf          df    corpus IDF, :math:`\log((N+1)/(df+0.5))` (:math:`df`: papers using the term)
df1          df    used by this paper only, :math:`df = 1` (0/1)
n1idf        df    ``n1 * idf``: the corpus IDF, for single words only
lspos        batch log of the sum of the words' PositionRank scores (the word graph below)
nlspos       batch longest spelling's word count times ``lspos``
lmpos        batch log of the mean of the words' PositionRank scores
lprl         batch log of the last word's PositionRank score (the head of the phrase)
lprm         batch log of the largest PositionRank score among the words
bg_min       batch smallest background IDF of the words (``resources/background_df.tsv``)
bg_mean      batch mean background IDF of the words
bg_first     batch background IDF of the first word
bg_last      batch background IDF of the last word
lastgen      batch the last word is a generic head noun ("method", "model"; 0/1)
first_inged  batch the first word ends in ``-ing`` or ``-ed`` (0/1)
last_inged   batch the last word ends in ``-ing`` or ``-ed`` (0/1)
digit        batch a word contains a digit (0/1)
lwm          batch log of the mean in-paper frequency of the words (at least 1)
lwf          batch log of the in-paper frequency of the first word (at least 1)
lwl          batch log of the in-paper frequency of the last word (at least 1)
wtit         batch a word of the term occurs in the title (0/1)
of           batch the term is joined by "of" ("chain of thought"; 0/1)
zf_first     batch everyday-English Zipf frequency of the first word (0 when absent or a name)
zf_last      batch everyday-English Zipf frequency of the last word
zf_min       batch smallest everyday-English Zipf frequency of the words
tshare       df    share of the papers using the term that have it in their title, ``title_df / (df + 1)``
============ ===== ==================================================================================

Background IDF is :math:`\log((N_b+1)/(df_b+1))` of the lower-cased word in a shipped table of
:math:`N_b` = 35,840 computer-science abstracts (a word missing from it has :math:`df_b = 0`).
The everyday-English Zipf frequency (``zf_*``) is that of the word as displayed in the list of
:mod:`paperkit.lexicon` (wordfreq): an evaluative or general word ("excellent", "simple",
"additional") is frequent in everyday English, a technical one ("convolutional", "eigenvalue")
is rare, and a name or an acronym is not in it. ``tshare`` is a corpus-wide keyphraseness prior:
how often the authors who use a term put it in their title.

The word graph (:func:`word_rank`, SingleRank/PositionRank): the words of a paper that may be
part of a candidate (flag :data:`paperkit.keywords.candidates.ANY`), one node per distinct folded
word, an edge between two that occur within :data:`WINDOW` tokens; PageRank with damping
:data:`DAMPING` over :data:`ITERATIONS` power steps, teleporting to a word in proportion to the sum
of ``1 / (position + 1)`` of its occurrences. A word's in-paper frequency (``lwm``, ``lwf``,
``lwl``) counts its occurrences as such a node; the log-PositionRank features add 1e-9 inside the
log.

References
----------
Mihalcea, R. & Tarau, P. (2004). TextRank: Bringing order into texts. *EMNLP 2004*.
Wan, X. & Xiao, J. (2008). Single document keyphrase extraction using neighborhood knowledge.
*AAAI 2008*.
Florescu, C. & Caragea, C. (2017). PositionRank: An unsupervised approach to keyphrase
extraction from scholarly documents. *ACL 2017*.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from paperkit.keywords.candidates import ANY

__all__ = ["BATCH_FEATURES", "DAMPING", "DF_FEATURES", "ITERATIONS", "WINDOW", "batch_features", "with_df_features",
           "word_rank"]

#: Co-occurrence window of the word graph (tokens), damping and iterations of its PageRank.
WINDOW, DAMPING, ITERATIONS = 3, 0.85, 20

#: Features of the score (see the module table). Those of :data:`DF_FEATURES` need the document
#: frequency over the whole corpus and are added after all batches; the others are computed per batch.
DF_FEATURES = ("idf", "df1", "n1idf", "tshare")
BATCH_FEATURES = ("ltf", "n1", "n2", "n3", "mx", "nomx", "tit", "lfp", "n1tf", "lspos", "nlspos", "lmpos", "lprl",
                  "lprm", "bg_min", "bg_mean", "bg_first", "bg_last", "lastgen", "first_inged", "last_inged", "digit",
                  "lwm", "lwf", "lwl", "wtit", "of", "zf_first", "zf_last", "zf_min")


def word_rank(doc, pos, flags, wid, in_title) -> tuple:
    """Position-biased PageRank of the candidate words of each document (PositionRank).

    Nodes are the distinct (document, word) pairs of tokens that may take part in a candidate;
    an edge joins two of them that occur within :data:`WINDOW` tokens; the teleport vector of a
    document is proportional to the sum of ``1 / (position + 1)`` of the word's occurrences. All
    documents are solved at once as one block-diagonal sparse matrix (power iteration, float32).

    Takes numpy arrays per token (``doc``, ``pos``, ``flags``, ``wid``: hash of the folded word,
    ``in_title``) and returns three per token: ``pr`` (word score, summing to 1 per document),
    ``wtf`` (word frequency in the document), ``wtitle`` (word seen in the title); zero for
    tokens that are not candidate words.
    """
    size = len(doc)
    pr_tok, wtf_tok, wtitle_tok = np.zeros(size, np.float32), np.zeros(size, np.float32), np.zeros(size, np.float32)
    sel = np.flatnonzero(flags & ANY)
    if len(sel) == 0:
        return pr_tok, wtf_tok, wtitle_tok
    d, p = doc[sel], pos[sel].astype(np.int64)
    pair = wid[sel] ^ (d.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    # Nodes numbered by the sorted pair value (as ``np.unique(..., return_inverse=True)``, 3x faster).
    node = pl.Series(pair).rank("dense").to_numpy().astype(np.int64) - 1
    m = int(node.max()) + 1
    bias = np.bincount(node, weights=1.0 / (p + 1.0), minlength=m)
    wtf = np.bincount(node, minlength=m).astype(np.float32)
    wtitle = (np.bincount(node, weights=in_title[sel], minlength=m) > 0).astype(np.float32)
    node_doc = np.empty(m, np.int64)
    node_doc[node] = d
    adj, inv_deg = _word_graph(node, d, p, m)
    doc_idx = node_doc - node_doc.min()  # documents of a batch are numbered consecutively
    bias = (bias / np.bincount(doc_idx, weights=bias)[doc_idx]).astype(np.float32)
    x = bias.copy()
    # The walk matrix is adj scaled by 1/degree of the source; adj is symmetric.
    for _ in range(ITERATIONS):
        x = (1.0 - DAMPING) * bias + DAMPING * (adj @ (x * inv_deg))
    pr_tok[sel], wtf_tok[sel], wtitle_tok[sel] = x[node], wtf[node], wtitle[node]
    return pr_tok, wtf_tok, wtitle_tok


def _word_graph(node: np.ndarray, d: np.ndarray, p: np.ndarray, m: int) -> tuple:
    """``(adj, inv_deg)``: the symmetric co-occurrence matrix (float32 CSR, ``m`` nodes) of nodes
    within :data:`WINDOW` tokens of each other in one document, and 1 / degree of each node."""
    import scipy.sparse as sp

    a, b = [], []
    for j in range(1, WINDOW):
        ok = (d[j:] == d[:-j]) & (p[j:] - p[:-j] < WINDOW) & (node[j:] != node[:-j])
        a.append(node[:-j][ok])
        b.append(node[j:][ok])
    a, b = np.concatenate(a), np.concatenate(b)
    src = np.r_[a, b]
    adj = sp.csr_matrix((np.ones(len(src), np.float32), (src, np.r_[b, a])), shape=(m, m))
    inv_deg = 1.0 / np.maximum(np.bincount(src, minlength=m), 1).astype(np.float32)
    return adj, inv_deg


def _span_reduce(values: np.ndarray, start: np.ndarray, longer: list, at: list, op, dtype=None) -> np.ndarray:
    """``op`` (``np.add``, ``np.maximum``, ``np.minimum``) over the words of every span, without a
    per-span loop: ``values[start]`` for the first word, then one gather per word position, where
    ``longer[k - 1]`` lists the spans that have a word k and ``at[k - 1]`` indexes ``values`` for
    those words (token rows, or their vocabulary ids). Sums accumulate in ``dtype`` (float64),
    word by word in span order."""
    out = values[start].astype(dtype or values.dtype)
    for rows, ix in zip(longer, at):
        out[rows] = op(out[rows], values[ix])
    return out


def batch_features(g: pl.DataFrame, tok: dict, graph, words: dict, vid: np.ndarray) -> dict:
    """The per-batch features (float32 numpy arrays) of the (paper, term) rows ``g``.

    ``g`` has ``tf, tf_title, first_pos, tf_max``, ``n`` (longest spelling, in words) and
    ``span`` (``row << 3 | n`` of the first occurrence, whose words give the word features).
    Word attributes come from ``words`` (float32 arrays ``bg_idf, inged, generic, digit, zipf``
    indexed by vocabulary id) through ``vid`` (the vocabulary id of each token of the batch): only
    the words of the spans are read, not a copy per token. ``tok`` holds the per-token float32
    array ``of``, and ``graph()`` returns three more per token, ``pr, wtf, wtitle``
    (:func:`word_rank`): it is called only once the other features are computed, so a word graph
    running in a thread has the most time to finish. Features come in the order of
    :data:`BATCH_FEATURES`.
    """
    f32 = np.float32
    span = g["span"].to_numpy()
    start = (span >> 3).astype(np.int64)
    n = (span & 7).astype(np.int64)
    nf = n.astype(f32)
    n_max = g["n"].to_numpy()
    width = int(n.max()) if len(n) else 1
    last = start + n - 1
    floor = f32(1e-9)

    # The spans that have a word k (k = 1 .. width - 1) and the rows of those words: sums and
    # extremes gather only those; the same for the vocabulary ids of the words.
    longer = [np.flatnonzero(n > k) for k in range(1, width)]
    at = [start[rows] + k for k, rows in enumerate(longer, start=1)]
    w_start, w_last, w_at = vid[start], vid[last], [vid[ix] for ix in at]

    def span_sums(names, values, first, rows_at):
        # Sums in float64 of the span's words (``g`` is sorted by span, so gathers run forward).
        return [_span_reduce(values[c], first, longer, rows_at, np.add, np.float64).astype(f32) for c in names]

    tf = g["tf"].to_numpy().astype(f32)
    out = {}
    out["ltf"] = np.log(tf)
    out["n1"], out["n2"], out["n3"] = (n_max == 1).astype(f32), (n_max == 2).astype(f32), (n_max == 3).astype(f32)
    out["mx"] = g["tf_max"].to_numpy().astype(f32) / tf
    out["nomx"] = (out["mx"] == 0).astype(f32)
    out["tit"] = (g["tf_title"].to_numpy() > 0).astype(f32)
    out["lfp"] = np.log(g["first_pos"].to_numpy().astype(f32) + 1)
    out["n1tf"] = out["n1"] * out["ltf"]
    bgsum, digsum = span_sums(("bg_idf", "digit"), words, w_start, w_at)
    (ofsum,) = span_sums(("of",), tok, start, at)
    out["bg_min"] = _span_reduce(words["bg_idf"], w_start, longer, w_at, np.minimum)
    out["bg_mean"] = bgsum / nf
    out["bg_first"] = words["bg_idf"][w_start]
    out["bg_last"] = words["bg_idf"][w_last]
    out["lastgen"] = words["generic"][w_last]
    out["first_inged"] = words["inged"][w_start]
    out["last_inged"] = words["inged"][w_last]
    # 0/1 attributes: "any word" is a positive sum (a cumulative sum is cheaper than a window max).
    out["digit"] = (digsum > 0).astype(f32)
    out["of"] = (ofsum > 0).astype(f32)
    out["zf_first"] = words["zipf"][w_start]
    out["zf_last"] = words["zipf"][w_last]
    out["zf_min"] = _span_reduce(words["zipf"], w_start, longer, w_at, np.minimum)
    tok = dict(tok, **dict(zip(("pr", "wtf", "wtitle"), graph())))
    prsum, wtfsum, wtitsum = span_sums(("pr", "wtf", "wtitle"), tok, start, at)
    out["lspos"] = np.log(prsum + floor)
    out["nlspos"] = n_max.astype(f32) * out["lspos"]
    out["lmpos"] = np.log(prsum / nf + floor)
    out["lprl"] = np.log(tok["pr"][last] + floor)
    out["lprm"] = np.log(_span_reduce(tok["pr"], start, longer, at, np.maximum) + floor)
    out["lwm"] = np.log(np.maximum(wtfsum / nf, f32(1)))
    out["lwf"] = np.log(np.maximum(tok["wtf"][start], f32(1)))
    out["lwl"] = np.log(np.maximum(tok["wtf"][last], f32(1)))
    out["wtit"] = (wtitsum > 0).astype(f32)
    return {k: out[k].astype(f32, copy=False) for k in BATCH_FEATURES}


def _df_features(n_docs: int) -> dict[str, pl.Expr]:
    """The features that need the corpus document frequency ``df`` (:data:`DF_FEATURES`)."""
    idf = ((n_docs + 1.0) / (pl.col("df").cast(pl.Float64) + 0.5)).log()
    return {"idf": idf, "df1": (pl.col("df") == 1).cast(pl.Float64), "n1idf": (pl.col("n") == 1).cast(pl.Float64) * idf,
            "tshare": pl.col("title_df").cast(pl.Float64) / (pl.col("df").cast(pl.Float64) + 1.0)}


def with_df_features(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """Add ``df`` and the document-frequency features (:data:`DF_FEATURES`) to the rows of
    ``extract_terms(..., features=True)`` (:func:`paperkit.keywords.batching.extract_terms`),
    whose term table ``terms`` has ``tid``, ``df`` and ``title_df``; ``n_docs`` is the number of papers.

    Used to fit the weights (``benchmarks/bench_keywords.py tune-hf``): the rows then carry every
    feature of the table above.
    """
    return doc_terms.join(terms.select("tid", "df", "title_df"), on="tid", how="left").with_columns(
        **_df_features(n_docs)
    )
