"""Writing messy roster files as communes keep them, and running them through the importer."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils import translation
from python_calamine import CalamineWorkbook

from hocvuso.geo.models import Commune
from hocvuso.lib import cccd
from hocvuso.people.models import ImportJob
from hocvuso.people.roster_import import create_import_job, run_import

TITLE = [
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["Độc lập - Tự do - Hạnh phúc"],
    [],
    ["ỦY BAN NHÂN DÂN PHƯỜNG TRÀ VINH"],
    ["DANH SÁCH NGƯỜI DÂN THAM GIA PHONG TRÀO BÌNH DÂN HỌC VỤ SỐ"],
    [],
]
SIGNATURE = [
    [],
    ["", "", "", "", "Trà Vinh, ngày 10 tháng 10 năm 2025"],
    ["", "NGƯỜI LẬP BIỂU", "", "", "TM. ỦY BAN NHÂN DÂN"],
    ["", "(Ký, ghi rõ họ tên)", "", "", "CHỦ TỊCH"],
]
HEADER = ["STT", "Họ và tên", "Số CCCD", "Ngày sinh", "Giới tính", "Ấp/Khóm", "Số điện thoại", "Dân tộc"]


def nid(sex: str = "M", year: int = 1980, serial: int = 1, province: str = "084") -> str:
    return cccd.make(province, sex, year, serial)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def as_windows_1258(text: str) -> str:
    """Windows-1258 keeps vowels with circumflex/breve/horn precomposed and tone marks combining."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tones)
    return "".join(out)


def write_csv(path: Path, rows: list[list[Any]], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
    if encoding == "cp1258":
        rows = [[as_windows_1258(str(c)) for c in row] for row in rows]
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """Numbers stay numbers (as Excel keeps a CCCD typed without quote) and dates stay dates."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, dates)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif value not in (None, ""):
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def read_xlsx(path: Path) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def import_file(path: Path, commune: Commune, *, user: Any = None, language: str = "en", **options: Any) -> ImportJob:
    """Import in English by default, so that assertions on reasons do not depend on the catalogue."""
    with translation.override(language), open(path, "rb") as fh:
        job = create_import_job(commune=commune, file=fh, original_name=path.name, user=user, **options)
        return run_import(job.pk)


def counts(job: ImportJob) -> tuple[int, int, int, int]:
    return job.created, job.updated, job.unchanged, job.rejected


def reasons(job: ImportJob) -> dict[int, str]:
    return dict(job.rejections.values_list("row_number", "reason"))
