"""Callbacks for apps above assessment (certificates): assessment never imports them.

A callable appended to `on_attempt_passed` is called with the Attempt once, after the transaction
that scored it as passed has committed (STYLE.md: a registry of callbacks, not signals).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hocvuso.assessment.models import Attempt

on_attempt_passed: list[Callable[[Attempt], None]] = []
