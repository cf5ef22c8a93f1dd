"""Small builders shared by the web tests: signed-in clients, roster files, import jobs."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hocvuso.accounts.models import User
from hocvuso.geo.models import Commune
from hocvuso.lib import cccd
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import ImportJob, ImportRejection
from tests.clients import english_client

HEADER = "STT,Họ và tên,Số CCCD,Ngày sinh,Giới tính,Ấp/Khóm\n"


def client_for(user: User | None) -> Client:
    """A client signed in as `user` that reads the English UI (assertions do not depend on translations)."""
    client = english_client()
    if user is not None:
        client.force_login(user)
    return client


def roster_csv(rows: list[tuple[str, str, str, str, str]], name: str = "danh-sach.csv") -> SimpleUploadedFile:
    """A CSV roster: (full name, CCCD, birth date, sex, hamlet) per row."""
    body = HEADER + "".join(f"{i},{n},{c},{d},{s},{h}\n" for i, (n, c, d, s, h) in enumerate(rows, start=1))
    return SimpleUploadedFile(name, body.encode("utf-8"), content_type="text/csv")


def valid_row(serial: int, hamlet: str = "Khóm 1", name: str = "Trần Thị Mới") -> tuple[str, str, str, str, str]:
    return (name, cccd.make("084", "F", 1990, 500000 + serial), "02/03/1990", "Nữ", hamlet)


def finished_job(commune: Commune, user: User | None, *, rejected_row: int = 5) -> ImportJob:
    """An import job that has finished, with one rejected row (for pages that only read a job)."""
    job = ImportJob.objects.create(
        commune=commune,
        created_by=user,
        file="imports/test.csv",
        original_name="test.csv",
        status=ImportStatus.DONE,
        total_rows=3,
        rows_done=3,
        created=2,
        rejected=1,
    )
    ImportRejection.objects.create(
        job=job,
        row_number=rejected_row,
        reason="Cột “Số CCCD”: the ID number must have 12 digits (it has 5)",
        values=["3", "Lê Văn Sai", "12345", "01/01/1980", "Nam", "Khóm 1"],
    )
    return job
