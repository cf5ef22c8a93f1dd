"""Roster export to XLSX, in the same columns the importer reads (export -> import changes nothing).

The caller decides who may export and writes the audit row (AuditAction.EXPORT_ROSTER): the full
CCCD is in the file, so only roles allowed to see it may export.
"""

from __future__ import annotations

from typing import BinaryIO

import xlsxwriter
from django.db.models import QuerySet

from hocvuso.lib import ethnicity
from hocvuso.people.models import Person
from hocvuso.people.roster import columns as col


def export_roster_xlsx(people: QuerySet[Person], target: BinaryIO) -> int:
    """Write the people (streamed, constant memory) to `target`; returns the number of people written."""
    book = xlsxwriter.Workbook(target, {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, [header for _field, header in col.EXPORT_HEADERS], bold)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 3, 14)
    sheet.set_column(9, 9, 30)
    rows = (
        people.select_related("hamlet", "household")
        .order_by("hamlet__name_folded", "household_id", "id")
        .iterator(chunk_size=2000)
    )
    count = 0
    for count, p in enumerate(rows, start=1):
        hh = p.household
        if hh is None:
            household_class = ""
        else:
            household_class = col.POOR_LABEL if hh.is_poor else col.NEAR_POOR_LABEL if hh.is_near_poor else "Không"
        values: list[object] = [
            count,
            p.full_name,
            p.national_id or "",
            "",
            col.SEX_LABELS.get(p.sex, ""),
            ethnicity.NAMES.get(p.ethnicity, ""),
            p.phone,
            p.hamlet.name if p.hamlet else "",
            hh.code if hh else "",
            hh.address if hh else "",
            col.HEAD_LABEL if hh is not None and hh.head_id == p.pk else "",
            household_class,
            col.DISABILITY_LABELS.get(p.disability, ""),
            col.VNEID_LABELS.get(p.vneid_level, ""),
            col.BOOL_LABELS[p.has_digital_bank_account],
        ]
        for i, value in enumerate(values):
            if i == 3:
                continue
            if isinstance(value, str):
                sheet.write_string(count, i, value)  # text: CCCD and phones keep their leading zero
            else:
                sheet.write_number(count, i, value)  # type: ignore[arg-type]
        if p.birth_date:
            sheet.write_datetime(count, 3, p.birth_date, dates)
        elif p.birth_year:
            sheet.write_number(count, 3, p.birth_year)
    book.close()
    return count
