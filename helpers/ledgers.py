"""The ledgers of offers and answers (notebooks 03 and 08) and of North Korea–Russia flows
(04 and 08), each row joined to the event that dates it, with readers' labels.

Passing the events loaded as of a date (or only those after the story) keeps the ledger rows
of that span: the join drops the others.
"""

from __future__ import annotations

import pandas as pd

from .data import load

FLOW_DIRECTIONS = {"to_russia": "North Korea to Russia", "to_north_korea": "Russia to North Korea",
                   "both_ways": "Both ways"}
FLOW_COLUMNS = ["date", "direction_label", "what", "basis", "reported_by", "source", "source_url"]
FLOW_HEADERS = {"date": "Reported", "direction_label": "Direction", "what": "What", "basis": "Basis",
                "reported_by": "Reported by", "source": "Source"}
# A reader's table links each source to its page: display.table(..., links=SOURCE_LINK).
SOURCE_LINK = {"source": "source_url"}
ROLES = {"offer": "US offer", "reply": "North Korean answer"}


def russia_flows(events: pd.DataFrame) -> pd.DataFrame:
    """The russia_flows rows whose event is in ``events``, dated by it, in date order."""
    flows = load("russia_flows").merge(events[["event_id", "date"]], on="event_id")
    flows["direction_label"] = flows["direction"].astype(str).map(FLOW_DIRECTIONS)
    return flows.sort_values(["date", "flow_id"]).reset_index(drop=True)


def exchanges(events: pd.DataFrame) -> pd.DataFrame:
    """The exchanges rows whose event is in ``events``, with the event's date, precision, title
    and administration, and the role in words, in date order."""
    columns = [c for c in ("event_id", "date", "date_precision", "title", "administration") if c in events]
    rows = load("exchanges").merge(events[columns], on="event_id")
    rows["role_label"] = rows["role"].astype(str).map(ROLES)
    return rows.sort_values("date").reset_index(drop=True)
