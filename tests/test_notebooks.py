"""Notebooks are committed executed top to bottom; nbval (strict) skips cells that never ran,
so this test is what catches them."""

import json

import pytest

from helpers import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
MAX_BYTES = 1_000_000


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_code_cell_was_executed_in_order(path):
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: restart the kernel and run all ({counts})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_opens_with_its_question_and_ends_with_sources(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert cells[0]["cell_type"] == "markdown" and cells[0]["source"][0].startswith("# ")
    markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").lower()
    assert "sources" in markdown and "caveats" in markdown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_file_stays_small(path):
    assert path.stat().st_size < MAX_BYTES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_chart_has_a_title_and_a_subtitle(path):
    """One pattern for chart headings: a title (what the chart shows or finds) and a subtitle
    (what is plotted, over which span)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    specs = [o["data"]["application/vnd.vegalite.v5+json"] for c in cells for o in c.get("outputs", [])
             if "application/vnd.vegalite.v5+json" in o.get("data", {})]
    for spec in specs:
        title = spec.get("title")
        assert isinstance(title, dict) and title.get("text") and title.get("subtitle"), title
