"""helpers.longview (notebook 10): each step of the long view on small frames worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from helpers import longview, timeline

EVENTS = pd.DataFrame({
    "event_id": ["1994-07-08-kim-il-sung-dies", "2011-12-17-kim-jong-il-dies", "2006-10-09-first-nuclear-test"],
    "date": pd.to_datetime(["1994-07-08", "2011-12-17", "2006-10-09"]),
    "category": ["domestic_politics", "domestic_politics", "nuclear_test"],
})


def eras(dates):
    return timeline.era_on(dates, EVENTS)


def test_the_record_joins_cns_then_ours_one_event_a_day_without_cruise_missiles():
    cns_events = pd.DataFrame({"date": pd.to_datetime(["1993-05-29", "2023-04-13"])})
    launches = pd.DataFrame({
        "date": pd.to_datetime(["2023-04-13", "2023-07-12", "2023-07-12", "2023-08-01"]),
        "missile_class": ["ICBM", "SRBM", "SRBM", "cruise"],  # a second salvo the same day counts once
    })
    record = longview.testing_record(launches, EVENTS, cns_events)
    assert list(record["date"].dt.strftime("%Y-%m-%d")) == ["1993-05-29", "2006-10-09", "2023-04-13", "2023-07-12"]
    assert list(record["source"]) == ["CNS database", "This dataset", "CNS database", "This dataset"]
    assert list(record["kind"]) == ["launch", "nuclear test", "launch", "launch"]


def test_without_cns_the_record_starts_where_ours_does():
    launches = pd.DataFrame({"date": pd.to_datetime(["2017-02-12"]), "missile_class": ["MRBM"]})
    record = longview.testing_record(launches, EVENTS, None, start="2017-01-01")
    assert list(record["date"].dt.strftime("%Y-%m-%d")) == ["2017-02-12"]  # the 2006 nuclear test is before the start


def test_eras_open_on_each_leaders_death():
    dates = pd.Series(pd.to_datetime(["1994-07-07", "1994-07-08", "2011-12-16", "2011-12-17"]))
    assert list(eras(dates)) == ["Kim Il Sung", "Kim Jong Il", "Kim Jong Il", "Kim Jong Un"]


def test_talks_months_cover_every_month_a_round_touches_and_the_window_after():
    rounds = pd.DataFrame({"start_date": pd.to_datetime(["2005-07-26"]), "end_date": pd.to_datetime(["2005-08-07"])})
    assert [str(m) for m in longview.talks_months(rounds)] == ["2005-07", "2005-08"]
    assert [str(m) for m in longview.talks_months(rounds, after=2)] == ["2005-07", "2005-08", "2005-09", "2005-10"]


def test_the_panel_counts_tests_per_month_with_talks_and_era():
    record = pd.DataFrame({"date": pd.to_datetime(["1994-06-03", "1994-07-20", "1994-07-21"])})
    rounds = pd.DataFrame({"start_date": pd.to_datetime(["1994-07-08"]), "end_date": pd.to_datetime(["1994-07-08"])})
    panel = longview.monthly_panel(record, rounds, eras, "1994-06-01", "1994-08-31")
    assert list(panel["tests"]) == [1, 2, 0]
    assert list(panel["talks"]) == [0, 1, 0]
    assert list(panel["era"].astype(str)) == ["Kim Il Sung", "Kim Il Sung", "Kim Jong Il"]


def test_a_zero_count_gets_the_exact_interval_not_a_boundary_estimate():
    panel = pd.DataFrame({"tests": [0, 0, 1, 2, 0, 1], "talks": [1, 1, 0, 0, 0, 0],
                          "era": pd.Categorical(["Kim Il Sung"] * 6, categories=timeline.ERAS)})
    row = longview.rate_ratios(panel, alpha=0.5).iloc[0]
    assert row["ratio"] == 0 and row["low"] == 0 and row["method"].startswith("exact")
    # Clopper-Pearson: with no test of 4 in the talks months, the share's upper bound is 1 - 0.025 ** (1/4).
    share = 1 - 0.025 ** 0.25
    assert row["high"] == pytest.approx(share / (1 - share) * 4 / 2)


def test_with_counts_on_both_sides_the_model_recovers_the_rate_ratio():
    rng = np.random.default_rng(7)
    talks = np.array([1] * 200 + [0] * 400)
    tests = rng.poisson(np.where(talks == 1, 0.5, 2.0))
    panel = pd.DataFrame({"tests": tests, "talks": talks,
                          "era": pd.Categorical(["Kim Jong Un"] * 600, categories=timeline.ERAS)})
    row = longview.rate_ratios(panel).iloc[0]
    assert row["method"] == "negative binomial"
    assert row["low"] < 0.25 < row["high"] and row["high"] < 1


def test_before_and_after_count_the_days_on_each_side_of_a_round():
    record = pd.DataFrame({"date": pd.to_datetime(["2019-01-01", "2019-05-04", "2019-05-09", "2020-03-01"])})
    counts = longview.before_after(record, pd.Series(pd.to_datetime(["2019-02-27"])), window=180)
    assert counts.to_dict("records") == [{"before": 1, "after": 2}]


def test_the_permutation_test_is_repeatable_with_its_seed():
    record = pd.DataFrame({"date": pd.to_datetime(["2016-01-06", "2016-09-09", "2017-07-04", "2019-05-04"])})
    rounds = pd.DataFrame({"start_date": pd.to_datetime(["2018-06-12", "2019-02-27"]), "era": ["Kim Jong Un"] * 2})
    spans = {"Kim Jong Un": (pd.Timestamp("2012-06-01"), pd.Timestamp("2020-06-01"))}
    first = longview.permutation_test(record, rounds, spans, draws=200, seed=3)
    assert first == longview.permutation_test(record, rounds, spans, draws=200, seed=3)
    # 12 June 2018: nothing within 180 days either side; 27 February 2019: nothing before, 4 May 2019 after.
    assert first["statistic"] == pytest.approx(0.5)
    assert 0 <= first["p"] <= 1
