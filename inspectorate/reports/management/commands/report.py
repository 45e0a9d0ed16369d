"""`inspectorate report render`: a force's report as HTML, PDF, Word or JSON, written to a file.

    inspectorate report render --force west-midlands --programme hmic-2007 --format pdf -o wmp.pdf
    inspectorate report render --force west-midlands --programme hmic-2007 -o wmp-draft.docx --draft

With --draft: the force's latest unpublished inspection in the programme (a demonstration included),
rendered as it stands, marked DRAFT. Without it: the latest published version of the report, or
version N with --version N, exactly as frozen at publication (Word is laid out from the frozen JSON).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.forces.models import Force
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection
from inspectorate.methodology.models import Programme
from inspectorate.reports.builder import build_report
from inspectorate.reports.data import report_inputs
from inspectorate.reports.render import FORMATS, render, render_docx, report_from_json


class Command(BaseCommand):
    help = (
        "Force reports: `report render --force CODE --programme CODE --format html|pdf|docx|json -o FILE "
        "[--draft] [--version N]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        render_parser = sub.add_parser("render", help="write a force's report to a file")
        render_parser.add_argument("--force", required=True, help="the force's code, e.g. west-midlands")
        render_parser.add_argument("--programme", required=True, help="the programme's code, e.g. hmic-2007")
        render_parser.add_argument(
            "--format", choices=FORMATS, help="html, pdf, docx or json (default: from the file's extension)"
        )
        render_parser.add_argument("-o", "--output", required=True, help="the file to write")
        render_parser.add_argument(
            "--draft", action="store_true", help="the latest unpublished inspection, as it stands"
        )
        render_parser.add_argument(
            "--version", dest="report_version", type=int, help="a published version (default: the latest)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"say which format to write with --format ({', '.join(FORMATS)})")
        if not output.parent.is_dir():
            raise CommandError(f"cannot write {output}: the folder {output.parent} does not exist")
        force = Force.objects.filter(code=options["force"]).first()
        if force is None:
            raise CommandError(f"unknown force {options['force']!r}: use a force code such as west-midlands")
        code = options["programme"]
        if not Programme.objects.filter(code=code).exists():
            known = ", ".join(sorted(set(Programme.objects.values_list("code", flat=True)))) or "none loaded"
            raise CommandError(f"unknown programme {code!r} (programmes: {known})")
        if options["draft"]:
            if options["report_version"] is not None:
                raise CommandError("--version picks a published version; a draft has none")
            content, what = self._draft(force, code, fmt)
        else:
            content, what = self._published(force, code, fmt, options["report_version"])
        output.write_bytes(content)
        self.stdout.write(f"Wrote {output} ({fmt}, {len(content):,} bytes): {what}")

    def _draft(self, force: Force, code: str, fmt: str) -> tuple[bytes, str]:
        inspection = (
            Inspection.objects.filter(force=force, programme__code=code)
            .exclude(stage=Stage.PUBLISHED)
            .select_related("force", "programme")
            .order_by("-created_at", "-id")
            .first()
        )
        if inspection is None:
            raise CommandError(f"nothing to render: {force.name} has no unpublished inspection in {code}")
        report = build_report(**{**report_inputs(inspection), "draft": True})
        stage = inspection.get_stage_display().lower()
        what = f"draft of {report.title} (inspection {inspection.pk}, {stage})"
        if inspection.is_demonstration:
            what += ", a reconstruction for demonstration"
        return render(report, fmt), what

    def _published(self, force: Force, code: str, fmt: str, version: int | None) -> tuple[bytes, str]:
        missing = f"no published report for {force.code} in {code}"
        try:
            from inspectorate.reports.models import PublishedReport
        except ImportError:  # publication not installed: nothing can have been published
            raise CommandError(missing) from None
        found = PublishedReport.objects.filter(
            force=force, programme__code=code, inspection__is_demonstration=False
        ).select_related("force", "programme")
        if version is not None:
            found = found.filter(version=version)
            missing = f"no published version {version} of the report for {force.code} in {code}"
        else:
            found = found.filter(superseded_by__isnull=True)
        published = found.order_by("-version").first()
        if published is None:
            raise CommandError(missing)
        what = f"{published.title}, published version {published.version}"
        if published.is_superseded:
            what += " (superseded by a later version)"
        if fmt == "json":
            return published.report_json.encode("utf-8"), what
        if fmt == "docx":
            return render_docx(report_from_json(published.report_json)), what
        path = published.path(fmt)
        if not path.is_file():
            raise CommandError(
                f"the published {fmt} file of version {published.version} is missing ({path}); "
                "`inspectorate reports verify` checks every published file"
            )
        return path.read_bytes(), what
