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
    # Frictionless reports a repeated primary key twice (as unique and as primary key): once per problem.
    seen, unique = set(), []
    for problem in problems:
        key = (problem.file, problem.line, problem.column, problem.rule)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


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
        problems.extend(_id_date_problems(file, line, resource.get("name", ""), dict(zip(header, row))))
        if known_hosts is not None:
            problems.extend(Problem(file, line, column, value, rule, message)
                            for column, value, rule, message in sources.row_problems(dict(zip(header, row)),
                                                                                   known_hosts))
    if rows == 0:
        problems.append(Problem(file, None, None, None, "no-rows", "has a header but no rows; every table needs one"))
    return problems


# Ids that carry a date: (id column, date column, prefix before the date). An estimate's id holds its date
# after the quantity (E-<quantity>-<date>-<estimator>).
ID_DATES = {"events": ("event_id", "date", ""), "launches": ("launch_id", "date", "L-"),
            "summits": ("summit_id", "start_date", "S-"), "negotiations": ("negotiation_id", "start_date", "N-")}


def _id_date_problems(file: str, line: int, table: str, row: dict) -> list[Problem]:
    if table == "estimates" and row.get("estimate_id") and row.get("as_of_date"):
        if f"-{row['as_of_date']}-" not in row["estimate_id"]:
            return [Problem(file, line, "estimate_id", row["estimate_id"], "id-date",
                            f"must carry the row's as_of_date, {row['as_of_date']}, as in "
                            f"E-<quantity>-{row['as_of_date']}-<estimator>")]
        return []
    if table not in ID_DATES:
        return []
    id_column, date_column, prefix = ID_DATES[table]
    value, date = row.get(id_column, ""), row.get(date_column, "")
    # A date that is not a date is reported on its own; an id is checked against a well-formed date only.
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) and not value.startswith(prefix + date):
        return [Problem(file, line, id_column, value, "id-date",
                        f"{id_column} must begin with {prefix}{date}, the row's {date_column} "
                        f"(if the date is right, rename the id; if the id is, correct the date)")]
    return []


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


_HEADER_MESSAGES = {
    "missing-label": "header is missing a column the schema requires",
    "extra-label": "header has a column the schema does not describe",
    "incorrect-label": "header does not match the schema (a column renamed or moved?)",
    "duplicate-label": "header repeats a column name",
    "blank-label": "header has a blank column name",
    "missing-cell": "is missing (the row has too few cells)",
    "extra-cell": "is an extra cell beyond the header",
    "blank-row": "is a blank row",
}
_TYPE_WORDS = {"date": "a date written YYYY-MM-DD", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "uri": "a web address starting with http:// or https://"}
_ROW_RULES = [  # (formula pattern, plain words)
    (re.compile(r"^(\w+) >= (\w+)$"), "{0} must be on or after {1}" ),
    (re.compile(r"^\((\w+) is None\) == \((\w+) is None\)$"), "{0} and {1} must both be filled or both be empty"),
    (re.compile(r"^(\w+) is not None or (\w+) is not None$"), "give {0} or {1}: one of them is required"),
]


def _plain_rule(formula: str) -> str:
    for pattern, words in _ROW_RULES:
        match = pattern.match(formula.strip())
        if match:
            words = words.format(*match.groups())
            # Numbers are compared, not dated.
            return words.replace("must be on or after", "must be at least") if match.group(1) in ("high",) else words
    return f"must satisfy {formula}"


def _constraint_words(column: str, field, cell, note: str) -> str:
    match = re.search(r'constraint "(\w+)" is "(.*)"', note, re.S)
    name, value = (match.group(1), match.group(2)) if match else ("", note)
    got = f"; got {cell!r}" if cell not in (None, "") else ""
    if name == "required":
        return f"{column} is required: the cell is empty"
    if name == "enum":
        allowed = [v for v in (field.constraints.get("enum") or []) if v != ""] if field is not None else []
        return f"{column} must be one of: {', '.join(allowed)}{got}"
    if name == "pattern":
        help_text = (field.description or "").rstrip(".") if field is not None else value
        return f"{column} must follow its form ({help_text}){got}"
    if name in ("minimum", "maximum"):
        dated = field is not None and field.type == "date"
        bound = {"minimum": "on or after" if dated else "at least", "maximum": "on or before" if dated else "at most"}[name]
        return f"{column} must be {bound} {value}{got}"
    if name == "minLength":
        return f"{column} must be at least {value} characters long{got}"
    return f"{column} breaks its rule {name} {value}{got}"


def _problem(file: str, error, resource) -> Problem | None:
    """One Frictionless error as a Problem in plain words: what is wrong and what would be right."""
    code = error.type
    line = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    cell = getattr(error, "cell", None)
    note = error.note or ""
    field = resource.schema.get_field(column) if column and resource.schema.has_field(column) else None
    names = [f.name for f in resource.schema.fields]
    cells = list(getattr(error, "cells", []) or [])
    if code == "row-constraint":
        formula = note.replace("the row constraint to conform is ", "").strip().strip('"')
        involved = tuple(n for n in names if re.search(rf"\b{re.escape(n)}\b", formula))
        values = tuple(cells[names.index(n)] if names.index(n) < len(cells) else "" for n in involved)
        return Problem(file, line, involved, values, code, f"{_plain_rule(formula)} (rule: {formula})")
    if code == "type-error":
        kind = "uri" if field is not None and field.format == "uri" else (field.type if field is not None else "value")
        return Problem(file, line, column, None if cell is None else str(cell), code,
                       f"{column} must be {_TYPE_WORDS.get(kind, 'a ' + kind)}, got {cell!r}")
    if code == "constraint-error":
        return Problem(file, line, column, None if cell is None else str(cell), code,
                       _constraint_words(column, field, cell, note))
    if code in ("unique-error", "primary-key"):
        position = re.search(r"position (\d+)", note)
        column = column or ", ".join(resource.schema.primary_key)
        if cell is None and column in names and names.index(column) < len(cells):
            cell = cells[names.index(column)]
        where = f", already used on line {position.group(1)}" if position else ""
        return Problem(file, line, column, None if cell is None else str(cell), "unique-error",
                       f"{column} must be unique: this value is used twice{where}")
    if code == "foreign-key":
        keys = resource.schema.foreign_keys or []
        named = re.match(r'for ((?:"[^"]+",? ?)+):', note)
        column = column or (", ".join(re.findall(r'"([^"]+)"', named.group(1))) if named else
                            ", ".join(k["fields"] if isinstance(k["fields"], str) else ",".join(k["fields"]) for k in keys))
        if cell is None and column in names and names.index(column) < len(cells):
            cell = cells[names.index(column)]
        key = next((k for k in keys if column in ([k["fields"]] if isinstance(k["fields"], str) else k["fields"])), None)
        ref = key["reference"] if key else None
        target = (f"an existing {ref['fields'][0] if isinstance(ref['fields'], list) else ref['fields']} of the "
                  f"{ref['resource']} table") if ref else "an existing row of the table it refers to"
        return Problem(file, line, column, None if cell is None else str(cell), code,
                       f"{column} must name {target}; no such row: {cell!r}")
    message = _HEADER_MESSAGES.get(code, note)
    return Problem(file, line, column, None if cell is None else str(cell), code, message)
