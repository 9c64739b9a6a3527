"""The server-side SVG charts: the same markup on the page and in the PDF."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import charts, dashboard
from assessment.scorecard import scorecard_context
from assessment.selectors import summary

pytestmark = pytest.mark.django_db


def test_the_aspect_chart_draws_both_levels_and_escapes_labels():
    svg = charts.aspect_chart(
        [
            charts.AspectBar("1. Perencanaan", Decimal("3"), Decimal("2.5")),
            charts.AspectBar('<script>alert("x")</script>', Decimal("1"), None),
        ]
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and svg.endswith("</svg>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    # Two bars for the first aspect, one for the second (not yet verified) + 2 legend boxes.
    assert svg.count("<rect") == 2 + 2 + 1
    # Level 3 of 4 on a 300-unit axis is 225 units long.
    assert 'width="225.0"' in svg


def test_the_bars_carry_no_numbers_of_their_own():
    # The table beside the chart prints the levels (3,67 for 11/3): a label on the bar said
    # 3,66 once, so the bars now print nothing the table does not.
    svg = charts.aspect_chart(
        [charts.AspectBar("2. Pengadaan", Decimal(11) / 3, Decimal("0.86666666"))]
    )
    assert "3,67" not in svg and "3,66" not in svg and "0,87" not in svg
    # The bars are still drawn to scale: 11/3 of 4 on a 300-unit axis.
    assert 'width="275.0"' in svg and 'width="65.0"' in svg


def test_the_detail_page_shows_the_same_chart_as_the_scorecard(client, people, filled):

    client.force_login(people["operator_contoh"])
    page = client.get(f"/penilaian/{filled.pk}/").content.decode()
    chart = str(summary(filled)["chart"])
    assert chart in page
    assert chart == str(scorecard_context(filled)["chart"])


def test_the_distribution_counts_verified_categories_and_the_rest_apart():
    bands = [("I", "I Buruk"), ("II", "II Kurang"), ("III", "III Baik"), ("IV", "IV Sangat Baik")]

    class R:
        def __init__(self, code, *, verified=True):
            self.category_code = code
            self.is_verified = verified

    # A self-assessed III is not counted as a III: it waits with the unstarted one.
    rows = [R("III"), R("III"), R("I"), R(""), R("III", verified=False)]
    result = dashboard.distribution(rows, bands)  # type: ignore[arg-type]
    assert result == [
        ("I Buruk", 1),
        ("II Kurang", 0),
        ("III Baik", 2),
        ("IV Sangat Baik", 0),
        ("Belum verif.", 2),
    ]
    svg = charts.category_chart(result)
    assert svg.count("<rect") == 5


def test_the_aspect_chart_keys_its_bars_by_the_number_the_table_gives_the_aspect(filled):
    # Each name in the chart cost the PDF its letters (WeasyPrint lays SVG text out one
    # letter at a time); the table beside the chart names every numbered aspect.
    context = scorecard_context(filled)
    chart = str(context["chart"])
    for row in context["rows"]:
        assert f">{row['aspect'].order}</text>" in chart
        assert row["aspect"].name not in chart
    assert "bernomor seperti pada tabel" in chart
