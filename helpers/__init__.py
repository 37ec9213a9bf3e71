"""Shared code of the US–North Korea diplomacy notebooks: paths, loading, the chart theme
and the computations more than one notebook needs.

Importing the package registers and enables the project's Altair theme and the
script-safe HTML renderer (helpers.display), and sets pandas to show whole sentences.

The command-line tools (``python -m helpers.build``, ``helpers.reports``, ...) skip that
set-up: they draw nothing, and ``make reports`` starts its first kernels about a second
sooner without Altair and pandas to import first. Python imports this package before it
runs such a tool, and while it does, ``sys.argv[0]`` is ``"-m"`` (documented with the
interpreter's ``-m`` option); the tools import what they use themselves.
"""

import sys

from . import paths

if sys.argv[:1] != ["-m"]:
    from . import display, theme
    from .load import fields, load, table_names

__all__ = ["display", "fields", "load", "paths", "table_names", "theme"]
