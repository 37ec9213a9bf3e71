import shutil
from pathlib import Path

import pytest

from helpers import paths


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ (raw tables, package, clean build) that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target, ignore=shutil.ignore_patterns("external", ".clean-*"))
    return target


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session's browser tests (see tests/web.py)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from web import launch

    with sync_api.sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
