"""The default campaign area is the former Trà Vinh province inside today's Vĩnh Long."""

from __future__ import annotations

import pytest

from hocvuso.geo.models import Commune, Province
from hocvuso.geo.selectors import campaign_communes
from hocvuso.geo.services import AreaError, load_units, resolve_area

pytestmark = pytest.mark.django_db


def test_all_34_provinces_and_their_communes_are_loaded_without_districts():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert {f.name for f in Commune._meta.get_fields()}.isdisjoint({"district", "district_id"})


def test_former_tra_vinh_area_has_41_units_from_phuong_tra_vinh_to_xa_dong_hai():
    communes = list(campaign_communes())
    assert len(communes) == 41
    assert (communes[0].code, communes[0].name) == (29242, "Phường Trà Vinh")
    assert (communes[-1].code, communes[-1].name) == (29536, "Xã Đông Hải")
    assert {c.province_id for c in communes} == {86}
    assert Province.objects.get(code=86).name == "Vĩnh Long"


def test_area_keeps_official_codes_inside_the_old_tra_vinh_ward_range():
    area = resolve_area("tra-vinh")
    assert all(29236 <= code <= 29539 for code in area.commune_codes)
    assert area.province_code == 86


def test_loading_twice_changes_nothing():
    before = list(Commune.objects.order_by("code").values_list("code", "name", "in_campaign_area"))
    load_units()
    assert list(Commune.objects.order_by("code").values_list("code", "name", "in_campaign_area")) == before


def test_any_province_works_by_configuration():
    area = resolve_area("province:86")
    load_units(area)
    assert Commune.objects.filter(in_campaign_area=True).count() == len(area.commune_codes) > 41
    load_units(resolve_area("tra-vinh"))
    assert Commune.objects.filter(in_campaign_area=True).count() == 41


def test_unknown_area_spec_is_refused():
    with pytest.raises(AreaError):
        resolve_area("district:1")
    with pytest.raises(AreaError):
        resolve_area("province:99")
