"""Property tests for birth dates as communes write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocvuso.lib.dates import BirthDate, DateError, age_on, parse_birth

TODAY = date(2026, 6, 15)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@given(births, st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]))
def test_written_dates_parse_to_the_same_day(d, fmt):
    assert parse_birth(d.strftime(fmt), TODAY) == BirthDate(year=d.year, date=d)


@given(births)
def test_unpadded_day_and_month_parse(d):
    assert parse_birth(f"{d.day}/{d.month}/{d.year}", TODAY) == BirthDate(d.year, d)


@given(st.dates(min_value=date(TODAY.year - 99, 1, 1), max_value=TODAY))
def test_two_digit_years_are_read_as_the_last_hundred_years(d):
    assert parse_birth(f"{d.day}/{d.month}/{d.year % 100:02d}", TODAY) == BirthDate(d.year, d)


@given(births)
def test_excel_dates_datetimes_and_serial_numbers_parse(d):
    assert parse_birth(d, TODAY) == BirthDate(d.year, d)
    assert parse_birth(datetime(d.year, d.month, d.day, 0, 0), TODAY) == BirthDate(d.year, d)
    if d.year >= 1906:  # smaller serials would read as years (1800-2126): ambiguous, and people that old are rare
        assert parse_birth(float((d - date(1899, 12, 30)).days), TODAY) == BirthDate(d.year, d)


@given(st.integers(1900, TODAY.year))
def test_a_year_alone_gives_a_year_without_a_date(year):
    for raw in (year, float(year), str(year), f" {year} ", f"{year}.0"):
        assert parse_birth(raw, TODAY) == BirthDate(year)


@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2199, 12, 31)))
def test_future_birth_dates_are_rejected(d):
    with pytest.raises(DateError):
        parse_birth(d.strftime("%d/%m/%Y"), TODAY)
    with pytest.raises(DateError):
        parse_birth(d, TODAY)


@given(st.integers(1000, 1899))
def test_birth_years_before_1900_are_impossible(year):
    with pytest.raises(DateError):
        parse_birth(str(year), TODAY)


@given(
    st.one_of(
        st.text(max_size=20), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans()
    )
)
def test_any_cell_gives_a_birth_date_none_or_a_date_error(raw):
    try:
        parsed = parse_birth(raw, TODAY)
    except DateError as error:
        assert error.message
    else:
        assert parsed is None or 1900 <= parsed.year <= TODAY.year


@given(births, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_age_is_whole_years_and_never_more_than_the_year_difference(d, on):
    age = age_on(BirthDate(d.year, d), on)
    assert age in (on.year - d.year, on.year - d.year - 1)
    assert age_on(BirthDate(d.year), on) == on.year - d.year
