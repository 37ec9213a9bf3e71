"""Check that the pages the dataset cites still answer: ``python -m helpers.build.linkcheck``
(``make linkcheck``), for a maintainer with a network.

Every distinct URL in the raw tables' URL columns is requested once, politely: a few at a time, one
at a time per host with a pause between, with a timeout and a user agent that names the project.
Redirects are not followed but recorded, so a moved page shows where it went. The report
(``build/linkcheck.csv`` and a summary on screen) lists each URL that is dead, moved, redirected or
slow, with the rows that cite it. It never changes data/raw/: a maintainer decides what to re-cite.

Without a network (no source host resolves) it says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .sources import URL_COLUMNS, host_of

USER_AGENT = "nk-diplomacy-linkcheck/1.0 (research dataset source check; one request per page)"
WORKERS = 4
PER_HOST_PAUSE = 1.0  # seconds between two requests to one host
OK, MOVED, REDIRECTED, DEAD, SLOW = "ok", "moved", "redirected", "dead", "slow"


@dataclass
class Result:
    url: str
    status: str
    code: int | None
    location: str
    detail: str


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the redirect instead of following it


_opener = urllib.request.build_opener(_NoRedirects)


class _Politeness:
    """One request at a time per host, with a pause between them."""

    def __init__(self, pause: float):
        self.pause, self.locks, self.last, self.guard = pause, {}, {}, threading.Lock()

    def slot(self, host: str):
        with self.guard:
            lock = self.locks.setdefault(host, threading.Lock())
        return _Slot(self, host, lock)


class _Slot:
    def __init__(self, owner: _Politeness, host: str, lock: threading.Lock):
        self.owner, self.host, self.lock = owner, host, lock

    def __enter__(self):
        self.lock.acquire()
        wait = self.owner.last.get(self.host, 0) + self.owner.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def __exit__(self, *exc):
        self.owner.last[self.host] = time.monotonic()
        self.lock.release()


def check_url(url: str, timeout: float) -> Result:
    """HEAD the page (GET where the server refuses HEAD) and classify the answer."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with _opener.open(request, timeout=timeout) as response:
                return Result(url, OK, response.status, "", "")
        except urllib.error.HTTPError as error:
            if error.code in (301, 308):
                return Result(url, MOVED, error.code, error.headers.get("Location", ""), "moved permanently")
            if error.code in (302, 303, 307):
                return Result(url, REDIRECTED, error.code, error.headers.get("Location", ""), "redirected")
            if error.code in (405, 501) and method == "HEAD":
                continue
            return Result(url, DEAD, error.code, "", error.reason if isinstance(error.reason, str) else "")
        except (TimeoutError, socket.timeout):
            return Result(url, SLOW, None, "", f"no answer within {timeout:g} s")
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                return Result(url, SLOW, None, "", f"no answer within {timeout:g} s")
            return Result(url, DEAD, None, "", str(error.reason))
        except (ConnectionError, OSError) as error:
            return Result(url, DEAD, None, "", str(error))
    return Result(url, DEAD, None, "", "no answer to HEAD or GET")


def cited_urls(package_path: Path) -> dict[str, list[str]]:
    """Each distinct URL the raw tables cite, with 'table line N column' for every citing cell."""
    package = json.loads(Path(package_path).read_text(encoding="utf-8"))
    cited: dict[str, list[str]] = {}
    for resource in package["resources"]:
        with open(Path(package_path).parent / resource["path"], newline="", encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                for column in URL_COLUMNS:
                    if row.get(column):
                        cited.setdefault(row[column].strip(), []).append(f"{resource['name']} line {line} {column}")
    return cited


def has_network(urls, timeout: float = 3.0) -> bool:
    """Whether any of the hosts resolves (a machine without a network resolves none)."""
    socket.setdefaulttimeout(timeout)
    try:
        for host in sorted({host_of(u).split(":")[0] for u in urls})[:20]:
            try:
                socket.getaddrinfo(host, None)
                return True
            except OSError:
                continue
        return False
    finally:
        socket.setdefaulttimeout(None)


def check(urls, timeout: float = 15.0, workers: int = WORKERS, pause: float = PER_HOST_PAUSE) -> list[Result]:
    polite = _Politeness(pause)

    def one(url):
        with polite.slot(host_of(url)):
            return check_url(url, timeout)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, sorted(urls)))


def write_report(results: list[Result], cited: dict[str, list[str]], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "linkcheck.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["status", "code", "url", "location", "detail", "cited_by"])
        for r in results:
            if r.status != OK:
                writer.writerow([r.status, r.code or "", r.url, r.location, r.detail, "; ".join(cited[r.url])])
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=paths.RAW_PACKAGE)
    parser.add_argument("--out", type=Path, default=paths.ROOT / "build")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for each page")
    parser.add_argument("--pause", type=float, default=PER_HOST_PAUSE, help="seconds between requests to one host")
    args = parser.parse_args(argv)
    cited = cited_urls(args.package)
    if not has_network(cited):
        print(f"No network: none of the source hosts resolves, so none of the {len(cited)} cited pages was "
              f"checked. Run make linkcheck on a machine with a network.")
        return 0
    print(f"Checking {len(cited)} distinct pages, {WORKERS} at a time ...", flush=True)
    results = check(cited, args.timeout, pause=args.pause)
    path = write_report(results, cited, args.out)
    counts = {s: sum(r.status == s for r in results) for s in (OK, MOVED, REDIRECTED, DEAD, SLOW)}
    print(", ".join(f"{n} {s}" for s, n in counts.items()) + f". Report: {path}")
    for r in results:
        if r.status != OK:
            where = f" -> {r.location}" if r.location else ""
            print(f"  {r.status:<10} {r.code or '':<4} {r.url}{where}  ({'; '.join(cited[r.url])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
