"""Validate the raw tables against ``data/datapackage.json`` with Frictionless.

The schema (types, required columns, vocabularies, unique ids, date ranges, URL format,
foreign keys) lives in the data package, readable by any Frictionless tool. Rules that
compare two columns of a row (end >= start) are Frictionless row constraints, listed
per table under the package's custom ``rowConstraints`` key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import paths


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one raw file, located precisely enough to fix it."""

    file: str
    line: int | None
    column: str | tuple[str, ...] | None
    value: str | tuple[str, ...] | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if isinstance(self.column, tuple):  # a rule across columns names each with its value
            where += ", columns " + ", ".join(f"'{c}'" for c in self.column)
            where += ", values " + ", ".join(repr(v) for v in self.value)
        else:
            if self.column:
                where += f", column '{self.column}'"
            if self.value is not None:
                where += f", value {self.value!r}"
        return f"{where}: {self.message} [{self.rule}]"


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def validate_package(package_path: Path = paths.RAW_PACKAGE) -> list[Problem]:
    """Every problem in every table of the package, in file order; empty when valid."""
    import frictionless  # slow to import; only the build needs it
    from frictionless import checks

    package_path = Path(package_path)
    root = package_path.parent.parent
    package = frictionless.Package(str(package_path))
    problems: list[Problem] = []
    for resource in package.resources:
        file = _relative(package_path.parent / resource.path, root)
        if not (package_path.parent / resource.path).is_file():
            problems.append(Problem(file, None, None, None, "missing-file", "the file does not exist"))
            continue
        formulas = resource.custom.get("rowConstraints", [])
        checklist = frictionless.Checklist(checks=[checks.row_constraint(formula=f) for f in formulas])
        report = resource.validate(checklist, limit_errors=10_000)
        for task in report.tasks:
            for error in task.errors:
                problems.append(_problem(file, error, resource))
    return problems


_MESSAGES = {
    "type-error": "is not a valid {type}",
    "constraint-error": "breaks the rule {note}",
    "missing-cell": "is missing (the row has too few cells)",
    "extra-cell": "is an extra cell beyond the header",
    "blank-row": "is blank",
    "unique-error": "repeats a value that must be unique ({note})",
    "primary-key": "repeats an id that must be unique ({note})",
    "foreign-key": "refers to a row that does not exist ({note})",
    "row-constraint": "breaks the rule {note}",
    "missing-label": "header is missing a column the schema requires",
    "extra-label": "header has a column the schema does not describe",
    "incorrect-label": "header does not match the schema",
    "duplicate-label": "header repeats a column name",
    "blank-label": "header has a blank column name",
}


def _problem(file: str, error, resource) -> Problem:
    code = error.type
    line = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    cell = getattr(error, "cell", None)
    note = error.note or ""
    field_type = None
    if column and resource.schema.has_field(column):
        field = resource.schema.get_field(column)
        field_type = field.type + (f" ({field.format})" if field.format not in (None, "default") else "")
    if code == "row-constraint":
        note = note.replace("the row constraint to conform is ", "")
        names = [f.name for f in resource.schema.fields]
        involved = tuple(n for n in names if re.search(rf"\b{re.escape(n)}\b", note))
        cells = list(getattr(error, "cells", []) or [])
        values = tuple(cells[names.index(n)] if names.index(n) < len(cells) else "" for n in involved)
        return Problem(file, line, involved, values, code, f"breaks the rule {note}")
    if code == "foreign-key":
        keys = resource.schema.foreign_keys or []
        column = column or ", ".join(k["fields"] if isinstance(k["fields"], str) else ",".join(k["fields"]) for k in keys)
        names = [f.name for f in resource.schema.fields]
        cells = list(getattr(error, "cells", []) or [])
        if cell is None and column in names and names.index(column) < len(cells):
            cell = cells[names.index(column)]
    template = _MESSAGES.get(code, "{note}")
    message = template.format(type=field_type or "value", note=note)
    return Problem(file, line, column, None if cell is None else str(cell), code, message)
