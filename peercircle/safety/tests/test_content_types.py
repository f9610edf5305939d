"""Goals and thank-you notes reach the crisis path: escalations a moderator sees, reads (unless private to
the writer) and can take down; and crisis re-alerts reach staff who switched moderator alerts off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.core.testing import logged_in
from peercircle.goals import selectors as goals_selectors
from peercircle.goals import services as goals
from peercircle.goals.models import GoalCheckIn, Worksheet
from peercircle.notifications.models import Notification, NotificationPreference
from peercircle.notifications.services import notification_preferences_set
from peercircle.safety import moderation
from peercircle.safety.crisis import crisis_handle_content
from peercircle.safety.models import CONTENT_TYPES, Escalation
from peercircle.safety.screening import ScreenResult
from peercircle.safety.tests.helpers import URGENT, pair
from peercircle.stories import services as stories
from peercircle.stories.models import Status, ThankYou

pytestmark = pytest.mark.django_db


def _queue_page(moderator) -> str:
    return logged_in(moderator).get("/safety/moderation/").content.decode()


def _detail_page(moderator, escalation: Escalation) -> str:
    return logged_in(moderator).get(f"/safety/moderation/escalations/{escalation.pk}/").content.decode()


def test_an_urgent_goal_checkin_note_reaches_the_moderator_queue_with_its_words(member, peer, moderator):
    pair(member, peer)
    goal = goals.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    checkin = goals.goal_checkin_create(goal=goal, user=member, progress="not_this_time", mood=1, note=URGENT)
    escalation = Escalation.objects.get(member=member)
    assert (escalation.content_type, escalation.content_id, escalation.level) == (
        "goal_checkin",
        checkin.pk,
        "urgent",
    )
    assert f"Escalation #{escalation.pk} (goal_checkin)" in _queue_page(moderator)
    assert URGENT in _detail_page(moderator, escalation)


def test_an_unshared_checkin_alerts_moderators_without_showing_its_words(member, moderator):
    goal = goals.goal_create(owner=member, title="Walk")
    goals.goal_checkin_create(
        goal=goal, user=member, progress="not_this_time", mood=1, note=URGENT, is_shared=False
    )
    escalation = Escalation.objects.get(member=member, content_type="goal_checkin")
    page = _detail_page(moderator, escalation)
    assert URGENT not in page and "private to the writer" in page


def test_an_urgent_thank_you_note_reaches_the_moderator_queue(member, peer, moderator):
    story = stories.story_create(author=peer, title="A walk", body="It helped me.")
    note = stories.thank_you_send(sender=member, target_type="story", target_id=story.pk, body=URGENT)
    escalation = Escalation.objects.get(member=member)
    assert (escalation.content_type, escalation.content_id) == ("thank_you", note.pk)
    assert f"Escalation #{escalation.pk} (thank_you)" in _queue_page(moderator)
    assert URGENT in _detail_page(moderator, escalation)
    # when: the moderator removes it
    moderation.moderation_act(
        moderator=moderator, action="remove", reason="crisis", escalation_id=escalation.pk
    )
    # then: the recipient no longer has it
    assert ThankYou.objects.get(pk=note.pk).status == Status.REMOVED


def test_every_content_type_fits_the_escalation_column():
    assert max(len(kind) for kind in CONTENT_TYPES) <= Escalation._meta.get_field("content_type").max_length
    assert {"thank_you", "goal_checkin", "encouragement", "worksheet", "worksheet_suggestion"} <= set(
        CONTENT_TYPES
    )


def _flag(user, content_type: str, content_id: int, **extra) -> Escalation:
    escalation = crisis_handle_content(
        user=user,
        content_type=content_type,
        content_id=content_id,
        result=ScreenResult("concern", 0.6, ["signal"]),
        **extra,
    )
    assert escalation is not None
    return escalation


def test_shared_worksheet_and_encouragement_words_are_captured_and_can_be_taken_down(member, peer, moderator):
    pair(member, peer)
    worksheet = goals.worksheet_create(
        owner=member,
        data={"problem": "Money worries", "first_step": "Call the bank", "shared_with_id": peer.pk},
    )
    goal = goals.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    cheer = goals.goal_encourage(goal=goal, sender=peer, kind="keep_going", note="You can do it, peer words")
    sheet_escalation = _flag(member, "worksheet", worksheet.pk)
    cheer_escalation = _flag(peer, "encouragement", cheer.pk)
    assert "Money worries" in _detail_page(moderator, sheet_escalation)
    assert "Call the bank" in _detail_page(moderator, sheet_escalation)
    assert "peer words" in _detail_page(moderator, cheer_escalation)

    moderation.moderation_act(
        moderator=moderator, action="remove", reason="r", escalation_id=sheet_escalation.pk
    )
    moderation.moderation_act(
        moderator=moderator, action="remove", reason="r", escalation_id=cheer_escalation.pk
    )
    # then: the peer no longer sees the worksheet, and the owner no longer sees the peer's note
    assert Worksheet.objects.get(pk=worksheet.pk).shared_with_id is None
    owners_page = logged_in(member).get(f"/goals/{goal.pk}/").content.decode()
    assert "peer words" not in owners_page
    assert Worksheet.objects.get(pk=worksheet.pk).owner_id == member.pk  # the writer keeps their own


def test_an_unshared_worksheet_is_not_shown_to_moderators(member, moderator):
    worksheet = goals.worksheet_create(owner=member, data={"problem": "Money worries"})
    page = _detail_page(moderator, _flag(member, "worksheet", worksheet.pk))
    assert "Money worries" not in page and "private to the writer" in page


def test_a_worksheet_suggestion_shows_the_suggested_words_and_removal_drops_only_them(
    member, peer, moderator
):
    pair(member, peer)
    worksheet = goals.worksheet_create(
        owner=member, data={"problem": "Money worries", "shared_with_id": peer.pk}
    )
    goals.worksheet_suggest(worksheet=worksheet, user=peer, text="Ask a debt charity")
    Worksheet.objects.filter(pk=worksheet.pk).update(
        suggestions=[{"text": "Owner's own idea", "by": member.handle}, *Worksheet.objects.get().suggestions]
    )
    with_text = _flag(peer, "worksheet_suggestion", worksheet.pk, text="Words handed over by goals")
    assert "Words handed over by goals" in _detail_page(moderator, with_text)
    Escalation.objects.all().delete()
    escalation = _flag(peer, "worksheet_suggestion", worksheet.pk)
    assert "Ask a debt charity" in _detail_page(moderator, escalation)
    moderation.moderation_act(moderator=moderator, action="remove", reason="r", escalation_id=escalation.pk)
    assert [s["text"] for s in Worksheet.objects.get(pk=worksheet.pk).suggestions] == ["Owner's own idea"]


def test_removing_a_checkin_hides_it_from_partners_only(member, peer, moderator):
    pair(member, peer)
    goal = goals.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    checkin = goals.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=3, note="ok today")
    assert list(goals_selectors.checkins_visible(user=peer, goal=goal)) == [checkin]
    escalation = _flag(member, "goal_checkin", checkin.pk)
    moderation.moderation_act(moderator=moderator, action="remove", reason="r", escalation_id=escalation.pk)
    assert list(goals_selectors.checkins_visible(user=peer, goal=goal)) == []
    assert GoalCheckIn.objects.get(pk=checkin.pk).note == "ok today"


def test_crisis_realerts_reach_a_moderator_who_switched_moderator_alerts_off(member, moderator):
    notification_preferences_set(user=moderator, enabled={"moderator_alert": False}, email={})
    # A preference stored before the kind became always-on must not silence it either.
    NotificationPreference.objects.filter(user=moderator, kind="moderator_alert").update(is_enabled=False)
    escalation = _flag(member, "goal_checkin", 0)
    Escalation.objects.filter(pk=escalation.pk).update(level="urgent")
    realerted = moderation.escalations_realert_due(now=timezone.now() + timedelta(hours=1))
    assert [e.pk for e in realerted] == [escalation.pk]
    assert Notification.objects.filter(user=moderator, kind="moderator_alert").count() == 1


def test_urgent_worksheet_suggestion_is_held_and_escalated(db):
    from peercircle.conversations.services import conversation_create
    from peercircle.core.exceptions import ApplicationError
    from peercircle.core.testing.factories import UserFactory
    from peercircle.goals.services import worksheet_create, worksheet_suggest
    from peercircle.safety.models import Escalation

    owner = UserFactory(handle="wsowner")
    peer = UserFactory(handle="wspeer")
    conversation_create(participants=[owner, peer])
    worksheet = worksheet_create(owner=owner, data={"problem": "money worries", "shared_with": peer.pk})
    worksheet.shared_with = peer
    worksheet.save(update_fields=["shared_with"])
    words = "i have the pills saved and i am taking them all tonight"
    with pytest.raises(ApplicationError):
        worksheet_suggest(worksheet=worksheet, user=peer, text=words)
    worksheet.refresh_from_db()
    assert worksheet.suggestions == []  # held from the owner
    escalation = Escalation.objects.get(member=peer, content_type="worksheet_suggestion")
    assert escalation.level == "urgent"
    assert words in escalation.context
