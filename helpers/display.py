"""Display settings every notebook shares, applied on import: tables show whole sentences,
and Altair's HTML output is safe for text that comes from the data.

Altair writes each chart's spec, data included, as JSON inside a ``<script>`` element. A
value holding ``</script>`` would end that element early and let the rest of the string run
as HTML (an ``<img onerror=...>``, say), in JupyterLab and in the exported reports alike.
Escaping ``<``, ``>`` and ``&`` as JSON unicode escapes keeps the JSON identical in meaning
while no data string can close the script.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd


class ScriptSafeJSONEncoder(json.JSONEncoder):
    """JSON that can sit inside an HTML <script> element whatever strings it holds."""

    def encode(self, o) -> str:
        return super().encode(o).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def enable() -> None:
    alt.renderers.enable("default", json_kwds={"cls": ScriptSafeJSONEncoder})
    # Descriptions and titles are sentences; pandas would cut them at 50 characters.
    pd.set_option("display.max_colwidth", 400)


enable()
