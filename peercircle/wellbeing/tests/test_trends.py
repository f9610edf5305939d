from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.core.testing import api, logged_in
from peercircle.wellbeing import services

pytestmark = pytest.mark.django_db


def _two_who5(user):
    now = timezone.now()
    services.response_submit(
        user=user, instrument="who5", answers=[2, 2, 2, 2, 2], now=now - timedelta(days=14)
    )
    services.response_submit(user=user, instrument="who5", answers=[3, 3, 3, 3, 3], now=now)


def test_trend_page_shows_an_accessible_svg_chart_and_a_data_table(member):
    _two_who5(member)
    page = logged_in(member).get("/wellbeing/trends/").content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "<title" in page and "<desc" in page and "WHO-5 over time" in page
    assert "first 40, latest 60" in page  # the description carries the numbers for screen readers
    assert "<table>" in page and "<td>40</td>" in page and "<td>60</td>" in page
    # the chart obeys the CSP (no inline styles) and has no duplicated generic ids
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg and "<style" not in svg
    assert 'id="figure_1"' not in svg


def test_trend_is_the_members_own_data_only(member, other_member):
    _two_who5(member)
    other = logged_in(other_member)
    page = other.get("/wellbeing/trends/").content.decode()
    assert "<svg" not in page and "No results yet" in page
    assert api(other, "get", "/wellbeing/trends/who5").json()["points"] == []
    assert api(other, "get", "/wellbeing/responses").json() == []
    own_id = api(logged_in(member), "get", "/wellbeing/responses").json()[0]["id"]
    assert api(other, "get", f"/wellbeing/responses/{own_id}").status_code == 404
    assert other.get(f"/wellbeing/results/{own_id}/").status_code == 404


def test_api_trend_carries_the_meaningful_change_band(member):
    _two_who5(member)
    body = api(logged_in(member), "get", "/wellbeing/trends/who5").json()
    assert body["baseline"] == 40.0 and body["meaningful_change"] == 10.0
    assert [p["value"] for p in body["points"]] == [40.0, 60.0]
