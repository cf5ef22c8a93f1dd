"""Web views: library. Each module exports `urlpatterns`, spliced into hocvuso/web/urls.py (names in app web)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
