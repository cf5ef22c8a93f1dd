"""Who may read which KPI unit — decided here once, used by every KPI page and API operation.

- The province administrator: the province, every commune of the campaign area, every hamlet and
  organisation.
- A commune officer: their commune, its hamlets and organisations.
- A community tech team member or mentor: the hamlets of their roles (not the commune as a whole).
- Organisation managers: not yet (403, like learners and users without a role).

Access functions answer 404 both for missing units and for units outside the user's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions as campaign
from hocvuso.geo.models import Commune, Hamlet, Province
from hocvuso.kpi.constants import Level
from hocvuso.people.models import Organisation

READERS = campaign.FIELD_WORKERS
PROVINCE_READERS = (RoleKind.PROVINCE_ADMIN,)


@dataclass(frozen=True)
class UnitRef:
    level: str
    unit_id: int
    name: str
    commune_code: int | None  # the commune of a hamlet or organisation; the commune itself


def may_read(user: User | object) -> bool:
    return acc.has_role(user, READERS)


def provinces_of(user: User | object) -> list[Province]:
    codes = acc.scope_for(user, PROVINCE_READERS).province_codes
    return list(Province.objects.filter(code__in=codes).order_by("code"))


def get_province_for(user: User | object, code: int) -> Province:
    if code not in acc.scope_for(user, PROVINCE_READERS).province_codes:
        raise Http404
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404
    return province


def get_commune_for(user: User | object, code: int) -> Commune:
    commune = campaign.communes_managed_by(user).filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


def get_hamlet_for(user: User | object, pk: int) -> Hamlet:
    hamlet = campaign.hamlets_worked_by(user).select_related("commune").filter(pk=pk).first()
    if hamlet is None:
        raise Http404
    return hamlet


def get_organisation_for(user: User | object, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk, commune__in=campaign.communes_managed_by(user)).first()
    if organisation is None:
        raise Http404
    return organisation


def get_unit_for(user: User | object, level: str, unit_id: int) -> UnitRef:
    if level == Level.PROVINCE:
        province = get_province_for(user, unit_id)
        return UnitRef(level, province.code, province.name, None)
    if level == Level.COMMUNE:
        commune = get_commune_for(user, unit_id)
        return UnitRef(level, commune.code, commune.name, commune.code)
    if level == Level.HAMLET:
        hamlet = get_hamlet_for(user, unit_id)
        return UnitRef(level, hamlet.pk, hamlet.name, hamlet.commune_id)
    if level == Level.ORGANISATION:
        organisation = get_organisation_for(user, unit_id)
        return UnitRef(level, organisation.pk, organisation.name, organisation.commune_id)
    raise Http404
