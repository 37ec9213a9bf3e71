"""Read the CNS North Korea Missile Test Database and set it beside our launches table.

The James Martin Center for Nonproliferation Studies (CNS) publishes the database through
NTI as a spreadsheet: one row per missile, dates in UTC, "Unknown" for missing values. Its
CSV export seen in the wild is Windows-1252 encoded with dates like ``9-Apr-84`` (or
``Sep-84`` when only the month is known). ``read_cns`` accepts the .xlsx and the CSV, checks
the layout and fails with one clear error naming the file and the problem; nothing is
half-loaded. ``cns_launch_events`` maps missiles to our launch schema (Korea-time date,
class, outcome), one row per launch day, and reports what it could not map.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# Where the file is looked for, and which notebooks need it, live in helpers.paths (no pandas there,
# so the reports driver can decide what to run before importing any); notebook 07 reaches them here.
from .paths import NO_FILE, NOTEBOOKS_NEEDING_CNS, find_cns_file  # noqa: F401

NTI_PAGE = "https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/"
NTI_XLSX = "https://www.nti.org/wp-content/uploads/2021/10/north_korea_missile_test_database.xlsx"

# The published columns (the CSV export adds a leading row number, "F1").
COLUMNS = {
    "Date": "date", "Date Entered/Updated": "date_entered", "Launch Time (UTC)": "launch_time_utc",
    "Missile Name": "missile_name", "Missile Type": "missile_type", "Launch Agency/Authority": "launch_agency",
    "Facility Name": "facility_name", "Facility Location": "facility_location", "Other Name": "other_name",
    "Facility Latitude": "facility_latitude", "Facility Longitude": "facility_longitude",
    "Landing Location": "landing_location", "Apogee": "apogee", "Distance Travelled": "distance_travelled",
    "Confirmation Status": "confirmation_status", "Test Outcome": "test_outcome",
    "Additional Information": "additional_information", "Source(s)": "sources",
}
REQUIRED = ["Date", "Launch Time (UTC)", "Missile Name", "Missile Type", "Facility Name", "Facility Location",
            "Landing Location", "Apogee", "Distance Travelled", "Confirmation Status", "Test Outcome",
            "Additional Information", "Source(s)"]

# CNS missile types -> our missile_class; CNS has no cruise missiles.
CLASS_OF_TYPE = {"SRBM": "SRBM", "MRBM": "MRBM", "IRBM": "IRBM", "ICBM": "ICBM", "SLBM": "SLBM",
                 "HGV": "hypersonic", "SLV": "space_launch", "Unknown": "unknown"}
OUTCOME = {"Success": "success", "Failure": "failure", "Unknown": "unknown"}
# When one launch day mixes classes, the event takes the longest-range one (the rest go to notes).
CLASS_ORDER = ["space_launch", "ICBM", "IRBM", "hypersonic", "MRBM", "SLBM", "SRBM", "unknown"]
KST = pd.Timedelta(hours=9)
SHEET_ROW = "sheet_row"  # the row number Excel (or a text editor, for CSV) shows for each missile


class CNSFormatError(ValueError):
    """The file is not a CNS missile test database export; the message says which file and why."""

    def __init__(self, path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


def read_cns(path: str | Path) -> pd.DataFrame:
    """One row per missile with snake_case columns, NA for "Unknown", and parsed dates:
    ``date_utc`` (first of the month when only the month is known, see ``date_precision``),
    ``launched_at_utc`` (when a launch time is given) and ``date_kst``; ``sheet_row`` is the
    row's number as a spreadsheet shows it, which every message about a row uses."""
    path = Path(path)
    raw = _read_table(path)
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        found = ", ".join(repr(c) for c in raw.columns[:25])
        raise CNSFormatError(path, f"missing column(s) {', '.join(map(repr, missing))}; the file has {found}")
    frame = raw[[c for c in COLUMNS if c in raw.columns]].rename(columns=COLUMNS)
    frame = frame.apply(_strip_unknown)
    frame[SHEET_ROW] = raw[SHEET_ROW].astype(int)
    if frame["date"].isna().all():
        raise CNSFormatError(path, "no row has a launch date")
    frame = frame[frame["date"].notna() | frame["missile_name"].notna()].reset_index(drop=True)
    frame["date_utc"], frame["date_precision"] = _parse_dates(frame["date"], frame[SHEET_ROW], path)
    times = frame["launch_time_utc"].map(_parse_time)
    frame["launched_at_utc"] = frame["date_utc"] + times
    frame["date_kst"] = (frame["launched_at_utc"] + KST).dt.normalize().fillna(frame["date_utc"])
    frame["kst_date_from_time"] = frame["launched_at_utc"].notna()
    return frame


def _read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise CNSFormatError(path, "no such file")
    data = path.read_bytes()
    if not data.strip():
        raise CNSFormatError(path, "the file is empty")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise CNSFormatError(path, "this is an HTML or XML page (an error or login page saved under the data's name), "
                                   "not the spreadsheet")
    if data[:4] == b"PK\x03\x04":
        try:
            sheet = pd.read_excel(io.BytesIO(data), header=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # a damaged or non-spreadsheet zip
            raise CNSFormatError(path, f"cannot be read as an .xlsx workbook ({exc.__class__.__name__}: {exc})") from exc
        return _with_header(sheet, path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise CNSFormatError(path, "has an Excel name but is not an .xlsx workbook")
    if b"\x00" in data:
        raise CNSFormatError(path, "has an unsupported encoding: it holds NUL bytes (UTF-16 or binary?); "
                                   "save it as a UTF-8 or Windows-1252 CSV")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # the CNS CSV export is Windows-1252
        except UnicodeDecodeError as exc:
            raise CNSFormatError(path, f"has an unsupported encoding: neither UTF-8 nor Windows-1252 (byte "
                                       f"0x{data[exc.start]:02x} at offset {exc.start}); save it as a UTF-8 CSV") from None
    # The csv module, not pandas: title rows above the header have fewer fields, and blank
    # lines are kept, so that row numbers stay those a spreadsheet shows.
    try:
        records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error as exc:
        raise CNSFormatError(path, f"cannot be read as CSV ({exc})") from exc
    width = max((len(r) for r in records), default=0)
    table = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object)
    return _with_header(table.replace("", pd.NA), path)


def _with_header(sheet: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Find the header row (the published sheet may have title rows above it)."""
    for index in range(min(len(sheet), 10)):
        labels = [str(v).strip() for v in sheet.iloc[index].tolist()]
        if len(set(labels) & set(REQUIRED)) >= 3:
            body = sheet.iloc[index + 1:].reset_index(drop=True)
            body.columns = labels
            body = body.astype(object).where(body.notna(), pd.NA)
            # The row number a spreadsheet shows: the header is row index + 1 (counting from 1).
            body[SHEET_ROW] = range(index + 2, index + 2 + len(body))
            return body
    raise CNSFormatError(path, "no header row with the CNS column names in the first 10 rows; "
                               "not a CNS missile test database export")


def _strip_unknown(column: pd.Series) -> pd.Series:
    values = [v.strip() if isinstance(v, str) else v for v in column]
    return pd.Series([pd.NA if (isinstance(v, str) and v in ("", "Unknown")) or (not isinstance(v, str) and pd.isna(v))
                      else v for v in values], index=column.index, dtype=object)


def _parse_dates(values: pd.Series, rows: pd.Series, path: Path) -> tuple[pd.Series, pd.Series]:
    dates, precision, bad = [], [], []
    for number, value in zip(rows, values):
        parsed, kind = _parse_date(value)
        if parsed is None:
            bad.append(f"row {number}: {value!r}")
        dates.append(parsed)
        precision.append(kind)
    if bad:
        shown = "; ".join(bad[:10]) + (f"; and {len(bad) - 10} more" if len(bad) > 10 else "")
        raise CNSFormatError(path, f"unparseable date(s) in column 'Date': {shown}")
    return pd.Series(pd.to_datetime(dates), index=values.index), pd.Series(precision, index=values.index)


def _parse_date(value) -> tuple[pd.Timestamp | None, str | None]:
    if isinstance(value, pd.Timestamp) or hasattr(value, "year"):
        return pd.Timestamp(value).normalize(), "day"
    if not isinstance(value, str):
        return None, None
    for fmt, kind in (("%d-%b-%y", "day"), ("%Y-%m-%d", "day"), ("%Y-%m-%d %H:%M:%S", "day"),
                      ("%m/%d/%Y", "day"), ("%b-%y", "month")):
        try:
            return pd.to_datetime(value, format=fmt), kind
        except (ValueError, TypeError):
            continue
    return None, None


def _parse_time(value) -> pd.Timedelta:
    if value is pd.NA or value is None:
        return pd.NaT
    if hasattr(value, "hour"):  # datetime.time from a spreadsheet cell
        return pd.Timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?", str(value).strip())
    if not match:
        return pd.NaT
    hours, minutes, seconds, half = int(match[1]), int(match[2]), int(match[3] or 0), (match[4] or "").upper()
    if half == "PM" and hours < 12:
        hours += 12
    if half == "AM" and hours == 12:
        hours = 0
    return pd.Timedelta(hours=hours, minutes=minutes, seconds=seconds)


@dataclass
class Mapping:
    """CNS missiles mapped to launch events, and the rows that could not be mapped cleanly."""

    events: pd.DataFrame
    unmapped: pd.DataFrame


def cns_launch_events(missiles: pd.DataFrame) -> Mapping:
    """Aggregate missiles to launch days (Korea time) in our launch schema.

    An event is all missiles on one Korea-time day, as CNS rows carry no salvo id. Rows whose
    date is known only to the month, whose missile type has no class, or whose Korea-time
    date could not be worked out from a launch time are listed in ``unmapped`` with the
    reason (the last kind are still mapped, on their UTC date)."""
    frame = missiles.copy()
    frame["missile_class"] = pd.Series([_lookup(CLASS_OF_TYPE, t) for t in frame["missile_type"]],
                                       index=frame.index, dtype=object)
    frame["outcome"] = pd.Series([_lookup(OUTCOME, t) for t in frame["test_outcome"]], index=frame.index, dtype=object)
    problems = []
    for index, row in frame.iterrows():
        if row["date_precision"] != "day":
            problems.append((index, "date known only to the month; left out"))
        elif row["missile_class"] is None:
            problems.append((index, f"missile type {row['missile_type']!r} has no class; left out"))
        elif not row["kst_date_from_time"]:
            problems.append((index, "no launch time: Korea-time date taken as the UTC date, may be a day early"))
    reasons = pd.Series(dict(problems), dtype="string")
    left_out = reasons.index[reasons.str.endswith("left out")]
    usable = frame.drop(index=left_out)
    events = (usable.groupby("date_kst", sort=True)
              .apply(_event, include_groups=False)
              .reset_index().rename(columns={"date_kst": "date"}))
    unmapped = frame.loc[reasons.index, ["date", "missile_name", "missile_type"]].assign(reason=reasons)
    return Mapping(events, unmapped.reset_index(drop=True))


def _lookup(mapping: dict, value):
    """A CNS value's mapping; a missing value counts as CNS's own "Unknown"."""
    return mapping.get("Unknown" if pd.isna(value) else str(value))


def _event(group: pd.DataFrame) -> pd.Series:
    classes = sorted(set(group["missile_class"]), key=CLASS_ORDER.index)
    outcomes = set(group["outcome"])
    names = sorted({str(n) for n in group["missile_name"] if not pd.isna(n)})
    return pd.Series({
        "missiles": len(group),
        "system": ", ".join(names) if names else "unknown",
        "missile_class": classes[0],
        "other_classes": ", ".join(classes[1:]),
        "outcome": outcomes.pop() if len(outcomes) == 1 else "unknown",
        "ballistic": classes[0] != "space_launch",
        "kst_date_from_time": bool(group["kst_date_from_time"].all()),
    })


def events_per_year(events: pd.DataFrame, missiles: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """CNS launch events per Korean calendar year, every year from ``first_year`` to ``last_year``
    (zeros included): ``ballistic`` and ``space_launch`` events (``cns_launch_events``), their sum
    ``events``, and ``month_only_missiles``, the missiles CNS dates only to the month, which belong
    to no event but show that a year with no event is not empty in CNS."""
    years = pd.Index(range(first_year, last_year + 1), name="year")
    ballistic = events["ballistic"].astype(bool)
    table = pd.DataFrame({
        "ballistic": events[ballistic].groupby(events.loc[ballistic, "date"].dt.year).size(),
        "space_launch": events[~ballistic].groupby(events.loc[~ballistic, "date"].dt.year).size(),
    }).reindex(years).fillna(0).astype("int64")
    table["events"] = table["ballistic"] + table["space_launch"]
    month_only = missiles[missiles["date_precision"] == "month"]
    table["month_only_missiles"] = (month_only.groupby(month_only["date_utc"].dt.year).size()
                                    .reindex(years).fillna(0).astype("int64"))
    return table.reset_index()


def _ballistic_days(events: pd.DataFrame, start, end) -> pd.DataFrame:
    """Ballistic launch events in [start, end], summed per Korean date."""
    chosen = events[events["ballistic"].astype(bool) & events["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    return (chosen.groupby("date")
            .agg(events=("missiles", "size"), missiles=("missiles", lambda m: m.sum(min_count=1)),
                 classes=("missile_class", lambda c: ", ".join(sorted(set(map(str, c))))))
            .reset_index())


def yearly_comparison(ours: pd.DataFrame, cns_events: pd.DataFrame, start, end) -> pd.DataFrame:
    """Ballistic launch events and missiles per year in [start, end], ours beside CNS's.

    Our events with no reported missile count add to ``ours_events`` but not to
    ``ours_missiles``; ``ours_unknown_counts`` says how many there are."""
    def per_year(events, prefix):
        chosen = events[events["ballistic"].astype(bool) & events["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
        grouped = chosen.groupby(chosen["date"].dt.year)
        return pd.DataFrame({f"{prefix}_events": grouped.size(),
                             f"{prefix}_missiles": grouped["missiles"].sum(),
                             f"{prefix}_unknown_counts": grouped["missiles"].apply(lambda m: int(m.isna().sum()))})
    years = range(pd.Timestamp(start).year, pd.Timestamp(end).year + 1)
    table = per_year(ours, "ours").join(per_year(cns_events, "cns"), how="outer")
    table = table.reindex(list(years)).fillna(0).astype("int64").drop(columns="cns_unknown_counts")
    table.index.name = "year"
    return table.reset_index()


def align_days(ours: pd.DataFrame, cns_events: pd.DataFrame, start, end) -> pd.DataFrame:
    """Every Korean date with a ballistic launch in either source, paired across the two.

    Dates are paired when equal (``match`` = "same day"); what is left is paired when one day
    apart ("one day apart": usually UTC against Korea time, or a wrong date on one side);
    the rest are "ours only" or "CNS only". Counts are missiles on that day."""
    mine = _ballistic_days(ours, start, end).set_index("date")
    theirs = _ballistic_days(cns_events, start, end).set_index("date")
    rows, used = [], set()
    for day in mine.index:
        if day in theirs.index:
            rows.append((day, day, "same day"))
            used.add(day)
    for day in mine.index:
        if day in theirs.index:
            continue
        near = [d for d in (day - pd.Timedelta(days=1), day + pd.Timedelta(days=1))
                if d in theirs.index and d not in used and d not in mine.index]
        if near:
            rows.append((day, near[0], "one day apart"))
            used.add(near[0])
        else:
            rows.append((day, pd.NaT, "ours only"))
    rows += [(pd.NaT, day, "CNS only") for day in theirs.index if day not in used]
    table = pd.DataFrame(rows, columns=["date_ours", "date_cns", "match"])
    table["missiles_ours"] = table["date_ours"].map(mine["missiles"]).astype("Int64")
    table["missiles_cns"] = table["date_cns"].map(theirs["missiles"]).astype("Int64")
    table["class_ours"] = table["date_ours"].map(mine["classes"])
    table["class_cns"] = table["date_cns"].map(theirs["classes"])
    order = table["date_ours"].fillna(table["date_cns"])
    return table.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def download(target_dir: Path | None = None, url: str = NTI_XLSX, timeout: float = 60) -> int:
    """``make external``: fetch the official spreadsheet into data/external/cns/, with a
    ``download.json`` recording the address, time and checksum. Without a network, say so
    and return 0; a download that is not the spreadsheet is refused (return 1)."""
    import hashlib
    import json
    import tempfile
    import urllib.error
    import urllib.request
    from datetime import datetime, timezone

    from . import paths

    target_dir = Path(target_dir or paths.EXTERNAL / "cns")
    target_dir.mkdir(parents=True, exist_ok=True)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "nk-diplomacy-notebooks"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as exc:
        print(f"Could not reach {url} ({exc}); no network here? Nothing was downloaded. "
              f"The notebooks use the curated launches table.")
        return 0
    with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=target_dir, delete=False) as handle:
        handle.write(data)
        staged = Path(handle.name)
    try:
        missiles = read_cns(staged)
    except CNSFormatError as exc:
        staged.unlink()
        print(f"The download from {url} is not the CNS spreadsheet: {exc.problem}. Nothing was kept.")
        return 1
    final = target_dir / Path(url).name
    staged.replace(final)
    record = {"url": url, "page": NTI_PAGE, "retrieved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "missiles": len(missiles)}
    (target_dir / "download.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"Saved {final} ({len(missiles)} missiles); see download.json.")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(download())
