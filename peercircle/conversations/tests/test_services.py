from __future__ import annotations

import sys
import types
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from peercircle.conversations import services
from peercircle.conversations.models import Conversation, Message, Participant
from peercircle.conversations.selectors import (
    access_conversation_by_id,
    conversation_list,
    message_page,
    unread_total,
    visible_messages,
)
from peercircle.conversations.services import (
    conversation_block,
    conversation_create,
    conversation_end,
    message_send,
    participant_mark_read,
)
from peercircle.core.exceptions import ApplicationError, NotFound, PermissionDenied, RateLimited
from peercircle.core.testing.factories import UserFactory
from peercircle.safety.selectors import is_blocked_between

pytestmark = pytest.mark.django_db


def test_messages_get_increasing_seqs_in_send_order(pair, member, other_member):
    texts = ["hi", "how are you?", "ok, thanks", "glad to hear"]
    senders = [member, other_member, member, other_member]
    for i, (sender, text) in enumerate(zip(senders, texts, strict=True)):
        message_send(conversation=pair, sender=sender, text=text, client_id=f"c{i}")
    rows = list(Message.objects.filter(conversation=pair).order_by("seq"))
    assert [m.text for m in rows] == texts
    assert [m.seq for m in rows] == [1, 2, 3, 4]
    pair.refresh_from_db()
    assert pair.last_seq == 4


def test_retry_with_same_client_id_returns_the_original(pair, member):
    first, created = message_send(conversation=pair, sender=member, text="hello", client_id="abc")
    again, created_again = message_send(conversation=pair, sender=member, text="hello", client_id="abc")
    assert created and not created_again
    assert again.pk == first.pk
    assert Message.objects.filter(conversation=pair).count() == 1


def test_the_database_refuses_a_duplicate_client_id(pair, member):
    message_send(conversation=pair, sender=member, text="hello", client_id="abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(conversation=pair, sender=member, seq=99, client_id="abc", text="dup")


def test_a_race_that_slips_past_the_lookup_still_returns_the_original(pair, member, monkeypatch):
    original, _ = message_send(conversation=pair, sender=member, text="hello", client_id="race")
    real_checks = services._sender_checks

    def blind_lookup(*args, **kwargs):  # the pre-insert lookup misses, as in a real race
        return [(*row[:4], False, *row[5:]) for row in real_checks(*args, **kwargs)]

    monkeypatch.setattr(services, "_sender_checks", blind_lookup)
    message, created = message_send(conversation=pair, sender=member, text="hello", client_id="race")
    assert not created and message.pk == original.pk
    assert Message.objects.filter(conversation=pair).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_on_postgres_store_one_message():
    import threading

    from django.db import connections

    a, b = UserFactory(), UserFactory()
    conversation = conversation_create(participants=[a, b])  # type: ignore[list-item]
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def send() -> None:
        try:
            barrier.wait()
            message, _ = message_send(conversation=conversation, sender=a, text="same", client_id="same-key")
            results.append(message.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_contact_details_are_held_during_the_guard(pair, member, other_member):
    message, _ = message_send(
        conversation=pair, sender=member, text="text me on 07700 900123", client_id="c1"
    )
    assert message.is_held
    assert not visible_messages(conversation=pair, user=other_member).filter(pk=message.pk).exists()
    assert visible_messages(conversation=pair, user=member).filter(pk=message.pk).exists()
    assert unread_total(user=other_member) == 0


def test_contact_details_flow_once_the_guard_is_over(pair, member, other_member):
    Conversation.objects.filter(pk=pair.pk).update(contact_guard_until=timezone.now() - timedelta(minutes=1))
    pair.refresh_from_db()
    message, _ = message_send(
        conversation=pair, sender=member, text="text me on 07700 900123", client_id="c1"
    )
    assert not message.is_held
    assert visible_messages(conversation=pair, user=other_member).filter(pk=message.pk).exists()


def test_guard_length_comes_from_settings(member, other_member, settings):
    settings.PEERCIRCLE = {**settings.PEERCIRCLE, "CONTACT_GUARD_DAYS": 0}
    conversation = conversation_create(participants=[member, other_member])
    assert conversation.contact_guard_until is None


def test_blocked_mid_conversation_refuses_new_messages(pair, member, other_member):
    message_send(conversation=pair, sender=member, text="hi", client_id="c1")
    conversation_block(conversation=pair, user=other_member)
    assert is_blocked_between(a=member, b=other_member)
    for sender in (member, other_member):
        with pytest.raises(PermissionDenied) as exc:
            message_send(conversation=pair, sender=sender, text="still there?", client_id="c2")
        assert exc.value.code == "blocked"
    assert Message.objects.filter(conversation=pair).count() == 1


def test_ended_conversation_refuses_new_messages_and_says_goodbye_kindly(pair, member, other_member):
    conversation_end(
        conversation=pair, user=member, closing_note="Thank you for listening.", feedback_rating=5
    )
    pair.refresh_from_db()
    assert pair.status == "ended" and pair.ended_by == member
    kinds = list(Message.objects.filter(conversation=pair).order_by("seq").values_list("kind", "text"))
    assert kinds[0] == ("user", "Thank you for listening.")
    assert kinds[-1][0] == "system" and "Thank you" in kinds[-1][1]
    assert Participant.objects.get(conversation=pair, user=member).feedback_rating == 5
    with pytest.raises(PermissionDenied) as exc:
        message_send(conversation=pair, sender=other_member, text="wait", client_id="c9")
    assert exc.value.code == "conversation_ended"


def test_muted_and_suspended_members_cannot_send(pair, member):
    member.muted_until = timezone.now() + timedelta(hours=1)
    member.save(update_fields=["muted_until"])
    with pytest.raises(PermissionDenied) as exc:
        message_send(conversation=pair, sender=member, text="hi", client_id="c1")
    assert exc.value.code == "muted"
    member.muted_until = None
    member.suspended_until = timezone.now() + timedelta(days=1)
    member.save(update_fields=["muted_until", "suspended_until"])
    with pytest.raises(PermissionDenied) as exc:
        message_send(conversation=pair, sender=member, text="hi", client_id="c2")
    assert exc.value.code == "suspended"
    assert not Message.objects.filter(conversation=pair).exists()


def test_non_participant_cannot_send_or_read(pair):
    stranger = UserFactory()
    with pytest.raises(NotFound):
        access_conversation_by_id(stranger, pair.pk)
    with pytest.raises(NotFound):
        message_send(conversation=pair, sender=stranger, text="hi", client_id="c1")
    with pytest.raises(NotFound):
        access_conversation_by_id(stranger, 999_999)
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("text", "client_id", "code"),
    [
        ("", "c1", "empty_text"),
        ("   ", "c1", "empty_text"),
        ("x" * 4001, "c1", "text_too_long"),
        ("hi", "", "invalid_client_id"),
        ("hi", "bad id!", "invalid_client_id"),
        ("hi", "x" * 65, "invalid_client_id"),
    ],
)
def test_invalid_messages_are_refused(pair, member, text, client_id, code):
    with pytest.raises(ApplicationError) as exc:
        message_send(conversation=pair, sender=member, text=text, client_id=client_id)
    assert exc.value.code == code
    assert not Message.objects.exists()


def test_html_is_stored_as_written(pair, member):
    text = "<script>alert(1)</script> & <b>bold</b>"
    message, _ = message_send(conversation=pair, sender=member, text=text, client_id="c1")
    message.refresh_from_db()
    assert message.text == text


def test_rate_limit_slows_down_the_21st_message(pair, member, monkeypatch):
    for i in range(20):
        message_send(conversation=pair, sender=member, text=f"m{i}", client_id=f"c{i}")
    with pytest.raises(RateLimited):
        message_send(conversation=pair, sender=member, text="one more", client_id="c20")
    # a retry of an already stored message is not a new message and is not refused
    message, created = message_send(conversation=pair, sender=member, text="m3", client_id="c3")
    assert not created and message.seq == 4
    assert Message.objects.filter(conversation=pair).count() == 20


def test_urgent_message_is_delivered_and_hook_runs_once_after_commit(
    pair, member, other_member, monkeypatch, django_capture_on_commit_callbacks
):
    calls: list[Message] = []
    fake = types.ModuleType("peercircle.safety.crisis")
    fake.crisis_handle_message = lambda *, message: calls.append(message)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "peercircle.safety.crisis", fake)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message, _ = message_send(
            conversation=pair,
            sender=member,
            text="I have saved up my pills and I am going to take them all tonight",
            client_id="c1",
        )
    assert calls == []  # nothing runs before the commit
    for callback in callbacks:
        callback()
    assert [m.pk for m in calls] == [message.pk]
    message.refresh_from_db()
    assert message.risk_level == "urgent" and message.risk_reasons
    assert not message.is_held
    assert visible_messages(conversation=pair, user=other_member).filter(pk=message.pk).exists()


def test_screening_gets_recent_context(pair, member, other_member, monkeypatch):
    seen: list[tuple[str, list[str]]] = []

    def fake_screen(text: str, context):
        seen.append((text, context()))  # the real screen calls it only when earlier risk could matter
        return types.SimpleNamespace(level="none", score=0.0, reasons=[])

    monkeypatch.setattr(services, "_screen", fake_screen)
    message_send(conversation=pair, sender=member, text="first", client_id="c1")
    message_send(conversation=pair, sender=other_member, text="second", client_id="c2")
    assert seen[-1] == ("second", ["first"])


def test_missing_crisis_module_is_skipped(pair, member, monkeypatch):
    monkeypatch.setitem(sys.modules, "peercircle.safety.crisis", None)  # import raises ImportError
    message = Message(pk=1)
    services._run_crisis_hook(message=message)  # does not raise


def test_mark_read_clears_unread_and_never_goes_backwards(pair, member, other_member):
    for i in range(3):
        message_send(conversation=pair, sender=member, text=f"m{i}", client_id=f"c{i}")
    assert unread_total(user=other_member) == 3
    assert unread_total(user=member) == 0
    assert participant_mark_read(conversation=pair, user=other_member, seq=2) == 2
    assert unread_total(user=other_member) == 1
    assert participant_mark_read(conversation=pair, user=other_member, seq=1) == 2
    assert participant_mark_read(conversation=pair, user=other_member, seq=999) == 3
    listed = conversation_list(user=other_member)
    assert [c.unread for c in listed] == [0]
    assert [u.pk for u in listed[0].others] == [member.pk]


def test_message_page_cursors(pair, member):
    for i in range(7):
        message_send(conversation=pair, sender=member, text=f"m{i}", client_id=f"c{i}")
    newest, more = message_page(conversation=pair, user=member, limit=3)
    assert [m.seq for m in newest] == [5, 6, 7] and more
    older, more = message_page(conversation=pair, user=member, before_seq=5, limit=3)
    assert [m.seq for m in older] == [2, 3, 4] and more
    after, more = message_page(conversation=pair, user=member, after_seq=5, limit=3)
    assert [m.seq for m in after] == [6, 7] and not more


def test_minors_and_adults_never_share_a_conversation(member, minor):
    with pytest.raises(ApplicationError):
        conversation_create(participants=[member, minor])
    assert not Conversation.objects.exists()


def test_circle_of_three_shares_one_sequence(member, other_member):
    third = UserFactory()
    circle = conversation_create(participants=[member, other_member, third], kind="circle")  # type: ignore[list-item]
    message_send(conversation=circle, sender=third, text="hello all", client_id="c1")
    for user in (member, other_member):
        assert [m.text for m in visible_messages(conversation=circle, user=user)] == ["hello all"]


def test_removed_message_is_hidden_from_everyone(pair, member, other_member, moderator):
    message, _ = message_send(conversation=pair, sender=member, text="something hurtful", client_id="c1")
    services.message_remove(moderator=moderator, content_id=message.pk, reason="harassment")
    from peercircle.conversations.selectors import message_payload

    payload = message_payload(visible_messages(conversation=pair, user=other_member).get(pk=message.pk))
    assert payload["is_removed"] and payload["text"] == ""


def test_rate_limit_counts_across_conversations_and_frees_up_after_the_window(member, other_member):
    third = UserFactory()
    first = conversation_create(participants=[member, other_member])
    second = conversation_create(participants=[member, third])
    for i in range(20):
        target = first if i % 2 else second
        message_send(conversation=target, sender=member, text=f"m{i}", client_id=f"c{i}")
    with pytest.raises(RateLimited):
        message_send(conversation=first, sender=member, text="one more", client_id="c20")
    # the peer's own limit is untouched
    message_send(conversation=first, sender=other_member, text="hi", client_id="p1")
    # once the window has passed, the member may write again
    Message.objects.filter(sender=member).update(created_at=timezone.now() - timedelta(seconds=11))
    _message, created = message_send(conversation=first, sender=member, text="back", client_id="c21")
    assert created
