"""`inspectorate backup DIR`: the database, the media files and a manifest of their SHA-256s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.operations.backups import BackupError, backup

from ._progress import Bar


class Command(BaseCommand):
    help = "Back up the database and the media files into a new folder, with a manifest of hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a new (or empty) folder for the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with Bar(self.stdout) as bar:
                summary = backup(options["folder"], bar.track)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {summary.engine} database and {summary.files} media files "
            f"({summary.bytes:,} bytes) to {summary.folder}; manifest sha256 {summary.manifest_sha256}"
        )
