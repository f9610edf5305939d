from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.core.exceptions import ApplicationError, Conflict, NotFound
from peercircle.core.testing import api, logged_in
from peercircle.wellbeing import selectors, services
from peercircle.wellbeing.models import Response, Skip

pytestmark = pytest.mark.django_db

WHO5_GOOD = [4, 4, 3, 3, 4]
PHQ4_SEVERE = [3, 3, 2, 2]
PHQ4_BOTH_POSITIVE = [2, 1, 1, 2]  # total 6 (moderate), but both 2-item screens positive
PHQ4_MILD = [1, 1, 1, 0]


def test_submit_stores_answers_and_the_published_score(member):
    response = services.response_submit(user=member, instrument="who5", answers=WHO5_GOOD)
    stored = Response.objects.get(pk=response.pk)
    assert stored.answers == WHO5_GOOD
    assert stored.total == 18 and stored.value == 72.0 and stored.band == "good"
    phq = services.response_submit(user=member, instrument="phq4", answers=PHQ4_SEVERE)
    assert phq.subscores == {"anxiety": 6, "depression": 4}
    assert "phq4_severe" in phq.flags


def test_retake_is_limited_per_instrument(member, settings):
    now = timezone.now()
    services.response_submit(user=member, instrument="who5", answers=WHO5_GOOD, now=now)
    with pytest.raises(Conflict):
        services.response_submit(
            user=member, instrument="who5", answers=WHO5_GOOD, now=now + timedelta(days=6)
        )
    # another questionnaire is not blocked
    services.response_submit(user=member, instrument="brs", answers=[3] * 6, now=now + timedelta(days=1))
    services.response_submit(user=member, instrument="who5", answers=WHO5_GOOD, now=now + timedelta(days=7))
    assert Response.objects.filter(user=member, instrument="who5").count() == 2
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "WELLBEING_RETAKE_DAYS": 0}
    services.response_submit(user=member, instrument="who5", answers=WHO5_GOOD, now=now + timedelta(days=7))
    assert Response.objects.filter(user=member, instrument="who5").count() == 3


def test_invalid_answers_and_unknown_instruments_store_nothing(member):
    with pytest.raises(ApplicationError):
        services.response_submit(user=member, instrument="who5", answers=[9, 9, 9, 9, 9])
    with pytest.raises(ApplicationError):
        services.response_submit(user=member, instrument="who5", answers=[1, 2])
    with pytest.raises(NotFound):
        services.response_submit(user=member, instrument="wemwbs", answers=[1] * 14)
    assert not Response.objects.exists()


def test_baseline_offered_at_first_then_every_interval_and_skippable(member):
    now = timezone.now()
    offer = selectors.checkin_offer(user=member, now=now)
    assert (
        offer is not None
        and offer.kind == "baseline"
        and offer.instruments == ["who5", "phq4", "ucla3", "brs"]
    )
    for key, answers in [("who5", WHO5_GOOD), ("phq4", PHQ4_MILD), ("ucla3", [1, 1, 1]), ("brs", [3] * 6)]:
        services.response_submit(user=member, instrument=key, answers=answers, now=now)
    assert selectors.checkin_offer(user=member, now=now + timedelta(days=13)) is None
    offer = selectors.checkin_offer(user=member, now=now + timedelta(days=14))
    assert offer is not None and offer.kind == "follow_up" and len(offer.instruments) == 4


def test_skip_hides_the_offer_for_one_interval(member):
    services.checkin_skip(user=member)
    assert selectors.checkin_offer(user=member) is None
    Skip.objects.update(created_at=timezone.now() - timedelta(days=15))
    assert selectors.checkin_offer(user=member).kind == "baseline"
    assert not Response.objects.exists()


def test_interval_is_a_setting(member, settings):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "WELLBEING_INTERVAL_DAYS": 30}
    now = timezone.now()
    services.response_submit(user=member, instrument="who5", answers=WHO5_GOOD, now=now - timedelta(days=20))
    offer = selectors.checkin_offer(user=member, now=now)
    assert offer is not None and "who5" not in offer.instruments


@pytest.mark.parametrize(
    ("answers", "shows_support"), [(PHQ4_SEVERE, True), (PHQ4_BOTH_POSITIVE, True), (PHQ4_MILD, False)]
)
def test_phq4_distress_shows_support_and_says_it_does_not_screen_for_suicide(member, answers, shows_support):
    client = logged_in(member)
    response = client.post("/wellbeing/check-in/phq4/", {f"item_{i + 1}": v for i, v in enumerate(answers)})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert ('href="/safety/help/"' in page and 'href="/safety/plan/"' in page) is shows_support
    assert ("does not ask about suicide" in page) is shows_support
    body = api(client, "get", f"/wellbeing/responses/{Response.objects.get().pk}").json()
    assert (body["support"] is not None) is shows_support


def test_questionnaire_page_uses_fieldsets_and_legends(member):
    page = logged_in(member).get("/wellbeing/check-in/who5/").content.decode()
    assert page.count("<fieldset") == 5 and page.count("<legend") == 5
    assert "I have felt cheerful and in good spirits" in page
    assert 'type="radio"' in page


def test_phq4_page_says_plainly_it_does_not_ask_about_suicide(member):
    page = logged_in(member).get("/wellbeing/check-in/phq4/").content.decode()
    assert "do not ask about suicide" in page


def test_incomplete_form_is_refused_and_stores_nothing(member):
    response = logged_in(member).post("/wellbeing/check-in/who5/", {"item_1": "3"})
    assert response.status_code == 400
    assert "Please choose an answer." in response.content.decode()
    assert not Response.objects.exists()


def test_retake_too_soon_on_the_page_and_api(member):
    client = logged_in(member)
    api(client, "post", "/wellbeing/responses", {"instrument": "who5", "answers": WHO5_GOOD})
    page = client.get("/wellbeing/check-in/who5/").content.decode()
    assert "You took this one recently" in page
    response = api(client, "post", "/wellbeing/responses", {"instrument": "who5", "answers": WHO5_GOOD})
    assert response.status_code == 409 and response.json()["error"]["code"] == "retake_too_soon"
    assert client.post("/wellbeing/check-in/who5/", {f"item_{i}": 3 for i in range(1, 6)}).status_code == 400
    assert Response.objects.count() == 1


def test_wellbeing_page_offers_baseline_and_not_now_removes_it(member):
    client = logged_in(member)
    assert "A starting point, if you'd like one" in client.get("/wellbeing/").content.decode()
    client.post("/wellbeing/skip/")
    assert "A starting point" not in client.get("/wellbeing/").content.decode()


def test_api_offer_instruments_and_skip(member):
    client = logged_in(member)
    assert api(client, "get", "/wellbeing/offer").json()["kind"] == "baseline"
    instruments = api(client, "get", "/wellbeing/instruments").json()
    assert [i["key"] for i in instruments] == ["who5", "phq4", "ucla3", "brs"]
    assert all(i["asks_about_suicide"] is False for i in instruments)
    assert api(client, "post", "/wellbeing/skip").json() == {"ok": True}
    assert api(client, "get", "/wellbeing/offer").json()["kind"] is None


def test_api_validation_stores_nothing(member):
    client = logged_in(member)
    response = api(client, "post", "/wellbeing/responses", {"instrument": "who5", "answers": [7, 7, 7, 7, 7]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_answers"
    assert (
        api(client, "post", "/wellbeing/responses", {"instrument": "nope", "answers": [1]}).status_code == 404
    )
    assert not Response.objects.exists()


def test_offer_card_tag_for_the_home_page_and_not_now_returns_there(member, rf):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = member
    html = Template("{% load wellbeing %}{% wellbeing_offer_card %}").render(Context({"request": request}))
    assert "A starting point, if you'd like one" in html and 'name="next" value="/"' in html
    client = logged_in(member)
    assert client.post("/wellbeing/skip/", {"next": "/"}).url == "/"
    assert client.post("/wellbeing/skip/", {"next": "https://evil.example/"}).url == "/wellbeing/"
    request.user = member
    assert "A starting point" not in Template("{% load wellbeing %}{% wellbeing_offer_card %}").render(
        Context({"request": request})
    )
