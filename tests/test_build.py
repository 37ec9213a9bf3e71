"""The build: a rebuild reproduces data/clean/, and every kind of bad raw value fails it
with a located message while leaving data/clean/ exactly as it was."""

import csv

import pandas as pd

import pytest

from helpers import build, paths
from rawedit import find_line, set_cell


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_build(data, capsys):
    status = build.main(["--package", str(data / "datapackage.json"), "--out", str(data / "clean")])
    return status, capsys.readouterr()


def test_rebuild_from_raw_reproduces_committed_clean_files(tmp_path):
    out = tmp_path / "clean"
    assert build.main(["--out", str(out)]) == 0
    assert snapshot(out) == snapshot(paths.CLEAN)


def first_row(data, table):
    with open(data / "raw" / f"{table}.csv", newline="", encoding="utf-8") as f:
        return next(csv.DictReader(f))


# (table, column, bad value, rule Frictionless reports, words the message must hold)
BROKEN_CELLS = [
    ("events", "date", "2018-13-01", "type-error", "date must be a date written YYYY-MM-DD"),
    ("events", "date", "2026-07-01", "constraint-error", "date must be on or before 2026-06-30"),
    ("events", "category", "party", "constraint-error", "category must be one of: summit, talks, offer"),
    ("events", "actors", "USA;Mars", "constraint-error", "semicolon-separated codes: USA, PRK"),
    ("events", "source_url", "", "constraint-error", "source_url is required: the cell is empty"),
    ("events", "source_url", "www.example.com/no-scheme", "type-error", "a web address starting with http://"),
    ("events", "source_published", "yesterday", "type-error", "YYYY-MM-DD, got 'yesterday'"),
    ("summits", "end_date", "2018-01-01", "row-constraint", "end_date must be on or after start_date"),
    ("summits", "country", "Mars", "constraint-error", "country must be one of: USA, KOR"),
    ("people", "administration", "carter", "foreign-key", "must name an existing admin_id of the administrations table"),
    ("people", "status", "rumoured", "constraint-error", "status must be one of: served, announced"),
    ("estimates", "low", "-5", "constraint-error", "low must be at least 0"),
    ("estimates", "high", "0", "row-constraint", "high must be at least low"),
    ("launches", "missile_class", "ballistic", "constraint-error", "missile_class must be one of"),
    ("launches", "missiles", "two", "type-error", "missiles must be a whole number, got 'two'"),
    ("claims", "test", "maybe", "constraint-error", "test must be one of: count_eq, count_ge, none"),
    ("commitment_steps", "commitment_id", "S99", "foreign-key", "of the commitments table"),
    ("commitment_steps", "outcome", "maybe", "constraint-error", "outcome must be one of"),
    ("summit_offers", "account_date", "2019-01-01", "row-constraint", "account_date must be on or after date"),
    ("weapons_plan", "launch_id", "L-1999-01-01", "foreign-key", "of the launches table"),
    ("weapons_plan", "first_test_source_url", "", "row-constraint", "must both be filled or both be empty"),
    ("exchanges", "answers_event_id", "no-such-event", "foreign-key", "of the events table"),
]


@pytest.mark.parametrize("table, column, bad, rule, words", BROKEN_CELLS,
                         ids=[f"{t}.{c}={b!r}" for t, c, b, _, _ in BROKEN_CELLS])
def test_a_broken_cell_fails_the_build_with_its_location_and_writes_nothing(
        data_copy, capsys, table, column, bad, rule, words):
    before = snapshot(data_copy / "clean")
    set_cell(data_copy / "raw" / f"{table}.csv", 2, column, bad)
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert "Nothing was written" in out.err
    lines = [line for line in out.err.splitlines()
             if f"raw/{table}.csv, line 2, column" in line and f"'{column}'" in line]
    assert lines, out.err
    assert any(f"[{rule}]" in line and words in line for line in lines), out.err
    if bad:
        assert any(repr(bad) in line for line in lines), out.err
    assert snapshot(data_copy / "clean") == before


# A claim that only finds a row by its id, or asks for no rows, is refused: existence is not a
# check and absence of rows is not evidence (helpers.claims).
REFUSED_CHECKS = [
    ({"asserts": "event_id == '2019-06-30-panmunjom-meeting'"}, "asserts", "existence-only"),
    ({"asserts": ""}, "asserts", "existence-only"),
    ({"test": "count_eq", "expected": "0"}, "expected", "absence-not-evidence"),
]


@pytest.mark.parametrize("cells, column, rule", REFUSED_CHECKS, ids=[r for _, _, r in REFUSED_CHECKS][:1] +
                         ["empty-asserts", "count-eq-0"])
def test_a_claim_that_asserts_nothing_is_refused(data_copy, capsys, cells, column, rule):
    claims_csv = data_copy / "raw" / "claims.csv"
    line = find_line(claims_csv, "claim_id", "C04")
    for name, value in cells.items():
        set_cell(claims_csv, line, name, value)
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert any(f"raw/claims.csv, line {line}, column '{column}'" in entry and f"[{rule}]" in entry
               for entry in out.err.splitlines()), out.err


def test_a_repeated_id_is_reported_once_on_the_second_occurrence(data_copy, capsys):
    first = first_row(data_copy, "events")
    set_cell(data_copy / "raw" / "events.csv", 3, "event_id", first["event_id"])
    set_cell(data_copy / "raw" / "events.csv", 3, "date", first["date"])  # the id's date matches: one problem only
    status, out = run_build(data_copy, capsys)
    assert status == 1
    lines = [entry for entry in out.err.splitlines() if "line 3, column 'event_id'" in entry]
    assert len(lines) == 1, out.err  # Frictionless reports it as unique and as primary key: shown once
    assert f"value {first['event_id']!r}" in lines[0] and "used twice, already used on line 2" in lines[0]
    assert "[unique-error]" in lines[0]


ID_DATES = [("events", "event_id", "date"), ("launches", "launch_id", "date"),
            ("summits", "summit_id", "start_date"), ("negotiations", "negotiation_id", "start_date"),
            ("estimates", "estimate_id", "as_of_date")]


@pytest.mark.parametrize("table, id_column, date_column", ID_DATES, ids=[t for t, _, _ in ID_DATES])
def test_an_id_whose_date_differs_from_the_rows_date_fails(data_copy, capsys, table, id_column, date_column):
    # An event_id beginning 2025-02-16 on a row dated 2025-02-15 used to pass.
    row = first_row(data_copy, table)
    day = pd.Timestamp(row[date_column]) - pd.Timedelta(days=1)
    set_cell(data_copy / "raw" / f"{table}.csv", 2, date_column, f"{day:%Y-%m-%d}")
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert any(f"raw/{table}.csv, line 2, column '{id_column}'" in entry and "[id-date]" in entry
               for entry in out.err.splitlines()), out.err


def test_every_problem_in_every_file_is_listed_at_once(data_copy, capsys):
    set_cell(data_copy / "raw" / "events.csv", 2, "category", "party")
    set_cell(data_copy / "raw" / "events.csv", 4, "date", "not-a-date")
    set_cell(data_copy / "raw" / "launches.csv", 3, "outcome", "meh")
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert "3 problem(s) in 2 file(s)" in out.err
    for where in ("events.csv, line 2", "events.csv, line 4", "launches.csv, line 3"):
        assert where in out.err


def test_a_renamed_column_is_reported_as_a_header_problem(data_copy, capsys):
    path = data_copy / "raw" / "summits.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("counterpart,", "leader,", 1), encoding="utf-8")
    before = snapshot(data_copy / "clean")
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert "raw/summits.csv" in out.err and "header" in out.err
    assert snapshot(data_copy / "clean") == before


def test_a_missing_period_anchor_fails_the_build_and_writes_nothing(data_copy, capsys):
    from helpers.periods import PERIODS
    anchor = next(ref.split(":", 1)[1] for _, _, ref, _ in PERIODS if ref.startswith("event:"))
    events = data_copy / "raw" / "events.csv"
    line = find_line(events, "event_id", anchor)
    set_cell(events, line, "event_id", anchor + "-renamed")
    before = snapshot(data_copy / "clean")
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert anchor in out.err
    assert snapshot(data_copy / "clean") == before


def test_a_build_interrupted_while_writing_leaves_the_old_clean_folder(data_copy, monkeypatch):
    before = snapshot(data_copy / "clean")
    written = []

    def failing_to_csv_text(frame):
        written.append(1)
        if len(written) == 3:
            raise OSError("disk full")
        return original(frame)

    original = build.to_csv_text
    monkeypatch.setattr(build, "to_csv_text", failing_to_csv_text)
    with pytest.raises(OSError):
        build.build(data_copy / "datapackage.json", data_copy / "clean")
    assert snapshot(data_copy / "clean") == before
    assert not list(data_copy.glob(".clean-*"))


def test_every_row_names_when_its_page_was_published_or_read(data_copy, capsys):
    events = data_copy / "raw" / "events.csv"
    set_cell(events, 2, "source_published", "")
    set_cell(events, 2, "source_accessed", "")
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert "raw/events.csv, line 2" in out.err and "source_published is not None or source_accessed is not None" in out.err


def test_publisher_names_are_written_one_way():
    """"The Korea Herald" and "Korea Herald" are one outlet: no two names differ only by a
    leading "The" or by case."""
    import re

    from helpers.data import load, table_names

    spellings: dict[str, set[str]] = {}
    for name in table_names():
        for publisher in load(name)["source_publisher"].dropna().unique():
            outlet = re.sub(r"\s*\(.*\)\s*$", "", publisher).strip()
            spellings.setdefault(re.sub(r"^the\s+", "", outlet.lower()), set()).add(outlet)
    assert {k: v for k, v in spellings.items() if len(v) > 1} == {}
