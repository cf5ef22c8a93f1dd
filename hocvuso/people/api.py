"""API for hamlets, households, people and roster imports; every operation is scoped by role.

Rows come only through hocvuso.people.permissions, so a caller reaches only the units their roles
cover; a row that is missing and a row that is not theirs both answer 404. Writes go through
hocvuso.people.services (validated, one transaction, audited).
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import date
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.api import READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.accounts.constants import AccessReason, TokenScope
from hocvuso.geo.models import Hamlet
from hocvuso.geo.schemas import ErrorOut, FieldErrorOut, HamletOut, ValidationErrorOut
from hocvuso.geo.services import HamletError
from hocvuso.lib import ethnicity
from hocvuso.people import permissions, roster_import, selectors, services
from hocvuso.people.constants import ImportStatus, Sex
from hocvuso.people.models import Household, ImportJob, Person
from hocvuso.people.schemas import (
    MAX_CODE,
    MAX_ID,
    NO_NUL,
    ClaimIn,
    ClaimOut,
    HamletIn,
    HamletPage,
    HouseholdDetailOut,
    HouseholdOut,
    HouseholdPage,
    ImportJobOut,
    ImportJobPage,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    RejectionOut,
    RejectionPage,
)

logger = logging.getLogger(__name__)

router = Router(tags=["registry"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
CommuneFilter = Annotated[int | None, Query(ge=1, le=MAX_CODE, description="Only this commune (official code).")]
HamletFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this hamlet.")]


def _page(qs: QuerySet[Any], limit: int, offset: int) -> tuple[list[Any], int | None]:
    """One page of an ordered queryset; fetching one row more tells whether another page follows."""
    rows = list(qs[offset : offset + limit + 1])
    if len(rows) > limit:
        return rows[:limit], offset + limit
    return rows, None


def _invalid(errors: dict[str, str], location: str = "body") -> Status[ValidationErrorOut]:
    return Status(
        422,
        ValidationErrorOut(
            detail=_("Some values are not valid: %(fields)s.") % {"fields": ", ".join(errors)},
            errors=[FieldErrorOut(location=location, field=f, message=m) for f, m in errors.items()],
        ),
    )


def _require_roster_editor(user: object) -> None:
    if not acc.has_role(user, acc.ROSTER_EDITORS):
        raise HttpError(403, _("Only commune officers and the province administrator may change the roster."))


# Hamlets ------------------------------------------------------------------------------------


def _hamlet_out(h: Hamlet) -> HamletOut:
    return HamletOut(id=h.pk, name=h.name, kind=h.kind, commune_code=h.commune_id)


@router.get(
    "/hamlets",
    response={200: HamletPage, **READ_ERRORS},
    auth=signed_in(TokenScope.GEO_READ),
    summary="Hamlets you work in",
    description="Hamlets (ấp, khóm, tổ dân phố) of the communes your roles cover. Token scope: geo:read.",
)
def list_hamlets(
    request: HttpRequest, commune_code: CommuneFilter = None, limit: Limit = 50, offset: Offset = 0
) -> HamletPage:
    qs = permissions.hamlets_visible_to(caller(request))
    if commune_code:
        qs = qs.filter(commune_id=commune_code)
    rows, next_offset = _page(qs.order_by("commune_id", "name_folded", "pk"), limit, offset)
    return HamletPage(items=[_hamlet_out(h) for h in rows], limit=limit, offset=offset, next_offset=next_offset)


@router.get(
    "/hamlets/{hamlet_id}",
    response={200: HamletOut, **READ_ERRORS},
    auth=signed_in(TokenScope.GEO_READ),
    summary="One hamlet",
    description="Token scope: geo:read. 404 when the hamlet does not exist or is outside your units.",
)
def get_hamlet(request: HttpRequest, hamlet_id: Id) -> HamletOut:
    return _hamlet_out(permissions.get_hamlet_for(caller(request), hamlet_id))


@router.post(
    "/hamlets",
    response={201: HamletOut, **WRITE_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_WRITE),
    summary="Create a hamlet",
    description="Commune officers (in their commune) and the province administrator create hamlets. "
    "The name must be new in the commune, ignoring case, accents and the kind word (Ấp, Khóm ...). "
    "Token scope: people:write.",
)
def create_hamlet(request: HttpRequest, payload: HamletIn) -> Any:
    user = caller(request)
    if not acc.has_role(user, acc.HAMLET_EDITORS):
        raise HttpError(403, _("Only commune officers and the province administrator may create hamlets."))
    commune = permissions.communes_managed_by(user, acc.HAMLET_EDITORS).filter(code=payload.commune_code).first()
    if commune is None:
        return _invalid(
            {"commune_code": _("You do not manage a commune with the code %(code)s.") % {"code": payload.commune_code}}
        )
    if not any(ch.isalnum() for ch in payload.name):
        return _invalid({"name": _("The hamlet name must contain letters or digits.")})
    try:
        hamlet = services.add_hamlet(user, commune, payload.name, request=request)
    except HamletError as exc:
        return _invalid({"name": exc.message})
    return Status(201, _hamlet_out(hamlet))


# Households ---------------------------------------------------------------------------------


def _household_out(h: Household) -> dict[str, Any]:
    return {
        "id": h.pk,
        "code": h.code,
        "address": h.address,
        "commune_code": h.commune_id,
        "hamlet_id": h.hamlet_id,
        "head_id": h.head_id,
        "is_poor": h.is_poor,
        "is_near_poor": h.is_near_poor,
    }


@router.get(
    "/households",
    response={200: HouseholdPage, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="Households",
    description="Households in the units your roles cover, filtered. Token scope: people:read.",
)
def list_households(
    request: HttpRequest,
    commune_code: CommuneFilter = None,
    hamlet_id: HamletFilter = None,
    is_poor: bool | None = None,
    is_near_poor: bool | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HouseholdPage:
    qs = permissions.households_visible_to(caller(request))
    if commune_code:
        qs = qs.filter(commune_id=commune_code)
    if hamlet_id:
        qs = qs.filter(hamlet_id=hamlet_id)
    if is_poor is not None:
        qs = qs.filter(is_poor=is_poor)
    if is_near_poor is not None:
        qs = qs.filter(is_near_poor=is_near_poor)
    rows, next_offset = _page(qs.order_by("commune_id", "hamlet_id", "code", "pk"), limit, offset)
    return HouseholdPage(
        items=[HouseholdOut(**_household_out(h)) for h in rows], limit=limit, offset=offset, next_offset=next_offset
    )


@router.get(
    "/households/{household_id}",
    response={200: HouseholdDetailOut, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="One household and its members",
    description="Token scope: people:read. 404 when the household does not exist or is outside your units.",
)
def get_household(request: HttpRequest, household_id: Id) -> HouseholdDetailOut:
    user = caller(request)
    household = permissions.get_household_for(user, household_id)
    members = permissions.people_visible_to(user).filter(household=household).order_by("name_folded", "pk")[:100]
    return HouseholdDetailOut(**_household_out(household), members=[_person_out(p) for p in members])


# People -------------------------------------------------------------------------------------


def _person_out(p: Person) -> PersonOut:
    return PersonOut(
        id=p.pk,
        full_name=p.full_name,
        national_id=p.masked_national_id,
        birth_year=p.birth_year,
        sex=p.sex,
        ethnicity=p.ethnicity,
        commune_code=p.commune_id,
        hamlet_id=p.hamlet_id,
        household_id=p.household_id,
        vneid_level=p.vneid_level,
        has_digital_bank_account=p.has_digital_bank_account,
    )


def _person_detail(p: Person, *, full_id: bool) -> PersonDetailOut:
    brief = _person_out(p).model_dump()
    brief["national_id"] = (p.national_id or "") if full_id else p.masked_national_id
    return PersonDetailOut(
        **brief,
        national_id_is_full=full_id and bool(p.national_id),
        birth_date=p.birth_date,
        phone=p.phone,
        disability=p.disability,
        target_groups=sorted(selectors.person_target_groups(p)),
        updated_at=p.updated_at,
    )


@router.get(
    "/people",
    response={200: PersonPage, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="Search and filter people",
    description=(
        "People in the units your roles cover, in name order, one page at a time. `q` finds a name "
        "ignoring accents and case (“nguyen van hung” finds “Nguyễn Văn Hùng”), a 12-digit personal ID "
        "number or a phone number. ID numbers are masked in lists. Page with `offset`, or, for deep pages "
        "of large communes, with the `cursor` of the previous page. Token scope: people:read."
    ),
)
def list_people(
    request: HttpRequest,
    q: Annotated[str, Query(max_length=100, pattern=NO_NUL, description="Name, CCCD or phone number.")] = "",
    commune_code: CommuneFilter = None,
    hamlet_id: HamletFilter = None,
    sex: Sex | None = None,
    ethnicity_name: Annotated[
        str, Query(alias="ethnicity", max_length=50, pattern=NO_NUL, description="Code 01-54 or name of the group.")
    ] = "",
    vneid_level: Annotated[int | None, Query(ge=0, le=2)] = None,
    has_digital_bank_account: bool | None = None,
    disability: Annotated[
        bool | None, Query(description="Only people with (true) or without (false) a disability.")
    ] = None,
    min_age: Annotated[int | None, Query(ge=0, le=150)] = None,
    max_age: Annotated[int | None, Query(ge=0, le=150)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Annotated[
        str, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]*$", description="`next_cursor` of the previous page.")
    ] = "",
) -> Any:
    after = None
    if cursor:
        after = _decode_cursor(cursor)
        if after is None or offset:
            return _invalid(
                {"cursor": _("The cursor is not one this API gave, or was sent together with an offset.")}, "query"
            )
    group = ""
    if ethnicity_name:
        group = ethnicity.lookup(ethnicity_name) or ""
        if not group:
            return _invalid(
                {"ethnicity": _("“%(v)s” is not an ethnic group of the official list.") % {"v": ethnicity_name}},
                "query",
            )
    filters = selectors.PeopleFilters(
        commune=commune_code,
        hamlet=hamlet_id,
        sex=sex.value if sex else "",
        ethnicity=group,
        vneid_level=vneid_level,
        has_digital_bank_account=has_digital_bank_account,
        min_age=min_age,
        max_age=max_age,
        disability=disability,
    )
    qs = selectors.filter_people(permissions.people_visible_to(caller(request)), filters)
    qs = selectors.search_people(qs, q)
    if after is not None:
        # Keyset paging: an index range scan from the last row seen, whatever the depth.
        qs = qs.filter(name_folded__gte=after[0]).exclude(name_folded=after[0], pk__lte=after[1])
    rows, next_offset = _page(qs.order_by("name_folded", "pk"), limit, offset)
    return PersonPage(
        items=[_person_out(p) for p in rows],
        limit=limit,
        offset=offset,
        next_offset=next_offset if after is None else None,
        next_cursor=_encode_cursor(rows[-1]) if next_offset is not None else None,
    )


def _encode_cursor(last: Person) -> str:
    raw = json.dumps([last.name_folded, last.pk], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, int] | None:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and "\x00" not in value[0]
        and isinstance(value[1], int)
        and 0 < value[1] <= MAX_ID
    ):
        return value[0], value[1]
    return None


@router.get(
    "/people/{person_id}",
    response={200: PersonDetailOut, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="One person",
    description=(
        "The full record of a person in your units. The personal ID number is shown in full only to "
        "commune officers and the province administrator (and to the person themself) and only with a "
        "`reason`; otherwise it is masked. Every call is written to the audit log with its reason "
        "(Decree 13/2023/NĐ-CP). Token scope: people:read."
    ),
)
def get_person(request: HttpRequest, person_id: Id, reason: AccessReason | None = None) -> PersonDetailOut:
    user = caller(request)
    person = permissions.get_person_for(user, person_id)
    full_id = reason is not None and permissions.can_see_full_id(user, person)
    services.record_person_view(user, person, full_id=full_id, reason=reason.value if reason else "", request=request)
    return _person_detail(person, full_id=full_id)


def _raw_person(person: Person) -> dict[str, Any]:
    """A person's current values in the form `clean_person_data` reads."""
    return {
        "full_name": person.full_name,
        "national_id": person.national_id,
        "birth_date": person.birth_date,
        "birth_year": None if person.birth_date else person.birth_year,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "phone": person.phone,
        "disability": person.disability,
        "vneid_level": person.vneid_level,
        "has_digital_bank_account": person.has_digital_bank_account,
    }


def _clean(raw: dict[str, Any]) -> tuple[services.PersonData | None, dict[str, str]]:
    """Personal fields through the shared validators: (cleaned data, {}) or (None, errors by field)."""
    for key in ("sex", "disability", "vneid_level"):  # enums to their stored values
        value = raw.get(key)
        if value is not None and hasattr(value, "value"):
            raw[key] = value.value
    try:
        return services.clean_person_data(raw, today=date.today()), {}
    except services.PersonDataError as exc:
        return None, exc.errors


@router.post(
    "/people",
    response={201: PersonDetailOut, **WRITE_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_WRITE),
    summary="Add a person to the roster",
    description=(
        "Commune officers (in their commune) and the province administrator add people. Values go "
        "through the same validators as the roster import; each wrong field is reported in `errors`. "
        "Token scope: people:write."
    ),
)
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    user = caller(request)
    _require_roster_editor(user)
    errors: dict[str, str] = {}
    hamlet = permissions.hamlets_visible_to(user).select_related("commune").filter(pk=payload.hamlet_id).first()
    if hamlet is None or not permissions.can_manage_commune(user, hamlet.commune, acc.ROSTER_EDITORS):
        errors["hamlet_id"] = _("There is no hamlet %(id)s in the communes you keep.") % {"id": payload.hamlet_id}
    household = None
    if payload.household_id is not None:
        household = permissions.households_visible_to(user).filter(pk=payload.household_id).first()
        if household is None:
            errors["household_id"] = _("There is no household %(id)s in your units.") % {"id": payload.household_id}
    cleaned, data_errors = _clean(payload.model_dump(exclude={"hamlet_id", "household_id"}))
    errors.update(data_errors)
    if errors or cleaned is None or hamlet is None:
        return _invalid(errors)
    try:
        person = services.create_person(user, hamlet=hamlet, data=cleaned, household=household, request=request)
    except services.PersonDataError as exc:
        return _invalid({"household_id" if k == "household" else k: v for k, v in exc.errors.items()})
    return Status(201, _person_detail(person, full_id=False))


@router.patch(
    "/people/{person_id}",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_WRITE),
    summary="Change a person",
    description=(
        "Change some fields of a person in a commune you keep; fields left out keep their value. "
        "Moving a person is possible only to another hamlet of the same commune. Token scope: people:write."
    ),
)
def update_person(request: HttpRequest, person_id: Id, payload: PersonPatch) -> Any:
    user = caller(request)
    person = permissions.get_person_for(user, person_id)
    if not permissions.can_edit_person(user, person):
        raise HttpError(
            403, _("You may see this person but not change them: only commune officers of their commune may.")
        )
    changes = payload.model_dump(exclude_unset=True)
    hamlet = None
    if changes.get("hamlet_id") is not None:
        hamlet = permissions.hamlets_visible_to(user).filter(pk=changes["hamlet_id"]).first()
        if hamlet is None:
            return _invalid({"hamlet_id": _("There is no hamlet %(id)s in your units.") % {"id": changes["hamlet_id"]}})
    changes.pop("hamlet_id", None)
    raw = _raw_person(person)
    if "birth_year" in changes and "birth_date" not in changes:
        raw["birth_date"] = None
    if "birth_date" in changes and changes["birth_date"] is None and "birth_year" not in changes:
        raw["birth_year"] = None
    raw.update(changes)
    cleaned, errors = _clean(raw)
    if cleaned is None:
        return _invalid(errors)
    try:
        services.update_person(user, person, cleaned, hamlet=hamlet, request=request)
    except services.PersonDataError as exc:
        return _invalid({"hamlet_id" if k == "hamlet" else k: v for k, v in exc.errors.items()})
    person.refresh_from_db()
    return _person_detail(person, full_id=False)


# Roster imports -----------------------------------------------------------------------------


def _job_out(job: ImportJob) -> ImportJobOut:
    return ImportJobOut(
        id=job.pk,
        commune_code=job.commune_id,
        original_name=job.original_name,
        dry_run=job.dry_run,
        create_hamlets=job.create_hamlets,
        status=ImportStatus(job.status),
        total_rows=job.total_rows,
        rows_done=job.rows_done,
        percent=job.percent,
        created=job.created,
        updated=job.updated,
        unchanged=job.unchanged,
        rejected=job.rejected,
        new_hamlets=list(job.new_hamlets or []),
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def _require_importer(user: object) -> None:
    if not acc.has_role(user, acc.IMPORTERS):
        raise HttpError(403, _("Only commune officers and the province administrator may import rosters."))


def _start(job: ImportJob) -> ImportJob:
    """Start the job; a failure inside it is recorded on the job (status failed), which the caller reads."""
    try:
        roster_import.start_import(job)
    except Exception:
        logger.exception("roster import job %s failed", job.pk)
    job.refresh_from_db()
    return job


@router.post(
    "/imports",
    response={201: ImportJobOut, **WRITE_ERRORS},
    auth=signed_in(TokenScope.IMPORTS_WRITE),
    summary="Upload a roster file",
    description=(
        "Upload a commune's roster (CSV or XLSX, as communes keep them) as a multipart form. With "
        "`dry_run=true` nothing is written: the job ends as `previewed` with the counts, the rejected rows "
        "and the hamlets it would create; confirm it to import. Large files run in the background: poll "
        "the job for `percent`. Token scope: imports:write."
    ),
)
def create_import(
    request: HttpRequest,
    file: Annotated[UploadedFile, File(description="The roster: .csv or .xlsx.")],
    commune_code: Annotated[int, Form(ge=1, le=MAX_CODE, description="Official code of the commune.")],
    dry_run: Annotated[bool, Form(description="Preview only; write nothing.")] = False,
    create_hamlets: Annotated[bool, Form(description="Create hamlets the commune does not have yet.")] = False,
) -> Any:
    user = caller(request)
    _require_importer(user)
    commune = permissions.communes_managed_by(user).filter(code=commune_code).first()
    if commune is None:
        return _invalid(
            {
                "commune_code": _("You do not import rosters for a commune with the code %(code)s.")
                % {"code": commune_code}
            },
            "form",
        )
    if file.size is not None and file.size > settings.HOCVUSO_MAX_UPLOAD_BYTES:
        return _invalid(
            {
                "file": _("The file is larger than %(mb)d MB; split it and upload the parts.")
                % {"mb": settings.HOCVUSO_MAX_UPLOAD_BYTES // 2**20}
            },
            "file",
        )
    try:
        job = roster_import.create_import_job(
            commune=commune,
            file=file,
            original_name=file.name or "roster",
            user=user,
            create_hamlets=create_hamlets,
            dry_run=dry_run,
        )
    except roster_import.RosterFileError as exc:
        return _invalid({"file": exc.message}, "file")
    return Status(201, _job_out(_start(job)))


@router.get(
    "/imports",
    response={200: ImportJobPage, **READ_ERRORS},
    auth=signed_in(TokenScope.IMPORTS_WRITE),
    summary="Roster imports",
    description="Imports of the communes you import for, newest first. Token scope: imports:write.",
)
def list_imports(
    request: HttpRequest, commune_code: CommuneFilter = None, limit: Limit = 50, offset: Offset = 0
) -> ImportJobPage:
    qs = permissions.import_jobs_visible_to(caller(request))
    if commune_code:
        qs = qs.filter(commune_id=commune_code)
    rows, next_offset = _page(qs.order_by("-created_at", "-pk"), limit, offset)
    return ImportJobPage(items=[_job_out(j) for j in rows], limit=limit, offset=offset, next_offset=next_offset)


@router.get(
    "/imports/{job_id}",
    response={200: ImportJobOut, **READ_ERRORS},
    auth=signed_in(TokenScope.IMPORTS_WRITE),
    summary="Progress and result of an import",
    description="Poll this while `status` is pending or running. Token scope: imports:write.",
)
def get_import(request: HttpRequest, job_id: Id) -> ImportJobOut:
    return _job_out(permissions.get_import_job_for(caller(request), job_id))


@router.get(
    "/imports/{job_id}/rejections",
    response={200: RejectionPage, **READ_ERRORS},
    auth=signed_in(TokenScope.IMPORTS_WRITE),
    summary="Rows an import refused",
    description="Each refused row with its number in the file, the reason (naming the column) and its "
    "original cells. Token scope: imports:write.",
)
def list_import_rejections(request: HttpRequest, job_id: Id, limit: Limit = 50, offset: Offset = 0) -> RejectionPage:
    job = permissions.get_import_job_for(caller(request), job_id)
    rows, next_offset = _page(job.rejections.order_by("row_number"), limit, offset)
    items = [RejectionOut(row_number=r.row_number, reason=r.reason, values=list(r.values)) for r in rows]
    return RejectionPage(items=items, limit=limit, offset=offset, next_offset=next_offset)


@router.post(
    "/imports/{job_id}/confirm",
    response={201: ImportJobOut, 409: ErrorOut, **READ_ERRORS},
    auth=signed_in(TokenScope.IMPORTS_WRITE),
    summary="Import a previewed file",
    description="After a dry run has ended as `previewed`: import the same file with the same options, "
    "as a new job. 409 when the job is not a finished preview. Token scope: imports:write.",
)
def confirm_import(request: HttpRequest, job_id: Id) -> Any:
    user = caller(request)
    preview = permissions.get_import_job_for(user, job_id)
    if not preview.dry_run or preview.status != ImportStatus.PREVIEWED:
        return Status(
            409, ErrorOut(detail=_("Only a finished preview (a dry run with status “previewed”) can be confirmed."))
        )
    return Status(201, _job_out(_start(roster_import.confirm_preview(preview, user))))


# Accounts ----------------------------------------------------------------------------------


@router.post(
    "/accounts/claim",
    response={201: ClaimOut, 400: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    auth=None,
    summary="Claim a roster record (create my account)",
    description=(
        "A person in the roster creates their account by giving their CCCD, full name and birth date "
        "(or year) as the roster has them, a phone number (the new username) and a password. Any "
        "mismatch answers 422 with one general message, so the operation cannot tell who is in the "
        "roster; after 5 failed claims from one address in 15 minutes it answers 429. People not in "
        "the roster ask their commune officer or community tech team. Needs no sign-in."
    ),
)
def claim_account(request: HttpRequest, payload: ClaimIn) -> Any:
    try:
        user = services.claim_record(
            national_id=payload.national_id,
            full_name=payload.full_name,
            birth=payload.birth,
            phone=payload.phone,
            password=payload.password,
            request=request,
        )
    except services.ClaimRateLimited as exc:
        return Status(429, ErrorOut(detail=str(exc)))
    except services.AccountError as exc:
        general = exc.errors.get(NON_FIELD_ERRORS)
        if general:
            return Status(422, ValidationErrorOut(detail=general, errors=[]))
        return _invalid(exc.errors)
    return Status(201, ClaimOut(id=user.pk, username=user.username))
