"""The community encoder: the engine's tuned anchors, the community's topics mapped onto them by meaning."""

from __future__ import annotations

import pytest

from peercircle.core.testing.factories import TopicFactory
from peercircle.matching.encoder import community_encoder

pytestmark = pytest.mark.django_db


def test_community_topics_map_to_the_nearest_anchor_only_when_close():
    encoder = community_encoder()
    assert encoder.anchor_of["grief-and-loss"] == "bereavement"
    assert encoder.anchor_of["pregnancy-and-baby-loss"] == "baby-loss"
    assert "neurodivergence" not in encoder.anchor_of  # no anchor is close: it shapes no vector
    assert encoder.topic_name("grief-and-loss") == "Grief and loss"


def test_a_new_topic_that_shapes_vectors_changes_the_version_so_they_are_refreshed():
    before = community_encoder().version
    TopicFactory(slug="hoarding", name="Hoarding", description="Difficulty letting go of possessions")
    assert community_encoder().version == before  # no anchor close enough: stored vectors stay valid
    TopicFactory(slug="betting", name="Problem betting", description="Sports betting and casino debts")
    assert community_encoder().anchor_of["betting"] == "gambling"
    assert community_encoder().version != before


def test_same_situation_in_other_words_is_closer_than_a_near_miss():
    encoder = community_encoder()
    mum = encoder.encode_one("My mum passed in March and I still pick up the phone to call her.")
    dad = encoder.encode_one("Lost my father to a heart attack last year, it was so sudden.")
    baby = encoder.encode_one("We lost our baby at 20 weeks last month and everyone expects me to be fine.")
    carer = encoder.encode_one("Caring for my husband with dementia, he no longer knows who I am.")
    assert float(mum @ dad) > float(mum @ baby)
    assert float(mum @ dad) > float(mum @ carer)


def test_chosen_topics_pull_the_vector_towards_their_anchor():
    encoder = community_encoder()
    text = "Everything feels heavy lately and I cannot sleep."
    grief = encoder.encode_one("My mum died in March.")
    with_topic = encoder.encode_one(text, ["grief-and-loss"])
    assert float(with_topic @ grief) > float(encoder.encode_one(text) @ grief)
