"""/api/v1 operations of the campaign app: door to door (plan 67 III.5.đ) — the worklist of households
to visit first, the visits of a household, recording a visit (idempotent on `client_uuid`, so that a
visit kept on a phone without a connection can be sent again safely) and reading one visit.

Field workers only: community tech team members and mentors on the hamlets of their roles, commune
officers on their commune, the province administrator (403 for other users). A household or visit
outside the caller's units answers 404, like a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError

from hocvuso.accounts.api import READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.accounts.constants import TokenScope
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.models import Visit
from hocvuso.campaign.schemas_visits import (
    PersonMetOut,
    VisitIn,
    VisitOut,
    VisitPage,
    WorklistPage,
    WorklistRowOut,
)
from hocvuso.campaign.selectors import visits as selectors
from hocvuso.campaign.services import visits as services
from hocvuso.geo.schemas import ErrorOut, FieldErrorOut, ValidationErrorOut
from hocvuso.people.schemas import MAX_CODE, MAX_ID

router = Router(tags=["campaign"])

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
SCOPE_READ = (
    "Token scope: people:read. Field workers only (community tech team members, mentors, commune officers, "
    "the province administrator; 403 for others), on the hamlets or communes of their roles."
)


def _field_worker(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.is_field_worker(user):
        raise HttpError(403, _("Only community tech team members, mentors and commune officers work door to door."))
    return user


def _invalid(errors: dict[str, str], location: str) -> Status[ValidationErrorOut]:
    return Status(
        422,
        ValidationErrorOut(
            detail=_("Some values are not valid: %(fields)s.") % {"fields": ", ".join(errors)},
            errors=[FieldErrorOut(location=location, field=f, message=m) for f, m in errors.items()],
        ),
    )


def visit_out(visit: Visit) -> VisitOut:
    return VisitOut(
        id=visit.pk,
        client_uuid=visit.client_uuid,
        household_id=visit.household_id,
        commune_code=visit.commune_id,
        hamlet_id=visit.hamlet_id,
        visited_on=visit.visited_on,
        visitor=visit.visitor.full_name or visit.visitor.username,
        companions=visit.companions,
        people_met=[PersonMetOut(id=p.pk, full_name=p.full_name) for p in visit.people_met.all()],
        helped_with=list(visit.helped_with),
        outcome=visit.outcome,
        note=visit.note,
        follow_up_on=visit.follow_up_on,
        created_at=visit.created_at,
    )


@router.get(
    "/worklist",
    response={200: WorklistPage, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="Households to visit first",
    description="The households of the hamlets you work in, neediest first: nobody has learned yet (no lesson "
    "completed, no test passed), an elderly member (60+), a disability, poor or near-poor, an ethnic minority, "
    "nobody aged 16+ with VNeID level 2, no digital bank account (`needs`, summed into `need_score`); then "
    "the least recently visited. Filters combine. A province-wide caller must name a `commune_code` or a "
    f"`hamlet_id` (422 otherwise). {SCOPE_READ}",
)
def list_worklist(
    request: HttpRequest,
    commune_code: Annotated[int | None, Query(ge=1, le=MAX_CODE, description="Only this commune.")] = None,
    hamlet_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this hamlet.")] = None,
    need: Annotated[list[selectors.Need] | None, Query(description="Only households with each of these needs.")] = None,
    follow_up_due: Annotated[bool, Query(description="Only households whose date to come back has come.")] = False,
    not_visited_recently: Annotated[
        bool, Query(description=f"Only households not visited in the last {selectors.NOT_VISITED_DAYS} days.")
    ] = False,
    limit: Limit = selectors.PAGE_SIZE,
    offset: Offset = 0,
) -> Any:
    user = _field_worker(request)
    filters = selectors.WorklistFilters(
        commune=commune_code,
        hamlet=hamlet_id,
        needs=frozenset(need or ()),
        follow_up_due=follow_up_due,
        not_visited_recently=not_visited_recently,
    )
    if selectors.needs_worklist_commune(user, filters):
        return _invalid(
            {"commune_code": _("Choose a commune or a hamlet: the worklist is made one commune at a time.")}, "query"
        )
    today = selectors.today()
    rows, next_offset = selectors.page_of(selectors.worklist_for(user, filters, today), limit, offset)
    items = [
        WorklistRowOut(
            id=h.pk,
            code=h.code,
            address=h.address,
            commune_code=h.commune_id,
            hamlet_id=h.hamlet_id,
            hamlet_name=h.hamlet.name if h.hamlet else "",
            head_name=h.head.full_name if h.head else "",
            needs=selectors.needs_of(h),
            need_score=h.need_score,  # type: ignore[attr-defined]
            last_visit_on=h.last_visit_on,  # type: ignore[attr-defined]
            follow_up_on=h.follow_up_on,  # type: ignore[attr-defined]
            follow_up_due=selectors.is_overdue(h.follow_up_on, today),  # type: ignore[attr-defined]
        )
        for h in rows
    ]
    return WorklistPage(items=items, limit=limit, offset=offset, next_offset=next_offset)


@router.get(
    "/households/{household_id}/visits",
    response={200: VisitPage, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="Visits to a household",
    description=f"Latest first. 404 when the household does not exist or is outside your units. {SCOPE_READ}",
)
def list_household_visits(request: HttpRequest, household_id: Id, limit: Limit = 50, offset: Offset = 0) -> VisitPage:
    user = _field_worker(request)
    household = permissions.get_household_to_visit(user, household_id)
    rows, next_offset = selectors.page_of(selectors.visits_of_household(user, household), limit, offset)
    return VisitPage(items=[visit_out(v) for v in rows], limit=limit, offset=offset, next_offset=next_offset)


@router.post(
    "/visits",
    response={200: VisitOut, 201: VisitOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=signed_in(TokenScope.PEOPLE_WRITE),
    summary="Record a visit",
    description="201 with the new visit; 200 with the stored one when a visit with this `client_uuid` was "
    "already recorded (a re-send: nothing is stored twice, whatever the body). `updates` change the VNeID "
    "level and digital bank account of people met in the registry, in the same transaction (audited). "
    "422: a date in the future, a person who is not of the household, a change for someone not ticked as "
    "met. 409: the `client_uuid` belongs to another visitor's visit. 404: the household is outside your "
    "units. Token scope: people:write; field workers only (403 for others).",
)
def create_visit(request: HttpRequest, payload: VisitIn) -> Any:
    user = _field_worker(request)
    household = permissions.get_household_to_visit(user, payload.household_id)
    data = services.VisitData(
        client_uuid=payload.client_uuid,
        visited_on=payload.visited_on,
        outcome=payload.outcome,
        companions=payload.companions,
        people_met=list(payload.people_met),
        helped_with=[str(t) for t in payload.helped_with],
        note=payload.note,
        follow_up_on=payload.follow_up_on,
        changes=[
            services.PersonChange(
                person_id=u.person_id,
                vneid_level=int(u.vneid_level) if u.vneid_level is not None else None,
                has_digital_bank_account=u.has_digital_bank_account,
            )
            for u in payload.updates
        ],
    )
    try:
        visit, created = services.record_visit(user, household, data, request=request)
    except services.VisitRefused as exc:
        return _invalid(exc.errors, "body")
    except services.VisitConflict as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201 if created else 200, visit_out(visit))


@router.get(
    "/visits/{visit_id}",
    response={200: VisitOut, **READ_ERRORS},
    auth=signed_in(TokenScope.PEOPLE_READ),
    summary="One visit",
    description=f"404 when the visit does not exist or is outside your units. {SCOPE_READ}",
)
def get_visit(request: HttpRequest, visit_id: Id) -> VisitOut:
    user = _field_worker(request)
    return visit_out(permissions.get_visit_for(user, visit_id))
