"""Validate the raw tables against ``data/datapackage.json`` with Frictionless, and against
the content rules no schema can say.

The schema (types, required columns, vocabularies, unique ids, date ranges, URL format,
foreign keys) lives in the data package, readable by any Frictionless tool. Rules that
compare two columns of a row (end >= start) are Frictionless row constraints, listed
per table under the package's custom ``rowConstraints`` key.

The content rules (``content_problems``), checked first on the file's own bytes:

- the file is UTF-8 (the encoding every resource declares), else the line of the first bad byte;
- the table has at least one row;
- no cell holds a control character (NUL and the rest of U+0000–U+001F, U+007F);
- no text cell begins with ``=``, ``+``, ``-`` or ``@`` (OWASP's CSV-injection list; tab and
  carriage return are control characters already): spreadsheet programs run such a cell as a
  formula, so it is rejected, not rewritten;
- every selection query (columns named by the resource's custom ``queries`` key) parses in the
  project's query language (helpers.query) and names only columns of the clean table it selects from;
- a checked claim or expectation asserts something (helpers.claims): its ``asserts`` query names a
  field other than the table's id (``existence-only``), and its test is not ``count_eq 0``, since
  absence of rows is not evidence (``absence-not-evidence``);
- every page a row cites sits on a host data/hosts.csv reviews and accepts, and the publisher is
  that host's outlet (helpers.build.sources: ``host-unreviewed``, ``host-not-accepted``,
  ``publisher-host``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from . import sources

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FORMULA_START = ("=", "+", "-", "@")


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
    descriptor = package.to_descriptor()
    problems: list[Problem] = []
    hosts_path = package_path.parent / "hosts.csv"
    try:
        known_hosts = sources.hosts(hosts_path)
    except (OSError, ValueError) as exc:
        return [Problem(_relative(hosts_path, root), None, None, None, "hosts-file", str(exc))]
    for resource in package.resources:
        path = package_path.parent / resource.path
        file = _relative(path, root)
        if not path.is_file():
            problems.append(Problem(file, None, None, None, "missing-file", "the file does not exist"))
            continue
        content = content_problems(path, file, resource.to_descriptor(), descriptor, known_hosts)
        problems.extend(content)
        if any(p.rule == "encoding" for p in content):
            continue  # Frictionless would guess another encoding and report noise
        formulas = resource.custom.get("rowConstraints", [])
        checklist = frictionless.Checklist(checks=[checks.row_constraint(formula=f) for f in formulas])
        # No limit: the build lists every problem (and its printout says how many it leaves out).
        report = resource.validate(checklist, limit_errors=2**31)
        for task in report.tasks:
            for error in task.errors:
                problems.append(_problem(file, error, resource))
    return problems


def content_problems(path: Path, file: str, resource: dict, package: dict,
                     known_hosts: dict[str, sources.Host] | None = None) -> list[Problem]:
    """The content rules of this module's docstring, for one raw file."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start:exc.end]
        return [Problem(file, line, None, None, "encoding",
                        f"is not UTF-8: byte {bad.hex(' ')} cannot be decoded; save the file as UTF-8")]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    problems: list[Problem] = []
    rows = 0
    queries = resource.get("queries")
    for row in reader:
        rows += 1
        line = reader.line_num
        for name, cell in zip(header, row):
            kind = fields.get(name, {}).get("type", "string")
            match = CONTROL.search(cell)
            if match:
                problems.append(Problem(file, line, name, cell, "control-character",
                                        f"holds the control character U+{ord(match.group()):04X}"))
            elif kind == "string" and cell.startswith(FORMULA_START):
                problems.append(Problem(file, line, name, cell, "formula-cell",
                                        f"begins with {cell[0]!r}: spreadsheet programs would run it as a formula"))
        if queries:
            problems.extend(_query_problems(file, line, dict(zip(header, row)), queries, package))
        if known_hosts is not None:
            problems.extend(Problem(file, line, column, value, rule, message)
                            for column, value, rule, message in sources.row_problems(dict(zip(header, row)),
                                                                                   known_hosts))
    if rows == 0:
        problems.append(Problem(file, None, None, None, "no-rows", "has a header but no rows; every table needs one"))
    return problems


def _query_problems(file: str, line: int, row: dict, queries: dict, package: dict) -> list[Problem]:
    from .clean import clean_columns, primary_key
    from ..query import QueryError, parse

    table = row.get(queries["table"], "")
    columns = clean_columns(package, table)
    problems, parsed = [], {}
    for column in queries["columns"]:
        text = row.get(column, "")
        if not text:
            continue
        try:
            parsed[column] = parse(text, columns)
        except QueryError as exc:
            problems.append(Problem(file, line, column, text, exc.rule, str(exc)))
    if problems or row.get(queries["test"], "none") in ("none", ""):
        return problems
    asserts = queries["asserts"]
    # The row's id is the first column of the table's primary key.
    row_id = set(primary_key(package, table)[:1])
    named = parsed[asserts].columns - row_id if asserts in parsed else set()
    if not named:
        problems.append(Problem(file, line, asserts, row.get(asserts, ""), "existence-only",
                                "names no field the claim asserts beyond the row's id; a row's existence "
                                "is not a check"))
    if row.get(queries["test"]) == "count_eq" and _number(row.get(queries["expected"], "")) == 0:
        problems.append(Problem(file, line, queries["expected"], row.get(queries["expected"]), "absence-not-evidence",
                                "asks for no rows: absence of rows is not evidence; decide a negative claim "
                                "by a row whose source reports the absence"))
    return problems


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


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
        # With several keys, the note names the one broken: 'for "answers_event_id": values ...'.
        named = re.match(r'for ((?:"[^"]+",? ?)+):', note)
        column = column or (", ".join(re.findall(r'"([^"]+)"', named.group(1))) if named else
                            ", ".join(k["fields"] if isinstance(k["fields"], str) else ",".join(k["fields"]) for k in keys))
        names = [f.name for f in resource.schema.fields]
        cells = list(getattr(error, "cells", []) or [])
        if cell is None and column in names and names.index(column) < len(cells):
            cell = cells[names.index(column)]
    template = _MESSAGES.get(code, "{note}")
    message = template.format(type=field_type or "value", note=note)
    return Problem(file, line, column, None if cell is None else str(cell), code, message)
