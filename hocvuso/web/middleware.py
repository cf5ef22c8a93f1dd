"""Vietnamese unless the user chose another language.

Phones in Viet Nam often run an English system language, so the browser's Accept-Language says
little about what the user reads; the UI is Vietnamese (plan 67) until the user picks Khmer or
English with the language switch, which Django keeps in its language cookie. API clients
(integrations) choose their language with Accept-Language as usual; without it they get Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
