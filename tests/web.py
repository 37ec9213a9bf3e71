"""A real headless Chromium for the tests, with every request that leaves this machine
blocked, and the checks every chart must pass wherever it is drawn (report or JupyterLab).

The system Chromium (Debian package ``chromium``) is driven through Playwright; no browser
is downloaded. Without it the browser tests skip, saying so; .ci/run installs it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# On a user's machine without Chromium the browser tests skip, saying why; in CI they must run.
needs_browser = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                   reason="Chromium is not installed (Debian package `chromium`); .ci/run installs it")
# The probe's flags: without the background-networking ones Chromium keeps trying to reach Google.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def launch(playwright):
    if CHROMIUM is None:
        raise RuntimeError("CI is set but Chromium is not installed: the browser tests cannot run")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


class Watched:
    """A browser context whose requests off this machine are blocked and recorded, with the
    page's console errors, uncaught errors and dialogs recorded too."""

    def __init__(self, browser, allow_file: str | None = None, **context_options):
        self.context = browser.new_context(**context_options)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.allow_file = allow_file
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        local = (parsed.scheme in {"data", "blob"} or (parsed.scheme == "file" and url == self.allow_file)
                 or (parsed.scheme in {"http", "https", "ws"} and parsed.hostname in LOOPBACK))
        if local:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def close(self):
        self.context.close()


# One check of every chart under the roots given: Vega's SVG output, read from the DOM.
# - A layer (a mark group) whose data has rows must draw something visible: an item with a
#   fill or a stroke that is not none or transparent, at non-zero opacity.
# - No axis, legend or header label may read null, undefined, NaN or None (pandas' missing values).
CHART_PROBLEMS_JS = """
(roots) => {
  const painted = (color, opacity) => color && color !== 'none' && color !== 'transparent'
      && !/rgba\\([^)]*,\\s*0\\)$/.test(color) && parseFloat(opacity) > 0;
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) return false;
    return painted(style.fill, style.fillOpacity)
        || (painted(style.stroke, style.strokeOpacity) && parseFloat(style.strokeWidth) > 0);
  };
  return roots.map((root, index) => {
    const problems = [];
    const svg = root.querySelector('svg');
    if (!svg) return {chart: index + 1, layers: 0, problems: ['no chart drawn']};
    const layers = Array.from(svg.querySelectorAll('g.role-mark')).filter(g => g.children.length > 0);
    layers.forEach((layer, j) => {
      if (!Array.from(layer.children).some(visible)) {
        problems.push(`layer ${j + 1} (${layer.getAttribute('class')}) has ${layer.children.length} items, none visible`);
      }
    });
    if (layers.length === 0) problems.push('no layer drew any item');
    const labels = svg.querySelectorAll('.role-axis-label text, .role-legend-label text, .role-column-header text, '
        + '.role-row-header text, .role-facet-header text, .role-axis-title text, .role-legend-title text');
    labels.forEach(t => {
      if (/\\b(null|undefined|nan|none)\\b/i.test(t.textContent)) problems.push(`label reads "${t.textContent}"`);
    });
    return {chart: index + 1, layers: layers.length, problems};
  });
}
"""


def wait_for_charts(page, selector: str, count: int, timeout: int = 20000) -> None:
    """Wait until ``count`` elements match ``selector`` and each holds a drawn SVG."""
    page.wait_for_function(
        "([selector, count]) => { const roots = document.querySelectorAll(selector);"
        " return roots.length >= count && Array.from(roots).every(r => r.querySelector('svg g.role-mark')); }",
        arg=[selector, count], timeout=timeout)


def chart_problems(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(selector, CHART_PROBLEMS_JS)


def tooltip_shows(page, chart) -> bool:
    """Hover the first item of each layer of one chart until a tooltip shows; True if one did."""
    items = chart.locator("svg g.role-mark > *")
    layers = chart.locator("svg g.role-mark")
    for j in range(layers.count()):
        item = layers.nth(j).locator("> *").first
        if item.count() == 0 or not item.is_visible():
            continue
        page.mouse.move(0, 0)
        item.hover(force=True)
        try:
            page.wait_for_selector("#vg-tooltip-element.visible", timeout=1500)
        except Exception:  # noqa: BLE001 - Playwright's timeout: this layer has no tooltip
            continue
        if page.inner_text("#vg-tooltip-element").strip():
            return True
    return items.count() == 0


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server, failure, seconds: float = 60) -> None:
    """Wait until ``url`` answers; fail with ``failure()`` if the server exits or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(failure())
            time.sleep(0.3)


@contextmanager
def jupyterlab(root: Path, home: Path, env: dict | None = None):
    """A JupyterLab from this environment serving ``root`` on 127.0.0.1, with its config, data,
    runtime, settings and workspaces in throwaway folders under ``home``; yields (URL, token)."""
    environment = {**os.environ, **(env or {}),
                   "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
                   "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
                   "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
                   "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    port = free_port()
    token = secrets.token_hex(16)
    command = [str(Path(sys.prefix) / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True"]
    log_path = home / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/api/status?token={token}", server, lambda: "JupyterLab did not start:\n"
                          + log_path.read_text())
            yield base, token
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


def open_in_lab(browser, base: str, token: str, name: str) -> Watched:
    """Open one notebook in a workspace of its own, reset, so that only it is open."""
    watched = Watched(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    watched.page.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={token}",
                      wait_until="domcontentloaded")
    watched.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60000)
    return watched
