"""Fixed vocabularies of the accounts domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBracket(models.TextChoices):
    MINOR = "minor", _("13-17")
    ADULT = "adult", _("18 or over")


class Relation(models.TextChoices):
    LIVING_WITH = "living_with", _("I am living with it")
    SUPPORTING = "supporting", _("I support or care for someone who is")
    BEEN_THROUGH = "been_through", _("I have been through it")


class Intent(models.TextChoices):
    GET = "get", _("I would like support")
    GIVE = "give", _("I would like to give support")
    BOTH = "both", _("Both")


class PeerSupporterStatus(models.TextChoices):
    NONE = "none", _("Not offered")
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Not approved")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Admin")


# Group names for roles; permissions are attached in the roles data migration.
ROLE_GROUPS = {
    Role.MEMBER: "Members",
    Role.PEER_SUPPORTER: "Peer supporters",
    Role.MODERATOR: "Moderators",
    Role.ADMIN: "Admins",
}

LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("ur", _("Urdu")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("vi", _("Vietnamese")),
    ("id", _("Indonesian")),
    ("th", _("Thai")),
    ("sw", _("Swahili")),
    ("ga", _("Irish")),
    ("cy", _("Welsh")),
]
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)

DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
PARTS_OF_DAY = [
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
    ("night", _("night")),
]
AVAILABILITY_SLOTS = [f"{day}-{part}" for day, _d in DAYS for part, _p in PARTS_OF_DAY]
AVAILABILITY_CHOICES = [
    (f"{day}-{part}", f"{day_label} {part_label}")
    for day, day_label in DAYS
    for part, part_label in PARTS_OF_DAY
]

HANDLE_MAX = 30
SITUATION_MAX = 2000
ABOUT_MAX = 500
INTERESTS_MAX = 10
INTEREST_MAX = 40
CAPACITY_MAX = 10
