"""Display settings every notebook shares, applied on import.

Charts are written as Vega-Lite 5 JSON, not as HTML with scripts. JupyterLab, Jupyter
Notebook 7 and VS Code draw that output with their built-in Vega renderer, which is
registered as safe: it draws in an untrusted notebook, loads nothing from the network, and
treats every string in the spec as data (tooltips escape it). The output carries no random
id, so rerunning a notebook on unchanged data reproduces its file byte for byte.

Each chart output also carries a PNG of the chart, drawn by vl-convert in the kernel, for two
reasons. JupyterLab's renderer adds a PNG snapshot to every Vega output that lacks one, which
would make an opened notebook differ from the committed file on its next save; and viewers
without a Vega renderer (GitHub, nbviewer, plain-text tools) show the picture instead.
SVG rather than canvas keeps charts sharp in print and their marks inspectable by the tests.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os

import altair as alt
import pandas as pd

VEGALITE_MIMETYPE = "application/vnd.vegalite.v5+json"
RENDERER = "nk_diplomacy"
EMBED_OPTIONS = {"renderer": "svg"}


# `make reports` sets this to "0" for its kernels: a report draws the spec, so the PNG (a third of
# a kernel's time) would be thrown away. Notebooks saved by JupyterLab or `make notebooks` keep it.
PNG_SWITCH = "NK_CHART_PNG"


PNG_SCALE = 0.8


def chart_bundle(spec: dict, **metadata) -> tuple[dict, dict]:
    """The display data of one chart: its Vega-Lite spec, a PNG of it, and a line of text.

    A chart without a ``description`` gets one from its title and subtitle, which state what it
    shows; Vega gives it to screen readers as the chart's accessible name."""
    heading = spec.get("title")
    title = heading.get("text") if isinstance(heading, dict) else heading
    subtitle = heading.get("subtitle") if isinstance(heading, dict) else None
    if "description" not in spec and isinstance(title, str):
        spec = {**spec, "description": f"{title}. {subtitle}" if isinstance(subtitle, str) else title}
    data = {VEGALITE_MIMETYPE: spec, "text/plain": f"<Chart: {title}>" if isinstance(title, str) else "<Chart>"}
    if os.environ.get(PNG_SWITCH, "1") != "0":
        import vl_convert as vlc

        # A preview for viewers that cannot run Vega (GitHub, nbviewer); at 0.8 of full size it is
        # sharp enough there and keeps each notebook under its size budget (tests/test_notebooks.py).
        png = vlc.vegalite_to_png(spec, vl_version=".".join(alt.VEGALITE_VERSION.split(".")[:2]), scale=PNG_SCALE)
        data["image/png"] = base64.b64encode(png).decode("ascii")
    return data, {VEGALITE_MIMETYPE: {"embed_options": {**EMBED_OPTIONS, **metadata.get("embed_options", {})}}}


alt.renderers.register(RENDERER, chart_bundle)


class Table:
    """A table for readers: headers in words (the schema's titles for a table's columns, or names
    given), no index column, dates as dates, booleans as yes and no, missing values as a dash,
    numbers with thousands separators, and every cell's text escaped (a Styler, unlike a plain
    frame, would pass HTML). Its HTML id comes from its content and its text form is the frame's,
    not Styler's random id and memory address, so a rerun reproduces the output."""

    def __init__(self, frame: pd.DataFrame, headers: dict[str, str] | None = None, schema: str | None = None,
                 links: dict[str, str] | None = None):
        frame = frame.reset_index(drop=True).copy()
        links = {column: url for column, url in (links or {}).items() if column in frame and url in frame}
        urls = {column: frame.pop(url) for column, url in links.items()}
        for name in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[name]):
                frame[name] = frame[name].dt.strftime("%-d %B %Y")
            elif pd.api.types.is_integer_dtype(frame[name]) and "year" in str(name).lower():
                frame[name] = frame[name].astype("string")  # a year is a label, not an amount: no "2,017"
            elif pd.api.types.is_bool_dtype(frame[name]):
                frame[name] = frame[name].map({True: "yes", False: "no"})
        titles = {}
        if schema:
            from .data import fields

            titles = {f["name"]: f.get("title", f["name"]) for f in fields(schema)}
        titles.update(headers or {})
        linked = frame.copy()
        for column, url in urls.items():
            linked[column] = [_link(text, address) for text, address in zip(frame[column], url)]
        frame = frame.rename(columns={c: titles.get(c, c) for c in frame.columns})
        linked = linked.rename(columns={c: titles.get(c, c) for c in linked.columns})
        self.frame = frame
        uuid = hashlib.sha1(linked.to_csv().encode("utf-8")).hexdigest()[:10]
        from pandas.io.formats.style import Styler  # jinja2 loads only when a table is shown

        # No per-cell ids: nothing styles single cells, and they cost a third of a table's bytes.
        shown = [titles.get(c, c) for c in urls]
        plain = [c for c in linked.columns if c not in shown]
        self.styler = (Styler(linked, uuid=uuid, cell_ids=False).hide(axis="index")
                       .format(escape="html", na_rep="–", thousands=",", subset=plain))
        if shown:  # already escaped by _link, with the address checked
            self.styler = self.styler.format(na_rep="–", subset=shown)

    def _repr_html_(self) -> str:
        # Class and id attributes on every cell style nothing here and cost a sixth of a table's bytes.
        return self.styler.to_html(exclude_styles=True)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def _link(text, address) -> str:
    """The cell's text, escaped, as a link to ``address`` when it is an http or https address (a new tab that
    cannot reach back into the report); any other address leaves the text plain."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return "–"
    label = html.escape(str(text))
    if isinstance(address, str) and address.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(address, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return label


def table(frame: pd.DataFrame, headers: dict[str, str] | None = None, schema: str | None = None,
          links: dict[str, str] | None = None) -> Table:
    """``frame`` as a reader's table; ``schema`` names the clean table whose column titles to use; ``links``
    maps a shown column to the column of addresses its cells link to (that column is not shown), such as
    ``{"source": "source_url"}``."""
    return Table(frame, headers, schema, links)


def enable() -> None:
    alt.renderers.enable(RENDERER)
    # Descriptions and titles are sentences; pandas would cut them at 50 characters.
    pd.set_option("display.max_colwidth", 400)


enable()
