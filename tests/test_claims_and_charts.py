"""Claim verdicts and shared chart pieces, on small frames built here."""

import base64
import json

import altair as alt
import pandas as pd
import pytest

from helpers import charts, claims, periods


def claim(cid, table, about, asserts, test, expected, disputes="", part_of=""):
    return {"claim_id": cid, "part_of": part_of, "claim": f"claim {cid}", "topic": "other", "evidence_table": table,
            "evidence_query": about, "asserts": asserts, "disputes_query": disputes, "test": test,
            "expected": expected, "rationale": "because"}


STORY = "https://story.example/copy"
SUMMITS = pd.DataFrame({"summit_id": ["S1", "S2", "S3", "S4", "S5"], "country": ["USA", "USA", "USA", "RUS", "CHN"],
                        "city": ["Singapore", "Hanoi", "Panmunjom", "Vladivostok", "Beijing"],
                        "account": ["a", "a", "a", "a", "b"],
                        "source_publisher": ["P1", "P2", "P3", "P4", "Story copy"],
                        "source_published": pd.to_datetime(["2018-06-12", None, "2019-06-30", None, None]),
                        "source_url": ["https://a.example", "https://b.example", "https://c.example",
                                       "https://d.example", STORY]})


def verdicts_of(*rows):
    return claims.evaluate(pd.DataFrame(list(rows)), {"summits": SUMMITS}, {STORY}).set_index("claim_id")


def test_each_verdict_worked_out_by_hand():
    result = verdicts_of(
        claim("C01", "summits", "country == 'USA'", "city in ['Singapore', 'Hanoi', 'Panmunjom']", "count_eq", 3),
        claim("C02", "summits", "country == 'USA'", "city == 'Singapore'", "count_eq", 2),        # 1 match, not 2
        claim("C03", "summits", "country == 'RUS'", "city == 'Vladivostok'", "count_ge", 1,
              disputes="country == 'USA' and city == 'Hanoi'"),                                # another account
        claim("C04", "summits", "country == 'JPN'", "city == 'Tokyo'", "count_ge", 1),             # nothing bears on it
        claim("C05", "", "", "", "none", None),
    )
    assert result["verdict"].astype(str).tolist() == [
        "supported", "contradicted", "disputed", "not checkable", "not checkable"]
    assert result.loc["C01", "deciding_rows"] == "S1, S2, S3"
    assert result.loc["C01", "deciding_sources"] == "P1, 12 June 2018; P2; P3, 30 June 2019"  # dates as readers read them
    assert (result.loc["C02", "rows_found"], result.loc["C02", "rows_matching"]) == (3, 1)
    assert result.loc["C03", "disputing_rows"] == "S2"
    assert result.loc["C04", "rows_found"] == 0
    assert pd.isna(result.loc["C05", "rows_found"])


def test_a_row_citing_the_story_never_decides_a_claim():
    result = verdicts_of(claim("C01", "summits", "country == 'CHN'", "city == 'Beijing'", "count_ge", 1))
    assert result.loc["C01", "verdict"] == "not checkable"
    assert result.loc["C01", "rows_found"] == 0
    with_copy_cited_elsewhere = claims.evaluate(
        pd.DataFrame([claim("C01", "summits", "country == 'CHN'", "city == 'Beijing'", "count_ge", 1)]),
        {"summits": SUMMITS}, set())
    assert with_copy_cited_elsewhere["verdict"].astype(str).tolist() == ["supported"]


def test_split_claims_combine_into_partly_when_their_parts_differ():
    parts = verdicts_of(
        claim("C06a", "summits", "country == 'USA'", "city == 'Hanoi'", "count_eq", 1, part_of="C06"),
        claim("C06b", "", "", "", "none", None, part_of="C06"),
        claim("C07a", "summits", "country == 'USA'", "city == 'Hanoi'", "count_eq", 1, part_of="C07"),
        claim("C07b", "summits", "country == 'USA'", "city == 'Singapore'", "count_eq", 1, part_of="C07"),
    ).reset_index()
    whole = claims.whole_claims(parts).set_index("claim_id")
    assert whole["verdict"].astype(str).to_dict() == {"C06": "partly", "C07": "supported"}
    assert whole.loc["C06", "parts"] == 2
    assert claims.combine(["contradicted", "not checkable"]) == "contradicted"
    assert claims.combine(["disputed", "supported"]) == "partly"


def test_an_expectation_with_no_rows_bearing_on_it_is_not_checkable_never_did_not_happen():
    row = {"expectation_id": "X01", "expectation": "e", "topic": "other", "evidence_table": "summits",
           "evidence_query": "country == 'JPN'", "asserts": "city == 'Tokyo'", "test": "count_ge", "expected": 1,
           "if_true": "happened", "if_false": "did not happen", "rationale": "r"}
    failing = dict(row, evidence_query="country == 'USA'")
    result = claims.evaluate_expectations(pd.DataFrame([row, dict(failing, expectation_id="X02")]),
                                          {"summits": SUMMITS}, {STORY})
    assert result["verdict"].astype(str).tolist() == ["not checkable", "did not happen"]


def test_no_row_of_the_dataset_cites_the_story_but_the_story_s_own():
    """The claims and expectations cite the story; every other row must cite another page, or
    its facts would be checked against themselves (the verdicts exclude such rows anyway)."""
    import helpers
    from helpers.timeline import STORY_EVENT

    story = claims.story_sources(helpers.load("claims"), helpers.load("expectations"), helpers.load("events"))
    citing = [(name, str(row[0])) for name in helpers.table_names() if name not in ("claims", "expectations")
              for row in helpers.load(name).itertuples(index=False)
              if str(row.source_url) in story and not (name == "events" and row.event_id == STORY_EVENT)]
    assert not citing, citing


def test_every_checked_claim_bears_on_independent_rows_as_of_the_story():
    """Each check with a test finds rows that bear on it in the clean data (none is decided by absence)."""
    import helpers
    from helpers.timeline import STORY_DATE

    tables = {n: helpers.load(n, as_of=None if n == "administrations" else STORY_DATE) for n in claims.ID_COLUMNS}
    story = claims.story_sources(helpers.load("claims"), helpers.load("expectations"), helpers.load("events"))
    verdicts = claims.evaluate(helpers.load("claims"), tables, story)
    checked = verdicts[verdicts["test"] != "none"]
    assert (checked["rows_found"] > 0).all(), checked.loc[checked["rows_found"] == 0, "claim_id"].tolist()


def test_an_unknown_test_is_an_error_not_a_verdict():
    with pytest.raises(ValueError, match="C09"):
        verdicts_of(claim("C09", "summits", "country == 'USA'", "city == 'Hanoi'", "maybe", 1))


def test_period_bands_clip_to_the_window_and_validate_as_vega_lite():
    events = pd.DataFrame({"event_id": [r.split(":", 1)[1] for _, _, r, _ in periods.PERIODS if r.startswith("event:")],
                           "date": pd.to_datetime(["2018-03-08", "2019-02-28", "2019-10-05", "2024-11-06"])})
    admins = pd.DataFrame({"admin_id": ["trump-1", "biden"], "start_date": pd.to_datetime(["2017-01-20", "2021-01-20"])})
    table = periods.period_table(events, admins)
    chart = charts.period_bands(table, start="2018-01-01", end="2019-12-31")
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    data = chart.data
    assert data["label"].tolist() == ["Threats and pressure", "Summit diplomacy", "After Hanoi", "Stalled talks"]
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
