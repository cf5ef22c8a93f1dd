"""API access matrix rows for the frameworks router: public reference data, the same for everyone."""

from __future__ import annotations

from typing import Any

from hocvuso.framework import services
from tests.api.access_ops import Op, expect
from tests.api.conftest import Api


def _get_loaded(path: str) -> Any:
    def call(a: Api, w: Any) -> Any:
        services.load_all()
        return a.get(path)

    return call


COVERED: set[tuple[str, str]] = {
    ("get", "/api/v1/frameworks"),
    ("get", "/api/v1/frameworks/{slug}"),
    ("get", "/api/v1/frameworks/{slug}/versions/{number}"),
}
OPS: list[Op] = [
    Op("list frameworks", None, _get_loaded("/frameworks"), expect({}, 200, anonymous=200)),
    Op("get a framework", None, _get_loaded("/frameworks/basic-757"), expect({}, 200, anonymous=200)),
    Op(
        "get a version of a framework",
        None,
        _get_loaded("/frameworks/digcomp-2.2/versions/1"),
        expect({}, 200, anonymous=200),
    ),
    Op("get a missing framework", None, _get_loaded("/frameworks/khong-co"), expect({}, 404, anonymous=404)),
]
