"""python manage.py verify_certificate FILE [--keys KEYS.json] [--json]

FILE is a certificate PDF or its signed credential (JSON). With --keys (a file written by
export_certificate_keys) the check is offline: the database is not read at all.
Exit code 0 when the certificate is valid (offline: when the signature is valid), 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hocvuso.certificates.credential import keys_from_document
from hocvuso.certificates.verification import REVOKED, UNKNOWN, VALID, Verdict, verify_document


def sentence(verdict: Verdict, *, offline: bool) -> str:
    facts = {"number": verdict.number, "holder": verdict.holder, "level": verdict.level}
    if verdict.state == VALID:
        return _("Valid: certificate %(number)s of %(holder)s, level %(level)s, is genuine and in force.") % facts
    if verdict.state == UNKNOWN and offline:
        return (
            _(
                "Signature valid: certificate %(number)s of %(holder)s, level %(level)s, was signed by the province. "
                "Whether it is still in force is not checked offline."
            )
            % facts
        )
    if verdict.state == UNKNOWN:
        return _("Not recognised: %(problem)s") % {"problem": verdict.problem}
    if verdict.state == REVOKED:
        return _("Revoked: certificate %(number)s is no longer in force. %(problem)s") % {
            **facts,
            "problem": verdict.problem,
        }
    return _("Not valid: %(problem)s") % {"problem": verdict.problem}


class Command(BaseCommand):
    help = "Verify a certificate PDF or credential JSON file; offline with --keys. Exit code 0 when valid."
    requires_system_checks: list[str] = []  # offline use: nothing but the file is read

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A certificate PDF or its credential (.json).")
        parser.add_argument("--keys", help="A keys file from export_certificate_keys: verify offline, no database.")
        parser.add_argument("--json", action="store_true", help="Print the verdict as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": exc}) from exc
        keys = None
        if options["keys"]:
            try:
                keys = keys_from_document(json.loads(Path(options["keys"]).read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise CommandError(_("Cannot use the keys file: %(error)s") % {"error": exc}) from exc
        verdict = verify_document(data, keys=keys)
        offline = keys is not None
        ok = verdict.state == VALID or (offline and verdict.state == UNKNOWN and verdict.signature_ok)
        if options["json"]:
            out = asdict(verdict)
            out.update(ok=ok, offline=offline, message=sentence(verdict, offline=offline))
            self.stdout.write(json.dumps(out, ensure_ascii=False, default=str, indent=2))
        else:
            self.stdout.write(sentence(verdict, offline=offline))
        if not ok:
            sys.exit(1)
