"""Shared date computations, on small frames whose answers were worked out by hand."""

import pandas as pd
import pytest

from helpers import periods, timeline

ADMINS = pd.DataFrame({
    "admin_id": ["obama", "trump-1", "biden"],
    "start_date": pd.to_datetime(["2009-01-20", "2017-01-20", "2021-01-20"]),
    "end_date": pd.to_datetime(["2017-01-19", "2021-01-19", None]),
})


def test_administration_on_uses_inclusive_bounds_and_open_end():
    dates = pd.Series(pd.to_datetime(["2008-12-31", "2017-01-19", "2017-01-20", "2021-01-19", "2030-05-01"]))
    got = timeline.administration_on(dates, ADMINS)
    assert got.tolist() == [pd.NA, "obama", "trump-1", "trump-1", "biden"]


def test_monthly_counts_fills_empty_months_with_zero():
    frame = pd.DataFrame({"date": pd.to_datetime(["2019-01-05", "2019-01-20", "2019-03-02"])})
    got = timeline.monthly_counts(frame)
    assert got["month"].dt.strftime("%Y-%m").tolist() == ["2019-01", "2019-02", "2019-03"]
    assert got["count"].tolist() == [2, 0, 1]


def test_monthly_counts_by_group_with_weights_and_explicit_range():
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2022-02-10", "2022-02-11", "2022-03-01"]),
        "kind": ["SRBM", "ICBM", "SRBM"],
        "missiles": [2, 1, 8],
    })
    got = timeline.monthly_counts(frame, by="kind", start="2022-01", end="2022-03", weight="missiles")
    table = got.pivot(index="month", columns="kind", values="count")
    assert table["SRBM"].tolist() == [0, 2, 8]
    assert table["ICBM"].tolist() == [0, 1, 0]


def test_count_in_window_includes_anchor_and_excludes_the_day_after_the_window():
    dates = pd.Series(pd.to_datetime(["2020-11-03", "2020-11-10", "2020-12-02", "2020-12-03"]))
    # 30 days from 3 Nov run to 2 Dec inclusive.
    assert timeline.count_in_window(dates, "2020-11-03", 30) == 3


def test_usual_rate_scales_the_count_to_the_window_length():
    # 6 dates in a 360-day span -> 0.5 per 30 days.
    dates = pd.Series(pd.date_range("2021-01-01", periods=6, freq="60D"))
    assert timeline.usual_rate(dates, "2021-01-01", "2021-12-26", 30) == pytest.approx(0.5)


def test_periods_open_on_their_anchor_dates_and_close_the_day_before_the_next():
    events = pd.DataFrame({
        "event_id": [ref.split(":", 1)[1] for _, _, ref, _ in periods.PERIODS if ref.startswith("event:")],
        "date": pd.to_datetime(["2018-03-08", "2019-02-28", "2019-10-05", "2024-11-06"]),
    })
    admins = pd.DataFrame({"admin_id": ["trump-1", "biden"],
                           "start_date": pd.to_datetime(["2017-01-20", "2021-01-20"])})
    table = periods.period_table(events, admins)
    assert table["period"].tolist() == ["pressure", "summitry", "after_hanoi", "stalemate", "outreach", "transition"]
    assert table["start_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2017-01-20", "2018-03-08", "2019-03-01", "2019-10-06", "2021-01-20", "2024-11-06"]
    assert table["end_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2018-03-07", "2019-02-28", "2019-10-05", "2021-01-19", "2024-11-05", "2024-11-26"]
    got = periods.period_on(pd.Series(pd.to_datetime(["2016-12-31", "2019-02-28", "2019-03-01", "2019-10-06"])),
                            events, admins)
    assert got.tolist() == [pd.NA, "summitry", "after_hanoi", "stalemate"]


def test_months_between_counts_both_ends_in_average_months():
    # 2021-01-01..2021-12-31 is 365 days; an average month is 365.25 / 12 days.
    assert timeline.months_between("2021-01-01", "2021-12-31") == pytest.approx(365 / (365.25 / 12))
    assert timeline.months_between("2024-11-06", "2024-11-06") == pytest.approx(12 / 365.25)


def test_meetings_on_one_trip_are_one_occasion():
    meetings = pd.DataFrame({
        "city": ["Beijing", "Beijing", "Singapore", "Singapore", "Hanoi", "Hanoi", "Hanoi", "Panmunjom", "Panmunjom"],
        "start_date": pd.to_datetime(["2018-03-26", "2018-03-26", "2018-06-10", "2018-06-12", "2019-02-27",
                                      "2019-03-01", "2019-03-01", "2019-06-30", "2019-06-30"]),
        "end_date": pd.to_datetime(["2018-03-28", "2018-03-28", "2018-06-10", "2018-06-12", "2019-02-28",
                                    "2019-03-02", "2019-03-01", "2019-06-30", "2019-06-30"]),
    })
    assert timeline.occasions(meetings).tolist() == [1, 1, 2, 2, 3, 3, 3, 4, 4]
    apart = meetings.iloc[:1].assign(start_date=pd.to_datetime(["2018-05-07"]), end_date=pd.to_datetime(["2018-05-08"]))
    assert timeline.occasions(pd.concat([meetings.iloc[:1], apart], ignore_index=True)).tolist() == [1, 2]


def test_date_of_finds_an_event_and_names_a_missing_one():
    events = pd.DataFrame({"event_id": ["a", "b"], "date": pd.to_datetime(["2024-12-04", "2025-04-28"])})
    assert timeline.date_of(events, "b") == pd.Timestamp("2025-04-28")
    with pytest.raises(KeyError, match="'c'"):
        timeline.date_of(events, "c")
