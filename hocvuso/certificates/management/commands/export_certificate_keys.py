"""python manage.py export_certificate_keys [--output FILE]: the public keys document, for offline checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from hocvuso.certificates.signing import public_keys_document


class Command(BaseCommand):
    help = (
        "Write every certificate signing key's public half (active and retired) as JSON, for "
        "`verify_certificate --keys`. Holds no secret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = json.dumps(public_keys_document(), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(_("Keys written to %(file)s.") % {"file": options["output"]})
        else:
            self.stdout.write(text, ending="")
