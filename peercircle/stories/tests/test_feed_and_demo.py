from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.accounts import demo as accounts_demo
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.stories import demo, selectors, services, tasks
from peercircle.stories.models import Answer, Question, Resource, Story, StoryAuthorVector, ThankYou
from peercircle.stories.ranking import feed_score
from peercircle.stories.tests.conftest import with_situation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():  # type: ignore[no-untyped-def]
    users = accounts_demo.seed()
    demo.seed(users)
    return users


def feed_titles(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["title"] for item in api(logged_in(user), "get", "/stories/feed?limit=50").json()["items"]]


def test_demo_seed_is_idempotent_and_realistic(demo_users):
    counts = (
        Story.objects.count(),
        Question.objects.count(),
        Answer.objects.count(),
        ThankYou.objects.count(),
    )
    demo.seed(demo_users)
    assert (
        Story.objects.count(),
        Question.objects.count(),
        Answer.objects.count(),
        ThankYou.objects.count(),
    ) == counts
    assert Story.objects.exclude(content_notes="").exists()
    assert Answer.objects.filter(marked_helpful_at__isnull=False).count() == 2
    assert Resource.objects.filter(state="pending").count() == 1
    # demo text must not trip screening (the retrain of 2026-11-26 held an answer worded "Planning a small
    # thing ... change the plan on the day"; the seed now carries on past a held answer, and this catches it)
    assert not Story.objects.filter(status="held").exists()
    assert not Answer.objects.filter(status="held").exists()


def test_people_like_me_feed_ranks_a_similar_situation_above_unrelated_ones(demo_users):
    # given: sam is grieving her mum; alex wrote about losing his dad nine days ago,
    # priya wrote yesterday about exam panic, lee two days ago about drinking.
    titles = feed_titles(demo_users["sam"])
    # then
    grief = titles.index("The first year after Dad died")
    assert grief < titles.index("Panic before every exam")
    assert grief < titles.index("Day 12")
    assert grief < titles.index("Sunday afternoons in a new city")
    # and the feed for a carer puts the dementia story first
    assert feed_titles(demo_users["jun"])[0] == "When he didn't know my name"


def test_demo_feed_keeps_private_and_minors_content_where_it_belongs(demo_users):
    adult_titles = feed_titles(demo_users["alex"])
    assert "Things I wish I'd said to Mum" not in adult_titles
    assert "Mocks are over!" not in adult_titles
    minor_titles = feed_titles(demo_users["noah"])
    assert minor_titles == ["Mocks are over!"]


def test_similar_story_outranks_an_unrelated_one_of_the_same_age():
    reader = with_situation(
        UserFactory(), "My wife died last winter and the house is so quiet.", ["grief-and-loss"]
    )
    similar = with_situation(UserFactory(), "I lost my husband two years ago to cancer.", ["grief-and-loss"])
    unrelated = with_situation(UserFactory(), "I gamble online every night and owe money.", ["gambling"])
    services.story_create(author=unrelated, title="Unrelated", body="Some text.")
    services.story_create(author=similar, title="Similar", body="Some text.")
    Story.objects.update(created_at=timezone.now() - timedelta(hours=1))
    items = selectors.people_like_me_feed(viewer=reader)
    assert [entry.item.title for entry in items] == ["Similar", "Unrelated"]
    assert items[0].similarity is not None and items[1].similarity is not None
    assert items[0].similarity > items[1].similarity


def test_situation_vectors_are_cached_and_refreshed_when_the_situation_changes():
    member = with_situation(UserFactory(), "Caring for my mother with dementia.", ["dementia"])
    first = selectors.situation_vectors(users=[member])[member.pk]
    assert StoryAuthorVector.objects.filter(user=member).count() == 1
    with_situation(member, "Recovering from alcohol, six months sober.", ["alcohol-recovery"])
    second = selectors.situation_vectors(users=[member])[member.pk]
    assert StoryAuthorVector.objects.filter(user=member).count() == 1
    assert float(first @ second) < 0.9


def test_feed_score_mixes_recency_in():
    assert feed_score(0.6, age_hours=1) > feed_score(0.6, age_hours=200)
    assert feed_score(None, age_hours=1) > feed_score(None, age_hours=50)
    assert feed_score(0.7, age_hours=240) > feed_score(0.1, age_hours=1)


def test_search_by_words_and_topic(demo_users):
    client = logged_in(demo_users["jun"])
    by_word = api(client, "get", "/stories/search?q=tea+towel").json()["items"]
    assert [i["title"] for i in by_word] == ["When he didn't know my name"]
    by_topic = api(client, "get", "/stories/search?topic=alcohol-recovery").json()["items"]
    assert {i["title"] for i in by_topic} == {"Day 12", "What do you do in the evenings instead of drinking?"}
    page = client.get("/stories/?q=tea+towel").content.decode()
    assert "When he didn&#x27;t know my name" in page


def test_writer_vectors_are_prepared_by_the_periodic_task(member, other_member):
    with_situation(member, "Caring for my dad with Parkinson's.", ["caring-for-someone"])
    with_situation(other_member, "", [])
    services.story_create(author=member, title="Hello", body="Text.")
    services.story_create(author=other_member, title="Hi", body="Text.")
    assert tasks.refresh_writer_vectors.enqueue().return_value == 1  # robin has no situation to embed
    assert list(StoryAuthorVector.objects.values_list("user_id", flat=True)) == [member.pk]
