"""Demo safety content: sam's safety plan, an open concern and a closed escalation, and a report."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peercircle.accounts.models import User
from peercircle.safety.crisis import crisis_handle_content
from peercircle.safety.models import Escalation, Report, SafetyPlan
from peercircle.safety.screening import screen
from peercircle.safety.services import report_create, safety_plan_update

SAM_PLAN = {
    "warning_signs": "Not sleeping, skipping meals, not answering messages, thinking 'what's the point'.",
    "coping_strategies": "A walk round the allotment. Mum's playlist. A hot shower. Writing it down.",
    "distractions": "Tea with Priti next door. The garden centre café. The Saturday parkrun.",
    "people_to_ask": "My aunt June (Mum's sister). My friend Ollie.",
    "professionals": "My GP surgery.\nSamaritans: call 116 123 (24/7)\nShout: text SHOUT to 85258 (24/7)",
    "safe_environment": "Ask Ollie to keep Mum's old prescriptions and take them back to the pharmacy.",
}

CONCERN_STORY = (
    "Evenings are the hardest",
    "Another evening fighting the urge to drink. I feel like such a burden to everyone. They'd be better off "
    "without me having to be checked on all the time.",
)
CLOSED_STORY = (
    "Flare week",
    "Honestly some days I wish I could just disappear for a bit, the pain is relentless and I'm so tired.",
)


def _story(author: User, title: str, body: str) -> int:
    from peercircle.stories.models import Story

    story = Story.objects.filter(author=author, title=title).first()
    if story is None:
        result = screen(f"{title}\n{body}")
        story = Story(author=author, title=title, screen_level=result.level, screen_reasons=result.reasons)
        story.body = body  # the model picks the plain or the encrypted column by visibility
        story.save()
    return story.pk


def seed(users: dict[str, User]) -> None:
    """Idempotent: each piece is created only if it is missing."""
    sam, lee, dana, morgan = (users.get(h) for h in ("sam", "lee", "dana", "morgan"))
    river, sofia = users.get("river"), users.get("sofia")
    if sam is not None and not SafetyPlan.objects.filter(user=sam).exists():
        safety_plan_update(user=sam, data=SAM_PLAN)

    if lee is not None and not Escalation.objects.filter(member=lee).exists():
        story_id = _story(lee, *CONCERN_STORY)
        result = screen("\n".join(CONCERN_STORY))
        if result.level == "none":  # keep the demo queue filled even if the lexicon changes
            result.level, result.score, result.reasons = (
                "concern",
                0.6,
                ["burden: others better off without me"],
            )
        crisis_handle_content(user=lee, content_type="story", content_id=story_id, result=result)

    if dana is not None and morgan is not None and not Escalation.objects.filter(member=dana).exists():
        from peercircle.safety.crisis import escalation_raise
        from peercircle.safety.moderation import escalation_close, escalation_note_add
        from peercircle.safety.screening import ScreenResult

        story_id = _story(dana, *CLOSED_STORY)
        escalation, _ = escalation_raise(
            member=dana,
            content_type="story",
            content_id=story_id,
            result=ScreenResult("concern", 0.55, ["passive wish: disappear"]),
            context=[
                {
                    "content_type": "story",
                    "content_id": story_id,
                    "author": dana.handle,
                    "text": "\n\n".join(CLOSED_STORY),
                    "is_flagged": True,
                }
            ],
            now=timezone.now() - timedelta(days=2),
        )
        escalation_note_add(
            escalation_id=escalation.pk,
            moderator=morgan,
            text="Messaged Dana: exhausted by the flare, no thoughts of ending her life. Shared links.",
        )
        escalation_close(escalation_id=escalation.pk, moderator=morgan, outcome="false_alarm")

    has_report = Report.objects.filter(reporter=river, reported_user=sofia).exists()
    if river is not None and sofia is not None and not has_report:
        report_create(
            reporter=river,
            target_type="user",
            target_id=sofia.pk,
            category="spam",
            note="Keeps sending me links to a paid coaching course.",
        )
