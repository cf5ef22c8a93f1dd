"""Writes to the administrative units: loading the official list, creating hamlets."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province as VPProvince
from vietnam_provinces import VietNamDivisionType, Ward

from hocvuso.geo.constants import CommuneKind, HamletKind, ProvinceKind
from hocvuso.geo.models import Commune, Hamlet, Province
from hocvuso.lib.text import fold, hamlet_key, nfc

# The former Trà Vinh province (code 84 before 1 July 2025) was merged into Vĩnh Long (86).
# Each new commune/ward kept the code of one of the old wards merged into it, and the old Trà
# Vinh wards were numbered 29236-29539, so its area is the Vĩnh Long units in that range.
TRA_VINH_PROVINCE = 86
TRA_VINH_WARD_RANGE = (29236, 29539)

_PROVINCE_KIND = {
    VietNamDivisionType.TINH: ProvinceKind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: ProvinceKind.CITY,
}
_COMMUNE_KIND = {
    VietNamDivisionType.XA: CommuneKind.COMMUNE,
    VietNamDivisionType.PHUONG: CommuneKind.WARD,
    VietNamDivisionType.DAC_KHU: CommuneKind.SPECIAL_ZONE,
}


class AreaError(ValueError):
    pass


@dataclass(frozen=True)
class Area:
    """The campaign area: one province and a subset (or all) of its communes."""

    province_code: int
    commune_codes: frozenset[int]
    name: str


def resolve_area(spec: str | None = None) -> Area:
    """Turn HOCVUSO_AREA into the list of communes.

    "tra-vinh" (default): the former Trà Vinh area in Vĩnh Long; "province:<code>": a whole
    province; "wards:<code>,<code>": explicit communes/wards of one province.
    """
    spec = (spec or settings.HOCVUSO_AREA).strip()
    wards = list(Ward.iter_all())
    if spec == "tra-vinh":
        lo, hi = TRA_VINH_WARD_RANGE
        codes = frozenset(
            int(w.code) for w in wards if int(w.province_code) == TRA_VINH_PROVINCE and lo <= int(w.code) <= hi
        )
        return Area(TRA_VINH_PROVINCE, codes, settings.HOCVUSO_AREA_NAME or "Trà Vinh")
    if spec.startswith("province:"):
        code = int(spec.split(":", 1)[1])
        codes = frozenset(int(w.code) for w in wards if int(w.province_code) == code)
        if not codes:
            raise AreaError(f"unknown province code {code}")
        return Area(code, codes, settings.HOCVUSO_AREA_NAME or nfc(VPProvince.from_code(code).name))  # type: ignore[arg-type]
    if spec.startswith("wards:"):
        wanted = {int(c) for c in spec.split(":", 1)[1].split(",") if c.strip()}
        found = [w for w in wards if int(w.code) in wanted]
        if len(found) != len(wanted) or len({int(w.province_code) for w in found}) != 1:
            raise AreaError("wards must all exist and belong to one province")
        code = int(found[0].province_code)
        return Area(code, frozenset(wanted), settings.HOCVUSO_AREA_NAME or nfc(VPProvince.from_code(code).name))  # type: ignore[arg-type]
    raise AreaError(f"HOCVUSO_AREA={spec!r} is not 'tra-vinh', 'province:<code>' or 'wards:<codes>'")


@transaction.atomic
def load_units(area: Area | None = None) -> tuple[int, int]:
    """Load (or refresh) every province and commune; mark the campaign area. Idempotent.

    Returns (provinces, communes) loaded.
    """
    area = area or resolve_area()
    existing_p = {p.code: p for p in Province.objects.all()}
    new_p = []
    for vp in VPProvince.iter_all():
        p = Province(code=int(vp.code), name=nfc(vp.name), kind=_PROVINCE_KIND[vp.division_type], codename=vp.codename)
        old = existing_p.get(p.code)
        if old is None:
            new_p.append(p)
        elif (old.name, old.kind, old.codename) != (p.name, p.kind, p.codename):
            p.save()
    Province.objects.bulk_create(new_p)
    existing_c = {c.code: c for c in Commune.objects.all()}
    new_c, changed = [], []
    for w in Ward.iter_all():
        code = int(w.code)
        c = Commune(
            code=code,
            name=nfc(w.name),
            kind=_COMMUNE_KIND[w.division_type],
            codename=w.codename,
            province_id=int(w.province_code),
            in_campaign_area=code in area.commune_codes,
        )
        c.name_folded = fold(c.name)
        old_c = existing_c.get(code)
        if old_c is None:
            new_c.append(c)
        elif (old_c.name, old_c.kind, old_c.province_id, old_c.in_campaign_area) != (
            c.name,
            c.kind,
            c.province_id,
            c.in_campaign_area,
        ):
            changed.append(c)
    Commune.objects.bulk_create(new_c, batch_size=500)
    Commune.objects.bulk_update(
        changed, ["name", "name_folded", "kind", "codename", "province", "in_campaign_area"], batch_size=500
    )
    return Province.objects.count(), Commune.objects.count()


class HamletError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def create_hamlet(commune: Commune, name: str, kind: str = HamletKind.HAMLET) -> Hamlet:
    """Create a hamlet; its name must be new in the commune, ignoring case and accents."""
    name = nfc(name)
    if not name:
        raise HamletError(_("The hamlet name is empty."))
    if Hamlet.objects.filter(commune=commune, name_folded=hamlet_key(name)).exists():
        raise HamletError(_("The commune already has a hamlet named “%(name)s”.") % {"name": name})
    try:
        with transaction.atomic():
            return Hamlet.objects.create(commune=commune, name=name, kind=kind)
    except IntegrityError:
        raise HamletError(_("The commune already has a hamlet named “%(name)s”.") % {"name": name}) from None


def guess_hamlet_kind(name: str) -> str:
    key = nfc(name).casefold()
    if key.startswith("khóm"):
        return HamletKind.QUARTER
    if key.startswith("tổ dân phố") or key.startswith("tdp"):
        return HamletKind.STREET_GROUP
    if key.startswith("thôn"):
        return HamletKind.VILLAGE
    if key.startswith("phum") or key.startswith("sóc"):
        return HamletKind.PHUM_SOC
    return HamletKind.HAMLET
