"""`inspectorate plan …`: the risk-based programme from the command line.

plan load-model [PATH]                     validate a risk-model file and use it (default: the shipped one)
plan sync-actions                          track every area for improvement of published reports
plan register [--as-of DATE] [--json]      the scores per force and framework, with their working
plan propose --programme CODE --capacity DAYS [--code C] [--starts-on DATE] [--quarters N]
             [--mandatory SRM,NP] [--json] solve a programme and keep it as a draft plan
plan approve CODE --as LEAD                approve a plan: create its inspections at stage planned
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from inspectorate.accounts.models import User
from inspectorate.datafiles import DataFileError
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.methodology.models import Programme

from ... import services, tracking
from ...models import Plan
from ...riskmodel import DEFAULT_MODEL


def _date(text: str | None, default: datetime.date) -> datetime.date:
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "The risk-based programme: load-model, sync-actions, register, propose, approve."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load-model", help="validate a risk-model file and use it")
        load.add_argument("path", nargs="?", default=str(DEFAULT_MODEL))
        sub.add_parser("sync-actions", help="track every area for improvement of published reports")
        reg = sub.add_parser("register", help="scores per force and framework")
        reg.add_argument("--programme", help="default: the latest loaded pack")
        reg.add_argument("--as-of", help="YYYY-MM-DD; default: today")
        reg.add_argument("--json", action="store_true")
        propose = sub.add_parser("propose", help="solve a programme and keep it as a draft plan")
        propose.add_argument("--programme", required=True, help="the pack whose frameworks are planned")
        propose.add_argument("--capacity", required=True, type=int, help="inspector-days per quarter")
        propose.add_argument("--code", help="the plan's code; default: PROGRAMME-plan-N")
        propose.add_argument("--name", default="")
        propose.add_argument("--starts-on", help="first day of the first quarter; default: today")
        propose.add_argument("--quarters", type=int)
        propose.add_argument(
            "--mandatory", default="SRM", help="framework codes for every force (comma-separated)"
        )
        propose.add_argument("--json", action="store_true")
        propose.add_argument("--replace", action="store_true", help="solve a draft plan of that code again")
        sub.add_parser("sample-assessments", help="a few sample analyst assessments, marked as samples")
        approve = sub.add_parser("approve", help="approve a plan and create its inspections")
        approve.add_argument("code")
        approve.add_argument("--as", dest="as_user", required=True, help="the approving lead inspector")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)
        except DataFileError as exc:
            raise CommandError(f"the risk model has problems; nothing was loaded:\n{exc}") from exc
        except Invalid as exc:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
        except NotAllowed as exc:
            raise CommandError(exc.reason) from exc

    def _programme(self, code: str | None) -> Programme:
        programme = (
            Programme.objects.filter(code=code).order_by("-version").first()
            if code
            else services.latest_programme()
        )
        if programme is None:
            known = ", ".join(sorted(set(Programme.objects.values_list("code", flat=True)))) or "none"
            raise CommandError(
                f"no loaded pack {code or ''!r} (loaded: {known}); run inspectorate load-pack PATH"
            )
        return programme

    def _load_model(self, options: dict[str, Any]) -> None:
        row = services.load_model_file(services.COMMAND_LINE, Path(options["path"]))
        self.stdout.write(f"risk model {row.code} v{row.version} in use ({row.content_hash[:12]})")

    def _sync_actions(self, options: dict[str, Any]) -> None:
        made = tracking.sync_actions(services.COMMAND_LINE)
        self.stdout.write(f"{made} area(s) for improvement newly tracked")

    def _register(self, options: dict[str, Any]) -> None:
        programme = self._programme(options["programme"])
        reg = services.build_register(
            services.COMMAND_LINE, programme, _date(options["as_of"], datetime.date.today())
        )
        if options["json"]:
            data = {
                "as_of": reg.as_of.isoformat(),
                "model": reg.model.label,
                "missing": reg.missing,
                "scores": [s.to_dict() for s in reg.scores],
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        for note in reg.missing:
            self.stderr.write(f"missing: {note}")
        top = sorted(reg.scores, key=lambda s: -s.value)[:15]
        self.stdout.write(
            f"risk register on {reg.as_of} ({reg.model.label}): the 15 highest of {len(reg.scores)}"
        )
        for s in top:
            self.stdout.write(
                f"  {s.value:.3f}  {s.force_name:35} {s.framework_code:4} "
                + ", ".join(s.main_reasons(3, detailed=False))
            )
        scan = reg.proposed_for_scan()
        self.stdout.write(
            f"proposed for scan (highest score > {reg.model.thresholds.scan:.2f}): {len(scan)} force(s)"
        )

    def _propose(self, options: dict[str, Any]) -> None:
        programme = self._programme(options["programme"])
        starts = _date(options["starts_on"], datetime.date.today())
        code = options["code"] or f"{programme.code}-plan-{Plan.objects.count() + 1}"
        existing = Plan.objects.filter(code=code).first()
        if existing is not None and options["replace"]:
            services.discard_plan(services.COMMAND_LINE, existing)
        plan = services.create_plan(
            services.COMMAND_LINE,
            code=code,
            name=options["name"] or f"Programme from {starts:%B %Y}",
            programme=programme,
            starts_on=starts,
            capacity=options["capacity"],
            quarters=options["quarters"],
            mandatory=options["mandatory"].split(","),
        )
        console = Console(stderr=True)
        with console.status("solving") as status:
            result = services.solve_plan(services.COMMAND_LINE, plan, progress=lambda m: status.update(m))
        if options["json"]:
            shown = {k: v for k, v in result.items() if k != "scores"}
            self.stdout.write(json.dumps({"plan": plan.code, **shown}, indent=2))
            return
        for note in result["missing"]:
            self.stderr.write(f"missing: {note}")
        self.stdout.write(
            f"plan {plan.code}: {plan.quarters} quarters from {starts}, {plan.capacity} inspector-days each"
        )
        if not result["feasible"]:
            raise CommandError(result["message"])
        self.stdout.write(
            f"risk covered {result['value']:.3f} by {len(result['chosen'])} inspections"
            f" ({result['message']}, {result['seconds']:.2f} s); greedy {result['greedy']['value']:.3f}"
            f" ({result['greedy']['seconds']:.3f} s)"
        )
        self.stdout.write(f"days used per quarter: {', '.join(map(str, result['days_used']))}")
        names = result["force_names"]
        for c in result["chosen"]:
            if c["mandatory"]:
                continue
            where = f"Q{c['quarter']} {names[c['force']]:35} {c['framework']:4}"
            self.stdout.write(f"  {where} {c['risk']:.3f}  {c['days']:3} days")
        mandatory = sum(1 for c in result["chosen"] if c["mandatory"])
        self.stdout.write(f"  and {mandatory} mandatory inspection(s) ({', '.join(plan.mandatory)})")
        reasons: dict[str, int] = {}
        for item in result["left_out"]:
            reasons[item["why"]] = reasons.get(item["why"], 0) + 1
        self.stdout.write(
            "left out: " + ", ".join(f"{n} {why.replace('_', ' ')}" for why, n in sorted(reasons.items()))
        )

    def _sample_assessments(self, options: dict[str, Any]) -> None:
        made = services.sample_assessments(services.COMMAND_LINE)
        self.stdout.write(f"{made} sample assessment(s) recorded, each marked as a sample for demonstration")

    def _approve(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["as_user"]).first()
        if user is None:
            raise CommandError(f"no user {options['as_user']!r}")
        plan = Plan.objects.filter(code=options["code"]).first()
        if plan is None:
            raise CommandError(f"no plan {options['code']!r}")
        created = services.approve_plan(user, plan)
        self.stdout.write(f"approved {plan.code}: {len(created)} inspections created at stage planned")
