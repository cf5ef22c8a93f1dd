"""Vietnamese phone numbers: 0912 345 678, 0912.345.678, +84912345678 -> 0912345678."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-()]")
# Mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x, 10 digits.
_MOBILE = re.compile(r"^0[35789][0-9]{8}$")
# Landlines: 02x area codes, 11 digits.
_LANDLINE = re.compile(r"^02[0-9]{9}$")


class PhoneError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise(raw: object) -> str:
    """Return the national form 0XXXXXXXXX, "" for an empty value; raise PhoneError otherwise."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = _SEPARATORS.sub("", str(raw).strip())
    if not text:
        return ""
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    elif text.isascii() and text.isdigit() and len(text) in (9, 10) and not text.startswith("0"):
        text = "0" + text  # Excel dropped the leading zero
    if _MOBILE.match(text) or _LANDLINE.match(text):
        return text
    raise PhoneError(str(_("'%(v)s' is not a Vietnamese phone number")) % {"v": raw})
