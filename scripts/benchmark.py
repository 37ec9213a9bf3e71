"""Measure `make reports` against the naive baseline and the floor, in one run on one machine.

    make benchmark            (or: .venv/bin/python scripts/benchmark.py)

- naive baseline: each notebook through `jupyter nbconvert --execute --to html`, one after another;
- make reports: the project's command (data already built), two notebooks at a time;
- floor: for each notebook, start a kernel and import the project's libraries, nothing else;
  timed one after another and two at a time (the machine's two cores).

Prints wall times, their ratios against the targets (make reports at most a third of the
baseline and within 1.5x the two-core floor), the time per notebook and each report's size
(target: none over 1.5 MB). Timings vary with machine load; sizes do not.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import reports  # noqa: E402

BIN = Path(sys.executable).parent
FLOOR_CELL = "import helpers, altair, pandas"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def floor(notebook_count: int, workers: int, folder: Path) -> float:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    paths = []
    for index in range(notebook_count):
        notebook = new_notebook(cells=[new_code_cell(FLOOR_CELL)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"floor-{index}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    import asyncio

    started = time.perf_counter()
    # The same driver, kernel start-up and shutdown as make reports, with nothing done after each run.
    asyncio.run(reports._execute_all(paths, workers, lambda path, notebook: None))
    return time.perf_counter() - started


def main() -> int:
    notebooks = reports.runnable(reports.notebook_paths())
    print(f"{len(notebooks)} notebooks; rfc3987_syntax importable: "
          f"{importlib.util.find_spec('rfc3987_syntax') is not None} (it costs ~2 s per kernel)\n")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        per_notebook = {}
        for path in notebooks:
            per_notebook[path.stem] = timed([str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "html",
                                             "--output-dir", str(tmp / "naive"), str(path)])
        naive = sum(per_notebook.values())
        ours = timed(["make", "reports"])
        floor_serial = floor(len(notebooks), 1, tmp)
        floor_two_cores = floor(len(notebooks), 2, tmp)

    print("| run | wall time (s) |\n|---|---|")
    print(f"| naive baseline (nbconvert --execute, one by one) | {naive:.1f} |")
    print(f"| make reports | {ours:.1f} |")
    print(f"| floor: kernel + imports per notebook, one by one | {floor_serial:.1f} |")
    print(f"| floor: the same, two at a time | {floor_two_cores:.1f} |")
    print()
    print(f"make reports / naive baseline = {ours / naive:.2f}   (target <= 0.33: "
          f"{'met' if ours / naive <= 1 / 3 else 'NOT met'})")
    print(f"make reports / two-core floor  = {ours / floor_two_cores:.2f}   (target <= 1.5: "
          f"{'met' if ours / floor_two_cores <= 1.5 else 'NOT met'})")
    print("\n| notebook | naive time (s) | report size (MB) |\n|---|---|---|")
    too_big = []
    for name, seconds in per_notebook.items():
        size = (ROOT / "reports" / f"{name}.html").stat().st_size
        too_big += [name] if size > 1_500_000 else []
        print(f"| {name} | {seconds:.1f} | {size / 1e6:.2f} |")
    print(f"\nReports over 1.5 MB: {', '.join(too_big) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
