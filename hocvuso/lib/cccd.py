"""The personal identification number (số định danh cá nhân, printed on the CCCD card).

Decree 137/2015/NĐ-CP art. 7 and Circular 59/2021/TT-BCA: 12 digits.
- digits 1-3: code of the province where the birth was registered (the 63 codes in use before
  the 2025 merger; numbers are lifelong, so the old codes stay valid);
- digit 4: sex and century of birth: 0/1 male/female 1900-1999, 2/3 2000-2099, 4/5 2100-2199,
  6/7 2200-2299, 8/9 1800-1899;
- digits 5-6: the last two digits of the birth year;
- digits 7-12: a random serial.
One validator, used everywhere (forms, API, roster import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

# Province codes of the CCCD number (Circular 07/2016/TT-BCA, appendix).
PROVINCE_CODES: frozenset[str] = frozenset(
    {
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    }
)

_CENTURY_START = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}
_NON_DIGITS = re.compile(r"[\s.\-]")


class CCCDError(ValueError):
    """A personal ID number that is not valid; `message` is for the user (Vietnamese by default)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CCCDInfo:
    number: str
    province_code: str
    sex: str  # "M" or "F", as in people.constants.Sex
    birth_year: int


def clean(raw: object) -> str:
    """Digits of a number as typed or read from Excel.

    Excel turns "084158012345" into the number 84158012345 (lost leading zero, sometimes a float
    84158012345.0, or the text "84158012345.0" in a CSV); an 11-digit number is restored by putting
    the zero back, and a 10-digit one by putting back the two zeros of codes 001-008 (Hà Nội ...).
    """
    if raw is None:
        return ""
    if isinstance(raw, float):
        if raw != raw or raw < 0 or not raw.is_integer():  # NaN or not a whole number
            return str(raw)
        text = str(int(raw))
    else:
        text = str(raw).strip()
        # "84158012345.0" is a float written as text (never with a leading zero, unlike a typed
        # "0841.5801234.0"): drop the ".0" before dots are dropped as separators.
        if text.endswith(".0") and text[:-2].isdigit() and not text.startswith("0"):
            text = text[:-2]
        text = _NON_DIGITS.sub("", text)
    if len(text) == 11 and text.isdigit():
        text = "0" + text
    elif len(text) == 10 and text.isdigit() and "00" + text[0] in PROVINCE_CODES:
        text = "00" + text
    return text


def parse(raw: object) -> CCCDInfo:
    """Validate and decode a personal ID number; raise CCCDError with a user-facing reason."""
    number = clean(raw)
    if not number:
        raise CCCDError(str(_("the ID number is empty")))
    if not (number.isascii() and number.isdigit()):  # "²" and "０" are digits to isdigit()
        raise CCCDError(str(_("the ID number must contain digits only")))
    if len(number) != 12:
        raise CCCDError(str(_("the ID number must have 12 digits (it has %(n)d)")) % {"n": len(number)})
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise CCCDError(str(_("the first three digits %(code)s are not a province code")) % {"code": province})
    century_digit = int(number[3])
    sex = "M" if century_digit % 2 == 0 else "F"
    start = _CENTURY_START[century_digit - century_digit % 2]
    year = start + int(number[4:6])
    return CCCDInfo(number=number, province_code=province, sex=sex, birth_year=year)


def check_agreement(info: CCCDInfo, *, birth_year: int | None, sex: str | None) -> None:
    """Raise CCCDError when a known birth year or sex disagrees with what the number encodes."""
    if birth_year is not None and birth_year != info.birth_year:
        raise CCCDError(
            str(_("the ID number encodes birth year %(cccd)d but the birth year is %(given)d"))
            % {"cccd": info.birth_year, "given": birth_year}
        )
    if sex and sex != info.sex:
        raise CCCDError(str(_("the ID number encodes a different sex")))


def validate(raw: object, *, birth_year: int | None = None, sex: str | None = None, today: date | None = None) -> str:
    """Return the clean 12-digit number, or raise CCCDError."""
    info = parse(raw)
    today = today or date.today()
    if info.birth_year > today.year:
        raise CCCDError(str(_("the ID number encodes a birth year in the future")))
    check_agreement(info, birth_year=birth_year, sex=sex)
    return info.number


def mask(number: str | None) -> str:
    """Show only the last 3 digits: "084158012345" -> "*********345"."""
    if not number:
        return ""
    return "*" * (len(number) - 3) + number[-3:]


def make(province_code: str, sex: str, birth_year: int, serial: int) -> str:
    """Build a valid number (demo data and tests)."""
    century = {1800: 8, 1900: 0, 2000: 2, 2100: 4, 2200: 6}[birth_year // 100 * 100]
    digit = century + (1 if sex == "F" else 0)
    return f"{province_code}{digit}{birth_year % 100:02d}{serial % 1_000_000:06d}"
