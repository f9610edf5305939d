"""Writes of the conversations domain. Every message is stored before anyone is told it exists."""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.conversations.contact_guard import contact_details_found
from peercircle.conversations.models import (
    CLIENT_ID_MAX,
    CLOSING_NOTE_MAX,
    TEXT_MAX,
    Conversation,
    Message,
    Participant,
)
from peercircle.conversations.selectors import (
    access_conversation_by_id,
    conversation_group,
    conversation_send_state,
    message_payload,
    participant_ids,
)
from peercircle.core.events import send_event, send_event_on_commit
from peercircle.core.exceptions import ApplicationError, NotFound, PermissionDenied, RateLimited

logger = logging.getLogger(__name__)

CIRCLE_SIZE = (3, 8)
SEND_RATE = (20, 10)  # messages, seconds: per member, across all their conversations and devices
SCREEN_CONTEXT_MESSAGES = 5
_CLIENT_ID = re.compile(rf"^[A-Za-z0-9_.:-]{{1,{CLIENT_ID_MAX}}}$")


def contact_guard_days() -> float:
    """Days a new conversation holds back contact details (admins set PEERCIRCLE["CONTACT_GUARD_DAYS"])."""
    return float(settings.PEERCIRCLE.get("CONTACT_GUARD_DAYS", 3))


@transaction.atomic
def conversation_create(*, participants: list[User], kind: str = "pair") -> Conversation:
    """Open a conversation between matched members (both accepted) or a circle of 3-8.

    Minors are never put in a conversation with adults; the contact guard starts now.
    """
    unique = list({user.pk: user for user in participants}.values())
    if kind == Conversation.Kind.PAIR and len(unique) != 2:
        raise ApplicationError(
            _("A one-on-one conversation needs exactly two people."), code="invalid_participants"
        )
    if kind == Conversation.Kind.CIRCLE and not CIRCLE_SIZE[0] <= len(unique) <= CIRCLE_SIZE[1]:
        raise ApplicationError(_("A circle has 3 to 8 members."), code="invalid_participants")
    if kind not in Conversation.Kind.values:
        raise ApplicationError(_("Unknown kind of conversation."), code="invalid_kind")
    if len({user.is_minor for user in unique}) > 1:
        raise ApplicationError(
            _("Minors and adults cannot share a conversation."), code="invalid_participants"
        )
    days = contact_guard_days()
    now = timezone.now()
    conversation = Conversation.objects.create(
        kind=kind, contact_guard_until=now + timedelta(days=days) if days > 0 else None
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=user, joined_at=now) for user in unique]
    )
    return conversation


def _enforce_send_rate(recent_sends: int | None) -> None:
    count, _window = SEND_RATE
    if (recent_sends or 0) >= count:
        raise RateLimited(_("Slow down a little: you can send up to 20 messages every 10 seconds."))


def _validate(text: str, client_id: str) -> None:
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ApplicationError(_("The message id is not valid."), code="invalid_client_id")
    if not isinstance(text, str) or not text.strip():
        raise ApplicationError(_("Write something before sending."), code="empty_text")
    if len(text) > TEXT_MAX:
        raise ApplicationError(
            _("Messages can be up to %(max)d characters.") % {"max": TEXT_MAX}, code="text_too_long"
        )


def _screen(text: str, context: Callable[[], list[str]]) -> Any:
    """The safety screening that gates delivery (the safety app owns it; pure and fast)."""
    try:
        from peercircle.safety.screening import screen  # type: ignore[attr-defined]
    except ImportError:
        from peercircle.safety.screening.lexicon import screen_text

        return screen_text(text)
    return screen(text, context=context)


def _run_crisis_hook(*, message: Message) -> None:
    """Hand a stored member message the fast screen flagged (concern or urgent) to the crisis path, after
    commit. "none" messages never come here: the safety app deep-screens them in periodic batches."""
    try:
        from peercircle.safety.crisis import crisis_handle_message  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    try:
        crisis_handle_message(message=message)
    except Exception:  # the message is delivered already; a failing hook must be loud, not fatal
        logger.exception("crisis hook failed", extra={"message_id": message.pk})


def _append(
    *,
    conversation: Conversation,
    sender: User | None,
    text: str,
    kind: str,
    client_id: str,
    is_held: bool = False,
    risk: Any = None,
) -> Message:
    """Allocate the next seq on the locked conversation row and insert. Call inside a transaction with
    `conversation` fetched with select_for_update()."""
    conversation.last_seq += 1
    conversation.save(update_fields=["last_seq", "updated_at"])
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        seq=conversation.last_seq,
        client_id=client_id,
        text=text,
        kind=kind,
        is_held=is_held,
        risk_level=getattr(risk, "level", "none"),
        risk_score=float(getattr(risk, "score", 0.0)),
        risk_reasons=list(getattr(risk, "reasons", [])),
    )
    return message


def _publish(message: Message, *, now: bool = False) -> None:
    event = {
        "type": "chat.message",
        "message": message_payload(message),
        # Held messages reach the sender's own pages only.
        "visible_to": [message.sender_id] if message.is_held else None,
    }
    if now:
        send_event(conversation_group(message.conversation_id), event)
    else:
        send_event_on_commit(conversation_group(message.conversation_id), event)


def message_send(
    *, conversation: Conversation, sender: User, text: str, client_id: str, publish: bool = True
) -> tuple[Message, bool]:
    """Store a member's message and deliver it after commit. Returns (message, created).

    Idempotent on `client_id`: a retry returns the stored message (created=False) and re-publishes it, so a
    push lost with a crashed worker still arrives (receivers drop duplicates by seq). Screening runs
    before the message is stored; an urgent message is still delivered and goes to the crisis path.
    Everything happens under the conversation's row lock, which is what makes seqs follow commit order.

    `publish=False` is for a caller that pushes the returned message itself once this returns (after the
    commit), such as the chat consumer on its event loop.
    """
    _validate(text, client_id)
    existing: Message | None = None
    try:
        with transaction.atomic():
            message = _message_insert(
                conversation=conversation, sender=sender, text=text, client_id=client_id
            )
    except (_AlreadyStored, IntegrityError, ApplicationError):
        # A retry: seen before the insert, or the unique (conversation, sender, client_id) constraint
        # closed a race we could not see. A retry of a message stored before the sender left is returned
        # too, as it always was (its ApplicationError is raised only when nothing was stored).
        existing = (
            Message.objects.filter(conversation_id=conversation.pk, sender=sender, client_id=client_id)
            .select_related("sender")
            .first()
        )
        if existing is None:
            raise
    if existing is not None:
        if publish:
            _publish(existing, now=True)
        return existing, False
    if publish:
        # On commit: when a caller's outer transaction is still open, nobody hears of it before that commits.
        send_event_on_commit(conversation_group(message.conversation_id), message_event(message))
    conversation.last_seq = message.seq
    return message, True


class _AlreadyStored(Exception):
    """This client_id is stored already: a retry, not a new message."""


def message_event(message: Message) -> dict[str, Any]:
    """The channel-layer event announcing a stored message (the consumer pushes it to its socket)."""
    return {
        "type": "chat.message",
        "message": message_payload(message),
        # Held messages reach the sender's own pages only.
        "visible_to": [message.sender_id] if message.is_held else None,
    }


_CONVERSATION_ATTNAMES = [field.attname for field in Conversation._meta.concrete_fields]


def _from_db(connection: Any, fields: Sequence[Field[Any, Any]], row: Sequence[Any]) -> list[Any]:
    """A raw row's values as the ORM would return them (SQLite returns datetimes as text, for one)."""
    values = []
    for field, value in zip(fields, row, strict=True):
        col = field.get_col(field.model._meta.db_table)
        for converter in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            value = converter(value, col, connection)
        values.append(value)
    return values


def _sender_checks(
    conversation_id: int, sender: User, client_id: str
) -> list[tuple[int, bool, datetime | None, datetime | None, bool, bool, int]]:
    """One row per current member: (user_id, is_active, suspended_until, muted_until, is_retry, is_blocked,
    recent_sends), in one round trip.

    `is_retry`: the sender stored this client_id already. `is_blocked`: a block between the sender and
    this member, either way. `recent_sends`: the sender's messages in the last SEND_RATE window across all
    conversations, counted from the messages themselves (index on sender and time), so the limit needs no
    cache, holds across devices and processes, and cannot fail open when Redis is away; two sends racing
    in two different conversations can both pass at the limit.

    Hand-written SQL because this runs for every chat message: building the same query with the ORM
    (three subqueries) cost about 1.5 ms of CPU per message, most of the send path (bench.chat).
    """
    connection = connections[router.db_for_write(Message)]
    _count, window = SEND_RATE
    since = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(seconds=window))
    params: list[Any] = [
        conversation_id,
        sender.pk,
        client_id,
        sender.pk,
        sender.pk,
        sender.pk,
        since,
        conversation_id,
    ]
    fields = [User._meta.get_field("suspended_until"), User._meta.get_field("muted_until")]
    with connection.cursor() as cursor:
        cursor.execute(_sender_checks_sql(connection.alias), params)
        rows = cursor.fetchall()
    out = []
    for user_id, is_active, suspended, muted, is_retry, is_blocked, recent in rows:
        suspended, muted = _from_db(connection, fields, (suspended, muted))
        out.append(
            (user_id, bool(is_active), suspended, muted, bool(is_retry), bool(is_blocked), int(recent))
        )
    return out


@functools.cache
def _sender_checks_sql(alias: str) -> str:
    """`_sender_checks` statement, built once per database alias."""
    from peercircle.safety.models import Block

    q = connections[alias].ops.quote_name

    def table(model: Any) -> str:
        return q(model._meta.db_table)

    def col(model: Any, name: str) -> str:
        return q(model._meta.get_field(name).column)

    message, participant, user, block = table(Message), table(Participant), table(User), table(Block)
    m, p, u, b = Message, Participant, User, Block
    return (
        f"SELECT p.{col(p, 'user')}, u.{col(u, 'is_active')}, u.{col(u, 'suspended_until')}, "  # noqa: S608
        f"u.{col(u, 'muted_until')}, "
        f"EXISTS (SELECT 1 FROM {message} m WHERE m.{col(m, 'conversation')} = %s "
        f"AND m.{col(m, 'sender')} = %s AND m.{col(m, 'client_id')} = %s), "
        f"EXISTS (SELECT 1 FROM {block} b WHERE (b.{col(b, 'blocker')} = %s "
        f"AND b.{col(b, 'blocked')} = p.{col(p, 'user')}) OR (b.{col(b, 'blocked')} = %s "
        f"AND b.{col(b, 'blocker')} = p.{col(p, 'user')})), "
        f"(SELECT COUNT(*) FROM {message} m WHERE m.{col(m, 'sender')} = %s "
        f"AND m.{col(m, 'created_at')} >= %s) "
        f"FROM {participant} p INNER JOIN {user} u ON u.{col(u, 'id')} = p.{col(p, 'user')} "
        f"WHERE p.{col(p, 'conversation')} = %s AND p.{col(p, 'left_at')} IS NULL"
    )


def _next_seq(conversation_id: int) -> Conversation:
    """Lock the conversation row and allocate the next seq in one statement; returns the locked row.

    UPDATE ... RETURNING (PostgreSQL, SQLite 3.35+) saves the SELECT ... FOR UPDATE round trip, and on
    SQLite it takes the write lock first, so the reads that follow see the same snapshot as the insert.
    A refused send rolls the increment back with the transaction, so seqs stay gapless.
    """
    db = router.db_for_write(Conversation)
    connection = connections[db]
    table = connection.ops.quote_name(Conversation._meta.db_table)
    if connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 35)
    ):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in Conversation._meta.concrete_fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_seq = last_seq + 1, updated_at = %s WHERE id = %s "  # noqa: S608
                f"RETURNING {columns}",
                [connection.ops.adapt_datetimefield_value(timezone.now()), conversation_id],
            )
            row = cursor.fetchone()
        if row is None:
            raise NotFound()
        values = _from_db(connection, Conversation._meta.concrete_fields, row)
        return Conversation.from_db(db, _CONVERSATION_ATTNAMES, values)
    locked = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
    if locked is None:
        raise NotFound()
    locked.last_seq += 1
    locked.save(update_fields=["last_seq", "updated_at"])
    return locked


def _message_insert(*, conversation: Conversation, sender: User, text: str, client_id: str) -> Message:
    """Allocate the seq, check the sender may write, screen, insert. Call inside a transaction."""
    locked = _next_seq(conversation.pk)
    # One query for the membership and the sender's current standing (a mute may have started since the
    # caller loaded `sender`, e.g. when a WebSocket connected hours ago), the retry check, the blocks
    # between the sender and each member, and the sender's send rate.
    rows = _sender_checks(locked.pk, sender, client_id)
    if rows and rows[0][4]:
        raise _AlreadyStored()  # rolls the seq back; the caller returns the stored message
    members = [row[0] for row in rows]
    standing = next((row for row in rows if row[0] == sender.pk), None)
    if standing is None:
        raise NotFound()
    sender.is_active, sender.suspended_until, sender.muted_until = standing[1:4]
    state = conversation_send_state(
        conversation=locked, user=sender, member_ids=members, blocked_ids={row[0] for row in rows if row[5]}
    )
    if not state.can_send:
        raise PermissionDenied(state.reason, code=state.code)
    _enforce_send_rate(standing[6])

    def context() -> list[str]:
        # Read (and decrypted) only when earlier risk could change this message's level.
        return list(
            Message.objects.filter(conversation_id=locked.pk, is_held=False, is_removed=False)
            .order_by("-seq")
            .values_list("text", flat=True)[:SCREEN_CONTEXT_MESSAGES]
        )[::-1]

    risk = _screen(text, context)
    message = Message.objects.create(
        conversation=locked,
        sender=sender,
        seq=locked.last_seq,
        client_id=client_id,
        text=text,
        kind=Message.Kind.USER,
        is_held=locked.is_contact_guarded and bool(contact_details_found(text)),
        risk_level=getattr(risk, "level", "none"),
        risk_score=float(getattr(risk, "score", 0.0)),
        risk_reasons=list(getattr(risk, "reasons", [])),
    )
    if message.risk_level != "none":
        # Only flagged messages take the crisis path at once (its own transaction); "none" ones cost
        # nothing more here and are deep-screened in batches by peercircle.safety.tasks.
        transaction.on_commit(lambda: _run_crisis_hook(message=message))
    return message


def held_explanation() -> str:
    return _(
        "We held this message back because it looks like it contains contact details (a phone number, email, "
        "link or social media handle). In the first days of a new conversation we keep contact details "
        "inside PeerCircle to keep everyone safe. Your peer has not seen it; you can rephrase and send again."
    )


def system_message_post(
    *, conversation: Conversation, text: str, kind: str = Message.Kind.SYSTEM, sender: User | None = None
) -> Message:
    """A message written by the platform (or a moderator) into the conversation, delivered after commit."""
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        message = _append(
            conversation=locked, sender=sender, text=text, kind=kind, client_id=f"system-{uuid.uuid4().hex}"
        )
        _publish(message)
    return message


def participant_mark_read(*, conversation: Conversation, user: User, seq: int) -> int:
    """Record that `user` has read up to `seq`; tells the others ("seen"). Returns the stored read seq."""
    seq = max(0, min(int(seq), _last_seq(conversation)))
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .filter(conversation=conversation, user=user, left_at__isnull=True)
            .first()
        )
        if participant is None:
            raise NotFound()
        if seq <= participant.last_read_seq:
            return participant.last_read_seq
        participant.last_read_seq = seq
        participant.save(update_fields=["last_read_seq", "updated_at"])
        send_event_on_commit(
            conversation_group(conversation.pk), {"type": "chat.seen", "user_id": user.pk, "seq": seq}
        )
    return seq


def _last_seq(conversation: Conversation) -> int:
    return Conversation.objects.filter(pk=conversation.pk).values_list("last_seq", flat=True).first() or 0


def conversation_end(
    *, conversation: Conversation, user: User, closing_note: str = "", feedback_rating: int | None = None
) -> Conversation:
    """End a conversation for everyone, with a kind closing message; feedback (1-5) stays private."""
    if feedback_rating is not None and not 1 <= feedback_rating <= 5:
        raise ApplicationError(_("Feedback is a number from 1 to 5."), code="invalid_feedback")
    if len(closing_note) > CLOSING_NOTE_MAX:
        raise ApplicationError(_("The closing note is too long."), code="closing_note_too_long")
    conversation = access_conversation_by_id(user, conversation.pk)
    if closing_note.strip() and conversation.is_active:
        # The note is member-written text the peer reads, so it goes through message_send and screening.
        message_send(
            conversation=conversation, sender=user, text=closing_note, client_id=f"closing-{uuid.uuid4().hex}"
        )
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if feedback_rating is not None:
            Participant.objects.filter(conversation=locked, user=user).update(feedback_rating=feedback_rating)
        if not locked.is_active:
            return locked
        _end_locked(
            locked,
            ended_by=user,
            closing_note=closing_note.strip(),
            notice=_(
                "%(handle)s has closed this conversation. Thank you both for what you shared here. "
                'You can find a new peer at any time, and help is always available from "Get help now".'
            )
            % {"handle": user.handle},
        )
    _match_end_with(conversation=locked, user=user)
    return locked


def _end_locked(locked: Conversation, *, ended_by: User | None, closing_note: str, notice: str) -> None:
    """End a conversation fetched with select_for_update(): status, a system notice, a `state` event."""
    locked.status = Conversation.Status.ENDED
    locked.ended_at = timezone.now()
    locked.ended_by = ended_by
    locked.closing_note = closing_note
    locked.save(update_fields=["status", "ended_at", "ended_by", "closing_note", "updated_at"])
    message = _append(
        conversation=locked,
        sender=None,
        text=notice,
        kind=Message.Kind.SYSTEM,
        client_id=f"system-{uuid.uuid4().hex}",
    )
    _publish(message)
    send_event_on_commit(
        conversation_group(locked.pk),
        {
            "type": "chat.state",
            "status": locked.status,
            "code": "conversation_ended",
            "reason": _("This conversation has ended. Nothing more can be sent."),
        },
    )


def _match_end_with(*, conversation: Conversation, user: User) -> None:
    # The two lifecycles end together. Each side's own status is the guard against a loop: this side
    # calls the matching app only while the match is still active, and match_end calls conversation_end
    # only while the conversation is still active, so whichever side ends first, the other ends once.
    from peercircle.matching.services import match_end_with_conversation

    match_end_with_conversation(conversation_id=conversation.pk, user=user)


def conversation_end_with_match(*, conversation_id: int, user: User) -> Conversation | None:
    """End the conversation of a match that just ended, if it is still active (the matching app calls this).

    `user` is whoever ended the match; if they are no longer in the conversation it still ends, in
    their name."""
    conversation = Conversation.objects.filter(pk=conversation_id, status=Conversation.Status.ACTIVE).first()
    if conversation is None:
        return None
    if Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True).exists():
        return conversation_end(conversation=conversation, user=user)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation_id)
        if locked.is_active:
            _end_locked(
                locked,
                ended_by=user,
                closing_note="",
                notice=_("This match has ended, so this conversation is closed. Thank you both."),
            )
    return locked


def conversation_end_without_member(*, conversation: Conversation) -> None:
    """Close a one-on-one whose other member deleted their account (erasure calls this)."""
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if not locked.is_active:
            return
        _end_locked(
            locked,
            ended_by=None,
            closing_note="",
            notice=_("The other member has left PeerCircle, so this conversation is closed."),
        )
    from peercircle.matching.services import match_end_with_conversation

    match_end_with_conversation(conversation_id=locked.pk, user=None)


def conversation_block(
    *, conversation: Conversation, user: User, blocked: User | None = None
) -> Conversation:
    """Block someone from inside a conversation; the conversation then refuses new messages from both.

    In a pair, `blocked` defaults to the other member. Moderators cannot be blocked this way.
    """
    from peercircle.safety.services import audit_log_record, block_create

    conversation = access_conversation_by_id(user, conversation.pk)
    others = [pk for pk in participant_ids(conversation=conversation) if pk != user.pk]
    if blocked is None:
        if len(others) != 1:
            raise ApplicationError(_("Choose who to block."), code="invalid_target")
        blocked = User.objects.get(pk=others[0])
    if blocked.pk not in others:
        raise NotFound()
    with transaction.atomic():
        block_create(blocker=user, blocked=blocked)
        audit_log_record(
            actor=user,
            action="conversation.block",
            target_type="conversation",
            target_id=conversation.pk,
            target_user=blocked,
        )
        send_event_on_commit(
            conversation_group(conversation.pk),
            {
                "type": "chat.state",
                "status": conversation.status,
                "code": "blocked",
                "reason": _("A block is in place in this conversation, so no new messages can be sent."),
            },
        )
    return conversation


def participant_add(
    *, conversation: Conversation, user: User, role: str = Participant.Role.MODERATOR
) -> Participant:
    """Add someone (a moderator joining from the crisis path, or a circle member) with a labelled notice."""
    with transaction.atomic():
        participant, created = Participant.objects.get_or_create(
            conversation=conversation, user=user, defaults={"role": role}
        )
        if not created and participant.left_at is not None:
            participant.left_at = None
            participant.role = role
            # A moderator sees messages from when they (re)joined onwards, not what was said meanwhile.
            participant.joined_at = timezone.now()
            participant.save(update_fields=["left_at", "role", "joined_at", "updated_at"])
            created = True
        if created:
            text = (
                _("A PeerCircle moderator, %(handle)s, has joined to support you both.")
                if role == Participant.Role.MODERATOR
                else _("%(handle)s has joined the conversation.")
            ) % {"handle": user.handle}
            system_message_post(conversation=conversation, text=text)
    return participant


def message_remove(*, moderator: User, content_id: int, reason: str) -> Message:
    """Hide a message for everyone (moderation). The safety app checks the role and writes the audit row."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=content_id).first()
        if message is None:
            raise NotFound()
        if not message.is_removed:
            message.is_removed = True
            message.save(update_fields=["is_removed"])
            send_event_on_commit(
                conversation_group(message.conversation_id), {"type": "chat.removed", "seq": message.seq}
            )
    return message


DISAPPEAR_CHOICES = (24 * 3600, 7 * 24 * 3600)  # seconds a participant can choose for disappearing messages


def disappear_choice_label(seconds: int) -> str:
    return {24 * 3600: _("24 hours"), 7 * 24 * 3600: _("7 days")}.get(seconds, "")


def conversation_disappearing_set(
    *, conversation: Conversation, user: User, seconds: int | None
) -> Conversation:
    """Switch disappearing messages on (24 hours or 7 days) or off for everyone in the conversation.

    Applies to messages sent from now on; every participant sees a system notice saying who changed it.
    """
    if seconds is not None and seconds not in DISAPPEAR_CHOICES:
        raise ApplicationError(_("Choose 24 hours, 7 days or off."), code="invalid_disappearing")
    conversation = access_conversation_by_id(user, conversation.pk)
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if not locked.is_active:
            raise PermissionDenied(
                _("This conversation has ended. Nothing more can be sent."), code="conversation_ended"
            )
        if locked.disappear_after_seconds == seconds:
            return locked
        locked.disappear_after_seconds = seconds
        locked.disappearing_since = timezone.now() if seconds is not None else None
        locked.save(update_fields=["disappear_after_seconds", "disappearing_since", "updated_at"])
        if seconds is None:
            text = _("%(handle)s turned off disappearing messages.") % {"handle": user.handle}
        else:
            text = _("%(handle)s turned on disappearing messages: new messages disappear after %(time)s.") % {
                "handle": user.handle,
                "time": disappear_choice_label(seconds),
            }
        message = _append(
            conversation=locked,
            sender=None,
            text=text,
            kind=Message.Kind.SYSTEM,
            client_id=f"system-{uuid.uuid4().hex}",
        )
        _publish(message)
    return locked


def messages_expire(*, now: datetime | None = None) -> int:
    """Clear the text of members' messages past their conversation's disappearing time; open chat pages
    replace them with a placeholder (a `removed` event with reason "expired"). Returns how many."""
    now = now or timezone.now()
    expired = 0
    conversations = Conversation.objects.filter(
        disappear_after_seconds__isnull=False, disappearing_since__isnull=False
    ).values_list("pk", "disappear_after_seconds", "disappearing_since")
    for conversation_id, seconds, since in conversations:
        if seconds is None or since is None:  # excluded by the query; keeps the types honest
            continue
        with transaction.atomic():
            due = Message.objects.filter(
                conversation_id=conversation_id,
                kind=Message.Kind.USER,
                is_expired=False,
                created_at__gte=since,
                created_at__lt=now - timedelta(seconds=seconds),
            )
            seqs = list(due.values_list("seq", flat=True))
            if not seqs:
                continue
            expired += Message.objects.filter(conversation_id=conversation_id, seq__in=seqs).update(
                text="", is_expired=True, risk_reasons=[]
            )
            for seq in seqs:
                send_event_on_commit(
                    conversation_group(conversation_id),
                    {"type": "chat.removed", "seq": seq, "reason": "expired"},
                )
    return expired
