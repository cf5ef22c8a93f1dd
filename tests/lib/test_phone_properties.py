"""Property tests for Vietnamese phone numbers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hocvuso.lib.phone import PhoneError, normalise

mobiles = st.builds(
    lambda p, rest: f"0{p}{rest}", st.sampled_from("35789"), st.text(alphabet="0123456789", min_size=8, max_size=8)
)


@given(mobiles)
def test_every_common_spelling_gives_the_national_form(number):
    spellings = [
        number,
        f"{number[:4]} {number[4:7]} {number[7:]}",
        f"{number[:4]}.{number[4:7]}.{number[7:]}",
        f"{number[:4]}-{number[4:7]}-{number[7:]}",
        "+84" + number[1:],
        "+84 " + number[1:4] + " " + number[4:],
        "84" + number[1:],
        number[1:],  # Excel dropped the zero
        int(number[1:]),
        float(int(number[1:])),
        f"({number[:4]}) {number[4:]}",
    ]
    for spelling in spellings:
        assert normalise(spelling) == number, spelling


@given(mobiles)
def test_normalising_is_idempotent(number):
    assert normalise(normalise(number)) == normalise(number)


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none()))
def test_any_input_gives_a_valid_number_nothing_or_a_phone_error(raw):
    try:
        number = normalise(raw)
    except PhoneError as error:
        assert error.message
    else:
        assert number == "" or re.fullmatch(r"0[35789][0-9]{8}|02[0-9]{9}", number)


def test_non_ascii_digits_are_not_a_phone_number():
    with pytest.raises(PhoneError):
        normalise("０９１２３４５６７８")  # fullwidth digits


@given(st.text(alphabet="0123456789", min_size=1, max_size=7))
def test_too_short_numbers_are_rejected(digits):
    with pytest.raises(PhoneError):
        normalise(digits)
