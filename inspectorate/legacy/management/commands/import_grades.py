"""`inspectorate import-grades FILE.csv [--programme CODE]`: grades published without a report
(docs/import.md). Exit code 2, with nothing written, when any row is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.legacy.grades import GradesFileError, import_grades


class Command(BaseCommand):
    help = "Load grades published for forces without a report (CSV: force, framework, grade, source_url)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file")
        parser.add_argument(
            "--programme", help="the programme's code (default: hmic-<year in the file's name>)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_grades(Path(options["file"]), options["programme"])
        except GradesFileError as error:
            raise CommandError(f"{error}\nNothing was loaded.", returncode=2) from error
        if result.unchanged:
            self.stdout.write(
                f"{result.unchanged} grade(s) for {result.programme.code} are already loaded from this file "
                f"(SHA-256 {result.sha256}); nothing changed"
            )
            return
        self.stdout.write(
            f"{result.loaded} grade(s) published without a report loaded for {result.programme.code} "
            f"(SHA-256 {result.sha256})"
            + (f"; {result.replaced} loaded earlier from this file replaced" if result.replaced else "")
        )
