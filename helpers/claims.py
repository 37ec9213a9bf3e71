"""Decide the story's claims (notebook 06) and expectations (notebook 08) from the data.

Each row of the ``claims`` and ``expectations`` tables names a clean table and up to three queries
in the project's selection language (helpers.query: data, never code):

- ``evidence_query`` selects the rows that bear on the claim: what it is about;
- ``asserts`` is what the claim says of those rows, the fields and values it asserts;
- ``disputes_query`` (optional) selects rows giving a conflicting account.

The test counts the rows that bear on the claim *and* satisfy ``asserts``: ``count_eq`` (exactly
``expected``) or ``count_ge`` (at least ``expected``).

Three rules hold for every row; data/README.md ("Claims") states them for readers:

1. **Independent sources only.** A row whose page is the story itself never counts as evidence:
   the copies a claim or an expectation cites, and the page of the story's own events row
   (``helpers.timeline.STORY_EVENT``).
2. **Absence is not evidence.** Missing rows say nothing: a row with no independent row bearing on
   it is *not checkable*, and a claim is contradicted only by rows that bear on it and say
   otherwise. A negative claim ("no talks took place") needs a row whose source reports the
   absence; the build refuses ``count_eq 0``.
3. **Existence is not a check.** ``asserts`` must name a field other than the table's id, so a
   claim cannot pass merely because a row with a given id exists (the build refuses it).
4. **The best sources only.** Only rows citing an official document or the reporting outlet's own
   page (``source_tier`` official or original) count; a syndicated copy is context, not evidence.

Claim verdicts: *supported*; *disputed* (supported, but rows of another account disagree);
*contradicted*; *not checkable*; and, for a claim split into parts, *partly* when its parts
differ. An expectation's row says which outcome a passing and a failing test mean.
"""

from __future__ import annotations

import pandas as pd

from . import query
from .timeline import STORY_EVENT

SUPPORTED, PARTLY, DISPUTED, CONTRADICTED, NOT_CHECKABLE = (
    "supported", "partly", "disputed", "contradicted", "not checkable")
VERDICTS = [SUPPORTED, PARTLY, DISPUTED, CONTRADICTED, NOT_CHECKABLE]
ID_COLUMNS = {"events": "event_id", "summits": "summit_id", "people": "person_id", "estimates": "estimate_id",
              "launches": "launch_id", "administrations": "admin_id", "appointments": "person_id"}
# Rule 4 (data/README.md, "Source policy"): a syndicated copy is context, never evidence.
EVIDENCE_TIERS = ("official", "original")
TESTS = {"count_eq": lambda found, expected: found == expected,
         "count_ge": lambda found, expected: found >= expected}

HAPPENED, DID_NOT_HAPPEN, UNCHECKED = "happened", "did not happen", "not checkable"
OUTCOMES = [HAPPENED, PARTLY, DID_NOT_HAPPEN, UNCHECKED]


def story_sources(claims: pd.DataFrame, expectations: pd.DataFrame, events: pd.DataFrame) -> set[str]:
    """The pages that are the story itself: every source of the claims and expectations tables,
    and the source of the story's own events row."""
    story_row = events.loc[events["event_id"] == STORY_EVENT, "source_url"]
    return {str(url) for frame in (claims["source_url"], expectations["source_url"], story_row)
            for url in frame.dropna()}


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def decide(row, tables: dict[str, pd.DataFrame], story: set[str]) -> dict:
    """Apply one row's queries and test. Returns whether it is checkable, whether the test holds,
    and the rows that bear on it, those that satisfy its assertion and those that dispute it."""
    name = str(row.evidence_table)
    table = tables[name]
    independent = table[~table["source_url"].astype(str).isin(story)]
    if "source_tier" in independent:  # verdicts rest on official or original reporting only
        independent = independent[independent["source_tier"].astype(str).isin(EVIDENCE_TIERS)]
    about = query.select(independent, str(row.evidence_query))
    matching = query.select(about, str(row.asserts))
    disputes_text = _text(getattr(row, "disputes_query", None))
    disputing = query.select(independent, disputes_text) if disputes_text else independent.iloc[0:0]
    test = TESTS.get(str(row.test))
    if test is None:
        raise ValueError(f"{row[0]}: unknown test {row.test!r}")
    return {"checkable": not about.empty, "holds": test(len(matching), float(row.expected)),
            "about": about, "matching": matching, "disputing": disputing, "table": name}


def _rows(frame: pd.DataFrame, table: str) -> str:
    return ", ".join(frame[ID_COLUMNS[table]].astype(str).unique())


def _sources(frame: pd.DataFrame) -> str:
    """'Reporter, 5 October 2019' (with the host for a syndicated copy) for each distinct page, in row order."""
    from .data import source_label

    dates = frame["source_published"] if "source_published" in frame else pd.Series(pd.NaT, index=frame.index)
    names = source_label(frame) if "source_reporter" in frame else frame["source_publisher"]
    labels = [f"{name}, {date:%-d %B %Y}" if pd.notna(date) else str(name) for name, date in zip(names, dates)]
    return "; ".join(dict.fromkeys(labels))


def _evidence(decision: dict | None) -> dict:
    if decision is None:
        return {"rows_found": pd.NA, "rows_matching": pd.NA, "deciding_rows": "", "deciding_sources": "",
                "disputing_rows": "", "disputing_sources": ""}
    table = decision["table"]
    deciding = decision["matching"] if decision["holds"] else decision["about"]
    return {"rows_found": len(decision["about"]), "rows_matching": len(decision["matching"]),
            "deciding_rows": _rows(deciding, table), "deciding_sources": _sources(deciding),
            "disputing_rows": _rows(decision["disputing"], table),
            "disputing_sources": _sources(decision["disputing"])}


def _claim_verdict(decision: dict | None) -> str:
    if decision is None or not decision["checkable"]:
        return NOT_CHECKABLE
    if not decision["holds"]:
        return CONTRADICTED
    return DISPUTED if len(decision["disputing"]) else SUPPORTED


def evaluate(claims: pd.DataFrame, tables: dict[str, pd.DataFrame], story: set[str]) -> pd.DataFrame:
    """One verdict per row of the claims table (a claim, or one part of a split claim)."""
    records = []
    for claim in claims.itertuples(index=False):
        decision = None if str(claim.test) == "none" else decide(claim, tables, story)
        records.append({"claim_id": claim.claim_id, "part_of": _text(claim.part_of) or claim.claim_id,
                        "claim": claim.claim, "topic": claim.topic, "verdict": _claim_verdict(decision),
                        "expected": claim.expected, "test": str(claim.test), **_evidence(decision),
                        "rationale": claim.rationale})
    out = pd.DataFrame.from_records(records)
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    for column in ("rows_found", "rows_matching"):
        out[column] = out[column].astype("Int64")
    return out


def combine(verdicts) -> str:
    """The verdict on a whole claim from those on its parts: theirs if they agree; otherwise
    *partly* when any part is upheld, else *contradicted* when any part is."""
    distinct = list(dict.fromkeys(str(v) for v in verdicts))
    if len(distinct) == 1:
        return distinct[0]
    if any(v in (SUPPORTED, PARTLY, DISPUTED) for v in distinct):
        return PARTLY
    return CONTRADICTED if CONTRADICTED in distinct else NOT_CHECKABLE


def whole_claims(verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per claim of the story: its parts' wording joined, and the combined verdict."""
    grouped = verdicts.groupby("part_of", sort=False)
    out = pd.DataFrame({
        "claim_id": list(grouped.groups),
        "claim": grouped["claim"].agg(" / ".join).to_list(),
        "topic": grouped["topic"].first().to_list(),
        "parts": grouped.size().to_list(),
        "verdict": grouped["verdict"].agg(combine).to_list(),
    })
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    return out


def evaluate_expectations(expectations: pd.DataFrame, tables: dict[str, pd.DataFrame],
                          story: set[str]) -> pd.DataFrame:
    """One verdict per expectation of the story, as of the data's end: the row's ``if_true`` or
    ``if_false`` when rows bear on it, *not checkable* when none do (absence is not evidence)."""
    records = []
    for row in expectations.itertuples(index=False):
        decision, verdict = None, UNCHECKED
        if str(row.test) != "none":
            decision = decide(row, tables, story)
            if decision["checkable"]:
                verdict = str(row.if_true if decision["holds"] else row.if_false)
        records.append({"expectation_id": row.expectation_id,
                        "part_of": _text(getattr(row, "part_of", None)) or row.expectation_id,
                        "expectation": row.expectation, "topic": row.topic,
                        "verdict": verdict, **_evidence(decision), "rationale": row.rationale})
    out = pd.DataFrame.from_records(records)
    out["verdict"] = pd.Categorical(out["verdict"], categories=OUTCOMES)
    for column in ("rows_found", "rows_matching"):
        out[column] = out[column].astype("Int64")
    return out
