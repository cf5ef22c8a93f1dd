"""Rosters are imported only into communes of the campaign area."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hocvuso.geo.models import Commune
from hocvuso.people.models import ImportJob
from hocvuso.people.roster_import import ImportRefused, create_import_job
from tests.people.roster_support import HEADER, nid, write_csv

pytestmark = pytest.mark.usefixtures("roster_media")


def test_a_commune_outside_the_campaign_area_is_refused(personas, tmp_path):
    outside = Commune.objects.filter(in_campaign_area=False).first()
    path = write_csv(tmp_path / "r.csv", [HEADER, [1, "Ai Đó", nid(), "1980", "Nam", "Ấp 1"]])
    with pytest.raises(ImportRefused) as refused, open(path, "rb") as fh, translation.override("en"):
        create_import_job(commune=outside, file=fh, original_name="r.csv", user=None)
    assert "not in the campaign area" in refused.value.message
    assert not ImportJob.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), commune=outside.code)
