"""The project's one Altair theme, registered and enabled when ``helpers`` is imported.

Colours are semantic: a country, an administration or a missile class keeps its colour in
every chart. Country and class colours come from the Okabe–Ito palette, which stays
distinguishable with the common forms of colour blindness; administrations, used as
background shading, are light tints so the marks on top stay readable.
"""

from __future__ import annotations

import altair as alt

THEME_NAME = "nk_diplomacy"
FONT = "Helvetica Neue, Helvetica, Arial, sans-serif"

COUNTRY_COLORS = {
    "USA": "#0072B2",  # blue
    "PRK": "#D55E00",  # vermillion
    "KOR": "#56B4E9",  # sky blue
    "CHN": "#E69F00",  # orange
    "RUS": "#009E73",  # bluish green
    "JPN": "#CC79A7",  # reddish purple
    "UKR": "#F0E442",  # yellow
    "VNM": "#8C8C8C",
    "SGP": "#5E5E5E",
    "UN": "#000000",
}
COUNTRY_NAMES = {
    "USA": "United States", "PRK": "North Korea", "KOR": "South Korea", "CHN": "China", "RUS": "Russia",
    "JPN": "Japan", "UKR": "Ukraine", "VNM": "Vietnam", "SGP": "Singapore", "CUB": "Cuba", "SWE": "Sweden", "UN": "United Nations",
}
ADMINISTRATION_COLORS = {
    "clinton": "#E6E6E6", "bush": "#D9D9D9", "obama": "#CCCCCC",
    "trump-1": "#F6C89F", "biden": "#A9CCE3", "trump-2": "#E8B4D0",
}
ADMINISTRATION_NAMES = {
    "clinton": "Clinton", "bush": "G. W. Bush", "obama": "Obama",
    "trump-1": "Trump (first term)", "biden": "Biden", "trump-2": "Trump (second term)",
}
CLASS_COLORS = {
    "ICBM": "#D55E00", "IRBM": "#E69F00", "MRBM": "#F0E442", "SRBM": "#0072B2", "SLBM": "#56B4E9",
    "hypersonic": "#CC79A7", "cruise": "#009E73", "space_launch": "#000000", "unknown": "#999999",
}


# Verdicts of notebooks 06 (claims) and 08 (expectations): upheld green, mixed amber, conflicting
# accounts purple, refuted vermilion, undecided grey (Okabe-Ito, safe for colour-blind readers).
VERDICT_COLORS = {
    "supported": "#009E73", "happened": "#009E73", "partly": "#E69F00", "disputed": "#CC79A7",
    "contradicted": "#D55E00", "did not happen": "#D55E00", "not checkable": "#999999",
}

TIME_FORMAT = {"year": "%Y", "quarter": "%b %Y", "month": "%b %Y", "week": "%-d %b", "date": "%-d %b",
               "hours": "%-d %b %H:%M", "minutes": "%H:%M", "seconds": "%H:%M:%S"}


def scale(colors: dict[str, str], domain: list[str] | None = None) -> alt.Scale:
    """An Altair colour scale fixing each named thing to its colour."""
    domain = list(domain if domain is not None else colors)
    return alt.Scale(domain=domain, range=[colors[d] for d in domain])


@alt.theme.register(THEME_NAME, enable=True)
def nk_diplomacy_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": 640, "continuousHeight": 320, "stroke": None},
            "font": FONT,
            "background": "#FFFFFF",
            "title": {"font": FONT, "fontSize": 16, "fontWeight": "bold", "anchor": "start",
                      "subtitleFontSize": 12, "subtitleColor": "#555555", "offset": 12},
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12,
                     "titleFontWeight": "normal", "titleColor": "#333333", "labelColor": "#333333",
                     "gridColor": "#E5E5E5", "domainColor": "#888888", "tickColor": "#888888"},
            # One date format for every time axis: month and year over long spans, day and month over short
            # ones, never Vega's default weekday labels ("Sat 19").
            "axisTemporal": {"format": TIME_FORMAT},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12,
                       "titleFontWeight": "normal", "orient": "top"},
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
            "range": {"category": list(COUNTRY_COLORS.values())[:7] + ["#999999"]},
            "bar": {"color": "#0072B2"},
            "line": {"color": "#0072B2", "strokeWidth": 2},
            "point": {"color": "#0072B2", "filled": True, "size": 60},
            "rule": {"color": "#333333"},
            "text": {"font": FONT, "fontSize": 12, "color": "#333333"},
        }
    }
