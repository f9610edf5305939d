from datetime import timedelta

import pytest
from django.utils import timezone

from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.core.testing import logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.goals import selectors, services
from peercircle.goals.models import Encouragement, Goal, GoalCheckIn, GoalRevision
from peercircle.goals.selectors import peer_ids_for
from peercircle.goals.tests.conftest import make_peers
from peercircle.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_peers_are_people_i_share_a_conversation_with(member, other_member):
    stranger = UserFactory()
    make_peers(member, other_member)
    assert peer_ids_for(member) == {other_member.pk}
    assert peer_ids_for(other_member) == {member.pk}
    assert peer_ids_for(stranger) == set()


def test_goal_shared_with_a_peer_notifies_them_and_keeps_a_revision(member, peer):
    goal = services.goal_create(
        owner=member, title="Walk 10 minutes", why="Clear my head", rhythm="daily", partner_ids=[peer.pk]
    )
    assert list(goal.partners.all()) == [peer]
    assert Notification.objects.filter(user=peer, kind="encouragement").count() == 1
    assert goal.revisions.get().action == "created"


def test_sharing_with_a_non_peer_is_refused_and_creates_nothing(member):
    stranger = UserFactory()
    with pytest.raises(ApplicationError):
        services.goal_create(owner=member, title="Walk", partner_ids=[stranger.pk])
    assert not Goal.objects.exists()
    assert not Notification.objects.filter(user=stranger).exists()


def test_length_limits_and_past_end_dates_are_refused(member):
    with pytest.raises(ApplicationError) as exc:
        services.goal_create(owner=member, title="x" * 121)
    assert "title" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        services.goal_create(owner=member, title="ok", end_date=timezone.localdate() - timedelta(days=1))
    assert "end_date" in exc.value.fields
    with pytest.raises(ApplicationError):
        services.goal_create(owner=member, title="   ")
    assert not Goal.objects.exists()


def test_changing_a_goal_keeps_the_old_wording_in_history(member):
    goal = services.goal_create(owner=member, title="Walk", rhythm="weekly")
    services.goal_update(goal=goal, editor=member, data={"title": "Walk twice", "rhythm": "daily"})
    goal.refresh_from_db()
    assert goal.title == "Walk twice"
    change = GoalRevision.objects.filter(goal=goal, action="changed").get()
    assert change.changes == {"title": ["Walk", "Walk twice"], "rhythm": ["weekly", "daily"]}


def test_complete_archive_reopen_record_history(member, peer):
    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    services.goal_complete(goal=goal)
    assert goal.status == "completed" and goal.completed_at is not None
    assert Notification.objects.filter(user=peer, title__contains="completed").exists()
    services.goal_reopen(goal=goal)
    services.goal_archive(goal=goal)
    goal.refresh_from_db()
    assert goal.status == "archived"
    assert [r.action for r in goal.revisions.order_by("id")] == [
        "created",
        "completed",
        "reopened",
        "archived",
    ]
    # an archived goal no longer shows in the partner's list
    assert list(selectors.goals_shared_with(user=peer)) == []


def test_checkin_notifies_partners_only_when_shared(member, peer):
    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    before = Notification.objects.filter(user=peer).count()
    services.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=4, note="Felt good")
    services.goal_checkin_create(
        goal=goal, user=member, progress="partly", mood=2, note="private", is_shared=False
    )
    assert Notification.objects.filter(user=peer).count() == before + 1
    visible = list(selectors.checkins_visible(user=peer, goal=goal))
    assert [c.note for c in visible] == ["Felt good"]
    assert len(selectors.checkins_visible(user=member, goal=goal)) == 2


def test_checkin_validates_and_only_the_owner_may_check_in(member, peer):
    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    with pytest.raises(NotFound):
        services.goal_checkin_create(goal=goal, user=peer, progress="did_it", mood=3)
    with pytest.raises(ApplicationError):
        services.goal_checkin_create(goal=goal, user=member, progress="failed", mood=3)
    with pytest.raises(ApplicationError):
        services.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=6)
    services.goal_archive(goal=goal)
    with pytest.raises(ApplicationError):
        services.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=3)
    assert not GoalCheckIn.objects.exists()


def test_partner_encouragement_reaches_the_owner_and_strangers_cannot_send_it(member, peer):
    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    checkin = services.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=4)
    services.goal_encourage(goal=goal, sender=peer, kind="proud", note="Go you", checkin=checkin)
    note = Notification.objects.get(user=member, kind="encouragement")
    assert "Proud of you" in note.title and note.body == "Go you"
    stranger = UserFactory()
    with pytest.raises(NotFound):
        services.goal_encourage(goal=goal, sender=stranger, kind="proud")
    with pytest.raises(NotFound):
        services.goal_encourage(goal=goal, sender=member, kind="proud")
    assert Encouragement.objects.count() == 1


def _london_noon():
    return timezone.now().replace(month=1, day=15, hour=12, minute=0) + timedelta(days=400)


def test_reminders_are_sent_once_per_period_and_pause_when_unanswered(member):
    now = _london_noon()
    goal = services.goal_create(owner=member, title="Walk", rhythm="daily")
    Goal.objects.filter(pk=goal.pk).update(created_at=now - timedelta(days=2))
    assert services.goal_reminders_send(now=now) == 1
    assert services.goal_reminders_send(now=now) == 0  # already reminded this period
    assert services.goal_reminders_send(now=now + timedelta(days=1)) == 1
    assert services.goal_reminders_send(now=now + timedelta(days=2)) == 1
    assert services.goal_reminders_send(now=now + timedelta(days=3)) == 0  # paused after three
    reminders = Notification.objects.filter(user=member, kind="reminder")
    assert reminders.count() == 3
    # kind wording: a nudge, never a failure message
    assert all("missed" not in r.title.lower() and "fail" not in r.body.lower() for r in reminders)
    # checking in resets the pause
    checkin = services.goal_checkin_create(goal=goal, user=member, progress="not_this_time", mood=3)
    GoalCheckIn.objects.filter(pk=checkin.pk).update(created_at=now + timedelta(days=3))
    assert services.goal_reminders_send(now=now + timedelta(days=4)) == 1


def test_no_reminders_at_night_for_the_member(member):
    goal = services.goal_create(owner=member, title="Walk", rhythm="daily")
    Goal.objects.filter(pk=goal.pk).update(created_at=timezone.now() - timedelta(days=3))
    night = _london_noon().replace(hour=2)
    assert services.goal_reminders_send(now=night) == 0
    assert services.goal_reminders_send(now=night.replace(hour=10)) == 1


def test_completed_goals_get_no_reminders(member):
    goal = services.goal_create(owner=member, title="Walk", rhythm="daily")
    Goal.objects.filter(pk=goal.pk).update(created_at=timezone.now() - timedelta(days=3))
    services.goal_complete(goal=goal)
    assert services.goal_reminders_send(now=_london_noon()) == 0


def test_streak_on_a_goal_counts_not_this_time(member):
    goal = services.goal_create(owner=member, title="Walk", rhythm="daily")
    services.goal_checkin_create(goal=goal, user=member, progress="not_this_time", mood=2)
    assert selectors.goal_streak(goal=goal).current == 1


def test_worksheet_choice_becomes_a_goal_in_one_step_shared_with_the_peer(member, peer):
    worksheet = services.worksheet_create(
        owner=member,
        data={
            "problem": "I can't sleep",
            "options": [
                {"text": "No screens after 10", "pros": "easy", "cons": ""},
                {"text": "Walk at lunch"},
            ],
            "chosen": 0,
            "first_step": "Phone in the kitchen tonight",
            "shared_with_id": peer.pk,
        },
    )
    goal = services.worksheet_make_goal(worksheet=worksheet)
    assert goal.title == "No screens after 10"
    assert goal.first_step == "Phone in the kitchen tonight"
    assert list(goal.partners.all()) == [peer]
    assert services.worksheet_make_goal(worksheet=worksheet) == goal  # one click, one goal
    assert Goal.objects.count() == 1


def test_worksheet_rejects_a_choice_that_is_not_an_option_and_strangers(member):
    stranger = UserFactory()
    with pytest.raises(ApplicationError):
        services.worksheet_create(
            owner=member, data={"problem": "x", "options": [{"text": "a"}], "chosen": 3}
        )
    with pytest.raises(ApplicationError):
        services.worksheet_create(owner=member, data={"problem": "x", "shared_with_id": stranger.pk})
    worksheet = services.worksheet_create(owner=member, data={"problem": "x"})
    with pytest.raises(ApplicationError):
        services.worksheet_make_goal(worksheet=worksheet)
    assert not Goal.objects.exists()


URGENT_NOTE = "I saved up my pills and I am going to take them all tonight"


def test_an_urgent_checkin_note_is_held_from_partners_and_the_writer_sees_support(member, peer):
    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    before = Notification.objects.filter(user=peer).count()
    checkin = services.goal_checkin_create(
        goal=goal, user=member, progress="not_this_time", mood=1, note=URGENT_NOTE
    )
    assert checkin.risk_level == "urgent"
    assert list(selectors.checkins_visible(user=peer, goal=goal)) == []
    assert Notification.objects.filter(user=peer).count() == before
    page = logged_in(member).get(f"/goals/{goal.pk}/").content.decode()
    assert 'href="/safety/help/"' in page and "You don't have to carry this alone" in page
    assert URGENT_NOTE not in logged_in(peer).get(f"/goals/{goal.pk}/").content.decode()


def test_an_ordinary_note_is_not_flagged(member):
    goal = services.goal_create(owner=member, title="Walk")
    checkin = services.goal_checkin_create(
        goal=goal, user=member, progress="did_it", mood=4, note="This walk killed me, lol"
    )
    assert checkin.risk_level == "none"
    assert "carry this alone" not in logged_in(member).get(f"/goals/{goal.pk}/").content.decode()


def test_an_urgent_worksheet_is_not_shown_to_the_peer(member, peer):
    worksheet = services.worksheet_create(
        owner=member, data={"problem": URGENT_NOTE, "shared_with_id": peer.pk}
    )
    assert worksheet.risk_level == "urgent"
    with pytest.raises(NotFound):
        selectors.access_visible_worksheet_by_id(peer, worksheet.pk)
    assert not Notification.objects.filter(user=peer, title__contains="worksheet").exists()


def test_reminder_task_is_scheduled_and_sends_through_the_queue(member):
    from peercircle.core.schedule import PERIODIC
    from peercircle.goals.tasks import send_goal_reminders

    assert any(p.task is send_goal_reminders and p.seconds == 3600 for p in PERIODIC)
    goal = services.goal_create(owner=member, title="Walk", rhythm="weekly")
    Goal.objects.filter(pk=goal.pk).update(created_at=timezone.now() - timedelta(days=8))
    # a time zone where it is around midday now, whatever the wall clock says
    offset = 12 - timezone.now().hour
    member.time_zone = "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
    member.save(update_fields=["time_zone"])
    result = send_goal_reminders.enqueue()
    assert result.return_value == 1
    assert Notification.objects.filter(user=member, kind="reminder").count() == 1


def test_blocking_ends_sharing_both_ways(member, peer):
    from peercircle.safety.models import Block

    goal = services.goal_create(owner=member, title="Walk", partner_ids=[peer.pk])
    Block.objects.create(blocker=member, blocked=peer)
    before = Notification.objects.filter(user=peer).count()
    services.goal_checkin_create(goal=goal, user=member, progress="did_it", mood=4, note="hi")
    assert Notification.objects.filter(user=peer).count() == before
    with pytest.raises(NotFound):
        selectors.access_visible_goal_by_id(peer, goal.pk)
    with pytest.raises(NotFound):
        services.goal_encourage(goal=goal, sender=peer, kind="proud")
    assert list(selectors.goals_shared_with(user=peer)) == []
    assert peer.pk not in peer_ids_for(member)
    assert not Encouragement.objects.exists()


def test_a_goal_past_its_end_date_can_still_be_reworded(member):
    goal = services.goal_create(owner=member, title="Walk", end_date=timezone.localdate())
    Goal.objects.filter(pk=goal.pk).update(end_date=timezone.localdate() - timedelta(days=3))
    goal.refresh_from_db()
    response = logged_in(member).post(
        f"/goals/{goal.pk}/edit/",
        {"title": "Walk more", "rhythm": goal.rhythm, "end_date": goal.end_date.isoformat()},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Walk more"
