"""The source policy (data/README.md, "Source policy"; helpers.build.sources): every cited host is
reviewed in data/hosts.csv and accepted, publishers are the host's outlet, every row names who
reported it, and the rows that decide a verdict, and every summit row, cite an official or original
source."""

import csv

import pytest

import helpers
from helpers import claims, paths
from helpers.build import sources
from rawedit import set_cell
from test_build import run_build, snapshot

# (column, value, rule): one broken citation each, on line 2 of events.csv
BROKEN_CITATIONS = [
    ("source_url", "https://en.wikipedia.org/wiki/2018_North_Korea%E2%80%93United_States_Singapore_Summit",
     "host-not-accepted"),
    ("source_url", "https://tingchao.xyz/index.php?p=1", "host-not-accepted"),
    ("source_url", "https://www.trtworld.com:443/article/1", "host-not-accepted"),
    ("source_url", "https://news.example.org/a-page-nobody-reviewed", "host-unreviewed"),
    ("source_publisher", "The Korea Herald (via somewhere)", "publisher-host"),
]


@pytest.mark.parametrize("column, value, rule", BROKEN_CITATIONS, ids=[r for _, _, r in BROKEN_CITATIONS])
def test_a_citation_outside_the_policy_fails_the_build_with_its_location(data_copy, capsys, column, value, rule):
    before = snapshot(data_copy / "clean")
    set_cell(data_copy / "raw" / "events.csv", 2, column, value)
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert any(f"raw/events.csv, line 2, column '{column}'" in line and f"[{rule}]" in line
               for line in out.err.splitlines()), out.err
    assert snapshot(data_copy / "clean") == before


def test_an_unreadable_hosts_list_fails_the_build_in_words(data_copy, capsys):
    with open(data_copy / "hosts.csv", "a", encoding="utf-8") as f:
        f.write("www.example-wire.com,Example Wire,wire,maybe,\n")
    status, out = run_build(data_copy, capsys)
    assert status == 1
    assert "accepted must be yes or no" in out.err


def test_the_hosts_list_covers_every_cited_host_once():
    with open(sources.HOSTS, newline="", encoding="utf-8") as f:
        listed = [row["host"] for row in csv.DictReader(f)]
    assert len(listed) == len(set(listed))
    cited = {sources.host_of(url) for name in helpers.table_names()
             for url in helpers.load(name)["source_url"].dropna()}
    assert cited <= set(listed)
    refused = {h for h, host in sources.hosts().items() if not host.accepted}
    assert not cited & refused
    # Wikipedia, its mirrors and staging hosts are refused, whatever the review says of the rest.
    for host in ("en.wikipedia.org", "review.clateway.com", "dev-v4.freemalaysiatoday.com",
                 "digital-stage.thehill.com", "nwww.koreaherald.com", "www.trtworld.com:443", "menafn.com"):
        assert host in refused


def test_every_row_names_who_reported_it_and_its_tier():
    for name in helpers.table_names():
        frame = helpers.load(name)
        assert frame["source_reporter"].notna().all(), name
        assert not frame["source_reporter"].str.contains(r"UNKNOWN|agencies|wire (copy|report)|\(via |citing|syndicated|not shown", regex=True).any(), name
        assert frame["source_tier"].notna().all(), name
        assert (frame["source_publisher"] == frame["source_url"].map(
            lambda u: sources.hosts()[sources.host_of(u)].outlet)).all(), name


def test_tiers_follow_host_and_reporter():
    known = sources.hosts()
    assert sources.tier("https://www.defense.gov/x", "US Department of Defense", "US Department of Defense",
                        known) == "official"
    assert sources.tier("https://kcnawatch.org/x", "KCNA Watch", "KCNA", known) == "official"
    assert sources.tier("https://en.yna.co.kr/x", "Yonhap", "Yonhap", known) == "original"
    assert sources.tier("https://www.whec.com/x", "WHEC", "AP", known) == "syndicated"


def _deciding_rows():
    tables = {n: helpers.load(n) for n in claims.ID_COLUMNS}
    claim_rows, expectation_rows = helpers.load("claims"), helpers.load("expectations")
    story = claims.story_sources(claim_rows, expectation_rows, tables["events"])
    found = []
    for rows, verdicts, key in ((claim_rows, claims.evaluate(claim_rows, tables, story), "claim_id"),
                                (expectation_rows, claims.evaluate_expectations(expectation_rows, tables, story),
                                 "expectation_id")):
        table_of = dict(zip(rows[key], rows["evidence_table"].astype(str)))
        for verdict in verdicts.itertuples():
            table = table_of[getattr(verdict, key)]
            for ids in (verdict.deciding_rows, verdict.disputing_rows):
                for row_id in filter(None, str(ids).split(", ")):
                    frame = tables[table]
                    found.extend((getattr(verdict, key), table, row_id, tier)
                                 for tier in frame.loc[frame[claims.ID_COLUMNS[table]] == row_id, "source_tier"])
    return found


def test_rows_that_decide_a_verdict_cite_an_official_or_original_source():
    deciding = _deciding_rows()
    assert deciding
    weak = [row for row in deciding if row[3] == sources.SYNDICATED]
    assert not weak, weak


def test_every_summit_row_cites_an_official_or_original_source():
    summits = helpers.load("summits")
    weak = summits.loc[summits["source_tier"] == sources.SYNDICATED, ["summit_id", "source_publisher"]]
    assert weak.empty, weak.to_string()
