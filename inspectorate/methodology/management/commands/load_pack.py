from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.methodology.loading import load_pack
from inspectorate.methodology.pack import PackError


class Command(BaseCommand):
    help = "Validate a methodology pack folder and load it in one transaction (nothing on any error)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the pack folder, e.g. packs/hmic-2007")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_dir():
            raise CommandError(f"{path}: not a folder; a pack is a folder with pack.yaml, scale.yaml, …")
        try:
            result = load_pack(path)
        except PackError as exc:
            raise CommandError(f"{path}: the pack was not loaded; nothing was changed.\n{exc}") from exc
        self.stdout.write(str(result))
