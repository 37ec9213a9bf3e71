"""The project's report exporter for nbconvert, registered as ``nk_report``.

One way to render a report, reached three ways: ``make reports`` (helpers.reports),
``jupyter nbconvert --to nk_report notebooks/01-….ipynb``, and JupyterLab's
File › Save and Export Notebook As › Nk_report. Each gives the same page:

- self-contained: Vega, Vega-Lite and vega-embed are inlined once, gzip-compressed and base64-
  encoded (a third of their 0.9 MB), and unpacked by the browser's DecompressionStream, so charts
  draw offline; nothing is loaded from a CDN (no require.js, MathJax or Mermaid either);
- code hidden: readers see the question, the findings, the charts and the tables;
- findings up front: after the question, "Key findings" repeats the first computed sentence of
  each findings output; at the end, "About this report" gives the dataset's end date and how to
  cite it (from CITATION.cff);
- deterministic: chart specs sit in ``<script type="application/vnd.vegalite.v5+json">``
  elements in the order they appear, and one script at the end of the page draws them, so a
  page holds no random id and two exports of the same notebook are byte-identical.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from traitlets import default

from .. import paths
from . import notebook_title

TEMPLATES = Path(__file__).parent / "templates"
VEGALITE_MIMETYPE = "application/vnd.vegalite.v5+json"
BUNDLE_MARKER = "VEGA-BUNDLE-GZIP-BASE64"


def script_json(value) -> str:
    """JSON that can sit inside an HTML <script> element whatever strings it holds: ``<``,
    ``>`` and ``&`` become unicode escapes, so no data string can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def packed_bundle() -> str:
    """``vega_bundle`` gzip-compressed (with a fixed timestamp, so pages stay byte-identical)
    and base64-encoded, for a ``<script type="application/gzip">`` element."""
    import base64
    import gzip

    return base64.b64encode(gzip.compress(vega_bundle().encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, in the Vega-Lite version Altair writes.

    Building the bundle takes seconds, so it is cached in the environment's share folder,
    keyed by the Altair and vl-convert versions that determine it."""
    import sys
    from importlib.metadata import version

    altair_version, vlc_version = version("altair"), version("vl-convert-python")
    cache = Path(sys.prefix) / "share" / "nk-diplomacy" / f"vega-{altair_version}-{vlc_version}.js"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    import altair as alt
    import vl_convert as vlc

    bundle = vlc.javascript_bundle(vl_version=".".join(alt.VEGALITE_VERSION.split(".")[:2]))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(bundle, encoding="utf-8")
    except OSError:
        pass  # a read-only environment just rebuilds it next time
    return bundle


class ReportExporter(HTMLExporter):
    """A self-contained, code-hidden HTML report of an executed notebook."""

    export_from_notebook = "Report (offline HTML)"

    @default("template_name")
    def _template_name_default(self):
        return "nk_report"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @property
    def default_config(self):
        config = super().default_config
        priority = list(config.NbConvertBase.display_data_priority)
        config.NbConvertBase.display_data_priority = [VEGALITE_MIMETYPE] + priority
        return config

    def default_filters(self):
        yield from super().default_filters()
        yield ("script_json", script_json)

    def from_notebook_node(self, nb, resources=None, **kw):
        import copy

        resources = self._init_resources(resources)
        resources["vega_bundle_marker"] = BUNDLE_MARKER
        name = resources.get("metadata", {}).get("name") or "report"
        nb = copy.deepcopy(nb)
        nb.metadata["title"] = notebook_title(nb) or name
        if nb.cells:
            nb.cells = nb.cells[:1] + key_findings(nb) + nb.cells[1:] + [about_this_report()]
        body, resources = super().from_notebook_node(nb, resources, **kw)
        # A traceback or warning may name a file on this machine; the report should not.
        body = body.replace(str(paths.ROOT) + "/", "").replace(str(paths.ROOT), ".")
        # The bundle goes in last: nbconvert parses its whole output once more, and the
        # bundle is nine tenths of the page. The marker's first occurrence is the template's.
        return body.replace(BUNDLE_MARKER, packed_bundle(), 1), resources


def key_findings(notebook) -> list:
    """A "Key findings" cell: the first sentence-line of each computed findings output (already
    escaped by helpers.findings), in the notebook's order; none if the notebook has no findings."""
    from nbformat.v4 import new_markdown_cell

    lines = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = output.get("data", {}).get("text/markdown", "").strip()
            if text:
                lines.append("- " + re.sub(r"^[-*+]\s+", "", text.splitlines()[0]).strip())
    # Fixed ids: nbformat's random ones would make two exports of the same notebook differ.
    return [new_markdown_cell("## Key findings\n\n" + "\n".join(lines), id="key-findings")] if lines else []


@lru_cache(maxsize=1)
def about_this_report():
    """The end matter of every report: the dataset's end date and how to cite it (CITATION.cff)."""
    import yaml
    from nbformat.v4 import new_markdown_cell

    from ..data import data_end_date

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                        for a in cff.get("authors", []))
    return new_markdown_cell(
        "## About this report\n\n"
        f"- **Data to:** {data_end_date():%-d %B %Y}, the dataset's latest event, launch or estimate; stored reporting "
        "stops in late May 2026. Every row names the public page it was checked against.\n"
        f"- **Cite as:** {authors}, *{cff['title']}*, version {cff['version']} ({cff['date-released']}). "
        f"Data licence {cff.get('license', 'CC-BY-4.0')}; code MIT.", id="about-this-report")
