"""make explore: the clean tables as a SQLite database served by Datasette on loopback, searched,
faceted and read row by row in a real browser, with every source a link to its page."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pandas as pd
import pytest

from helpers import paths
from helpers.build import explore
from web import Watched, free_port, needs_browser, wait_until_up


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explore")
    return explore.build(paths.CLEAN, folder / "nk-diplomacy.db", folder / "metadata.json"), folder / "metadata.json"


def test_every_clean_table_is_in_the_database_with_keys_and_search(database):
    db, metadata = database
    package = json.loads(paths.CLEAN_PACKAGE.read_text(encoding="utf-8"))
    with sqlite3.connect(db) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
        for resource in package["resources"]:
            assert resource["name"] in tables
            count = connection.execute(f"select count(*) from [{resource['name']}]").fetchone()[0]
            assert count == len(pd.read_csv(paths.CLEAN / resource["path"], dtype=str, keep_default_na=False))
        keys = connection.execute("select * from pragma_foreign_key_list('negotiations')").fetchall()
        assert any(k[2] == "events" and k[3] == "event_id" for k in keys)
        found = connection.execute("select count(*) from events_fts where events_fts match 'Stockholm'").fetchone()[0]
        assert found >= 1
    meta = json.loads(metadata.read_text(encoding="utf-8"))
    events = meta["databases"]["nk-diplomacy"]["tables"]["events"]
    assert events["facets"] == ["category", "actors", "year"]
    assert events["columns"]["source_url"].startswith("Address of the public page")
    assert meta["license"].startswith("CC BY 4.0")


@pytest.fixture(scope="module")
def datasette(database):
    db, metadata = database
    port = free_port()
    server = subprocess.Popen(explore.serve_command(db, metadata, port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/-/versions.json", server, lambda: "Datasette did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=15)


@needs_browser
def test_a_reader_searches_facets_opens_a_row_and_finds_its_source(browser, datasette):
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.page
    try:
        page.goto(f"{datasette}/nk-diplomacy/events?_search=Stockholm", wait_until="domcontentloaded")
        assert page.locator("table.rows-and-columns tbody tr").count() >= 1
        facet = page.locator(".facet-info[data-column='category'] li a").first
        facet.click()
        page.wait_for_load_state("domcontentloaded")
        assert "category=" in page.url
        page.locator("table.rows-and-columns tbody tr td a").first.click()  # the row's own page
        page.wait_for_load_state("domcontentloaded")
        link = page.locator("td.col-source_url a[href^='https://'], td.col-source_url a[href^='http://']").first
        assert link.count() == 1 and link.get_attribute("href").startswith("http")
        assert watched.blocked == []
    finally:
        watched.close()
