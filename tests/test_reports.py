"""The HTML reports: self-contained, deterministic, free of machine paths, and, in a real
headless Chromium with all network access blocked, every chart draws and nothing hostile runs.

Building reports runs kernels, so these tests use one small notebook of their own, reading a
small dataset written here, plus every report in reports/ when `make reports` has built them (.ci/run does)."""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import paths, reports
from web import Watched, chart_problems, needs_browser, tooltip_shows, wait_for_charts

HOSTILE_TITLE = '<script>window.__pwned = "script"</script>Summit'
HOSTILE_DESCRIPTION = '<img src=x onerror="window.__pwned = \'onerror\'">talks'


def small_dataset(folder: Path) -> Path:
    """A clean dataset of one table, events, with hostile text in it."""
    clean = folder / "clean"
    clean.mkdir(parents=True)
    (clean / "events.csv").write_text(
        "event_id,date,category,title,description,source_publisher\n"
        f'a,2018-06-12,summit,"{HOSTILE_TITLE}","{HOSTILE_DESCRIPTION.replace(chr(34), chr(34) * 2)}",Reuters\n'
        "b,2019-02-28,summit,Hanoi,No deal,AP\n", encoding="utf-8")
    fields = [{"name": n, "type": "date" if n == "date" else "string"}
              for n in ["event_id", "date", "category", "title", "description", "source_publisher"]]
    package = {"name": "tiny", "resources": [{"name": "events", "path": "events.csv", "schema": {"fields": fields}}]}
    (clean / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return clean


def small_notebook(folder: Path, clean: Path) -> Path:
    notebook = new_notebook(cells=[
        new_markdown_cell("# Tiny report\n\n**Question:** does hostile text stay text?"),
        new_code_cell(f"import altair as alt\nimport helpers\nevents = helpers.load('events', clean_dir={str(clean)!r})\n"
                      "events[['date', 'title', 'description']]"),
        new_code_cell("alt.Chart(events).mark_point(size=400, filled=True).encode(\n"
                      "    x='date:T', y='category:N', tooltip=['title:N', 'description:N'])"),
        new_code_cell("alt.Chart(events).mark_bar().encode(x='count():Q', y='category:N', tooltip=['count():Q'])"),
        new_code_cell("from IPython.display import Markdown\nMarkdown(f'- **{len(events)}** events in the data.\\n- A second line.')"),
        new_markdown_cell("## Sources and caveats\n\nA test fixture."),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "99-tiny.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def tiny_reports(tmp_path_factory):
    """The tiny notebook built into reports twice, in two folders: the second time with
    another thread running, so that the export process is started fresh ("spawn") rather
    than forked, whichever the first build used."""
    import threading

    folder = tmp_path_factory.mktemp("tiny")
    notebook = small_notebook(folder, small_dataset(folder))
    first, second = folder / "first", folder / "second"
    reports.build_reports([notebook], first, workers=1)
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        reports.build_reports([notebook], second, workers=1)
    finally:
        done.set()
        other.join()
    return first, second


def test_building_twice_gives_identical_files(tiny_reports):
    first, second = tiny_reports
    for name in ("99-tiny.html", "index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_inlined_bundle_unpacks_to_vega_lite():
    import base64
    import gzip

    from helpers.reports.exporter import packed_bundle, vega_bundle

    assert gzip.decompress(base64.b64decode(packed_bundle())).decode("utf-8") == vega_bundle()
    assert "window.vegaEmbed=" in vega_bundle() and len(packed_bundle()) < len(vega_bundle()) / 2


def test_report_is_self_contained_without_code_or_machine_paths(tiny_reports):
    page = (tiny_reports[0] / "99-tiny.html").read_text(encoding="utf-8")
    assert page.count('id="vega-bundle"') == 1 and 'type="application/gzip"' in page  # the libraries, inlined once
    assert page.count('<script type="application/vnd.vegalite.v5+json">') == 2
    assert "<script src=" not in page and "<link" not in page and "cdn.jsdelivr.net" not in page
    assert "helpers.load" not in page  # code hidden
    assert str(paths.ROOT) not in page and "/tmp/" not in page


def test_a_report_opens_with_its_findings_and_ends_with_the_data_date_and_citation(tiny_reports):
    page = (tiny_reports[0] / "99-tiny.html").read_text(encoding="utf-8")
    question, findings = page.index("does hostile text stay text"), page.index("Key findings")
    assert question < findings  # the question, then the key findings
    assert "<strong>2</strong> events in the data." in page[findings:page.index("</ul>", findings)]
    assert "A second line" not in page[findings:page.index("</ul>", findings)]  # the first sentence of each finding
    about = page.index("About this report")
    assert about > page.index("Sources and caveats")
    assert "Cite as:" in page[about:] and "version 0.1.0" in page[about:] and "Data to:" in page[about:]


def test_hostile_text_is_escaped_in_tables(tiny_reports):
    page = (tiny_reports[0] / "99-tiny.html").read_text(encoding="utf-8")
    start = page.index('class="dataframe"')
    table = page[start:page.index("</table>", start)]
    assert "&lt;script&gt;" in table and "<script>" not in table
    assert "&lt;img" in table and "<img" not in table


def built_reports():
    return sorted(paths.REPORTS.glob("[0-9][0-9]-*.html")) if paths.REPORTS.is_dir() else []


@pytest.mark.parametrize("path", built_reports(), ids=[p.name for p in built_reports()])
def test_built_reports_are_small_and_name_no_machine_path(path):
    assert path.stat().st_size <= 500_000  # one file to send, the Vega libraries compressed inside
    page = path.read_text(encoding="utf-8")
    assert str(paths.ROOT) not in page


# ---- in a real browser -------------------------------------------------------------------

def open_report(browser, path: Path) -> Watched:
    watched = Watched(browser, allow_file=path.as_uri())
    watched.page.goto(path.as_uri(), wait_until="load")
    return watched


def check_every_chart(watched: Watched, expected: int) -> None:
    """Every chart drew every layer visibly, with no null label, and shows a tooltip on hover."""
    page = watched.page
    if expected:
        wait_for_charts(page, CHART, expected)
    found = chart_problems(page, CHART)
    assert len(found) == expected
    assert [c for c in found if c["problems"]] == []
    for index in range(expected):
        assert tooltip_shows(page, page.locator(CHART).nth(index)), f"chart {index + 1}: no tooltip on hover"
    assert watched.blocked == [] and watched.errors == [] and watched.dialogs == []


CHART = ".nk-chart > [id^=chart-]"


def spec_count(path: Path) -> int:
    return path.read_text(encoding="utf-8").count('<script type="application/vnd.vegalite.v5+json">')


@needs_browser
def test_tiny_report_draws_offline_and_runs_no_hostile_text(browser, tiny_reports):
    path = tiny_reports[0] / "99-tiny.html"
    watched = open_report(browser, path)
    page = watched.page
    try:
        check_every_chart(watched, 2)
        # Hover the hostile point: the tooltip shows the text, and nothing in it runs.
        page.hover("#chart-1 svg .mark-symbol path >> nth=0", force=True)
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
        tooltip = page.inner_html("#vg-tooltip-element")
        assert "&lt;script&gt;" in tooltip or "&lt;img" in tooltip
        assert page.evaluate("() => document.querySelectorAll('#vg-tooltip-element script, #vg-tooltip-element img').length") == 0
        assert page.evaluate("() => window.__pwned === undefined")
    finally:
        watched.close()


@needs_browser
@pytest.mark.parametrize("path", built_reports(), ids=[p.name for p in built_reports()])
def test_every_chart_of_every_built_report_draws_offline(browser, path):
    """Each chart of each report: every layer with data visible, no null labels, a tooltip."""
    watched = open_report(browser, path)
    try:
        check_every_chart(watched, spec_count(path))
    finally:
        watched.close()


def imported_by(code: list[str]) -> set[str]:
    """The modules a fresh interpreter imports to run ``code`` (python -X importtime)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-X", "importtime", *code], cwd=paths.ROOT, capture_output=True,
                            text=True, check=True)
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}


def test_the_reports_driver_starts_without_pandas_or_altair():
    """The driver only drives kernels: a module-level pandas or Altair import would delay them."""
    imported = imported_by(["-m", "helpers.reports", "--help"])
    assert "helpers.paths" in imported  # it ran, and -X importtime listed it
    assert not {"pandas", "altair"} & imported


def test_no_room_of_the_package_pays_for_another():
    """helpers/__init__ has no argv switch: importing the package loads nothing, the build never
    sets up the notebooks' charts, and neither tool room imports the other."""
    assert not {"pandas", "altair", "helpers.build", "helpers.reports"} & imported_by(["-c", "import helpers"])
    build = imported_by(["-c", "import helpers.build"])
    assert not {"altair", "helpers.theme", "helpers.display", "helpers.reports"} & build
    assert "helpers.build" not in imported_by(["-c", "import helpers.reports"])
    assert "sys.argv" not in (paths.ROOT / "helpers" / "__init__.py").read_text(encoding="utf-8")


def test_the_first_load_in_a_notebook_sets_up_the_theme_and_renderer():
    import subprocess
    import sys

    code = "import helpers, altair as alt; helpers.load('events'); print(alt.theme.active, alt.renderers.active)"
    result = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    from helpers import display, theme

    assert result.stdout.split() == [theme.THEME_NAME, display.RENDERER]


@needs_browser
def test_a_report_prints_to_a_pdf_with_vector_charts(browser, tiny_reports, tmp_path):
    import shutil as copier

    from helpers.reports import pdf

    report = tmp_path / "99-tiny.html"
    copier.copy(tiny_reports[0] / "99-tiny.html", report)
    (printed,) = pdf.print_reports([report], browser)
    data = printed.read_bytes()
    assert data.startswith(b"%PDF") and b"/Type /Page" in data
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data  # charts as vectors, not pictures


def test_jupyter_nbconvert_gives_the_same_report_as_make_reports(tmp_path):
    """One exporter, reached from the command line (`jupyter nbconvert --to nk_report`) and from
    make reports' driver: the same notebook gives the same bytes."""
    import subprocess
    import sys

    import nbformat

    notebook = paths.NOTEBOOKS / "03-biden-outreach.ipynb"
    subprocess.run([str(Path(sys.prefix) / "bin" / "jupyter"), "nbconvert", "--to", "nk_report", str(notebook),
                    "--output-dir", str(tmp_path)], check=True, capture_output=True)
    by_cli = (tmp_path / "03-biden-outreach.html").read_text(encoding="utf-8")
    by_driver = reports.to_html(nbformat.read(notebook, as_version=4), "03-biden-outreach")
    assert by_cli == by_driver
    assert 'id="vega-bundle"' in by_cli and "<script src=" not in by_cli and "helpers.load" not in by_cli


def reader_table_problems(page: str) -> list[str]:
    """What in a page's tables shows machinery: snake_case headers, index columns, code-like cells."""
    import re

    problems = [f"header {h!r}" for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", page, flags=re.S)
                if re.search(r"[a-z]_[a-z]", h)]
    for body in re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S):
        if re.search(r"<tr[^>]*>\s*<th[\s>]", body):
            problems.append("an index column")
    cells = [c.strip() for c in re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", page, flags=re.S)]
    problems += [f"cell {c!r}" for c in cells if c in {"&lt;NA&gt;", "<NA>", "True", "False", "nan", "NaN", "None"}]
    return problems


def test_the_table_check_finds_a_plain_frame_machinery():
    import pandas as pd

    page = pd.DataFrame({"rows_found": [1], "ok": [True], "n": [pd.NA]}).astype({"n": "Int64"}).to_html()
    assert reader_table_problems(page) == ["header 'rows_found'", "an index column", "cell 'True'", "cell '&lt;NA&gt;'"]


@pytest.mark.parametrize("path", built_reports(), ids=[p.name for p in built_reports()])
def test_report_tables_are_for_readers(path):
    """No snake_case header, no index column, no cell reading <NA>, True, False, nan or None."""
    assert reader_table_problems(path.read_text(encoding="utf-8")) == []


def accessibility_violations(page) -> list[tuple[str, int]]:
    """axe-core's WCAG 2 A and AA violations on the page: (rule, elements)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    return [(v["id"], len(v["nodes"])) for v in results.response["violations"]]


@needs_browser
def test_the_audit_finds_the_chart_action_menu_unnamed(browser, tiny_reports, tmp_path):
    """The check can fail: Vega's action menu (which reports leave out) has an unnamed <summary>."""
    page_with_menu = tmp_path / "menu.html"
    page_with_menu.write_text((tiny_reports[0] / "99-tiny.html").read_text(encoding="utf-8").replace(
        "actions: false", "actions: true"), encoding="utf-8")
    watched = open_report(browser, page_with_menu)
    try:
        wait_for_charts(watched.page, CHART, 2)
        assert ("summary-name", 2) in accessibility_violations(watched.page)
    finally:
        watched.close()


@needs_browser
@pytest.mark.parametrize("path", built_reports() + ([paths.REPORTS / "index.html"] if built_reports() else []),
                         ids=[p.name for p in built_reports()] + (["index.html"] if built_reports() else []))
def test_every_report_passes_a_wcag_2_aa_audit(browser, path):
    watched = open_report(browser, path)
    try:
        expected = spec_count(path)
        if expected:
            wait_for_charts(watched.page, CHART, expected)
        assert accessibility_violations(watched.page) == []
    finally:
        watched.close()


# ---- rebuild only what changed ------------------------------------------------------------

def clean_copy(folder: Path) -> Path:
    """A private copy of the clean dataset, which the test may change."""
    import shutil as copier

    return Path(copier.copytree(paths.CLEAN, folder / "clean"))


def reader_notebook(folder: Path, name: str, table: str, clean: Path) -> Path:
    notebook = new_notebook(cells=[
        new_markdown_cell(f"# {name}\n\n**Question:** what does {table} hold?"),
        new_code_cell(f"import helpers\nframe = helpers.load({table!r}, clean_dir={str(clean)!r})\nlen(frame)"),
        new_markdown_cell("## Sources and caveats\n\nA test fixture."),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def test_reports_rebuild_only_what_changed(tmp_path):
    clean = clean_copy(tmp_path)
    events_nb = reader_notebook(tmp_path, "97-events", "events", clean)
    launches_nb = reader_notebook(tmp_path, "98-launches", "launches", clean)
    out = tmp_path / "reports"

    def build(**options):
        return sorted(name for name, _, _ in reports.build_reports([events_nb, launches_nb], out, workers=1,
                                                                    clean_dir=clean, **options))

    assert build() == ["97-events", "98-launches"]
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()}
    assert build() == []  # nothing changed: nothing reruns
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()} == before  # and nothing is rewritten

    edited = nbformat.read(launches_nb, as_version=4)
    edited.cells[1].source += "\n# an edit"
    nbformat.write(edited, launches_nb)
    assert build() == ["98-launches"]  # one notebook edited: only it reruns

    events = clean / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("Korean War armistice signed", "Armistice signed", 1),
                      encoding="utf-8")
    assert build() == ["97-events"]  # a table changed: the notebook that reads it reruns
    assert build(force=True) == ["97-events", "98-launches"]


def test_a_notebook_that_reads_unnamed_tables_depends_on_all_of_them():
    from helpers.reports import freshness

    named = [{"type": "code", "source": "x = helpers.load('events')\ny = helpers.load(\"launches\", as_of=D)"}]
    assert freshness.tables_read(named) == {"events", "launches"}
    assert freshness.tables_read([{"type": "code", "source": "t = {n: helpers.load(n) for n in names}"}]) is None
    assert freshness.tables_read([{"type": "code", "source": "end = data_end_date()"}]) == {
        "events", "launches", "estimates"}


@needs_browser
def test_long_report_tables_sort_and_filter_offline(browser):
    path = paths.REPORTS / "06-claims-check.html"
    if not path.exists():
        pytest.skip("make reports has not built the reports")
    watched = open_report(browser, path)
    page = watched.page
    try:
        table = page.locator(".jp-OutputArea-output table").first
        rows = table.locator("tbody tr")
        first_ids = lambda: [rows.nth(i).locator("td").first.inner_text() for i in range(3)]  # noqa: E731
        assert first_ids() == ["C01", "C02", "C03"]
        table.locator("th button.nk-sort").first.click()  # ascending: already in order
        table.locator("th button.nk-sort").first.click()  # descending
        assert first_ids()[0] > "C20" and table.locator("th").first.get_attribute("aria-sort") == "descending"
        page.fill(".nk-filter input", "Singapore")
        visible = [r for r in range(rows.count()) if rows.nth(r).is_visible()]
        assert 0 < len(visible) < rows.count()
        assert all("Singapore" in rows.nth(r).inner_text() for r in visible)
        assert watched.errors == [] and watched.blocked == []
    finally:
        watched.close()


def test_report_kernels_talk_over_ipc_and_print_no_transport_warning(tmp_path):
    """make reports' kernels use local IPC sockets, so none warns that TCP traffic is unencrypted."""
    import subprocess

    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    path = tmp_path / "scratch.ipynb"
    nbformat.write(notebook, path)
    result = subprocess.run([sys.executable, "-m", "helpers.reports", "--in-place", str(path)], cwd=paths.ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "42" in path.read_text()
    assert "without encryption" not in result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr  # nor a kernel left running when the driver exits


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@pytest.mark.parametrize("path", built_reports(), ids=[p.name for p in built_reports()])
def test_built_reports_write_dates_one_way(path):
    """Dates read "5 October 2019": never "05 October 2019", and no year printed as "2,017"."""
    import re

    page = path.read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>", " ", page, flags=re.S)  # chart specs hold data, not prose
    padded = re.findall(rf"\b0[1-9] (?:{MONTHS})\b", text)
    assert not padded, padded[:5]
    # A year alone in a table cell, printed with a thousands separator ("2,017").
    assert not re.findall(r"<td[^>]*>\s*(?:1,9|2,0)\d\d\s*</td>", text)
