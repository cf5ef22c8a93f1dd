"""The 54 ethnic groups of Viet Nam with their official codes (Decision 121-TCTK/PPCĐ, 1979),
and the spellings people actually write ("Khơ-me", "Khmer", "Mông", "H'Mông" ...)."""

from __future__ import annotations

from functools import lru_cache

from hocvuso.lib.text import fold

# (code, official name, aliases)
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("01", "Kinh", ("Việt", "Viet")),
    ("02", "Tày", ()),
    ("03", "Thái", ()),
    ("04", "Hoa", ("Hán", "Người Hoa")),
    ("05", "Khơ-me", ("Khmer", "Khơme", "Khơ me", "Khome", "Miên", "Khmer Nam Bộ", "Khơ-me Nam Bộ")),
    ("06", "Mường", ()),
    ("07", "Nùng", ()),
    ("08", "Mông", ("Hmông", "H'Mông", "HMông", "Mèo")),
    ("09", "Dao", ()),
    ("10", "Gia-rai", ("Gia Rai", "Jrai")),
    ("11", "Ngái", ()),
    ("12", "Ê-đê", ("Ê Đê", "Êđê", "Rhade")),
    ("13", "Ba-na", ("Ba Na", "Bahnar")),
    ("14", "Xơ-đăng", ("Xơ Đăng", "Sedang")),
    ("15", "Sán Chay", ("Cao Lan", "Sán Chỉ")),
    ("16", "Cơ-ho", ("Cơ Ho", "K'Ho")),
    ("17", "Chăm", ("Chàm", "Cham")),
    ("18", "Sán Dìu", ()),
    ("19", "Hrê", ("H're",)),
    ("20", "Mnông", ("M'Nông",)),
    ("21", "Ra-glai", ("Raglai", "Ra Glai")),
    ("22", "Xtiêng", ("X'tiêng", "Stiêng")),
    ("23", "Bru-Vân Kiều", ("Bru Vân Kiều", "Vân Kiều")),
    ("24", "Thổ", ()),
    ("25", "Giáy", ()),
    ("26", "Cơ-tu", ("Cơ Tu", "Katu")),
    ("27", "Gié-Triêng", ("Gié Triêng",)),
    ("28", "Mạ", ()),
    ("29", "Khơ-mú", ("Khơ Mú", "Khmu")),
    ("30", "Co", ()),
    ("31", "Tà-ôi", ("Tà Ôi",)),
    ("32", "Chơ-ro", ("Chơ Ro",)),
    ("33", "Kháng", ()),
    ("34", "Xinh-mun", ("Xinh Mun",)),
    ("35", "Hà Nhì", ()),
    ("36", "Chu-ru", ("Chu Ru",)),
    ("37", "Lào", ()),
    ("38", "La Chí", ()),
    ("39", "La Ha", ()),
    ("40", "Phù Lá", ()),
    ("41", "La Hủ", ()),
    ("42", "Lự", ()),
    ("43", "Lô Lô", ()),
    ("44", "Chứt", ()),
    ("45", "Mảng", ()),
    ("46", "Pà Thẻn", ()),
    ("47", "Cơ Lao", ()),
    ("48", "Cống", ()),
    ("49", "Bố Y", ()),
    ("50", "Si La", ()),
    ("51", "Pu Péo", ()),
    ("52", "Brâu", ()),
    ("53", "Ơ Đu", ()),
    ("54", "Rơ-măm", ("Rơ Măm",)),
)

KINH = "01"
KHMER = "05"
CHOICES: list[tuple[str, str]] = [(code, name) for code, name, _aliases in GROUPS]
NAMES: dict[str, str] = dict(CHOICES)


def _key(value: str) -> str:
    return fold(value).replace("-", "").replace("'", "").replace(" ", "").removeprefix("dantoc")


_LOOKUP: dict[str, str] = {}
for _code, _name, _aliases in GROUPS:
    for _spelling in (_name, *_aliases):
        _LOOKUP[_key(_spelling)] = _code


def lookup(value: object) -> str | None:
    """Code of the group named `value` (any spelling, accents optional, or its 2-digit code); None if unknown."""
    if value is None:
        return None
    if isinstance(value, str):
        return _lookup_text(value)
    if isinstance(value, float) and value.is_integer():
        return _lookup_text(str(int(value)))
    return _lookup_text(str(value))


@lru_cache(maxsize=4096)
def _lookup_text(value: str) -> str | None:
    text = value.strip()
    if text.isdecimal() and 1 <= int(text) <= 54:  # not isdigit(): "²" is a digit int() refuses
        return f"{int(text):02d}"
    return _LOOKUP.get(_key(text))
