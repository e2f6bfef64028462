"""The Digest: each stage once, from the ones before, the same values as the stage functions alone."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import paperkit as pk
from paperkit import pipeline
from paperkit.memory import release_free_memory
from paperkit.pipeline import Digest

_TITLES = [
    ("LoRA-GA: Low-Rank Adaptation with Gradient Approximation",
     "Fine-tuning large language models (LLMs) with Low-Rank Adaptation (LoRA) is costly; LoRA-GA aligns the gradients."),
    ("Retrieval-Augmented Generation for Large Language Models: A Survey",
     "Retrieval-Augmented Generation (RAG) helps large language models use external knowledge."),
    ("DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
     "We train reasoning models with reinforcement learning (RL) and Group Relative Policy Optimization (GRPO)."),
    ("SWE-RM: Execution-free Feedback For Software Engineering Agents",
     "Reinforcement learning (RL) agents for code; the agents use RAG and LoRA adapters."),
]


@pytest.fixture(scope="module")
def papers() -> pl.DataFrame:
    rows = [{"arxiv_id": f"2501.{10000 + i}", "title": f"{_TITLES[i % 4][0]} ({i})", "abstract": _TITLES[i % 4][1],
             "digest_date": dt.date(2024, 6, 1) + dt.timedelta(days=5 * i), "source": "hf-archive"} for i in range(80)]
    return pk.normalize_records(pl.DataFrame(rows))


def test_each_stage_is_computed_once_top_down(papers):
    said: list[str] = []
    digest = Digest(papers, top=8, progress=said.append)
    digest.rising
    digest.rising
    digest.term_table
    computed = [s.strip() for s in said]
    assert computed[:4] == ["computing trend windows", "computing rising terms", "computing paper terms",
                            "computing acronym synonyms"] or computed.count("computing paper terms") == 1
    assert all(computed.count(s) == 1 for s in computed)
    assert {"computing acronym definitions", "computing acronym glossary", "computing fragment terms"} <= set(computed)


def test_the_stages_equal_the_functions_called_alone(papers):
    digest = Digest(papers, top=8)
    definitions = pk.find_acronyms(papers)
    glossary = pk.acronym_glossary(papers, definitions=definitions)
    synonyms = pk.acronym_synonyms(glossary).select("term", "canonical", display_canonical=pl.lit(False))
    terms = pk.paper_terms(papers, synonyms=synonyms)
    assert_frame_equal(digest.definitions, definitions)
    assert_frame_equal(digest.glossary, glossary)
    assert_frame_equal(digest.terms, terms)
    windows = pk.trend_windows(papers)
    before, recent = ((r["start"], r["end"]) for r in windows.iter_rows(named=True))
    rising = pk.rising_terms(terms, papers, recent=recent, before=before, min_papers=2, synonyms=synonyms)
    assert_frame_equal(digest.rising, rising)
    topics = pk.topics_from_dictionary(papers)
    pairs = pk.cooccurrence(topics, measure="association")
    assert_frame_equal(digest.pairs, pairs)
    assert_frame_equal(digest.clusters, pk.cotopic_clusters(pairs, seed=0))
    assert digest.topical == pk.topical_terms(terms, top=8, synonyms=synonyms)["term"].to_list()


def test_a_failure_is_remembered_and_not_recomputed(papers, monkeypatch):
    import paperkit.cotopics

    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ValueError("bad dictionary")

    monkeypatch.setattr(paperkit.cotopics, "topics_from_dictionary", broken)
    digest = Digest(papers)
    for _ in range(2):
        with pytest.raises(ValueError, match="bad dictionary"):
            digest.clusters
    assert len(calls) == 1 and set(digest.errors) == {"topics", "pairs", "clusters"}


def test_own_synonyms(papers):
    digest = Digest(papers)
    kept = digest.synonyms.filter(pl.col("canonical") != "RL")
    own = digest.with_synonyms(kept)
    assert own.definitions is digest.definitions  # shared
    both = {"RL", "reinforcement learning"}
    assert not both <= set(digest.terms["term"]) and both <= set(own.terms["term"])  # no longer one term
    with pytest.raises(ValueError, match="term and canonical"):
        digest.with_synonyms(pl.DataFrame({"x": [1]}))


def test_bad_options():
    papers = pl.DataFrame({"paper_id": ["a"], "title": ["LoRA"]})
    with pytest.raises(ValueError, match="top must be a positive integer"):
        Digest(papers, top=0)
    with pytest.raises(TypeError, match="every must be"):
        Digest(papers, every=30)
    with pytest.raises(ValueError, match="missing column"):
        Digest(pl.DataFrame({"title": ["x"]}))
    with pytest.raises(TypeError, match="cache must be"):
        Digest(papers, cache=3)


@pytest.mark.slow  # a subprocess: starts Python and imports paperkit
def test_import_paperkit_loads_no_altair():
    code = "import sys, paperkit; paperkit.Digest; assert 'altair' not in sys.modules, 'altair loaded'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_term_reductions_read_in_slices_equal_one_pass(monkeypatch):
    """Regression (issue 15): papers per term, keys, window counts, near-duplicates and the term
    table are reduced ROW_BATCH rows at a time and merged (one group-by of all rows held 2.5-3.9 GB
    next to the terms at a million papers); any slice size gives the same stages."""
    from paperkit.trends import terms as trend_terms

    papers = pk.load_sample().gather_every(10)  # 615 real papers over 19 months
    whole = Digest(papers, top=10)
    stages = ("rising", "burst_terms", "bursts", "topical", "fragments", "term_table", "shares")
    expected = {name: getattr(whole, name) for name in stages}
    assert whole.terms.height > 3 * 1000
    monkeypatch.setattr(trend_terms, "ROW_BATCH", 1000)
    sliced = Digest(papers, top=10)
    sliced._results["terms"] = (True, whole.terms)  # the same terms: only the reductions are compared
    for name in stages:
        got = getattr(sliced, name)
        if isinstance(got, list):
            assert got == expected[name], name
        else:
            key = [c for c in ("term", "period_start") if c in got.columns]
            assert_frame_equal(got.sort(key), expected[name].sort(key), check_row_order=False), name


@pytest.mark.slow  # subprocesses: start Python, import paperkit and altair
def test_the_program_leaves_out_the_iri_grammars_and_a_library_import_does_not(tmp_path):
    """The paperkit program (cli.run) owns its process and skips rfc3987_syntax, whose 38 lark
    grammars cost 2.6 s of every chart-making command; altair's validation does not need it (the
    Vega-Lite schema has no "iri" format). paperkit used as a library changes nothing."""
    import importlib.util

    probe = ("import json, sys, altair as alt, jsonschema; "
             "spec = alt.Chart(alt.Data(values=[{'x': 1}])).mark_point(href='https://arxiv.org').encode(x='x:Q').to_dict(); "
             "print(json.dumps({'rfc': sys.modules.get('rfc3987_syntax') is not None, "
             "'iri': 'iri' in jsonschema.FormatChecker.checkers, 'uri': 'uri' in jsonschema.FormatChecker.checkers}))")
    program = ("import sys; from paperkit import cli; "
               f"sys.argv = ['paperkit', 'cache', 'info', '--cache-dir', {str(tmp_path)!r}]; code = cli.run(); " + probe)
    library = "import paperkit, paperkit.charts; " + probe
    got = {}
    for name, code in (("program", program), ("library", library)):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        got[name] = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["program"] == {"rfc": False, "iri": False, "uri": got["library"]["uri"]}
    installed = importlib.util.find_spec("rfc3987_syntax") is not None
    assert got["library"]["rfc"] is installed and got["library"]["iri"] is installed


def test_freed_memory_is_given_back_after_every_stage(papers, monkeypatch):
    """Between stages the C library's free pages go back to the system (paperkit.memory): at a
    million papers the freed memory of one stage otherwise sat under the next one's peak."""
    said: list[str] = []
    released: list[bool] = []
    monkeypatch.setattr(pipeline, "release_free_memory", lambda: released.append(True) or True)
    digest = Digest(papers, top=8, progress=said.append)
    digest.term_table
    done = [s for s in said if ": done in" in s]
    assert len(released) == len(done) >= 5
    assert release_free_memory() in (True, False)  # the real one runs anywhere
