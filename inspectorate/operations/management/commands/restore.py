"""`inspectorate restore DIR [--force]`: check a backup against its manifest, then restore it into
an empty database and media folder (`--force`: replace what is there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.operations.backups import BackupError, check, restore

from ._progress import Bar


class Command(BaseCommand):
    help = "Restore a backup made by `inspectorate backup` into an empty database and media folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the backup's folder")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and media folder that are not empty"
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the backup against its manifest; restore nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with Bar(self.stdout) as bar:
                if options["check"]:
                    manifest = check(options["folder"], bar.track)
                    self.stdout.write(f"The backup is complete: {len(manifest['files'])} files match.")
                    return
                summary = restore(options["folder"], options["force"], bar.track)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {summary.engine} database and {summary.files} media files from {summary.folder}"
        )
