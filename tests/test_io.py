"""Loaders: every format and variant, folders and globs, bad input, counts, the bundled data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import paperkit as pk
from paperkit.normalize import PAPERS_SCHEMA
from tests.conftest import ROOT, TEST_DATA, shared_path

FORMATS_DIR = TEST_DATA / "formats"


def _schema_ok(papers: pl.DataFrame) -> None:
    assert dict(papers.schema) == PAPERS_SCHEMA


# --- the plain-text page scrape -----------------------------------------------------------------
def test_bundled_page_has_exactly_85_papers_with_titles_and_abstracts():
    seed = (ROOT / "data" / "raw" / "hf-daily-2025-03-17.txt").read_text()
    paragraphs = [p.strip() for p in seed.split("\n\n") if p.strip()]
    expected_titles = paragraphs[5::2]  # 4 chrome lines and a date line, then title/abstract pairs
    expected_abstracts = paragraphs[6::2]
    result = pk.load_papers(ROOT / "data" / "raw" / "hf-daily-2025-03-17.txt")
    papers = result.papers
    assert papers.height == 85 == len(expected_titles)
    assert papers["title"].to_list() == expected_titles
    assert papers["abstract"].to_list() == [pk.clean_text(a) for a in expected_abstracts]
    assert papers["digest_date"].unique().to_list() == [dt.date(2025, 3, 17)]  # the year from the file name
    assert result.problems.height == 0 and result.reconciles()
    first = papers.row(0, named=True)
    assert first["title"] == "Dynamic Loss-Based Sample Reweighting for Improved Large Language Model Pretraining"
    assert first["abstract"].startswith("Pretraining large language models (LLMs) on vast")
    assert papers.filter(pl.col("name") == "MRAG")["title"].to_list() == [
        "MRAG: A Modular Retrieval Framework for Time-Sensitive Question Answering"
    ]
    _schema_ok(papers)


def test_page_variants_dates_crlf_bom_wraps_missing_abstract_and_trailing_chrome():
    result = pk.load_papers(FORMATS_DIR / "hf-page-multi.txt")
    papers = result.papers
    assert papers.height == 5
    assert papers["digest_date"].to_list() == [
        dt.date(2025, 3, 17), dt.date(2025, 3, 17), dt.date(2025, 3, 18), dt.date(2025, 3, 18), dt.date(2025, 3, 19)
    ]
    assert papers["title"][0] == "Dynamic Loss-Based Sample Reweighting for Improved Large Language Model Pretraining"  # stray spaces gone
    assert "\n" not in papers["abstract"][1] and "  " not in papers["abstract"][1]  # wrapped lines joined
    no_abstract = papers.filter(pl.col("abstract").is_null())
    assert no_abstract["title"].to_list()[0].startswith("DynamicRetriever:")
    assert result.problems.filter(pl.col("reason").str.contains("no abstract")).height == 1
    assert not papers["title"].str.contains("Previous|Privacy|System theme").any()
    assert result.reconciles()


@pytest.mark.parametrize(
    ("line", "year_arg", "expected"),
    [
        ("Mar 17", 2025, dt.date(2025, 3, 17)),
        ("March 17, 2025", None, dt.date(2025, 3, 17)),
        ("2025-03-17", None, dt.date(2025, 3, 17)),
        ("17 March 2025", None, dt.date(2025, 3, 17)),
        ("Sept 2", 2024, dt.date(2024, 9, 2)),
        ("Mar 17", None, None),
    ],
)
def test_page_date_lines(tmp_path, line, year_arg, expected):
    text = f"Subscribe\n\n{line}\n\nA Title About Retrieval\n\n" + ("This abstract explains the method. " * 12)
    path = tmp_path / "page.txt"
    path.write_text(text)
    result = pk.load_papers(path, year=year_arg)
    assert result.papers["digest_date"].to_list() == [expected]
    if expected is None:
        assert result.problems["reason"].str.contains("has no year").any()


def test_year_from_file_name(tmp_path):
    path = tmp_path / "hf-papers-2024-digest.txt"
    path.write_text("Jun 3\n\nA Title\n\n" + "An abstract sentence about models. " * 12)
    assert pk.read_papers(path)["digest_date"].to_list() == [dt.date(2024, 6, 3)]


# --- Hugging Face API files ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "n", "date"),
    [("2024-06-03.json", 3, dt.date(2024, 6, 3)), ("2024-12-11.json", 2, dt.date(2024, 12, 11)),
     ("2025-01-10.json", 2, dt.date(2025, 1, 10))],
)
def test_hf_api_variants(name, n, date):
    result = pk.load_papers(FORMATS_DIR / name)
    papers = result.papers
    assert papers.height == n and result.problems.height == 0
    assert papers["source"].unique().to_list() == ["hf-api"]
    assert papers["digest_date"].unique().to_list() == [date]
    assert papers["arxiv_id"].null_count() == 0 and papers["upvotes"].null_count() == 0
    assert papers["published"].null_count() == 0
    assert all(len(a) > 0 for a in papers["authors"].to_list())
    _schema_ok(papers)


def test_hf_api_keeps_fields():
    papers = pk.read_papers(FORMATS_DIR / "2024-06-03.json")
    row = papers.row(0, named=True)
    raw = json.loads((FORMATS_DIR / "2024-06-03.json").read_text())[0]
    assert row["paper_id"] == row["arxiv_id"] == raw["paper"]["id"]
    assert row["authors"][:2] == ["Tri Dao", "Albert Gu"]
    assert row["upvotes"] == raw["paper"]["upvotes"] and row["comments"] == raw["numComments"]
    assert row["published"] == dt.datetime(2024, 5, 31, 17, 50, 1, tzinfo=dt.timezone.utc)
    assert row["name"] is None  # "Transformers are SSMs: ..." starts with several words


@pytest.mark.shared
def test_hf_api_raw_samples_from_shared():
    folder = shared_path("hf-daily-papers", "raw_samples")
    result = pk.load_papers(folder)
    assert result.problems.height == 0 and result.reconciles()
    raw_counts = []
    for f in sorted(folder.glob("*.json")):
        data = json.loads(f.read_text())
        raw_counts.append(len(data["data"]) if isinstance(data, dict) else len(data))
    assert result.records_in == sum(raw_counts)


# --- arXiv listings, the HF archive, tables ------------------------------------------------------
def test_arxiv_daily_listing_keeps_categories():
    papers = pk.read_papers(FORMATS_DIR / "arxiv-2025-03-19.jsonl")
    assert papers.height == 3
    assert papers["categories"][0].to_list() == ["cs.CV", "cs.AI", "cs.CY", "cs.LG"]
    assert papers["digest_date"].unique().to_list() == [dt.date(2025, 3, 19)]
    assert papers["source"].unique().to_list() == ["arxiv"]


def test_arxiv_dev_layout_keeps_all_digest_dates():
    papers = pk.read_papers(FORMATS_DIR / "arxiv-dev-layout.jsonl.gz")
    assert papers.height == 2
    assert papers["digest_dates"][0].to_list() == [dt.date(2025, 3, 21), dt.date(2025, 3, 22), dt.date(2025, 3, 23)]
    assert papers["digest_date"][0] == dt.date(2025, 3, 21)


def test_hf_archive_layout():
    papers = pk.read_papers(FORMATS_DIR / "hf-archive.jsonl")
    assert papers.height == 3 and papers["source"].unique().to_list() == ["hf-archive"]
    assert papers["digest_date"].to_list() == [dt.date(2024, 5, 27)] * 3
    assert papers["github_repo"][0] == "https://github.com/alibaba/conv-llava"  # from the abstract's link


@pytest.mark.parametrize("name", ["table.csv", "table.tsv", "table.parquet", "table.jsonl"])
def test_tables(name):
    papers = pk.read_papers(FORMATS_DIR / name)
    assert papers.height == 3
    assert papers["abstract"].null_count() == 0
    assert papers["source"].unique().to_list() == ["table"]
    if name != "table.jsonl":
        assert papers["paper_id"][0] == "2405.15738"
        assert papers["authors"][0].to_list()[0] == "Chunjiang Ge"
        assert papers["digest_date"][0] == dt.date(2024, 5, 27)
    else:
        assert papers["published"].null_count() == 0


def test_same_paper_from_different_formats_is_one_row():
    """The archive (JSONL), a CSV and a Parquet copy of the same three papers fold into three rows."""
    result = pk.load_papers([FORMATS_DIR / "hf-archive.jsonl", FORMATS_DIR / "table.csv", FORMATS_DIR / "table.jsonl"])
    assert result.papers.height == 3
    assert result.duplicates.height == 6
    assert set(result.duplicates["reason"]) == {"same arXiv id", "same normalized title as a record with an arXiv id"}
    assert result.papers["n_records"].to_list() == [3, 3, 3]
    assert result.reconciles()
    assert pk.duplicates(pl.concat([
        pl.DataFrame({"title": ["A Study of X"], "source_file": ["a"], "locator": ["1"]}),
        pl.DataFrame({"title": ["A study of X."], "source_file": ["b"], "locator": ["2"]}),
    ]))["reason"].to_list() == ["same normalized title"]


def test_folder_and_glob_mix_formats():
    result = pk.load_papers(FORMATS_DIR)
    assert result.reconciles()
    assert set(result.papers["source"]) == {"hf-page", "hf-api", "hf-archive", "arxiv"}
    # the tables hold the archive's three papers again: merged into them, and said so
    assert result.duplicates["source_file"].str.contains("table").sum() == 12
    by_glob = pk.read_papers(str(FORMATS_DIR / "*.json"))
    assert by_glob.height == 7


def test_merging_across_digests_keeps_all_dates(small_papers):
    lora = small_papers.filter(pl.col("paper_id") == "2106.09685").row(0, named=True)
    assert lora["digest_dates"] == [dt.date(2024, 6, 3), dt.date(2025, 1, 10)]
    assert lora["digest_date"] == dt.date(2024, 6, 3)
    assert lora["upvotes"] == 30 and lora["n_records"] == 2
    assert lora["source_files"] == ["2024-06-03.json", "2025-01-10.json"]


# --- bad input ---------------------------------------------------------------------------------------
@pytest.fixture
def bad_folder(tmp_path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    shutil.copy(FORMATS_DIR / "2024-06-03.json", folder / "2024-06-03.json")  # 3 good records
    (folder / "empty.json").write_bytes(b"")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1-2025.txt").write_bytes(
        "Mar 3\n\nCaf\xe9 Models: Na\xefve Retrieval\n\n".encode("latin-1")
        + ("We study na\xefve retrieval for caf\xe9 menus with language models. " * 8).encode("latin-1")
    )
    (folder / "utf16-2025.txt").write_bytes(
        ("Mar 4\n\nA UTF-16 Title\n\n" + "An abstract written by a Windows tool with language models. " * 8).encode("utf-16")
    )
    (folder / "broken.json").write_text('[{"paper": {"id": "2401.00001", "title": "X"}')
    lines = [
        json.dumps({"id": "2401.00002", "title": "Good One", "summary": "An abstract. " * 10, "categories": ["cs.CL"]}),
        '{"id": "2401.00003", "title": "Broken line", ',
        json.dumps({"id": "2401.00004", "title": "", "summary": "No title here.", "categories": ["cs.CL"]}),
        json.dumps({"id": "2401.00005", "title": "No Abstract Here", "summary": None, "categories": ["cs.CL"]}),
        json.dumps({"id": "2401.00006", "title": "Huge", "summary": "word " * 210_000, "categories": ["cs.CL"]}),
    ]
    (folder / "listing-2024-01-02.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    return folder


def test_bad_inputs_are_loaded_or_reported_and_counts_reconcile(bad_folder):
    with pytest.warns(pk.PaperkitLoadWarning, match="load_papers"):
        pk.read_papers(bad_folder)
    result = pk.load_papers(bad_folder)
    problems = result.problems
    reasons = dict(zip(problems["file"].str.split("/").list.last() + " " + problems["location"], problems["reason"]))
    assert reasons["empty.json file"] == "empty file"
    assert reasons["image.txt file"].startswith("binary file")
    assert reasons["broken.json line 1"].startswith("malformed JSON")
    assert reasons["listing-2024-01-02.jsonl line 2"].startswith("malformed JSON")
    assert reasons["listing-2024-01-02.jsonl line 3"] == "record has no title"
    assert reasons["listing-2024-01-02.jsonl line 4"].startswith("title with no abstract")
    assert "unknown format '.xlsx'" in reasons["notes.xlsx file"] and "hf-page" in reasons["notes.xlsx file"]
    assert "Windows-1252" in reasons["latin1-2025.txt file"] and "UTF-16" in reasons["utf16-2025.txt file"]
    titles = set(result.papers["title"])
    assert {"Café Models: Naïve Retrieval", "A UTF-16 Title", "Good One", "No Abstract Here", "Huge"} <= titles
    assert result.papers.height == 3 + 5
    assert result.reconciles()
    assert result.records_in == result.papers.height + result.duplicates.height + result.n_skipped


def test_strict_raises(bad_folder):
    with pytest.raises(pk.ProblemsError, match="problem"):
        pk.read_papers(bad_folder, strict=True)


def test_unknown_format_argument_names_known_formats():
    with pytest.raises(ValueError, match="hf-page, hf-api"):
        pk.read_papers(FORMATS_DIR / "table.csv", format="docx")


def test_missing_path_and_empty_list():
    with pytest.raises(FileNotFoundError, match="no such file"):
        pk.read_papers("does/not/exist.json")
    with pytest.raises(ValueError, match="empty list"):
        pk.read_papers([])
    with pytest.raises(FileNotFoundError, match="no files match"):
        pk.read_papers("nowhere/*.json")


def test_table_without_title_column_is_reported(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("name,text\na,b\n")
    result = pk.load_papers(path)
    assert result.papers.height == 0
    assert "no 'title' column" in result.problems["reason"][0]


# --- cache, bundled data, command line --------------------------------------------------------------
def test_parquet_round_trip(tmp_path):
    papers = pk.load_papers(FORMATS_DIR).papers
    out = pk.write_papers(papers, tmp_path / "cache" / "papers.parquet")
    assert_frame_equal(pk.read_papers(out), papers)


def test_bundled_samples():
    papers = pk.load_sample()
    assert papers.height == 6141
    assert papers["digest_date"].n_unique() == 415
    assert papers["arxiv_id"].null_count() == 0
    everything = pk.load_papers(pk.sample_paths("all"))
    assert everything.reconciles() and everything.problems.height == 0
    with pytest.raises(ValueError, match="hf-daily"):
        pk.sample_paths("nope")


@pytest.mark.slow  # a subprocess: starts Python and imports paperkit
def test_cli_load_summary_and_out(tmp_path):
    out = tmp_path / "p.parquet"
    proc = subprocess.run(
        [sys.executable, "-m", "paperkit", "load", str(FORMATS_DIR / "hf-page-multi.txt"), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "papers out" in proc.stdout and "title with no abstract" in proc.stdout
    assert pl.read_parquet(out).height == 5


@pytest.mark.slow  # a subprocess: starts Python and imports paperkit
def test_cli_errors_are_one_line():
    proc = subprocess.run([sys.executable, "-m", "paperkit", "load", "nope.json"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "paperkit", "load", "--year", "x"], capture_output=True, text=True)
    assert proc.returncode == 2


@pytest.mark.shared
def test_arxiv_dev_file_from_shared_loads_whole():
    path = shared_path("arxiv-daily-cs", "arxiv_daily_cs_dev.jsonl.gz")
    result = pk.load_papers(path)
    assert result.papers.height == 30288 and result.problems.height == 0 and result.reconciles()
    assert result.papers["categories"].list.len().min() >= 1


def test_gzipped_listing_with_a_bad_line_takes_the_careful_path(tmp_path):
    import gzip

    good = json.dumps({"id": "2401.00002", "title": "Good One", "summary": "An abstract. " * 10, "categories": ["cs.CL"]})
    path = tmp_path / "listing-2024-01-02.jsonl.gz"
    path.write_bytes(gzip.compress((good + "\n{broken\n" + good.replace("00002", "00003") + "\n").encode()))
    result = pk.load_papers(path)
    assert result.papers.height == 2 and result.reconciles()
    assert result.problems.row(0)[1:3] == ("line 2", "skipped")


# --- regression: one absurd date stretched every timeline to ten thousand years ---------------------
def _listing(tmp_path, rows: list[dict], name: str = "picks.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _picks(n: int = 2000) -> list[dict]:
    """``n`` papers of a Hugging Face digest day, as a table export has them."""
    return [
        {"id": f"2503.{i:05d}", "title": f"Sparse Autoencoders for Text Detection, part {i}",
         "abstract": "We study sparse autoencoders on the residual stream of Gemma-2-2b.", "date": "2025-03-11",
         "published": "2025-03-05T15:33:52.000Z"}
        for i in range(n)
    ]


def test_absurd_date_is_reported_and_left_empty_not_a_ten_thousand_year_timeline(tmp_path):
    rows = _picks()
    rows[17]["date"], rows[1203]["date"] = "9999-12-31", "0001-01-01"
    rows[42]["published"] = "9999-12-31T00:00:00Z"
    result = pk.load_papers(_listing(tmp_path, rows))
    papers = result.papers
    assert papers.height == 2000 and result.reconciles()  # the papers themselves are kept
    assert (papers["digest_date"].min(), papers["digest_date"].max()) == (dt.date(2025, 3, 11), dt.date(2025, 3, 11))
    assert papers["digest_date"].null_count() == 2 and papers["published"].null_count() == 1
    warned = result.problems.filter(pl.col("reason").str.contains("outside the plausible dates"))
    assert warned["severity"].unique().to_list() == ["warning"]
    assert warned["location"].to_list() == ["line 18", "line 1204", "line 43"]
    assert warned["reason"][0].startswith("digest_date: 9999-12-31 is outside the plausible dates 1990-01-01 .. ")
    assert "published: 9999-12-31T00:00:00Z" in warned["reason"][2]
    assert warned["file"].str.ends_with("picks.jsonl").all()


def test_implausible_dates_in_digest_dates_list_and_page_and_file_name(tmp_path):
    row = {"id": "2503.03601", "title": "Feature-Level Insights into Artificial Text Detection with Sparse Autoencoders",
           "summary": "Sparse autoencoders on Gemma-2-2b.", "categories": ["cs.CL"], "first_seen_date": "2025-03-11",
           "digest_dates": ["2025-03-11", "9999-12-31", "2025-03-12"]}
    result = pk.load_papers(_listing(tmp_path, [row], "arxiv-dev.jsonl"))
    assert result.papers["digest_dates"].to_list() == [[dt.date(2025, 3, 11), dt.date(2025, 3, 12)]]
    assert result.problems.height == 1
    assert result.problems["reason"][0].startswith("digest_dates: 9999-12-31 is outside")
    page = tmp_path / "hf-daily-1985-03-17.txt"  # a date from the file name is checked as well
    page.write_text("MRAG: A Modular Retrieval Framework\n\n" + "We study time-sensitive question answering. " * 10)
    result = pk.load_papers(page)
    assert result.papers["digest_date"].to_list() == [None]
    assert result.problems["reason"][0].startswith("digest_date: 1985-03-17 is outside")


def test_date_range_option(tmp_path):
    path = _listing(tmp_path, _picks(3))
    narrow = pk.load_papers(path, date_range=(dt.date(2025, 3, 12), None))
    assert narrow.papers["digest_date"].null_count() == 3 and narrow.papers["published"].null_count() == 3
    assert narrow.problems.height == 6
    wide = pk.load_papers(path, date_range=(None, dt.date(2025, 3, 11)))  # no lower bound, last day included
    assert wide.problems.height == 0 and wide.papers["digest_date"].null_count() == 0
    rows = _picks(1)
    rows[0]["date"] = "9999-12-31"
    off = pk.load_papers(_listing(tmp_path, rows, "far.jsonl"), date_range=None)
    assert off.papers["digest_date"].to_list() == [dt.date(9999, 12, 31)] and off.problems.height == 0
    assert pk.io.DATE_RANGE == (dt.date(1990, 1, 1), None)
    with pytest.raises(ValueError, match="first 2025-01-01 after last 2024-01-01"):
        pk.read_papers(path, date_range=(dt.date(2025, 1, 1), dt.date(2024, 1, 1)))
    with pytest.raises(TypeError, match=r"date_range must be \(first, last\).*str is not a date"):
        pk.read_papers(path, date_range=("1990-01-01", None))


def test_default_upper_bound_is_end_of_next_year(tmp_path):
    rows = _picks(2)
    next_year = dt.date.today().year + 1
    rows[0]["date"], rows[1]["date"] = f"{next_year}-12-31", f"{next_year + 1}-01-01"
    result = pk.load_papers(_listing(tmp_path, rows))
    assert result.papers["digest_date"].to_list() == [dt.date(next_year, 12, 31), None]
    assert f".. {next_year}-12-31;" in result.problems["reason"][0]


# --- regression: invalid dates vanished silently -----------------------------------------------------
@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-01", "0000-00-00", "not a date", "2025-03-11T25:00:00Z"])
def test_invalid_dates_are_reported_not_silently_null(tmp_path, value):
    rows = _picks(2)
    rows[1]["date"] = value
    result = pk.load_papers(_listing(tmp_path, rows))
    assert result.papers.height == 2 and result.papers["digest_date"].to_list() == [dt.date(2025, 3, 11), None]
    assert result.problems.rows() == [
        (str(tmp_path / "picks.jsonl"), "line 2", "warning", f"digest_date (column 'date'): {value!r} is not a valid date; ignored")
    ]


def test_invalid_time_is_not_truncated_to_a_date(tmp_path):
    rows = _picks(2)
    rows[1]["published"] = "2025-01-01T25:00:00Z"
    result = pk.load_papers(_listing(tmp_path, rows))
    assert result.papers["published"].to_list() == [dt.datetime(2025, 3, 5, 15, 33, 52, tzinfo=dt.timezone.utc), None]
    assert result.problems["reason"].to_list() == ["published: '2025-01-01T25:00:00Z' is not a valid date-time; ignored"]


def test_invalid_dates_in_every_format_are_reported(tmp_path):
    # a CSV table
    table = pl.DataFrame({"title": ["MRAG: A Modular Retrieval Framework"], "abstract": ["Time-sensitive QA."], "date": ["2025-02-30"]})
    table.write_csv(tmp_path / "t.csv")
    assert pk.load_papers(tmp_path / "t.csv").problems["reason"].to_list() == [
        "digest_date (column 'date'): '2025-02-30' is not a valid date; ignored"
    ]
    # a Hugging Face API day file: publishedAt with an invalid time
    api = json.loads((FORMATS_DIR / "2024-06-03.json").read_text())
    api[1]["paper"]["publishedAt"] = "2024-05-31T25:00:00.000Z"
    (tmp_path / "2024-06-03.json").write_text(json.dumps(api))
    result = pk.load_papers(tmp_path / "2024-06-03.json")
    assert result.papers["published"].null_count() == 1
    assert result.problems.select("location", "reason").rows() == [
        ("item 1", "published (column 'publishedAt'): '2024-05-31T25:00:00.000Z' is not a valid date-time; ignored")
    ]
    # an arXiv daily listing: the file name's date stands in for an invalid one
    row = {"id": "2503.03601", "title": "Feature-Level Insights", "summary": "Sparse autoencoders.",
           "categories": ["cs.CL"], "first_seen_date": "2025-02-30"}
    result = pk.load_papers(_listing(tmp_path, [row], "arxiv-cs-2025-03-11.jsonl"))
    assert result.papers["digest_date"].to_list() == [dt.date(2025, 3, 11)]
    assert result.problems["reason"].to_list() == [
        "digest_date (column 'first_seen_date'): '2025-02-30' is not a valid date; ignored; the file name's date is used"
    ]
    # a page copy: an impossible date line is a date line, reported, not a paper titled "Feb 30"
    page = tmp_path / "page-2025.txt"
    page.write_text("Feb 30\n\nMRAG: A Modular Retrieval Framework\n\n" + "We study time-sensitive question answering. " * 10)
    result = pk.load_papers(page)
    assert result.papers.select("title", "digest_date").rows() == [("MRAG: A Modular Retrieval Framework", None)]
    assert "'Feb 30' is not a valid date" in result.problems["reason"][0]


# --- regression: a table without a title column did not reconcile ------------------------------------
@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl", "json", "parquet"])
def test_table_without_title_column_counts_every_record_as_skipped(tmp_path, suffix):
    frame = pl.DataFrame({"Name": [f"paper {i}" for i in range(50)], "Summary": ["An abstract."] * 50})
    path = tmp_path / f"papers.{suffix}"
    {"csv": lambda: frame.write_csv(path), "tsv": lambda: frame.write_csv(path, separator="\t"),
     "jsonl": lambda: frame.write_ndjson(path), "json": lambda: frame.write_json(path),
     "parquet": lambda: frame.write_parquet(path)}[suffix]()
    result = pk.load_papers(path)
    assert (result.records_in, result.n_skipped, result.papers.height) == (50, 50, 0)
    assert result.reconciles()
    reasons = result.problems["reason"].unique().to_list()
    assert reasons == ["table has no 'title' column (its columns: 'Name', 'Summary'); record skipped"]
    assert "__line" not in reasons[0]
    assert result.problems["location"].n_unique() == 50


# --- keywords: carried from the source, never derived ------------------------------------------------
def test_hf_archive_carries_ai_keywords_and_the_sample_has_them():
    papers = pk.read_papers(FORMATS_DIR / "hf-archive.jsonl")
    assert papers.schema["keywords"] == pl.List(pl.String()) and papers["keywords"].to_list() == [None] * 3
    sample = pk.load_sample()
    assert sample.height == 6141 and sample["keywords"].drop_nulls().len() == 3110
    seap = sample.filter(pl.col("paper_id") == "2503.07605")["keywords"].to_list()
    assert seap == [["Sparse Expert Activation Pruning (SEAP)", "hidden states", "activations",
                     "task-specific expert activation patterns", "computational efficiency"]]


def test_hf_api_and_tables_carry_keywords_and_merged_copies_union_them(tmp_path):
    paper = {"id": "2503.03601", "title": "Feature-Level Insights into Artificial Text Detection with Sparse Autoencoders",
             "summary": "Artificial Text Detection (ATD) is becoming increasingly important.",
             "authors": [{"name": "Kristian Kuznetsov"}], "publishedAt": "2025-03-05T15:33:52.000Z", "upvotes": 157,
             "ai_keywords": ["Sparse Autoencoders", "Gemma-2-2b", "residual stream", "interpretability"]}
    wrapper = {"status": "success", "date": "2025-03-11", "count": 1, "data": [repr({"paper": paper, "numComments": 4})]}
    (tmp_path / "2025-03-11.json").write_text(json.dumps(wrapper))
    pl.DataFrame({"id": ["2503.03601"], "title": [paper["title"]], "abstract": [paper["summary"]],
                  "keywords": ["interpretability; writing style; human-like outputs"]}).write_csv(tmp_path / "picks.csv")
    result = pk.load_papers([tmp_path / "2025-03-11.json", tmp_path / "picks.csv"])
    assert result.papers.height == 1 and result.reconciles()
    assert result.papers["keywords"].to_list() == [[
        "Sparse Autoencoders", "Gemma-2-2b", "residual stream", "interpretability", "writing style", "human-like outputs"
    ]]
    alone = pk.read_papers(tmp_path / "2025-03-11.json")
    assert alone["keywords"].to_list() == [paper["ai_keywords"]]


def test_papers_cache_written_before_keywords_reads_back_as_papers(tmp_path):
    papers = pk.read_papers(FORMATS_DIR / "table.csv")
    papers.drop("keywords").write_parquet(tmp_path / "old-cache.parquet")
    back = pk.load_papers(tmp_path / "old-cache.parquet")
    assert back.papers.columns == list(PAPERS_SCHEMA) and back.papers["keywords"].to_list() == [None] * 3
    assert_frame_equal(back.papers, papers)


def test_bundled_page_hash_ids_did_not_change():
    """The page copy has no arXiv ids: its 85 ids are still the hashes of the old ``[0-9a-z]`` title keys."""
    papers = pk.read_papers(pk.sample_paths("hf-page"))
    old_key = lambda t: re.sub(r"[^0-9a-z]+", " ", unicodedata.normalize("NFKD", t).lower()).strip()  # noqa: E731
    old = ["t:" + hashlib.blake2b(old_key(t).encode(), digest_size=8).hexdigest() for t in papers["title"]]
    assert papers["paper_id"].to_list() == old


# --- hostile input: each bug as it was reproduced -------------------------------------------------
HOSTILE = TEST_DATA / "hostile"


def test_one_ragged_csv_row_no_longer_drops_the_whole_file():
    result = pk.load_papers(HOSTILE / "ragged-quote.csv")  # 100 rows, row 50 with an unbalanced quote
    assert result.papers.height == 99 and result.reconciles()
    (file, location, severity, reason), = result.problems.rows()
    assert severity == "skipped" and re.fullmatch(r"lines \d+-\d+", location)
    assert reason.startswith("malformed CSV row (2 fields where the header has 4 (an unbalanced quote?)); skipped: ")
    assert "Xwin-LM" in reason and len(reason) < 300  # the row quoted, cut to ~200 characters, not the rest of the file
    assert "Xwin-LM" not in " ".join(result.papers["title"].to_list())


def test_ragged_csv_rows_before_and_after_are_kept(tmp_path):
    path = tmp_path / "picks.csv"
    path.write_text('id,title,abstract\n2501.00001,LoRA,Low-rank.\n2501.00002,"Broken ""quote,x\n'
                    '2501.00003,QLoRA,"Quantized\nlow-rank."\n2501.00004,DoRA,Weight-decomposed,extra,fields\n')
    result = pk.load_papers(path)
    assert sorted(result.papers["arxiv_id"].to_list()) == ["2501.00001", "2501.00003"]
    assert result.problems.select("location", "severity").rows() == [("line 3", "skipped"), ("line 6", "skipped")]
    assert "5 fields where the header has 3" in result.problems["reason"][1] and result.reconciles()


def test_deeply_nested_json_is_a_problem_not_a_recursion_error(tmp_path):
    for name in ("deep-10000.json", "deep-line.jsonl"):
        (tmp_path / name).write_bytes((HOSTILE / name).read_bytes())
    (tmp_path / "good.jsonl").write_text(json.dumps({"title": "LoRA", "abstract": "Low-rank adaptation."}) + "\n")
    result = pk.load_papers(tmp_path)  # raised RecursionError: every file of the folder was lost
    assert result.papers.height == 11 and result.reconciles()
    assert result.problems.select("file", "location").rows() == [
        (str(tmp_path / "deep-10000.json"), "file"), (str(tmp_path / "deep-line.jsonl"), "line 6")]
    assert result.problems["reason"].str.starts_with("JSON nested too deeply").all()


@pytest.mark.slow  # a subprocess: starts Python and imports paperkit
def test_cli_load_of_deep_json_reports_instead_of_a_traceback(tmp_path):
    (tmp_path / "deep.json").write_bytes((HOSTILE / "deep-10000.json").read_bytes())
    proc = subprocess.run([sys.executable, "-m", "paperkit", "load", str(tmp_path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr and "JSON nested too deeply" in proc.stdout


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="needs symlinks")
def test_recursive_glob_over_a_symlink_loop_ends_and_reads_each_file_once(tmp_path):
    import os

    folder = tmp_path / "dir"
    folder.mkdir()
    rows = [{"title": f"Paper {i}", "abstract": "An abstract."} for i in range(10)]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    os.symlink(".", folder / "self")
    os.symlink("..", folder / "up")
    os.symlink("missing.jsonl", folder / "gone.jsonl")
    for source in (f"{folder}/**/*.jsonl", folder, [folder / "a.jsonl", folder / "self" / "a.jsonl"]):
        result = pk.load_papers(source)  # the glob ran > 300 s; one loop read the file 41 times
        assert result.papers.height == 10 and result.duplicates.height == 0 and result.reconciles()
        assert set(result.problems["severity"]) <= {"warning"}
    reasons = sorted(pk.load_papers(folder).problems["reason"].to_list())
    assert reasons == ["dangling symlink ('missing.jsonl'); not followed",
                       "symlink loop ('.') leads to a folder that holds it); not followed".replace("')", "'"),
                       "symlink loop ('..' leads to a folder that holds it); not followed"]


def test_file_larger_than_max_file_size_is_reported_not_read(tmp_path):
    path = tmp_path / "picks.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"Paper {i}", "abstract": "x."}) for i in range(100)) + "\n")
    result = pk.load_papers(path, max_file_size=1000)
    assert result.papers.height == 0 and result.reconciles()
    assert result.problems["reason"][0].startswith(f"file is {path.stat().st_size:,} bytes, more than max_file_size=1,000")
    gz = tmp_path / "picks.jsonl.gz"
    gz.write_bytes(__import__("gzip").compress(path.read_bytes()))
    assert "once decompressed" in pk.load_papers(gz, max_file_size=1000).problems["reason"][0]  # a gzip bomb too
    assert pk.load_papers(gz).papers.height == 100 and pk.io.MAX_FILE_SIZE == 2 * 1024**3
    with pytest.raises(ValueError, match="max_file_size must be a positive number of bytes"):
        pk.load_papers(path, max_file_size=0)


def test_titles_given_as_lists_or_objects_are_reported():
    result = pk.load_papers(HOSTILE / "title-shapes.jsonl")
    assert result.problems.select("location", "severity").rows() == [("line 1", "warning"), ("line 2", "skipped")]
    assert result.problems["reason"][0].startswith("title given as a list of 4 texts; joined with spaces")
    assert result.problems["reason"][1].startswith("title is an object, not text")
    assert result.papers["title"][0].startswith("Chain-of-Knowledge: Integrating Knowledge Reasoning into")
    assert result.papers["title"][1] == "Safe Title txt.exe bell"  # NUL, BEL and the bidi overrides removed


def test_titles_as_lists_in_a_polars_read_jsonl_and_a_json_list(tmp_path):
    rows = [{"title": ["Low-Rank", "Adaptation"], "abstract": "x."}, {"title": ["QLoRA"], "abstract": "y."}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    (tmp_path / "b.json").write_text(json.dumps([{"title": {"en": "DoRA"}, "abstract": "z."}, *rows]))
    result = pk.load_papers(tmp_path)
    assert result.papers["title"].to_list() == ["Low-Rank Adaptation", "QLoRA"] and result.duplicates.height == 2
    assert result.problems["severity"].to_list().count("warning") == 4 and result.n_skipped == 1


def test_published_with_a_utc_offset_is_converted_to_utc():
    result = pk.load_papers(HOSTILE / "bad-dates.jsonl")
    published = result.papers.filter(pl.col("published").is_not_null())["published"].to_list()
    assert published == [dt.datetime(2025, 3, 15, 1, 30, tzinfo=dt.timezone.utc)]  # 20:30-05:00 was read as 20:30 UTC


@pytest.mark.parametrize("text, expected", [
    ("2025-03-14T20:30:00-05:00", dt.datetime(2025, 3, 15, 1, 30)),
    ("2025-03-14T20:30:00+0530", dt.datetime(2025, 3, 14, 15, 0)),
    ("2025-03-14T20:30:00.5+00:00", dt.datetime(2025, 3, 14, 20, 30, 0, 500000)),
    ("2025-03-14T20:30:00Z", dt.datetime(2025, 3, 14, 20, 30)),
    ("2025-03-14", dt.datetime(2025, 3, 14)),
    ("2025-03-14T20:30:00+25:00", None),
])
def test_iso_datetime_offsets(text, expected):
    from paperkit.io.records import iso_datetime

    got = pl.DataFrame({"t": [text]}).select(iso_datetime(pl.col("t")))["t"][0]
    assert got == (expected.replace(tzinfo=dt.timezone.utc) if expected else None)


def test_problem_reasons_are_bounded(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "LoRA", "abstract": "x."}) + "\n{" + "x" * 10_000 + "\n")
    result = pk.load_papers(tmp_path)
    assert result.papers.height == 1 and result.reconciles()
    assert len(result.problems["reason"][0]) < 300


def test_date_range_is_exported():
    assert pk.DATE_RANGE == pk.io.DATE_RANGE and "DATE_RANGE" in pk.__all__


def test_a_json_list_of_flat_objects_loads_like_the_same_records_as_json_lines(tmp_path):
    """The fast path of a JSON list (straight into polars) gives the frame and the problems that
    the row-by-row path of the same records as JSON Lines gives; an odd title takes the careful path."""
    records = [
        {"arxiv_id": "2501.00001", "title": "Low-Rank Adaptation (LoRA) for \u201cvision\u201d models",
         "abstract": "We adapt\nlarge models with LoRA.", "authors": ["A. Author", "B. Author"], "upvotes": 3,
         "digest_date": "2025-01-02"},
        {"arxiv_id": None, "title": "大型语言模型的推理能力", "abstract": "推理。", "authors": [], "upvotes": None,
         "digest_date": "2025-01-03"},
        {"arxiv_id": "2501.00003", "title": 2025, "abstract": None, "authors": None, "upvotes": 1,
         "digest_date": "not a date"},
    ]
    (tmp_path / "list").mkdir()
    (tmp_path / "lines").mkdir()
    (tmp_path / "list" / "p.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "lines" / "p.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    fast, careful = pk.load_papers(tmp_path / "list"), pk.load_papers(tmp_path / "lines")
    drop = ["source", "source_files", "source_format", "locators"]  # the layouts are named differently
    assert_frame_equal(fast.papers.drop(drop, strict=False), careful.papers.drop(drop, strict=False))
    assert fast.problems["reason"].to_list() == careful.problems["reason"].to_list()
    assert fast.papers.height == 3 and fast.reconciles()
    odd = [*records, {"arxiv_id": "2501.00004", "title": {"text": "nested"}, "abstract": "x"}]
    (tmp_path / "list" / "p.json").write_text(json.dumps(odd), encoding="utf-8")
    result = pk.load_papers(tmp_path / "list")
    assert result.papers.height == 3 and any("title is an object" in r for r in result.problems["reason"].to_list())


def test_a_json_list_is_read_from_its_bytes_like_its_decoded_text(tmp_path):
    """A UTF-8 JSON list goes to polars from the file's bytes (no decoded copy); with a BOM it
    takes the decoded-text path, and both give the same papers. Invalid UTF-8 is not read as
    bytes: it is decoded as Windows-1252 with a warning, as before."""
    records = [{"arxiv_id": f"2501.0000{i}", "title": t, "abstract": "We study it."}
               for i, t in enumerate(["Graph Neural Networks: A Survey", "图神经网络综述", "α-Net for β-decay"])]
    (tmp_path / "bytes").mkdir()
    (tmp_path / "bom").mkdir()
    (tmp_path / "bytes" / "p.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "bom" / "p.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8-sig")
    plain, bom = pk.load_papers(tmp_path / "bytes"), pk.load_papers(tmp_path / "bom")
    assert_frame_equal(plain.papers.drop("source_files"), bom.papers.drop("source_files"))
    assert plain.papers.height == 3 and plain.reconciles() and plain.problems.height == 0
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'[{"title": "Caf\xe9 models for na\xefve agents", "abstract": "x"}]')
    result = pk.load_papers(latin)
    assert result.papers["title"].to_list() == ["Caf\u00e9 models for na\u00efve agents"]
    assert any("Windows-1252" in r for r in result.problems["reason"].to_list())


def test_json_lines_whose_first_line_is_not_an_object_cost_that_line_only(tmp_path):
    """Found by the fuzz suite: a JSON Lines file starting with "null" (or a list) was skipped whole
    as "not JSON"; now that line is reported and the records after it are loaded."""
    path = tmp_path / "picks.jsonl"
    lines = ["null", json.dumps({"id": "2501.00000", "title": "Paper 0 on graphs", "abstract": None}),
             "[1, 2]", json.dumps({"id": "2501.00001", "title": "Paper 1 on agents", "abstract": "We act."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = pk.load_papers(path)
    assert sorted(result.papers["arxiv_id"].to_list()) == ["2501.00000", "2501.00001"]
    assert result.reconciles() and result.problems.filter(pl.col("severity") == "skipped").height == 2
    csv_named_jsonl = tmp_path / "table.jsonl"
    csv_named_jsonl.write_text("title,abstract\nA,B\n", encoding="utf-8")
    assert "not JSON" in pk.load_papers(csv_named_jsonl).problems["reason"][0]  # still one file-level problem


def test_a_huge_field_is_cut_and_reported_not_carried(tmp_path, monkeypatch):
    """A pasted paper in an abstract (here longer than a lowered limit) is cut to the limit with a
    warning naming the record; the paper is kept and the load reconciles."""
    import paperkit.io as io

    monkeypatch.setattr(io, "MAX_TEXT_CHARS", {"title": 40, "abstract": 1_000})
    text = "Large Language Model (LLM) agents plan tool calls. " * 100  # 5,100 characters
    rows = [{"arxiv_id": "2501.00001", "title": "A pasted paper", "abstract": text},
            {"arxiv_id": "2501.00002", "title": "Agents " * 10, "abstract": "Short."}]
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = pk.load_papers(tmp_path)
    assert result.reconciles() and result.papers.height == 2
    lengths = dict(zip(result.papers["paper_id"].to_list(), result.papers["abstract"].str.len_chars().to_list()))
    assert lengths["2501.00001"] <= 1_000
    reasons = result.problems.select("location", "reason").rows()
    assert ("line 1", "abstract of 5,100 characters cut to the first 1,000 (paperkit.io.MAX_TEXT_CHARS)") in reasons
    assert any(loc == "line 2" and r.startswith("title of 70 characters cut to the first 40") for loc, r in reasons)


def test_write_tables_writes_csv_and_parquet_that_read_back(tmp_path):
    import datetime as _dt

    glossary = pl.DataFrame({"short_form": ["RAG", "LoRA"], "long_form": ["retrieval-augmented generation", "low-rank adaptation"],
                             "papers": [12, 7]})
    themes = pl.DataFrame({"label": ["agents"], "topics": [["agents", "tools"]], "first": [_dt.date(2025, 3, 1)]})
    written = pk.write_tables({"Acronym glossary": glossary, "thematic map": themes}, tmp_path / "tables")
    assert written.select("table", "format").rows() == [
        ("acronym_glossary", "csv"), ("acronym_glossary", "parquet"), ("thematic_map", "csv"), ("thematic_map", "parquet")]
    assert pl.read_parquet(tmp_path / "tables" / "thematic_map.parquet").equals(themes)  # dtypes kept
    assert pl.read_csv(tmp_path / "tables" / "acronym_glossary.csv").equals(glossary)
    assert pl.read_csv(tmp_path / "tables" / "thematic_map.csv")["topics"].to_list() == ["agents; tools"]
    with pytest.raises(ValueError, match="both be written"):
        pk.write_tables({"a b": glossary, "a-b": glossary}, tmp_path)
    with pytest.raises(ValueError, match="formats"):
        pk.write_tables({"a": glossary}, tmp_path, formats=["xlsx"])


def test_papers_by_source_does_not_depend_on_the_order_of_the_files(tmp_path):
    """issue 18: the same paper in an arXiv listing and a Hugging Face archive counts for both
    sources in summary(), whichever file is read first (the papers' source column is the first
    record's); the cache keeps the files' sources."""
    from paperkit.cache import StageCache

    arxiv = tmp_path / "listing.jsonl"
    arxiv.write_text("\n".join(json.dumps(r) for r in [
        {"id": "2501.00001", "title": "Paper One", "summary": "Abstract one.", "categories": ["cs.CL"],
         "first_seen_date": "2025-01-02"},
        {"id": "2501.00002", "title": "Paper Two", "summary": "Abstract two.", "categories": ["cs.CL"],
         "first_seen_date": "2025-01-02"}]) + "\n", encoding="utf-8")
    hf = tmp_path / "archive.jsonl"
    hf.write_text("\n".join(json.dumps(r) for r in [
        {"digest_date": "2025-01-03", "arxiv_id": "2501.00001", "title": "Paper One", "abstract": "Abstract one."},
        {"digest_date": "2025-01-03", "arxiv_id": "2501.00003", "title": "Paper Three", "abstract": "Abstract three."},
    ]) + "\n", encoding="utf-8")
    first = pk.load_papers([arxiv, hf])
    second = pk.load_papers([hf, arxiv])
    assert first.papers_by_source().rows() == second.papers_by_source().rows() == [("arxiv", 2), ("hf-archive", 2)]
    assert "by source         arxiv: 2, hf-archive: 2" in second.summary()
    cache = StageCache(tmp_path / "cache")
    cache.load_papers([hf, arxiv], progress=False)
    assert cache.load_papers([hf, arxiv], progress=False).papers_by_source().rows() == [("arxiv", 2), ("hf-archive", 2)]
