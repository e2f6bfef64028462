"""Every Python snippet of the README runs, in order, as a reader would paste it into a notebook.

The snippets share one namespace (the README's sections build on each other: ``papers`` from the
first, ``terms`` and ``topics`` later). The placeholder folder ``my-digests/`` becomes the bundled
sample's folder, so the snippets run offline on real data. Marked ``slow``: the pipeline snippet
computes every stage of the report.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

pytestmark = pytest.mark.slow


def _snippets() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_python_snippets():
    assert len(_snippets()) >= 4


def test_every_readme_snippet_runs_in_order(monkeypatch):
    import altair as alt
    import polars as pl

    monkeypatch.chdir(ROOT)  # relative paths in the snippets are relative to a clone's root
    namespace: dict = {}
    sample = (ROOT / "data" / "raw").as_posix() + "/"
    for i, code in enumerate(_snippets()):
        code = code.replace("my-digests/", sample)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the snippets' warnings are documented behaviour
            try:
                exec(compile(code, f"README snippet {i + 1}", "exec"), namespace)  # noqa: S102 - our own README
            except Exception as err:  # pragma: no cover - the message says which snippet failed
                pytest.fail(f"README snippet {i + 1} raised {type(err).__name__}: {err}\n---\n{code}")
    # The snippets' promises, checked on what they left behind.
    papers = namespace["papers"]
    assert papers.height > 1000 and {"paper_id", "title", "abstract"} <= set(papers.columns)
    # keyword_trends by long form, acronym and "of" spelling: three lines, none a silent zero.
    totals = dict(namespace["shares"].group_by("term").agg(pl.col("papers_with_term").sum()).rows())
    assert len(totals) == 3 and all(n > 0 for n in totals.values()), totals
    for name, value in namespace.items():
        if name.startswith("chart") and isinstance(value, alt.TopLevelMixin):
            value.to_dict()  # every chart the snippets kept validates against the Vega-Lite schema
