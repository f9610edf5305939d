"""Plain text with line breaks and links, turned into safe HTML. Pure: no Django imports.

Member text is never trusted as HTML: it is escaped first, links are then wrapped, and the result goes
through nh3 (a maintained sanitiser) allowing only <a href> and <br>, so a bug in the linkifier can
never let markup through.
"""

from __future__ import annotations

import html
import re

import nh3

LINK_REL = "nofollow noopener noreferrer"
# Runs on escaped text: stop at whitespace and at the entities escaping produces for quotes and brackets.
_URL = re.compile(r"https?://(?:(?!&quot;|&#x27;|&lt;|&gt;)\S)+", re.IGNORECASE)
_TRAILING = ".,;:!?)"


def _wrap(match: re.Match[str]) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        tail = url[-1] + tail
        url = url[:-1]
    return f'<a href="{url}">{url}</a>{tail}'


def render_plain_text(text: str) -> str:
    """Escape `text`, link bare http(s) URLs, keep line breaks; returns HTML safe to insert."""
    escaped = html.escape(text.replace("\r\n", "\n").replace("\r", "\n"), quote=True)
    linked = _URL.sub(_wrap, escaped).replace("\n", "<br>")
    return nh3.clean(
        linked,
        tags={"a", "br"},
        attributes={"a": {"href"}},
        link_rel=LINK_REL,
        url_schemes={"http", "https"},
    )
