"""Open a roster file (CSV or XLSX), find its header among the first rows, and stream its data rows.

Files come as communes keep them: a title block above the table (national motto, commune name,
"DANH SÁCH ..."), the header on any of the first 15 rows, sometimes a second header row
splitting "Năm sinh" into "Nam" | "Nữ", a row of column numbers "(1) (2) ...", and a signature
block below. CSV may be UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or
Windows-1258, separated by ";", "," or tabs. Nothing is read whole: rows are streamed.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hocvuso.people.roster import columns as col

HEADER_SEARCH_ROWS = 15
_SAMPLE_BYTES = 256 * 1024


class RosterFileError(Exception):
    """A problem with the whole file (unreadable, empty, no header); `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Layout:
    """Where the table is: the header row (1-based), the first data row, and the mapped columns."""

    header_row: int
    data_start: int  # 1-based number of the first data row
    header: list[str]
    fields: dict[str, int] = field(default_factory=dict)  # roster field -> column index
    sheet: int = 0

    def heading(self, name: str) -> str:
        """The header of a field's column as written in the file."""
        return self.header[self.fields[name]]

    def as_json(self) -> dict[str, Any]:
        return {
            "header_row": self.header_row,
            "data_start": self.data_start,
            "header": self.header,
            "fields": self.fields,
            "sheet": self.sheet,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        return cls(
            header_row=data["header_row"],
            data_start=data["data_start"],
            header=list(data["header"]),
            fields=dict(data["fields"]),
            sheet=data.get("sheet", 0),
        )


def cell_text(value: object) -> str:
    """A cell as the user wrote it, for messages and the rejected-rows file."""
    if value.__class__ is str:  # CSV cells, most XLSX cells: the common case first
        return value.strip()  # type: ignore[attr-defined]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.min.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def is_xlsx(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _csv_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 3:  # not just a character cut at the end of the sample
            return "cp1258"
    return "utf-8-sig"


def _csv_delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


class RosterFile:
    """A roster on disk, CSV or XLSX, read as rows of cells."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.xlsx = is_xlsx(self.path)
        except OSError as exc:
            raise RosterFileError(_("The file could not be opened (%(error)s).") % {"error": exc}) from None
        self.encoding = "utf-8-sig"
        self.delimiter = ","
        self._book: list[Any] | None = None  # XLSX sheets, read once
        if not self.xlsx:
            with open(self.path, "rb") as fh:
                sample = fh.read(_SAMPLE_BYTES)
            if not sample.strip():
                raise RosterFileError(_("The file is empty."))
            self.encoding = _csv_encoding(sample)
            text = sample.decode(self.encoding, errors="ignore")
            self.delimiter = _csv_delimiter(text.splitlines()[:30])

    # -- rows -------------------------------------------------------------------------------------
    def _sheets(self) -> list[Any]:
        from python_calamine import CalamineWorkbook

        if self._book is not None:
            return self._book
        try:
            book = CalamineWorkbook.from_path(str(self.path))
            self._book = [book.get_sheet_by_index(i) for i in range(len(book.sheet_names))]
            return self._book
        except Exception as exc:  # calamine raises its own error kinds for corrupt or encrypted files
            raise RosterFileError(
                _("The Excel file could not be read (%(error)s). Save it again as .xlsx and retry.") % {"error": exc}
            ) from None

    def rows(self, sheet: int = 0) -> Iterator[list[object]]:
        """Every row of the table sheet, from row 1, as lists of cells."""
        if self.xlsx:
            sheets = self._sheets()
            if sheet >= len(sheets):
                raise RosterFileError(_("The Excel file has no sheets."))
            # calamine's iter_rows() starts at row 1 but at the first used column: pad the columns
            # so that column positions (and the header mapping) match Excel's.
            start = sheets[sheet].start
            offset = start[1] if start else 0
            for row in sheets[sheet].iter_rows():
                yield [None] * offset + list(row) if offset else list(row)
            return
        try:
            with open(self.path, encoding=self.encoding, newline="") as fh:
                yield from csv.reader(fh, delimiter=self.delimiter)
        except UnicodeDecodeError:
            raise RosterFileError(
                _("The CSV file mixes text encodings; save it again as “CSV UTF-8” and retry.")
            ) from None
        except csv.Error as exc:
            raise RosterFileError(_("The CSV file is malformed (%(error)s).") % {"error": exc}) from None

    def count_rows(self, sheet: int = 0) -> int:
        """Number of rows in the file, counted without loading it (lines for CSV)."""
        if self.xlsx:
            sheets = self._sheets()
            return int(sheets[sheet].total_height) if sheet < len(sheets) else 0
        lines = 0
        last = b"\n"
        with open(self.path, "rb") as fh:
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")

    # -- header -----------------------------------------------------------------------------------
    def layout(self) -> Layout:
        """Find the header row and map its columns; RosterFileError when there is none."""
        sheet_count = len(self._sheets()) if self.xlsx else 1
        for sheet in range(sheet_count):
            top = list(islice(self.rows(sheet), HEADER_SEARCH_ROWS + 1))
            found = _find_layout(top)
            if found is not None:
                found.sheet = sheet
                return found
        raise RosterFileError(
            _(
                "No header row was found: one of the first %(n)d rows must name the columns, "
                "with at least “Họ và tên” and one of “Số CCCD”, “Ngày sinh” or “Ấp/Khóm”."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )


def _find_layout(top: list[list[object]]) -> Layout | None:
    if not any(any(cell_text(c) for c in row) for row in top):
        raise RosterFileError(_("The file is empty."))
    for index, row in enumerate(top[:HEADER_SEARCH_ROWS]):
        fields: dict[str, int] = {}
        for i, cell in enumerate(row):
            name = col.match_header(cell) if isinstance(cell, str) else None
            if name and name != col.IGNORED and name not in fields:
                fields[name] = i
        if col.NAME not in fields or len(fields) < 2:
            continue
        header = [cell_text(c) for c in row]
        data_start = index + 2
        # A second header row: "Năm sinh" over "Nam" | "Nữ", or sub-headers under merged cells.
        below = top[index + 1] if index + 1 < len(top) else []
        sub = {i: col.match_header(c) for i, c in enumerate(below) if isinstance(c, str) and cell_text(c)}
        name_below = cell_text(below[fields[col.NAME]]) if fields[col.NAME] < len(below) else ""
        # A data row has a name; a sub-header row leaves the name column empty (merged from above).
        if sub and not name_below and any(f in (col.BIRTH_MALE, col.BIRTH_FEMALE) for f in sub.values()):
            for i, name in sub.items():
                if name in (col.BIRTH_MALE, col.BIRTH_FEMALE) and name not in fields:
                    fields[name] = i
                    header += [""] * (i + 1 - len(header))
                    header[i] = f"{header[i] or _year_heading(header, fields)} ({cell_text(below[i])})".strip()
            if col.BIRTH in fields and fields[col.BIRTH] in (fields.get(col.BIRTH_MALE), fields.get(col.BIRTH_FEMALE)):
                del fields[col.BIRTH]
            data_start += 1
        return Layout(header_row=index + 1, data_start=data_start, header=header, fields=fields)
    return None


def _year_heading(header: list[str], fields: dict[str, int]) -> str:
    return header[fields[col.BIRTH]] if col.BIRTH in fields else "Năm sinh"


def iter_data_rows(roster: RosterFile, layout: Layout) -> Iterator[tuple[int, list[object]]]:
    """(row number as the user sees it, cells) for every row after the header, blank ones included."""
    number = 0
    for number, row in enumerate(roster.rows(layout.sheet), start=1):
        if number >= layout.data_start:
            yield number, row
