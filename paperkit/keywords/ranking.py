r"""Ranking: the weights of the score, the score of each (paper, term) row, and the top k.

The score of term :math:`p` in paper :math:`d` is :math:`\exp(\sum_i w_i f_i(p, d))`, a
log-linear ranking model over the features of :mod:`paperkit.keywords.features` with the
weights :data:`WEIGHTS`. The batch loop (:mod:`paperkit.keywords.batching`) already sums the
weighted per-batch features into ``part``; :func:`with_scores` adds the document-frequency
features once the corpus is known, and :func:`top_k` keeps the best rows of each paper.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["WEIGHTS", "top_k", "with_scores"]

#: Weights of the score (a log-linear ranking model), fitted with a listwise (softmax) loss on the
#: even-numbered ids of the Hugging Face DEV archive (gold: its ``ai_keywords``, 72% of the loss) and of
#: Inspec DEV (28%): ``benchmarks/bench_keywords.py tune-hf 0.72``. The odd ids of both are held out.
#: The codes are explained in the table of :mod:`paperkit.keywords.features`.
WEIGHTS = {
    "ltf": 0.5427, "idf": -0.0962, "n1": -2.0457, "n2": 0.6343, "n3": 0.5089, "mx": 0.7749, "nomx": -0.9674,
    "tit": -0.408, "lfp": -0.0371, "df1": -0.065, "n1idf": 0.347, "n1tf": -0.179, "nlspos": -0.0315, "lspos": 1.0162,
    "lmpos": -1.2132, "lprl": -0.0967, "lprm": 0.237, "bg_min": -0.0103, "bg_mean": 0.1294, "bg_first": -0.0298,
    "bg_last": -0.0835, "lastgen": -0.129, "first_inged": -0.3508, "last_inged": 0.2799, "digit": -0.5185,
    "lwm": -0.3055, "lwf": 0.1895, "lwl": 0.1919, "wtit": 0.0433, "of": -3.7199, "zf_first": -0.1964,
    "zf_last": -0.159, "zf_min": 0.1235, "tshare": 1.0805,
}


def with_scores(doc_terms: pl.DataFrame, terms: pl.DataFrame, n_docs: int, weights: dict | None = None) -> pl.DataFrame:
    """Add ``score``: ``exp`` of ``part`` plus the weighted document-frequency features.

    Parameters
    ----------
    doc_terms
        ``tid``, ``n`` (longest spelling, in words) and ``part`` (the weighted sum of the
        per-batch features) per (paper, term), from
        :func:`paperkit.keywords.batching.extract_terms`.
    terms
        The term table in ``tid`` order: ``df`` (papers using the term) and, optionally,
        ``title_df`` (papers with it in their title; without it ``tshare`` counts 0).
    n_docs
        Papers of the corpus (:math:`N` of the IDF).
    weights
        The weights of ``idf``, ``df1``, ``n1idf`` and ``tshare``; None uses :data:`WEIGHTS`.

    Examples
    --------
    >>> rows = pl.DataFrame({"tid": [0], "n": [1], "part": [0.0]})
    >>> round(with_scores(rows, pl.DataFrame({"df": [1]}), 1, {"df1": 1.0})["score"][0], 4)
    2.7183
    """
    w = WEIGHTS if weights is None else weights
    df = terms["df"].to_numpy()[doc_terms["tid"].to_numpy()].astype(np.float64)
    idf = np.log((n_docs + 1.0) / (df + 0.5))
    # part + w_idf * idf + w_df1 * (df == 1) + w_n1idf * (n == 1) * idf, summed in that order in
    # place: a few arrays of one float per row instead of one per operation (a million papers
    # have about 110 million rows).
    linear = doc_terms["part"].to_numpy().astype(np.float64)
    linear += w.get("idf", 0.0) * idf
    linear += w.get("df1", 0.0) * (df == 1)
    del df
    n1idf = w.get("n1idf", 0.0) * (doc_terms["n"].to_numpy() == 1)
    n1idf *= idf
    del idf
    linear += n1idf
    del n1idf
    if "title_df" in terms.columns:  # + w_tshare * title_df / (df + 1), per term, then per row
        share = w.get("tshare", 0.0) * terms["title_df"].to_numpy() / (terms["df"].to_numpy() + 1.0)
        linear += share[doc_terms["tid"].to_numpy()]
        del share
    return doc_terms.with_columns(pl.Series("score", np.exp(linear, out=linear)))


def top_k(scored: pl.DataFrame, k: int) -> pl.DataFrame:
    """The ``k`` best rows of each ``doc`` by descending ``score`` (ties: the earlier row), with ``rank``.

    One stable sort on a packed 64-bit key (paper in the high half, the bits of the float32 score
    inverted in the low half: for positive floats the bit order is the number order). The rows
    come grouped by paper in first-occurrence order, so a tie goes to the term seen first.

    Returns
    -------
    polars.DataFrame
        ``doc``, ``tid``, ``score``, ``rank`` (UInt32, 1 = best), by paper then rank.

    Examples
    --------
    >>> rows = pl.DataFrame({"doc": [0, 0, 0, 1], "tid": [5, 6, 7, 8], "score": [1.0, 3.0, 1.0, 2.0]})
    >>> top_k(rows, 2).rows()
    [(0, 6, 3.0, 1), (0, 5, 1.0, 2), (1, 8, 2.0, 1)]
    """
    score = scored["score"].cast(pl.Float32).to_numpy()
    packed = (scored["doc"].to_numpy().astype(np.uint64) << np.uint64(32)) | (~score.view(np.uint32)).astype(np.uint64)
    order = np.argsort(packed, kind="stable")
    doc = scored["doc"].to_numpy()[order]
    start = np.r_[True, doc[1:] != doc[:-1]]
    idx = np.arange(len(doc))
    rank = idx - np.maximum.accumulate(np.where(start, idx, 0)) + 1
    keep = rank <= k
    return pl.DataFrame({
        "doc": doc[keep], "tid": scored["tid"].to_numpy()[order[keep]],
        "score": scored["score"].to_numpy()[order[keep]], "rank": rank[keep].astype(np.uint32),
    })
