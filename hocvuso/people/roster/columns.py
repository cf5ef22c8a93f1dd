"""The columns of a commune roster: header variants, the words used in cells, and the export layout.

Headers and cell words are the Vietnamese file format of the province (what officers type in
Excel), so they are data, not user-interface text: they are matched accent- and case-insensitively
and written back verbatim by the export. English names are accepted too.
"""

from __future__ import annotations

import re

from hocvuso.lib.text import fold

NAME = "full_name"
NATIONAL_ID = "national_id"
BIRTH = "birth"
BIRTH_MALE = "birth_male"  # "Năm sinh" split into "Nam" | "Nữ" sub-columns (the classic paper form)
BIRTH_FEMALE = "birth_female"
SEX = "sex"
ETHNICITY = "ethnicity"
PHONE = "phone"
HAMLET = "hamlet"
ADDRESS = "address"
HOUSEHOLD_CODE = "household_code"
RELATION = "relation"
POOR = "poor"
NEAR_POOR = "near_poor"
HOUSEHOLD_CLASS = "household_class"
DISABILITY = "disability"
VNEID = "vneid"
BANK = "bank"
IGNORED = "ignored"

# What the export writes, in this order; each is also a header the importer recognises.
EXPORT_HEADERS: tuple[tuple[str, str], ...] = (
    (IGNORED, "STT"),
    (NAME, "Họ và tên"),
    (NATIONAL_ID, "Số CCCD"),
    (BIRTH, "Ngày sinh"),
    (SEX, "Giới tính"),
    (ETHNICITY, "Dân tộc"),
    (PHONE, "Số điện thoại"),
    (HAMLET, "Ấp/Khóm"),
    (HOUSEHOLD_CODE, "Số hộ"),
    (ADDRESS, "Địa chỉ"),
    (RELATION, "Quan hệ với chủ hộ"),
    (HOUSEHOLD_CLASS, "Phân loại hộ"),
    (DISABILITY, "Khuyết tật"),
    (VNEID, "VNeID"),
    (BANK, "Tài khoản ngân hàng số"),
)

_PUNCT = re.compile(r"[^0-9a-z]+")


def header_key(value: object) -> str:
    """ "Họ, tên" -> "ho ten"; "CCCD/CMND" -> "cccd cmnd"; "Số ĐDCN" -> "so ddcn"."""
    return _PUNCT.sub(" ", fold(str(value) if value is not None else "")).strip()


# (field, pattern on header_key); the first match wins, so narrow rules come before broad ones.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        (IGNORED, r"^(stt|tt|so tt|so thu tu|thu tu|no|#)$"),
        (IGNORED, r"\b(ngay cap|noi cap|noi sinh|que quan|ghi chu|ly do|dong)\b"),
        (VNEID, r"\b(vneid|vne id|dinh danh dien tu|tai khoan dinh danh)\b"),
        (BANK, r"\b(ngan hang|bank)\b"),
        (NATIONAL_ID, r"\b(cccd|cmnd|can cuoc|dinh danh|ddcn|so dd|national id|id number|cmt)\b"),
        (RELATION, r"\b(quan he|qh voi chu ho|relation)\b"),
        (HOUSEHOLD_CODE, r"^(so ho|ma ho|ma so ho|so so ho khau|so ho khau|so hk|ma ho gia dinh|household number)$"),
        (NEAR_POOR, r"^(ho )?can ngheo$"),
        (POOR, r"^(ho )?ngheo$"),
        (HOUSEHOLD_CLASS, r"^(phan loai ho|ho ngheo can ngheo|ho ngheo ho can ngheo|hoan canh|household class)"),
        (DISABILITY, r"\b(khuyet tat|nguoi khuyet tat|disability)\b"),
        (BIRTH, r"\b(ngay sinh|nam sinh|ngay thang nam sinh|sinh ngay|birth date|date of birth|birth year)\b"),
        (BIRTH_MALE, r"^(nam|male)$"),
        (BIRTH_FEMALE, r"^(nu|female)$"),
        (SEX, r"^(gioi tinh|gioi|phai|nam nu|nam hay nu|gioi tinh nam nu|sex)$"),
        (ETHNICITY, r"\b(dan toc|ethnicity|ethnic group)\b"),
        (PHONE, r"\b(dien thoai|sdt|so dt|dtdd|dt|phone)\b"),
        (ADDRESS, r"\b(dia chi|noi o|cho o|so nha|noi thuong tru|address)\b"),
        (
            HAMLET,
            r"^((ten|thuoc|dia ban) )?(ap|khom|to dan pho|tdp|thon|phum|soc|to)"
            r"( (ap|khom|to dan pho|tdp|thon|phum|soc|to))*$|^hamlet$",
        ),
        (NAME, r"^(ho va ten|ho ten|ho va ten nguoi dan|ho ten nguoi dan|ten|full name|name)$"),
    )
)


def match_header(value: object) -> str | None:
    """The roster field a header cell names, IGNORED for known columns we skip, None if unknown."""
    key = header_key(value)
    if not key:
        return None
    for field, pattern in _RULES:
        if pattern.search(key):
            return field
    return None


# Cell vocabularies, keyed by fold().
SEX_WORDS = {"nam": "M", "m": "M", "male": "M", "trai": "M", "nu": "F", "f": "F", "female": "F", "gai": "F"}
TRUE_WORDS = frozenset({"x", "co", "1", "yes", "true", "v", "✓", "✔", "da co", "roi", "da mo", "y"})
FALSE_WORDS = frozenset({"khong", "0", "no", "false", "chua", "-", "k", "n", "chua co", "khong co"})
HEAD_WORDS = frozenset({"chu ho", "ch", "head", "la chu ho"})
DISABILITY_WORDS: tuple[tuple[str, str], ...] = (
    ("khiem thi", "vision"),
    ("thi giac", "vision"),
    ("mu", "vision"),
    ("khiem thinh", "hearing"),
    ("thinh giac", "hearing"),
    ("nghe", "hearing"),
    ("diec", "hearing"),
    ("cam", "hearing"),
    ("van dong", "mobility"),
    ("tri tue", "intellectual"),
    ("than kinh", "intellectual"),
    ("tam than", "intellectual"),
)

# What the export writes for coded values (read back by the importer).
SEX_LABELS = {"M": "Nam", "F": "Nữ"}
DISABILITY_LABELS = {
    "vision": "Khiếm thị",
    "hearing": "Khiếm thính",
    "mobility": "Vận động",
    "intellectual": "Trí tuệ",
    "other": "Khác",
}
VNEID_LABELS = {0: "Chưa", 1: "Mức 1", 2: "Mức 2"}
BOOL_LABELS = {True: "Có", False: "Không"}
POOR_LABEL = "Hộ nghèo"
NEAR_POOR_LABEL = "Hộ cận nghèo"
HEAD_LABEL = "Chủ hộ"
