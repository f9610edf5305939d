"""Why two people were matched, in words both may see.

Built only from what both chose to share with a match (topics, role, availability) and from the stored
vectors; a profile never carries the private situation text, so it cannot leak into a reason.
Each reason is a message id plus parameters, so the web layer can translate it (`gettext(msgid) % params`);
`explain_pair` gives the English text for the operator commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from peercircle.matching.engine.profile import DAYS, MatchProfile
from peercircle.matching.engine.scoring import is_complementary, situation_similarity


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (makemessages knows this name) without importing Django here."""
    return message


SIMILAR_SITUATION_THRESHOLD = 0.6
_DAY_NAMES = dict(
    zip(
        DAYS,
        (
            gettext_noop("Monday"),
            gettext_noop("Tuesday"),
            gettext_noop("Wednesday"),
            gettext_noop("Thursday"),
            gettext_noop("Friday"),
            gettext_noop("Saturday"),
            gettext_noop("Sunday"),
        ),
        strict=True,
    )
)
_SAME_ROLE = {
    "living_with": gettext_noop("You are both going through this yourselves"),
    "supporting": gettext_noop("You are both caring for someone"),
    "been_through": gettext_noop("You have both been through this"),
}


@dataclass(frozen=True)
class Reason:
    msgid: str
    params: dict[str, str] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = gettext_noop) -> str:
        return translate(self.msgid) % self.params if self.params else translate(self.msgid)


def _slot_words(slot: str) -> str:
    day, _, part = slot.partition("-")
    return f"{_DAY_NAMES.get(day, day)} {part}"


def explain_pair_parts(
    a: MatchProfile,
    b: MatchProfile,
    *,
    topic_name: Callable[[str], str] | None = None,
    inferred_topic: Callable[[np.ndarray], str | None] | None = None,
) -> list[Reason]:
    """Reasons for the pair (a, b), most telling first. The same list is right for both people."""
    name = topic_name or (lambda slug: slug.replace("-", " ").replace("_", " "))
    reasons: list[Reason] = []
    shared_topics = sorted(a.topics & b.topics)
    if shared_topics:
        reasons.append(
            Reason(
                gettext_noop("You both chose: %(topics)s"), {"topics": ", ".join(map(name, shared_topics))}
            )
        )
    if situation_similarity(a, b) >= SIMILAR_SITUATION_THRESHOLD:
        kind = None
        if inferred_topic is not None and a.situation_vector is not None and b.situation_vector is not None:
            kind_a, kind_b = inferred_topic(a.situation_vector), inferred_topic(b.situation_vector)
            kind = kind_a if kind_a == kind_b and kind_a not in shared_topics else None
        if kind:
            reasons.append(
                Reason(
                    gettext_noop("You both describe a situation about %(kind)s"), {"kind": name(kind).lower()}
                )
            )
        else:
            reasons.append(Reason(gettext_noop("You describe similar situations")))
    if a.relation == b.relation:
        reasons.append(Reason(_SAME_ROLE[a.relation]))
    elif is_complementary(a, b):
        reasons.append(Reason(gettext_noop("One of you has been through this and offers support")))
    shared_interests = sorted(a.interests & b.interests)
    if shared_interests:
        reasons.append(
            Reason(
                gettext_noop("You share interests: %(interests)s"), {"interests": ", ".join(shared_interests)}
            )
        )
    shared_slots = _slot_order(a.availability & b.availability)
    if shared_slots:
        words = ", ".join(_slot_words(slot) for slot in shared_slots[:3])
        reasons.append(Reason(gettext_noop("You are both usually free on %(times)s"), {"times": words}))
    shared_languages = sorted(a.languages & b.languages)
    if not reasons and shared_languages:
        reasons.append(
            Reason(
                gettext_noop("You share a language: %(languages)s"),
                {"languages": ", ".join(shared_languages)},
            )
        )
    return reasons


def _slot_order(slots: frozenset[str]) -> list[str]:
    from peercircle.matching.engine.profile import SLOTS

    return [slot for slot in SLOTS if slot in slots]


def explain_pair(
    a: MatchProfile,
    b: MatchProfile,
    *,
    topic_name: Callable[[str], str] | None = None,
    inferred_topic: Callable[[np.ndarray], str | None] | None = None,
) -> list[str]:
    """Reasons for the pair in English (the operator commands print these)."""
    return [
        reason.render()
        for reason in explain_pair_parts(a, b, topic_name=topic_name, inferred_topic=inferred_topic)
    ]
