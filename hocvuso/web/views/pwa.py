"""Web views: pwa (web app manifest, service worker at the site root, offline page). Exports `urlpatterns`."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
