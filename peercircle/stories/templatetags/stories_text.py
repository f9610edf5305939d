from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from peercircle.stories.text import render_plain_text

register = template.Library()


@register.filter
def plain_text(value: str) -> SafeString:
    """Member text as safe HTML: escaped, links wrapped, line breaks kept (see stories.text)."""
    return mark_safe(render_plain_text(str(value or "")))  # noqa: S308 - sanitised by nh3 just above
