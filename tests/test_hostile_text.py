"""Adversarial abstracts run in memory linear in their size (a pasted page in an abstract field).

Before the fix, 50,000 repeats of "Large Language Model (LLM) " (1.35 MB) in one abstract made
``find_acronyms`` grow past 24 GB (every definition gathered its own copy of the whole abstract)
and ``keyword_in_context`` copy the 1.35 MB "sentence" once per use. Each case runs in a fresh
process and its peak memory is compared with a generous bound; nothing here is timed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

_SCRIPT = r"""
import datetime as dt, json, resource, sys
import polars as pl
import paperkit as pk

kind, steps = sys.argv[1], sys.argv[2:]
text = {"definitions": "Large Language Model (LLM) " * 50_000, "parentheses": "(" * 100_000,
        "long-word": "a" * 100_000, "unclosed": "We use (" * 50_000 + "LLM)"}[kind]
papers = pl.DataFrame({"paper_id": ["a", "b"], "title": ["A pasted page", "LLM agents"],
                       "abstract": [text, "We use large language models (LLMs)."],
                       "digest_date": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]})
run = {"find_acronyms": lambda: pk.find_acronyms(papers), "paper_terms": lambda: pk.paper_terms(papers),
       "keyphrases": lambda: pk.keyphrases(papers), "acronym_glossary": lambda: pk.acronym_glossary(papers),
       "keyword_in_context": lambda: pk.keyword_in_context(papers, "LLM")}
pk.find_acronyms(papers.tail(1)), pk.paper_terms(papers.tail(1))  # imports and caches, not measured
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = {}
for step in steps:  # peak memory only grows: each step's figure covers the steps before it
    rows = run[step]().height
    result[step] = {"rows": rows, "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024}
print(json.dumps(result))
"""


_STEPS = ["find_acronyms", "paper_terms", "keyphrases", "acronym_glossary", "keyword_in_context"]


def _run(kind: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _SCRIPT, kind, *_STEPS], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_fifty_thousand_definitions_in_one_abstract():
    result = _run("definitions")
    # Measured about 250 MB of growth over all five steps; the unbounded version needed tens of GB.
    assert all(r["grew_mb"] < 1500 for r in result.values()), result
    # every use is found, none dropped to save memory
    assert result["find_acronyms"]["rows"] >= 50_000 and result["keyword_in_context"]["rows"] >= 50_000


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["parentheses", "long-word", "unclosed"])
def test_degenerate_abstracts(kind):
    result = _run(kind)
    assert all(r["grew_mb"] < 800 for r in result.values()), result
