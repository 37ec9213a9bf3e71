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
              "launches": "launch_id", "administrations": "admin_id"}


def evaluate(claims: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    records = []
    for claim in claims.itertuples(index=False):
        test = str(claim.test)
        found, deciding, verdict = pd.NA, "", NOT_CHECKABLE
        if test != "none":
            table = tables[str(claim.evidence_table)]
            selected = query.select(table, str(claim.evidence_query))
            found = len(selected)
            expected = float(claim.expected)
            if test == "count_eq":
                holds = found == expected
            elif test == "count_ge":
                holds = found >= expected
            elif test == "value_eq":
                holds = found > 0 and bool((selected["high"] == expected).all())
            else:
                raise ValueError(f"claim {claim.claim_id}: unknown test {test!r}")
            verdict = SUPPORTED if holds else CONTRADICTED
            deciding = ", ".join(selected[ID_COLUMNS[str(claim.evidence_table)]].astype(str).unique())
        records.append({"claim_id": claim.claim_id, "claim": claim.claim, "topic": claim.topic, "verdict": verdict,
                        "rows_found": found, "expected": claim.expected, "test": test,
                        "deciding_rows": deciding, "rationale": claim.rationale})
    out = pd.DataFrame.from_records(records)
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    out["rows_found"] = out["rows_found"].astype("Int64")
    return out
