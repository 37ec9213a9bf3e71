"""The documentation stays true to the data: the dictionary and coverage in data/README.md are
what the clean data package and tables say now."""

import json

from helpers import paths
from helpers.build import dictionary


def test_data_readme_dictionary_matches_the_clean_package():
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    package = json.loads(paths.CLEAN_PACKAGE.read_text(encoding="utf-8"))
    assert readme == dictionary.rendered_readme(readme, package), "run `make data` to refresh data/README.md"


def test_every_clean_column_is_documented():
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    package = json.loads(paths.CLEAN_PACKAGE.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        section = readme.split(f"### `{resource['name']}`", 1)[1].split("\n### ", 1)[0]
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in section, (resource["name"], field["name"])
            assert field.get("description"), (resource["name"], field["name"])


def test_data_readme_reconciliation_table_matches_the_shared_cns_copy():
    import re

    import pytest

    import helpers
    from helpers import cns

    shared = paths.ROOT.parent / "shared" / "external" / "cns" / "north_korea_missile_test_database.csv"
    if not shared.exists():
        pytest.skip(f"the shared CNS export copy is not at {shared}")
    mapping = cns.cns_launch_events(cns.read_cns(shared))
    years = cns.yearly_comparison(helpers.load("launches"), mapping.events, "2017-01-01", mapping.events["date"].max())
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- reconciliation:begin", 1)[1].split("<!-- reconciliation:end", 1)[0]
    documented = [[int(n) for n in re.findall(r"\| (\d+)", line)[1:]]
                  for line in block.splitlines() if re.match(r"\| \d{4}", line)]
    computed = years[["ours_events", "ours_missiles", "ours_unknown_counts", "cns_events", "cns_missiles"]]
    assert documented == computed.values.tolist()
