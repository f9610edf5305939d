from __future__ import annotations

import pytest

from peercircle.conversations.models import Message
from peercircle.conversations.services import conversation_create
from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.stories.models import Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource():
    return Resource.objects.create(
        name="Carers Trust",
        description="Local support for unpaid carers.",
        kind=Resource.Kind.CARERS,
        url="https://carers.org",
        state=Resource.State.APPROVED,
    )


def test_helper_shares_a_resource_into_their_conversation_from_the_page(resource):
    helper, member = UserFactory(handle="helper1"), UserFactory(handle="member1")
    conversation = conversation_create(participants=[helper, member])
    client = logged_in(helper)
    page = client.get("/stories/resources/").content.decode()
    assert "Share into a conversation" in page and "member1" in page
    response = client.post(f"/stories/resources/{resource.pk}/share/", {"conversation": conversation.pk})
    assert response.status_code == 302 and response["Location"] == f"/conversations/{conversation.pk}/"
    message = Message.objects.get(conversation=conversation, sender=helper)
    assert "Carers Trust" in message.text and "https://carers.org" in message.text


def test_cannot_share_into_someone_elses_conversation(resource):
    a, b, outsider = UserFactory(handle="a1"), UserFactory(handle="b1"), UserFactory(handle="out1")
    conversation = conversation_create(participants=[a, b])
    response = api(
        logged_in(outsider),
        "post",
        f"/stories/resources/{resource.pk}/share",
        {"conversation_id": conversation.pk},
    )
    assert response.status_code == 404
    assert not Message.objects.filter(conversation=conversation).exclude(sender=None).exists()


def test_unapproved_resource_cannot_be_shared(resource):
    resource.state = Resource.State.PENDING
    resource.save(update_fields=["state"])
    a, b = UserFactory(handle="a2"), UserFactory(handle="b2")
    conversation = conversation_create(participants=[a, b])
    response = api(
        logged_in(a), "post", f"/stories/resources/{resource.pk}/share", {"conversation_id": conversation.pk}
    )
    assert response.status_code == 404
