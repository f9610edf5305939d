"""Writes for wellbeing check-ins: submit a questionnaire (scored as published), or skip for now."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peercircle.accounts.models import User
from peercircle.core.exceptions import ApplicationError, Conflict, NotFound
from peercircle.wellbeing.instruments import INSTRUMENTS, InvalidAnswers, Score
from peercircle.wellbeing.models import Response, Skip
from peercircle.wellbeing.selectors import next_allowed_at

# Flags after which we show support options with the result.
SUPPORT_FLAGS = frozenset({"phq4_severe"})


def needs_support(flags: Sequence[str]) -> bool:
    """PHQ-4 suggests severe distress: a severe total, or both the anxiety and depression screens positive."""
    flag_set = set(flags)
    return bool(flag_set & SUPPORT_FLAGS) or {"gad2_positive", "phq2_positive"} <= flag_set


def response_submit(
    *, user: User, instrument: str, answers: Sequence[int], now: datetime | None = None
) -> Response:
    """Score and store a completed questionnaire, at most once per instrument per retake period."""
    definition = INSTRUMENTS.get(instrument)
    if definition is None:
        raise NotFound()
    now = now or timezone.now()
    allowed_at = next_allowed_at(user=user, instrument=instrument, now=now)
    if allowed_at is not None:
        raise Conflict(
            _("You can take this one again from %(date)s.") % {"date": date_format(allowed_at, "j F")},
            code="retake_too_soon",
        )
    try:
        score: Score = definition.score(list(answers))
    except InvalidAnswers as exc:
        raise ApplicationError(
            _("Please answer every question."), code="invalid_answers", fields={"answers": [str(exc)]}
        ) from exc
    return Response.objects.create(
        user=user,
        instrument=instrument,
        answers=list(answers),
        total=score.total,
        value=score.value,
        subscores=dict(score.subscores),
        band=score.band,
        flags=sorted(score.flags),
        taken_at=now,
    )


def checkin_skip(*, user: User) -> Skip:
    """ "Not now": the offer goes away until the next interval; nothing else changes."""
    return Skip.objects.create(user=user)
