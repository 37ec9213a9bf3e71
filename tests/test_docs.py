"""The documentation stays true to the data: the dictionary and coverage in data/README.md are
what the clean data package and tables say now."""

import json

from helpers import dictionary, paths


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
