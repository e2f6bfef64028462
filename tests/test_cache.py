"""The disk cache: hits without recomputing, keys that follow the input and the options, corrupt files."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import paperkit as pk
import paperkit.acronyms
import paperkit.io
import paperkit.keywords
from paperkit.cache import CacheWarning, StageCache, frame_key
from paperkit.cli import main
from paperkit.pipeline import Digest


@pytest.fixture(scope="module")
def papers() -> pl.DataFrame:
    return pk.load_sample().gather_every(25)  # 246 real papers over 19 months


def _counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_second_digest_reads_the_stages(tmp_path, papers, monkeypatch):
    terms_calls = _counting(monkeypatch, paperkit.keywords, "paper_terms")
    defs_calls = _counting(monkeypatch, paperkit.acronyms, "find_acronyms")
    first = Digest(papers, cache=tmp_path)
    first.rising, first.clusters
    assert (len(terms_calls), len(defs_calls)) == (1, 1)
    said: list[str] = []
    second = Digest(papers.clone(), cache=tmp_path, progress=said.append)  # an equal frame, not the same object
    assert_frame_equal(second.terms, first.terms)
    assert_frame_equal(second.definitions, first.definitions)
    assert_frame_equal(second.rising, first.rising)
    assert second.fragments == first.fragments and second.topical == first.topical
    assert (len(terms_calls), len(defs_calls)) == (1, 1)  # not computed again
    assert "  paper terms: from the cache" in said
    assert {"definitions", "glossary", "terms", "rising", "clusters"} <= set(StageCache(tmp_path).info()["stage"])


def test_changed_papers_or_options_miss(tmp_path, papers, monkeypatch):
    terms_calls = _counting(monkeypatch, paperkit.keywords, "paper_terms")
    Digest(papers, cache=tmp_path, every="1mo").shares
    changed = papers.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("Agents that cook"))
                                  .otherwise(pl.col("title")).alias("title"))
    assert frame_key(changed) != frame_key(papers)
    Digest(changed, cache=tmp_path).terms
    assert len(terms_calls) == 2
    said: list[str] = []
    weekly = Digest(papers, cache=tmp_path, every="1w", progress=said.append)
    weekly.shares
    assert len(terms_calls) == 2  # the terms do not depend on the period ...
    assert "  computing term shares" in said and "  paper terms: from the cache" in said  # ... the shares do


def test_a_corrupt_file_is_ignored_recomputed_and_replaced(tmp_path, papers):
    first = Digest(papers, cache=tmp_path).terms
    cache = StageCache(tmp_path)
    (path,) = [p for stage, p in cache.entries() if stage == "terms"]
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a partial write
    with pytest.warns(CacheWarning, match="could not be read"):
        again = Digest(papers, cache=tmp_path).terms
    assert_frame_equal(again, first)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_frame_equal(Digest(papers, cache=tmp_path).terms, first)  # rewritten whole
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_loading_through_the_cache(tmp_path, monkeypatch):
    src = tmp_path / "digests"
    src.mkdir()
    for path in pk.sample_paths("all")[1:]:  # the one-day page copy and the arXiv listing
        shutil.copy(path, src / path.name)
    cache = StageCache(tmp_path / "cache")
    loads = _counting(monkeypatch, paperkit.io, "load_papers")
    first = cache.load_papers(src, progress=False)
    again = cache.load_papers(src, progress=False)
    assert len(loads) == 1
    for a, b in ((first.papers, again.papers), (first.problems, again.problems), (first.duplicates, again.duplicates)):
        assert_frame_equal(a, b)
    assert (again.records_in, again.files) == (first.records_in, first.files) and again.reconciles()
    page = src / pk.sample_paths("hf-page")[0].name
    text = page.read_text(encoding="utf-8")
    assert "Agent" in text
    page.write_text(text.replace("Agent", "Agnet", 1), encoding="utf-8")  # same name, new bytes
    changed = cache.load_papers(src, progress=False)
    assert len(loads) == 2 and not changed.papers.equals(first.papers)
    cache.load_papers(src, progress=False, date_range=None)  # another loader option
    assert len(loads) == 3


def test_cli_report_uses_the_cache_and_no_cache_does_not(tmp_path, capsys):
    cache_dir, page = tmp_path / "cache", str(pk.sample_paths("hf-page")[0])
    out1, out2, out3 = (tmp_path / f"r{i}.html" for i in (1, 2, 3))
    assert main(["report", page, "-o", str(out1), "--cache-dir", str(cache_dir)]) == 0
    first = capsys.readouterr().err
    assert main(["report", page, "-o", str(out2), "--cache-dir", str(cache_dir)]) == 0
    second = capsys.readouterr().err
    assert "computing paper terms" in first and "computing paper terms" not in second
    computed = [line.split("computing ")[1] for line in second.splitlines() if "computing" in line]
    assert sorted(computed) == ["acronym synonyms", "periods", "trend windows"]  # cheap stages, not on disk
    assert "the topical terms: from the cache" in second
    assert out1.read_text() == out2.read_text()  # the cache does not change the report
    assert "vega_bundle" in {stage for stage, _ in StageCache(cache_dir).entries()}  # the inlined Vega libraries
    n_files = len(StageCache(cache_dir).entries())
    with pytest.raises(SystemExit):  # one or the other
        main(["report", page, "-o", str(out3), "--no-cache", "--cache-dir", str(cache_dir)])
    capsys.readouterr()
    assert main(["report", page, "-o", str(out3), "--no-cache"]) == 0
    assert "computing paper terms" in capsys.readouterr().err and len(StageCache(cache_dir).entries()) == n_files
    assert out3.read_text() == out1.read_text()


def test_the_vega_libraries_are_built_once_per_cache(tmp_path, monkeypatch):
    import vl_convert

    from paperkit.charts import export

    cache = StageCache(tmp_path)
    built = export.vega_bundle(cache=cache)
    assert "vegaEmbed" in built and "</script" not in built
    export._built_bundle.cache_clear()  # a new process: only the cache folder remembers the bundle

    def refuse(*args, **kwargs):
        raise AssertionError("vl-convert asked to build the bundle again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", refuse)
    assert export.vega_bundle(cache=cache) == built
    with pytest.raises(AssertionError, match="again"):  # without the cache it is built (once per process)
        export.vega_bundle()
    monkeypatch.undo()
    export._built_bundle.cache_clear()


def test_cli_cache_info_and_clear(tmp_path, capsys, papers):
    (tmp_path / "notes.txt").write_text("mine")
    Digest(papers, cache=tmp_path).terms
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "terms" in out and "definitions" in out
    assert main(["cache", "clear", "--cache-dir", str(tmp_path)]) == 0
    assert "removed" in capsys.readouterr().out
    assert StageCache(tmp_path).entries() == [] and (tmp_path / "notes.txt").read_text() == "mine"
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0 and "empty" in capsys.readouterr().out


def test_frame_key_follows_content_not_layout():
    a = pl.DataFrame({"paper_id": ["a", "b"], "digest_date": [dt.date(2025, 1, 2), None], "authors": [["Hu"], []]})
    assert frame_key(a) == frame_key(pl.concat([a.head(1), a.tail(1)], rechunk=False))
    assert frame_key(a) != frame_key(a.reverse())
    assert frame_key(a) != frame_key(a.with_columns(pl.col("digest_date").fill_null(dt.date(2025, 1, 3))))
    assert frame_key(a) != frame_key(a.rename({"authors": "names"}))
    assert frame_key(a.head(0)) != frame_key(a.head(0).drop("authors"))
