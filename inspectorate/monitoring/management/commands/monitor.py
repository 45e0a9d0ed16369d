"""`inspectorate monitor ingest PATH… [--unit CODE]`, `monitor signals --unit CODE [--json]`,
`monitor flags` and `monitor peer-groups` (docs/monitoring.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import TextColumn

from inspectorate.datafiles import DataFileError
from inspectorate.progress import progress_bar

from ...sources import IngestError


class Command(BaseCommand):
    help = "Risk-based monitoring: ingest police.uk data, show signals, refresh flags, make peer groups."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser(
            "ingest", help="read police.uk street files, folders of them or aggregated CSVs"
        )
        ingest.add_argument("paths", nargs="+", type=Path)
        ingest.add_argument(
            "--unit", help="force code for files without a force column (monthly_by_crime.csv)"
        )
        ingest.add_argument("--no-flags", action="store_true", help="do not recompute flags afterwards")
        signals = sub.add_parser("signals", help="SPC limits, flagged points and flags of one unit")
        signals.add_argument("--unit", required=True, help="force code, or <force>/<district> for a district")
        signals.add_argument("--indicator", help="only this indicator")
        signals.add_argument("--json", action="store_true")
        sub.add_parser("flags", help="recompute every flag from the stored observations")
        sub.add_parser(
            "load-shipped", help="ingest the police.uk data of the shared folder (what `make run` does)"
        )
        peers = sub.add_parser(
            "peer-groups", help="write generated most similar groups (k nearest by crime mix and volume)"
        )
        peers.add_argument("--year", type=int, default=2025)
        peers.add_argument("--k", type=int, default=7)
        peers.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "ingest":
                self._ingest(options)
            elif action == "signals":
                self._signals(options)
            elif action == "load-shipped":
                self._load_shipped()
            elif action == "flags":
                from ...flags import refresh_flags

                self.stdout.write(str(refresh_flags()))
            elif action == "peer-groups":
                from ...peer_groups import write_generated

                path = write_generated(options["out"], year=options["year"], k=options["k"])
                self.stdout.write(f"wrote {path}")
        except IngestError as exc:
            raise CommandError(f"nothing was ingested:\n{exc}") from exc
        except DataFileError as exc:
            raise CommandError(f"nothing was loaded; problems in {exc.root}:\n{exc}") from exc
        except LookupError as exc:
            raise CommandError(str(exc)) from exc

    def _ingest(self, options: dict[str, Any]) -> None:
        from ...flags import refresh_flags
        from ...ingest import ingest

        with progress_bar(
            self.stderr._out, "[bold]Ingesting", TextColumn("files · {task.fields[rows]:,} rows")
        ) as bar:
            task = bar.add_task("ingest", total=None, rows=0)

            def progress(done: int, total: int, rows: int) -> None:
                bar.update(task, completed=done, total=total, rows=rows)

            summary = ingest(options["paths"], unit=options["unit"], progress=progress)
        self.stdout.write(f"Ingested {summary}")
        if not options["no_flags"]:
            self.stdout.write(f"Flags: {refresh_flags()}")

    def _load_shipped(self) -> None:
        from ...flags import refresh_flags
        from ...shipped import shipped_runs

        for run in shipped_runs():
            for missing in run.missing:
                self.stdout.write(f"Missing {missing}: its police.uk data is not loaded")
            if run.paths:
                self._ingest({"paths": run.paths, "unit": run.unit, "no_flags": True})
        self.stdout.write(f"Flags: {refresh_flags()}")

    def _signals(self, options: dict[str, Any]) -> None:
        from ...descriptions import unit_signals

        result = unit_signals(options["unit"], indicator=options.get("indicator"))
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, default=str))
            return
        self.stdout.write(f"{result['unit']['name']} ({result['unit']['code']})")
        for item in result["indicators"]:
            limits = item["limits"]
            trial = " (trial limits)" if limits["trial"] else ""
            self.stdout.write(
                f"  {item['indicator']['name']}: mean {limits['centre']:.2f}, "
                f"limits {limits['lower']:.2f} to {limits['upper']:.2f}{trial}; "
                f"{len(item['points'])} special-cause points; method {item['method']}"
            )
        for flag in result["flags"]:
            self.stdout.write(
                f"  FLAG {flag['framework']} {flag['indicator']}: {flag['summary']} "
                f"(strength {flag['strength']:.2f})"
            )
