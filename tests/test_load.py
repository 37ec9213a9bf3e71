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
