"""Demo goals: sam has a goal shared with alex, some check-ins, encouragement, and a worksheet."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.goals import services
from peercircle.goals.models import Goal, GoalCheckIn
from peercircle.goals.selectors import peer_ids_for


def _ensure_peers(a: User, b: User) -> bool:
    """sam and alex are matched in the demo; if no conversation seeded them as peers, open one."""
    if b.pk in peer_ids_for(a):
        return True
    try:
        from peercircle.conversations.models import Conversation, Participant
    except ImportError:
        return False
    conversation = Conversation.objects.create()
    Participant.objects.create(conversation=conversation, user=a)
    Participant.objects.create(conversation=conversation, user=b)
    return True


def seed(users: dict[str, User]) -> None:
    """Idempotent: does nothing if sam already has goals."""
    sam, alex = users.get("sam"), users.get("alex")
    if sam is None or alex is None or Goal.objects.filter(owner=sam).exists():
        return
    shared = _ensure_peers(sam, alex)
    goal = services.goal_create(
        owner=sam,
        title="Go for a short walk in the park",
        why="Mum and I used to walk there; being outside helps me breathe.",
        first_step="Ten minutes round the pond after work",
        rhythm="daily",
        partner_ids=[alex.pk] if shared else [],
    )
    now = timezone.now()
    Goal.objects.filter(pk=goal.pk).update(created_at=now - timedelta(days=6))
    entries = [
        (5, "did_it", 3, "Went round the pond twice."),
        (4, "partly", 2, "Only made it to the gate. Rainy."),
        (3, "did_it", 3, ""),
        (1, "not_this_time", 2, "Hard day, stayed in."),
        (0, "did_it", 4, "Saw the heron again."),
    ]
    for days_ago, progress, mood, note in entries:
        checkin = services.goal_checkin_create(goal=goal, user=sam, progress=progress, mood=mood, note=note)
        GoalCheckIn.objects.filter(pk=checkin.pk).update(created_at=now - timedelta(days=days_ago))
    if shared:
        latest = goal.checkins.order_by("-created_at").first()
        services.goal_encourage(
            goal=goal, sender=alex, kind="proud", note="The heron is a good sign.", checkin=latest
        )
    services.worksheet_create(
        owner=sam,
        data={
            "problem": "Sundays are the hardest day; I used to call Mum every Sunday.",
            "options": [
                {
                    "text": "Call my aunt on Sundays",
                    "pros": "She misses Mum too",
                    "cons": "Might make me cry",
                },
                {"text": "Join the Sunday walking group", "pros": "People, fresh air", "cons": "Strangers"},
            ],
            "chosen": 0,
            "first_step": "Text my aunt to ask if Sunday at 4 suits her",
            "shared_with_id": alex.pk if shared else None,
        },
    )
