"""Pins for the findings an analyst's review found wrong (December 2026). Each test fails on the value
the collection used to give, so none of them can come back unnoticed."""

import json

import pandas as pd

import helpers
from helpers import claims, launches as launch_helpers, paths
from helpers.timeline import STORY_DATE


def markdown_outputs(name: str) -> str:
    cells = json.loads((paths.NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(o["data"]["text/markdown"]) for c in cells for o in c.get("outputs", [])
                     if "text/markdown" in o.get("data", {}))


def test_00_counts_sources_by_reporter_without_the_storys_own_rows():
    # Was: "Reuters is the most cited outlet (82 rows)", 43 of them the claims and expectations citing the story.
    text = markdown_outputs("00-dataset-overview.ipynb")
    assert "cite most is Yonhap" in text and "Reuters is the most cited" not in text


def test_01_the_test_moratorium_is_two_commitments_with_different_fates():
    # Was: one commitment "No nuclear or ICBM tests" ending on a green "kept" step.
    commitments = helpers.load("commitments").set_index("commitment")
    assert "No nuclear or ICBM tests" not in commitments.index
    assert commitments.loc["No ICBM launches", "outcome"] == "reversed"
    assert commitments.loc["No nuclear tests", "outcome"] == "kept"
    steps = helpers.load("commitment_steps")
    icbm = steps[steps["commitment_id"] == commitments.loc["No ICBM launches", "commitment_id"]]
    assert pd.Timestamp("2024-10-31") in set(icbm["date"])  # the Hwasong-19


def test_01_the_exercise_halt_is_recorded_as_undone():
    # Was: "Joint exercises halted" scored kept while the data held Freedom Shield 2023.
    commitments = helpers.load("commitments").set_index("commitment")
    assert commitments.loc["Joint exercises halted", "outcome"] == "reversed"
    steps = helpers.load("commitment_steps")
    halted = steps[steps["commitment_id"] == commitments.loc["Joint exercises halted", "commitment_id"]]
    assert (halted["outcome"] == "reversed").any()


def test_02_the_longest_gap_runs_to_4_may_2019():
    # Was: 504 days to 17 April 2019, a launch the US said was not ballistic.
    launches = helpers.load("launches", as_of=STORY_DATE)
    assert not launches.loc[launches["launch_id"] == "L-2019-04-17", "ballistic"].iloc[0]
    days = launches.loc[launches["ballistic"], "date"].sort_values().reset_index(drop=True)
    gaps = days.diff()
    end = days[gaps.idxmax()]
    assert end == pd.Timestamp("2019-05-04") and gaps.max().days == 521


def test_02_distinct_classes_leave_out_unreported_types_and_the_hypersonic_label():
    # Was: "unknown" and "hypersonic" counted as classes of their own.
    frame = pd.DataFrame({"launch_id": ["a", "b", "c", "d"], "date": pd.to_datetime(["2022-01-05"] * 4),
                          "system": ["x", "y", "z", "w"], "missile_class": ["hypersonic", "unknown", "SRBM", "ICBM"]})
    assert launch_helpers.systems_per_year(frame).loc[0, "classes"] == 2


def test_04_the_flows_ledger_holds_the_fuel_sent_above_the_cap():
    # Was: the car Putin gave Kim as one of two things sent to North Korea, and no refined petroleum.
    flows = helpers.load("russia_flows")
    events = helpers.load("events").set_index("event_id")
    fuel = flows[flows["what"].str.contains("petroleum") & (flows["direction"] == "to_north_korea")]
    assert len(fuel) == 1 and events.loc[fuel["event_id"].iloc[0], "date"] <= STORY_DATE


def _verdicts():
    tables = {n: helpers.load(n) for n in claims.ID_COLUMNS}
    claim_rows, expectation_rows = helpers.load("claims"), helpers.load("expectations")
    story = claims.story_sources(claim_rows, expectation_rows, tables["events"])
    return (claims.evaluate(claim_rows, tables, story).set_index("claim_id")["verdict"],
            claims.evaluate_expectations(expectation_rows, tables, story).set_index("expectation_id")["verdict"])


def test_06_and_08_verdicts_follow_the_evidence():
    claim, expectation = _verdicts()
    assert claim["C22c"] == "supported"  # was: not checkable
    assert "X04" not in expectation.index  # was: Kim's past statement scored as an expectation that came true
    assert expectation["X01a"] == "happened" and expectation["X01b"] == "did not happen"  # was: X01 did not happen
    assert expectation["X02a"] == "happened" and expectation["X02b"] == "did not happen"
    assert expectation["X05"] == "happened"  # was: partly, fixed in advance by the row's if_true


def test_08_counts_space_launches_apart_from_cruise_missiles_and_states_the_icbm_contrast():
    # Was: "21 ballistic and 11 cruise in the 534 days before the story", three of those "cruise" space launches.
    text = markdown_outputs("08-what-happened-next.ipynb")
    assert "space launches" in text and "ICBM flights" in text
    assert "were sworn into the post" not in text  # was: "4 were sworn into the post"


def test_09_the_ledger_codes_each_act_and_finds_who_moved_first():
    # Was: lanes by actor order, de-escalations counted as hostility, and Seoul's loudspeaker halt left out, so the
    # North's stop of 12 June 2025 looked like the first move.
    acts = helpers.load("inter_korean_acts").merge(helpers.load("events")[["event_id", "date"]], on="event_id")
    after = acts[acts["date"] > pd.Timestamp("2025-06-03")].sort_values("date")
    first = after[after["stance"] == "conciliatory"].iloc[0]
    assert (first["event_id"], first["side"]) == ("2025-06-11-seoul-halts-loudspeakers", "KOR")
    north = acts.set_index("event_id").loc["2025-06-12-north-stops-noise-broadcasts"]
    assert north["stance"] == "conciliatory" and north["answers_event_id"] == first["event_id"]
    assert "2025-04-30-nis-4700-casualties" not in set(acts["event_id"])  # an intelligence report is not an act
