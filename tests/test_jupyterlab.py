"""The notebooks as a user meets them: a real JupyterLab from the project's environment,
driven by headless Chromium with every request that leaves this machine blocked.

- Opening each committed notebook (untrusted, offline) draws every chart it holds, with no
  error output and no console error.
- For one notebook, Kernel › Restart Kernel and Run All Cells draws them all again, and saving
  it writes the file unchanged (so JupyterLab's autosave after a rerun leaves git clean).
- File › Save and Export Notebook As › Nk_report gives the offline report.

JupyterLab runs on 127.0.0.1 in throwaway config, data and runtime folders, on copies of the
notebooks, so nothing a user has configured, and nothing in the repository, is touched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import paths
from web import Watched, chart_problems, jupyterlab, needs_browser, open_in_lab, tooltip_shows, wait_for_charts

CHART = ".jp-RenderedVegaCommon5"
NOTEBOOKS = [p for p in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
             if p.stem not in paths.NOTEBOOKS_NEEDING_CNS or paths.find_cns_file() is not None]
RERUN = "03-biden-outreach.ipynb"  # small, and draws charts of two kinds
# JupyterLab logs these when a restart cancels its own pending requests (the debugger's state, the kernel's
# info); no notebook is involved.
RESTART_NOISE = ("Could not restore the debugger state: Canceled future for debug_request",
                 "Canceled future for kernel_info_request message before replies were done")

pytestmark = needs_browser


def chart_outputs(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum("application/vnd.vegalite.v5+json" in output.get("data", {})
               for cell in cells for output in cell.get("outputs", []))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(base URL, token, folder of notebook copies) of a JupyterLab started for these tests."""
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with jupyterlab(root, home) as (base, token):
        yield base, token, root, home


def open_notebook(browser, lab, name: str) -> Watched:
    base, token, _, _ = lab
    return open_in_lab(browser, base, token, name)


def assert_notebook_drew(watched: Watched, expected: int, tolerate: tuple[str, ...] = ()) -> None:
    page = watched.page
    if expected:
        wait_for_charts(page, f".jp-NotebookPanel:not(.lm-mod-hidden) {CHART}", expected, timeout=60000)
    found = chart_problems(page, f".jp-NotebookPanel:not(.lm-mod-hidden) {CHART}")
    assert len(found) == expected
    assert [c for c in found if c["problems"]] == []
    charts = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {CHART}")
    for index in range(expected):
        charts.nth(index).scroll_into_view_if_needed()
        assert tooltip_shows(page, charts.nth(index)), f"chart {index + 1}: no tooltip on hover"
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.locator(".jp-Notification-Toast, .Toastify__toast").count() == 0  # no news pop-up
    errors = [e for e in watched.errors if not e.startswith(tolerate)]
    assert watched.blocked == [] and errors == [] and watched.dialogs == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_opening_a_committed_notebook_draws_all_its_charts(browser, lab, path):
    watched = open_notebook(browser, lab, path.name)
    try:
        assert_notebook_drew(watched, chart_outputs(path))
    finally:
        watched.close()


def menu(page, *labels: str) -> None:
    """Click through JupyterLab's menu bar: the menu, then each item."""
    page.locator(".lm-MenuBar-itemLabel", has_text=labels[0]).first.click()
    for label in labels[1:]:
        page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text=label).first.click()


def test_restart_and_run_all_draws_again_and_saves_the_file_unchanged(browser, lab):
    _, _, root, home = lab
    committed = (paths.NOTEBOOKS / RERUN).read_bytes()
    watched = open_notebook(browser, lab, RERUN)
    page = watched.page
    try:
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60000)
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").click(position={"x": 5, "y": 5})
        menu(page, "Kernel", "Restart Kernel and Run All Cells")
        page.locator(".jp-Dialog .jp-mod-accept").click()
        code_cells = json.loads(committed)["cells"]
        count = sum(c["cell_type"] == "code" for c in code_cells)
        page.wait_for_function(
            "count => { const prompts = Array.from(document.querySelectorAll("
            "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'));"
            " return prompts.length === count && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)) &&"
            " document.querySelector(\".jp-Notebook-ExecutionIndicator[data-status='idle']\"); }",
            arg=count, timeout=120000)
        assert_notebook_drew(watched, chart_outputs(paths.NOTEBOOKS / RERUN), tolerate=RESTART_NOISE)
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
                               ".jp-mod-dirty, .lm-TabBar-tab.jp-mod-current.jp-mod-dirty')", timeout=30000)
        assert (root / RERUN).read_bytes() == committed
        # The kernel it restarted talks over IPC (make lab's server config), so it logs no TCP warning.
        assert "without encryption" not in (home / "server.log").read_text()
    finally:
        watched.close()


def test_export_menu_gives_the_offline_report(browser, lab, tmp_path):
    watched = open_notebook(browser, lab, RERUN)
    page = watched.page
    try:
        with page.expect_download(timeout=60000) as download:
            menu(page, "File", "Save and Export Notebook As", "Nk_report")
        report = tmp_path / "exported.html"
        download.value.save_as(report)
    finally:
        watched.close()
    text = report.read_text(encoding="utf-8")
    assert "<script src=" not in text and "cdn.jsdelivr.net" not in text and "helpers.load" not in text
    offline = Watched(browser, allow_file=report.as_uri())
    try:
        offline.page.goto(report.as_uri(), wait_until="load")
        expected = chart_outputs(paths.NOTEBOOKS / RERUN)
        wait_for_charts(offline.page, ".nk-chart > [id^=chart-]", expected)
        assert [c for c in chart_problems(offline.page, ".nk-chart > [id^=chart-]") if c["problems"]] == []
        assert offline.blocked == [] and offline.errors == []
    finally:
        offline.close()
