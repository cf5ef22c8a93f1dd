"""Test clients in a chosen interface language (the language cookie, as the language switch sets it)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def english_client() -> Client:
    return client_in("en")
