"""Claim verdicts and shared chart pieces, on small frames built here."""

import base64
import json

import altair as alt
import pandas as pd
import pytest

from helpers import charts, claims, periods


def claim(cid, table, query, test, expected):
    return {"claim_id": cid, "claim": f"claim {cid}", "topic": "other", "evidence_table": table,
            "evidence_query": query, "test": test, "expected": expected, "rationale": "because"}


SUMMITS = pd.DataFrame({"summit_id": ["S1", "S2", "S3", "S4"], "country": ["USA", "USA", "USA", "RUS"],
                        "high": [3, 3, 3, 1]})


def test_each_test_kind_gives_the_verdict_worked_out_by_hand():
    frame = pd.DataFrame([
        claim("C01", "summits", "country == 'USA'", "count_eq", 3),   # 3 rows -> supported
        claim("C02", "summits", "country == 'USA'", "count_eq", 2),   # 3 != 2 -> contradicted
        claim("C03", "summits", "country == 'RUS'", "count_ge", 1),   # 1 >= 1 -> supported
        claim("C04", "summits", "country == 'CHN'", "count_ge", 1),   # 0 -> contradicted
        claim("C05", "summits", "country == 'USA'", "value_eq", 3),   # all high == 3 -> supported
        claim("C06", "", "", "none", None),
    ])
    result = claims.evaluate(frame, {"summits": SUMMITS}).set_index("claim_id")
    assert result["verdict"].astype(str).tolist() == [
        "supported", "contradicted", "supported", "contradicted", "supported", "not checkable with this data"]
    assert result.loc["C01", "deciding_rows"] == "S1, S2, S3"
    assert result.loc["C04", "rows_found"] == 0
    assert pd.isna(result.loc["C06", "rows_found"])


def test_an_unknown_test_is_an_error_not_a_verdict():
    with pytest.raises(ValueError, match="C09"):
        claims.evaluate(pd.DataFrame([claim("C09", "summits", "country == 'USA'", "maybe", 1)]), {"summits": SUMMITS})


def test_period_bands_clip_to_the_window_and_validate_as_vega_lite():
    events = pd.DataFrame({"event_id": [r.split(":", 1)[1] for _, _, r, _ in periods.PERIODS if r.startswith("event:")],
                           "date": pd.to_datetime(["2018-03-08", "2019-10-05", "2024-11-06"])})
    admins = pd.DataFrame({"admin_id": ["trump-1", "biden"], "start_date": pd.to_datetime(["2017-01-20", "2021-01-20"])})
    table = periods.period_table(events, admins)
    chart = charts.period_bands(table, start="2018-01-01", end="2019-12-31")
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    data = chart.data
    assert data["label"].tolist() == ["Threats and pressure", "Summit diplomacy", "Stalled talks"]
    assert data["start_date"].min() == pd.Timestamp("2018-01-01")
    assert data["end_date"].max() == pd.Timestamp("2019-12-31")
    assert spec["encoding"]["color"]["scale"]["range"][1] == charts.PERIOD_COLORS["summitry"]


def test_event_strip_carries_source_tooltips():
    events = pd.DataFrame({"date": pd.to_datetime(["2019-06-30"]), "title": ["DMZ meeting"],
                           "description": ["Met at Panmunjom."], "source_publisher": ["Yonhap"],
                           "category": ["summit"]})
    spec = charts.event_strip(events, "category", "Kind of event").to_dict()
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["Date", "Event", "What happened", "Source"]
    assert spec["encoding"]["y"]["title"] == "Kind of event"


def test_charts_display_as_vega_lite_json_and_a_png_not_html():
    from helpers import display  # noqa: F401  (importing enables the project's renderer)

    hostile = '</script><img src=x onerror="alert(1)">'
    bundle, metadata = alt.Chart(pd.DataFrame({"t": [hostile]})).mark_point().encode(y="t")._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.vegalite.v5+json", "image/png", "text/plain"}
    spec = bundle["application/vnd.vegalite.v5+json"]
    assert [row["t"] for rows in spec["datasets"].values() for row in rows] == [hostile]  # data, kept as data
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert metadata["application/vnd.vegalite.v5+json"]["embed_options"]["renderer"] == "svg"


def test_report_chart_json_cannot_be_closed_by_data_text():
    from helpers.reports.exporter import script_json

    text = script_json({"t": '</script><!--<script><img src=x onerror="alert(1)">&amp;'})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["t"].startswith("</script>")


def test_layers_over_the_period_bands_keep_their_own_colours():
    """Shared with the bands, a layer's colours are looked up in the periods' domain, and its
    points draw with no fill (notebook 01's timeline did)."""
    periods = pd.DataFrame({"period": ["summitry"], "label": ["Summit diplomacy"],
                            "start_date": pd.to_datetime(["2018-03-08"]), "end_date": pd.to_datetime(["2019-10-05"])})
    events = pd.DataFrame({"date": pd.to_datetime(["2018-06-12"]), "title": ["Singapore"], "description": ["Met."],
                           "source_publisher": ["AP"], "category": ["summit"]})
    layer = charts.event_strip(events, "category", "Kind of event", color="category")
    spec = charts.on_periods(layer, periods).to_dict()
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_a_titled_chart_describes_itself_for_screen_readers():
    from helpers import display  # noqa: F401  (importing enables the project's renderer)

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x").properties(
        title=alt.Title("Testing went on after the story", subtitle="Launch events per month"))
    bundle, _ = chart._repr_mimebundle_()
    assert bundle["application/vnd.vegalite.v5+json"]["description"] == \
        "Testing went on after the story. Launch events per month"


def test_time_axes_read_month_and_year_or_day_and_month_never_weekdays():
    import re

    import vl_convert as vlc

    from helpers import theme

    for dates, expected in ((["2024-10-19", "2024-11-12"], r"^\d{1,2} [A-Z][a-z]{2}$|^[A-Z][a-z]{2} \d{4}$"),
                            (["2018-01-19", "2018-09-12"], r"^[A-Z][a-z]{2} \d{4}$|^\d{4}$")):
        chart = alt.Chart(pd.DataFrame({"d": pd.to_datetime(dates)})).mark_point().encode(x=alt.X("d:T", title=None))
        assert alt.theme.active == theme.THEME_NAME  # enabled when helpers.theme is imported
        spec = chart.to_dict()
        svg = vlc.vegalite_to_svg(spec, vl_version=".".join(alt.VEGALITE_VERSION.split(".")[:2]))
        labels = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.strip()]
        assert labels and all(re.match(expected, label) for label in labels), labels
