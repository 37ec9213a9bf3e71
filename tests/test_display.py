"""Reader tables (helpers.display.table): text from the data stays text, and a rerun gives
the same output."""

import pandas as pd

from helpers import display


def test_table_escapes_cells_hides_the_index_and_shows_missing_as_a_dash():
    frame = pd.DataFrame({"Title": ['<img src=x onerror="alert(1)">'], "Rows": [1234], "Note": [pd.NA]})
    html = display.table(frame)._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert "1,234" in html and "–" in html
    assert "row_heading" not in html  # no index column


def test_table_output_is_the_same_on_every_run():
    frame = pd.DataFrame({"a": ["x", "y"]})
    first, second = display.table(frame), display.table(frame.copy())
    assert first._repr_html_() == second._repr_html_()
    assert repr(first) == repr(second) and "0x" not in repr(first)


def test_a_source_links_to_its_page_safely_and_only_over_http():
    import pandas as pd

    from helpers import display

    frame = pd.DataFrame({"title": ["<b>x</b>", "y", "z"], "source": ["AP, on <WHEC>", "Bad", None],
                          "source_url": ['https://a.example/x?a=1&b="2"', "javascript:alert(1)", "https://b.example"]})
    shown = display.table(frame, links={"source": "source_url"})
    page = shown._repr_html_()
    assert ('<a href="https://a.example/x?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener noreferrer">'
            "AP, on &lt;WHEC&gt;</a>") in page
    assert "javascript:" not in page and ">Bad<" in page  # only http and https become links
    assert "&lt;b&gt;x&lt;/b&gt;" in page  # other cells stay escaped
    assert "source_url" not in page and "source_url" not in repr(shown)  # the address column is not shown
