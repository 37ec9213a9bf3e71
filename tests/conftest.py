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
