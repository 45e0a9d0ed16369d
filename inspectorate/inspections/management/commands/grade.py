"""`inspectorate grade --pack CODE [--version N] --framework FW --judgements FILE.json [--text]`: run
the grade engine on a judgement file with a loaded programme's rules, scale and criteria."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.inspections.services.proposals import (
    condition_names,
    engine_criteria,
    programme_ruleset,
    programme_scale,
)
from inspectorate.methodology.engine import (
    EngineInputError,
    JudgementFileError,
    parse_judgement_file,
    proposal_to_json,
    propose,
)
from inspectorate.methodology.models import Programme

# Bad input exits with 2, as command-line tools conventionally do for usage errors.
BAD_INPUT = 2


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class Command(BaseCommand):
    help = (
        "Propose a grade for one framework from a JSON judgement file, with the trace: "
        '{"judgements": {"CA-F01": "met", ...}, "conditions": {"beacon": true}}'
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # `--version` here is the pack version; it replaces Django's option that prints its own version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pack", required=True, help="the programme code, e.g. hmic-2007")
        parser.add_argument("--version", dest="pack_version", type=int, help="default: the latest loaded")
        parser.add_argument("--framework", required=True, help="framework code, e.g. CA")
        parser.add_argument("--judgements", required=True, type=Path, help="the judgement file (JSON)")
        parser.add_argument("--text", action="store_true", help="print the trace in plain English instead")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = self._programme(options["pack"], options["pack_version"])
        code = options["framework"]
        framework = programme.frameworks.filter(code=code).first()
        if framework is None:
            known = ", ".join(
                programme.frameworks.filter(criteria__isnull=False).distinct().values_list("code", flat=True)
            )
            raise _fail(
                f"{programme.code} version {programme.version} has no framework {code!r} (graded: {known})"
            )
        criteria = engine_criteria(framework)
        if not criteria:
            raise _fail(f"{framework.code} {framework.name} has no grading criteria in {programme.code}")
        path: Path = options["judgements"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"{path}: cannot be read: {exc}") from exc
        names = condition_names(programme)
        try:
            judgements, conditions = parse_judgement_file(text, str(path), [c.code for c in criteria], names)
            proposal = propose(
                criteria,
                judgements,
                conditions,
                programme_ruleset(programme),
                programme_scale(programme),
                condition_names=names,
            )
        except (JudgementFileError, EngineInputError) as exc:
            raise _fail(str(exc)) from exc
        if options["text"]:
            shown = proposal.trace.names
            outcome = (
                f"proposed grade {shown.grade(proposal.grade)}" if proposal.grade else "no grade proposed"
            )
            self.stdout.write(f"{framework.code} {framework.name}: {outcome}")
            self.stdout.write(proposal.trace.render_text())
        else:
            self.stdout.write(json.dumps(proposal_to_json(proposal), indent=2, ensure_ascii=False))

    def _programme(self, code: str, version: int | None) -> Programme:
        found = Programme.objects.filter(code=code).order_by("-version")
        if version is not None:
            found = found.filter(version=version)
        programme = found.first()
        if programme is None:
            loaded = sorted(f"{c} v{v}" for c, v in Programme.objects.values_list("code", "version")) or [
                "none"
            ]
            wanted = f"{code} version {version}" if version is not None else code
            raise _fail(
                f"no loaded pack {wanted} (loaded: {', '.join(loaded)}); load it with load-pack first"
            )
        return programme
