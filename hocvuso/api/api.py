"""/api/v1: versioned, documented at /api/docs (OpenAPI at /api/v1/openapi.json)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from hocvuso.api.auth import SessionAuth, TokenAuth
from hocvuso.geo.api import router as geo_router
from hocvuso.people.api import router as people_router

api = NinjaAPI(
    title="hocvuso API",
    version="1",
    description=(
        "API of the Bình dân học vụ số platform (plan 67/KH-UBND, III.4.e): administrative units, "
        "the population registry and roster imports. Authenticate with a bearer token (scoped) or a "
        "browser session. Every list is scoped to the caller's units."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required"}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


api.add_router("/", geo_router)
api.add_router("/", people_router)
