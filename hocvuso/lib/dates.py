"""Birth dates as communes write them: dd/mm/yyyy, d/m/yy, dd-mm-yyyy, Excel dates, or a year only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

OLDEST_YEAR = 1900
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


class DateError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BirthDate:
    """A full date when known, otherwise only the year."""

    year: int
    date: date | None = None


def _two_digit_year(yy: int, today: date) -> int:
    # d/m/yy: a birth year cannot be in the future, so "05" is 2005 in 2026 and "45" is 1945.
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def _checked(d: date, today: date) -> BirthDate:
    if d > today:
        raise DateError(str(_("the birth date %(d)s is in the future")) % {"d": d.strftime("%d/%m/%Y")})
    if d.year < OLDEST_YEAR:
        raise DateError(str(_("the birth year %(y)d is impossible")) % {"y": d.year})
    return BirthDate(year=d.year, date=d)


def _year_only(year: int, today: date) -> BirthDate:
    if year > today.year:
        raise DateError(str(_("the birth year %(y)d is in the future")) % {"y": year})
    if year < OLDEST_YEAR:
        raise DateError(str(_("the birth year %(y)d is impossible")) % {"y": year})
    return BirthDate(year=year)


def parse_birth(raw: object, today: date | None = None) -> BirthDate | None:
    """Parse a birth date cell; None for an empty cell; DateError with a reason otherwise."""
    today = today or date.today()
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return _checked(raw.date(), today)
    if isinstance(raw, date):
        return _checked(raw, today)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
        if number.is_integer() and OLDEST_YEAR - 100 <= number <= today.year + 100:
            return _year_only(int(number), today)
        if number.is_integer() and 1 <= number <= 2958465:  # an Excel serial date
            return _checked(_EXCEL_EPOCH + timedelta(days=int(number)), today)
        raise DateError(str(_("'%(v)s' is not a date")) % {"v": raw})
    text = str(raw).strip()
    if not text:
        return None
    return _parse_text(text, today)


@lru_cache(maxsize=65536)  # rosters repeat birth dates: parse each spelling once per day
def _parse_text(text: str, today: date) -> BirthDate:
    if m := _YEAR.match(text):
        return _year_only(int(m.group(1)), today)
    day: int
    month: int
    year: int
    if m := _DMY.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            year = _two_digit_year(year, today)
    elif m := _YMD.match(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise DateError(str(_("'%(v)s' is not a date; write it as dd/mm/yyyy or a year")) % {"v": text})
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise DateError(str(_("the date %(v)s does not exist")) % {"v": text}) from None
    return _checked(parsed, today)


def age_on(birth: BirthDate, on: date) -> int:
    """Age in whole years; with only a year known, the age reached during that year."""
    if birth.date is None:
        return on.year - birth.year
    d = birth.date
    return on.year - d.year - ((on.month, on.day) < (d.month, d.day))
