"""The US–North Korea diplomacy notebooks' library, and the tools around it.

Three rooms:

- ``helpers`` itself is what the notebooks use: ``helpers.load`` and ``helpers.data`` (the
  clean tables), ``timeline`` and ``periods`` (dates, the story's date, diplomatic periods),
  ``launches``, ``longview`` (notebook 10), ``claims`` and ``query`` (the claims' and expectations' safe selection language),
  ``staffing``, ``cns`` (the CNS missile database), ``charts``, ``theme``, ``display`` and
  ``findings`` (how charts, tables and findings show), and ``paths``;
- ``helpers.build`` is the data build: ``python -m helpers.build`` (``make data``);
- ``helpers.reports`` is the report tooling: ``python -m helpers.reports`` (``make reports``),
  its nbconvert exporter and template, and ``helpers.reports.pdf`` (``make pdf``).

Importing the package costs nothing: names are loaded when first used, so the build and the
report driver never pay for pandas or Altair they do not use. ``helpers.load`` (with
``helpers.fields``, ``helpers.table_names`` and the selections ``helpers.involving`` and
``helpers.between``), which every notebook calls first, also sets up the notebook display: the project's Altair theme, the chart renderer and table widths.
"""

from __future__ import annotations

from . import paths

_LOADERS = {"load", "fields", "table_names", "involving", "between"}

__all__ = ["between", "fields", "involving", "load", "paths", "table_names"]


def __getattr__(name: str):
    if name in _LOADERS:
        from . import data, display, theme  # noqa: F401 - display and theme set up the notebook on import

        return getattr(data, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
