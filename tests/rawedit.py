"""Edit one cell of a raw CSV in a test's private copy of data/."""

import csv
from pathlib import Path


def set_cell(csv_path: Path, line: int, column: str, value: str) -> str:
    """Set ``column`` on file line ``line`` (the header is line 1); return the old value."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys())
    old = rows[line - 2][column]
    rows[line - 2][column] = value
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old


def find_line(csv_path: Path, column: str, value: str) -> int:
    """The file line of the first row whose ``column`` equals ``value``."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            if row[column] == value:
                return number
    raise LookupError(f"{csv_path.name}: no row with {column}={value!r}")
