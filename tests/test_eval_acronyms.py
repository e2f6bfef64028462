"""Tests of paperkit.evaluation.acronyms: the SciAD scorer, span mapping, BioC reading, CLI."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import polars as pl
import pytest

from paperkit.evaluation.acronyms import (
    predict_sciad,
    read_abbrev_bioc,
    read_sciad,
    register_cli,
    score_abbrev,
    score_sciad,
    spans_to_bio,
    token_offsets,
)

DATA = Path(__file__).resolve().parent / "data" / "acronyms"
SHARED = Path(os.environ.get("PAPERKIT_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")) / "data"


def _shared(*parts):
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared benchmark data at {path} (absent in a plain clone; CI has it)")
    return path


# --- span mapping ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tokens", "spans", "expected"),
    [
        (["mean", "reciprocal", "rank", "(", "MRR", ")"], [(0, 20, "long"), (23, 26, "short")],
         ["B-long", "I-long", "I-long", "O", "B-short", "O"]),
        # a span ending inside a token still takes the whole token
        (["non", "-", "QA", "task"], [(6, 8, "short")], ["O", "O", "B-short", "O"]),
        # a short form split by the tokenizer: "MM - RLHF"
        (["MM", "-", "RLHF", "data"], [(0, 9, "short")], ["B-short", "I-short", "I-short", "O"]),
        # overlapping spans: the first one wins
        (["Low", "-", "Rank", "Adaptation"], [(0, 21, "long"), (6, 10, "short")], ["B-long", "I-long", "I-long", "I-long"]),
        ([], [], []),
    ],
)
def test_spans_to_bio(tokens, spans, expected):
    assert spans_to_bio(tokens, spans) == expected


def test_sciad_detokenize_and_conventions():
    from paperkit.evaluation.acronyms import _detokenize

    tokens = "we rely on Auto - Encoders ( AE ) and R - CNN in 3D part II".split()
    text, offs = _detokenize(tokens)
    assert text == "we rely on Auto-Encoders ( AE ) and R-CNN in 3D part II"
    assert all(text[a:b] == t for (a, b), t in zip(offs, tokens))
    labels = predict_sciad([{"id": "x", "tokens": tokens}])[0]["predictions"]
    assert labels[3:6] == ["B-long", "I-long", "I-long"]  # "Auto - Encoders": hyphens no longer cut it
    assert labels[10:13] == ["B-short", "I-short", "I-short"]  # "R - CNN" is one short form
    assert labels[14] == "O" and labels[-1] == "O"  # "3D", "II": short forms in SciAD only when defined


def test_token_offsets_roundtrip():
    tokens = ["Ab3P", "(", "Sohn", "et", "al.", ")", "is", "fast", "."]
    text = " ".join(tokens)
    assert [text[a:b] for a, b in token_offsets(tokens)] == tokens


def test_predict_sciad_maps_definitions_onto_tokens():
    data = read_sciad(DATA / "tiny_sciad.json")
    preds = predict_sciad(data)
    assert [p["id"] for p in preds] == ["T-0", "T-1", "T-2"]
    assert preds[0]["predictions"] == data[0]["labels"]
    assert preds[1]["predictions"] == data[1]["labels"]  # the undefined LSTM is a short form too
    assert preds[2]["predictions"] == ["O"] * 10  # "(see Table 2)" and "2023" are not acronyms


# --- the official scorer's computation ------------------------------------------------------------------
def test_score_sciad_matches_scorer_arithmetic():
    gold = [
        {"id": "a", "labels": ["B-long", "I-long", "O", "B-short", "O", "B-short"]},
        {"id": "b", "labels": ["O", "O"]},
    ]
    pred = [
        {"id": "a", "predictions": ["B-long", "I-long", "O", "B-short", "O", "O"]},
        {"id": "b", "predictions": ["B-short", "O"]},
    ]
    s = {r[0]: r[1:] for r in score_sciad(gold, pred).rows()}
    # shorts: predicted {a3, b0}, gold {a3, a5}: P 1/2, R 1/2; longs: P 1, R 1
    assert s["short"] == pytest.approx((0.5, 0.5, 0.5))
    assert s["long"] == pytest.approx((1.0, 1.0, 1.0))
    p, r = (0.5 + 1) / 2, (0.5 + 1) / 2
    assert s["macro"] == pytest.approx((p, r, 2 * p * r / (p + r)))


def test_score_sciad_empty_prediction_sets_count_as_precision_one():
    gold = [{"id": "a", "labels": ["B-short"]}]
    pred = [{"id": "a", "predictions": ["O"]}]
    s = {r[0]: r[1:] for r in score_sciad(gold, pred).rows()}
    assert s["short"] == (1.0, 0.0, 0.0)  # the scorer's convention: no predictions -> P = 1
    assert s["long"] == (1.0, 1.0, 1.0)


def test_score_sciad_missing_ids():
    with pytest.raises(ValueError, match="predictions lack 1 gold id"):
        score_sciad([{"id": "a", "labels": ["O"]}], [])


# --- BioC --------------------------------------------------------------------------------------------
def test_read_and_score_bioc():
    passages = read_abbrev_bioc(DATA / "tiny_bioc.xml")
    assert passages.columns == ["document", "passage", "text", "pairs"]
    assert passages["passage"].to_list() == ["title", "abstract", "abstract"]
    r = score_abbrev(passages)
    assert (r["documents"], r["gold"], r["predicted"], r["correct"]) == (2, 5, 4, 4)
    assert r["precision"] == 1.0 and r["recall"] == pytest.approx(0.8)
    assert r["errors"].rows() == [("2", "false_negative", "ZZZ", "never found")]


@pytest.mark.parametrize(
    ("content", "error"),
    [("<collection><document>", ValueError), (None, FileNotFoundError)],
)
def test_read_bioc_bad_input(tmp_path, content, error):
    path = tmp_path / "bad.xml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(error, match="bad.xml"):
        read_abbrev_bioc(path)


def test_read_sciad_bad_input(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"not": "a list"}))
    with pytest.raises(ValueError, match="SciAD format"):
        read_sciad(path)


# --- command line ----------------------------------------------------------------------------------------
def _parser():
    parser = argparse.ArgumentParser(prog="paperkit eval")
    register_cli(parser.add_subparsers(dest="task", required=True))
    return parser


def test_cli_sciad_writes_submission(tmp_path, capsys):
    out = tmp_path / "pred.json"
    args = _parser().parse_args(["sciad", str(DATA / "tiny_sciad.json"), "--predictions", str(out)])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "macro" in text and "precision" in text
    preds = json.loads(out.read_text())
    assert [sorted(p) for p in preds] == [["id", "predictions"]] * 3


def test_cli_abbrev(capsys):
    args = _parser().parse_args(["abbrev", str(DATA / "tiny_bioc.xml")])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "tiny_bioc.xml" in text and "recall" in text


# --- the shared benchmark data (CI) ------------------------------------------------------------------
@pytest.mark.shared
def test_sciad_dev_score():
    data = read_sciad(_shared("sciad", "dev.json.gz"))
    macro = score_sciad(data, predict_sciad(data)).filter(pl.col("scope") == "macro").row(0, named=True)
    assert macro["f1"] > 0.89  # measured 0.91; see benchmarks/README-acronyms.md


@pytest.mark.shared
@pytest.mark.parametrize("name", ["medstract", "ab3p", "bioadi", "sh"])
def test_abbrev_gold_precision(name):
    r = score_abbrev(read_abbrev_bioc(_shared("abbrev-bioc", f"{name}_gold_dev.xml")))
    assert r["precision"] >= 0.95
    assert r["recall"] >= 0.7
