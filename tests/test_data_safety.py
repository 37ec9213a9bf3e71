"""Hostile or careless input: queries that try to run code, bytes that are not UTF-8, control
characters, spreadsheet formulas, empty or missing tables, long problem lists, interruptions
at any moment of the build, and a notebook that fails while the reports are built.

Each case fails with a located, clear message, or is made safe, and nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import build, claims, paths, query, reports
from rawedit import find_line, set_cell

PAYLOAD = ("().__class__.__base__.__subclasses__()[0].__init__.__globals__['sys'].modules['os']"
           ".system('touch {marker}')")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_build(data: Path, capsys) -> tuple[int, str]:
    status = build.main(["--package", str(data / "datapackage.json"), "--out", str(data / "clean")])
    return status, capsys.readouterr().err


# ---- queries are data, not code ------------------------------------------------------------

def test_the_sandbox_escape_payload_fails_the_build_and_runs_nothing(data_copy, capsys, tmp_path):
    marker = tmp_path / "ran"
    claims_csv = data_copy / "raw" / "claims.csv"
    line = find_line(claims_csv, "claim_id", "C01")
    set_cell(claims_csv, line, "evidence_query", PAYLOAD.format(marker=marker))
    before = snapshot(data_copy / "clean")
    status, err = run_build(data_copy, capsys)
    assert status == 1
    assert f"raw/claims.csv, line {line}, column 'evidence_query'" in err and "[query-form]" in err
    assert not marker.exists()
    assert snapshot(data_copy / "clean") == before


def test_evaluating_the_payload_directly_is_refused_too(tmp_path):
    marker = tmp_path / "ran"
    table = pd.DataFrame({"country": ["USA"]})
    row = pd.DataFrame([{"claim_id": "X", "part_of": "", "claim": "c", "topic": "other", "evidence_table": "summits",
                         "evidence_query": PAYLOAD.format(marker=marker), "asserts": "country == 'USA'",
                         "test": "count_eq", "expected": 1, "rationale": "r"}])
    with pytest.raises(query.QueryError):
        claims.evaluate(row, {"summits": table.assign(source_url="https://a.example")}, set())
    assert not marker.exists()


EVENTS = pd.DataFrame({
    "event_id": ["a", "b", "c"], "category": pd.Categorical(["offer", "rebuff", "talks"]),
    "actors": ["USA;PRK", "PRK;USA", "USA;KOR"], "year": pd.array([2021, 2021, 2024], dtype="Int64"),
    "date": pd.to_datetime(["2021-03-15", "2021-03-18", "2024-01-01"]), "high": [1.0, None, 3.0],
})


@pytest.mark.parametrize("text, ids", [
    ("category == 'offer'", ["a"]),
    ("category in ['offer', 'rebuff'] and 'PRK' in actors", ["a", "b"]),
    ("not (year == 2021) or 'KOR' in actors", ["c"]),
    ("date >= date('2021-03-16') and date < date('2024-01-01')", ["b"]),
    ("'KOR' not in actors and high > 0", ["a"]),
    ("event_id not in ['a'] and year != 2024", ["b"]),
    ("high >= -1.5", ["a", "c"]),
])
def test_the_query_language_selects_rows(text, ids):
    assert query.select(EVENTS, text)["event_id"].tolist() == ids


@pytest.mark.parametrize("text, rule", [
    ("category.str.contains('offer')", "query-form"),
    ("__import__('os').system('true')", "query-form"),
    ("actors[0] == 'U'", "query-form"),
    ("(lambda: 1)() == 1", "query-form"),
    ("[x for x in actors] == []", "query-form"),
    ("category == other_column", "query-form"),
    ("category == 'offer' if True else False", "query-form"),
    ("1 < year < 3", "query-form"),
    ("year + 1 == 2022", "query-form"),
    ("date == date('2021-02-30')", "query-date"),
    ("colour == 'red'", "query-column"),
    ("category ==", "query-syntax"),
    ("", "query-empty"),
])
def test_anything_outside_the_language_is_refused_with_its_rule(text, rule):
    with pytest.raises(query.QueryError) as caught:
        query.parse(text, set(EVENTS.columns))
    assert caught.value.rule == rule


# ---- encoding and content rules ------------------------------------------------------------

def test_a_byte_that_is_not_utf8_is_reported_with_file_and_line(data_copy, capsys):
    events = data_copy / "raw" / "events.csv"
    line = find_line(events, "event_id", "1994-10-21-agreed-framework-geneva")
    lines = events.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1].replace(b"Geneva", b"Gen\xe8ve", 1)
    events.write_bytes(b"\n".join(lines))
    before = snapshot(data_copy / "clean")
    status, err = run_build(data_copy, capsys)
    assert status == 1
    assert f"raw/events.csv, line {line}: is not UTF-8" in err and "Traceback" not in err
    assert snapshot(data_copy / "clean") == before


def test_every_resource_declares_utf8():
    import json

    package = json.loads(paths.RAW_PACKAGE.read_text(encoding="utf-8"))
    assert {r["name"]: r.get("encoding") for r in package["resources"] if r["path"].startswith("raw/")} == \
        {r["name"]: "utf-8" for r in package["resources"] if r["path"].startswith("raw/")}


@pytest.mark.parametrize("value, code", [("Bei\x00jing", "U+0000"), ("Bei\x1b[31mjing", "U+001B"),
                                         ("Bei\x7fjing", "U+007F")])
def test_control_characters_are_rejected(data_copy, capsys, value, code):
    summits = data_copy / "raw" / "summits.csv"
    set_cell(summits, 2, "city", value)
    status, err = run_build(data_copy, capsys)
    assert status == 1
    assert "raw/summits.csv, line 2, column 'city'" in err and code in err and "[control-character]" in err
    assert b"\x00" not in (data_copy / "clean" / "summits.csv").read_bytes()


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
                                   "-2+3+cmd|' /C calc'!A0"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_rejected(data_copy, capsys, value):
    events = data_copy / "raw" / "events.csv"
    set_cell(events, 3, "description", value)
    status, err = run_build(data_copy, capsys)
    assert status == 1
    assert "raw/events.csv, line 3, column 'description'" in err and "[formula-cell]" in err


@pytest.mark.parametrize("table", ["launches", "estimates"])
def test_a_table_with_only_its_header_fails_the_build(data_copy, capsys, table):
    path = data_copy / "raw" / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    status, err = run_build(data_copy, capsys)
    assert status == 1
    assert f"raw/{table}.csv: has a header but no rows" in err and "[no-rows]" in err


def test_a_deleted_raw_file_fails_the_build(data_copy, capsys):
    (data_copy / "raw" / "summits.csv").unlink()
    status, err = run_build(data_copy, capsys)
    assert status == 1
    assert "raw/summits.csv: the file does not exist [missing-file]" in err


def test_the_problem_list_says_how_many_problems_it_does_not_show(data_copy, capsys):
    for table, column in (("events", "date"), ("launches", "date")):
        path = data_copy / "raw" / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame[column] = "not-a-date"
        frame.to_csv(path, index=False, lineterminator="\n")
    status, err = run_build(data_copy, capsys)
    total = int(err.split("Build failed: ")[1].split(" problem")[0])
    assert status == 1 and total > build.SHOWN_PROBLEMS
    assert f"... and {total - build.SHOWN_PROBLEMS} more problem(s) not shown ({total} in all)." in err
    assert err.count("[type-error]") == build.SHOWN_PROBLEMS


# ---- no interruption loses data ------------------------------------------------------------

TABLE_FILES = {f"{r['name']}.csv" for r in json.loads(paths.RAW_PACKAGE.read_text(encoding="utf-8"))["resources"]
               if r["path"].startswith("raw/")} | {"datapackage.json"}


def changed_copy(data_copy: Path) -> tuple[dict, dict]:
    """Change one raw cell, so an old and a new build differ; (old snapshot, new snapshot)."""
    old = snapshot(data_copy / "clean")
    set_cell(data_copy / "raw" / "events.csv", 2, "description", "A changed description for the test.")
    new_dir = data_copy.parent / "expected-new"
    build.build(data_copy / "datapackage.json", new_dir)
    return old, snapshot(new_dir)


BUILD = [sys.executable, "-m", "helpers.build"]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_build_killed_at_any_moment_leaves_a_whole_dataset(data_copy, sig):
    old, new = changed_copy(data_copy)
    command = BUILD + ["--package", str(data_copy / "datapackage.json"), "--out", str(data_copy / "clean")]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    whole = time.perf_counter() - started
    seen = set()
    for step in range(12):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * (0.25 + step / 10))
        process.send_signal(sig)
        process.wait()
        state = snapshot(data_copy / "clean")
        assert set(state) == TABLE_FILES
        assert state in (old, new)
        seen.add("new" if state == new else "old")
    subprocess.run(command, check=True, capture_output=True)  # the next run finishes and tidies up
    assert snapshot(data_copy / "clean") == new
    assert [p.name for p in data_copy.glob(".clean-*")] == []


def test_readers_never_find_the_clean_folder_missing(data_copy):
    changed_copy(data_copy)
    clean = data_copy / "clean"
    missing, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            if not (clean / "datapackage.json").exists():
                missing.append(time.perf_counter())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            build.build(data_copy / "datapackage.json", clean)
    finally:
        stop.set()
        reader.join()
    assert missing == []


def test_leftovers_of_an_interrupted_build_are_removed_by_the_next(data_copy):
    for name in (".clean-new-abc123", ".clean-old-def456"):
        (data_copy / name / "clean").mkdir(parents=True)
    build.build(data_copy / "datapackage.json", data_copy / "clean")
    assert [p.name for p in data_copy.glob(".clean-*")] == []


@pytest.fixture
def repo_copy(tmp_path):
    """What `make data` needs, copied: Makefile, package sources, data; the project's .venv."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(paths.ROOT / name, root / name)  # times kept: make must not reinstall the environment
    shutil.copytree(paths.ROOT / "helpers", root / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.ROOT / "scripts", root / "scripts")
    shutil.copytree(paths.DATA, root / "data", ignore=shutil.ignore_patterns("external", ".clean*"))
    venv = Path(sys.prefix)
    # -o: never remake the environment's stamp, or pip would point the project's install at this copy.
    return root, [f"VENV={venv}", "-o", str(venv / ".installed")]


def test_make_data_fails_when_a_raw_file_is_deleted(repo_copy):
    root, args = repo_copy
    (root / "data" / "raw" / "people.csv").unlink()
    result = subprocess.run(["make", "data", *args], cwd=root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "data/raw/people.csv is missing" in result.stderr


@pytest.mark.skipif(not (Path(sys.prefix) / ".installed").exists(), reason="needs the environment `make` built")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killing_make_data_never_deletes_the_clean_package(repo_copy, sig):
    root, args = repo_copy
    set_cell(root / "data" / "raw" / "events.csv", 2, "description", "Changed, so make rebuilds.")
    started = time.perf_counter()
    subprocess.run(["make", "data", *args], cwd=root, check=True, capture_output=True)
    whole = time.perf_counter() - started
    for step in range(8):
        delay = whole * (0.3 + step / 10)
        os.utime(root / "data" / "raw" / "events.csv")
        # Its own process group, as a terminal's Ctrl-C or a CI cancel reaches make and the build alike.
        process = subprocess.Popen(["make", "data", *args], cwd=root, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, sig)
        process.wait()
        assert set(snapshot(root / "data" / "clean")) == TABLE_FILES, delay


# ---- reports fail loudly and keep the last good set -----------------------------------------

def test_a_failing_notebook_is_named_and_the_last_good_reports_stay(tmp_path, capsys):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("the last good index", encoding="utf-8")
    notebook = new_notebook(cells=[new_markdown_cell("# Broken"), new_code_cell("x = 1"),
                                   new_code_cell("\n# the failing cell\nshare = 1 / 0")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "98-broken.ipynb"
    nbformat.write(notebook, path)
    status = reports.main(["--out", str(out), str(path)])
    err = capsys.readouterr().err
    assert status == 1
    assert "98-broken.ipynb failed at cell 3 (`# the failing cell`): ZeroDivisionError: division by zero" in err
    assert snapshot(out) == {"index.html": b"the last good index"}
