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
from django.template.base import Lexer, TokenType

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
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "HOCVUSO_DATA_DIR": str(work / "var")},
    )
    return polib.pofile(str(work / "locale" / "vi" / "LC_MESSAGES" / "django.po"))


def test_every_message_has_a_vietnamese_translation(regenerated_vi_catalogue: polib.POFile) -> None:
    missing = [
        e.msgid
        for e in regenerated_vi_catalogue
        if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert not missing, "untranslated (run `make messages-update` and translate locale/vi):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", ["vi", "km"])
def test_the_committed_catalogue_is_compiled(language: str) -> None:
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    po = {e.msgid: e.msgstr for e in polib.pofile(str(folder / "django.po")) if e.translated() and "fuzzy" not in e.flags}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo")) if e.msgid}
    assert po == mo, "run `make messages` after editing the .po file"


_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[a-z#0-9]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")
_ATTR = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"{]*)"')


def _untranslated_text(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    found: list[str] = []
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0] if token.contents else ""
            if word in {"blocktranslate", "blocktrans", "comment"}:
                depth += 1
            elif word in {"endblocktranslate", "endblocktrans", "endcomment"}:
                depth -= 1
            continue
        if token.token_type != TokenType.TEXT or depth:
            continue
        for attr in _ATTR.findall(token.contents):
            if _WORD.search(attr):
                found.append(f"{path.name}: attribute text {attr!r}")
        text = _ENTITY.sub(" ", _TAG.sub(" ", token.contents))
        text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", text, flags=re.S)
        for chunk in text.split("\n"):
            if _WORD.search(chunk) and chunk.strip() not in {"API", "htmx", "XLSX", "CSV", "VNeID", "CCCD", "OTP", "QR"}:
                found.append(f"{path.name}: {chunk.strip()!r}")
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_show_no_text_outside_translation_tags(path: Path) -> None:
    assert not _untranslated_text(path)
