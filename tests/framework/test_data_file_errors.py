"""A wrong data file is refused with a message naming the file and the key, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from hocvuso.framework import services
from hocvuso.framework.models import Framework, FrameworkVersion
from tests.framework.conftest import shipped, write


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """These tests read the services' messages in their source language (msgids are English)."""
    with translation.override("en"):
        yield


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


CASES = [
    (_drop("slug"), "slug", "missing"),
    (_set(["slug"], "Basic 757"), "slug", "lower-case"),
    (_set(["colour"], "blue"), "-", "colour"),
    (_drop("levels"), "levels", "non-empty list"),
    (_set(["levels", 1, "number"], 3), "levels[1].number", "expected 2"),
    (_set(["domains", 0, "competencies", 1, "code"], "CB-1.1"), "domains[0].competencies[1].code", "used twice"),
    (_set(["domains", 1, "code"], "CB-1"), "domains[1].code", "used twice"),
    (_set(["domains", 0, "competencies", 0, "name"], ""), "domains[0].competencies[0].name", "missing or empty"),
    (_set(["domains", 0, "competencies", 0, "name"], "x" * 201), "domains[0].competencies[0].name", "longer"),
    (_set(["domains", 0, "name_translations", "fr"], "Appareils"), "domains[0].name_translations", "unknown language"),
    (_set(["rules", "farmers"], {"requirements": {"CB-1.1": 1}}), "rules.farmers", "unknown group"),
    (_set(["rules", "citizen", "requirements", "CB-0.9"], 1), "rules.citizen.requirements.CB-0.9", "no competency"),
    (_set(["rules", "citizen", "requirements", "CB-1.1"], 4), "rules.citizen.requirements.CB-1.1", "levels 1 to 3"),
    (_set(["rules", "citizen", "requirements"], {}), "rules.citizen.requirements", "at least one"),
    (
        _set(["domains", 0, "competencies", 0, "maps_to"], {"digcomp-2.2": {"strong": ["1.1"]}}),
        "domains[0].competencies[0].maps_to.digcomp-2.2",
        "strong",
    ),
    (
        _set(["domains", 0, "competencies", 0, "maps_to"], {"digcomp-2.2": {"full": ["1.1"], "partial": ["1.1"]}}),
        "domains[0].competencies[0].maps_to.digcomp-2.2.partial",
        "listed twice",
    ),
]


@pytest.mark.parametrize(("change", "key", "problem"), CASES, ids=[c[1] + "-" + c[2] for c in CASES])
def test_a_wrong_file_is_refused_naming_the_file_and_the_key(db, tmp_path: Path, change, key, problem):
    data = shipped("basic-757.yaml")
    change(data)
    path = write(tmp_path, "basic-757.yaml", data)
    with pytest.raises(services.FrameworkFileError) as refused:
        services.load_framework_file(path)
    assert refused.value.file == "basic-757.yaml"
    assert refused.value.key == key
    assert problem in refused.value.problem
    assert str(refused.value).startswith(f"basic-757.yaml, key “{key}”: ")
    assert not Framework.objects.exists()


def test_a_file_that_is_not_yaml_is_refused(db, tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(services.FrameworkFileError, match=r"broken\.yaml.*not valid YAML"):
        services.load_framework_file(path)


def test_a_missing_file_is_refused(db, tmp_path: Path):
    with pytest.raises(services.FrameworkFileError, match="cannot be read"):
        services.load_framework_file(tmp_path / "nowhere.yaml")


def test_a_mapping_to_a_code_digcomp_does_not_have_is_refused_and_rolled_back(frameworks, tmp_path: Path):
    data = shipped("basic-757.yaml")
    data["domains"][0]["competencies"][0]["maps_to"] = {"digcomp-2.2": {"full": ["9.9"]}}
    before = FrameworkVersion.objects.count()
    with pytest.raises(services.FrameworkError, match=r"CB-1\.1.*digcomp-2\.2 9\.9"):
        services.load_framework_file(write(tmp_path, "basic-757.yaml", data))
    assert FrameworkVersion.objects.count() == before
