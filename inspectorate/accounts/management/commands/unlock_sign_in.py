from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.accounts import services


class Command(BaseCommand):
    help = (
        "Lift a sign-in lockout early: `unlock-sign-in USERNAME`. Audited, unlike django-axes' own "
        "axes_reset commands, which should not be used."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = services.unlock_sign_in(None, options["username"])
        if removed:
            self.stdout.write(f"unlocked {options['username']} ({removed} failed attempts forgotten)")
        else:
            self.stdout.write(f"{options['username']} was not locked out")
