"""Shared date computations: administrations, diplomatic periods, monthly counts, windows.

Every function takes plain pandas objects so that notebooks and the build share one
definition and the tests can check each with a small frame worked out by hand.
"""

from __future__ import annotations

import pandas as pd

# The Reuters story this collection starts from (US date). Notebooks 01-06 answer "as of the
# story": they load the data as of this day (helpers.load(..., as_of=STORY_DATE)).
STORY_DATE = pd.Timestamp("2024-11-26")
# The story's own row in the events table; its page is a copy of the story.
STORY_EVENT = "2024-11-26-reuters-trump-team-weighs-kim-talks"


def label_intervals(dates: pd.Series, intervals: pd.DataFrame, label: str,
                    start: str = "start_date", end: str = "end_date") -> pd.Series:
    """For each date, the ``label`` of the interval [start, end] that contains it (inclusive),
    or <NA> when none does. An empty ``end`` means the interval is still open."""
    dates = pd.to_datetime(dates)
    result = pd.Series(pd.NA, index=dates.index, dtype="string")
    for row in intervals.itertuples(index=False):
        lo = pd.Timestamp(getattr(row, start))
        hi = getattr(row, end)
        hi = pd.Timestamp.max if pd.isna(hi) else pd.Timestamp(hi)
        result[(dates >= lo) & (dates <= hi)] = getattr(row, label)
    return result


# North Korea's leaders since 1990, each era opening on the death of the one before (events rows,
# dated by the death): Kim Il Sung to 7 July 1994, Kim Jong Il to 16 December 2011, then Kim Jong Un.
ERAS = ["Kim Il Sung", "Kim Jong Il", "Kim Jong Un"]
ERA_STARTS = {"Kim Jong Il": "1994-07-08-kim-il-sung-dies", "Kim Jong Un": "2011-12-17-kim-jong-il-dies"}


def era_on(dates: pd.Series, events: pd.DataFrame) -> pd.Series:
    """North Korea's leader on each date, by ERA_STARTS (dates before 1948 get Kim Il Sung too:
    no table here reaches back that far)."""
    starts = {era: pd.Timestamp(events.loc[events["event_id"] == event, "date"].iloc[0])
              for era, event in ERA_STARTS.items()}
    dates = pd.to_datetime(dates)
    result = pd.Series("Kim Il Sung", index=dates.index, dtype="string")
    for era in ERAS[1:]:
        result[dates >= starts[era]] = era
    return result.where(dates.notna())


def administration_on(dates: pd.Series, administrations: pd.DataFrame) -> pd.Series:
    """The US administration (``admin_id``) in office on each date."""
    return label_intervals(dates, administrations, "admin_id")


def monthly_counts(frame: pd.DataFrame, date: str = "date", by: str | None = None,
                   start: str | None = None, end: str | None = None,
                   weight: str | None = None) -> pd.DataFrame:
    """Rows (or the sum of ``weight``) per calendar month, with months that have none
    filled with zero, so that a chart shows quiet months as quiet rather than absent.

    Returns columns ``month`` (first day of the month), ``by`` (if given) and ``count``.
    """
    months = pd.to_datetime(frame[date]).dt.to_period("M")
    lo = pd.Period(start, "M") if start else months.min()
    hi = pd.Period(end, "M") if end else months.max()
    values = frame[weight] if weight else pd.Series(1, index=frame.index)
    keys = [months] + ([frame[by]] if by else [])
    counts = values.groupby(keys, observed=True).sum()
    all_months = pd.period_range(lo, hi, freq="M")
    if by:
        groups = frame[by].dropna().unique()
        if isinstance(frame[by].dtype, pd.CategoricalDtype):
            groups = [g for g in frame[by].cat.categories if g in set(groups)]
        full = pd.MultiIndex.from_product([all_months, groups], names=["month", by])
    else:
        full = pd.Index(all_months, name="month")
    counts = counts.reindex(full, fill_value=0)
    out = counts.rename("count").reset_index()
    out["month"] = out["month"].dt.to_timestamp()
    out["count"] = out["count"].astype("int64")
    return out


def count_in_window(dates: pd.Series, anchor, days: int) -> int:
    """How many dates fall in the ``days`` days starting at ``anchor`` (anchor day included)."""
    dates = pd.to_datetime(dates)
    anchor = pd.Timestamp(anchor)
    return int(((dates >= anchor) & (dates < anchor + pd.Timedelta(days=days))).sum())


def usual_rate(dates: pd.Series, start, end, days: int) -> float:
    """The average number of dates per ``days``-day span over [start, end] (both included)."""
    dates = pd.to_datetime(dates)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    span = (end - start).days + 1
    inside = int(((dates >= start) & (dates <= end)).sum())
    return inside * days / span


AVERAGE_MONTH_DAYS = 365.25 / 12


def months_between(start, end) -> float:
    """The length of [start, end] (both days included) in average months, for rates per month."""
    return ((pd.Timestamp(end) - pd.Timestamp(start)).days + 1) / AVERAGE_MONTH_DAYS


def occasions(meetings: pd.DataFrame, start: str = "start_date", end: str = "end_date", place: str = "city",
              gap_days: int = 2) -> pd.Series:
    """Number each meeting by the occasion it belongs to: meetings in the same place at most
    ``gap_days`` apart are one trip or visit, however many leaders Kim met on it (Singapore:
    Lee Hsien Loong on 10 June 2018, Trump on the 12th; Hanoi: Trump on 27-28 February 2019,
    Vietnam's leaders on 1-2 March)."""
    order = meetings.sort_values([start, end]).index
    labels, current, last_place, last_end = {}, 0, None, None
    for index in order:
        row = meetings.loc[index]
        if last_place != row[place] or last_end is None or row[start] > last_end + pd.Timedelta(days=gap_days):
            current += 1
            last_end = row[end]
        else:
            last_end = max(last_end, row[end])
        last_place = row[place]
        labels[index] = current
    return pd.Series(labels).reindex(meetings.index)


def date_of(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The date of one event row, by its id (KeyError, naming it, if the data lacks it)."""
    match = events.loc[events["event_id"] == event_id, "date"]
    if match.empty:
        raise KeyError(f"no event {event_id!r} in the data")
    return match.iloc[0]
