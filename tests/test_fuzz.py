"""The loader's promise under hostile and random input: no exception escapes ``load_papers``, the
counts reconcile (``records_in == rows + merged + skipped``), and every well-formed record is in the
papers frame exactly once, whatever else is in the file.

Hypothesis runs derandomized (the same examples every run) with small ``max_examples``, so the file
takes seconds; the hostile files that once broke the loader are kept in ``tests/data/hostile``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperkit as pk
from tests.conftest import TEST_DATA

HOSTILE = TEST_DATA / "hostile"
FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load(files: dict[str, bytes | str]) -> pk.LoadResult:
    """Write ``files`` to a fresh folder and load the folder; the promise is checked on every load."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            path = Path(folder) / name
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        result = pk.load_papers(folder, progress=False)
    assert result.reconciles(), (result.records_in, result.papers.height, result.duplicates.height, result.n_skipped)
    assert (result.problems["reason"].str.len_chars().max() or 0) <= 600  # bounded (the longest: unknown format)
    assert not result.problems["reason"].str.contains("please report").any(), result.problems.rows()  # no safety net
    return result


def assert_once(result: pk.LoadResult, ids: list[str]) -> None:
    """Every well-formed record (by its arXiv id) is a paper exactly once."""
    got = result.papers["arxiv_id"].to_list()
    for arxiv_id in ids:
        assert got.count(arxiv_id) == 1, (arxiv_id, result.problems.rows())


# A well-formed record: a real-looking id and a title with at least one letter.
words = st.text(st.characters(categories=("L", "N", "P", "Zs", "S")), min_size=1, max_size=40)
abstracts = st.one_of(st.none(), st.text(max_size=200))


@st.composite
def good_records(draw, n_max: int = 6) -> list[dict]:
    n = draw(st.integers(1, n_max))
    return [
        {"id": f"2501.{i:05d}", "title": f"Paper {i} on " + draw(words), "abstract": draw(abstracts)}
        for i in range(n)
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
hostile_titles = st.one_of(json_values, st.lists(st.text(max_size=10), max_size=3), st.text(max_size=30))


# --- random bytes and random text ----------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".json", ".jsonl", ".csv", ".tsv", ".txt", ".parquet", ".jsonl.gz", ".bin"]))
def test_random_bytes_never_raise(data, suffix):
    load({"f" + suffix: data})


@FUZZ
@given(text=st.text(max_size=2000), suffix=st.sampled_from([".json", ".jsonl", ".csv", ".tsv", ".txt"]))
def test_random_unicode_never_raises(text, suffix):
    load({"f" + suffix: text})


# --- random JSON shapes next to well-formed records ----------------------------------------------
@FUZZ
@given(records=good_records(), junk=st.lists(st.one_of(json_values, st.builds(dict, title=hostile_titles)), max_size=5),
       seed=st.randoms(use_true_random=False))
def test_random_json_lines_cost_only_their_own_line(records, junk, seed):
    lines = [json.dumps(r) for r in records] + [json.dumps(j) for j in junk]
    seed.shuffle(lines)
    result = load({"picks.jsonl": "\n".join(lines) + "\n"})
    assert_once(result, [r["id"] for r in records])


@FUZZ
@given(records=good_records(), junk=st.lists(st.builds(dict, title=hostile_titles, abstract=json_values), max_size=4))
def test_random_json_list_items(records, junk):
    result = load({"picks.json": json.dumps(records + junk)})
    assert_once(result, [r["id"] for r in records])


# --- random CSV rows, one of them broken -----------------------------------------------------------
cells = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=60)


@FUZZ
@given(records=good_records(), extra=st.lists(st.tuples(cells, cells, cells), max_size=4),
       broken=st.one_of(st.none(), st.tuples(st.integers(0, 10), st.sampled_from(['"', 'x"y', '",', '"\n"']))))
def test_random_csv_rows_a_broken_row_costs_itself(records, extra, broken):
    rows = [(r["id"], r["title"], r["abstract"] or "") for r in records] + list(extra)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "abstract"])
    lines = []
    for row in rows:
        one = io.StringIO()
        csv.writer(one, lineterminator="\n").writerow(row)
        lines.append(one.getvalue())
    damaged = None
    if broken is not None:
        damaged = broken[0] % len(lines)
        lines[damaged] = lines[damaged].rstrip("\n") + broken[1] + "\n"
    result = load({"picks.csv": out.getvalue() + "".join(lines)})
    # Every record is kept or reported; an undamaged record whose neighbours are intact is kept.
    safe = [r["id"] for i, r in enumerate(records) if damaged is None or abs(i - damaged) > 1]
    assert_once(result, safe)
    if damaged is None and not extra:
        assert result.n_skipped == 0


# --- random dates ----------------------------------------------------------------------------------
date_texts = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(lambda t: "%04d-%02d-%02d" % t),
    st.text(max_size=20),
)


@FUZZ
@given(records=good_records(), dates=st.lists(date_texts, min_size=6, max_size=6))
def test_random_dates_are_kept_or_reported(records, dates):
    for record, date in zip(records, dates):
        record["date"] = date
        record["published"] = date
    result = load({"picks.jsonl": "\n".join(json.dumps(r) for r in records) + "\n"})
    assert_once(result, [r["id"] for r in records])
    first, last = dt.date(1990, 1, 1), dt.date(dt.date.today().year + 1, 12, 31)
    days = result.papers["digest_date"].drop_nulls()
    assert days.is_empty() or (first <= days.min() and days.max() <= last)
    for record, day in zip(records, dates):
        paper = result.papers.filter(pl.col("arxiv_id") == record["id"])
        if paper["digest_date"][0] is None and day.strip():
            assert any(record["id"] and loc for loc in result.problems["location"].to_list())


# --- the hostile files that once broke the loader ---------------------------------------------------
HOSTILE_EXPECTED = {
    # file: (papers, skipped, warnings)
    "ragged-quote.csv": (99, 1, 0),
    "deep-10000.json": (0, 1, 0),
    "deep-line.jsonl": (10, 1, 0),
    "title-shapes.jsonl": (3, 1, 1),
    "non-latin-titles.jsonl": (10, 0, 0),
    "bad-dates.jsonl": (4, 0, 2),
    "no-title-column.csv": (0, 5, 0),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_EXPECTED))
def test_hostile_fixture(name):
    result = pk.load_papers(HOSTILE / name)
    papers, skipped, warned = HOSTILE_EXPECTED[name]
    assert result.reconciles()
    assert (result.papers.height, result.n_skipped, result.problems.height - result.n_skipped) == (papers, skipped, warned), \
        result.problems.rows()
    assert (result.problems["reason"].str.len_chars().max() or 0) <= 300
    titles = result.papers["title"].to_list()
    assert not any(ch in t for t in titles for ch in "\x00\x07\u202e\u2066")


def test_hostile_folder_loads_as_a_whole():
    files = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")
    assert files == sorted(HOSTILE_EXPECTED)
    result = pk.load_papers(HOSTILE)
    assert result.reconciles() and result.papers.height == sum(v[0] for v in HOSTILE_EXPECTED.values())


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_hostile_symlink_loops_in_a_folder_and_a_glob(tmp_path):
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "picks.jsonl").write_bytes((HOSTILE / "non-latin-titles.jsonl").read_bytes())
    os.symlink(".", folder / "self")
    os.symlink("..", folder / "up")
    os.symlink("gone.jsonl", folder / "dangling.jsonl")
    for source in (folder, f"{folder}/**/*.jsonl"):
        result = pk.load_papers(source)
        assert result.papers.height == 10 and result.duplicates.height == 0 and result.reconciles()
        assert sorted(result.problems["severity"].to_list()) == ["warning"] * 3
