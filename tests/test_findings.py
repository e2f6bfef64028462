"""What-changed findings: written from the data, never without the evidence."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from paperkit.report.findings import (
    FINDINGS_SCHEMA,
    burst_findings,
    caveat_findings,
    cotopic_findings,
    top_findings,
    findings_text,
    new_acronym_findings,
    rising_findings,
)


def _rising(q: float, same_as=None, general=False) -> pl.DataFrame:
    return pl.DataFrame({"term": ["agentic"], "papers_recent": [140], "papers_before": [40], "share_recent": [0.045],
                         "share_before": [0.012], "z": [6.1], "q_value": [q], "direction": ["rising"],
                         "same_as": [same_as], "general": [general]})


def test_no_finding_without_significance_or_for_a_near_duplicate_or_general_word():
    assert rising_findings(_rising(0.2)).height == 0  # not significant: no sentence at all
    assert rising_findings(_rising(0.001, same_as="agents")).height == 0
    assert rising_findings(_rising(0.001, general=True)).height == 0
    sentence = rising_findings(_rising(0.001))["sentence"][0]
    assert "1.2 %" in sentence and "4.5 %" in sentence and "40 of 3,333 papers before, 140 of 3,111 recent" in sentence


def test_no_burst_of_zero_strength_no_pair_that_lost_papers_no_acronym_defined_before():
    b = pl.DataFrame({"term": ["RL"], "start": [dt.date(2025, 7, 1)], "end": [dt.date(2025, 9, 30)], "strength": [0.0],
                      "papers_with_term": [3], "papers": [100]})
    assert burst_findings(b).height == 0
    c = pl.DataFrame({"topic_a": ["a"], "topic_b": ["b"], "n_before": [30], "n_after": [20], "score_before": [1.0],
                      "score_after": [2.0], "change": [1.0], "direction": ["rose"]})
    assert cotopic_findings(c).height == 0  # association up but fewer papers: not "strengthened"
    papers = pl.DataFrame({"paper_id": list("abcd"), "digest_date": [dt.date(2025, 1, 2)] + [dt.date(2025, 6, 2)] * 3})
    d = pl.DataFrame({"paper_id": list("abcd"), "short_form": ["RAG"] * 4, "long_form": ["retrieval-augmented generation"] * 4})
    assert new_acronym_findings(d, papers, since=dt.date(2025, 6, 1)).height == 0  # defined before the window


def test_findings_order_cap_and_text():
    rows = [("caveat", "c1.", 1.0, ["x"]), ("caveat", "c2.", 1.0, ["y"]), ("caveat", "c3.", 1.0, ["z"])]
    rows += [("co-topics", "p.", 1.0, ["a + b"]), ("rising", "r.", 5.0, ["t"])] * 4
    out = top_findings(pl.DataFrame(rows, schema=FINDINGS_SCHEMA, orient="row"), top=8)
    assert out.height == 8 and out["kind"].to_list()[:4] == ["rising"] * 4 and out["kind"].to_list()[-2:] == ["caveat"] * 2
    assert findings_text(out.head(1)) == "- r. [evidence: t]"
    assert "No change" in findings_text(out.head(0))
    assert caveat_findings(pl.DataFrame({"period": [], "papers": []}, schema={"period": pl.Date(), "papers": pl.UInt32()})).height == 0


@pytest.mark.slow  # a whole Digest of the bundled 6,141-paper archive
def test_findings_on_the_hf_archive_name_real_changes():
    from paperkit import load_sample
    from paperkit.cotopics import cotopic_changes, pair_min_count
    from paperkit.pipeline import Digest

    papers = load_sample("hf-daily")
    d = Digest(papers)
    since = d.windows["start"][1]
    f = top_findings(rising_findings(d.rising), burst_findings(d.bursts), new_acronym_findings(d.definitions, papers, since=since),
                 cotopic_findings(cotopic_changes(d.topics, papers, split=since, min_count=pair_min_count(papers.height))),
                 caveat_findings(d.periods))
    assert 5 <= f.height <= 8
    assert set(f["kind"]) >= {"rising", "falling", "burst", "new acronym", "caveat"}
    assert any('"agentic" rose' in s for s in f["sentence"])
    assert all(e for e in f["evidence"].to_list())
