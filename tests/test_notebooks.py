"""Every notebook in notebooks/ runs top to bottom on the bundled data (jupytext -> nbclient)."""

from __future__ import annotations

import jupytext
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.py"))

# Each notebook starts a kernel and runs the whole analysis: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path):
    notebook = jupytext.read(path)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [
        output for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []) if output.get("output_type") == "error"
    ]
    assert not errors
    # the last cell that shows something shows a chart or a frame, not an error
    assert any(
        "application/vnd.vegalite.v5+json" in out.get("data", {}) or "application/vnd.vegalite.v6+json" in out.get("data", {})
        or "text/html" in out.get("data", {})
        for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
    )


def test_notebook_05_runs_on_another_folder(tmp_path):
    """The parameters cell of 05 is replaced (papermill-style) to run on tests/data/formats."""
    path = ROOT / "notebooks" / "05-your-own-digest.py"
    notebook = jupytext.read(path)
    params = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "notebook 05 needs exactly one cell tagged 'parameters'"
    source = ROOT / "tests" / "data" / "formats"
    out = tmp_path / "formats-report.html"
    params[0].source = f"SOURCE = {str(source)!r}\nEVERY = '1q'\nTOP = 8\nOUT = {str(out)!r}\nTITLE = 'Test formats'"
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    page = out.read_text(encoding="utf-8")
    assert "Test formats" in page and "Keyword trends" in page and 'class="pk-error"' not in page
