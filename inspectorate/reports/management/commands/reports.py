"""Published reports from the command line.

- `inspectorate reports verify`: re-hash every published file and say, file by file, whether it is
  still what was published; exits with status 1 when any file is missing or changed.
- `inspectorate reports publish INSPECTION --as USERNAME [--note TEXT] [--few-practice-reason TEXT]`:
  publish an inspection's report as its lead inspector.
- `inspectorate reports correct PROGRAMME FORCE --as USERNAME --note TEXT`: publish a correction of
  the latest version of a force's report.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.accounts.models import User
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.reports.models import PublishedReport
from inspectorate.reports.publication import check_all, correct, publish


class Command(BaseCommand):
    help = "Published reports: verify every published file, publish a report, or publish a correction."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="re-hash every published file; exit 1 on any mismatch")
        pub = sub.add_parser("publish", help="publish an inspection's report (its lead inspector)")
        pub.add_argument("inspection", type=int, help="the inspection's number")
        pub.add_argument("--as", dest="username", required=True, help="the lead inspector's username")
        pub.add_argument("--note", default="", help="a note for the workflow history")
        pub.add_argument(
            "--few-practice-reason",
            default=None,
            help="why the report may go out with fewer than three developing-practice examples",
        )
        fix = sub.add_parser("correct", help="publish a correction of the latest version")
        fix.add_argument("programme", help="the programme's code, e.g. hmic-2007")
        fix.add_argument("force", help="the force's code, e.g. west-midlands")
        fix.add_argument("--as", dest="username", required=True, help="the lead inspector's username")
        fix.add_argument("--note", required=True, help="what the correction changes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify()
            return
        actor = User.objects.filter(username=options["username"]).first()
        if actor is None:
            raise CommandError(f"no user {options['username']!r}")
        try:
            if options["subcommand"] == "publish":
                inspection = Inspection.objects.filter(pk=options["inspection"]).first()
                if inspection is None:
                    raise CommandError(f"no inspection {options['inspection']}")
                report = publish(
                    actor,
                    inspection,
                    options["note"],
                    confirm_few_practice_reason=options["few_practice_reason"],
                )
            else:
                latest = PublishedReport.objects.filter(
                    programme__code=options["programme"],
                    force__code=options["force"],
                    superseded_by__isnull=True,
                ).first()
                if latest is None:
                    raise CommandError(
                        f"no published report for {options['force']} in {options['programme']}"
                    )
                report = correct(actor, latest, options["note"])
        except NotAllowed as refusal:
            raise CommandError(f"refused: {refusal.reason}") from None
        except Blocked as refusal:
            raise CommandError("not yet:\n" + "\n".join(f"- {b}" for b in refusal.blockers)) from None
        except Invalid as refusal:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in refusal.errors.items())) from None
        self.stdout.write(f"Published {report.title}, version {report.version}, in {report.directory}")
        for extension in ("json", "html", "pdf"):
            self.stdout.write(f"  report.{extension}  SHA-256 {report.sha256(extension)}")

    def _verify(self) -> None:
        checks = check_all()
        for check in checks:
            where = check.path if check.path is not None else "database"
            report = check.report
            label = f"{report.programme.code}/{report.force.code}/v{report.version}/{check.name}"
            if check.ok:
                self.stdout.write(f"OK        {label}  {where}")
            else:
                self.stdout.write(f"MISMATCH  {label}  {where}: {check.problem}")
        failed = [c for c in checks if not c.ok]
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(checks)} published files do not match their recorded SHA-256",
                returncode=1,
            )
        self.stdout.write(f"{len(checks)} files checked; all match what was published.")
