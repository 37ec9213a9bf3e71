"""Measure `make reports` against the naive baseline and the floor, in one run on one machine.

    make benchmark            (or: .venv/bin/python scripts/benchmark.py [--repeat N])

- naive baseline: each notebook through `jupyter nbconvert --execute --to html`, one after another;
- make reports: the project's command (data already built), two notebooks at a time;
- floor: for each notebook, start a kernel and import the project's libraries, nothing else;
  timed one after another and two at a time (the machine's two cores).

A shared virtual machine's timings drift by 10-20% from run to run, so `make reports` and
the floors run ``--repeat`` times (default 3), interleaved so that a slow spell hits them
alike, and the ratios use each one's best run, as ``timeit`` does: the best run is the one
least disturbed by the rest of the machine. Medians are printed too. The naive baseline,
40 seconds a run with a wide margin on its target, runs once.

Prints wall times, their ratios against the targets (make reports at most a third of the
baseline and within 1.5x the two-core floor), the time per notebook and each report's size
(target: none over 0.5 MB). Sizes do not vary.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
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
    started = time.perf_counter()
    # The same driver, kernel start-up and shutdown as make reports, with nothing done after each run.
    reports.run(reports._execute_all(paths, workers, lambda path, notebook: None))
    return time.perf_counter() - started


def incremental(notebooks: list[Path]) -> tuple[float, float]:
    """(no-op make reports, one notebook edited): the first right after a full build; the second
    on copies of the notebooks in a scratch folder, one of them given a new comment line."""
    import nbformat

    timed(["make", "reports"])
    no_op = timed(["make", "reports"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        copies = []
        for path in notebooks:
            copies.append(tmp / path.name)
            copies[-1].write_bytes(path.read_bytes())
        driver = [str(BIN / "python"), "-m", "helpers.reports", "--out", str(tmp / "reports"), *map(str, copies)]
        timed(driver)
        edited = nbformat.read(copies[0], as_version=4)
        code = next(c for c in edited.cells if c.cell_type == "code")
        code.source += "\n# edited by the benchmark"
        nbformat.write(edited, copies[0])
        return no_op, timed(driver)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of make reports and of each floor (default 3)")
    repeat = parser.parse_args(argv).repeat
    notebooks = reports.runnable(reports.notebook_paths())
    print(f"{len(notebooks)} notebooks; rfc3987_syntax importable: "
          f"{importlib.util.find_spec('rfc3987_syntax') is not None} (it costs ~2 s per kernel)\n")
    runs = {"make reports": [], "floor, one at a time": [], "floor, two at a time": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        per_notebook = {}
        for path in notebooks:
            per_notebook[path.stem] = timed([str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "html",
                                             "--output-dir", str(tmp / "naive"), str(path)])
        naive = sum(per_notebook.values())
        for _ in range(repeat):
            # A full build each time (--force): with nothing changed, make reports reruns nothing.
            runs["make reports"].append(timed(["make", "reports", "REPORTS_FLAGS=--force"]))
            runs["floor, one at a time"].append(floor(len(notebooks), 1, tmp))
            runs["floor, two at a time"].append(floor(len(notebooks), 2, tmp))

    print(f"| run | best of {repeat} (s) | median (s) | every run (s) |\n|---|---|---|---|")
    print(f"| naive baseline (nbconvert --execute, one by one) | {naive:.1f} | | run once |")
    for name, times in runs.items():
        print(f"| {name} | {min(times):.1f} | {statistics.median(times):.1f} | "
              f"{', '.join(f'{t:.1f}' for t in times)} |")
    ours, floor_two = runs["make reports"], runs["floor, two at a time"]
    to_naive, to_floor = min(ours) / naive, min(ours) / min(floor_two)
    print()
    print(f"make reports / naive baseline = {to_naive:.2f}   (target <= 0.33: "
          f"{'met' if to_naive <= 1 / 3 else 'NOT met'})")
    print(f"make reports / two-core floor  = {to_floor:.2f}   (target <= 1.5: {'met' if to_floor <= 1.5 else 'NOT met'}; "
          f"medians: {statistics.median(ours) / statistics.median(floor_two):.2f})")
    no_op, one_changed = incremental(notebooks)
    print("\n| rebuild | time (s) |\n|---|---|")
    print(f"| full (make reports --force, best of {repeat}) | {min(ours):.2f} |")
    print(f"| nothing changed (make reports) | {no_op:.2f} |")
    print(f"| one notebook edited (its copy, in a scratch folder) | {one_changed:.2f} |")
    print("\n| notebook | naive time (s) | report size (MB) |\n|---|---|---|")
    too_big = []
    for name, seconds in per_notebook.items():
        size = (ROOT / "reports" / f"{name}.html").stat().st_size
        too_big += [name] if size > 500_000 else []
        print(f"| {name} | {seconds:.1f} | {size / 1e6:.2f} |")
    print(f"\nReports over 0.5 MB: {', '.join(too_big) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
