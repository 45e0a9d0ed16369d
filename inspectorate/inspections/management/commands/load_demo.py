from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.inspections.demo.data import DATA_FILE, DemoDataError, read
from inspectorate.inspections.demo.loader import LoadResult, existing, load_demo, steps
from inspectorate.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Load the worked demonstration inspection (West Midlands, 2007 programme, reconstructed from the "
        "published report) in one transaction; does nothing if it is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="the demonstration data file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = read(path)
            found = existing(data)
            if found is not None:
                self.stdout.write(
                    f"The demonstration inspection is already loaded (inspection {found.pk}, {found.title}); "
                    "nothing was changed."
                )
                return
            with progress_bar(self.stdout, "{task.description:<32}") as progress:
                task = progress.add_task("Demonstration inspection", total=steps(data))

                def step(description: str) -> None:
                    progress.update(task, advance=1, description=description[:32])

                result = load_demo(path, step)
                progress.update(task, description="Demonstration inspection")
        except DemoDataError as exc:
            raise CommandError(f"{exc}\nNothing was loaded.") from exc
        self._report(result)

    def _report(self, result: LoadResult) -> None:
        inspection = result.inspection
        names = inspection.programme.grade_names()
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
        self.stdout.write(f"Loaded inspection {inspection.pk}: {inspection} ({counts}).")
        self.stdout.write(
            "Marked as a reconstruction for demonstration: never counted nationally, never published."
        )
        for outcome in result.outcomes:
            proposed = names.get(outcome.proposed, outcome.proposed) if outcome.proposed else "no grade"
            awarded = names.get(outcome.awarded, outcome.awarded)
            departure = "" if outcome.proposed == outcome.awarded else f" (departure, {outcome.status})"
            self.stdout.write(f"  {outcome.code}: engine proposes {proposed}; awarded {awarded}{departure}")
