from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.accounts.demo import MissingForce, create_demo_users


class Command(BaseCommand):
    help = "Create (or reset) one demo account per persona and print the credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", help="one password for every account (default: a new random one each)"
        )
        parser.add_argument("--force", action="store_true", help="allow it with DEBUG off")

    def handle(self, *args: Any, **options: Any) -> None:
        # Accounts with printed passwords belong on a laptop, not on a server.
        if not settings.DEBUG and not options["force"]:
            raise CommandError("refusing to create demo accounts with DEBUG off (use --force if you mean it)")
        try:
            accounts = create_demo_users(options["password"])
        except MissingForce as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo accounts (sign in at /sign-in/):")
        width = max(len(p.username) for p, _ in accounts)
        for persona, password in accounts:
            where = f", {persona.force_code}" if persona.force_code else ""
            self.stdout.write(f"  {persona.username:<{width}}  {password}  {persona.role.label}{where}")
