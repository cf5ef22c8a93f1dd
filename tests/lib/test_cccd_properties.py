"""Property tests for the personal ID number validator (Decree 137/2015, Circular 59/2021)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocvuso.lib import cccd

TODAY = date(2026, 1, 1)
provinces = st.sampled_from(sorted(cccd.PROVINCE_CODES))
sexes = st.sampled_from(["M", "F"])
years = st.integers(min_value=1900, max_value=TODAY.year)
serials = st.integers(min_value=0, max_value=999_999)


@given(provinces, sexes, years, serials)
def test_a_well_formed_number_validates_and_decodes_to_what_it_encodes(province, sex, year, serial):
    number = cccd.make(province, sex, year, serial)
    assert cccd.validate(number, birth_year=year, sex=sex, today=TODAY) == number
    info = cccd.parse(number)
    assert (info.province_code, info.sex, info.birth_year) == (province, sex, year)


@given(provinces, sexes, years, serials)
def test_excel_lost_zero_and_float_cells_are_restored(province, sex, year, serial):
    number = cccd.make(province, sex, year, serial)
    assert number.startswith("0")  # every province code starts with 0
    assert cccd.clean(int(number)) == number
    assert cccd.clean(float(int(number))) == number
    assert cccd.clean(f"{int(number)}.0") == number


@given(provinces, sexes, years, serials, st.lists(st.sampled_from([" ", ".", "-"]), min_size=1, max_size=3), st.data())
def test_separators_typed_inside_the_number_are_ignored(province, sex, year, serial, seps, data):
    number = cccd.make(province, sex, year, serial)
    positions = sorted(data.draw(st.lists(st.integers(1, 11), min_size=len(seps), max_size=len(seps))))
    typed = number
    for pos, sep in zip(reversed(positions), reversed(seps), strict=True):
        typed = typed[:pos] + sep + typed[pos:]
    assert cccd.validate(typed, today=TODAY) == number


@given(st.text(alphabet="0123456789", min_size=1, max_size=20).filter(lambda s: len(s) not in (10, 11, 12)))
def test_numbers_of_the_wrong_length_are_rejected_with_their_length(digits):
    with pytest.raises(cccd.CCCDError) as error:
        cccd.validate(digits, today=TODAY)
    assert str(len(digits)) in error.value.message


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_ten_digits_are_restored_only_for_the_codes_that_start_with_two_zeros(digits):
    restored = cccd.clean(digits)
    if "00" + digits[0] in cccd.PROVINCE_CODES:
        assert restored == "00" + digits
    else:
        assert restored == digits
        with pytest.raises(cccd.CCCDError, match="10"):
            cccd.validate(digits, today=TODAY)


@given(
    st.integers(0, 999).map(lambda n: f"{n:03d}").filter(lambda p: p not in cccd.PROVINCE_CODES),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
def test_an_unknown_province_code_is_rejected(province, rest):
    with pytest.raises(cccd.CCCDError) as error:
        cccd.validate(province + rest, today=TODAY)
    assert province in error.value.message


@given(provinces, sexes, years, serials, years, sexes)
def test_birth_year_and_sex_must_agree_with_the_number(province, sex, year, serial, other_year, other_sex):
    number = cccd.make(province, sex, year, serial)
    agrees = other_year == year and other_sex == sex
    if agrees:
        cccd.validate(number, birth_year=other_year, sex=other_sex, today=TODAY)
    else:
        with pytest.raises(cccd.CCCDError):
            cccd.validate(number, birth_year=other_year, sex=other_sex, today=TODAY)


@given(provinces, sexes, st.integers(TODAY.year + 1, 2099), serials)
def test_a_number_encoding_a_future_birth_year_is_rejected(province, sex, year, serial):
    with pytest.raises(cccd.CCCDError):
        cccd.validate(cccd.make(province, sex, year, serial), today=TODAY)


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none()))
def test_any_input_either_validates_or_raises_cccd_error(raw):
    try:
        number = cccd.validate(raw, today=TODAY)
    except cccd.CCCDError as error:
        assert error.message
    else:
        assert len(number) == 12 and number.isdigit()


@pytest.mark.parametrize("raw", ["²" * 12, "０８４０８００１２３４５", "084²80012345"])
def test_digits_other_than_ascii_are_refused_with_a_reason(raw):
    with pytest.raises(cccd.CCCDError):
        cccd.validate(raw, today=TODAY)


@given(st.text(alphabet="0123456789", min_size=4, max_size=12))
def test_mask_shows_only_the_last_three_digits(number):
    masked = cccd.mask(number)
    assert len(masked) == len(number) and masked.endswith(number[-3:]) and set(masked[:-3]) <= {"*"}
