"""Launch-table computations: a missile system's name, as far as the report gives one."""

from __future__ import annotations

import re

import pandas as pd

# (pattern in the reported system text, the name it stands for), first match wins. Reports name
# the same system in several ways; the super-large multiple rocket launcher is the system South
# Korea and the US call KN-25.
_NAMES = [
    (r"Hwasong(?:pho)?-?\s?11\s*-?\s*Da-4\.5", "Hwasong-11 Da-4.5"),
    (r"Hwasong(?:pho)?-(\d+[A-Z]?)", r"Hwasong-\1"),
    (r"Pukguksong-(\d+)", r"Pukguksong-\1"),
    (r"\bKN-25\b|super-large multiple rocket launcher", "KN-25 (super-large rocket launcher)"),
    (r"\bKN-23\b", "KN-23"),
    (r"Scud-ER|extended-range Scud", "Scud-ER"),
    (r"Pulhwasal-(\d+-\d+)", r"Pulhwasal-\1"),
    (r"Hwasal-1 Ra-3", "Hwasal-1 Ra-3"),
    (r"Hwasal-(\d+)", r"Hwasal-\1"),
    (r"Padasuri-(\d+)", r"Padasuri-\1"),
    (r"Chollima-(\d+)", r"Chollima-\1"),
]


def named_system(reported: str | None) -> str | None:
    """The system's name if the reported text names one (``"Hwasong-17 (as claimed)"`` gives
    ``"Hwasong-17"``), else None for descriptions such as "short-range ballistic missile"."""
    if reported is None or pd.isna(reported):
        return None
    for pattern, name in _NAMES:
        match = re.search(pattern, str(reported), flags=re.IGNORECASE)
        if match:
            return match.expand(name) if "\\" in name else name
    return None


# Classes that are not range classes: "unknown" (a ballistic missile whose type was not reported), "hypersonic"
# (North Korea's label, which overlaps the range classes) and "other" (neither ballistic nor cruise).
NOT_RANGE_CLASSES = {"unknown", "hypersonic", "other"}


def systems_per_year(launches: pd.DataFrame) -> pd.DataFrame:
    """Per year: launch events, distinct named systems, the events whose report named none, and the
    distinct classes reported (range classes, cruise and space launches; not NOT_RANGE_CLASSES)."""
    named = launches["system"].map(named_system)
    frame = launches.assign(named=named, year=launches["date"].dt.year,
                            counted_class=launches["missile_class"].astype(str).where(
                                ~launches["missile_class"].astype(str).isin(NOT_RANGE_CLASSES)))
    return (frame.groupby("year")
            .agg(events=("launch_id", "size"), named_systems=("named", "nunique"),
                 unnamed_events=("named", lambda n: int(n.isna().sum())),
                 classes=("counted_class", "nunique"))
            .reset_index())
