"""The source policy, as the build enforces it (data/README.md, "Source policy").

Every host a row cites is reviewed once, in data/hosts.csv: the outlet it belongs to, what kind
of site it is, and whether a research desk accepts it. The build refuses a row whose page sits on
a host that is not reviewed (``host-unreviewed``) or not accepted (``host-not-accepted``), and a
publisher name other than the host's outlet (``publisher-host``), so one outlet has one name.

A row's tier follows from its host and its reporter:

- *official*: a government's or an international body's own page, or North Korean state media
  (KCNA) read through a monitoring service;
- *original*: the outlet that did the reporting, on its own site;
- *syndicated*: a copy on another outlet's site that names the original reporter.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import paths

HOSTS = paths.DATA / "hosts.csv"
HOST_COLUMNS = ["host", "outlet", "kind", "accepted", "reason"]
KINDS = {"official", "news", "wire", "state_media", "research", "aggregator", "content_farm", "wiki", "blog",
         "staging", "redirect"}
# North Korea's own voice: its state agency's and foreign ministry's texts, read through a monitoring
# service, are the statements themselves.
OFFICIAL_REPORTERS = {"KCNA", "DPRK Ministry of Foreign Affairs"}
OFFICIAL, ORIGINAL, SYNDICATED = "official", "original", "syndicated"
TIERS = [OFFICIAL, ORIGINAL, SYNDICATED]
# The URL columns rows cite, and the publisher and reporter columns that go with each.
URL_COLUMNS = {"source_url": ("source_publisher", "source_reporter"),
               "first_test_source_url": ("first_test_source_publisher", "first_test_source_reporter"),
               "nk_experience_url": (None, None)}


@dataclass(frozen=True)
class Host:
    host: str
    outlet: str
    kind: str
    accepted: bool
    reason: str


def host_of(url: str) -> str:
    """The host part of a URL as written, port included (``www.trtworld.com:443`` is its own host)."""
    return urlsplit(url.strip()).netloc.lower()


@lru_cache(maxsize=4)
def _read(path: Path, stamp: tuple[int, int]) -> dict[str, Host]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != HOST_COLUMNS:
            raise ValueError(f"the header must be {','.join(HOST_COLUMNS)}")
        hosts = {}
        for line, row in enumerate(reader, start=2):
            if row["host"] in hosts:
                raise ValueError(f"line {line}: host {row['host']!r} is listed twice")
            if row["kind"] not in KINDS:
                raise ValueError(f"line {line}: kind must be one of {', '.join(sorted(KINDS))}, "
                                 f"got {row['kind']!r}")
            if row["accepted"] not in ("yes", "no"):
                raise ValueError(f"line {line}: accepted must be yes or no, got {row['accepted']!r}")
            hosts[row["host"]] = Host(row["host"], row["outlet"], row["kind"], row["accepted"] == "yes",
                                      row["reason"])
    return hosts


def hosts(path: Path = HOSTS) -> dict[str, Host]:
    """The reviewed hosts, by host name."""
    path = Path(path)
    stat = path.stat()
    return _read(path, (stat.st_mtime_ns, stat.st_size))


def tier(url: str, publisher: str, reporter: str, known: dict[str, Host] | None = None) -> str:
    """official, original or syndicated (see the module's docstring)."""
    known = hosts() if known is None else known
    host = known.get(host_of(url))
    if (host is not None and host.kind == "official") or reporter in OFFICIAL_REPORTERS:
        return OFFICIAL
    return ORIGINAL if reporter == publisher else SYNDICATED


def row_problems(row: dict[str, str], known: dict[str, Host]) -> list[tuple[str, str, str, str]]:
    """(column, value, rule, message) for each way a row breaks the source policy."""
    problems = []
    for url_column, (publisher_column, _) in URL_COLUMNS.items():
        url = row.get(url_column) or ""
        if not url:
            continue
        name = host_of(url)
        host = known.get(name)
        if host is None:
            problems.append((url_column, url, "host-unreviewed",
                             f"cites a page on {name}, a host data/hosts.csv does not list: review it there "
                             f"(its outlet, kind and whether it is accepted) before citing it"))
            continue
        if not host.accepted:
            problems.append((url_column, url, "host-not-accepted",
                             f"cites a page on {name}, which the source policy does not accept ({host.reason}); "
                             f"cite the original outlet or an official page, or leave the row out"))
        if publisher_column and row.get(publisher_column) and row[publisher_column] != host.outlet:
            problems.append((publisher_column, row[publisher_column], "publisher-host",
                             f"must name the outlet of {name} as data/hosts.csv does: {host.outlet!r} "
                             f"(who did the reporting goes in the reporter column)"))
    return problems
