"""/api/v1: versioned, documented at /api/v1/docs (OpenAPI at /api/v1/openapi.json, redirect from /api/docs)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation

from hocvuso.accounts.api import router as accounts_router
from hocvuso.assessment.api import router as assessment_router
from hocvuso.campaign.api import router as campaign_router
from hocvuso.certificates.api import router as certificates_router
from hocvuso.certificates.vneid_api import router as vneid_router
from hocvuso.framework.api import router as framework_router
from hocvuso.geo.api import router as geo_router
from hocvuso.kpi.api import router as kpi_router
from hocvuso.learning.api import router as learning_router
from hocvuso.people.api import router as people_router

DESCRIPTION = """
API of the Bình dân học vụ số platform (plan 67/KH-UBND, III.4.e) for the province's citizen app and
data-sharing platform: administrative units, the population registry and roster imports.

## Authentication
* **Bearer token** (integrations): send `Authorization: Bearer hvs_...`. An administrator creates one
  with `python manage.py create_api_token USERNAME --name NAME --scope people:read ...`; the secret is
  printed once and only its hash is kept. A token acts as its user and carries **scopes**:
  `geo:read` (hamlets), `people:read` (households, people), `people:write` (create or change hamlets
  and people), `imports:write` (roster imports). An operation needing a scope the token lacks answers 403.
* **Browser session**: a signed-in user of the web site may call the API from the browser; POST and PATCH
  then need the CSRF token in the `X-CSRFToken` header.

Communes and wards are public reference data and need no sign-in.

## Access
A token or session never reaches further than its user's roles: each role is given on one unit
(province, commune, hamlet or organisation) and applies to everything below it. Lists contain only
rows in the caller's units; a single row outside them answers **404**, exactly like a missing one.
Full personal ID numbers are shown only to roles that keep the roster, only with a stated `reason`,
and every view of a person record is written to the audit log (Decree 13/2023/NĐ-CP).

## Errors
Every error has a `detail` sentence. **422** also lists each wrong value in `errors` as
`{location, field, message}`. Lists are paged with `limit` (at most 200) and `offset`; `next_offset`
is null on the last page.
"""


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Short, stable operation ids (list_people, get_person ...) for generated clients."""
        return operation.view_func.__name__


api = Api(
    title="hocvuso API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Sign in, or send a valid API token in the header “Authorization: Bearer <token>”.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="hocvuso"'
    return response


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    location = loc[0] if loc else "body"
    path = loc[1:]
    if location == "body" and len(path) > 1:
        path = path[1:]  # drop the name of the operation's single body parameter
    field = ".".join(path) or location
    return {
        "location": location,
        "field": field,
        "message": _("The value of “%(field)s” is not valid: %(problem)s.")
        % {"field": field, "problem": str(error.get("msg", "")).rstrip(".")},
    }


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_field_error(e) for e in exc.errors]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return api.create_response(
        request,
        {"detail": _("Some values are not valid: %(fields)s.") % {"fields": fields}, "errors": errors},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Not found: it does not exist or is outside the units you work in.")}, status=404
    )


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = exc.message
    if exc.status_code == 400:
        detail = _("The request body could not be read: send valid JSON (or a multipart form for uploads).")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


api.add_router("/", geo_router)
api.add_router("/", accounts_router)
api.add_router("/", people_router)
api.add_router("/", framework_router)
api.add_router("/", learning_router)
api.add_router("/", assessment_router)
api.add_router("/", certificates_router)
api.add_router("/", vneid_router)
api.add_router("/", campaign_router)
api.add_router("/", kpi_router)
