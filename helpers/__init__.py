"""Shared code of the US–North Korea diplomacy notebooks: paths, loading, the chart theme
and the computations more than one notebook needs.

Importing the package registers and enables the project's Altair theme.
"""

from . import paths, theme
from .load import fields, load, table_names

__all__ = ["fields", "load", "paths", "table_names", "theme"]
