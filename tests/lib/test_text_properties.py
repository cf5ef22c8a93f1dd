"""Property tests for Vietnamese text: NFC at the boundary, folding for search, names, hamlet keys.

The fast paths of nfc() and fold() must give exactly what their plain definitions give.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from hocvuso.lib.text import fold, hamlet_key, is_plausible_name, nfc, title_name

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
letters = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=8)
names = st.lists(letters, min_size=2, max_size=5).map(" ".join)
any_text = st.text(max_size=40)


def reference_nfc(value: str) -> str:
    text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\ufeff", "")
    return re.sub(r"\s+", " ", text).strip()


def reference_fold(value: str) -> str:
    extra = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
    text = reference_nfc(value).translate(extra)
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return stripped.casefold().translate(extra)


@given(any_text)
@example("  Nguyễn\u00a0\u00a0Văn\tHùng\ufeff ")
@example("\u1780\u17d2\u1798\u17c2\u179a")  # Khmer, with combining signs
def test_nfc_and_fold_agree_with_their_plain_definitions(text):
    assert nfc(text) == reference_nfc(text)
    assert fold(text) == reference_fold(text)


@given(any_text)
def test_nfc_is_idempotent_normalised_and_trimmed(text):
    once = nfc(text)
    assert nfc(once) == once and unicodedata.is_normalized("NFC", once)
    assert once == once.strip() and "  " not in once


@given(names)
def test_fold_ignores_accents_case_and_normal_form(name):
    folded = fold(name)
    assert fold(unicodedata.normalize("NFD", name)) == folded == fold(name.upper()) == fold(folded)
    assert folded.isascii()


def test_fold_of_a_known_name():
    assert fold("Nguyễn Văn Hùng") == "nguyen van hung" == fold("NGUYỄN VĂN HÙNG") and fold("Đặng") == "dang"


@given(names)
def test_title_name_capitalises_each_word_and_is_idempotent(name):
    titled = title_name(name)
    assert title_name(titled) == titled
    assert all(word[0].isupper() for word in titled.split(" "))
    assert fold(titled) == fold(name)


@given(names)
def test_names_of_letters_are_plausible_and_digits_are_not(name):
    assert is_plausible_name(name)
    assert not is_plausible_name(name + " 3")


@given(st.sampled_from(["Ấp", "ấp", "Khóm", "khom", "Tổ dân phố", "Thôn", "Phum", "Sóc"]), names)
def test_a_hamlet_matches_with_or_without_its_kind_word(kind, name):
    assert hamlet_key(f"{kind} {name}") == hamlet_key(name) == fold(name) or hamlet_key(name) != fold(name)
    assert hamlet_key(f"{kind} {name}") == hamlet_key(f"{kind.upper()} {unicodedata.normalize('NFD', name)}")


def test_numbered_hamlets_keep_their_number():
    assert hamlet_key("Khóm 3") == "3" == hamlet_key("khom 3") and hamlet_key("Ấp Phú Hòa") == hamlet_key("ap phu hoa")
