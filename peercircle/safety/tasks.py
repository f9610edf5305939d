"""Background safety work for the task queue: re-alerts, follow-up check-ins and the deep screening pass."""

from __future__ import annotations

from django_tasks import task

from peercircle.core.schedule import every


@every(30)
@task()
def realert_unacknowledged_escalations() -> int:
    """Every 30 s: re-alert all moderators and admins about urgent escalations waiting past the timeout."""
    from peercircle.safety.moderation import escalations_realert_due

    return len(escalations_realert_due())


@every(5 * 60)
@task()
def send_escalation_followups() -> int:
    """Every 5 min: send the check-ins scheduled after an urgent escalation."""
    from peercircle.safety.moderation import escalation_followups_send

    return escalation_followups_send()


@task()
def screen_message_deep(message_id: int) -> str:
    """Re-screen a delivered message with the full stack (lexicon, context, classifier); raise an alert
    when the deep pass finds risk that the fast gating pass did not."""
    from peercircle.conversations.models import Message
    from peercircle.safety.crisis import crisis_handle_message
    from peercircle.safety.screening import ScreenResult, raised, screen_deep

    message = Message.objects.filter(pk=message_id).select_related("sender").first()
    if message is None:
        return "missing"
    context = list(
        Message.objects.filter(conversation_id=message.conversation_id, seq__lt=message.seq, is_held=False)
        .order_by("-seq")
        .values_list("text", flat=True)[:20]
    )[::-1]
    fast = ScreenResult(
        level=message.risk_level, score=message.risk_score, reasons=list(message.risk_reasons)
    )
    deep = screen_deep(message.text, context=context)
    if not raised(fast, deep):
        return fast.level
    crisis_handle_message(message=message, result=deep)
    return deep.level
