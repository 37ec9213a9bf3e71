"""helpers.load returns the clean tables with the dtypes their schema names."""

import pandas as pd

import helpers
from helpers import paths


def test_every_clean_table_loads_with_schema_dtypes():
    for name in helpers.table_names():
        frame = helpers.load(name)
        assert len(frame) > 0, name
        for field in helpers.fields(name):
            dtype = frame[field["name"]].dtype
            kind = field["type"]
            if kind == "date":
                assert pd.api.types.is_datetime64_any_dtype(dtype), (name, field["name"])
            elif kind == "integer":
                assert str(dtype) == "Int64", (name, field["name"])
            elif field.get("constraints", {}).get("enum"):
                assert isinstance(dtype, pd.CategoricalDtype), (name, field["name"])


def test_load_names_the_fix_when_the_dataset_is_not_built(tmp_path):
    try:
        helpers.load("events", clean_dir=tmp_path)
    except FileNotFoundError as exc:
        assert "make data" in str(exc)
    else:
        raise AssertionError("expected FileNotFoundError")


def test_unknown_table_lists_the_known_ones():
    try:
        helpers.load("nope")
    except KeyError as exc:
        assert "events" in str(exc)
    else:
        raise AssertionError("expected KeyError")


def test_paths_are_derived_from_the_package_not_the_working_directory():
    assert (paths.ROOT / "helpers" / "paths.py").exists()
    assert paths.RAW == paths.ROOT / "data" / "raw"


def test_repeated_loads_are_independent_copies():
    first = helpers.load("events")
    first.loc[0, "title"] = "changed by a notebook"
    del first["description"]
    second = helpers.load("events")
    assert "description" in second
    assert second.loc[0, "title"] != "changed by a notebook"


def test_a_rebuilt_table_is_read_again(tmp_path):
    import os
    import shutil

    clean_dir = tmp_path / "clean"
    shutil.copytree(paths.CLEAN, clean_dir)
    before = helpers.load("claims", clean_dir)
    table = clean_dir / "claims.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:-1]), encoding="utf-8")  # as if a row were dropped and rebuilt
    stat = table.stat()
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert len(helpers.load("claims", clean_dir)) == len(before) - 1


def test_involving_and_between_select_a_countrys_events_in_a_span():
    import pandas as pd

    import helpers

    frame = pd.DataFrame({"actors": ["USA;PRK", "PRK;RUS", "RUS", "KOR;PRK;RUS"],
                          "date": pd.to_datetime(["2025-01-05", "2025-03-01", "2024-12-31", "2025-12-31"])})
    assert list(helpers.involving(frame, "RUS").index) == [1, 2, 3]
    assert list(helpers.involving(frame, "PRK", "RUS").index) == [1, 3]
    assert list(helpers.between(helpers.involving(frame, "RUS"), "2025-01-01", "2025-12-31").index) == [1, 3]
