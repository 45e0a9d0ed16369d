"""`inspectorate serve --production [ADDR:PORT] [--workers N]`: the production server.

gunicorn replaces Django's development server: several worker processes, each serving the same WSGI
application with the same settings as every other command. Static files are collected first (hashed
and compressed by whitenoise's storage) so that the workers serve them with long cache lifetimes.
It refuses to start with DEBUG on or without a secret key of the server's own.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.settings import _DEV_SECRET_KEY as DEV_SECRET_KEY

DEFAULT_ADDRESS = "127.0.0.1:8000"


def default_workers() -> int:
    # gunicorn's own advice: two per core, plus one.
    return 2 * (os.cpu_count() or 1) + 1


def refusal() -> str:
    """Why this configuration must not be served in production, or "" when it may."""
    if settings.DEBUG:
        return "DEBUG is on: set DEBUG=false in the server's environment (DEBUG shows internals to anyone)."
    if not settings.SECRET_KEY or settings.SECRET_KEY == DEV_SECRET_KEY:
        return "SECRET_KEY is not set: give the server a long random SECRET_KEY of its own."
    return ""


class Command(BaseCommand):
    help = "Serve Inspectorate with gunicorn and whitenoise (the production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRESS, help="ADDR:PORT to listen on")
        parser.add_argument("--workers", type=int, default=default_workers(), help="worker processes")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="do not collect static files first (when a deployment step already did)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problem = refusal()
        if problem:
            raise CommandError(f"Refusing to serve in production. {problem}")
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        address = options["addrport"]
        if ":" not in address:
            address = f"127.0.0.1:{address}"
        if not options["no_collectstatic"]:
            self.stdout.write(f"Collecting static files into {settings.STATIC_ROOT} …")
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Inspectorate (production) at http://{address}/ with {options['workers']} workers",
        )
        self.stdout.flush()
        from inspectorate.operations.gunicorn import run

        run(address, options["workers"])
