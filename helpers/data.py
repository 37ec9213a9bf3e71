"""Read the clean dataset with proper dtypes, as described by data/clean/datapackage.json."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths


def _stamp(path: Path) -> tuple[int, int]:
    """What tells a rebuilt file from the one read before: modification time and size."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def parse(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Give each column the pandas dtype its schema type names (empty cells become <NA>)."""
    out = pd.DataFrame(index=frame.index)
    for field in fields:
        name, kind = field["name"], field["type"]
        column = frame[name] if name in frame else pd.Series(pd.NA, index=frame.index)
        column = column.replace("", pd.NA)
        if kind == "date":
            out[name] = pd.to_datetime(column, format="%Y-%m-%d")
        elif kind == "integer":
            out[name] = pd.to_numeric(column).astype("Int64")
        elif kind == "number":
            out[name] = pd.to_numeric(column).astype("Float64")
        elif kind == "boolean":
            out[name] = column.map({"true": True, "false": False, True: True, False: False}).astype("boolean")
        else:
            enum = field.get("constraints", {}).get("enum")
            if enum:
                out[name] = pd.Categorical(column, categories=[v for v in enum if v != ""])
            else:
                out[name] = column.astype("string")
    return out


@lru_cache(maxsize=8)
def _read_package(path: Path, stamp: tuple[int, int]) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _package(clean_dir: Path) -> dict:
    path = clean_dir / "datapackage.json"
    return _read_package(path, _stamp(path))


@lru_cache(maxsize=32)
def _read_table(path: Path, stamp: tuple[int, int], package_stamp: tuple[int, int]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return parse(frame, fields(path.stem, path.parent))


def table_names(clean_dir: Path = paths.CLEAN) -> list[str]:
    return [r["name"] for r in _package(Path(clean_dir))["resources"]]


def fields(name: str, clean_dir: Path = paths.CLEAN) -> list[dict]:
    """The schema fields (name, type, title, description, constraints) of a clean table."""
    for resource in _package(Path(clean_dir))["resources"]:
        if resource["name"] == name:
            return resource["schema"]["fields"]
    raise KeyError(f"no table {name!r}; the dataset has {', '.join(table_names(clean_dir))}")


def load(name: str, clean_dir: Path = paths.CLEAN, as_of=None) -> pd.DataFrame:
    """The clean table ``name``: dates as datetime64, counts as Int64, vocabularies as
    ordered categories, text as string. Run ``make data`` first if data/clean/ is missing.

    With ``as_of`` (a date), the table as it stood then (``known_as_of``).

    Parsed tables are kept for the session, keyed by the files' modification times, so a
    notebook may call this as often as it reads best; each call returns a fresh copy, and
    a rebuilt dataset is read again."""
    clean_dir = Path(clean_dir)
    package = clean_dir / "datapackage.json"
    if not package.exists():
        raise FileNotFoundError(f"{clean_dir} has no built dataset; run `make data` first")
    fields(name, clean_dir)  # an unknown name fails here, with the names there are
    table = clean_dir / f"{name}.csv"
    frame = _read_table(table, _stamp(table), _stamp(package)).copy()
    return frame if as_of is None else known_as_of(frame, name, as_of)


# Dates that say where a row came from, not when its facts happened.
PROVENANCE_DATES = {"source_published", "source_accessed"}
# Columns that belong to a dated fact and go with it when the fact is later than ``as_of``.
DEPENDENT = {"outcome_date": ["outcome", "outcome_source_url", "outcome_source_publisher"],
             "first_test_date": ["first_test_kind", "first_test", "launch_id", "first_test_source_url",
                                 "first_test_source_publisher"]}


def known_as_of(frame: pd.DataFrame, name: str, as_of) -> pd.DataFrame:
    """The rows whose date (DATE_COLUMNS; for people, the announcement when there is no start)
    is on or before ``as_of``, with every later date in them blanked, and the facts that
    depend on those dates: the data as a reader of that day could have had it."""
    as_of = pd.Timestamp(as_of)
    column = DATE_COLUMNS.get(name)
    if column:
        dates = frame[column]
        if "announced_date" in frame:
            dates = dates.fillna(frame["announced_date"])
        frame = frame[dates.isna() | (dates <= as_of)].copy()
    for date_column in frame.columns:
        if date_column in PROVENANCE_DATES or not pd.api.types.is_datetime64_any_dtype(frame[date_column]):
            continue
        later = frame[date_column] > as_of
        frame.loc[later, date_column] = pd.NaT
        for dependent in DEPENDENT.get(date_column, []):
            if dependent in frame:
                frame.loc[later, dependent] = pd.NA
    return frame.reset_index(drop=True)


# The date column that places each table's rows in time.
DATE_COLUMNS = {
    "administrations": "start_date",
    "events": "date",
    "summits": "start_date",
    "people": "start_date",
    "estimates": "as_of_date",
    "launches": "date",
    "appointments": "date",
    "commitments": "made_date",
    "commitment_steps": "date",
    "summit_offers": "date",
    "negotiations": "start_date",
}


def involving(frame: pd.DataFrame, *countries: str) -> pd.DataFrame:
    """The rows whose ``actors`` name every one of ``countries`` (ISO codes such as "RUS", "PRK"), as actor or
    subject: ``involving(events, "RUS")`` is every event Russia took part in."""
    codes = frame["actors"].astype("string").str.split(";")
    keep = codes.map(lambda actors: isinstance(actors, list) and all(c in actors for c in countries))
    return frame[keep.astype(bool)]


def between(frame: pd.DataFrame, start, end, column: str = "date") -> pd.DataFrame:
    """The rows whose ``column`` falls from ``start`` to ``end``, both days included."""
    dates = frame[column]
    return frame[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]


def source_label(frame: pd.DataFrame) -> pd.Series:
    """Who reported each row and where it was read, for readers: "Yonhap" for an outlet's own
    story or an official page, "AP, on WHEC" for a credited copy on another outlet's site."""
    reporter, publisher = frame["source_reporter"].astype("string"), frame["source_publisher"].astype("string")
    return reporter.where(reporter == publisher, reporter + ", on " + publisher)


def coverage(clean_dir: Path = paths.CLEAN) -> pd.DataFrame:
    """One row per clean table: rows, first and last date, distinct sources and publishers.

    For people the span uses the announcement date where no start date exists (second-term picks)."""
    records = []
    for name in table_names(clean_dir):
        frame = load(name, clean_dir)
        record = {"table": name, "rows": len(frame), "first": pd.NaT, "last": pd.NaT}
        column = DATE_COLUMNS.get(name)
        if column:
            dates = frame[column]
            if "announced_date" in frame:
                dates = dates.fillna(frame["announced_date"])
            record["first"], record["last"] = dates.min(), dates.max()
        record["sources"] = frame["source_url"].nunique()
        record["publishers"] = frame["source_publisher"].nunique()
        records.append(record)
    return pd.DataFrame.from_records(records)


def data_end_date(clean_dir: Path = paths.CLEAN) -> pd.Timestamp:
    """The last date the dataset covers: the latest event, launch or estimate (computed, so it
    moves when rows are added)."""
    return max(load(name, clean_dir)[DATE_COLUMNS[name]].max() for name in ("events", "launches", "estimates"))
