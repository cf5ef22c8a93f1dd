"""Every user-facing string is translated to Vietnamese, and templates hold no untranslated text.

The catalogue is regenerated with Django's makemessages in a scratch copy of the project, so a string
added anywhere in code or templates without a Vietnamese translation fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "hocvuso").glob("*/templates/**/*.html"))


@pytest.fixture(scope="module")
def regenerated_vi_catalogue(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    work = tmp_path_factory.mktemp("i18n") / "project"
    work.mkdir()
    for name in ("hocvuso", "config", "locale"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "manage.py", work / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "--no-location", "-v0"],
        cwd=work,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "HOCVUSO_DATA_DIR": str(work / "var"),
        },
    )
    return polib.pofile(str(work / "locale" / "vi" / "LC_MESSAGES" / "django.po"))


def test_every_message_has_a_vietnamese_translation(regenerated_vi_catalogue: polib.POFile) -> None:
    missing = [
        e.msgid for e in regenerated_vi_catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert not missing, "untranslated (run `make messages-update` and translate locale/vi):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", ["vi", "km"])
def test_the_committed_catalogue_is_compiled(language: str) -> None:
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    po = {
        e.msgid: e.msgstr for e in polib.pofile(str(folder / "django.po")) if e.translated() and "fuzzy" not in e.flags
    }
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo")) if e.msgid}
    assert po == mo, "run `make messages` after editing the .po file"


_TRANSLATED_BLOCK = re.compile(
    r"{%\s*(blocktranslate|blocktrans|comment)\b.*?{%\s*end(blocktranslate|blocktrans|comment)\s*%}", re.S
)
_DJANGO = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[a-z#0-9]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")
_ATTR = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')
_NOT_WORDS = {"API", "XLSX", "CSV", "VNeID", "CCCD", "OTP", "QR", "htmx"}


def _untranslated_text(path: Path) -> list[str]:
    """Text a user would see that is not inside a translation tag."""
    source = _DJANGO.sub("\u00a7", _TRANSLATED_BLOCK.sub("\u00a7", path.read_text(encoding="utf-8")))
    source = _CODE.sub(" ", source)
    found = [f"attribute {value!r}" for value in _ATTR.findall(source) if _WORD.search(value)]
    text = _ENTITY.sub(" ", _TAG.sub(" ", source))
    for line in text.splitlines():
        words = [w for w in _WORD.findall(line) if w not in _NOT_WORDS]
        if words:
            found.append(line.strip())
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_show_no_text_outside_translation_tags(path: Path) -> None:
    assert not _untranslated_text(path)
