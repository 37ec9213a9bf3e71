"""Build the clean dataset: ``python -m helpers.build`` (what ``make data`` runs).

1. Validate every raw table against data/datapackage.json; on any problem, list them all
   (file, line, column, value, rule) and exit with status 1, leaving data/clean/ untouched.
2. Parse, derive and sort (helpers.clean), then write data/clean/ as a whole: the new
   files are written to a temporary folder beside it and swapped in by renaming, so a
   failed or interrupted build never leaves a half-written dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from . import clean, paths
from .validate import Problem, validate_package


class BuildError(Exception):
    """The raw data cannot be built; ``problems`` lists why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        files = len({p.file for p in problems})
        super().__init__(f"{len(problems)} problem(s) in {files} file(s)")


def read_raw(raw_package_path: Path) -> tuple[dict, dict[str, pd.DataFrame]]:
    package = json.loads(Path(raw_package_path).read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        frame = pd.read_csv(Path(raw_package_path).parent / resource["path"], dtype=str,
                            keep_default_na=False, encoding="utf-8")
        tables[resource["name"]] = clean.parse(frame, resource["schema"]["fields"])
    return package, tables


def to_csv_text(frame: pd.DataFrame) -> str:
    """The one CSV format of data/clean/: ISO dates, lower-case booleans, '\\n' line ends."""
    out = frame.copy()
    for name in out.columns:
        if str(out[name].dtype) == "boolean":
            out[name] = out[name].map({True: "true", False: "false"}).astype("string")
    return out.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def build(raw_package_path: Path = paths.RAW_PACKAGE, clean_dir: Path = paths.CLEAN) -> dict[str, pd.DataFrame]:
    """Validate, clean and write; raises BuildError (writing nothing) when the raw data is wrong."""
    problems = validate_package(raw_package_path)
    if problems:
        raise BuildError(problems)
    package, raw = read_raw(raw_package_path)
    try:
        tables = clean.clean_tables(raw, package)
    except (KeyError, ValueError) as exc:
        raise BuildError([Problem(Path(raw_package_path).name, None, None, None, "derivation", str(exc))]) from exc
    _write_atomically(tables, clean.clean_package(package), Path(clean_dir))
    return tables


def _write_atomically(tables: dict[str, pd.DataFrame], package: dict, clean_dir: Path) -> None:
    clean_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".clean-new-", dir=clean_dir.parent))
    try:
        for name, frame in tables.items():
            (staging / f"{name}.csv").write_text(to_csv_text(frame), encoding="utf-8", newline="")
        (staging / "datapackage.json").write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        retired = None
        if clean_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=".clean-old-", dir=clean_dir.parent))
            os.rename(clean_dir, retired / "clean")
        os.rename(staging, clean_dir)
        if retired:
            shutil.rmtree(retired)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=paths.RAW_PACKAGE, help="raw data package (datapackage.json)")
    parser.add_argument("--out", type=Path, default=paths.CLEAN, help="folder for the clean tables")
    args = parser.parse_args(argv)
    try:
        tables = build(args.package, args.out)
    except BuildError as exc:
        print(f"Build failed: {exc}. Nothing was written to {args.out}.", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    print(f"Built {args.out}: {summary} rows.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
