"""Vietnamese text: NFC normalisation at every boundary and accent folding for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not strip them.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(value: str | None) -> str:
    """Return `value` in Unicode NFC with surrounding and repeated spaces removed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip()


def fold(value: str | None) -> str:
    """Accent- and case-insensitive key: "Nguyễn Văn Hùng" -> "nguyen van hung"."""
    text = nfc(value).translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.casefold().translate(_FOLD_EXTRA)


def fold_prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds for an index-friendly prefix search on a folded column: lo <= x < hi."""
    return prefix, prefix + "\U0010ffff"


def title_name(value: str) -> str:
    """Tidy a person's name: NFC, single spaces, each word capitalised ("nguyễn văn a" -> "Nguyễn Văn A")."""
    words = nfc(value).split(" ")
    return " ".join(w[:1].upper() + w[1:].lower() if w else w for w in words)


_NAME_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*$", re.UNICODE)


def is_plausible_name(value: str) -> bool:
    """A person's name: letters (any script, incl. Khmer), spaces, apostrophes and hyphens, 2-100 chars."""
    text = nfc(value)
    if not 2 <= len(text) <= 100:
        return False
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
