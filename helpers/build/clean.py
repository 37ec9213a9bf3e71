"""Turn validated raw tables into the clean tables the notebooks read.

Raw files are never edited: cleaning parses types, sorts rows and adds derived columns
(year, US administration, diplomatic period, ballistic flag, ...). Each derived column is
declared here with its description, so the clean data package documents it.
"""

from __future__ import annotations

import copy

import pandas as pd

from .. import periods, timeline
from . import sources
from ..data import parse, source_label  # noqa: F401 - the build parses raw tables as the loader parses clean ones

BALLISTIC_CLASSES = ["SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "hypersonic", "unknown"]

_ADMIN = {"name": "administration", "type": "string", "title": "US administration",
          "description": "US administration in office on the date (see administrations); empty before 1993."}
_YEAR = {"name": "year", "type": "integer", "title": "Year", "description": "Calendar year of the date."}
_AFTER = {"name": "after_story", "type": "boolean", "title": "After the story",
          "description": "True when the date is after the Reuters story of 2024-11-26 (helpers.timeline.STORY_DATE)."}

DERIVED_FIELDS: dict[str, list[dict]] = {
    "administrations": [],
    "events": [
        _YEAR, _ADMIN,
        {"name": "period", "type": "string", "title": "Diplomatic period",
         "description": "US–North Korea diplomatic period the date falls in (helpers.periods); empty outside them."},
        _AFTER,
    ],
    "summits": [
        _YEAR,
        {"name": "days", "type": "integer", "title": "Days", "description": "Length of the meeting or visit in days, both ends included."},
        _ADMIN,
    ],
    "people": [
        {"name": "returning", "type": "boolean", "title": "Returning",
         "description": "True when the same person held a post of this table in an earlier administration."},
    ],
    "estimates": [
        {"name": "midpoint", "type": "number", "title": "Midpoint", "description": "Mean of low and high."},
    ],
    "launches": [
        _YEAR,
        {"name": "month", "type": "date", "title": "Month", "description": "First day of the launch's month."},
        {"name": "ballistic", "type": "boolean", "title": "Ballistic",
         "description": "True unless the class is cruise, space_launch or other: the filter for ballistic-only counts."},
        _ADMIN,
        {"name": "period", "type": "string", "title": "Diplomatic period", "description": "As in events."},
        _AFTER,
    ],
    "appointments": [],
    "negotiations": [
        _YEAR,
        {"name": "days", "type": "integer", "title": "Days", "description": "Length of the round in days, both ends included."},
        {"name": "era", "type": "string", "title": "North Korean leader",
         "description": "North Korea's leader on the first day: Kim Il Sung (to 7 July 1994), Kim Jong Il (to 16 December 2011) or Kim Jong Un (helpers.timeline.era_on)."},
        _ADMIN,
    ],
    "claims": [],
    "expectations": [],
}

_TIER = {"name": "source_tier", "type": "string", "title": "Source tier",
         "description": "official (a government's or international body's own page, or KCNA read through a "
                        "monitoring service), original (the outlet that did the reporting, on its own site) or "
                        "syndicated (a copy on another outlet's site that names the original reporter): "
                        "helpers.build.sources, data/README.md.",
         "constraints": {"enum": sources.TIERS}}

_SOURCE = {"name": "source", "type": "string", "title": "Source",
           "description": "Who reported the page and where it was read, as readers see it: 'Yonhap' for an outlet's "
                          "own story or an official page, 'AP, on WHEC' for a copy on another outlet's site."}
_FIRST_TEST_SOURCE = {"name": "first_test_source", "type": "string", "title": "First-test source",
                      "description": "As source, for the first-test page."}

SORT_KEYS = {
    "administrations": ["start_date"],
    "events": ["date", "event_id"],
    "summits": ["start_date", "summit_id"],
    "people": ["administration_order", "post", "person_id"],
    "estimates": ["quantity", "as_of_date", "estimate_id"],
    "launches": ["date", "launch_id"],
    "appointments": ["date", "person_id", "step"],
    "claims": ["claim_id"],
    "negotiations": ["start_date", "negotiation_id"],
    "expectations": ["expectation_id"],
}


def clean_tables(raw: dict[str, pd.DataFrame], raw_package: dict,
                 known_hosts: dict[str, sources.Host] | None = None) -> dict[str, pd.DataFrame]:
    """All clean tables from the parsed raw ones; ``known_hosts`` (data/hosts.csv) gives each row's
    source tier."""
    known_hosts = sources.hosts() if known_hosts is None else known_hosts
    admins = raw["administrations"]
    admin_order = {a: i for i, a in enumerate(admins.sort_values("start_date")["admin_id"])}
    events = raw["events"].copy()
    events["year"] = events["date"].dt.year.astype("Int64")
    events["administration"] = timeline.administration_on(events["date"], admins)
    events["period"] = periods.period_on(events["date"], events, admins)
    events["after_story"] = (events["date"] > timeline.STORY_DATE).astype("boolean")

    summits = raw["summits"].copy()
    summits["year"] = summits["start_date"].dt.year.astype("Int64")
    summits["days"] = ((summits["end_date"] - summits["start_date"]).dt.days + 1).astype("Int64")
    summits["administration"] = timeline.administration_on(summits["start_date"], admins)

    people = raw["people"].copy()
    people["administration_order"] = people["administration"].astype("string").map(admin_order)
    first_seen = people.groupby("person_id")["administration_order"].transform("min")
    people["returning"] = (people["administration_order"] > first_seen).astype("boolean")

    estimates = raw["estimates"].copy()
    estimates["midpoint"] = (estimates["low"] + estimates["high"]) / 2

    launches = raw["launches"].copy()
    launches["year"] = launches["date"].dt.year.astype("Int64")
    launches["month"] = launches["date"].dt.to_period("M").dt.to_timestamp()
    launches["ballistic"] = launches["missile_class"].isin(BALLISTIC_CLASSES).astype("boolean")
    launches["administration"] = timeline.administration_on(launches["date"], admins)
    launches["period"] = periods.period_on(launches["date"], events, admins)
    launches["after_story"] = (launches["date"] > timeline.STORY_DATE).astype("boolean")

    negotiations = raw["negotiations"].copy()
    negotiations["year"] = negotiations["start_date"].dt.year.astype("Int64")
    negotiations["days"] = ((negotiations["end_date"] - negotiations["start_date"]).dt.days + 1).astype("Int64")
    negotiations["era"] = timeline.era_on(negotiations["start_date"], events)
    negotiations["administration"] = timeline.administration_on(negotiations["start_date"], admins)

    tables = {"negotiations": negotiations, "administrations": admins.copy(), "events": events, "summits": summits, "people": people,
              "estimates": estimates, "launches": launches, "claims": raw["claims"].copy(),
              "appointments": raw["appointments"].copy(), "expectations": raw["expectations"].copy()}
    # Tables with nothing derived (the ledgers) pass through, sorted by their primary key.
    for name, frame in raw.items():
        tables.setdefault(name, frame.copy())
    for name, frame in tables.items():
        if "source_reporter" in frame:
            frame["source_tier"] = pd.Categorical(
                [sources.tier(u, p, r, known_hosts) for u, p, r in
                 zip(frame["source_url"], frame["source_publisher"], frame["source_reporter"])],
                categories=sources.TIERS)
            frame["source"] = source_label(frame)
        if "first_test_source_reporter" in frame:
            frame["first_test_source"] = source_label(pd.DataFrame({
                "source_reporter": frame["first_test_source_reporter"],
                "source_publisher": frame["first_test_source_publisher"]}))
        frame = frame.sort_values(SORT_KEYS.get(name) or primary_key(raw_package, name), kind="stable")
        frame = frame.reset_index(drop=True)
        tables[name] = frame[[f["name"] for f in clean_fields(raw_package, name)]]
    return tables


def primary_key(raw_package: dict, name: str) -> list[str]:
    """The primary-key columns of table ``name`` (empty for a table the package lacks or gives none)."""
    resource = next((r for r in raw_package["resources"] if r["name"] == name), None)
    if resource is None:
        return []
    key = resource["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def clean_fields(raw_package: dict, name: str) -> list[dict]:
    resource = next(r for r in raw_package["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    names = {f["name"] for f in fields}
    derived = ([_TIER, _SOURCE] if "source_reporter" in names else []) + \
        ([_FIRST_TEST_SOURCE] if "first_test_source_reporter" in names else [])
    return fields + derived + DERIVED_FIELDS.get(name, [])


def clean_columns(raw_package: dict, name: str) -> set[str] | None:
    """The column names of clean table ``name`` (None for a table the package lacks)."""
    if not any(r["name"] == name for r in raw_package["resources"]):
        return None
    return {field["name"] for field in clean_fields(raw_package, name)}


def clean_package(raw_package: dict) -> dict:
    """The data package describing data/clean/: the raw schema plus the derived columns."""
    package = copy.deepcopy(raw_package)
    package["description"] = ("Cleaned tables built by `make data` from data/raw/ (see data/README.md); "
                              "do not edit by hand.")
    for resource in package["resources"]:
        resource["path"] = resource["path"].replace("raw/", "")
        resource["schema"]["fields"] = clean_fields(raw_package, resource["name"])
        resource["schema"].pop("foreignKeys", None)
    return package
