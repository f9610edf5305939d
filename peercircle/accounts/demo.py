"""Demo members: enough people, topics and situations that every page shows something real."""

from __future__ import annotations

from django.contrib.auth.models import Group

from peercircle.accounts.constants import ROLE_GROUPS, PeerSupporterStatus, Role
from peercircle.accounts.models import Profile, Topic, User
from peercircle.accounts.services import profile_update, role_grant, user_signup

DEMO_PASSWORD = "peercircle-demo"  # noqa: S105 - printed for the demo; never used in production

# handle, age, country, relation, intent, topics, situation, about
DEMO_MEMBERS = [
    (
        "sam",
        "adult",
        "GB",
        "living_with",
        "get",
        ["grief-and-loss"],
        "My mum died in March after a short illness. I keep picking up the phone to call her and I can't "
        "concentrate at work.",
        "Gardener, tea drinker, slowly finding my feet.",
    ),
    (
        "alex",
        "adult",
        "GB",
        "been_through",
        "give",
        ["grief-and-loss", "caring-for-someone"],
        "I lost my dad to a heart attack three years ago. The first year was the hardest; I want to be there "
        "for someone going through it now.",
        "Peer supporter. Walker, reader, cook.",
    ),
    (
        "morgan",
        "adult",
        "GB",
        "been_through",
        "both",
        ["anxiety"],
        "Moderator account.",
        "Community moderator.",
    ),
    ("admin", "adult", "GB", "been_through", "both", [], "", "Community admin."),
    (
        "river",
        "adult",
        "IE",
        "supporting",
        "get",
        ["caring-for-someone", "dementia"],
        "Caring for my husband who has dementia. He doesn't always know who I am any more "
        "and I feel so alone.",
        "Carer, crossword fan.",
    ),
    (
        "jun",
        "adult",
        "US",
        "supporting",
        "both",
        ["caring-for-someone", "dementia"],
        "My dad keeps wandering at night since his Alzheimer's diagnosis and I barely sleep.",
        "Night owl.",
    ),
    (
        "priya",
        "adult",
        "IN",
        "living_with",
        "get",
        ["anxiety", "studying"],
        "Final year exams and panic attacks before every one. I freeze and can't breathe.",
        "Engineering student.",
    ),
    (
        "tomas",
        "adult",
        "DE",
        "been_through",
        "give",
        ["alcohol-recovery"],
        "Two years sober after a decade of heavy drinking. Happy to talk to anyone starting out.",
        "Cyclist. One day at a time.",
    ),
    (
        "lee",
        "adult",
        "AU",
        "living_with",
        "get",
        ["alcohol-recovery"],
        "Trying to stop drinking for the third time. Evenings are the worst.",
        "Musician.",
    ),
    (
        "nadia",
        "adult",
        "CA",
        "living_with",
        "both",
        ["moving-countries", "loneliness"],
        "Moved to Toronto for work six months ago and I don't know anyone. Weekends are very quiet.",
        "Runner, new in town.",
    ),
    (
        "kofi",
        "adult",
        "GB",
        "been_through",
        "give",
        ["moving-countries", "loneliness"],
        "Moved from Ghana to Manchester alone ten years ago; the first winter was brutal.",
        "Teacher.",
    ),
    (
        "ellie",
        "adult",
        "GB",
        "living_with",
        "get",
        ["pregnancy-and-baby-loss"],
        "We lost our baby at 20 weeks last month. Everyone expects me to be fine.",
        "Still here.",
    ),
    (
        "mia",
        "minor",
        "GB",
        "living_with",
        "get",
        ["studying", "anxiety"],
        "GCSEs are coming up and I can't stop worrying that I'll fail everything.",
        "Year 11, likes drawing.",
    ),
    (
        "noah",
        "minor",
        "GB",
        "been_through",
        "both",
        ["studying", "anxiety"],
        "I had really bad exam anxiety last year and got through it. Happy to chat.",
        "Sixth former.",
    ),
    (
        "dana",
        "adult",
        "US",
        "living_with",
        "get",
        ["chronic-pain"],
        "Fibromyalgia for five years; bad flare this month and I had to stop working.",
        "Dog person.",
    ),
    (
        "sofia",
        "adult",
        "ES",
        "been_through",
        "both",
        ["relationships-and-separation"],
        "Divorced last year with two kids; co-parenting is hard but I'm doing better.",
        "Parent of two.",
    ),
]

AVAILABILITY = ["mon-evening", "tue-evening", "wed-evening", "sat-morning", "sun-afternoon"]


def seed(stdout: object = None) -> dict[str, User]:
    """Create the demo members (idempotent) and return them by handle."""
    users: dict[str, User] = {}
    for handle, age, country, relation, intent, topics, situation, about in DEMO_MEMBERS:
        user = User.objects.filter(handle=handle).first()
        if user is None:
            user = user_signup(
                handle=handle,
                password=DEMO_PASSWORD,
                age_bracket=age,
                country=country,
                languages=["en"],
                time_zone="Europe/London",
                accepts_guidelines=True,
            )
            profile_update(
                user=user,
                data={
                    "situation": situation,
                    "about_me": about,
                    "topics": [t for t in topics if Topic.objects.filter(slug=t).exists()],
                    "relation": relation,
                    "intent": intent,
                    "availability": AVAILABILITY,
                    "interests": ["walking", "reading"],
                },
            )
        users[handle] = user
    for handle in ("alex", "tomas", "kofi", "noah", "sofia"):
        profile = Profile.objects.get(user=users[handle])
        if profile.peer_supporter_status != PeerSupporterStatus.APPROVED:
            profile.peer_supporter_status = PeerSupporterStatus.APPROVED
            profile.capacity = 3
            profile.save(update_fields=["peer_supporter_status", "capacity"])
            users[handle].groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[Role.PEER_SUPPORTER])[0])
    moderator = users["morgan"]
    if not moderator.is_moderator:
        role_grant(actor=None, user=moderator, role=Role.MODERATOR)
    admin = users["admin"]
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
        role_grant(actor=None, user=admin, role=Role.ADMIN)
    return users
