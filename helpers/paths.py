"""Where things live. Every path is derived from this package's location, so notebooks
never hard-code relative paths like ``../data``."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# NK_DATA points the notebooks and tools at another copy of data/ (the hostile-data test uses it).
DATA = Path(os.environ["NK_DATA"]).resolve() if os.environ.get("NK_DATA") else ROOT / "data"
RAW = DATA / "raw"
CLEAN = DATA / "clean"
EXTERNAL = DATA / "external"
RAW_PACKAGE = DATA / "datapackage.json"
CLEAN_PACKAGE = CLEAN / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"

# The CNS missile test database is not shipped (helpers.cns reads it). Notebooks that need it
# are skipped by the tests and the reports, saying why, where no file is found.
NOTEBOOKS_NEEDING_CNS = ["07-launch-reconciliation"]
# Notebooks with one section that reads it (cells whose id starts with the prefix) and that, without the
# file, print a note there instead; nbval skips only those cells where the file is absent.
CNS_SECTIONS = {"02-testing-and-diplomacy": "long-run-", "10-the-long-view": "cns-"}
NOTEBOOKS_READING_CNS = NOTEBOOKS_NEEDING_CNS + list(CNS_SECTIONS)
NO_FILE = ("no CNS missile test database file: run `make external`, set NK_CNS_FILE, "
           "or place the shared copy in ../shared/external/cns/")


def find_cns_file() -> Path | None:
    """The CNS file to reconcile against: $NK_CNS_FILE if set, else the newest download in
    data/external/cns/, else the shared copy beside the repository (../shared/external/cns/).
    None when there is none, or $NK_CNS_FILE names no file: every caller then skips or says so."""
    if os.environ.get("NK_CNS_FILE"):
        path = Path(os.environ["NK_CNS_FILE"])
        return path if path.is_file() else None
    for folder in (EXTERNAL / "cns", ROOT.parent / "shared" / "external" / "cns"):
        found = sorted(folder.glob("*.xlsx")) + sorted(folder.glob("*.csv")) if folder.is_dir() else []
        if found:
            return max(found, key=lambda p: p.stat().st_mtime)
    return None
