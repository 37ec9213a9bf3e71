import pandas as pd
import pytest

from helpers.launches import named_system, systems_per_year


@pytest.mark.parametrize("reported, name", [
    ("Hwasong-17 (as claimed by North Korea)", "Hwasong-17"),
    ("Hwasong-16B", "Hwasong-16B"),
    ("Hwasongpho-11 Da-4.5", "Hwasong-11 Da-4.5"),
    ("Hwasongpho-11-Da-4.5", "Hwasong-11 Da-4.5"),
    ("Pukguksong-3", "Pukguksong-3"),
    ("600mm super-large multiple rocket launcher", "KN-25 (super-large rocket launcher)"),
    ("KN-25 (assessed; large multiple rocket launcher)", "KN-25 (super-large rocket launcher)"),
    ("Pulhwasal-3-31 (submarine-launched)", "Pulhwasal-3-31"),
    ("Hwasal-1 Ra-3 strategic cruise missile (warhead test)", "Hwasal-1 Ra-3"),
    ("Hwasal-2 strategic cruise missile", "Hwasal-2"),
    ("extended-range Scud (Scud-ER)", "Scud-ER"),
    ("short-range ballistic missile (type not given)", None),
    ("new-type tactical guided weapon", None),
    (None, None),
])
def test_named_system(reported, name):
    assert named_system(reported) == name


def test_systems_per_year_counts_distinct_names_and_unnamed_events():
    launches = pd.DataFrame({
        "launch_id": ["a", "b", "c", "d", "e"],
        "date": pd.to_datetime(["2017-05-14", "2017-08-29", "2017-11-29", "2019-05-04", "2019-08-24"]),
        "system": ["Hwasong-12", "Hwasong-12", "Hwasong-15", "unidentified projectiles",
                   "super-large multiple rocket launcher"],
        "missile_class": ["IRBM", "IRBM", "ICBM", "unknown", "SRBM"],
    })
    table = systems_per_year(launches).set_index("year")
    assert table.loc[2017].tolist() == [3, 2, 0, 2]
    assert table.loc[2019].tolist() == [2, 1, 1, 1]  # "unknown" (type not reported) is not a class of its own
