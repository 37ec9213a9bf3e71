"""Where things live. Every path is derived from this package's location, so notebooks
never hard-code relative paths like ``../data``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
CLEAN = DATA / "clean"
EXTERNAL = DATA / "external"
RAW_PACKAGE = DATA / "datapackage.json"
CLEAN_PACKAGE = CLEAN / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
