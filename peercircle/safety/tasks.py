"""Background safety work for the task queue: re-alerts, follow-up check-ins and the deep screening pass."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from peercircle.core.schedule import every

DEEP_SCREEN_EVERY = 10  # seconds: how late the deep pass may raise an alert the fast pass missed
DEEP_SCREEN_BATCH = 256
DEEP_SCREEN_CHUNK = 10  # messages of one conversation screened against one shared context
DEEP_SCREEN_CONTEXT = 20
# Only messages older than this are read, so a send still committing (ids are allocated before commit, so
# a later id can become visible first) is never stepped over by the high-water mark.
DEEP_SCREEN_SETTLE = timedelta(seconds=5)
# Without a stored mark (first run, or the cache was cleared), start this far back.
DEEP_SCREEN_LOOKBACK = timedelta(minutes=15)
DEEP_SCREEN_MARK = "safety:deep-screen:through-id"


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


@every(DEEP_SCREEN_EVERY)
@task()
def screen_recent_messages_deep() -> int:
    """Every 10 s: re-screen the member messages stored since the last run that the fast pass called
    "none", with the full stack in batches; open the crisis path for each one the deep pass raises.

    This replaces a task per message, which cost every send a second transaction. Returns how many
    messages were raised.
    """
    from peercircle.conversations.models import Message

    now = timezone.now()
    mark = cache.get(DEEP_SCREEN_MARK)
    rows = Message.objects.filter(
        kind=Message.Kind.USER,
        sender__isnull=False,
        risk_level="none",
        created_at__lte=now - DEEP_SCREEN_SETTLE,
    )
    rows = (
        rows.filter(pk__gt=mark)
        if mark is not None
        else rows.filter(created_at__gte=now - DEEP_SCREEN_LOOKBACK)
    )
    batch = list(rows.select_related("sender").order_by("pk")[:DEEP_SCREEN_BATCH])
    if not batch:
        return 0
    raised_count = messages_screen_deep(batch)
    # Stored for long enough to outlive a quiet night; a lost mark only means the lookback runs again.
    cache.set(DEEP_SCREEN_MARK, batch[-1].pk, timeout=7 * 24 * 3600)
    return raised_count


def messages_screen_deep(messages: list[Any]) -> int:
    """Deep-screen stored messages the fast pass called "none"; open the crisis path for the raised ones.

    Context risk is the lexicon's level of earlier messages, and a message stored at "none" has lexicon
    level none (context only raises), so a context of "none" messages cannot change a result: messages
    whose context is all "none" (nearly all) are embedded together in one batch with no context. The rest
    are screened per conversation, in chunks sharing the 20 visible messages before the chunk's last one;
    a flagged message later in the chunk then counts for the earlier ones too, which can only raise, and
    that message took the crisis path itself when it was sent.
    """
    from peercircle.conversations.models import Message
    from peercircle.safety.screening import screen_deep_many

    by_conversation: dict[int, list[Any]] = defaultdict(list)
    for message in messages:
        by_conversation[message.conversation_id].append(message)
    quiet: list[Any] = []
    count = 0
    for conversation_id, group in by_conversation.items():
        group.sort(key=lambda message: message.seq)
        for start in range(0, len(group), DEEP_SCREEN_CHUNK):
            chunk = group[start : start + DEEP_SCREEN_CHUNK]
            rows = list(
                Message.objects.filter(conversation_id=conversation_id, seq__lt=chunk[-1].seq, is_held=False)
                .order_by("-seq")
                .values_list("text", "risk_level")[:DEEP_SCREEN_CONTEXT]
            )[::-1]
            if all(level == "none" for _text, level in rows):
                quiet.extend(chunk)
                continue
            results = screen_deep_many([m.text for m in chunk], context=[text for text, _level in rows])
            count += _raise_deep(chunk, results)
    for start in range(0, len(quiet), DEEP_SCREEN_BATCH):
        chunk = quiet[start : start + DEEP_SCREEN_BATCH]
        count += _raise_deep(chunk, screen_deep_many([m.text for m in chunk]))
    return count


def _raise_deep(messages: list[Any], results: list[Any]) -> int:
    from peercircle.safety.crisis import crisis_handle_message
    from peercircle.safety.screening import ScreenResult, raised

    count = 0
    for message, deep in zip(messages, results, strict=True):
        fast = ScreenResult(
            level=message.risk_level, score=message.risk_score, reasons=list(message.risk_reasons)
        )
        if raised(fast, deep):
            crisis_handle_message(message=message, result=deep)
            count += 1
    return count


@task()
def screen_message_deep(message_id: int) -> str:
    """Re-screen one delivered message with the full stack (lexicon, context, classifier); raise an alert
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
