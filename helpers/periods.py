"""Diplomatic periods of the US–North Korea story, 2017 to the story's date.

A period is an analytic label, not a fact: each one opens on the date of a dated row in
the dataset (an event or an administration's first day) and closes the day before the
next one opens, so the periods never overlap and move with the data if a date is fixed.
"""

from __future__ import annotations

import pandas as pd

from . import timeline

STORY_DATE = timeline.STORY_DATE  # defined once, in helpers.timeline

# (period id, label, what opens it, days after that date)
PERIODS: list[tuple[str, str, str, int]] = [
    ("pressure", "Threats and pressure", "administration:trump-1", 0),
    ("summitry", "Summit diplomacy", "event:2018-03-08-trump-accepts-kim-invitation", 0),
    # Hanoi ended without a deal; the DMZ meeting and Stockholm followed, but the May-October 2019
    # tests came after the breakdown, so they are not counted as summitry.
    ("after_hanoi", "After Hanoi", "event:2019-02-28-hanoi-summit-no-deal", 1),
    ("stalemate", "Stalled talks", "event:2019-10-05-stockholm-talks-break-down", 1),
    ("outreach", "Unanswered US outreach", "administration:biden", 0),
    ("transition", "Trump's election and transition", "event:2024-11-06-trump-wins-election", 0),
]

LABELS = {pid: label for pid, label, _, _ in PERIODS}


def period_table(events: pd.DataFrame, administrations: pd.DataFrame) -> pd.DataFrame:
    """One row per period: ``period``, ``label``, ``start_date``, ``end_date``."""
    starts = []
    for pid, label, ref, offset in PERIODS:
        kind, key = ref.split(":", 1)
        if kind == "event":
            match = events.loc[events["event_id"] == key, "date"]
        else:
            match = administrations.loc[administrations["admin_id"] == key, "start_date"]
        if match.empty:
            raise KeyError(f"period {pid!r} opens on {ref}, which is not in the data")
        starts.append((pid, label, pd.Timestamp(match.iloc[0]) + pd.Timedelta(days=offset)))
    frame = pd.DataFrame(starts, columns=["period", "label", "start_date"])
    frame["end_date"] = frame["start_date"].shift(-1) - pd.Timedelta(days=1)
    frame.loc[frame.index[-1], "end_date"] = STORY_DATE
    if not frame["start_date"].is_monotonic_increasing:
        raise ValueError("periods must open in date order")
    return frame


def period_on(dates: pd.Series, events: pd.DataFrame, administrations: pd.DataFrame) -> pd.Series:
    """The period id each date falls in, or <NA> outside all periods."""
    return timeline.label_intervals(dates, period_table(events, administrations), "period")
