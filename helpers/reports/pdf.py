"""Print every report to PDF: ``python -m helpers.reports.pdf`` (what ``make pdf`` runs).

Each HTML report in reports/ is opened in headless Chromium (Debian's ``chromium``, driven by
Playwright; no browser is downloaded) with every request that leaves the file blocked, left to
draw its charts, and printed to an A4 PDF beside it. Charts are SVG, so they print as vectors;
the report's print styles keep charts and table rows from splitting across pages.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .. import paths

CHART = '.nk-chart > [id^=chart-] svg g.role-mark'
SPEC = 'script[type="application/vnd.vegalite.v5+json"]'


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("make pdf needs Chromium (Debian package `chromium`): apt-get install chromium")
    return found


def print_reports(reports: list[Path], browser=None) -> list[Path]:
    """Write ``<report>.pdf`` beside each report, with ``browser`` (a Playwright Chromium) or
    one started here; returns the PDFs."""
    if browser is not None:
        return [_print(browser, report) for report in reports]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        try:
            return [_print(browser, report) for report in reports]
        finally:
            browser.close()


def _print(browser, report: Path) -> Path:
    page = browser.new_page()
    local = ("file:", "data:", "blob:")
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local) else route.abort())
    page.goto(report.resolve().as_uri(), wait_until="load")
    page.wait_for_function(f"() => document.querySelectorAll('{SPEC}').length <= "
                           f"new Set(Array.from(document.querySelectorAll('{CHART}'))"
                           f".map(m => m.closest('.nk-chart'))).size", timeout=30000)
    target = report.with_suffix(".pdf")
    page.pdf(path=str(target), format="A4", print_background=True,
             margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
    page.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", type=Path, help="HTML reports (default: every numbered one in reports/)")
    args = parser.parse_args(argv)
    reports = args.reports or sorted(paths.REPORTS.glob("[0-9][0-9]-*.html"))
    if not reports:
        print("No reports to print: run `make reports` first.", file=sys.stderr)
        return 1
    for pdf in print_reports(reports):
        print(f"  {pdf.name}  {pdf.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
