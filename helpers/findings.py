"""The one safe way to put text from the data into a notebook's findings.

Findings are Markdown, and Markdown passes raw HTML through: JupyterLab and the reports would
render a title holding ``<img onerror=...>`` or ``[x](javascript:...)`` as live HTML or a live
link. ``md`` makes any value plain text in Markdown and HTML alike:

- ``&``, ``<`` and ``>`` become HTML entities, so no tag or entity of the value's own survives;
- every other character Markdown or JupyterLab's math treats as syntax is backslash-escaped
  (CommonMark lets any ASCII punctuation be escaped), so no emphasis, link, image, heading,
  list, table, code or ``$math$`` can start inside a value;
- line breaks become spaces, so a value cannot open a block of its own.

Notebooks wrap every value from the data in ``md(...)`` inside their findings; numbers and
dates the code formats need nothing.
"""

from __future__ import annotations

import re

_SYNTAX = re.compile(r"""([\\`*_{}\[\]()#+\-.!|~:$="'^])""")
_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(value) -> str:
    """``value`` as literal text inside Markdown (or HTML)."""
    text = _BREAKS.sub(" ", str(value))
    text = _SYNTAX.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_list(values, separator: str = ", ") -> str:
    """Several values as literal text, joined."""
    return separator.join(md(value) for value in values)
