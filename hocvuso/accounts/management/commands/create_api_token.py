"""python manage.py create_api_token USERNAME --name NAME --scope people:read [--scope ...] [--days N]"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hocvuso.accounts.constants import TokenScope
from hocvuso.accounts.models import User
from hocvuso.accounts.services import create_api_token


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print its secret once (only its hash is kept). "
        "The token acts as that user: their roles limit every row it reaches; its scopes limit the operations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. “Smart Trà Vinh”.")
        parser.add_argument(
            "--scope",
            dest="scopes",
            action="extend",
            nargs="+",
            required=True,
            choices=TokenScope.values,
            help="One or more scopes: " + ", ".join(TokenScope.values),
        )
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days (default: never).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user with the username “{options['username']}”.")
        if not user.is_active:
            raise CommandError(f"The user “{user.username}” is deactivated; a token for them would not work.")
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        token, raw = create_api_token(user, options["name"], options["scopes"], expires_at=expires_at)
        self.stderr.write(
            f"Token “{token.name}” for {user.username}, scopes {', '.join(token.scopes)}"
            + (f", expires {expires_at:%Y-%m-%d}" if expires_at else "")
            + ". Keep the secret below safe: it is shown only this once."
        )
        self.stdout.write(raw)
