from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from inspectorate.accounts import audit, services
from inspectorate.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "API tokens: `token create USERNAME NAME` prints a new token once; `token revoke PREFIX`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("name", help="what the token is for")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            if options["subcommand"] == "create":
                user = User.objects.filter(username=options["username"]).first()
                if user is None:
                    raise CommandError(f"no user {options['username']!r}")
                token, raw = ApiToken.issue(user, options["name"])
                audit.record(
                    None, "api_token.created", token, after={"user": user.username, "name": token.name}
                )
                self.stdout.write(raw)
                return
            found = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
            if found is None:
                raise CommandError(f"no active token starting {options['prefix']!r}")
            services.revoke_token(None, found)
            self.stdout.write(f"revoked {found}")
