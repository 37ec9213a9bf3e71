"""Hostile text through the whole pipeline: raw tables, build, every notebook, every report,
and every notebook's outputs in a real JupyterLab.

A copy of the dataset gets a hostile string appended to every free-text cell of every table
(script tags, an image with onerror, a javascript: link, Markdown and math syntax, template
braces). The copy is built, every notebook runs against it (``NK_DATA``), and each report and
each executed notebook is opened in headless Chromium with every request off this machine
blocked. Nothing may run (no dialog, no script, no request), and the text must show as text.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import paths, reports
from web import Watched, jupyterlab, needs_browser, open_in_lab

HOSTILE = ("zqmarker <script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img';alert(1)\">"
           "[click](javascript:window.__pwned='link') **bold** $x^2$ {{7*7}} ${7*7} </td></table>")
SHORT = "zqmarker <img src=x onerror=alert(1)>[x](javascript:alert(1))"  # for columns with a length limit
VISIBLE = "<img src=x onerror="  # in both; shown literally wherever the text is displayed
MARKER = "zqmarker"  # the same, found in outputs whatever escaping they apply
NOT_FREE_TEXT = {"actors", "evidence_query", "asserts", "disputes_query", "evidence_table"}  # codes and the query language, checked elsewhere


def free_text_columns(resource: dict) -> dict[str, int | None]:
    """String columns without a vocabulary, pattern or format (names, titles, descriptions,
    notes), with their length limits."""
    names = {}
    keys = {name for key in resource["schema"].get("foreignKeys", [])
            for name in ([key["fields"]] if isinstance(key["fields"], str) else key["fields"])}
    for field in resource["schema"]["fields"]:
        constraints = field.get("constraints", {})
        if (field["type"] == "string" and not {"enum", "pattern"} & set(constraints)
                and field.get("format", "default") == "default" and not field["name"].endswith(("_id", "_url"))
                and field["name"] not in NOT_FREE_TEXT | keys):
            names[field["name"]] = constraints.get("maxLength")
    return names


PUBLISHERS = {"source_publisher": "source_url", "first_test_source_publisher": "first_test_source_url"}


def poison_hosts(data: Path) -> dict[str, str]:
    """Append HOSTILE to every outlet name of hosts.csv; returns each host's new outlet. A row's
    publisher must be its host's outlet, so the publishers carry the hostile text from here."""
    path = data / "hosts.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["outlet"] = f"{row['outlet']} {HOSTILE}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return {row["host"]: row["outlet"] for row in rows}


def poison(data: Path) -> int:
    """Append HOSTILE to every non-empty free-text cell of every raw table (and to every outlet of
    hosts.csv, which the publishers then name); returns the count."""
    from helpers.build.sources import host_of

    outlets = poison_hosts(data)
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    count = 0
    for resource in package["resources"]:
        if not resource["path"].startswith("raw/"):
            continue
        path = data / resource["path"]
        columns = free_text_columns(resource)
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            for name, limit in columns.items():
                if name in PUBLISHERS:
                    if row[PUBLISHERS[name]]:
                        row[name] = outlets[host_of(row[PUBLISHERS[name]])]
                        count += 1
                elif row[name]:
                    text = HOSTILE if limit is None or len(HOSTILE) < limit // 2 else SHORT
                    keep = len(row[name]) if limit is None else max(1, limit - len(text) - 1)
                    row[name] = f"{row[name][:keep]} {text}"
                    count += 1
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return count


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(data folder, executed notebook copies, reports folder) for the poisoned dataset."""
    home = tmp_path_factory.mktemp("hostile")
    data = home / "data"
    shutil.copytree(paths.DATA, data, ignore=shutil.ignore_patterns("external", ".clean*", "clean"))
    assert poison(data) > 500
    env = {**os.environ, "NK_DATA": str(data)}
    subprocess.run([sys.executable, "-m", "helpers.build", "--package", str(data / "datapackage.json"),
                    "--out", str(data / "clean")], check=True, env=env, cwd=paths.ROOT)
    notebooks = home / "notebooks"
    notebooks.mkdir()
    names = [p.name for p in reports.runnable(reports.notebook_paths())]
    for name in names:
        shutil.copy(paths.NOTEBOOKS / name, notebooks / name)
    subprocess.run([sys.executable, "-m", "helpers.reports", "--in-place", *[str(notebooks / n) for n in names]],
                   check=True, env=env, cwd=paths.ROOT)
    out = home / "reports"
    out.mkdir()
    for name in names:
        notebook = nbformat.read(notebooks / name, as_version=4)
        (out / name.replace(".ipynb", ".html")).write_text(reports.to_html(notebook, Path(name).stem), encoding="utf-8")
    return data, notebooks, out, env


def test_the_poisoned_dataset_builds_and_keeps_the_text(hostile):
    data, _, _, _ = hostile
    events = (data / "clean" / "events.csv").read_text(encoding="utf-8")
    assert events.count("window.__pwned='img'") >= 150


def shows_data_text(notebook: Path) -> bool:
    """Whether the notebook's findings or tables (not its charts, whose text shows on hover)
    hold hostile text; 07 shows only dates and counts."""
    return any(MARKER in o.get("data", {}).get(kind, "") for c in nbformat.read(notebook, as_version=4).cells
               for o in c.get("outputs", []) for kind in ("text/html", "text/markdown"))


def test_every_notebook_ran_on_the_poisoned_data_without_error(hostile):
    _, notebooks, _, _ = hostile
    showing = 0
    for path in sorted(notebooks.glob("*.ipynb")):
        outputs = [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.output_type == "error"], path.name
        showing += shows_data_text(path)
    assert showing >= 5  # the hostile text reached the findings and tables of most notebooks


def assert_nothing_ran(watched: Watched) -> None:
    page = watched.page
    page.wait_for_timeout(300)  # give an onerror handler its chance
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.evaluate("() => document.querySelectorAll('img[src=x], a[href^=\"javascript\"]').length") == 0
    assert watched.dialogs == [] and watched.blocked == []


@needs_browser
def test_no_report_runs_hostile_text_and_all_show_it(browser, hostile):
    _, notebooks, out, _ = hostile
    pages = sorted(out.glob("*.html"))
    assert pages
    for path in pages:
        watched = Watched(browser, allow_file=path.as_uri())
        try:
            watched.page.goto(path.as_uri(), wait_until="load")
            assert_nothing_ran(watched)
            if shows_data_text(notebooks / path.name.replace(".html", ".ipynb")):
                assert VISIBLE in watched.page.inner_text("body"), path.name
            assert watched.errors == [], (path.name, watched.errors)
        finally:
            watched.close()


@needs_browser
def test_no_notebook_output_runs_hostile_text_in_jupyterlab(browser, hostile, tmp_path):
    _, notebooks, _, env = hostile
    with jupyterlab(notebooks, tmp_path, env) as (base, token):
        for path in sorted(notebooks.glob("*.ipynb")):
            watched = open_in_lab(browser, base, token, path.name)
            try:
                page = watched.page
                page.wait_for_selector(".jp-OutputArea-output", timeout=60000)
                page.wait_for_timeout(1500)  # outputs and charts render
                assert_nothing_ran(watched)
                if shows_data_text(path):
                    outputs = page.locator(".jp-OutputArea-output").all_text_contents()  # offscreen cells too
                    assert any(VISIBLE in text for text in outputs), path.name
            finally:
                watched.close()
