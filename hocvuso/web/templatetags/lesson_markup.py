"""Filters for lesson bodies (web/learning/_lesson_body.html): the one inline markup, and image sizes."""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_VIEWBOX = re.compile(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')
DEFAULT_SIZE = (360, 240)


@register.filter
def inline_markup(value: object) -> SafeString:
    """`**bold**` -> <strong>bold</strong>, after escaping everything else (lesson text is plain)."""
    return mark_safe(_BOLD.sub(r"<strong>\1</strong>", escape(str(value or ""))))  # noqa: S308


@lru_cache(maxsize=512)
def _image_size(src: str) -> tuple[int, int]:
    path = finders.find(src)
    if not path or not isinstance(path, str):
        return DEFAULT_SIZE
    with open(path, "rb") as f:
        head = f.read(2048)
    found = _VIEWBOX.search(head)
    if not found:
        return DEFAULT_SIZE
    return round(float(found.group(1))), round(float(found.group(2)))


@register.filter
def image_width(src: str) -> int:
    """Width of a lesson image from its SVG viewBox, so the page does not jump while it loads."""
    return _image_size(str(src))[0]


@register.filter
def image_height(src: str) -> int:
    return _image_size(str(src))[1]
