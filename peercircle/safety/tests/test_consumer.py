"""ws/moderation/: members are refused before accept; moderators get live alerts when screening flags."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from peercircle.conversations.tests.ws import WebsocketCommunicator  # channels.testing without daphne
from peercircle.safety.crisis import crisis_handle_message
from peercircle.safety.routing import websocket_urlpatterns
from peercircle.safety.tests.helpers import URGENT, add_message, pair

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _communicator(user):
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/moderation/")
    communicator.scope["user"] = user
    return communicator


async def test_anonymous_and_members_are_refused_before_accept(member):
    for user, code in ((AnonymousUser(), 4401), (member, 4403)):
        communicator = _communicator(user)
        connected, close_code = await communicator.connect()
        assert not connected and close_code == code


async def test_moderator_receives_a_live_alert_when_an_urgent_message_is_screened(moderator, member, peer):
    communicator = _communicator(moderator)
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from())["type"] == "hello"

    def send_urgent():
        conversation = pair(member, peer)
        return crisis_handle_message(message=add_message(conversation, member, URGENT))

    escalation = await database_sync_to_async(send_urgent)()
    event = await communicator.receive_json_from(timeout=3)
    assert event["type"] == "moderation.alert" and event["reason"] == "new"
    assert event["escalation"]["id"] == escalation.pk and event["escalation"]["level"] == "urgent"
    assert event["escalation"]["url"] == f"/safety/moderation/escalations/{escalation.pk}/"
    await communicator.disconnect()


async def test_member_socket_never_hears_moderator_alerts(member, peer):
    communicator = _communicator(member)
    connected, _ = await communicator.connect()
    assert not connected
    await database_sync_to_async(
        lambda: crisis_handle_message(message=add_message(pair(member, peer), member, URGENT))
    )()
    assert await communicator.receive_nothing(timeout=0.2)


async def test_bad_frames_get_an_error_and_the_socket_stays_open(moderator):
    communicator = _communicator(moderator)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.receive_json_from()
    await communicator.send_to(text_data="{not json")
    assert (await communicator.receive_json_from())["code"] == "invalid_json"
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from())["type"] == "pong"
    await communicator.disconnect()
