from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from inspectorate.datafiles import DataFileError
from inspectorate.forces.reference import REFERENCE_DIR, load_peer_groups, load_reference


class Command(BaseCommand):
    help = "Load the forces, their command units and context facts (and optionally peer-group files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--root", type=Path, default=REFERENCE_DIR, help="reference data folder")
        parser.add_argument(
            "--peer-groups",
            type=Path,
            nargs="*",
            default=None,
            help="peer-group files to load (default: every file in the reference peer-groups folder)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["root"]
        lines = []
        try:
            # One transaction for everything, so a broken peer-group file leaves the forces untouched too.
            with transaction.atomic():
                lines.append(f"Reference data: {load_reference(root=root)}")
                peer_files = options["peer_groups"]
                if peer_files is None:
                    peer_files = sorted((root / "peer-groups").glob("*.yaml"))
                for path in peer_files:
                    group_set = load_peer_groups(path)
                    lines.append(f"Peer groups {group_set.version}: {group_set.links.count()} links")
        except DataFileError as exc:
            raise CommandError(f"nothing was loaded; problems in {exc.root}:\n{exc}") from exc
        for line in lines:
            self.stdout.write(line)
