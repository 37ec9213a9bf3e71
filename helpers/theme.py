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
    "hypersonic": "#CC79A7", "cruise": "#009E73", "space_launch": "#000000", "other": "#8C6D31", "unknown": "#999999",
}
# Six groups of the nine classes, for charts that stack them: North Korea's "hypersonic" missiles
# flew intermediate or medium ranges, and its submarine-launched ones short ranges.
CLASS_GROUPS = {
    "ICBM": "ICBM", "IRBM": "Intermediate or medium range", "MRBM": "Intermediate or medium range",
    "hypersonic": "Intermediate or medium range", "SRBM": "Short range", "SLBM": "Short range",
    "cruise": "Cruise", "space_launch": "Space launch", "other": "Other guided weapon", "unknown": "Class not reported",
}
CLASS_GROUP_COLORS = {
    "ICBM": "#D55E00", "Intermediate or medium range": "#E69F00", "Short range": "#0072B2", "Cruise": "#009E73",
    "Space launch": "#000000", "Other guided weapon": "#8C6D31", "Class not reported": "#999999",
}
# The claims' and expectations' topics (claims.topic).
TOPIC_LABELS = {"summits": "Summits", "testing": "Missile testing", "outreach": "Outreach", "russia": "Russia",
                "staffing": "Staffing", "china": "China", "other": "Other"}


# Verdicts of notebooks 06 (claims) and 08 (expectations): upheld green, mixed amber, conflicting
# accounts purple, refuted vermilion, undecided grey (Okabe-Ito, safe for colour-blind readers).
VERDICT_COLORS = {
    "supported": "#009E73", "happened": "#009E73", "partly": "#E69F00", "disputed": "#CC79A7",
    "contradicted": "#D55E00", "did not happen": "#D55E00", "not checkable": "#999999",
}
# What became of a commitment (commitments.outcome, commitment_steps.outcome), in the same logic:
# kept green, partly amber, not kept vermilion, reversed (done, then undone) purple.
OUTCOME_LABELS = {"kept": "Kept", "partly": "Partly", "not_kept": "Not kept", "reversed": "Reversed"}
OUTCOME_COLORS = {"Kept": "#009E73", "Partly": "#E69F00", "Not kept": "#D55E00", "Reversed": "#CC79A7"}

# Event categories (events.category, data/datapackage.json) as readers see them, in legends, axes and tooltips.
CATEGORY_LABELS = {
    "summit": "Summit", "talks": "Talks", "offer": "Offer of talks", "rebuff": "Rebuff", "letter": "Letter",
    "threat": "Threat", "statement": "Statement", "cancellation": "Cancellation", "agreement": "Agreement",
    "treaty": "Treaty", "nuclear_test": "Nuclear test", "missile_policy": "Missile-test policy",
    "missile_launch": "Missile launch", "sanctions": "Sanctions", "un_action": "UN action",
    "military_cooperation": "Military cooperation", "troop_deployment": "Troop deployment",
    "arms_transfer": "Arms transfer", "military_action": "Military action", "election": "Election",
    "appointment": "Appointment", "report": "Report", "economic": "Economic link",
    "weapons_development": "Weapons development", "domestic_politics": "Domestic politics",
}
# A few groups of categories, for charts that would otherwise need a colour per category: diplomacy (meetings,
# offers, words, deals, sanctions and UN actions), military (tests, weapons, troops, arms, cooperation) and other.
CATEGORY_GROUPS = {
    "summit": "Diplomacy", "talks": "Diplomacy", "offer": "Diplomacy", "rebuff": "Diplomacy", "letter": "Diplomacy",
    "threat": "Diplomacy", "statement": "Diplomacy", "cancellation": "Diplomacy", "agreement": "Diplomacy",
    "treaty": "Diplomacy", "sanctions": "Diplomacy", "un_action": "Diplomacy",
    "nuclear_test": "Military", "missile_policy": "Military", "missile_launch": "Military",
    "military_cooperation": "Military", "troop_deployment": "Military", "arms_transfer": "Military",
    "military_action": "Military", "weapons_development": "Military",
    "election": "Other", "appointment": "Other", "report": "Other", "economic": "Other", "domestic_politics": "Other",
}
# Not country colours: purple, brown and grey stay apart from the country palette and from each other
# for colour-blind readers.
CATEGORY_GROUP_COLORS = {"Diplomacy": "#6A51A3", "Military": "#8C510A", "Other": "#A0A0A0"}
# Colours for categories that are not countries, where a chart sets none (ColorBrewer's dark PuOr and
# BrBG ends and greys, apart from the country palette).
DEFAULT_CATEGORY_COLORS = ["#542788", "#8C510A", "#01665E", "#B35806", "#8073AC", "#35978F", "#4D4D4D", "#A0A0A0"]
# One colour for marks that stand for no country, group or class (counts of our rows, say): the theme's
# default bar colour is the United States' blue.
NEUTRAL_COLOR = "#4D4D4D"
# The clean tables (helpers.table_names()) by name, for chart labels.
TABLE_LABELS = {
    "administrations": "Administrations", "events": "Events", "summits": "Summits", "people": "People",
    "appointments": "Appointments", "estimates": "Estimates", "launches": "Launches", "claims": "Claims",
    "expectations": "Expectations", "commitments": "Commitments", "commitment_steps": "Commitment steps",
    "summit_offers": "Summit offers", "weapons_plan": "Weapons plan", "exchanges": "Exchanges",
    "russia_flows": "Russia flows",
}
# Quantities of the estimates table (estimates.quantity).
QUANTITY_LABELS = {
    "nk_troops_in_russia": "North Korean troops in Russia", "nk_troops_planned": "North Korean troops planned",
    "nk_troop_casualties": "North Korean troop casualties", "artillery_shells_to_russia": "Artillery shells sent to Russia",
    "containers_to_russia": "Shipping containers sent to Russia",
    "ballistic_missiles_fired_at_ukraine": "Ballistic missiles fired at Ukraine", "trump_kim_letters": "Trump–Kim letters",
    "nk_troops_killed": "North Korean troops killed", "nk_troops_wounded": "North Korean troops wounded",
    "nk_troops_captured": "North Korean troops captured", "nk_troops_additional_sent": "Additional North Korean troops sent",
    "ballistic_missiles_to_russia": "Ballistic missiles sent to Russia",
}
# Estimators' countries (estimates.estimator_country): the country names, and INT for multilateral bodies.
ESTIMATOR_COUNTRY_NAMES = {**COUNTRY_NAMES, "GBR": "United Kingdom", "INT": "International"}

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
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12, "labelLimit": 320,
                     "titleFontWeight": "normal", "titleColor": "#333333", "labelColor": "#333333",
                     "gridColor": "#E5E5E5", "domainColor": "#888888", "tickColor": "#888888"},
            # One date format for every time axis: month and year over long spans, day and month over short
            # ones, never Vega's default weekday labels ("Sat 19").
            "axisTemporal": {"format": TIME_FORMAT},
            # Long labels (periods, classes, commitments) are read whole, not cut at Vega's 160 px.
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12,
                       "titleFontWeight": "normal", "orient": "top", "labelLimit": 320},
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
            # A chart that names no colours gets these, not the country palette, which is kept for countries.
            "range": {"category": DEFAULT_CATEGORY_COLORS},
            "bar": {"color": "#0072B2"},
            "line": {"color": "#0072B2", "strokeWidth": 2},
            "point": {"color": "#0072B2", "filled": True, "size": 60},
            "rule": {"color": "#333333"},
            "text": {"font": FONT, "fontSize": 12, "color": "#333333"},
        }
    }
