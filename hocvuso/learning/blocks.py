"""The block structure of a lesson body (docs/content-format.md), checked the same way for YAML
files and for the province's editor: one list of problems, each naming the block and the key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from hocvuso.learning.constants import BlockType
from hocvuso.lib.text import nfc

TEXT_BLOCKS = frozenset({BlockType.HEADING, BlockType.PARAGRAPH, BlockType.TIP, BlockType.WARNING})
LIST_BLOCKS = frozenset({BlockType.STEPS, BlockType.BULLETS})
_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # block type -> (required keys, optional keys), besides "type"
    **{t: (frozenset({"text"}), frozenset()) for t in TEXT_BLOCKS},
    **{t: (frozenset({"items"}), frozenset()) for t in LIST_BLOCKS},
    BlockType.IMAGE: (frozenset({"src", "alt"}), frozenset({"caption"})),
}
MAX_TEXT = 4000
MAX_ITEMS = 40
MAX_BLOCKS = 200


def static_image_exists(src: str) -> bool:
    """An image is a static file of some app (learning/img/<slug>-<n>.svg), found by the staticfiles finders."""
    return finders.find(src) is not None


class BlockError(ValueError):
    """Problems in a block list; `problems` are sentences naming the block (1-based) and the key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value: Any) -> str | None:
    return nfc(value) if isinstance(value, str) else None


def clean_blocks(raw: Any, image_exists: Callable[[str], bool] = static_image_exists) -> list[dict[str, Any]]:
    """Validated, NFC-normalised blocks; raises BlockError listing every problem found."""
    if not isinstance(raw, list):
        raise BlockError([_("“blocks” must be a list of blocks.")])
    if len(raw) > MAX_BLOCKS:
        raise BlockError([_("A lesson has at most %(n)d blocks.") % {"n": MAX_BLOCKS}])
    problems: list[str] = []
    cleaned: list[dict[str, Any]] = []
    for n, block in enumerate(raw, start=1):
        where = _("block %(n)d") % {"n": n}
        if not isinstance(block, dict):
            problems.append(_("%(where)s: a block must be a mapping with a “type”.") % {"where": where})
            continue
        kind = block.get("type")
        if kind not in _KEYS:
            problems.append(
                _("%(where)s: unknown block type “%(type)s” (known: %(known)s).")
                % {"where": where, "type": kind, "known": ", ".join(BlockType.values)}
            )
            continue
        required, optional = _KEYS[kind]
        unknown = set(block) - required - optional - {"type"}
        for key in sorted(unknown):
            problems.append(
                _("%(where)s (%(type)s): unknown key “%(key)s”.") % {"where": where, "type": kind, "key": key}
            )
        out: dict[str, Any] = {"type": str(kind)}
        for key in sorted(required | optional):
            if key not in block or block[key] in (None, ""):
                if key in required:
                    problems.append(
                        _("%(where)s (%(type)s): “%(key)s” is missing.") % {"where": where, "type": kind, "key": key}
                    )
                continue
            value = block[key]
            if key == "items":
                items = [_text(i) for i in value] if isinstance(value, list) else None
                if not items or any(not i for i in items) or len(items) > MAX_ITEMS:
                    problems.append(
                        _("%(where)s (%(type)s): “items” must be a list of 1 to %(max)d non-empty texts.")
                        % {"where": where, "type": kind, "max": MAX_ITEMS}
                    )
                    continue
                if any(len(i or "") > MAX_TEXT for i in items):
                    problems.append(_("%(where)s: an item is too long.") % {"where": where})
                    continue
                out["items"] = items
                continue
            text = _text(value)
            if not text:
                problems.append(
                    _("%(where)s (%(type)s): “%(key)s” must be a text.") % {"where": where, "type": kind, "key": key}
                )
                continue
            if len(text) > MAX_TEXT:
                problems.append(
                    _("%(where)s (%(type)s): “%(key)s” is too long (at most %(max)d characters).")
                    % {"where": where, "type": kind, "key": key, "max": MAX_TEXT}
                )
                continue
            outside = text.startswith(("/", "http:", "https:")) or ".." in text
            if key == "src" and (outside or not image_exists(text)):
                problems.append(
                    _("%(where)s (image): the image file “%(src)s” does not exist among the static files.")
                    % {"where": where, "src": text}
                )
                continue
            out[key] = text
        cleaned.append(out)
    if problems:
        raise BlockError(problems)
    return cleaned
