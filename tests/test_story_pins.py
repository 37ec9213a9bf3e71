"""Notebooks 01-06 answer as of the story (26 November 2024). Their findings, the computed
sentences, are pinned in tests/story_findings.json, so rows added after the story cannot move
them. nbval checks that a rerun reproduces each committed output; this checks the committed
outputs against the pins. A deliberate correction updates the pin in the same commit and says why.
"""

import json
from pathlib import Path

import pytest

from helpers import paths

PINS = json.loads((Path(__file__).parent / "story_findings.json").read_text(encoding="utf-8"))


def findings(path: Path) -> dict[str, str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {c["id"]: "".join(o["data"]["text/markdown"]) for c in cells for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})}


@pytest.mark.parametrize("name", sorted(PINS))
def test_as_of_the_story_findings_are_unchanged(name):
    committed = findings(paths.NOTEBOOKS / name)
    missing = sorted(set(PINS[name]) - set(committed))
    assert not missing, f"{name}: pinned findings cells are gone: {missing}"
    for cell_id, text in PINS[name].items():
        assert committed[cell_id] == text, f"{name}, cell {cell_id}: an as-of-the-story finding changed"


def test_every_story_notebook_is_pinned():
    assert sorted(PINS) == sorted(p.name for p in paths.NOTEBOOKS.glob("0[1-6]-*.ipynb"))
