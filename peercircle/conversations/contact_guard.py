"""Spotting contact details (phone numbers, emails, social handles, links) in a message. Pure: no Django.

Early in a match these are held back to protect people from grooming and harassment; false positives
only delay a message, so the patterns lean towards catching evasive spellings.
"""

from __future__ import annotations

import re

_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{6,}\d(?![\w])")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_EMAIL_SPELLED = re.compile(
    r"[\w.+-]+\s*(?:\(at\)|\[at\]|\bat\b)\s*[\w-]+\s*(?:\.|\(dot\)|\[dot\]|\bdot\b)\s*"
    r"(?:com|net|org|co|uk|io|me|de|fr|edu)\b",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|io|me|co|uk|ly|gg|app|link|info)\b(?:/\S*)?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{3,30}\b")
_PLATFORMS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|whats\s?app|telegram|tiktok|discord|facebook|fb|twitter|kik|"
    r"signal|wechat|skype|reddit|threads"
)
_SOCIAL = re.compile(
    rf"\b(?:my\s+)?(?:{_PLATFORMS})\b\s*(?:is|:|handle|name|id|username|@)"
    r"|\b(?:add|follow|find|dm|message|text|call|ring|hmu|contact|reach)\s+me\s+(?:on|at|via|up\s+on)\b",
    re.IGNORECASE,
)


def _phone_found(text: str) -> bool:
    for match in _PHONE.finditer(text):
        candidate = match.group(0).strip()
        digits = sum(ch.isdigit() for ch in candidate)
        if digits >= 8 and not _YEAR_RANGE.match(candidate):
            return True
    return False


def contact_details_found(text: str) -> list[str]:
    """The kinds of contact detail in `text` ("phone", "email", "link", "social"), empty when none."""
    kinds: list[str] = []
    if _phone_found(text):
        kinds.append("phone")
    if _EMAIL.search(text) or _EMAIL_SPELLED.search(text):
        kinds.append("email")
    if _URL.search(text):
        kinds.append("link")
    if _HANDLE.search(text) or _SOCIAL.search(text):
        kinds.append("social")
    return kinds
