"""Follow-ups on the chat: crisis cards after a reload, privacy, encryption at rest, lifecycles with matching,
retention and disappearing messages, moderator visibility, connection metrics."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.conversations import retention
from peercircle.conversations.models import Conversation, Message, Participant
from peercircle.conversations.routing import websocket_urlpatterns
from peercircle.conversations.selectors import conversation_group
from peercircle.conversations.services import (
    conversation_create,
    conversation_disappearing_set,
    conversation_end,
    message_send,
    messages_expire,
    participant_add,
)
from peercircle.conversations.tests.ws import WebsocketCommunicator
from peercircle.core.metrics import OPEN_CONNECTIONS
from peercircle.core.models import RetentionSettings
from peercircle.core.privacy import account_delete, account_export
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory, grant
from peercircle.matching import services as matching
from peercircle.matching.models import Match
from peercircle.matching.tests.factories import GRIEF_A, GRIEF_B
from peercircle.matching.tests.factories import member as matching_member
from peercircle.safety.crisis import crisis_handle_message
from peercircle.safety.tests.helpers import URGENT
from tests.privacy.test_export_and_erasure import _populate, _rows_containing, _stories_words

pytestmark = pytest.mark.django_db


# --- crisis card on page load ------------------------------------------------------------------------


def test_reloaded_page_shows_the_open_crisis_card_and_the_peers_guidance(member, other_member, pair):
    message, _created = message_send(conversation=pair, sender=member, text=URGENT, client_id="u1")
    # The hook may already have escalated after commit; handling again returns the same open escalation.
    assert crisis_handle_message(message=message) is not None
    writer = logged_in(member).get(f"/conversations/{pair.pk}/").content.decode()
    assert "You don't have to face this alone" in writer
    assert writer.index('id="crisis-slot"') < writer.index('id="chat-alerts"')
    peer = logged_in(other_member).get(f"/conversations/{pair.pk}/").content.decode()
    assert "Your peer may be going through a crisis" in peer
    assert "You don't have to face this alone" not in peer


def test_calm_conversation_page_has_an_empty_crisis_slot(member_client, pair):
    body = member_client.get(f"/conversations/{pair.pk}/").content.decode()
    assert 'id="crisis-slot"' in body and "crisis-card" not in body


# --- privacy ----------------------------------------------------------------------------------------


def test_export_holds_my_messages_and_conversations(member, other_member, pair):
    message_send(conversation=pair, sender=member, text="my own words", client_id="e1")
    message_send(conversation=pair, sender=other_member, text="their words", client_id="e2")
    data = account_export(user=member)["conversations"]
    assert [(m["conversation_id"], m["seq"], m["text"]) for m in data["messages"]] == [
        (pair.pk, 1, "my own words")
    ]
    assert data["conversations"][0]["peers"] == ["robin"]
    assert data["conversations"][0]["status"] == "active"


def test_erasure_leaves_the_peer_a_message_deleted_placeholder(member):
    chat = _populate(member)
    peer = next(p.user for p in chat.participants.select_related("user") if p.user_id != member.pk)
    words = _stories_words(member)
    account_delete(user=member)
    page = logged_in(peer).get(f"/conversations/{chat.pk}/").content.decode()
    assert "Message deleted" in page and "narwhal" not in page
    messages = api(logged_in(peer), "get", f"/conversations/{chat.pk}/messages").json()["messages"]
    mine = [m for m in messages if m["sender_id"] == member.pk]
    assert [(m["text"], m["is_deleted"]) for m in mine] == [("", True)]
    assert _rows_containing(words) == [] and _rows_containing("narwhal") == []
    assert not Participant.objects.filter(user=member, left_at__isnull=True).exists()
    # The peer is not left writing into an empty room.
    chat.refresh_from_db()
    assert chat.status == Conversation.Status.ENDED


# --- match and conversation lifecycles --------------------------------------------------------------


def _active_match() -> tuple[Match, User, User]:
    a, b = matching_member("ana", GRIEF_A), matching_member("ben", GRIEF_B)
    matching.match_request_create(member=a)
    matching.match_request_create(member=b)
    match = Match.objects.get()
    matching.match_accept(match=match, user=a)
    matching.match_accept(match=match, user=b)
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE and match.conversation_id is not None
    return match, a, b


def test_ending_the_conversation_ends_its_match_once():
    match, a, _b = _active_match()
    response = api(logged_in(a), "post", f"/conversations/{match.conversation_id}/end", {})
    assert response.json()["status"] == "ended"
    match.refresh_from_db()
    assert (match.status, match.ended_by_id) == (Match.Status.ENDED, a.pk)
    notices = Message.objects.filter(conversation_id=match.conversation_id, kind=Message.Kind.SYSTEM)
    assert [m.text.startswith("ana has closed this conversation") for m in notices] == [True]


def test_ending_the_match_ends_its_conversation_once():
    match, a, b = _active_match()
    matching.match_end(match=match, user=b, helpful=4)
    conversation = Conversation.objects.get(pk=match.conversation_id)
    assert (conversation.status, conversation.ended_by_id) == (Conversation.Status.ENDED, b.pk)
    assert Message.objects.filter(conversation=conversation, kind=Message.Kind.SYSTEM).count() == 1
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED
    # Both are closed now; ending either again changes nothing and does not loop.
    conversation_end(conversation=conversation, user=a)
    assert Message.objects.filter(conversation=conversation).count() == 1


# --- encryption at rest -----------------------------------------------------------------------------


def _raw_text(message_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM conversations_message WHERE id = %s", [message_id])
        return str(cursor.fetchone()[0])


def test_message_text_is_ciphertext_at_rest_and_plain_to_readers(member_client, member, pair):
    message, _created = message_send(conversation=pair, sender=member, text="my secret otter", client_id="x1")
    raw = _raw_text(message.pk)
    assert raw.startswith("enc1:") and "otter" not in raw
    assert Message.objects.get(pk=message.pk).text == "my secret otter"
    assert "my secret otter" in member_client.get(f"/conversations/{pair.pk}/").content.decode()


def test_data_migration_encrypts_old_plain_rows_and_reverses(member, pair):
    message, _created = message_send(conversation=pair, sender=member, text="written before", client_id="x2")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE conversations_message SET text = 'written before' WHERE id = %s", [message.pk])
    migration = importlib.import_module(
        "peercircle.conversations.migrations.0005_encrypt_existing_message_text"
    )
    editor = SimpleNamespace(connection=connection)
    migration.encrypt_message_text(django_apps, editor)
    assert _raw_text(message.pk).startswith("enc1:")
    migration.encrypt_message_text(django_apps, editor)  # running again never double-encrypts
    assert Message.objects.get(pk=message.pk).text == "written before"
    migration.decrypt_message_text(django_apps, editor)
    assert _raw_text(message.pk) == "written before"


# --- retention and disappearing messages ------------------------------------------------------------


def test_retention_deletes_messages_of_long_ended_conversations_only(member, other_member, pair):
    message_send(conversation=pair, sender=member, text="old words", client_id="r1")
    recent = conversation_create(participants=[member, other_member])
    message_send(conversation=recent, sender=member, text="recent words", client_id="r2")
    conversation_end(conversation=pair, user=member, closing_note="bye now")
    conversation_end(conversation=recent, user=member)
    policy = RetentionSettings.load()
    policy.ended_conversation_days = 30
    now = timezone.now() + timedelta(days=31)
    Conversation.objects.filter(pk=recent.pk).update(ended_at=now - timedelta(days=29))
    old_count = Message.objects.filter(conversation=pair).count()
    removed = retention.enforce(now=now, policy=policy)
    assert removed == {"messages": old_count, "closing_notes": 1}
    assert not Message.objects.filter(conversation=pair).exists()
    assert "recent words" in [m.text for m in Message.objects.filter(conversation=recent)]
    assert Conversation.objects.get(pk=pair.pk).closing_note == ""
    policy.ended_conversation_days = 0
    assert retention.enforce(now=now, policy=policy) == {}


def test_a_participant_turns_on_disappearing_messages_and_both_see_the_notice(member, other_member, pair):
    response = api(logged_in(member), "post", f"/conversations/{pair.pk}/disappearing", {"seconds": 86400})
    assert response.status_code == 200 and response.json()["disappear_after_seconds"] == 86400
    page = logged_in(other_member).get(f"/conversations/{pair.pk}/").content.decode()
    assert "sam turned on disappearing messages: new messages disappear after 24 hours." in page
    assert "New messages here disappear after 24 hours." in page
    logged_in(other_member).post(f"/conversations/{pair.pk}/disappearing/", {"seconds": ""})
    pair.refresh_from_db()
    assert pair.disappear_after_seconds is None
    assert (
        "robin turned off disappearing messages."
        in logged_in(member).get(f"/conversations/{pair.pk}/").content.decode()
    )


def test_a_stranger_cannot_change_disappearing_messages(pair):
    client = logged_in(UserFactory())
    assert (
        api(client, "post", f"/conversations/{pair.pk}/disappearing", {"seconds": 86400}).status_code == 404
    )
    assert api(client, "post", f"/conversations/{pair.pk}/disappearing", {"seconds": 5}).status_code in (
        400,
        404,
        422,
    )
    pair.refresh_from_db()
    assert pair.disappear_after_seconds is None
    assert not Message.objects.filter(conversation=pair).exists()


def test_expired_messages_are_cleared_and_open_pages_are_told(
    member, other_member, pair, django_capture_on_commit_callbacks, monkeypatch
):
    # The in-memory layer lets this sync test listen across event loops; the Redis layer's delivery between
    # processes is covered by tests/integration.
    from channels.layers import InMemoryChannelLayer

    memory_layer = InMemoryChannelLayer()
    monkeypatch.setattr("peercircle.core.events.get_channel_layer", lambda: memory_layer)
    before, _c = message_send(conversation=pair, sender=member, text="sent before it was on", client_id="d0")
    conversation_disappearing_set(conversation=pair, user=member, seconds=86400)
    message, _c = message_send(conversation=pair, sender=other_member, text="gone tomorrow", client_id="d1")
    start = timezone.now()
    assert messages_expire(now=start + timedelta(hours=23)) == 0
    layer = memory_layer
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(conversation_group(pair.pk), channel)
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_expire(now=start + timedelta(hours=25)) == 1
    event = async_to_sync(layer.receive)(channel)
    assert event == {"type": "chat.removed", "seq": message.seq, "reason": "expired"}
    stored = Message.objects.get(pk=message.pk)
    assert (stored.text, stored.is_expired) == ("", True)
    assert Message.objects.get(pk=before.pk).text == "sent before it was on"
    messages = api(logged_in(member), "get", f"/conversations/{pair.pk}/messages").json()["messages"]
    assert [m["is_expired"] for m in messages if m["seq"] == message.seq] == [True]
    assert (
        "This message has disappeared."
        in logged_in(member).get(f"/conversations/{pair.pk}/").content.decode()
    )
    assert messages_expire(now=start + timedelta(hours=26)) == 0


# --- moderators see from when they joined; open connections are counted ------------------------------


def _moderator_joins_after_private_talk(member, other_member, pair, moderator):
    message_send(conversation=pair, sender=member, text="private before the moderator", client_id="p1")
    participant_add(conversation=pair, user=moderator)
    message_send(conversation=pair, sender=other_member, text="said after they joined", client_id="p2")


def test_a_moderator_sees_only_messages_since_joining_on_page_and_api(member, other_member, pair, moderator):
    _moderator_joins_after_private_talk(member, other_member, pair, moderator)
    page = logged_in(moderator).get(f"/conversations/{pair.pk}/").content.decode()
    assert "said after they joined" in page and "private before the moderator" not in page
    texts = [
        m["text"]
        for m in api(logged_in(moderator), "get", f"/conversations/{pair.pk}/messages").json()["messages"]
    ]
    assert "private before the moderator" not in texts and "said after they joined" in texts
    assert any("moderator, morgan, has joined" in text for text in texts)
    # The members still see everything.
    members_page = logged_in(other_member).get(f"/conversations/{pair.pk}/").content.decode()
    assert "private before the moderator" in members_page


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_websocket_replay_for_a_moderator_starts_at_joining_and_connections_are_counted():
    member, other, moderator = await database_sync_to_async(
        lambda: (UserFactory(), UserFactory(), UserFactory())
    )()
    await database_sync_to_async(grant)(moderator, "moderator")
    pair = await database_sync_to_async(conversation_create)(participants=[member, other])
    await database_sync_to_async(_moderator_joins_after_private_talk)(member, other, pair, moderator)
    before = OPEN_CONNECTIONS._value.get()
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/conversations/{pair.pk}/")
    communicator.scope["user"] = moderator
    connected, _code = await communicator.connect()
    assert connected and OPEN_CONNECTIONS._value.get() == before + 1
    await communicator.send_json_to({"type": "hello", "v": 1, "last_seq": 0})
    history = await communicator.receive_json_from()
    texts = [m["text"] for m in history["messages"]]
    assert "private before the moderator" not in texts and "said after they joined" in texts
    await communicator.disconnect()
    assert OPEN_CONNECTIONS._value.get() == before
