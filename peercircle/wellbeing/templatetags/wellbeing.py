"""`{% load wellbeing %}{% wellbeing_offer_card %}`: the dismissible check-in offer, for any page."""

from __future__ import annotations

from typing import Any

from django import template

from peercircle.wellbeing.selectors import checkin_offer

register = template.Library()


@register.inclusion_tag("wellbeing/_offer_card.html", takes_context=True)
def wellbeing_offer_card(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    offer = checkin_offer(user=user) if user is not None and user.is_authenticated else None
    return {"offer": offer, "csrf_token": context.get("csrf_token"), "request": request}
