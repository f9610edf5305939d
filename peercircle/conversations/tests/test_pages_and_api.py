from __future__ import annotations

import pytest

from peercircle.conversations.context import unread_messages
from peercircle.conversations.models import Conversation, Message, Participant
from peercircle.conversations.services import conversation_create, message_send
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.safety.selectors import is_blocked_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger_client():
    return logged_in(UserFactory(handle="stranger"))


@pytest.fixture
def unread_badge(settings):
    """The nav badge's context processor (the lead registers it in settings; ensure it here either way)."""
    processor = "peercircle.conversations.context.unread_messages"
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]
    processors = templates[0]["OPTIONS"]["context_processors"]
    if processor not in processors:
        templates[0]["OPTIONS"]["context_processors"] = [*processors, processor]
    settings.TEMPLATES = templates


def test_index_lists_my_conversations_with_unread_counts(member_client, pair, other_member, unread_badge):
    message_send(conversation=pair, sender=other_member, text="hello", client_id="c1")
    response = member_client.get("/conversations/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "robin" in body and "1 unread" in body
    assert response.context["unread_messages"] == 1


def test_detail_shows_history_escaped_and_marks_read(member_client, member, pair, other_member):
    message_send(conversation=pair, sender=other_member, text="<script>alert('x')</script>", client_id="c1")
    response = member_client.get(f"/conversations/{pair.pk}/")
    body = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "<script>alert" not in body
    assert 'role="log"' in body and 'aria-live="polite"' in body
    assert "/safety/report/?target_type=message&amp;target_id=" in body
    assert Participant.objects.get(conversation=pair, user=member).last_read_seq == 1


def test_form_post_sends_without_javascript(member_client, pair):
    response = member_client.post(
        f"/conversations/{pair.pk}/send/", {"text": "hi there", "client_id": "form-1"}
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/conversations/{pair.pk}/#composer"
    )
    again = member_client.post(f"/conversations/{pair.pk}/send/", {"text": "hi there", "client_id": "form-1"})
    assert again.status_code == 302
    assert list(Message.objects.filter(conversation=pair).values_list("text", flat=True)) == ["hi there"]


def test_held_message_explains_itself_on_the_page(member_client, pair):
    response = member_client.post(
        f"/conversations/{pair.pk}/send/", {"text": "email me at a@b.com", "client_id": "f1"}, follow=True
    )
    assert "held this message back" in response.content.decode()


def test_someone_elses_conversation_is_404_and_nothing_changes(stranger_client, pair):
    assert stranger_client.get(f"/conversations/{pair.pk}/").status_code == 404
    assert (
        stranger_client.post(f"/conversations/{pair.pk}/send/", {"text": "x", "client_id": "a"}).status_code
        == 404
    )
    assert stranger_client.post(f"/conversations/{pair.pk}/end/").status_code == 404
    assert stranger_client.post(f"/conversations/{pair.pk}/block/").status_code == 404
    for path, body in [("", None), ("/messages", None)]:
        assert api(stranger_client, "get", f"/conversations/{pair.pk}{path}", body).status_code == 404
    for path, body in [
        ("/messages", {"client_id": "a", "text": "x"}),
        ("/read", {"seq": 1}),
        ("/end", {}),
        ("/block", {}),
    ]:
        response = api(stranger_client, "post", f"/conversations/{pair.pk}{path}", body)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    pair.refresh_from_db()
    assert pair.status == "active" and not Message.objects.exists()
    assert not is_blocked_between(a=pair.participants.all()[0].user, b=pair.participants.all()[1].user)


def test_api_send_is_idempotent_and_pages_by_seq(member_client, pair):
    first = api(
        member_client, "post", f"/conversations/{pair.pk}/messages", {"client_id": "k1", "text": "one"}
    )
    retry = api(
        member_client, "post", f"/conversations/{pair.pk}/messages", {"client_id": "k1", "text": "one"}
    )
    assert first.status_code == 201 and retry.status_code == 200
    assert first.json()["id"] == retry.json()["id"] and retry.json()["created"] is False
    for i in range(2, 5):
        api(
            member_client,
            "post",
            f"/conversations/{pair.pk}/messages",
            {"client_id": f"k{i}", "text": f"m{i}"},
        )
    page = api(member_client, "get", f"/conversations/{pair.pk}/messages?after_seq=1&limit=2").json()
    assert [m["seq"] for m in page["messages"]] == [2, 3] and page["has_more"]
    page = api(member_client, "get", f"/conversations/{pair.pk}/messages?before_seq=2").json()
    assert [m["seq"] for m in page["messages"]] == [1] and not page["has_more"]


def test_api_rejects_oversized_and_unknown_fields(member_client, pair):
    too_long = api(
        member_client, "post", f"/conversations/{pair.pk}/messages", {"client_id": "k", "text": "x" * 4001}
    )
    extra = api(
        member_client,
        "post",
        f"/conversations/{pair.pk}/messages",
        {"client_id": "k", "text": "x", "sender_id": 1},
    )
    assert too_long.status_code == 422 and extra.status_code == 422
    assert not Message.objects.exists()


def test_api_list_detail_read_end_and_block(member_client, member, other_member, pair):
    message_send(conversation=pair, sender=other_member, text="hi", client_id="c1")
    listed = api(member_client, "get", "/conversations/").json()
    assert [(c["id"], c["unread"]) for c in listed] == [(pair.pk, 1)]
    assert api(member_client, "post", f"/conversations/{pair.pk}/read", {"seq": 1}).json() == {
        "last_read_seq": 1
    }
    detail = api(member_client, "get", f"/conversations/{pair.pk}").json()
    assert detail["unread"] == 0 and detail["can_send"]
    blocked = api(member_client, "post", f"/conversations/{pair.pk}/block", {}).json()
    assert blocked["can_send"] is False and blocked["code"] == "blocked"
    assert is_blocked_between(a=member, b=other_member)
    refused = api(
        member_client, "post", f"/conversations/{pair.pk}/messages", {"client_id": "k9", "text": "x"}
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "blocked"
    ended = api(member_client, "post", f"/conversations/{pair.pk}/end", {"feedback_rating": 4}).json()
    assert ended["status"] == "ended"
    assert Participant.objects.get(conversation=pair, user=member).feedback_rating == 4


def test_end_from_the_page(member_client, pair):
    response = member_client.post(
        f"/conversations/{pair.pk}/end/", {"closing_note": "Take care of yourself.", "feedback_rating": "5"}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Conversation.Status.ENDED
    page = member_client.get(f"/conversations/{pair.pk}/").content.decode()
    assert "has closed this conversation" in page and 'id="composer"' not in page


def test_unread_context_processor(rf, member, other_member, pair):
    message_send(conversation=pair, sender=other_member, text="a", client_id="c1")
    message_send(conversation=pair, sender=other_member, text="b", client_id="c2")
    request = rf.get("/")
    request.user = member
    assert unread_messages(request) == {"unread_messages": 2}


def test_demo_seed_is_idempotent():
    from peercircle.conversations.demo import DEMO_MESSAGES, seed

    users = {"sam": UserFactory(handle="sam"), "alex": UserFactory(handle="alex")}
    seed(users)
    seed(users)
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == len(DEMO_MESSAGES)


def test_pair_conversation_needs_two(member):
    from peercircle.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        conversation_create(participants=[member])
