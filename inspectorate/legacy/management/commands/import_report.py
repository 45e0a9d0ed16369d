"""`inspectorate import-report FILE --programme hmic-2007 [--dry-run] [--json] [--strict] [--replace]`

Imports a published force report (its text, or the PDF itself) as a published inspection; see
docs/import.md. Exit code 2, with nothing written, when the file is not such a report, is truncated,
has tables that do not parse, disagrees with itself under --strict, or is already imported from
another file (without --replace)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from inspectorate.legacy.importer import ImportRefused, ImportResult, import_report
from inspectorate.legacy.model import LIST_HEADINGS, LISTS, ReportFormatError
from inspectorate.legacy.sources import SourceError


class Command(BaseCommand):
    help = "Import a published report (text or PDF) as a published inspection (docs/import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the report's text (UTF-8) or its PDF")
        parser.add_argument("--programme", required=True, help="the programme's code, e.g. hmic-2007")
        parser.add_argument("--dry-run", action="store_true", help="read and check, write nothing")
        parser.add_argument("--json", action="store_true", help="print the structured result as JSON")
        parser.add_argument("--strict", action="store_true", help="a failed cross-check is an error")
        parser.add_argument(
            "--replace", action="store_true", help="publish the file as a new version of an imported report"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        # Freezing the published version renders its PDF, which takes a few seconds.
        status = Console(stderr=True).status(f"Importing {path.name}: reading, checking, publishing")
        try:
            with status:
                result = import_report(
                    path,
                    options["programme"],
                    strict=options["strict"],
                    replace=options["replace"],
                    dry_run=options["dry_run"],
                )
        except ReportFormatError as error:
            raise CommandError(f"{path}, {error}\nNothing was imported.", returncode=2) from error
        except (SourceError, ImportRefused) as error:
            raise CommandError(f"{error}\nNothing was imported.", returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.parsed.as_json(), ensure_ascii=False, indent=2))
            for disagreement in result.parsed.disagreements:
                self.stderr.write(f"cross-check: {disagreement}")
            return
        self._summary(result)

    def _summary(self, result: ImportResult) -> None:
        parsed = result.parsed
        out = self.stdout
        out.write(
            f"{result.source.name} ({result.source.kind}, SHA-256 {result.source.sha256}): "
            f"{parsed.force}, published {parsed.published}"
        )
        for code, section in parsed.sections.items():
            counts = ", ".join(
                f"{len(section.lists[name])} {LIST_HEADINGS[name].lower()}"
                for name in LISTS
                if section.lists[name] or name != "recommendations"
            )
            grade = f" – {section.grade}" if section.grade else ""
            repeats = (
                f" ({len(section.overview_repeats)} repeating the overview's generic findings)"
                if section.overview_repeats
                else ""
            )
            out.write(f"  {code}{grade}: {counts}{repeats}")
        out.write(
            f"  developing practice: {len(parsed.developing_practice)} boxes; "
            f"glossary: {len(parsed.glossary)} terms"
        )
        if parsed.disagreements:
            out.write(self.style.WARNING(f"{len(parsed.disagreements)} cross-check disagreement(s):"))
            for disagreement in parsed.disagreements:
                out.write(self.style.WARNING(f"  {disagreement}"))
        else:
            out.write("Cross-checks: the document agrees with itself.")
        if result.status == "dry-run":
            out.write("Dry run: nothing was written.")
        elif result.status == "already":
            assert result.published is not None
            out.write(
                f"Already imported from this file (version {result.published.version} is published); "
                "nothing was written. Use --replace to publish it again as a new version."
            )
        else:
            assert result.published is not None
            verb = "Imported" if result.status == "imported" else "Imported again"
            out.write(
                self.style.SUCCESS(
                    f"{verb}: published version {result.published.version} of {result.published.title}"
                )
            )
