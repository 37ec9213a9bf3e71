"""Shared code of the US–North Korea diplomacy notebooks: paths, loading, the chart theme
and the computations more than one notebook needs.

Importing the package registers and enables the project's Altair theme and the
script-safe HTML renderer (helpers.display).
"""

from . import display, paths, theme
from .load import fields, load, table_names

__all__ = ["display", "fields", "load", "paths", "table_names", "theme"]
