"""A small selection language for the rows that decide a claim or an expectation.

A query is data, never code. It is parsed with Python's ``ast`` (nothing is evaluated) and
only these forms are allowed; anything else is refused with the rule it breaks:

- column names of the table, and literals: strings, numbers, ``True``/``False``,
  dates as ``date('2024-11-22')``;
- comparisons ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` between a column and a literal;
- ``column in ['a', 'b']`` and ``column not in [...]`` with a list of literals;
- ``'text' in column`` (and ``not in``): the column's text contains that text;
- ``and``, ``or``, ``not`` and parentheses.

For example: ``category == 'offer' and administration == 'biden' and 'PRK' in actors``.
``select`` turns a checked query into a boolean mask over a frame, column by column.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from datetime import date as _date

import pandas as pd

MAX_LENGTH = 1_000

_COMPARE = {ast.Eq: "eq", ast.NotEq: "ne", ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge"}


class QueryError(ValueError):
    """A query outside the language; ``rule`` names what it breaks."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(message)


@dataclass(frozen=True)
class Query:
    text: str
    tree: ast.Expression
    columns: frozenset[str]


def parse(text: str, columns: set[str] | frozenset[str] | None = None) -> Query:
    """Check ``text`` against the language (and, given ``columns``, the table's columns)."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("query-empty", "the query is empty")
    if len(text) > MAX_LENGTH:
        raise QueryError("query-too-long", f"the query is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise QueryError("query-syntax", f"is not a query: {exc.msg}") from None
    used: set[str] = set()
    _check(tree.body, used)
    if columns is not None:
        unknown = sorted(used - set(columns))
        if unknown:
            raise QueryError("query-column", f"names no column of the table: {', '.join(unknown)}")
    return Query(text, tree, frozenset(used))


def select(frame: pd.DataFrame, query: str | Query) -> pd.DataFrame:
    """The rows of ``frame`` the query selects."""
    parsed = query if isinstance(query, Query) else parse(query, set(frame.columns))
    missing = sorted(parsed.columns - set(frame.columns))
    if missing:
        raise QueryError("query-column", f"names no column of the table: {', '.join(missing)}")
    mask = _mask(parsed.tree.body, frame)
    return frame[mask.fillna(False).astype(bool)]


# ---- checking ---------------------------------------------------------------------------

def _check(node: ast.AST, used: set[str]) -> None:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, (ast.And, ast.Or)):
        for value in node.values:
            _check(value, used)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, used)
    elif isinstance(node, ast.Compare):
        if len(node.ops) != 1:
            raise QueryError("query-form", "chained comparisons are not allowed; join them with and")
        _check_comparison(node.left, node.ops[0], node.comparators[0], used)
    else:
        raise QueryError("query-form", f"{_describe(node)} is not allowed; only comparisons joined by and, or, not")


def _check_comparison(left: ast.AST, op: ast.cmpop, right: ast.AST, used: set[str]) -> None:
    if isinstance(op, (ast.In, ast.NotIn)):
        if isinstance(left, ast.Name) and isinstance(right, (ast.List, ast.Tuple)):
            used.add(left.id)
            for element in right.elts:
                _literal(element)
            return
        if isinstance(right, ast.Name) and isinstance(_literal(left), str):
            used.add(right.id)
            return
        raise QueryError("query-form", "'in' needs a column and a list of literals, or a text and a column")
    if type(op) not in _COMPARE:
        raise QueryError("query-form", f"the operator {type(op).__name__} is not allowed")
    if not isinstance(left, ast.Name):
        raise QueryError("query-form", f"{_describe(left)} is not allowed on the left; write the column first")
    used.add(left.id)
    _literal(right)


def _literal(node: ast.AST):
    """The value of a literal node, or QueryError."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return node.value
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, (int, float)) and not isinstance(node.operand.value, bool)):
        return -node.operand.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "date"
            and not node.keywords and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)):
        try:
            return pd.Timestamp(_date.fromisoformat(node.args[0].value))
        except ValueError:
            raise QueryError("query-date", f"date({node.args[0].value!r}) is not a date YYYY-MM-DD") from None
    raise QueryError("query-form", f"{_describe(node)} is not allowed; only literals and date('YYYY-MM-DD')")


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"the attribute '.{node.attr}'"
    if isinstance(node, ast.Call):
        return "a call"
    if isinstance(node, ast.Name):
        return f"the bare name '{node.id}'"
    return f"a {type(node).__name__} expression"


# ---- evaluating (on checked trees only) ---------------------------------------------------

def _mask(node: ast.AST, frame: pd.DataFrame) -> pd.Series:
    if isinstance(node, ast.BoolOp):
        masks = [_mask(v, frame) for v in node.values]
        out = masks[0]
        for mask in masks[1:]:
            out = (out & mask) if isinstance(node.op, ast.And) else (out | mask)
        return out
    if isinstance(node, ast.UnaryOp):
        return ~_mask(node.operand, frame)
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if isinstance(op, (ast.In, ast.NotIn)):
        if isinstance(right, (ast.List, ast.Tuple)):
            values = [_literal(e) for e in right.elts]
            column = frame[left.id]
            mask = column.astype(object).isin(values)
        else:
            text = frame[right.id].astype("string")
            mask = text.str.contains(_literal(left), regex=False).fillna(False).astype(bool)
        return ~mask if isinstance(op, ast.NotIn) else mask
    column = frame[left.id]
    if str(column.dtype) == "category":
        column = column.astype(object)
    value = _literal(right)
    result = getattr(column, _COMPARE[type(op)])(value)
    return result.fillna(False).astype(bool)
