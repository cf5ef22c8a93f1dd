"""Turn a roster row (cells) into cleaned person and household values, or reasons to reject it.

Personal fields go through hocvuso.people.services.clean_person_data, the one set of rules for
people entered by hand, through the API or imported. This module adds only what is particular to
roster files: which column holds what, the words used in cells (Nam/Nữ, Chủ hộ, mức 2, có/không),
and telling data rows from the title, column-number and signature rows around them.

Cleaning needs no database, so a large file is cleaned by worker processes while the importer
writes (`iter_chunks(workers=2)`); chunks come back in file order either way.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from hocvuso.lib import cccd
from hocvuso.lib.text import fold, hamlet_key, nfc
from hocvuso.people.roster import columns as col
from hocvuso.people.roster.reader import Layout, RosterFile, RosterFileError, cell_text, iter_data_rows
from hocvuso.people.services import PersonDataError, clean_person_data

# clean_person_data's error keys -> roster fields (to name the column in the reason)
_ERROR_FIELDS = {
    "full_name": col.NAME,
    "national_id": col.NATIONAL_ID,
    "birth_date": col.BIRTH,
    "sex": col.SEX,
    "ethnicity": col.ETHNICITY,
    "phone": col.PHONE,
}
CELL_SEPARATOR = "\x1f"
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")
_FOOTER_WORDS = ("ky ten", "ky, ", "nguoi lap", "xac nhan", "chu tich", "truong ", "ngay ", "tm.", "t/m", "kt.")


class CleanRow(NamedTuple):
    row: int  # row number as the user sees it in the file
    cells: str  # the row's cells as text, joined by CELL_SEPARATOR (one string pickles fast)
    errors: tuple[str, ...]
    person: dict[str, Any]  # Person field -> value, only for the columns the row fills in
    derived: dict[str, Any]  # birth year and sex read from the CCCD when the row does not give them
    name_folded: str
    given_folded: str
    hamlet_name: str
    hamlet_key: str
    household_code: str
    address: str
    address_key: str
    is_head: bool
    poverty: str | None  # "poor", "near_poor", "none", or None when not given
    year: int | None = None  # birth year, given or read from the CCCD (for matching without a CCCD)
    digest: int = 0  # hash of what the row says (person, household), to tell exact repeats apart
    # The row as a new person, in NEW_PERSON_COLUMNS order (dates as ISO text), so the importer
    # inserts it without building a record; None for a rejected row.
    values: tuple[Any, ...] | None = None


# What a new person gets from the row alone; the importer adds hamlet, household, commune, times.
NEW_PERSON_COLUMNS = (
    "full_name",
    "national_id",
    "birth_date",
    "birth_year",
    "sex",
    "ethnicity",
    "phone",
    "disability",
    "vneid_level",
    "has_digital_bank_account",
    "name_folded",
    "given_folded",
)


def column_error(heading: str, reason: str) -> str:
    """ "Column “Số CCCD”: the ID number must have 12 digits (it has 10)"."""
    text = reason.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]  # a sentence from a form validator becomes a clause
    return _("Column “%(column)s”: %(reason)s") % {"column": heading, "reason": text.rstrip(".")}


# Categorical cells (Nam/Nữ, có/không, hamlet names, addresses shared by a household) repeat
# thousands of times in a file: fold each distinct spelling once.
_fold = lru_cache(maxsize=65536)(fold)


@lru_cache(maxsize=65536)
def _place(value: str) -> tuple[str, str, str]:
    """A hamlet or address cell: (NFC text, fold, hamlet matching key)."""
    text = nfc(value)
    return text, fold(text), hamlet_key(text)


def _joined(cells: list[object]) -> str:
    try:
        return CELL_SEPARATOR.join(cells)  # type: ignore[arg-type]  # CSV: all text already
    except TypeError:
        return CELL_SEPARATOR.join(cell_text(c) for c in cells)


def split_cells(joined: str) -> list[str]:
    """The cells of a CleanRow, as text."""
    return [c.strip() for c in joined.split(CELL_SEPARATOR)]


@lru_cache(maxsize=1024)
def _flag(value: object) -> bool | None:
    key = _fold(cell_text(value))
    if key in col.TRUE_WORDS:
        return True
    if key in col.FALSE_WORDS or not key:
        return False
    return None


class RowCleaner:
    """Cleans the rows of one file, whose layout (header) is known."""

    def __init__(self, layout: Layout, today: date) -> None:
        self.layout = layout
        self.today = today
        self.idx = layout.fields
        self._fields = tuple(layout.fields.items())

    def _values(self, cells: list[object]) -> dict[str, object]:
        """The row's non-empty cells by roster field (strings stripped)."""
        values: dict[str, object] = {}
        n = len(cells)
        for name, i in self._fields:
            if i < n:
                value = cells[i]
                if value.__class__ is str:
                    value = value.strip()  # type: ignore[attr-defined]
                    if not value:
                        continue
                elif value is None:
                    continue
                values[name] = value
        return values

    @staticmethod
    def _is_data(v: dict[str, object]) -> bool:
        name = v.get(col.NAME)
        name_text = cell_text(name) if name is not None else ""
        if name_text and _COLUMN_NUMBERS.match(name_text):
            return False  # the "(1) (2) (3)" row under the header
        if col.NATIONAL_ID in v or col.BIRTH in v or col.BIRTH_MALE in v or col.BIRTH_FEMALE in v or col.PHONE in v:
            return True
        if not name_text:
            return False  # blank rows, notes and signature lines outside the person columns
        folded = fold(name_text)
        return not (name_text.isupper() or any(w in folded for w in _FOOTER_WORDS))

    def clean(self, number: int, cells: list[object]) -> CleanRow | None:
        """The cleaned row, or None for rows that are not data (blank, column numbers, signatures)."""
        v = self._values(cells)
        if not self._is_data(v):
            return None
        heading = self.layout.heading
        errors: list[str] = []
        raw: dict[str, Any] = {"full_name": cell_text(v.get(col.NAME))}
        person: dict[str, Any] = {}
        sex: str | None = None
        if (x := v.get(col.SEX)) is not None:
            sex = col.SEX_WORDS.get(_fold(cell_text(x)))
            if sex is None:
                errors.append(
                    column_error(heading(col.SEX), _("“%(v)s” is not a sex; write Nam or Nữ") % {"v": cell_text(x)})
                )
        birth = v.get(col.BIRTH)
        birth_column = col.BIRTH
        for field, which in ((col.BIRTH_MALE, "M"), (col.BIRTH_FEMALE, "F")):
            if birth is None and (x := v.get(field)) is not None:
                birth, birth_column, sex = x, field, sex or which
        if birth is not None:
            raw["birth_date"] = birth
        if sex:
            raw["sex"] = sex
        for field in (col.NATIONAL_ID, col.ETHNICITY, col.PHONE):
            if (x := v.get(field)) is not None:
                raw[field] = x
        if (x := v.get(col.DISABILITY)) is not None:
            raw["disability"] = self._disability(x)
        if (x := v.get(col.VNEID)) is not None:
            level = self._vneid(x)
            if level is None:
                errors.append(
                    column_error(
                        heading(col.VNEID),
                        _("“%(v)s” is not a VNeID level; write Mức 1, Mức 2 or Chưa") % {"v": cell_text(x)},
                    )
                )
            else:
                raw["vneid_level"] = level
        if (x := v.get(col.BANK)) is not None:
            flag = _flag(x)
            if flag is None:
                errors.append(column_error(heading(col.BANK), _("“%(v)s” is not Có or Không") % {"v": cell_text(x)}))
            else:
                raw["has_digital_bank_account"] = flag
        try:
            data = clean_person_data(raw, self.today)
        except PersonDataError as exc:
            for key, message in exc.errors.items():
                field = _ERROR_FIELDS.get(key, col.NAME)
                if field == col.BIRTH:
                    field = birth_column
                errors.append(column_error(heading(field) if field in self.idx else key, message))
            data = None
        name_folded = given_folded = ""
        derived: dict[str, Any] = {}
        if data is not None:
            person["full_name"] = data.full_name
            name_folded = _fold(data.full_name)  # as Person.normalise()
            given_folded = name_folded.rsplit(" ", 1)[-1][:50]
            if data.national_id:
                person["national_id"] = data.national_id
                if birth is None or not sex:
                    info = cccd.parse(data.national_id)
                    if birth is None:
                        derived["birth_year"] = info.birth_year
                    if not sex:
                        derived["sex"] = info.sex
            if birth is not None:
                person["birth_date"] = data.birth_date
                person["birth_year"] = data.birth_year
            if sex:
                person["sex"] = data.sex
            for field in ("ethnicity", "phone"):
                if field in raw:
                    person[field] = getattr(data, field)
            for field in ("disability", "vneid_level", "has_digital_bank_account"):
                if field in raw:
                    person[field] = getattr(data, field)
        hamlet, _f, hamlet_match = _place(cell_text(v.get(col.HAMLET)))
        code = nfc(cell_text(v.get(col.HOUSEHOLD_CODE)))
        address, address_key, _k = _place(cell_text(v.get(col.ADDRESS)))
        relation = _fold(cell_text(v.get(col.RELATION)))
        for field, text, limit in (
            (col.HAMLET, hamlet, 100),
            (col.HOUSEHOLD_CODE, code, 40),
            (col.ADDRESS, address, 255),
        ):
            if len(text) > limit:
                errors.append(
                    column_error(heading(field), _("the text is longer than %(n)d characters") % {"n": limit})
                )
        poverty = self._poverty(v, errors)
        is_head = relation in col.HEAD_WORDS or relation.startswith("chu ho")
        values = None
        if data is not None:
            # as the importer merges a new person: the row's cells, then what the CCCD tells
            values = (
                person["full_name"],
                person.get("national_id"),
                data.birth_date.isoformat() if "birth_date" in person and data.birth_date else None,
                person.get("birth_year") or derived.get("birth_year"),
                person.get("sex") or derived.get("sex", ""),
                person.get("ethnicity", ""),
                person.get("phone", ""),
                person.get("disability", ""),
                person.get("vneid_level", 0),
                person.get("has_digital_bank_account", False),
                name_folded,
                given_folded,
            )
        return CleanRow(
            row=number,
            cells=_joined(cells),
            errors=tuple(errors),
            person=person,
            derived=derived,
            name_folded=name_folded,
            given_folded=given_folded,
            hamlet_name=hamlet,
            hamlet_key=hamlet_match,
            household_code=code,
            address=address,
            address_key=address_key,
            is_head=is_head,
            poverty=poverty,
            year=person.get("birth_year") or derived.get("birth_year"),
            # in file order: the same in a worker (forked: same hash seed) and the importer
            digest=hash((tuple(person.items()), code, address_key, is_head, poverty)),
            values=values,
        )

    @staticmethod
    @lru_cache(maxsize=1024)  # a handful of spellings per file
    def _disability(value: object) -> str:
        key = _fold(cell_text(value))
        if key in col.FALSE_WORDS or key in ("khong khuyet tat", "binh thuong"):
            return ""
        for word, kind in col.DISABILITY_WORDS:
            if word in key.split() or word in key:
                return kind
        return "other"

    @staticmethod
    @lru_cache(maxsize=1024)
    def _vneid(value: object) -> int | None:
        key = _fold(cell_text(value))
        if key in col.FALSE_WORDS or key.startswith("chua"):
            return 0
        if "2" in key:
            return 2
        if "1" in key or key in col.TRUE_WORDS or key.startswith("da kich hoat"):
            return 1
        return None

    def _poverty(self, v: dict[str, object], errors: list[str]) -> str | None:
        result: str | None = None
        if (x := v.get(col.HOUSEHOLD_CLASS)) is not None:
            key = _fold(cell_text(x))
            result = "near_poor" if "can ngheo" in key else "poor" if "ngheo" in key else "none"
        for field, kind in ((col.POOR, "poor"), (col.NEAR_POOR, "near_poor")):
            if field not in self.idx:
                continue
            x = v.get(field)
            flag = _flag(x) if x is not None else False
            if flag is None and _fold(cell_text(x)) not in ("ngheo", "ho ngheo", "can ngheo", "ho can ngheo"):
                errors.append(
                    column_error(self.layout.heading(field), _("“%(v)s” is not x or empty") % {"v": cell_text(x)})
                )
            elif flag is None or flag:
                if result not in (None, "none", kind):
                    errors.append(
                        column_error(self.layout.heading(field), _("a household cannot be both poor and near-poor"))
                    )
                result = kind
            elif result is None:
                result = "none"
        return result


# -- chunks ----------------------------------------------------------------------------------------

Chunk = tuple[list[CleanRow], int]  # cleaned data rows, and how many file rows the chunk covered


def _chunks_serial(path: Path, layout: Layout, today: date, size: int, only: tuple[int, int] | None) -> Iterator[Chunk]:
    cleaner = RowCleaner(layout, today)
    roster = RosterFile(path)
    rows: list[CleanRow] = []
    seen = 0
    index = 0
    for number, cells in iter_data_rows(roster, layout):
        mine = only is None or index % only[1] == only[0]
        if mine and (clean := cleaner.clean(number, cells)) is not None:
            rows.append(clean)
        seen += 1
        if seen == size:
            if mine:
                yield rows, seen
            rows, seen, index = [], 0, index + 1
    if seen and (only is None or index % only[1] == only[0]):
        yield rows, seen


def _worker(path: Path, layout: Layout, today: date, size: int, k: int, n: int, out: Any, parent: int) -> None:
    def put(item: object) -> None:
        while True:
            try:
                out.put(item, timeout=1)
                return
            except queue.Full:
                if os.getppid() != parent:  # the importer died: stop
                    os._exit(1)

    try:
        for rows, consumed in _chunks_serial(path, layout, today, size, (k, n)):
            # plain tuples: a NamedTuple pickles and unpickles through Python-level calls per row
            put(("chunk", ([tuple(r) for r in rows], consumed)))
        put(("end", None))
    except RosterFileError as exc:
        put(("file_error", exc.message))
    except Exception as exc:
        put(("error", repr(exc)))


def iter_chunks(path: str | Path, layout: Layout, today: date, *, size: int, workers: int = 0) -> Iterator[Chunk]:
    """The file's data rows, cleaned, in chunks of `size` file rows, in file order.

    With workers > 1 the cleaning runs in that many forked processes (each reads the file and
    cleans every n-th chunk); the caller must hold no open database transaction.
    """
    path = Path(path)
    if workers <= 1:
        yield from _chunks_serial(path, layout, today, size, None)
        return
    ctx = multiprocessing.get_context("fork")
    queues = [ctx.Queue(maxsize=3) for _ in range(workers)]
    procs = [
        ctx.Process(target=_worker, args=(path, layout, today, size, k, workers, queues[k], os.getpid()), daemon=True)
        for k in range(workers)
    ]
    for p in procs:
        p.start()
    make = CleanRow._make
    try:
        index = 0
        while True:
            kind, payload = queues[index % workers].get()
            if kind == "end":
                break
            if kind == "file_error":
                raise RosterFileError(payload)
            if kind == "error":
                raise RuntimeError(payload)
            rows, consumed = payload
            yield [make(r) for r in rows], consumed
            index += 1
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join(timeout=5)
