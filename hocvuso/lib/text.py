"""Vietnamese text: NFC normalisation at every boundary and accent folding for search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not strip them.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
_COMBINING_DIACRITICS = dict.fromkeys(range(0x0300, 0x0370))


def nfc(value: str | None) -> str:
    """Return `value` in Unicode NFC with surrounding and repeated spaces removed."""
    if value is None:
        return ""
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    # str.split() splits on exactly the characters re's \s matches (incl. U+00A0), and strips.
    return " ".join(text.split())


def fold(value: str | None) -> str:
    """Accent- and case-insensitive key: "Nguyễn Văn Hùng" -> "nguyen van hung"."""
    text = nfc(value)
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    # Vietnamese marks are all in U+0300-U+036F: strip those with one C call; other scripts'
    # combining marks (Khmer ...) take the general path.
    stripped = decomposed.translate(_COMBINING_DIACRITICS)
    if not stripped.isascii():
        stripped = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return stripped.casefold().translate(_FOLD_EXTRA)


def fold_prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds for an index-friendly prefix search on a folded column: lo <= x < hi."""
    return prefix, prefix + "\U0010ffff"


@lru_cache(maxsize=65536)  # names repeat a lot in a roster
def title_name(value: str) -> str:
    """Tidy a person's name: NFC, single spaces, each word capitalised ("nguyễn văn a" -> "Nguyễn Văn A")."""
    words = nfc(value).split(" ")
    return " ".join(w[:1].upper() + w[1:].lower() if w else w for w in words)


_NAME_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*$", re.UNICODE)


@lru_cache(maxsize=65536)
def is_plausible_name(value: str) -> bool:
    """A person's name: letters (any script, incl. Khmer), spaces, apostrophes and hyphens, 2-100 chars."""
    text = nfc(value)
    if not 2 <= len(text) <= 100:
        return False
    if _NAME_ALLOWED.match(text):
        return True
    # Khmer script uses combining signs (category Mc/Mn) inside words; allow them.
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) not in {"Mn", "Mc"})
    return bool(_NAME_ALLOWED.match(cleaned))


_HAMLET_PREFIXES = ("to dan pho ", "ap ", "khom ", "thon ", "phum ", "soc ", "to ")


def hamlet_key(value: str | None) -> str:
    """Matching key of a hamlet name: "Ấp Phú Hòa", "ap phu hoa" and "Phú Hoà" give "phu hoa".

    The kind word in front (ấp, khóm, tổ dân phố ...) is dropped, because rosters write it
    inconsistently; numbered hamlets keep their number ("Khóm 3" -> "3").
    """
    key = fold(value)
    for prefix in _HAMLET_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :].strip()
    return key
