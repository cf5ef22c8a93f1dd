"""URLconf of bench/pages.py: the project's URLs plus one bare view, served by the same server.

The bare view is the yardstick of the learner-page benchmark: a request that goes through the
whole middleware stack (session, authentication, language, CSRF) and returns a short constant
body, with no query of its own and no template.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project_urlpatterns]
