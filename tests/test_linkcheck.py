"""make linkcheck: each cited page is requested once and classified, against a local server that
serves good, moved, redirected, missing, slow and HEAD-refusing pages; data/raw/ is never changed;
without a network it says so and exits cleanly."""

import csv
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers.build import linkcheck

SLOW_SECONDS = 2.0


class Pages(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def log_message(self, *args):
        pass

    def answer(self, with_body: bool):
        Pages.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/good")
        elif self.path == "/temporary":
            self.send_response(302)
            self.send_header("Location", "/good")
        elif self.path == "/missing":
            self.send_response(404)
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Pages.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def small_package(folder, urls):
    """A one-table data package whose rows cite ``urls``."""
    (folder / "raw").mkdir(parents=True)
    with open(folder / "raw" / "events.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["event_id", "source_url"])
        for i, url in enumerate(urls):
            writer.writerow([f"e{i}", url])
    package = {"resources": [{"name": "events", "path": "raw/events.csv"}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return folder / "datapackage.json"


def test_each_page_is_classified_and_listed_with_the_rows_citing_it(server, tmp_path, capsys):
    pages = ["/good", "/moved", "/temporary", "/missing", "/slow", "/no-head"]
    package = small_package(tmp_path / "data", [server + p for p in pages] + [server + "/good"])
    raw_before = (tmp_path / "data" / "raw" / "events.csv").read_bytes()

    status = linkcheck.main(["--package", str(package), "--out", str(tmp_path / "out"),
                             "--timeout", "0.5", "--pause", "0"])

    assert status == 0
    with open(tmp_path / "out" / "linkcheck.csv", newline="", encoding="utf-8") as f:
        report = {row["url"].removeprefix(server): row for row in csv.DictReader(f)}
    assert set(report) == {"/moved", "/temporary", "/missing", "/slow"}  # good pages are not listed
    assert report["/moved"]["status"] == "moved" and report["/moved"]["location"] == "/good"
    assert report["/temporary"]["status"] == "redirected"
    assert report["/missing"]["status"] == "dead" and report["/missing"]["code"] == "404"
    assert report["/slow"]["status"] == "slow"
    assert report["/missing"]["cited_by"] == "events line 5 source_url"
    # One request per distinct page (the repeated /good too), GET only where HEAD is refused, and a
    # user agent that names the project; redirects are reported, not followed.
    requests = [(method, path) for method, path, _ in Pages.seen]
    assert requests.count(("HEAD", "/good")) == 1
    assert ("GET", "/no-head") in requests and ("GET", "/good") not in requests
    assert all(agent == linkcheck.USER_AGENT for _, _, agent in Pages.seen)
    assert (tmp_path / "data" / "raw" / "events.csv").read_bytes() == raw_before
    assert "1 moved, 1 redirected, 1 dead, 1 slow" in capsys.readouterr().out


def test_requests_to_one_host_are_spaced(server, tmp_path):
    package = small_package(tmp_path / "data", [server + f"/good?{i}" for i in range(3)])
    started = time.monotonic()
    linkcheck.main(["--package", str(package), "--out", str(tmp_path / "out"), "--pause", "0.3"])
    assert time.monotonic() - started >= 0.6


def test_without_a_network_it_says_so_and_checks_nothing(tmp_path, capsys):
    package = small_package(tmp_path / "data", ["https://news.example.invalid/a", "https://wire.example.invalid/b"])
    status = linkcheck.main(["--package", str(package), "--out", str(tmp_path / "out")])
    assert status == 0
    assert "No network" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()
