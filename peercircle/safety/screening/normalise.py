"""Text normalisation for the screening lexicon.

People in distress rarely write dictionary words: they drop apostrophes ("im", "dont"), use chat
shorthand ("rn", "tmrw", "kms"), evasive spellings meant to slip past filters ("unalive", "sewerslide",
"su1c1de") and emoji. Everything is folded here into one plain lowercase form so that the patterns in
`lexicon` are written once, against canonical words.
"""

from __future__ import annotations

import re
import unicodedata

# Emoji that name a means or an act are turned into words; the rest of the emoji survive as themselves
# because some of them ("😂", "💀") mark a joke.
_EMOJI_WORDS = {
    "\U0001f48a": " pillemoji ",  # pill
    "\U0001f52a": " knife ",
    "\U0001faa2": " rope ",  # knot
    "\U0001fa78": " blood ",  # drop of blood
    "\U0001fa92": " razor ",
    "\u26b0": " coffin ",
    "\U0001f52b": " gun ",
}
_LAUGH_EMOJI = "\U0001f602\U0001f923\U0001f480\U0001f62d\U0001f606\U0001f605\U0001f61c\U0001f61d\U0001f60f"

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u0060\u00b4]")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
# A token of letters with digits or symbols inside it ("su1c1de", "k!ll", "mys3lf"); quantities such as
# "800mg" or "3am" and plain numbers are left alone.
# A leet character counts only inside a word ("su1c1de", "k!ll", "mys3lf"): quantities such as "800mg"
# or "3am", plain numbers and a trailing "!" are left alone.
_LEET_INSIDE = re.compile(r"[a-z][013457@$!]+[a-z]|[a-z]{2}[0134]\b")
_UNIT = re.compile(r"^\d+(mg|g|ml|am|pm|x|h|hrs?|mins?|st|nd|rd|th|s|k|yo|yrs?)$")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# "k.m.s" and "o.d" are acronyms, not three sentences.
_DOTTED = re.compile(r"\b(?:[a-z]\.){1,}[a-z]\b\.?")
# Spam such as a hundred pill emoji says no more than three, and would only slow every rule down.
_RUNS = re.compile(r"\b(\w+)(?: \1\b){3,}")
_SPACES = re.compile(r"\s+")

# Whole-word rewrites, applied in order, after apostrophes are gone and leetspeak is folded.
_REWRITES: tuple[tuple[str, str], ...] = (
    (
        r"\bsewer ?slide\b|\bsui ?cide\b|\bsuicde\b|\bsucide\b|\bsuiside\b|\bsu+icide\b|\bs\*+icide\b",
        "suicide",
    ),
    (r"\bsuicidle\b|\bsewer ?slidal\b|\bsuicdal\b", "suicidal"),
    # "unalive" on its own means the writer ("planning to unalive tonight").
    (r"\bun ?-?alive\b(?! (myself|yourself|himself|herself|themselves|him|her|them|you))", "kill myself"),
    (r"\bun ?-?aliv(e|ing|ed)\b", r"kill\1"),
    (r"\bkille\b", "kill"),
    (r"\bkillmyself\b", "kill myself"),
    (r"\bkms+\b", "kill myself"),
    (r"\bctb\b", "kill myself"),
    (r"\bself[ -]?harm", "self harm"),
    (r"\bsh\b", "self harm"),
    (r"\bo\.?d\.?\b(?!\w)", "overdose"),
    (r"\bod(ed|d|'d)\b", "overdosed"),
    (r"\bgonna\b|\bgna\b|\bgunna\b", "going to"),
    (r"\bwanna\b", "want to"),
    # "kys" is abuse aimed at someone else unless the writer plainly means themselves.
    (r"\b(im going to|going to|want to|ill|i) kys\b", r"\1 kill myself"),
    (r"\bgotta\b", "got to"),
    (r"\bimma\b|\bima\b", "im going to"),
    (r"\btmrw+\b|\btmr\b|\btmro\b|\btomoz\b|\b2moro+w?\b|\btomorow\b|\btommorow\b|\btomorrw\b", "tomorrow"),
    (r"\btonite\b|\b2ni(ght|te)\b|\btnight\b", "tonight"),
    (r"\brn\b", "right now"),
    (r"\bomw\b", "on my way"),
    (r"\babt\b", "about"),
    (r"\bjus\b", "just"),
    (r"\burself\b", "yourself"),
    (r"\burselves\b", "yourselves"),
    (r"\bu\b", "you"),
    (r"\bur\b", "your"),
    (r"\by'?all\b", "you all"),
    (r"\bidk\b", "i dont know"),
    (r"\bthx\b|\bty\b|\btysm\b", "thanks"),
    (r"\bcuz\b|\bcos\b|\bbc\b|\bbcs\b", "because"),
    (r"\bppl\b", "people"),
    (r"\bbf\b", "boyfriend"),
    (r"\bgf\b", "girlfriend"),
    (r"\bmom\b|\bmam\b|\bmummy\b", "mum"),
    (r"\bpils\b|\bpillz\b", "pills"),
    (r"\bfor ever\b", "forever"),
    (r"\bi\s+m\b", "im"),
    (r"\bi am\b", "im"),
    (r"\bi will\b", "ill"),
    (r"\bive\b", "i have"),
    (r"\bi would\b", "id"),
    (r"\bdo not\b", "dont"),
    (r"\bwill not\b", "wont"),
    (r"\bcan ?not\b", "cant"),
    (r"\bwould not\b", "wouldnt"),
    (r"\bhave not\b", "havent"),
    (r"\bit is\b", "its"),
    (r"\bthat is\b", "thats"),
)
_COMPILED_REWRITES = tuple((re.compile(p), r) for p, r in _REWRITES)
# Sentence punctuation becomes a clause mark the lexicon can see; the rest becomes a space.
_CLAUSE = re.compile(r"[.!?;:\n]+|,|\s-\s|\u2026")
_JUNK = re.compile(r"[^a-z0-9|\s" + _LAUGH_EMOJI + r"]")


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    if _UNIT.match(token) or not _LEET_INSIDE.search(token):
        return token
    return token.translate(_LEET)


def normalise(text: str) -> str:
    """Fold text into the canonical form the lexicon matches: lowercase words, `|` between clauses."""
    text = unicodedata.normalize("NFKC", text)
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    text = text.casefold()
    # Strip combining accents so "suícide" and "suicide" match alike.
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    text = re.sub(r"[a-z0-9@$!]+", _unleet, text)
    text = _REPEATS.sub(r"\1\1", text)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _CLAUSE.sub(" | ", text)
    text = text.replace("*", "")
    text = _JUNK.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    for pattern, replacement in _COMPILED_REWRITES:
        text = pattern.sub(replacement, text)
    text = _RUNS.sub(r"\1 \1 \1", text)
    return _SPACES.sub(" ", text).strip()
