"""Evaluation of :mod:`paperkit.acronyms` on SciAD and on the BioC abbreviation gold corpora.

SciAD (Veyseh et al. 2020; SDU@AAAI-21 shared task 1) labels every token of a sentence with BIO
tags for short forms and long forms. The package's definitions (character spans in the sentence
joined with single spaces) and its acronym-shaped tokens are mapped onto those tokens
(:func:`spans_to_bio`) and scored exactly as the shared task's ``scorer.py`` does
(:func:`score_sciad`): exact-span precision and recall of short forms and of long forms, their
plain averages (macro P and R), and F1 of those averages.

The BioC corpora (MEDSTRACT, Ab3P, BIOADI, Schwartz-Hearst; Islamaj Dogan et al. 2014) annotate
the defining (short form, long form) pairs of each PubMed title and abstract; they are scored as
exact string pairs per document (:func:`score_abbrev`).

This module reads files (the gold corpora); analysis modules do not.

References
----------
.. [1] Veyseh, A. P. B., Dernoncourt, F., Tran, Q. H., & Nguyen, T. H. (2020). What does this
   acronym mean? Introducing a new dataset for acronym identification and disambiguation.
   *COLING 2020*, 3285-3301.
.. [2] Islamaj Dogan, R., Comeau, D. C., Yeganova, L., & Wilbur, W. J. (2014). Finding
   abbreviations in biomedical literature: three BioC-compatible modules and four
   BioC-formatted corpora. *Database* 2014, bau044.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl

from paperkit import acronyms as _acr

__all__ = [
    "predict_sciad",
    "read_abbrev_bioc",
    "read_sciad",
    "register_cli",
    "score_abbrev",
    "score_sciad",
    "shared_data_dir",
    "spans_to_bio",
    "token_offsets",
]


def shared_data_dir() -> Path:
    """The shared benchmark data folder: ``$PAPERKIT_SHARED/data`` or ``<repo>/../shared/data``.

    Examples
    --------
    >>> shared_data_dir().name
    'data'
    """
    env = os.environ.get("PAPERKIT_SHARED")
    root = Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"
    return (root / "data").resolve()


def _open_text(path: Path):
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


# --- SciAD --------------------------------------------------------------------------------------
def read_sciad(path) -> list[dict]:
    """Read a SciAD file (``{"id", "tokens", "labels"}`` objects; ``.json`` or ``.json.gz``).

    ``labels`` may be absent (the unlabelled test format).

    Returns
    -------
    list of dict
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"SciAD file not found: {path}")
    with _open_text(path) as fh:
        data = json.load(fh)
    if not isinstance(data, list) or (data and not {"id", "tokens"} <= set(data[0])):
        raise ValueError(f"{path}: expected a JSON list of {{'id', 'tokens', 'labels'}} objects (SciAD format)")
    return data


def token_offsets(tokens: list[str]) -> list[tuple[int, int]]:
    """Character spans of ``tokens`` in ``" ".join(tokens)``.

    Examples
    --------
    >>> token_offsets(["convex", "approximation", "(", "SCA", ")"])
    [(0, 6), (7, 20), (21, 22), (23, 26), (27, 28)]
    """
    out = []
    pos = 0
    for t in tokens:
        out.append((pos, pos + len(t)))
        pos += len(t) + 1
    return out


def spans_to_bio(tokens: list[str], spans: list[tuple[int, int, str]], *, offsets=None) -> list[str]:
    """Map character spans in ``" ".join(tokens)`` onto BIO labels of the tokens.

    A token belongs to a span when its characters overlap it. Later spans do not overwrite
    earlier ones; give long forms first so that a short form inside a long form stays a long
    form (as SciAD labels "MM-RLHF" style names).

    Parameters
    ----------
    tokens
        The tokens of one sentence.
    spans
        ``(start, end, kind)`` with ``kind`` ``"short"`` or ``"long"``.
    offsets
        Character span of each token, when the text is not ``" ".join(tokens)``.

    Returns
    -------
    list of str
        One of ``O``, ``B-short``, ``I-short``, ``B-long``, ``I-long`` per token.

    Examples
    --------
    >>> toks = ["successive", "convex", "approximation", "(", "SCA", ")"]
    >>> spans_to_bio(toks, [(0, 31, "long"), (34, 37, "short")])
    ['B-long', 'I-long', 'I-long', 'O', 'B-short', 'O']
    """
    labels = ["O"] * len(tokens)
    offs = token_offsets(tokens) if offsets is None else offsets
    for start, end, kind in spans:
        idx = [i for i, (a, b) in enumerate(offs) if a < end and b > start and tokens[i] not in "()"]
        if not idx or any(labels[i] != "O" for i in idx):
            continue
        labels[idx[0]] = f"B-{kind}"
        for i in idx[1:]:
            labels[i] = f"I-{kind}"
    return labels


def predict_sciad(data: list[dict]) -> list[dict]:
    """Predict SciAD labels: the package's definitions plus every acronym-shaped token.

    Parameters
    ----------
    data
        SciAD rows (``id``, ``tokens``).

    Returns
    -------
    list of dict
        ``{"id", "predictions"}`` per row, the shared task's submission format.

    Examples
    --------
    >>> row = {"id": "X-1", "tokens": "we use mean reciprocal rank ( MRR ) and BLEU".split()}
    >>> predict_sciad([row])[0]["predictions"]
    ['O', 'O', 'B-long', 'I-long', 'I-long', 'O', 'B-short', 'O', 'O', 'B-short']
    """
    out = []
    for row in data:
        tokens = row["tokens"]
        text, offs = _detokenize(tokens)
        spans = []
        defined = set()
        for d in _acr.extract_definitions(text):
            lf_end = d.lf_end
            if d.pattern == "long_short":
                lf_end = d.lf_start + len(_trim_head_noun(d.short_form, d.long_form))
            spans.append((d.lf_start, lf_end, "long"))
            spans.append((d.sf_start, d.sf_end, "short"))
            defined.add(d.short_form)
        i = 0
        while i < len(tokens):
            # "R - CNN", "I / O", "TF - IDF": one short form over several tokens
            j = i
            while j + 2 < len(tokens) and tokens[j + 1] in ("-", "/") and _sciad_piece(tokens[j + 2]):
                j += 2
            if j > i and _sciad_piece(tokens[i]) and _acr.is_acronym("".join(tokens[i:j + 1])):
                spans.append((offs[i][0], offs[j][1], "short"))
                i = j + 1
                continue
            t = tokens[i]
            if t in defined or (_acr.is_acronym(t) and not _SCIAD_O_RE.match(t)) or _SCIAD_UNIT_RE.match(t):
                spans.append((offs[i][0], offs[i][1], "short"))
            i += 1
        out.append({"id": row["id"], "predictions": spans_to_bio(tokens, spans, offsets=offs)})
    return out


def _detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """SciAD tokens as text, with hyphens and slashes between words re-attached ("Auto - Encoders"
    -> "Auto-Encoders", "GP - LVM" -> "GP-LVM"), and each token's span in that text."""
    parts, offs = [], []
    pos = 0
    for i, t in enumerate(tokens):
        glue = i > 0 and (
            (t in ("-", "/") and tokens[i - 1][-1:].isalnum() and tokens[i + 1:i + 2] and tokens[i + 1][0].isalnum())
            or (tokens[i - 1] in ("-", "/") and parts and not parts[-1].endswith(" "))
        )
        if i > 0 and not glue:
            parts.append(" ")
            pos += 1
        offs.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t)
    return "".join(parts), offs


def _trim_head_noun(sf: str, lf: str) -> str:
    """SciAD's long forms stop at the last word holding a letter of the short form: "Markov
    Chain Monte Carlo [methods] (MCMC)" (a convention read off its train part)."""
    m = _acr.match_letters(sf, lf)
    if m is None or m[0] != 0:
        return lf
    last = max(m[1])
    end = lf.find(" ", last)
    return lf if end < 0 else lf[:end]


# SciAD's labelling conventions, read off its *train* part (never dev): roman numerals ("II")
# and a digit with a capital ("3D", "5G") are short forms in only 20-27% of their uses, so they
# are labelled only when defined; units of frequency and power ("GHz", "dBm") are short forms.
_SCIAD_O_RE = re.compile(r"^(?:[IVX]+|\d+[A-Z])$")
_SCIAD_UNIT_RE = re.compile(r"^(?:[kMGT]Hz|dB[mi]?)$")


def _sciad_piece(token: str) -> bool:
    """A token that can be part of a hyphenated or slashed short form ("R", "CNN", "2")."""
    return bool(token) and len(token) <= 8 and token[0].isalnum() and any(c.isupper() or c.isdigit() for c in token)


def _phrases(seqs: list[list[str]]) -> tuple[set, set]:
    """Short and long phrases of label sequences, as the shared task's scorer finds them."""
    shorts, longs = set(), set()
    for i, sent in enumerate(seqs):
        short, long_ = [], []
        for j, w in enumerate(sent):
            if "B" in w or "O" in w:
                if long_:
                    longs.add((i, long_[0], long_[-1]))
                    long_ = []
                if short:
                    shorts.add((i, short[0], short[-1]))
                    short = []
            if "short" in w:
                short.append(j)
            if "long" in w:
                long_.append(j)
        if long_:
            longs.add((i, long_[0], long_[-1]))
        if short:
            shorts.add((i, short[0], short[-1]))
    return shorts, longs


def _prf(pred: set, gold: set) -> tuple[float, float, float]:
    correct = len(pred & gold)
    p = correct / len(pred) if pred else 1.0
    r = correct / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def score_sciad(gold: list[dict], predictions: list[dict]) -> pl.DataFrame:
    """Score SciAD predictions as the shared task's ``scorer.py`` does.

    Parameters
    ----------
    gold
        Rows with ``id`` and ``labels``.
    predictions
        Rows with ``id`` and ``predictions`` (one BIO label per token).

    Returns
    -------
    polars.DataFrame
        Rows ``short``, ``long``, ``micro``, ``macro`` (the official score) with columns
        ``scope``, ``precision``, ``recall``, ``f1``.

    Examples
    --------
    >>> gold = [{"id": "a", "labels": ["B-long", "I-long", "O", "B-short", "O"]}]
    >>> pred = [{"id": "a", "predictions": ["O", "B-long", "O", "B-short", "O"]}]
    >>> score_sciad(gold, pred).filter(pl.col("scope") == "macro").rows()
    [('macro', 0.5, 0.5, 0.5)]
    """
    by_id = {d["id"]: d["predictions"] for d in predictions}
    missing = [d["id"] for d in gold if d["id"] not in by_id]
    if missing:
        raise ValueError(f"predictions lack {len(missing)} gold id(s), e.g. {missing[:3]}")
    g_short, g_long = _phrases([d["labels"] for d in gold])
    p_short, p_long = _phrases([by_id[d["id"]] for d in gold])
    ps, rs, fs = _prf(p_short, g_short)
    pl_, rl, fl = _prf(p_long, g_long)
    # the scorer's micro score: phrase ids of both kinds in one set
    tag = lambda s, k: {(k,) + x for x in s}  # noqa: E731
    pm, rm, fm = _prf(tag(p_short, "s") | tag(p_long, "l"), tag(g_short, "s") | tag(g_long, "l"))
    pM, rM = (ps + pl_) / 2, (rs + rl) / 2
    fM = 2 * pM * rM / (pM + rM) if pM + rM > 0 else 0.0
    return pl.DataFrame(
        {
            "scope": ["short", "long", "micro", "macro"],
            "precision": [ps, pl_, pm, pM],
            "recall": [rs, rl, rm, rM],
            "f1": [fs, fl, fm, fM],
        }
    )


# --- BioC abbreviation corpora -----------------------------------------------------------------
def read_abbrev_bioc(path) -> pl.DataFrame:
    """Read a BioC XML abbreviation corpus into passages with their gold pairs.

    Returns
    -------
    polars.DataFrame
        One row per passage: ``document`` (PubMed id), ``passage`` (title, abstract, ...),
        ``text`` and ``pairs`` (List(Struct(short_form, long_form))) defined in that passage.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"BioC file not found: {path}")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not valid BioC XML ({exc})") from None
    rows = []
    for doc in root.iter("document"):
        doc_id = doc.findtext("id") or ""
        for passage in doc.iter("passage"):
            kind = next((i.text for i in passage.findall("infon") if i.get("key") == "type"), None)
            text = passage.findtext("text") or ""
            ann = {}
            for a in passage.findall("annotation"):
                ann[a.get("id")] = a.findtext("text") or ""
            pairs = []
            for rel in passage.findall("relation"):
                roles = {n.get("role"): ann.get(n.get("refid")) for n in rel.findall("node")}
                if roles.get("ShortForm") is not None and roles.get("LongForm") is not None:
                    pairs.append({"short_form": roles["ShortForm"], "long_form": roles["LongForm"]})
            rows.append({"document": doc_id, "passage": kind, "text": text, "pairs": pairs})
    pair_t = pl.List(pl.Struct({"short_form": pl.String(), "long_form": pl.String()}))
    return pl.DataFrame(rows, schema={"document": pl.String(), "passage": pl.String(), "text": pl.String(), "pairs": pair_t})


def score_abbrev(passages: pl.DataFrame, *, extract=None) -> dict:
    """Precision and recall of exact (short form, long form) pairs per document.

    Parameters
    ----------
    passages
        From :func:`read_abbrev_bioc`.
    extract
        The extractor to score: a function from a passage's text to its (short form, long
        form) pairs. Default: :func:`paperkit.extract_definitions`. Any other extractor
        (e.g. a Schwartz-Hearst implementation) is scored by exactly the same rules.

    Returns
    -------
    dict
        ``documents``, ``gold``, ``predicted``, ``correct``, ``precision``, ``recall``, ``f1``,
        and ``errors``: a frame of false positives and negatives (``document``, ``kind``,
        ``short_form``, ``long_form``) for error analysis.

    Examples
    --------
    >>> passages = pl.DataFrame({
    ...     "document": ["1", "1"], "passage": ["title", "abstract"],
    ...     "text": ["Tumor necrosis factor", "We measured tumor necrosis factor (TNF) and IL-6 (interleukin 6)."],
    ...     "pairs": [[], [{"short_form": "TNF", "long_form": "tumor necrosis factor"},
    ...                    {"short_form": "IL-6", "long_form": "interleukin 6"}]],
    ... })
    >>> r = score_abbrev(passages)  # "IL-6 (interleukin 6)": the L is not on a word start
    >>> r["gold"], r["predicted"], r["correct"], r["recall"]
    (2, 1, 1, 0.5)
    >>> r["errors"].rows()
    [('1', 'false_negative', 'IL-6', 'interleukin 6')]
    >>> score_abbrev(passages, extract=lambda text: [("TNF", "necrosis factor")])["correct"]
    0
    """
    if extract is None:
        def extract(text):
            return [(d.short_form, d.long_form) for d in _acr.extract_definitions(text)]
    gold: dict[str, set] = {}
    pred: dict[str, set] = {}
    for doc, text, pairs in passages.select("document", "text", "pairs").iter_rows():
        g = gold.setdefault(doc, set())
        for pr in pairs:
            g.add((pr["short_form"], pr["long_form"]))
        pset = pred.setdefault(doc, set())
        for sf, lf in extract(text or ""):
            pset.add((sf, lf))
    n_gold = sum(len(v) for v in gold.values())
    n_pred = sum(len(v) for v in pred.values())
    correct = sum(len(pred[k] & gold[k]) for k in gold)
    errors = []
    for k in gold:
        for sf, lf in sorted(pred[k] - gold[k]):
            errors.append((k, "false_positive", sf, lf))
        for sf, lf in sorted(gold[k] - pred[k]):
            errors.append((k, "false_negative", sf, lf))
    p = correct / n_pred if n_pred else 1.0
    r = correct / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "documents": len(gold), "gold": n_gold, "predicted": n_pred, "correct": correct,
        "precision": p, "recall": r, "f1": f,
        "errors": pl.DataFrame(errors, schema=["document", "kind", "short_form", "long_form"], orient="row"),
    }


# --- command line ------------------------------------------------------------------------------
def _print_table(frame: pl.DataFrame) -> None:
    cols = frame.columns
    rows = [[f"{v:.4f}" if isinstance(v, float) else str(v) for v in r] for r in frame.iter_rows()]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)))


def _cli_sciad(args) -> int:
    data = read_sciad(args.path)
    preds = predict_sciad(data)
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as fh:
            json.dump(preds, fh)
        print(f"wrote {len(preds)} predictions to {args.predictions}")
    if data and "labels" in data[0]:
        print(f"SciAD {args.path}: {len(data)} sentences (official score: macro)")
        _print_table(score_sciad(data, preds))
    else:
        print(f"{args.path} has no labels: predictions only")
    return 0


def _cli_abbrev(args) -> int:
    rows = []
    for path in args.paths:
        r = score_abbrev(read_abbrev_bioc(path))
        rows.append({"corpus": Path(path).name, **{k: v for k, v in r.items() if k != "errors"}})
    print("exact (short form, long form) pairs per document")
    _print_table(pl.DataFrame(rows))
    return 0


def register_cli(subparsers) -> None:
    """Add ``sciad PATH [--predictions OUT.json]`` and ``abbrev PATH...`` to ``paperkit eval``.

    Parameters
    ----------
    subparsers
        The ``add_subparsers()`` object of the ``eval`` command.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="paperkit eval")
    >>> register_cli(parser.add_subparsers(dest="task"))
    >>> args = parser.parse_args(["abbrev", "a.xml", "b.xml"])
    >>> args.paths, args.func.__name__
    (['a.xml', 'b.xml'], '_cli_abbrev')
    """
    p = subparsers.add_parser("sciad", help="score acronym identification on a SciAD file (P/R/F1, official macro score)")
    p.add_argument("path", help="SciAD .json or .json.gz ({id, tokens, labels} objects)")
    p.add_argument("--predictions", metavar="OUT.json", help="also write predictions in the shared task's format")
    p.set_defaults(func=_cli_sciad)
    q = subparsers.add_parser("abbrev", help="score abbreviation definitions on BioC XML gold corpora (P/R/F1)")
    q.add_argument("paths", nargs="+", metavar="PATH", help="BioC XML files (MEDSTRACT, Ab3P, BIOADI, SH ...)")
    q.set_defaults(func=_cli_abbrev)
