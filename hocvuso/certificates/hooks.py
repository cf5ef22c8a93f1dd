"""Callbacks for apps above certificates (kpi): certificates never imports them.

A callable appended to `on_certificate_issued` is called with the new Certificate once, after the
transaction that created it has committed; one appended to `on_certificate_revoked` is called with the
revoked Certificate once, after the transaction that revoked it has committed (a re-issue calls both).
A callback must not raise: the certificate is committed whatever happens there (STYLE.md: a registry of
callbacks, not signals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hocvuso.certificates.models import Certificate

on_certificate_issued: list[Callable[[Certificate], None]] = []
on_certificate_revoked: list[Callable[[Certificate], None]] = []
