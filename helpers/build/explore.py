"""Explore the dataset without code: ``python -m helpers.build.explore`` (``make explore``).

Builds ``build/nk-diplomacy.db``, a SQLite database of every clean table (sqlite-utils: typed columns,
primary and foreign keys, full-text search over the columns people search) and Datasette's metadata
(title, licence, source, and each table's and column's description from the data package, with
facets preset), then serves it with Datasette on 127.0.0.1. The database is a build output: it is
rebuilt when the clean data is newer, and git ignores it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import paths

DATABASE = paths.ROOT / "build" / "nk-diplomacy.db"
METADATA = paths.ROOT / "build" / "nk-diplomacy-metadata.json"
TYPES = {"integer": int, "number": float, "boolean": int, "date": str, "string": str}
# The text columns people search, per table.
SEARCH = {
    "events": ["title", "description", "location"],
    "negotiations": ["name", "produced", "us_head", "dprk_head", "place"],
    "launches": ["system", "description"],
    "summits": ["counterpart", "city", "outcome"],
    "people": ["person", "post", "nk_experience"],
    "estimates": ["estimator", "statement"],
    "claims": ["claim", "rationale"],
    "expectations": ["expectation", "rationale"],
    "inter_korean_acts": ["act", "target"],
    "russia_flows": ["what", "reported_by"],
}
FACETS = {
    "events": ["category", "actors", "year"],
    "launches": ["missile_class", "year", "outcome"],
    "negotiations": ["era", "level", "format"],
    "summits": ["country", "year"],
    "people": ["administration", "post"],
    "estimates": ["quantity", "estimator_country"],
    "inter_korean_acts": ["side", "stance"],
}


def _rows(frame, fields):
    kinds = {f["name"]: f["type"] for f in fields}
    for record in frame.to_dict("records"):
        yield {name: (None if value == "" else
                      int(value in ("true", "True")) if kinds.get(name) == "boolean" else
                      TYPES.get(kinds.get(name, "string"), str)(value))
               for name, value in record.items()}


def build(clean_dir: Path = paths.CLEAN, database: Path = DATABASE, metadata: Path = METADATA) -> Path:
    """Write the database and its Datasette metadata from ``clean_dir``; returns the database's path."""
    import pandas as pd
    import sqlite_utils

    package = json.loads((Path(clean_dir) / "datapackage.json").read_text(encoding="utf-8"))
    raw_package = json.loads(paths.RAW_PACKAGE.read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in raw_package["resources"]}
    database.parent.mkdir(parents=True, exist_ok=True)
    staging = database.with_suffix(".db.tmp")
    staging.unlink(missing_ok=True)
    db = sqlite_utils.Database(staging)
    tables_meta = {}
    for resource in package["resources"]:
        name, fields = resource["name"], resource["schema"]["fields"]
        frame = pd.read_csv(Path(clean_dir) / resource["path"], dtype=str, keep_default_na=False)
        primary = resource["schema"].get("primaryKey")
        columns = {f["name"]: TYPES.get(f["type"], str) for f in fields}
        table = db[name]
        table.create(columns, pk=primary if isinstance(primary, str) or not primary or len(primary) > 1 else primary[0])
        table.insert_all(_rows(frame, fields))
        if name in SEARCH:
            table.enable_fts([c for c in SEARCH[name] if c in columns], create_triggers=False)
        tables_meta[name] = {
            "title": resource.get("title", name), "description": resource.get("description", ""),
            "columns": {f["name"]: f.get("description", "") for f in fields},
            **({"facets": [c for c in FACETS[name] if c in columns]} if name in FACETS else {}),
            **({"fts_table": f"{name}_fts"} if name in SEARCH else {}),
        }
    for name, foreign in keys.items():
        for key in foreign:
            fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
            other = key["reference"]["fields"]
            other = other if isinstance(other, list) else [other]
            if len(fields) == 1:
                db[name].add_foreign_key(fields[0], key["reference"]["resource"], other[0], ignore=True)
    db.index_foreign_keys()
    db.close()
    staging.replace(database)
    meta = {
        "title": package.get("title", "US–North Korea diplomacy"),
        "description": "The collection's sourced dataset: every row names the page it was checked against "
                       "(source_url). Search a table, facet it, open a row, and follow its source link.",
        "license": "CC BY 4.0 (data); the facts belong to the sources each row cites",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "Hand-curated from public pages; see data/README.md for the source policy and known gaps",
        "databases": {database.stem: {"tables": tables_meta}},
    }
    metadata.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return database


def stale(clean_dir: Path = paths.CLEAN, database: Path = DATABASE) -> bool:
    newest = max(p.stat().st_mtime for p in Path(clean_dir).iterdir())
    return not database.exists() or database.stat().st_mtime < newest


def serve_command(database: Path = DATABASE, metadata: Path = METADATA, port: int = 8001) -> list[str]:
    """Datasette on loopback only, with the metadata, and no telemetry or update checks."""
    return [sys.executable, "-m", "datasette", "serve", str(database), "--metadata", str(metadata),
            "--host", "127.0.0.1", "--port", str(port), "--setting", "default_page_size", "50"]


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--build-only", action="store_true", help="build the database and stop")
    args = parser.parse_args(argv)
    if stale():
        print(f"Building {DATABASE.relative_to(paths.ROOT)} from data/clean/ ...", flush=True)
        build()
    if args.build_only:
        return 0
    print(f"Datasette on http://127.0.0.1:{args.port}/ (Ctrl+C to stop)", flush=True)
    command = serve_command(port=args.port)
    os.execv(command[0], command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
