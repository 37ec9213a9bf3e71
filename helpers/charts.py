"""Chart pieces more than one notebook uses, built on the project's theme.

Each function aggregates nothing itself: it takes a small, already-aggregated frame and
returns an Altair chart with titles, axis labels in words and tooltips.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import theme
from .timeline import STORY_DATE

PERIOD_COLORS = {"pressure": "#F4E3C9", "summitry": "#D8EBD2", "after_hanoi": "#EFEBC8", "stalemate": "#E6E6E6",
                 "outreach": "#D5E6F3", "transition": "#F1DCE8"}


def period_bands(periods: pd.DataFrame, start=None, end=None) -> alt.Chart:
    """Light background bands, one per diplomatic period (see helpers.periods), with a legend."""
    frame = periods.copy()
    if start is not None:
        frame = frame[frame["end_date"] >= pd.Timestamp(start)]
        frame["start_date"] = frame["start_date"].clip(lower=pd.Timestamp(start))
    if end is not None:
        frame = frame[frame["start_date"] <= pd.Timestamp(end)]
        frame["end_date"] = frame["end_date"].clip(upper=pd.Timestamp(end))
    labels = list(frame["label"])
    colors = [PERIOD_COLORS[p] for p in frame["period"]]
    return alt.Chart(frame).mark_rect(opacity=0.8).encode(
        x=alt.X("start_date:T"), x2="end_date:T",
        color=alt.Color("label:N", title="Diplomatic period", scale=alt.Scale(domain=labels, range=colors),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("label:N", title="Period"), alt.Tooltip("start_date:T", title="From"),
                 alt.Tooltip("end_date:T", title="To")],
    )


def on_periods(layer: alt.Chart, periods: pd.DataFrame, start=None, end=None) -> alt.LayerChart:
    """``layer`` drawn over the period bands. The bands keep a colour scale of their own:
    shared, the layer's colours would be looked up in the periods' domain and draw nothing."""
    return alt.layer(period_bands(periods, start, end), layer).resolve_scale(color="independent")


EVENT_TOOLTIP = [
    alt.Tooltip("date:T", title="Date"), alt.Tooltip("title:N", title="Event"),
    alt.Tooltip("description:N", title="What happened"), alt.Tooltip("source:N", title="Source"),
]


def event_strip(events: pd.DataFrame, lane: str, lane_title: str, color: str | None = None,
                color_scale: alt.Scale | None = None, color_title: str | None = None) -> alt.Chart:
    """Events as points along time, one row (lane) per value of ``lane``."""
    columns = ["date", "title", "description", "source", lane] + ([color] if color and color != lane else [])
    if "source" not in events:
        from .data import source_label

        events = events.assign(source=source_label(events) if "source_reporter" in events else events["source_publisher"])
    encoding = {
        "x": alt.X("date:T", title="Date"),
        "y": alt.Y(f"{lane}:N", title=lane_title, sort=None),
        "tooltip": EVENT_TOOLTIP,
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=color_title or color, scale=color_scale or alt.Undefined)
    return alt.Chart(events[columns]).mark_point(filled=True, size=70, opacity=0.85).encode(**encoding)


def country_scale(codes) -> alt.Scale:
    """Colour scale from country names, in the order given, to the theme's country colours."""
    codes = list(codes)
    return alt.Scale(domain=[theme.COUNTRY_NAMES[c] for c in codes], range=[theme.COUNTRY_COLORS[c] for c in codes])


def story_marker() -> alt.Chart:
    """A dashed rule on the story's date (26 November 2024), to layer over any time axis."""
    frame = pd.DataFrame({"date": [STORY_DATE], "label": ["The story, 26 Nov 2024"]})
    return alt.Chart(frame).mark_rule(strokeDash=[4, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title="Marker")])
