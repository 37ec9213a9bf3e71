"""Decide the story's claims from the data (notebook 06).

Each row of the ``claims`` table names a clean table, a query in the project's selection
language (helpers.query: data, never code) selecting the rows that decide the claim, a test and
the number the claim implies. ``evaluate`` runs every query and returns one verdict per claim
with the deciding rows' ids.
"""

from __future__ import annotations

import pandas as pd

from . import query

SUPPORTED, CONTRADICTED, NOT_CHECKABLE = "supported", "contradicted", "not checkable with this data"
VERDICTS = [SUPPORTED, CONTRADICTED, NOT_CHECKABLE]
ID_COLUMNS = {"events": "event_id", "summits": "summit_id", "people": "person_id", "estimates": "estimate_id",
              "launches": "launch_id", "administrations": "admin_id", "appointments": "person_id"}


def decide(row, tables: dict[str, pd.DataFrame]) -> tuple[int, bool, pd.DataFrame]:
    """(rows found, whether the test holds, the deciding rows) for one claim or expectation row."""
    test = str(row.test)
    selected = query.select(tables[str(row.evidence_table)], str(row.evidence_query))
    found, expected = len(selected), float(row.expected)
    if test == "count_eq":
        holds = found == expected
    elif test == "count_ge":
        holds = found >= expected
    elif test == "value_eq":
        holds = found > 0 and bool((selected["high"] == expected).all())
    else:
        raise ValueError(f"{row[0]}: unknown test {test!r}")
    return found, holds, selected


def _ids(selected: pd.DataFrame, table: str) -> str:
    return ", ".join(selected[ID_COLUMNS[table]].astype(str).unique())


def evaluate(claims: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    records = []
    for claim in claims.itertuples(index=False):
        test = str(claim.test)
        found, deciding, verdict = pd.NA, "", NOT_CHECKABLE
        if test != "none":
            found, holds, selected = decide(claim, tables)
            verdict = SUPPORTED if holds else CONTRADICTED
            deciding = _ids(selected, str(claim.evidence_table))
        records.append({"claim_id": claim.claim_id, "claim": claim.claim, "topic": claim.topic, "verdict": verdict,
                        "rows_found": found, "expected": claim.expected, "test": test,
                        "deciding_rows": deciding, "rationale": claim.rationale})
    out = pd.DataFrame.from_records(records)
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    out["rows_found"] = out["rows_found"].astype("Int64")
    return out


HAPPENED, PARTLY, DID_NOT_HAPPEN, UNCHECKED = "happened", "partly", "did not happen", "not checkable"
OUTCOMES = [HAPPENED, PARTLY, DID_NOT_HAPPEN, UNCHECKED]


def evaluate_expectations(expectations: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One verdict per expectation of the story, as of the data's end: each row's query and test
    decide, and its own ``if_true`` / ``if_false`` say what passing or failing means."""
    records = []
    for row in expectations.itertuples(index=False):
        found, deciding, verdict = pd.NA, "", UNCHECKED
        if str(row.test) != "none":
            found, holds, selected = decide(row, tables)
            verdict = str(row.if_true if holds else row.if_false)
            deciding = _ids(selected, str(row.evidence_table))
        records.append({"expectation_id": row.expectation_id, "expectation": row.expectation, "topic": row.topic,
                        "verdict": verdict, "rows_found": found, "deciding_rows": deciding,
                        "rationale": row.rationale})
    out = pd.DataFrame.from_records(records)
    out["verdict"] = pd.Categorical(out["verdict"], categories=OUTCOMES)
    out["rows_found"] = out["rows_found"].astype("Int64")
    return out
