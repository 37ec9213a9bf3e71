"""Build the clean dataset: ``python -m helpers.build`` (what ``make data`` runs).

1. Validate every raw table against data/datapackage.json and the content rules
   (helpers.build.validate); on any problem, list them all (file, line, column, value, rule) and
   exit with status 1, leaving data/clean/ untouched.
2. Parse, derive and sort (helpers.build.clean), then write the new clean folder beside
   data/clean/, regenerate the coverage and dictionary in data/README.md from it (written whole),
   and swap it into data/clean/'s place in one step (helpers.atomic). A failed or interrupted
   build leaves the old dataset, complete; one killed after the swap has finished its work; the
   next build removes whatever an interrupted one left behind.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from .. import atomic, paths
from . import clean, sources
from .validate import Problem, validate_package

SHOWN_PROBLEMS = 200  # printed in full; the rest are counted


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


def build(raw_package_path: Path = paths.RAW_PACKAGE, clean_dir: Path = paths.CLEAN,
          readme: Path | None = None) -> dict[str, pd.DataFrame]:
    """Validate, clean and write; raises BuildError (writing nothing) when the raw data is wrong.
    With ``readme``, its generated dictionary section is rewritten from the new build."""
    problems = validate_package(raw_package_path)
    if problems:
        raise BuildError(problems)
    package, raw = read_raw(raw_package_path)
    try:
        tables = clean.clean_tables(raw, package, sources.hosts(Path(raw_package_path).parent / "hosts.csv"))
    except (KeyError, ValueError) as exc:
        raise BuildError([Problem(Path(raw_package_path).name, None, None, None, "derivation", str(exc))]) from exc
    clean_package = clean.clean_package(package)
    with atomic.staging_dir(Path(clean_dir)) as staging:
        for name, frame in tables.items():
            (staging / f"{name}.csv").write_text(to_csv_text(frame), encoding="utf-8", newline="")
        (staging / "datapackage.json").write_text(
            json.dumps(clean_package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if readme is not None:
            from .dictionary import rendered_readme

            atomic.write_text(readme, rendered_readme(Path(readme).read_text(encoding="utf-8"), clean_package, staging))
        atomic.replace_dir(staging, Path(clean_dir))
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=paths.RAW_PACKAGE, help="raw data package (datapackage.json)")
    parser.add_argument("--out", type=Path, default=paths.CLEAN, help="folder for the clean tables")
    parser.add_argument("--readme", type=Path, default=None,
                        help="README whose data dictionary to regenerate (default: data/README.md when --out is "
                             "the default)")
    args = parser.parse_args(argv)
    readme = args.readme or (paths.DATA / "README.md" if args.out == paths.CLEAN else None)
    try:
        tables = build(args.package, args.out, readme)
    except BuildError as exc:
        print(f"Build failed: {exc}. Nothing was written to {args.out}.", file=sys.stderr)
        for problem in exc.problems[:SHOWN_PROBLEMS]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > SHOWN_PROBLEMS:
            print(f"  ... and {len(exc.problems) - SHOWN_PROBLEMS} more problem(s) not shown "
                  f"({len(exc.problems)} in all).", file=sys.stderr)
        return 1
    summary = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    print(f"Built {args.out}: {summary} rows." + (f" Updated the data dictionary in {readme}." if readme else ""))
    return 0

