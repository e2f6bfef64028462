"""paperkit.frames: one validator, one date helper, one count of papers per period (issue 16)."""

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from paperkit import frames
from paperkit.charts import corpus


def test_every_frame_kind_requires_columns_it_documents():
    for kind, spec in frames.FRAMES.items():
        assert set(spec.required) <= set(spec.columns), kind


@pytest.mark.parametrize("bad", [{"paper_id": ["a"]}, {"term": ["x"]}])
def test_validate_names_the_missing_column_and_the_function(bad):
    with pytest.raises(ValueError, match=r"paper terms frame is missing column\(s\) \[.*\]: term_shares needs"):
        frames.validate(pl.DataFrame(bad), "terms", needed_by="term_shares")


def test_validate_rejects_what_is_not_a_frame():
    with pytest.raises(TypeError, match="bursts expects a polars DataFrame"):
        frames.validate({"term": ["x"]}, "shares", needed_by="bursts")


def test_papers_per_period_and_period_counts_agree_on_period_end():
    papers = pl.DataFrame({"paper_id": list("abcd"), "title": list("ABCD"),
                           "digest_date": [dt.date(2025, 1, 5), dt.date(2025, 1, 6), dt.date(2025, 3, 1), None]})
    counts = frames.period_counts(papers)
    per = corpus.papers_per_period(papers)
    assert_frame_equal(per.select("period", "period_end", pl.col("n_papers").alias("papers")),
                       counts.filter(pl.col("papers") > 0).select("period", "period_end", "papers"))
    assert per["period_end"].to_list() == [dt.date(2025, 1, 31), dt.date(2025, 3, 31)]


def test_chart_bars_still_end_where_the_next_period_starts():
    papers = pl.DataFrame({"paper_id": ["a"], "title": ["A"], "digest_date": [dt.date(2025, 1, 5)]})
    spec = corpus.chart_papers_per_period(corpus.papers_per_period(papers)).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["period_end"].startswith("2025-02-01")


def test_date_column_prefers_digest_dates():
    papers = pl.DataFrame({"digest_date": [None, dt.date(2025, 1, 1)], "published": [None, None]},
                          schema={"digest_date": pl.Date, "published": pl.Datetime})
    assert frames.date_column(papers) == "digest_date"
    assert frames.date_column(papers.with_columns(pl.lit(None, pl.Date).alias("digest_date"))) is None
