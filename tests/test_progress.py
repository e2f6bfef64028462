"""Progress: timestamped lines with counts when standard error is not a terminal, bars otherwise;
the report's stages announced with their own time. Clocks are injected: no test depends on timing."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys

import polars as pl
import pytest

import paperkit as pk
from paperkit.pipeline import Digest
from paperkit.progress import log_progress, progress

_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  ")
_NOON = dt.datetime(2026, 12, 5, 12, 0, 0)


class _Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_loop_writes_a_line_with_counts_every_interval_and_the_final_count():
    clock, out = _Clock(), io.StringIO()
    with log_progress(out, every=5.0, clock=clock, now=lambda: _NOON, memory=None):
        for _ in progress(range(10), None, desc="keywords", unit="batch"):
            clock.t += 2.0  # each item takes two seconds: a line after items 3, 6 and 9, then the last one
    lines = out.getvalue().splitlines()
    assert lines == [
        "2026-12-05 12:00:00  keywords  3/10 batch (30%)  6.0 s",
        "2026-12-05 12:00:00  keywords  6/10 batch (60%)  12.0 s",
        "2026-12-05 12:00:00  keywords  9/10 batch (90%)  18.0 s",
        "2026-12-05 12:00:00  keywords  10/10 batch (100%)  20.0 s",
    ]


def test_counts_can_be_papers_of_a_batch_and_the_last_line_is_not_repeated():
    clock, out = _Clock(), io.StringIO()
    batches = [slice(0, 4), slice(4, 8), slice(8, 10)]
    with log_progress(out, every=1.0, clock=clock, now=lambda: _NOON, memory=None):
        for _ in progress(batches, None, desc="terms", unit="papers", total=10, size=lambda s: s.stop - s.start):
            clock.t += 1.0
    assert [line.split("  ", 1)[1] for line in out.getvalue().splitlines()] == [
        "terms  4/10 papers (40%)  1.0 s", "terms  8/10 papers (80%)  2.0 s", "terms  10/10 papers (100%)  3.0 s"]


def test_a_quick_loop_writes_nothing_and_stage_messages_carry_time_and_memory():
    clock, out = _Clock(), io.StringIO()
    with log_progress(out, clock=clock, now=lambda: _NOON, memory=lambda: 2.5) as say:
        say("loading papers")
        assert list(progress(range(3), None)) == [0, 1, 2]
        clock.t = 61.25
        say("computing paper terms")
    assert out.getvalue().splitlines() == ["2026-12-05 12:00:00  [    0.0 s   2.50 GiB]  loading papers",
                                           "2026-12-05 12:00:00  [   61.2 s   2.50 GiB]  computing paper terms"]


def test_on_a_terminal_loops_get_bars_not_lines_and_outside_the_block_nothing_changes():
    clock, term = _Clock(), _Terminal()
    with log_progress(term, every=0.0, clock=clock, now=lambda: _NOON, memory=None):
        items = list(range(3))
        assert progress(items, None) is items  # fewer items than a bar needs, and no lines on a terminal
    assert term.getvalue() == ""
    items = list(range(3))
    assert progress(items, None) is items and progress(items, False) is items


def test_each_digest_stage_says_when_it_starts_and_its_own_time_when_done():
    papers = pk.load_sample().head(120)
    said: list[str] = []
    Digest(papers, top=5, progress=said.append).synonyms
    lines = [s.strip() for s in said]
    order = [next(i for i, s in enumerate(lines) if s.startswith(prefix)) for prefix in (
        "computing acronym synonyms", "computing acronym glossary", "computing acronym definitions",
        "acronym definitions: done in", "acronym glossary: done in", "acronym synonyms: done in")]
    assert order == sorted(order)
    glossary_done = next(s for s in lines if s.startswith("acronym glossary: done in"))
    assert re.fullmatch(r"acronym glossary: done in \d+\.\d s( \(\d+\.\d s with the stages it read first\))?",
                        glossary_done)


@pytest.mark.slow
def test_report_to_a_pipe_logs_timestamped_stage_lines(tmp_path):
    """``paperkit report ... 2> log``: every stage is in the log, with a timestamp."""
    out = tmp_path / "r.html"
    run = subprocess.run(
        [sys.executable, "-m", "paperkit", "report", str(pk.sample_paths("hf-page")[0]), "-o", str(out), "--no-cache"],
        capture_output=True, text=True, check=True, timeout=300,
    )
    lines = run.stderr.splitlines()
    assert lines and all(_LINE.match(line) for line in lines if not line.startswith("paperkit report: warning"))
    text = run.stderr
    for stage in ("loading papers", "computing paper terms", "paper terms: done in", "building section: Keyword trends",
                  "rendering", "wrote"):
        assert stage in text
    assert out.exists()


def test_quiet_report_writes_no_progress(tmp_path, capsys):
    from paperkit.cli import main

    papers = pl.DataFrame({"paper_id": ["2406.00001"], "title": ["Attention"], "digest_date": [dt.date(2024, 6, 3)],
                           "abstract": ["We attend to all positions."]})
    path = tmp_path / "p.parquet"
    papers.write_parquet(path)
    assert main(["report", str(path), "-o", str(tmp_path / "r.html"), "--no-cache", "-q"]) == 0
    assert capsys.readouterr().err == ""  # a clean load: nothing at all (problems would be listed, see test_report)
