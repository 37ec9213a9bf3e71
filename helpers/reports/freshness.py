"""Which reports are up to date, so that ``make reports`` reruns only what changed.

A report's key is a hash of what determines it:

- the notebook's code cells (its Markdown is text, exported from the same file, so it counts too:
  the whole notebook minus outputs and execution counts);
- the clean tables it reads: those it names in ``helpers.load("…")``, or all of them when it
  reads tables it does not name (a loop over tables, the coverage, the data's end date);
- the CNS file, for the notebooks that read it;
- the notebooks' library (``helpers/*.py``), the exporter and its template, and the environment
  (requirements.txt, requirements.lock and the Python version).

``reports/.keys.json`` records each report's key and its index entry (title, question, headline
finding), so that an up-to-date report is neither rerun nor rewritten.

jupyter-cache, the field's tool, keys a notebook on its code cells alone: it would not see a
changed table, a changed helper or a changed template, so it is not used here.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from .. import paths

MANIFEST = ".keys.json"
_NAMED = re.compile(r"""helpers\.load\(\s*["'](\w+)["']""")
# Code that reads tables it does not name, and what it reads.
_UNNAMED = {r"helpers\.load\(\s*[^\s\"']": None, r"\bID_COLUMNS\b": None, r"\btable_names\(": None,
            r"\bcoverage\(": None, r"\bdata_end_date\(": {"events", "launches", "estimates"}}


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()


def notebook_source(path: Path) -> dict:
    """The notebook without what running it writes (outputs, execution counts)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return [{"type": c["cell_type"], "source": "".join(c["source"])} for c in notebook["cells"]]


def tables_read(cells: list[dict]) -> set[str] | None:
    """The clean tables the notebook reads, or None for all of them."""
    code = "\n".join(c["source"] for c in cells if c["type"] == "code")
    tables = set(_NAMED.findall(code))
    for pattern, reads in _UNNAMED.items():
        if re.search(pattern, code):
            if reads is None:
                return None
            tables |= reads
    return tables


def tooling_digest() -> bytes:
    """The notebooks' library, the exporter, its template and the environment, as one digest."""
    files = sorted(paths.ROOT.joinpath("helpers").glob("*.py")) + [
        paths.ROOT / "helpers" / "reports" / "exporter.py", paths.ROOT / "requirements.txt",
        paths.ROOT / "requirements.lock"]
    files += sorted((paths.ROOT / "helpers" / "reports" / "templates").rglob("*.*"))
    return _digest(*(f.read_bytes() for f in files if f.is_file()), sys.version.encode()).encode()


def key(path: Path, clean_dir: Path = paths.CLEAN, tooling: bytes | None = None) -> str:
    cells = notebook_source(path)
    tables = tables_read(cells)
    data_files = sorted(Path(clean_dir).glob("*.csv")) if tables is None else [
        Path(clean_dir) / f"{t}.csv" for t in sorted(tables)]
    data = [f.name.encode() + (f.read_bytes() if f.exists() else b"missing") for f in data_files]
    data.append((Path(clean_dir) / "datapackage.json").read_bytes() if (Path(clean_dir) / "datapackage.json").exists()
                else b"")
    if Path(path).stem in paths.NOTEBOOKS_READING_CNS:
        cns = paths.find_cns_file()
        data.append(cns.read_bytes() if cns else b"no CNS file")
    return _digest(json.dumps(cells, sort_keys=True).encode(), *data, tooling or tooling_digest())


def index_key(names: list[str], clean_dir: Path = paths.CLEAN, tooling: bytes | None = None) -> str:
    """The index lists the reports and describes the whole dataset."""
    return _digest(json.dumps(names).encode(), *(f.read_bytes() for f in sorted(Path(clean_dir).iterdir())
                                                 if f.is_file()), tooling or tooling_digest())


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
