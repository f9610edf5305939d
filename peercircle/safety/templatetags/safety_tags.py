"""{% crisis_slot conversation.pk %}: the place on a page where crisis cards and peer guidance appear."""

from __future__ import annotations

from typing import Any

from django import template

from peercircle.safety.selectors import crisis_card_for

register = template.Library()


@register.inclusion_tag("safety/_crisis_slot.html", takes_context=True)
def crisis_slot(context: dict[str, Any], conversation_id: int | None = None) -> dict[str, Any]:
    """Renders the member's open crisis card (or guidance about a peer's) now, and loads the script that
    shows cards arriving live (chat.js re-dispatches them as `peercircle:event`)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    card = crisis_card_for(user=user, conversation_id=conversation_id) if user is not None else None  # type: ignore[arg-type]
    return {"card": card, "conversation_id": conversation_id or ""}
