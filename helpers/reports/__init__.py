"""Build the HTML reports: ``python -m helpers.reports`` (what ``make reports`` runs).

Every numbered notebook whose report is out of date (helpers.reports.freshness) is executed
from a fresh kernel, two at a time (one per core), and exported to a self-contained HTML file
in ``reports/`` by the project's nbconvert
exporter (helpers.reports.exporter, also reachable as ``jupyter nbconvert --to nk_report`` and from
JupyterLab's export menu): code hidden, charts drawn offline, byte-identical across builds.
``reports/index.html`` lists the reports with the dataset's coverage.
The committed notebooks are not modified.

This process only drives the kernels (it imports neither pandas nor Altair: the package's
names load lazily); one more process does the exports and the index.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .. import paths



def notebook_paths(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    return sorted(Path(folder).glob("[0-9][0-9]-*.ipynb"))


def runnable(notebooks: list[Path]) -> list[Path]:
    """The notebooks whose inputs are present; says which are skipped and why."""
    if paths.find_cns_file() is not None:
        return list(notebooks)
    skipped = [p for p in notebooks if p.stem in paths.NOTEBOOKS_NEEDING_CNS]
    for path in skipped:
        print(f"  skipping {path.name}: {paths.NO_FILE}")
    return [p for p in notebooks if p not in skipped]


class NotebookFailed(Exception):
    """A notebook raised while it ran: which one, at which cell, and the error."""

    def __init__(self, path: Path, cell: int | None, first_line: str, error: str):
        self.path, self.cell, self.first_line, self.error = path, cell, first_line, error
        where = f"cell {cell} (`{first_line}`)" if cell else "before any cell ran"
        super().__init__(f"{_shown(path)} failed at {where}: {error}")


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _failure(path: Path, notebook, exc: Exception) -> NotebookFailed:
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                first = next((line for line in cell.source.splitlines() if line.strip()), "")
                return NotebookFailed(path, number, first, f"{output.get('ename')}: {output.get('evalue')}")
    return NotebookFailed(path, None, "", f"{type(exc).__name__}: {exc}")


def kernel_config(folder: Path):
    """Kernels that talk over local IPC sockets (files in ``folder``), not TCP: nothing listens on a
    network port, so no kernel warns that its traffic is unencrypted."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel")}})


def _client(path: Path, timeout: int, folder: Path):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    # "immediate": kill the finished kernel rather than wait for a graceful exit (seconds each).
    return NotebookClient(notebook, kernel_name="python3", timeout=timeout, record_timing=False,
                          shutdown_kernel="immediate", config=kernel_config(folder),
                          resources={"metadata": {"path": str(path.parent)}})


async def _execute_all(paths: list[Path], workers: int, then, timeout: int = 600, env: dict | None = None) -> list[tuple]:
    """Run notebooks, ``workers`` at a time, each in its own new kernel, and call
    ``then(path, notebook)`` as soon as each is done. The kernels work in their own
    processes; this one only waits on them (asyncio is enough) and runs ``then`` while the
    others compute. Returns (path, notebook, then's result, seconds) per notebook."""
    import asyncio

    gate = asyncio.Semaphore(workers)

    async def execute_one(path: Path):
        async with gate:
            started = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="nk-kernel-") as folder:
                client = _client(path, timeout, Path(folder))
                try:
                    await client.async_execute(**({"env": env} if env is not None else {}))
                except Exception as exc:  # noqa: BLE001 - the cell's error, a kernel death or a timeout
                    raise _failure(path, client.nb, exc) from exc
            seconds = time.perf_counter() - started
        return path, client.nb, then(path, client.nb), seconds

    return await asyncio.gather(*(execute_one(p) for p in paths))


def to_html(notebook, name: str) -> str:
    """The report for one executed notebook (helpers.reports.exporter, as nbconvert would run it)."""
    from .exporter import ReportExporter

    body, _ = _exporter(ReportExporter).from_notebook_node(notebook, resources={"metadata": {"name": name}})
    return body


def run(coroutine):
    """``asyncio.run``, also from a thread whose event loop is already running (a notebook,
    or Playwright's sync API in the tests): then in a thread of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@lru_cache(maxsize=1)
def _exporter(cls):
    return cls()


def notebook_title(notebook) -> str | None:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def notebook_summary(notebook) -> str:
    """The notebook's question: the first paragraph that starts with **Question:**."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in cell.source.split("\n\n"):
            if paragraph.startswith("**Question:**"):
                text = " ".join(paragraph.replace("**Question:**", "").split())
                return re.sub(r"[*`]", "", text)
    return ""


def notebook_headline(notebook) -> str:
    """The notebook's headline finding: the first line of its first computed finding (a Markdown
    output), as plain text."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = output.get("data", {}).get("text/markdown")
            if text:
                first = text.strip().splitlines()[0].lstrip("-* ").strip()
                first = re.sub(r"\\(.)", r"\1", first)  # the Markdown escapes helpers.findings adds
                first = first.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                return re.sub(r"[*`]", "", first)
    return ""


def dataset_section(clean_dir: Path = paths.CLEAN) -> str:
    """The index page's account of the dataset: coverage per table, dated by the data."""
    from ..data import coverage, data_end_date, load, table_names

    table = coverage(clean_dir)
    as_of = max(load(name, clean_dir)[column].max() for name in table_names(clean_dir)
                for column in ("source_published", "source_accessed")).strftime("%Y-%m-%d")
    covered_to = data_end_date(clean_dir).strftime("%-d %B %Y")
    rows = "\n".join(
        f"<tr><td>{html.escape(r.table)}</td><td>{r.rows}</td>"
        f"<td>{'' if r.first != r.first else r.first.date()}</td>"
        f"<td>{'' if r.last != r.last else r.last.date()}</td></tr>"
        for r in table.itertuples())
    return f"""<h2>The dataset</h2>
<p>The data ends on {html.escape(covered_to)}, the date of its latest event, launch or estimate (stored
reporting stops in late May 2026); its latest source was published or read on {html.escape(as_of)}. Notebooks
01–06 answer as of the story's date, 26 November 2024; notebook 08 follows what happened next. Every row names the
page it was checked against.</p>
<table>
<tr><th>Table</th><th>Rows</th><th>First date</th><th>Last date</th></tr>
{rows}
</table>"""


def index_page(entries: list[tuple[str, str, str, str]], dataset: str) -> str:
    """reports/index.html: one line per report (name, title, question, headline finding), then
    ``dataset_section``."""
    items = "\n".join(
        f'<li><a href="{html.escape(name)}.html">{html.escape(title)}</a><br><span>{html.escape(summary)}</span>'
        + (f'<br><strong>Finding:</strong> {html.escape(headline)}' if headline else "") + "</li>"
        for name, title, summary, headline in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>US–North Korea diplomacy: research notebooks</title>
<style>
  body {{ font-family: Helvetica Neue, Helvetica, Arial, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1.5rem; color: #222; line-height: 1.45; }}
  li {{ margin-bottom: 0.9rem; }} li span {{ color: #555; }}
  table {{ border-collapse: collapse; }} td, th {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.8rem; text-align: left; }}
</style>
</head>
<body>
<h1>US–North Korea diplomacy: research notebooks</h1>
<p>Reports built from the collection's notebooks and its sourced dataset, starting from the Reuters story of
26 November 2024 that the incoming Trump team was weighing direct talks with Kim Jong Un.
Each report opens offline in any browser.</p>
<h2>Reports</h2>
<ol>
{items}
</ol>
{dataset}
</body>
</html>
"""


def _prepare(clean_dir: Path) -> str:
    """What the exports and the index need besides the notebooks: nbconvert and its compiled
    templates (by exporting an empty notebook), the Vega bundle, and the index's dataset section."""
    import nbformat

    to_html(nbformat.v4.new_notebook(), "warm-up")
    return dataset_section(clean_dir)


def _export(notebook_json: str, name: str) -> str:
    import nbformat

    return to_html(nbformat.reads(notebook_json, as_version=4), name)


def build_reports(notebooks: list[Path], out: Path = paths.REPORTS, workers: int = 2,
                  clean_dir: Path = paths.CLEAN, force: bool = False) -> list[tuple[str, float, int]]:
    """Execute and export the notebooks whose report is out of date (helpers.reports.freshness;
    all of them with ``force``), then write the index; returns (name, seconds, bytes) for each
    report rebuilt, and nothing, having written nothing, when every report is up to date.

    The reports are written to a new folder beside ``out`` (holding a copy of the reports
    not rebuilt) and swapped into its place only when every notebook has succeeded, so a
    failing notebook (NotebookFailed) leaves the last good set untouched.

    This process only drives the kernels. A second one imports nbconvert, pandas and Altair,
    builds the index's dataset section while the first kernels start, and exports each
    notebook as soon as it is done; in a process of its own that work never keeps the
    driver from answering a kernel."""
    import json
    import multiprocessing
    import os
    import shutil
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from .. import atomic
    from . import freshness

    out = Path(out)
    manifest = {} if force else freshness.read_manifest(out)
    tooling = freshness.tooling_digest()
    keys = {Path(p).stem: freshness.key(p, clean_dir, tooling) for p in notebooks}
    stale = [p for p in notebooks if manifest.get(Path(p).stem, {}).get("key") != keys[Path(p).stem]
             or not (out / f"{Path(p).stem}.html").exists()]
    index_key = freshness.index_key(sorted(keys), clean_dir, tooling)
    if not stale and manifest.get("index.html", {}).get("key") == index_key and (out / "index.html").exists():
        return []

    import nbformat

    timings, entries = [], {}
    # Forking a copy of this process is quickest, and safe on Linux while it runs no other
    # thread (as under `make reports`); otherwise start a fresh interpreter.
    single = sys.platform == "linux" and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if single else "spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as exporter, atomic.staging_dir(out) as staging:
        prepared = exporter.submit(_prepare, clean_dir)
        if out.is_dir():
            shutil.copytree(out, staging, dirs_exist_ok=True)

        def export(path, notebook):
            return exporter.submit(_export, nbformat.writes(notebook), path.stem)

        # A report draws each chart from its spec: its kernels skip the PNG a saved notebook keeps.
        kernel_env = {**os.environ, "NK_CHART_PNG": "0"}
        for path, notebook, page, seconds in run(_execute_all(stale, workers, export, env=kernel_env)):
            name = Path(path).stem
            target = staging / f"{name}.html"
            target.write_text(page.result(), encoding="utf-8")
            timings.append((name, seconds, target.stat().st_size))
            manifest[name] = {"key": keys[name], "entry": [notebook_title(notebook) or name,
                                                           notebook_summary(notebook), notebook_headline(notebook)]}
        names = [Path(p).stem for p in notebooks]
        entries = [(name, *manifest[name]["entry"]) for name in sorted(names)]
        (staging / "index.html").write_text(index_page(entries, prepared.result()), encoding="utf-8")
        manifest["index.html"] = {"key": index_key}
        (staging / freshness.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                                  encoding="utf-8")
        atomic.replace_dir(staging, out)
    return timings


def save_notebook(path: Path, notebook) -> None:
    """Write an executed notebook back whole (as nbformat.write would), or not at all."""
    import nbformat

    from .. import atomic

    text = nbformat.writes(notebook)
    atomic.write_text(path, text if text.endswith("\n") else text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute every notebook and export self-contained HTML reports.")
    parser.add_argument("--out", type=Path, default=paths.REPORTS, help="folder for the reports (default: reports/)")
    parser.add_argument("--workers", type=int, default=2, help="notebooks run at once (default: 2, one per core)")
    parser.add_argument("--in-place", action="store_true",
                        help="rerun the notebooks and save their outputs back (after a data change); no reports")
    parser.add_argument("--force", action="store_true", help="rebuild every report, up to date or not")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: every numbered one)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.in_place:
            for path, _, _, seconds in run(_execute_all(runnable(args.notebooks or notebook_paths()),
                                                         args.workers, save_notebook)):
                print(f"  reran {path.name} ({seconds:.1f} s)")
            return 0
        timings = build_reports(runnable(args.notebooks or notebook_paths()), args.out, args.workers, force=args.force)
    except NotebookFailed as exc:
        kept = "each notebook that finished was saved" if args.in_place else f"{args.out} keeps the last good reports"
        print(f"Stopped: {exc}. Nothing else was written; {kept}.", file=sys.stderr)
        return 1
    if not timings:
        print(f"Reports in {args.out} are up to date; nothing was rerun or rewritten ({time.perf_counter() - started:.2f} s).")
        return 0
    for name, seconds, size in timings:
        print(f"  {name}.html  {size / 1e6:.2f} MB  ({seconds:.1f} s)")
    print(f"Rebuilt {len(timings)} report(s) and index.html in {args.out} in {time.perf_counter() - started:.1f} s.")
    return 0

