"""Demo wellbeing data: 48 synthetic adult members with three months of check-ins, and two WHO-5s for sam.

The synthetic members improve a little on average (givers a little less than receivers, with noise),
so the outcome report shows changes with confidence intervals; a few small topics and roles stay under
the minimum group size, so the report also shows suppressed cells.
Re-running it adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from peercircle.accounts.demo import DEMO_PASSWORD
from peercircle.accounts.models import Topic, User
from peercircle.accounts.services import profile_update, user_signup
from peercircle.wellbeing.instruments import INSTRUMENTS
from peercircle.wellbeing.models import Response
from peercircle.wellbeing.services import response_submit

SYNTHETIC_MEMBERS = 48
HISTORY_DAYS = 90
# (topics, share of members); the small ones stay below the default minimum group of 10.
TOPIC_MIX = [
    (["grief-and-loss"], 0.3),
    (["anxiety", "loneliness"], 0.3),
    (["caring-for-someone", "dementia"], 0.2),
    (["alcohol-recovery"], 0.1),
    (["chronic-pain"], 0.1),
]
# Round-robin, so each role has enough people with follow-ups to be reported (not suppressed).
INTENTS = ["get", "give", "both"]
SITUATIONS = {
    "grief-and-loss": "Lost someone close this year and finding the evenings hard.",
    "anxiety": "Worry and panic most days; new in town and on my own a lot.",
    "caring-for-someone": "Caring for a parent with dementia while working.",
    "alcohol-recovery": "A few months sober and taking it a day at a time.",
    "chronic-pain": "Living with long-term pain and trying to stay connected.",
}


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(instrument: str, wellness: float, rng: random.Random) -> list[int]:
    """Answers for a member whose wellbeing is `wellness` in 0-1 (1 = thriving), as on the printed form."""
    if instrument == "who5":
        return [_clip(wellness * 5 + rng.gauss(0, 0.7), 0, 5) for _ in range(5)]
    if instrument == "phq4":
        return [_clip((1 - wellness) * 3 + rng.gauss(0, 0.6), 0, 3) for _ in range(4)]
    if instrument == "ucla3":
        return [_clip(1 + (1 - wellness) * 2 + rng.gauss(0, 0.5), 1, 3) for _ in range(3)]
    raw = []
    for number in range(1, 7):
        agreement = _clip(1 + wellness * 4 + rng.gauss(0, 0.7), 1, 5)
        # Items 2, 4 and 6 are worded negatively: a resilient person disagrees with them.
        raw.append(6 - agreement if number in (2, 4, 6) else agreement)
    return raw


def _member(index: int, rng: random.Random) -> User:
    handle = f"demo-member-{index:02d}"
    existing = User.objects.filter(handle=handle).first()
    if existing is not None:
        return existing
    user = user_signup(
        handle=handle,
        password=DEMO_PASSWORD,
        age_bracket="adult",
        country="GB",
        languages=["en"],
        time_zone="Europe/London",
        accepts_guidelines=True,
    )
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=HISTORY_DAYS + 5))
    threshold = rng.random()
    cumulative = 0.0
    topics = TOPIC_MIX[-1][0]
    for candidate, share in TOPIC_MIX:
        cumulative += share
        if threshold < cumulative:
            topics = candidate
            break
    profile_update(
        user=user,
        data={
            "situation": SITUATIONS[topics[0]],
            "topics": [slug for slug in topics if Topic.objects.filter(slug=slug).exists()],
            "relation": "living_with",
            "intent": INTENTS[(index - 1) % len(INTENTS)],
            "availability": ["mon-evening"],
            "interests": ["walking"],
        },
    )
    return user


def seed(users: dict[str, User]) -> None:
    """Idempotent: members and responses that already exist are left as they are."""
    rng = random.Random(7)
    now = timezone.now()
    for index in range(1, SYNTHETIC_MEMBERS + 1):
        member_rng = random.Random(index)
        user = _member(index, member_rng)
        if Response.objects.filter(user=user).exists():
            continue
        intent = user.profile.intent
        start = member_rng.uniform(0.25, 0.6)
        gain = {"get": 0.22, "give": 0.12, "both": 0.16}[intent] + member_rng.gauss(0, 0.12)
        first_day = HISTORY_DAYS - member_rng.randint(0, 6)
        # A few members only ever did a baseline; the report counts them nowhere.
        visits = 1 if index % 11 == 0 else member_rng.randint(3, 6)
        for visit in range(visits):
            days_ago = max(1, first_day - visit * 14 - member_rng.randint(0, 3))
            progress = min(1.0, (first_day - days_ago) / first_day)
            wellness = min(0.95, max(0.05, start + gain * progress))
            for key in INSTRUMENTS:
                # Not everyone answers everything every time: check-ins are optional.
                if visit and rng.random() < 0.15:
                    continue
                response_submit(
                    user=user,
                    instrument=key,
                    answers=_answers(key, wellness, member_rng),
                    now=now - timedelta(days=days_ago, hours=member_rng.randint(0, 10)),
                )
    sam = users.get("sam")
    if sam is not None and not Response.objects.filter(Q(user=sam) & Q(instrument="who5")).exists():
        response_submit(user=sam, instrument="who5", answers=[2, 1, 2, 1, 2], now=now - timedelta(days=20))
        response_submit(user=sam, instrument="who5", answers=[3, 2, 3, 2, 3], now=now - timedelta(days=3))
