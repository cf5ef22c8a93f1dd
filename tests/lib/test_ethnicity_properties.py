"""Property tests for the 54 ethnic groups and the spellings people write."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from hocvuso.lib import ethnicity
from hocvuso.lib.text import fold

spellings = st.sampled_from([(code, s) for code, name, aliases in ethnicity.GROUPS for s in (name, *aliases)])


@given(spellings, st.sampled_from([str, str.upper, str.lower, fold, lambda s: unicodedata.normalize("NFD", s)]))
def test_every_spelling_in_any_case_form_or_without_accents_finds_its_group(pair, transform):
    code, spelling = pair
    assert ethnicity.lookup(transform(spelling)) == code
    assert ethnicity.lookup(f"  Dân tộc {spelling} ") == code


@given(st.integers(1, 54))
def test_official_codes_are_accepted_as_text_numbers_and_floats(n):
    code = f"{n:02d}"
    assert (
        ethnicity.lookup(str(n)) == ethnicity.lookup(code) == ethnicity.lookup(n) == ethnicity.lookup(float(n)) == code
    )
    assert code in ethnicity.NAMES


def test_there_are_54_groups_with_distinct_codes_and_khmer_is_05():
    assert len(ethnicity.NAMES) == 54 and ethnicity.lookup("Khơ-me") == ethnicity.KHMER == "05"


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True), st.none()))
@example("²")
def test_lookup_never_raises(value):
    result = ethnicity.lookup(value)
    assert result is None or result in ethnicity.NAMES
