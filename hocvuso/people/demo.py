"""A deterministic synthetic population for demos and benchmarks (issue 2 section 6).

Two halves:
- `iter_synthetic_people` is pure (no database): it streams plain dicts, one person at a time, in
  households of 2-6 members, with Vietnamese and Khmer names as written in Vietnamese in the former
  Trà Vinh province, an age pyramid shaped like the Mekong delta's in the 2019 census, and valid
  personal ID numbers that agree with sex and birth year. The roster-import benchmark writes its
  CSV from it; `seed_demo` loads it into the registry.
- `seed_demo` writes hamlets, households, people, organisations, memberships and the demo accounts
  in chunks, each chunk one transaction, so 1,000,000 people load with bounded memory.

The same seed always gives the same people, hamlets and households.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import DEMO_PASSWORD, DEMO_USERNAME_PREFIX, RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import create_user, grant_role
from hocvuso.geo.constants import CommuneKind, HamletKind
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.selectors import campaign_communes
from hocvuso.geo.services import resolve_area
from hocvuso.lib import cccd
from hocvuso.lib.ethnicity import KHMER, KINH
from hocvuso.lib.text import fold, hamlet_key
from hocvuso.people.constants import MembershipRole, OrganisationKind, SchoolLevel
from hocvuso.people.models import Household, Membership, Organisation, Person

T = TypeVar("T")

# Ages are computed on this fixed day so that a seed gives the same people in every year.
REFERENCE_DATE = date(2025, 7, 1)  # the two-level local government took office
_REFERENCE_ORDINAL = REFERENCE_DATE.toordinal()
HOME_PROVINCE_CODE = "084"  # CCCD province code of the former Trà Vinh province
# People born elsewhere keep the code of their birth province (numbers are lifelong).
OTHER_PROVINCE_CODES = ("086", "083", "094", "079", "092", "089")
OTHER_PROVINCE_SHARE = 0.07
# Elsewhere few Khmer live, except in the Mekong provinces of the former Sóc Trăng, Kiên Giang, An Giang.
KHMER_SHARE_ELSEWHERE = 0.02
HOA_SHARE = 0.01
# About 15% of rosters know only the birth year, mostly of older people.
YEAR_ONLY_SHARE_50_PLUS = 0.32
YEAR_ONLY_SHARE_UNDER_50 = 0.10

# Mekong delta population by 5-year age band, per mille (2019 census shape: a wide working-age
# middle, a narrowing base since fertility fell below replacement, a thin top).
AGE_PYRAMID: tuple[tuple[int, int, int], ...] = (
    (0, 4, 68),
    (5, 9, 74),
    (10, 14, 70),
    (15, 19, 64),
    (20, 24, 68),
    (25, 29, 76),
    (30, 34, 80),
    (35, 39, 82),
    (40, 44, 78),
    (45, 49, 76),
    (50, 54, 72),
    (55, 59, 62),
    (60, 64, 48),
    (65, 69, 33),
    (70, 74, 20),
    (75, 79, 14),
    (80, 84, 9),
    (85, 99, 6),
)
# Share of households of each size (Trà Vinh averages about 3.6 people per household).
HOUSEHOLD_SIZES: tuple[tuple[int, int], ...] = ((2, 20), (3, 27), (4, 29), (5, 15), (6, 9))

# --- names --------------------------------------------------------------------------------------
# Family names with rough frequencies in the south; Khmer families took Vietnamese-written names
# (Thạch, Sơn, Kim, Lâm, Danh, Trầm ...) when registered.
HOA = "04"
KINH_FAMILY: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 310),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 60),
    ("Huỳnh", 55),
    ("Võ", 45),
    ("Phan", 45),
    ("Trương", 20),
    ("Đặng", 20),
    ("Bùi", 18),
    ("Đỗ", 14),
    ("Hồ", 14),
    ("Ngô", 13),
    ("Dương", 12),
    ("Lý", 8),
    ("Đoàn", 8),
    ("Châu", 7),
    ("Mai", 6),
    ("Lưu", 5),
    ("Cao", 5),
    ("Tô", 4),
    ("Hà", 4),
    ("Kiều", 3),
    ("La", 3),
)
KHMER_FAMILY: tuple[tuple[str, int], ...] = (
    ("Thạch", 300),
    ("Sơn", 180),
    ("Kim", 140),
    ("Lâm", 80),
    ("Danh", 60),
    ("Trầm", 40),
    ("Huỳnh", 30),
    ("Lý", 30),
    ("Trần", 30),
    ("Chau", 25),
    ("Kiên", 20),
    ("Dương", 15),
    ("Mạch", 10),
    ("Triệu", 10),
    ("Tăng", 10),
)
HOA_FAMILY: tuple[tuple[str, int], ...] = (
    ("Lâm", 20),
    ("Lý", 20),
    ("Trương", 15),
    ("Quách", 10),
    ("Tăng", 10),
    ("Hứa", 8),
    ("Mã", 6),
    ("Diệp", 6),
    ("Châu", 5),
)
KINH_MIDDLE_M = ("Minh", "Hoàng", "Quốc", "Thanh", "Hữu", "Đức", "Công", "Tấn", "Thành", "Gia", "Anh", "Chí", "Trọng")
KINH_MIDDLE_F = ("Ngọc", "Thanh", "Kim", "Mỹ", "Bích", "Thu", "Hồng", "Phương", "Như", "Bảo", "Diễm", "Thúy", "Yến")
KINH_GIVEN_M = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Phúc", "Long", "Nam", "Tâm", "Thành", "Khang", "Huy", "Bảo",
    "Khoa", "Phát", "Tài", "Lộc", "Sơn", "Trung", "Hiếu", "Nghĩa", "Quang", "Tú", "Vinh", "Toàn", "Hòa",
    "Bình", "An", "Đạt", "Kiệt", "Thắng", "Cường", "Hậu", "Tín", "Nhân", "Thiện", "Lợi", "Út", "Em",
    "Tư", "Sáu", "Phong", "Duy", "Trí", "Nhựt", "Thái", "Hoàng", "Khải", "Quý", "Trọng",
)  # fmt: skip
KINH_GIVEN_F = (
    "Lan", "Hoa", "Mai", "Hương", "Hạnh", "Thảo", "Trang", "Linh", "Ngọc", "Nhung", "Phượng", "Hằng",
    "Thủy", "Yến", "Tuyết", "Loan", "Hồng", "Cúc", "Đào", "Xuân", "Thu", "Diễm", "Trinh", "Vy", "Ngân",
    "Như", "Nhi", "Anh", "Thư", "Hân", "Hà", "Kiều", "Oanh", "Lệ", "Nga", "Bích", "Gấm", "Mỹ", "Út",
    "Em", "Lài", "Huệ", "Tiên", "Quyên", "Trâm", "Vân", "My", "Tâm", "Duyên", "Giang",
)  # fmt: skip
KHMER_GIVEN_M = (
    "Sô Phal", "Sa Rinh", "Chanh Đa", "Sóc Khum", "Sơn", "Phol", "Kha", "Sô Khon", "Thươl", "Rươl", "Sang",
    "Pho", "Chanh", "Đa Ra", "Sa Vươn", "Mến", "Phươl", "Ria", "Sa Ron", "Sóc Phal", "Vi Sal", "Na Rinh",
    "Chăn Thu", "Ty", "Sa Muôn", "Hên", "Pha Ra", "Sô Phia", "Kim Sang", "Sa Ly", "Xây", "Sóc Ny",
    "Pôl", "Sa Vy", "Sa Rết", "Kol", "Thol", "Rinh", "Chiến", "Hoàng",
)  # fmt: skip
KHMER_GIVEN_F = (
    "Sa Ra", "Sà Phon", "Sô Phi", "Chanh Thi", "Sa Vân", "Sà Rươne", "Na Ry", "Sóc Thi", "Thi Ra",
    "Sô Kha", "Sa Mây", "Đa Ni", "Mum", "Ên", "Sà Ly", "Srây Nich", "Pha Ly", "Sa Mươn", "Thu", "Sa Rol",
    "Sà Nhiên", "Cha Ny", "Phiếu", "Sô Phon", "Sa Mol", "Kim Thoa", "Srây Mom", "Thi Đa", "Ngọc Hân",
    "Sà Rinh", "Mỹ Linh", "Sa Rương",
)  # fmt: skip

# --- places -------------------------------------------------------------------------------------
# Names of ấp in the Trà Vinh countryside; many keep their Khmer origin (Sóc, Ô, Sà, Tha ...).
HAMLET_NAMES = (
    "Phú Hòa", "Tân Thành", "Sóc Chà", "Ô Chát", "Chợ", "Mỹ Quý", "Bến Có", "Giồng Lớn", "Cây Da", "Ba Se",
    "Đa Cần", "Trà Mềm", "Sóc Tre", "Phước Hưng", "Long Bình", "An Định", "Kinh Xáng", "Đầu Giồng",
    "Nô Công", "Bà Trầm", "Rạch Bót", "Cà Hom", "Xoài Thum", "Ô Đùng", "Bảy Xào", "Sà Vần", "Tha La",
    "Chông Bát", "Ngãi Hòa", "Hòa Lạc", "Mé Rạch", "Cồn Cù", "Long Khánh", "Giồng Bàn", "Ba Động",
    "Nhà Mát", "Bến Đáy", "Phú Thọ", "Tân Lập", "Thạnh Hòa", "Sóc Ruộng", "Cà Săng", "Trà Kha", "Ô Rồm",
    "Chợ Cũ", "Xóm Chùa", "Giồng Trôm", "Bưng Lớn", "Sà Bình", "Đại Mong",
)  # fmt: skip
STREETS = (
    "Nguyễn Đáng", "Phạm Thái Bường", "Điện Biên Phủ", "Lê Lợi", "Trần Phú", "Nguyễn Thị Minh Khai",
    "Kiên Thị Nhẫn", "Mậu Thân", "Lê Thánh Tôn", "Hùng Vương", "Bạch Đằng", "Sơn Thông", "Võ Nguyên Giáp",
    "Nguyễn Chí Thanh", "Trần Quốc Tuấn", "Nguyễn Du", "Lý Thường Kiệt", "Phạm Ngũ Lão",
)  # fmt: skip

# Khmer share of the population of the former districts (2019 census, rounded; about a third of the
# former province as a whole), keyed by the range of ward codes each district had; the new communes
# keep one of those codes.
KHMER_SHARE_BY_CODE: tuple[tuple[int, int, float], ...] = (
    (29236, 29265, 0.17),  # Trà Vinh city
    (29266, 29307, 0.08),  # Càng Long
    (29308, 29340, 0.27),  # Cầu Kè
    (29341, 29373, 0.31),  # Tiểu Cần
    (29374, 29415, 0.40),  # Châu Thành
    (29416, 29460, 0.42),  # Cầu Ngang
    (29461, 29505, 0.63),  # Trà Cú
    (29506, 29539, 0.22),  # Duyên Hải
)
# Mobile prefixes in use; 091 is left for the demo accounts so their phones never collide.
MOBILE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
    "081", "082", "083", "084", "085", "086", "088", "089", "090", "093", "094", "096", "097", "098",
)  # fmt: skip


class _Weighted:
    """Fast weighted choice: one random() and a bisect."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _w in pairs]
        self.cum = list(itertools.accumulate(w for _i, w in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


# Cumulative weight of each single year of age 0..99 (a band's weight spread evenly over it).
_AGE_CUM = list(itertools.accumulate(w / (hi - lo + 1) for lo, hi, w in AGE_PYRAMID for _age in range(lo, hi + 1)))
_SIZES = _Weighted(HOUSEHOLD_SIZES)
_FAMILY = {KINH: _Weighted(KINH_FAMILY), KHMER: _Weighted(KHMER_FAMILY), HOA: _Weighted(HOA_FAMILY)}


def _age_between(rng: random.Random, lo: int, hi: int) -> int:
    """An age in [lo, hi] drawn from the pyramid restricted to that range."""
    lo, hi = max(0, min(lo, 99)), max(0, min(hi, 99))
    if lo >= hi:
        return lo
    base = _AGE_CUM[lo - 1] if lo else 0.0
    x = base + rng.random() * (_AGE_CUM[hi] - base)
    return min(hi, bisect.bisect_left(_AGE_CUM, x, lo, hi + 1))


def khmer_share_for(commune_code: int) -> float:
    for lo, hi, share in KHMER_SHARE_BY_CODE:
        if lo <= commune_code <= hi:
            return share
    return KHMER_SHARE_ELSEWHERE


def hamlet_names_for(commune_code: int, count: int, *, is_ward: bool) -> list[str]:
    """The hamlets of a commune: "Khóm 1".."Khóm N" in a ward, named ấp in a commune.

    Depends only on the commune code, so every seed and every run give the same hamlets.
    """
    if is_ward:
        return [f"Khóm {i}" for i in range(1, count + 1)]
    rng = random.Random(commune_code)
    names = rng.sample(HAMLET_NAMES, min(count, len(HAMLET_NAMES)))
    names += [f"Ấp {i}" for i in range(len(names) + 1, count + 1)]
    return [f"Ấp {n}" if not n.startswith("Ấp ") else n for n in names]


def full_name(rng: random.Random, ethnicity: str, sex: str, birth_year: int, family: str | None = None) -> str:
    """A name as written on the ID card: family, middle, given."""
    family = family or _FAMILY.get(ethnicity, _FAMILY[KINH]).pick(rng)
    if ethnicity == KHMER:
        given = _pick(rng, KHMER_GIVEN_M if sex == "M" else KHMER_GIVEN_F)
        # Khmer names registered in Vietnamese often carry Văn/Thị, less often in the young.
        if rng.random() < (0.6 if birth_year < 1990 else 0.35):
            return f"{family} {'Văn' if sex == 'M' else 'Thị'} {given}"
        return f"{family} {given}"
    given = _pick(rng, KINH_GIVEN_M if sex == "M" else KINH_GIVEN_F)
    # Văn/Thị dominate among older people; younger parents chose other middle names.
    plain_share = 0.75 if birth_year < 1975 else 0.5 if birth_year < 1995 else 0.2
    if rng.random() < plain_share:
        middle = "Văn" if sex == "M" else "Thị"
    else:
        middle = _pick(rng, KINH_MIDDLE_M if sex == "M" else KINH_MIDDLE_F)
    if middle == given:
        middle = "Văn" if sex == "M" else "Thị"
    return f"{family} {middle} {given}"


@dataclass
class _Counters:
    """Serials for ID numbers and phones: a bijection of a counter, so numbers never repeat."""

    cccd: dict[tuple[str, str, int], int] = field(default_factory=dict)
    phone: int = 0
    offset: int = 0

    # Serials 200000-999999 (tests' factories use 100000+n, so demo numbers never collide with
    # theirs); an affine map of a per-key counter, so numbers never repeat and look scattered.
    def next_cccd(self, province: str, sex: str, year: int) -> str:
        key = (province, sex, year)
        n = self.cccd.get(key, 0)
        self.cccd[key] = n + 1
        serial = 200_000 + (n * 7919 + self.offset + year * 4243 + (sex == "F") * 99_991) % 800_000
        return cccd.make(province, sex, year, serial)

    def next_phone(self) -> str:
        # 7654321 is coprime with 27 * 10**7, so this walks every number once.
        index = (self.phone * 7_654_321 + self.offset) % (len(MOBILE_PREFIXES) * 10_000_000)
        self.phone += 1
        return f"{MOBILE_PREFIXES[index // 10_000_000]}{index % 10_000_000:07d}"


def _vneid_level(rng: random.Random, age: int) -> int:
    # VNeID level 2 is issued from 14 (Decree 69/2024); uptake falls with age.
    if age < 14:
        return 0
    r = rng.random()
    if age < 18:
        level2, level1 = 0.45, 0.05
    elif age < 60:
        level2, level1 = 0.72, 0.08
    elif age < 75:
        level2, level1 = 0.40, 0.08
    else:
        level2, level1 = 0.12, 0.05
    return 2 if r < level2 else 1 if r < level2 + level1 else 0


def _bank_account(rng: random.Random, age: int) -> bool:
    share = 0.0 if age < 15 else 0.25 if age < 18 else 0.78 if age < 40 else 0.52 if age < 60 else 0.18
    return rng.random() < share


def _phone_share(age: int) -> float:
    return 0.0 if age < 12 else 0.45 if age < 18 else 0.9 if age < 60 else 0.65 if age < 75 else 0.35


def _disability(rng: random.Random, age: int) -> str:
    share = 0.015 if age < 60 else 0.09
    if rng.random() >= share:
        return ""
    return _pick(rng, ("vision", "hearing", "mobility", "mobility", "intellectual", "other"))


def _household_members(rng: random.Random, size: int) -> list[tuple[str, int, str]]:
    """(relation, age, sex) of each member; the head first."""
    head_sex = "M" if rng.random() < 0.72 else "F"
    head_age = _age_between(rng, 24, 90)
    members = [("head", head_age, head_sex)]
    spouse = size >= 2 and head_age < 80 and rng.random() < 0.85
    if spouse:
        gap = int(rng.random() * 7)
        spouse_age = max(18, head_age - gap) if head_sex == "M" else min(95, head_age + gap)
        members.append(("spouse", spouse_age, "F" if head_sex == "M" else "M"))
    grandparent_room = head_age < 50 and rng.random() < 0.2
    while len(members) < size:
        if grandparent_room and len(members) == size - 1:
            members.append(("parent", _age_between(rng, head_age + 20, head_age + 35), _pick(rng, "MF")))
        elif head_age >= 58 and rng.random() < 0.5:
            members.append(("grandchild", _age_between(rng, 0, head_age - 40), _pick(rng, "MF")))
        else:
            members.append(("child", _age_between(rng, head_age - 42, head_age - 18), _pick(rng, "MF")))
    return members


def _household(
    rng: random.Random, counters: _Counters, commune: int, seq: int, hamlet: str, *, is_ward: bool, size: int
) -> list[dict[str, Any]]:
    """The members of one household, head first."""
    if is_ward:
        address = f"Số {1 + int(rng.random() * 350)}, đường {_pick(rng, STREETS)}, {hamlet}"
    else:
        address = f"Tổ {1 + int(rng.random() * 12)}, {hamlet}"
    r = rng.random()
    khmer = khmer_share_for(commune)
    household_ethnicity = KHMER if r < khmer else HOA if r < khmer + HOA_SHARE else KINH
    poor_r = rng.random()
    # Poverty is higher among Khmer households (Trà Vinh poverty reviews).
    poor_share, near_share = (0.07, 0.07) if household_ethnicity == KHMER else (0.02, 0.03)
    poor = "poor" if poor_r < poor_share else "near_poor" if poor_r < poor_share + near_share else ""
    household_code = f"{commune}-{seq:06d}"
    people: list[dict[str, Any]] = []
    children_family: str | None = None
    for relation, age, sex in _household_members(rng, size):
        ethnicity = household_ethnicity
        if relation == "spouse" and rng.random() < 0.06:
            ethnicity = KINH if household_ethnicity != KINH else KHMER  # mixed marriages
        birth = date.fromordinal(_REFERENCE_ORDINAL - 365 * age - age // 4 - int(rng.random() * 365))
        year = birth.year
        name = full_name(rng, ethnicity, sex, year, children_family if relation in ("child", "grandchild") else None)
        if relation in ("head", "spouse") and sex == "M":
            children_family = name.split(" ", 1)[0]
        province = HOME_PROVINCE_CODE
        if rng.random() < OTHER_PROVINCE_SHARE:
            province = _pick(rng, OTHER_PROVINCE_CODES)
        year_only = rng.random() < (YEAR_ONLY_SHARE_50_PLUS if age >= 50 else YEAR_ONLY_SHARE_UNDER_50)
        people.append(
            {
                "full_name": name,
                "national_id": counters.next_cccd(province, sex, year),
                "birth_date": None if year_only else birth,
                "birth_year": year,
                "sex": sex,
                "ethnicity": ethnicity,
                "phone": counters.next_phone() if rng.random() < _phone_share(age) else "",
                "commune_code": commune,
                "hamlet_name": hamlet,
                "household_code": household_code,
                "is_household_head": relation == "head",
                "address": address,
                "household_poor": poor,
                "disability": _disability(rng, age),
                "vneid_level": _vneid_level(rng, age),
                "has_digital_bank_account": _bank_account(rng, age),
            }
        )
    return people


def iter_synthetic_people(
    n: int,
    seed: int,
    commune_codes: Sequence[int],
    hamlets_per_commune: int = 8,
    *,
    ward_codes: Collection[int] = (),
) -> Iterator[dict[str, Any]]:
    """Stream `n` synthetic residents of `commune_codes`, household by household.

    Each dict has: full_name, national_id, birth_date (None for ~15%), birth_year, sex ("M"/"F"),
    ethnicity ("01", "05", "04"), phone ("" for children and some adults), commune_code,
    hamlet_name, household_code, is_household_head, address, household_poor ("poor", "near_poor"
    or ""), disability, vneid_level (0/1/2), has_digital_bank_account. Communes in `ward_codes`
    get khóm, the others ấp. Memory stays constant whatever `n`.
    """
    if not commune_codes:
        raise ValueError("iter_synthetic_people needs at least one commune code")
    if hamlets_per_commune < 1:
        raise ValueError("iter_synthetic_people needs at least one hamlet per commune")
    rng = random.Random(seed)
    counters = _Counters(offset=rng.randrange(1_000_000))
    codes = sorted(commune_codes)
    wards = set(ward_codes)
    # Communes differ in size: a fixed weight per commune from the seed.
    communes = _Weighted([(code, rng.uniform(0.6, 1.6)) for code in codes])
    hamlets = {code: hamlet_names_for(code, hamlets_per_commune, is_ward=code in wards) for code in codes}
    household_seq = dict.fromkeys(codes, 0)
    emitted = 0
    while emitted < n:
        commune: int = communes.pick(rng)
        household_seq[commune] += 1
        size = min(_SIZES.pick(rng), n - emitted)
        hamlet = _pick(rng, hamlets[commune])
        members = _household(
            rng, counters, commune, household_seq[commune], hamlet, is_ward=commune in wards, size=size
        )
        emitted += len(members)
        yield from members


# --- loading into the registry ------------------------------------------------------------------


class SeedError(RuntimeError):
    pass


@dataclass
class SeedResult:
    hamlets: int = 0
    organisations: int = 0
    households: int = 0
    people: int = 0
    memberships: int = 0
    accounts: int = 0
    skipped: bool = False


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    phone: str
    kind: str  # accounts.constants.RoleKind


# One account per role; phones use the 091 prefix, which the synthetic population never does.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(f"{DEMO_USERNAME_PREFIX}province-admin", "Trần Minh Khoa", "0911000101", RoleKind.PROVINCE_ADMIN),
    DemoAccount(f"{DEMO_USERNAME_PREFIX}commune-officer", "Lê Thị Thu Hà", "0911000102", RoleKind.COMMUNE_OFFICER),
    DemoAccount(f"{DEMO_USERNAME_PREFIX}team-member", "Thạch Văn Sô Phal", "0911000103", RoleKind.TEAM_MEMBER),
    DemoAccount(f"{DEMO_USERNAME_PREFIX}mentor", "Kim Thị Sa Ra", "0911000104", RoleKind.MENTOR),
    DemoAccount(f"{DEMO_USERNAME_PREFIX}org-manager", "Nguyễn Văn Tâm", "0911000105", RoleKind.ORG_MANAGER),
    DemoAccount(f"{DEMO_USERNAME_PREFIX}learner", "", "0911000106", RoleKind.LEARNER),
)
DEMO_COMMUNE = 29242  # Phường Trà Vinh: the demo officer's commune when it is in the area
CHUNK_SIZE = 20_000


def _short_name(commune: Commune) -> str:
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if commune.name.startswith(prefix):
            return commune.name[len(prefix) :]
    return commune.name


def _organisation_plan(communes: Sequence[Commune]) -> list[tuple[str, str, str, Commune]]:
    """(name, kind, school level, commune) of the demo organisations."""
    province = communes[0].province
    home = next((c for c in communes if c.code == DEMO_COMMUNE), communes[0])
    area = resolve_area().name  # "Trà Vinh" by default
    plan: list[tuple[str, str, str, Commune]] = [
        (f"Sở Khoa học và Công nghệ tỉnh {province.name}", OrganisationKind.STATE_AGENCY, "", home),
        (f"Liên minh Hợp tác xã tỉnh {province.name}", OrganisationKind.COOPERATIVE_UNION, "", home),
        (f"Trường Đại học {area}", OrganisationKind.SCHOOL, SchoolLevel.UNIVERSITY, home),
        (f"Trường Cao đẳng {area}", OrganisationKind.SCHOOL, SchoolLevel.COLLEGE, home),
        (f"Công ty Cổ phần Dệt may {area}", OrganisationKind.ENTERPRISE, "", home),
    ]
    for i, c in enumerate(communes):
        short = _short_name(c)
        plan += [
            (f"Ủy ban nhân dân {c.name[:1].lower()}{c.name[1:]}", OrganisationKind.STATE_AGENCY, "", c),
            (f"Trường Tiểu học {short}", OrganisationKind.SCHOOL, SchoolLevel.PRIMARY, c),
            (f"Trường Trung học cơ sở {short}", OrganisationKind.SCHOOL, SchoolLevel.LOWER_SECONDARY, c),
        ]
        if c.kind == CommuneKind.WARD or i % 3 == 0:
            plan.append(
                (f"Trường Trung học phổ thông {short}", OrganisationKind.SCHOOL, SchoolLevel.UPPER_SECONDARY, c)
            )
        if c.kind == CommuneKind.WARD:
            plan.append((f"Công ty TNHH Thương mại Dịch vụ {short}", OrganisationKind.ENTERPRISE, "", c))
        else:
            plan.append((f"Hợp tác xã Nông nghiệp {short}", OrganisationKind.COOPERATIVE, "", c))
            if i % 4 == 1:
                plan.append((f"Công ty TNHH Chế biến Thủy sản {short}", OrganisationKind.ENTERPRISE, "", c))
    return plan


def _ensure_hamlets(communes: Sequence[Commune], per_commune: int) -> tuple[dict[tuple[int, str], Hamlet], int]:
    """The demo hamlets of every commune, keyed by (commune code, generated name).

    A hamlet already there under another spelling ("khom 2" for "Khóm 2") is reused: names are
    matched ignoring case and accents, as everywhere.
    """
    planned = {c.code: hamlet_names_for(c.code, per_commune, is_ward=c.kind == CommuneKind.WARD) for c in communes}
    existing = {(h.commune_id, h.name_folded) for h in Hamlet.objects.filter(commune__in=communes)}
    wanted = [
        Hamlet(
            commune=c,
            name=name,
            name_folded=hamlet_key(name),
            kind=HamletKind.QUARTER if c.kind == CommuneKind.WARD else HamletKind.HAMLET,
        )
        for c in communes
        for name in planned[c.code]
        if (c.code, hamlet_key(name)) not in existing
    ]
    Hamlet.objects.bulk_create(wanted)
    by_key = {(h.commune_id, h.name_folded): h for h in Hamlet.objects.filter(commune__in=communes)}
    hamlets = {(code, name): by_key[(code, hamlet_key(name))] for code, names in planned.items() for name in names}
    return hamlets, len(wanted)


def _ensure_organisations(communes: Sequence[Commune]) -> tuple[list[Organisation], int]:
    plan = _organisation_plan(communes)
    existing = {(o.commune_id, o.name_folded): o for o in Organisation.objects.filter(commune__in=communes)}
    new = [
        Organisation(name=name, name_folded=fold(name), kind=kind, school_level=level, commune=c)
        for name, kind, level, c in plan
        if (c.code, fold(name)) not in existing
    ]
    Organisation.objects.bulk_create(new)
    keys = {(c.code, fold(name)) for name, _k, _l, c in plan}
    orgs = [
        o
        for o in Organisation.objects.filter(commune__in=communes).order_by("pk")
        if (o.commune_id, o.name_folded) in keys
    ]
    return orgs, len(new)


def _unit(national_id: str, salt: int) -> float:
    """A number in [0, 1) fixed by the person and the question asked: reruns decide alike."""
    x = (int(national_id) * 0x9E3779B97F4A7C15 + salt * 0xBF58476D1CE4E5B9) % (1 << 64)
    x ^= x >> 31
    return ((x * 0x94D049BB133111EB) % (1 << 64)) / float(1 << 64)


@dataclass
class _Orgs:
    """The demo organisations by what people join them as."""

    by_commune: dict[tuple[int, str], list[Organisation]]
    province_wide: dict[str, list[Organisation]]

    @classmethod
    def build(cls, orgs: Sequence[Organisation]) -> _Orgs:
        by_commune: dict[tuple[int, str], list[Organisation]] = {}
        province_wide: dict[str, list[Organisation]] = {}
        for o in orgs:
            slot = o.school_level or o.kind
            by_commune.setdefault((o.commune_id, slot), []).append(o)
            province_wide.setdefault(slot, []).append(o)
        return cls(by_commune, province_wide)

    def near(self, commune: int, slot: str, u: float) -> Organisation | None:
        options = self.by_commune.get((commune, slot)) or self.province_wide.get(slot)
        return options[int(u * len(options))] if options else None


def _memberships_for(row: dict[str, Any], orgs: _Orgs) -> list[tuple[int, str, int | None]]:
    """Pupils by age, students, public-sector staff and workers (plan 67 section II target groups)."""
    nid, commune = row["national_id"], row["commune_code"]
    age = REFERENCE_DATE.year - row["birth_year"]
    u = _unit(nid, 1)
    pick = _unit(nid, 2)
    found: list[tuple[Organisation | None, str, int | None]] = []
    if 6 <= age <= 10:
        found.append((orgs.near(commune, SchoolLevel.PRIMARY, pick), MembershipRole.PUPIL, age - 5))
    elif 11 <= age <= 14:
        found.append((orgs.near(commune, SchoolLevel.LOWER_SECONDARY, pick), MembershipRole.PUPIL, age - 5))
    elif 15 <= age <= 17 and u < 0.8:
        found.append((orgs.near(commune, SchoolLevel.UPPER_SECONDARY, pick), MembershipRole.PUPIL, age - 5))
    elif 18 <= age <= 21 and u < 0.28:
        level = SchoolLevel.UNIVERSITY if _unit(nid, 3) < 0.6 else SchoolLevel.COLLEGE
        found.append((orgs.near(commune, level, pick), MembershipRole.STUDENT, age - 17))
    elif 22 <= age <= 60 and u < 0.035:
        # Public-sector staff: the commune's People's Committee and schools, a few at the province.
        options = [*orgs.by_commune.get((commune, OrganisationKind.STATE_AGENCY), [])]
        options += orgs.by_commune.get((commune, SchoolLevel.PRIMARY), [])
        options += orgs.by_commune.get((commune, SchoolLevel.LOWER_SECONDARY), [])
        options += orgs.by_commune.get((commune, SchoolLevel.UPPER_SECONDARY), [])
        options += orgs.province_wide.get(SchoolLevel.UNIVERSITY, []) if _unit(nid, 4) < 0.1 else []
        if options:
            org = options[int(pick * len(options))]
            role = (
                MembershipRole.CIVIL_SERVANT
                if org.kind == OrganisationKind.STATE_AGENCY
                else MembershipRole.PUBLIC_EMPLOYEE
            )
            found.append((org, role, None))
    elif 18 <= age <= 55 and u < 0.035 + 0.14:
        slot = OrganisationKind.ENTERPRISE if _unit(nid, 5) < 0.5 else OrganisationKind.COOPERATIVE
        found.append((orgs.near(commune, slot, pick), MembershipRole.WORKER, None))
    return [(o.pk, str(r), g) for o, r, g in found if o is not None]


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Lists of about `size` rows that never split a household."""
    chunk: list[dict[str, Any]] = []
    for row in rows:
        if len(chunk) >= size and row["is_household_head"]:
            yield chunk
            chunk = []
        chunk.append(row)
    if chunk:
        yield chunk


def _insert(table: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 -- names come from the models
        quote(table._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


_FOLDED_WORDS: dict[str, str] = {}


def _fold_name(name: str) -> str:
    """fold() word by word through a cache: the names use a few hundred distinct words."""
    out = []
    for word in name.split(" "):
        folded = _FOLDED_WORDS.get(word)
        if folded is None:
            folded = _FOLDED_WORDS[word] = fold(word)
        out.append(folded)
    return " ".join(out)


def _load_chunk(
    rows: list[dict[str, Any]],
    hamlets: dict[tuple[int, str], Hamlet],
    orgs: _Orgs,
    result: SeedResult,
    *,
    check_existing: bool,
) -> None:
    """Insert one chunk with plain executemany (the ORM costs ~30 µs a row; this is a few µs).

    Ids are given explicitly so that heads and memberships can point at rows in the same chunk;
    the caller resets the PostgreSQL sequences at the end. Rows already present (same ID number,
    same household number) are skipped; into an empty registry there is nothing to look up.
    """
    adapt_date = connection.ops.adapt_datefield_value
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    existing: set[str | None] = set()
    households: dict[str, int] = {}
    if check_existing:
        existing = set(
            Person.objects.filter(national_id__in=[r["national_id"] for r in rows]).values_list(
                "national_id", flat=True
            )
        )
        households = dict(
            Household.objects.filter(
                commune_id__in={r["commune_code"] for r in rows}, code__in={r["household_code"] for r in rows}
            ).values_list("code", "pk")
        )
    person_id = _next_id(Person)
    household_id = _next_id(Household)
    people: list[tuple[Any, ...]] = []
    new_households: list[tuple[Any, ...]] = []
    memberships: list[tuple[Any, ...]] = []
    for r in rows:
        if r["national_id"] in existing:
            continue
        hamlet = hamlets[(r["commune_code"], r["hamlet_name"])]
        code = r["household_code"]
        if code not in households:
            households[code] = household_id
            household_id += 1
            poor = r["household_poor"]
            head = person_id if r["is_household_head"] else None
            new_households.append(
                (
                    households[code],
                    r["commune_code"],
                    hamlet.pk,
                    code,
                    r["address"],
                    head,
                    poor == "poor",
                    poor == "near_poor",
                    now,
                    now,
                )
            )
        # The same search keys as Person.normalise() (tests compare them); generated names are NFC.
        name = r["full_name"]
        folded = _fold_name(name)
        people.append(
            (
                person_id, name, folded, folded.rsplit(" ", 1)[-1][:50], r["national_id"], adapt_date(r["birth_date"]),
                r["birth_year"], r["sex"], r["ethnicity"], r["phone"], r["commune_code"], hamlet.pk, households[code],
                r["disability"], r["vneid_level"], r["has_digital_bank_account"], now, now,
            )
        )  # fmt: skip
        memberships += [(person_id, *m) for m in _memberships_for(r, orgs)]
        person_id += 1
    _insert(Household, HOUSEHOLD_COLUMNS, new_households)
    _insert(Person, PERSON_COLUMNS, people)
    _insert(Membership, MEMBERSHIP_COLUMNS, memberships)
    result.households += len(new_households)
    result.people += len(people)
    result.memberships += len(memberships)


HOUSEHOLD_COLUMNS = (
    "id", "commune_id", "hamlet_id", "code", "address", "head_id", "is_poor", "is_near_poor",
    "created_at", "updated_at",
)  # fmt: skip
PERSON_COLUMNS = (
    "id", "full_name", "name_folded", "given_folded", "national_id", "birth_date", "birth_year", "sex", "ethnicity",
    "phone", "commune_id", "hamlet_id", "household_id", "disability", "vneid_level", "has_digital_bank_account",
    "created_at", "updated_at",
)  # fmt: skip
MEMBERSHIP_COLUMNS = ("person_id", "organisation_id", "role", "grade")


def _reset_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences must move past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Household, Person, Membership])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def ensure_demo_accounts(communes: Sequence[Commune]) -> int:
    """The demo logins, one per role, on the demo units; idempotent. Returns how many were new."""
    home = next((c for c in communes if c.code == DEMO_COMMUNE), communes[0])
    hamlet = Hamlet.objects.filter(commune=home).order_by("name_folded").first()
    school = Organisation.objects.filter(commune=home, school_level=SchoolLevel.PRIMARY).first()
    # The learner claims the record of an adult, in the demo commune when one lives there.
    adults = Person.objects.filter(
        commune__in=communes, user__isnull=True, birth_year__lte=REFERENCE_DATE.year - 18
    ).exclude(national_id=None)
    person = adults.filter(commune=home).order_by("pk").first() or adults.order_by("pk").first()
    if hamlet is None or school is None:
        raise SeedError(_("The demo hamlets and schools are missing; run: python manage.py seed_demo"))
    linked = Person.objects.filter(user__username=f"{DEMO_USERNAME_PREFIX}learner").first()
    learner_person = linked or person
    units: dict[str, object] = {
        RoleKind.PROVINCE_ADMIN: home.province,
        RoleKind.COMMUNE_OFFICER: home,
        RoleKind.TEAM_MEMBER: hamlet,
        RoleKind.MENTOR: hamlet,
        RoleKind.ORG_MANAGER: school,
        RoleKind.LEARNER: learner_person.hamlet if learner_person and learner_person.hamlet else hamlet,
    }
    # Hash the one demo password once and give every account the same hash: seeding stays fast.
    password_hash = make_password(DEMO_PASSWORD)
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            learner = account.kind == RoleKind.LEARNER and linked is None and person is not None
            user = create_user(
                username=account.username,
                password=None,
                full_name=person.full_name if learner and person else account.full_name,
                phone=account.phone,
                national_id=person.national_id if learner and person else None,
            )
            user.password = password_hash
            user.save(update_fields=["password"])
            created += 1
            if learner and person is not None:
                person.user = user
                person.save(update_fields=["user"])
        grant_role(user, account.kind, unit=units[account.kind])
    return created


def seed_demo(
    *,
    people: int,
    seed: int,
    if_empty: bool = False,
    hamlets_per_commune: int = 8,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> SeedResult:
    """Load a synthetic population of the campaign area, its organisations and the demo logins.

    Idempotent: rows are matched on their natural keys (hamlet name, organisation name, household
    number, ID number), so a second run with the same seed adds nothing. Each chunk of about
    `chunk_size` people is one transaction; memory stays bounded whatever `people` is.
    """
    result = SeedResult()
    if if_empty and Person.objects.exists():
        result.skipped = True
        return result
    communes = list(campaign_communes())
    if not communes:
        raise SeedError(_("The campaign area has no communes yet; run: python manage.py load_units"))
    with transaction.atomic():
        hamlets, result.hamlets = _ensure_hamlets(communes, hamlets_per_commune)
        orgs, result.organisations = _ensure_organisations(communes)
    by_slot = _Orgs.build(orgs)
    rows = iter_synthetic_people(
        people,
        seed,
        [c.code for c in communes],
        hamlets_per_commune,
        ward_codes={c.code for c in communes if c.kind == CommuneKind.WARD},
    )
    done = 0
    check_existing = Person.objects.exists() or Household.objects.exists()
    for chunk in _chunks(rows, chunk_size):
        with transaction.atomic():
            _load_chunk(chunk, hamlets, by_slot, result, check_existing=check_existing)
            _reset_sequences()
        done += len(chunk)
        if progress is not None:
            progress(done)
    with transaction.atomic():
        result.accounts = ensure_demo_accounts(communes)
    if result.people:
        _refresh_planner_statistics()
    return result


def _refresh_planner_statistics() -> None:
    """Without statistics SQLite may join communes first and sort a whole province for one page of a
    name search (0.6 s instead of 7 ms at 1M people); ANALYZE takes ~2 s at 1M rows."""
    tables = [m._meta.db_table for m in (Household, Person, Membership)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
