from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.methodology.exports import programme_summary, programme_to_dict
from inspectorate.methodology.models import Programme


class Command(BaseCommand):
    help = "Inspect loaded methodology packs: `pack show CODE [--version N] [--json]`, `pack list`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        show = sub.add_parser("show", help="print a loaded pack")
        show.add_argument("code")
        show.add_argument("--version", dest="pack_version", type=int, help="default: the latest")
        show.add_argument("--json", action="store_true", help="the whole pack as JSON")
        sub.add_parser("list", help="list loaded packs")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            for p in Programme.objects.order_by("code", "version"):
                self.stdout.write(f"{p.code}\tversion {p.version}\t{p.name}\t{p.content_hash[:12]}")
            return
        programmes = Programme.objects.filter(code=options["code"]).order_by("-version")
        if options["pack_version"] is not None:
            programmes = programmes.filter(version=options["pack_version"])
        programme = programmes.first()
        if programme is None:
            known = ", ".join(sorted(set(Programme.objects.values_list("code", flat=True)))) or "none"
            raise CommandError(f"no loaded pack {options['code']!r} (loaded: {known})")
        if options["json"]:
            self.stdout.write(json.dumps(programme_to_dict(programme), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(programme_summary(programme))
