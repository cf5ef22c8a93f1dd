"""Fill translations into a .po catalogue from a JSON file {msgid: msgstr} (keeps existing ones).

Usage: .venv/bin/python scripts/po_fill.py locale/vi/LC_MESSAGES/django.po translations.json
Prints the msgids still untranslated.
"""

import json
import sys

import polib


def main() -> None:
    po_path, json_path = sys.argv[1], sys.argv[2]
    po = polib.pofile(po_path)
    with open(json_path, encoding="utf-8") as fh:
        table = json.load(fh)
    for entry in po:
        if entry.msgid in table:
            value = table[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value if isinstance(value, str) else value[0]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(po_path)
    for entry in po:
        if not entry.translated():
            print(repr(entry.msgid))


if __name__ == "__main__":
    main()
