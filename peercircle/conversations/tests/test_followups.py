"""Follow-ups on the chat: crisis cards after a reload, privacy, encryption at rest, lifecycles with matching,
retention and disappearing messages, moderator visibility, connection metrics."""

from __future__ import annotations

import pytest

from peercircle.conversations.services import message_send
from peercircle.core.testing import logged_in
from peercircle.safety.crisis import crisis_handle_message
from peercircle.safety.tests.helpers import URGENT

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
