"""The CNS loader on small files written here in the CNS layouts, and on the real export
copy in ../shared/external/cns/ when it exists."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from helpers import cns, paths

HEADER = ["F1", "Date", "Date Entered/Updated", "Launch Time (UTC)", "Missile Name", "Missile Type",
          "Launch Agency/Authority", "Facility Name", "Facility Location", "Other Name", "Facility Latitude",
          "Facility Longitude", "Landing Location", "Apogee", "Distance Travelled", "Confirmation Status",
          "Test Outcome", "Additional Information", "Source(s)"]


def row(number, date, time, name, kind, outcome="Success", info="Unknown"):
    return [str(number), date, "23-Dec-16", time, name, kind, "Unknown", "Sohae", "Tongchang-ri", "Unknown",
            "39.66", "124.70", "Sea of Japan", "Unknown", "Unknown", "Confirmed", outcome, info,
            "https://example.org/a\nhttps://example.org/b"]


ROWS = [
    row(1, "Sep-84", "Unknown", "Scud-B", "SRBM"),                                   # month only
    row(2, "30-Dec-22", "11:01:00 PM", "KN-25", "SRBM", info="Fired from Chunghwa – café"),  # next day in Korea
    row(3, "30-Dec-22", "11:14:00 PM", "KN-25", "SRBM"),
    row(4, "31-Dec-22", "Unknown", "Unknown", "Unknown", outcome="Unknown"),           # no time
    row(5, "13-Apr-23", "10:22:00 PM", "Hwasong-18", "ICBM"),                           # 14 Apr KST
    row(6, "7-Feb-16", "12:29:00 AM", "Unha-3", "SLV"),
    row(7, "27-Sep-21", "8:38:00 PM", "Hwasong-8", "HGV"),
]


def write_csv(path, rows=ROWS, header=HEADER, encoding="cp1252"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(([header] if header else []) + rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows=ROWS, header=HEADER, title_rows=1):
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["CNS North Korea Missile Test Database"])
    sheet.append(header[1:])  # the published sheet has no F1 column
    for values in rows:
        values = values[1:]
        if values[0] != "Sep-84":  # Excel stores real dates; the month-only one stays text
            values[0] = pd.to_datetime(values[0], format="%d-%b-%y").to_pydatetime()
        sheet.append(values)
    book.save(path)
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_csv_export_reads_in_either_encoding(tmp_path, encoding):
    missiles = cns.read_cns(write_csv(tmp_path / "cns.csv", encoding=encoding))
    assert len(missiles) == 7
    assert missiles.loc[1, "additional_information"].endswith("café")
    assert missiles.loc[0, "date_precision"] == "month"
    assert missiles.loc[0, "date_utc"] == pd.Timestamp("1984-09-01")
    assert pd.isna(missiles.loc[3, "missile_name"])  # "Unknown" becomes missing


def test_utc_launch_times_move_to_korean_dates(tmp_path):
    missiles = cns.read_cns(write_csv(tmp_path / "cns.csv"))
    # 23:01 UTC on 30 Dec is 08:01 on 31 Dec in Korea (UTC+9).
    assert missiles.loc[1, "date_kst"] == pd.Timestamp("2022-12-31")
    assert missiles.loc[5, "date_kst"] == pd.Timestamp("2016-02-07")  # 00:29 UTC is 09:29 KST, same day
    assert missiles.loc[4, "date_kst"] == pd.Timestamp("2023-04-14")
    assert not missiles.loc[3, "kst_date_from_time"]


def test_xlsx_with_title_row_and_excel_dates_reads_the_same(tmp_path):
    from_csv = cns.read_cns(write_csv(tmp_path / "cns.csv"))
    from_xlsx = cns.read_cns(write_xlsx(tmp_path / "cns.xlsx"))
    columns = ["date_utc", "date_kst", "date_precision", "missile_name", "missile_type", "test_outcome"]
    pd.testing.assert_frame_equal(from_xlsx[columns], from_csv[columns], check_dtype=False)


def test_missiles_aggregate_to_korean_launch_days_with_unmapped_rows_reported(tmp_path):
    mapping = cns.cns_launch_events(cns.read_cns(write_csv(tmp_path / "cns.csv")))
    events = mapping.events.set_index("date")
    # Rows 2, 3 (31 Dec KST) and 4 (no time, UTC date 31 Dec) fall on one Korean day.
    day = events.loc[pd.Timestamp("2022-12-31")]
    assert day["missiles"] == 3 and day["missile_class"] == "SRBM" and day["outcome"] == "unknown"
    assert events.loc[pd.Timestamp("2016-02-07"), "missile_class"] == "space_launch"
    assert not events.loc[pd.Timestamp("2016-02-07"), "ballistic"]
    assert events.loc[pd.Timestamp("2021-09-28"), "missile_class"] == "hypersonic"
    assert len(mapping.unmapped) == 2
    assert any("month" in r for r in mapping.unmapped["reason"])
    assert any("no launch time" in r for r in mapping.unmapped["reason"])
    assert pd.Timestamp("1984-09-01") not in events.index


def test_yearly_comparison_and_day_alignment_on_hand_made_frames():
    ours = pd.DataFrame({"date": pd.to_datetime(["2019-05-04", "2019-09-10", "2020-03-02", "2020-03-09"]),
                         "missiles": pd.array([2, 2, None, 3], dtype="Int64"),
                         "missile_class": ["SRBM", "SRBM", "SRBM", "cruise"],
                         "ballistic": [True, True, True, False]})
    theirs = pd.DataFrame({"date": pd.to_datetime(["2019-05-04", "2019-09-09", "2020-03-02", "2020-03-21"]),
                           "missiles": [2, 3, 2, 1], "missile_class": ["SRBM"] * 4, "ballistic": [True] * 4})
    years = cns.yearly_comparison(ours, theirs, "2019-01-01", "2020-12-31").set_index("year")
    assert years.loc[2019].tolist() == [2, 4, 0, 2, 5]
    assert years.loc[2020].tolist() == [1, 0, 1, 2, 3]
    aligned = cns.align_days(ours, theirs, "2019-01-01", "2020-12-31")
    assert aligned["match"].tolist() == ["same day", "one day apart", "same day", "CNS only"]
    assert aligned.loc[1, "missiles_cns"] == 3


@pytest.mark.parametrize("suffix, damage, message", [
    (".csv", lambda p: write_csv(p, [r[:1] + r[2:] for r in ROWS], HEADER[:1] + HEADER[2:]), "missing column(s) 'Date'"),
    (".csv", lambda p: write_csv(p, ROWS, [h.replace("Missile Type", "Type") for h in HEADER]),
     "missing column(s) 'Missile Type'"),
    (".xlsx", lambda p: write_xlsx(p, ROWS, [h.replace("Test Outcome", "Outcome") for h in HEADER]),
     "missing column(s) 'Test Outcome'"),
    (".csv", lambda p: write_csv(p, [row(1, "31-Fbr-22", "Unknown", "KN-23", "SRBM")]),
     "unparseable date(s) in column 'Date': row 2: '31-Fbr-22'"),
    (".xlsx", lambda p: p.write_text("<!DOCTYPE html><html><body>Access denied</body></html>"), "HTML"),
    (".xlsx", lambda p: p.write_bytes(b""), "empty"),
    (".csv", lambda p: p.write_bytes(b"  \r\n"), "empty"),
    (".xlsx", lambda p: p.write_bytes(b"PK\x03\x04not really a zip"), "cannot be read as an .xlsx"),
    (".xlsx", lambda p: p.write_text("Date,Missile Name\n1,2\n"), "not an .xlsx workbook"),
    (".csv", lambda p: p.write_text("a,b\n1,2\n"), "no header row"),
    (".csv", lambda p: p.write_text(",".join(HEADER) + "\n" + ",".join(row(1, "9-Apr-84", "Unknown", "Scud", "SRBM")) + "\n",
                                    encoding="utf-16"), "unsupported encoding"),
    (".csv", lambda p: p.write_bytes((",".join(HEADER) + "\n").encode() + b"\x81\x8d,\n"), "unsupported encoding"),
    # Two title rows above the header, as the published sheet has: the bad date is on spreadsheet row 5.
    (".csv", lambda p: write_csv(p, [["North Korea Missile Test Database"], ["Updated 2023"], HEADER,
                                     row(1, "9-Apr-84", "Unknown", "Scud", "SRBM"),
                                     row(2, "31-Fbr-22", "Unknown", "KN-23", "SRBM")], header=[]),
     "row 5: '31-Fbr-22'"),
])
def test_a_wrong_file_gets_one_clear_error_naming_it(tmp_path, suffix, damage, message):
    path = tmp_path / f"north_korea_missile_test_database{suffix}"
    damage(path)
    with pytest.raises(cns.CNSFormatError) as caught:
        cns.read_cns(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


SHARED = paths.ROOT.parent / "shared" / "external" / "cns" / "north_korea_missile_test_database.csv"


@pytest.mark.skipif(not SHARED.exists(), reason=f"the shared CNS export copy is not at {SHARED}")
def test_the_real_export_copy_loads_with_the_published_yearly_counts():
    missiles = cns.read_cns(SHARED)
    assert len(missiles) == 245
    per_year = missiles["date_utc"].dt.year.value_counts()
    # Rows per year in the export, as listed in the project's checked research notes.
    assert {y: int(per_year.get(y, 0)) for y in (2016, 2017, 2018, 2019, 2020, 2021, 2022)} == \
        {2016: 24, 2017: 21, 2018: 0, 2019: 27, 2020: 9, 2021: 6, 2022: 69}
    # The Hwasong-15 launch of 29 Nov 2017 (Korea) is dated the 28th in UTC.
    hwasong15 = missiles[missiles["missile_name"].astype("string").str.contains("Hwasong-15", na=False)]
    assert pd.Timestamp("2017-11-28") in set(hwasong15["date_utc"])
    assert pd.Timestamp("2017-11-29") in set(hwasong15["date_kst"])
    mapping = cns.cns_launch_events(missiles)
    assert mapping.events["missiles"].sum() + len(mapping.unmapped[mapping.unmapped["reason"].str.endswith("left out")]) == 245


def test_a_cns_path_that_names_no_file_counts_as_no_file(monkeypatch, tmp_path):
    """Notebook 02 prints its note, 07 and its nbval cells are skipped: one answer for every caller."""
    from helpers import paths

    monkeypatch.setenv("NK_CNS_FILE", str(tmp_path / "missing.csv"))
    assert paths.find_cns_file() is None
    present = tmp_path / "cns.csv"
    present.write_text("x\n", encoding="utf-8")
    monkeypatch.setenv("NK_CNS_FILE", str(present))
    assert paths.find_cns_file() == present
