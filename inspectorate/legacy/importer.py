"""Importing a published report into a published inspection, in one transaction (issue: nothing is
written unless everything is).

The report is read by the pure parser (`parser.parse_report`), checked, and written as an ordinary
inspection at the published stage: its force overview and contextual factors, one grade per framework
as printed (no criterion judgements: the report prints none), its findings as printed (the PVP
overview's under the group), its developing-practice boxes as selected examples, and an
`ImportedReport` row with the source file's SHA-256 and the structured result. The report is then
frozen as a published version by `reports.publication.publish_imported`, like any other.

Importing the same file again changes nothing; a different file for a force and programme already
imported is refused unless `replace` is given, and then becomes version N+1 with a change note."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.forces.models import Force
from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import Finding, GradeAward, Inspection
from inspectorate.methodology.models import Framework, FrameworkGroup, Programme
from inspectorate.practice.models import PracticeExample, Status
from inspectorate.reports import publication
from inspectorate.reports.models import PublishedReport

from .accounts import import_account
from .model import FINDING_KIND, LISTS, FrameworkLayout, Layout, ParsedReport
from .models import ImportedReport
from .parser import parse_report
from .sources import Source, read_source

NO_JUDGEMENTS = (
    "Imported from the published report: the grade is the one the report printed. The report prints "
    "no criterion judgements, so none are held and no grade was proposed by the engine."
)


class ImportRefused(Exception):
    """The report cannot be imported (nothing was written); the message says why."""


@dataclass
class ImportResult:
    parsed: ParsedReport
    source: Source
    force: Force
    programme: Programme
    status: str  # "dry-run", "imported", "replaced" or "already"
    inspection: Inspection | None = None
    published: PublishedReport | None = None
    counts: dict[str, int] = field(default_factory=dict)


def programme_for(code: str) -> Programme:
    programme = Programme.objects.filter(code=code).order_by("-version").first()
    if programme is None:
        raise ImportRefused(
            f"unknown programme {code!r}: load its methodology pack first (inspectorate load-pack)"
        )
    return programme


def layout_for(programme: Programme) -> Layout:
    frameworks = tuple(
        FrameworkLayout(f.code, f.name, f.group.code if f.group else "")
        for f in programme.frameworks.of_kind("programmed").select_related("group").order_by("position")
    )
    names: list[str] = []
    for force in Force.objects.order_by("name"):
        names += [force.name, *force.aliases]
    return Layout(
        grades=tuple((g.code, g.name) for g in programme.grades.order_by("position")),
        frameworks=frameworks,
        groups=tuple((g.code, g.name) for g in programme.groups.order_by("code")),
        forces=tuple(names),
        total_forces=Force.objects.count() or 43,
    )


def _force(name: str) -> Force:
    for force in Force.objects.all():
        if name.casefold() in {force.name.casefold(), *(a.casefold() for a in force.aliases)}:
            return force
    raise ImportRefused(
        f"the report is about {name!r}, which is not one of the forces loaded (load-reference)"
    )


def read(path: Path, programme_code: str, *, strict: bool = False) -> tuple[ParsedReport, Source, Programme]:
    """Read and check a report without writing anything. Raises SourceError, ReportFormatError, or
    ImportRefused (for --strict, when a cross-check fails)."""
    programme = programme_for(programme_code)
    source = read_source(path)
    parsed = parse_report(source.text, layout_for(programme))
    if strict and parsed.disagreements:
        raise ImportRefused(
            "the report disagrees with itself (--strict):\n"
            + "\n".join(f"  {d}" for d in parsed.disagreements)
        )
    return parsed, source, programme


def import_report(
    path: Path,
    programme_code: str,
    *,
    strict: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    actor: Any = None,
) -> ImportResult:
    parsed, source, programme = read(path, programme_code, strict=strict)
    force = _force(parsed.force)
    result = ImportResult(parsed, source, force, programme, "dry-run")
    if dry_run:
        return result
    actor = actor or import_account()
    with transaction.atomic():
        previous = (
            ImportedReport.objects.select_related("inspection")
            .filter(inspection__force=force, inspection__programme__code=programme.code)
            .order_by("-imported_at", "-id")
            .first()
        )
        native = (
            PublishedReport.objects.filter(force=force, programme__code=programme.code)
            .exclude(inspection__imports__isnull=False)
            .exists()
        )
        if native:
            raise ImportRefused(
                f"a report on {force} for {programme.name} is already published in the system; an "
                "imported copy would be a second report"
            )
        if previous is not None and not replace:
            if previous.source_sha256 == source.sha256:
                result.status = "already"
                result.inspection = previous.inspection
                result.published = previous.published_report
                return result
            raise ImportRefused(
                f"a report on {force} for {programme.name} is already imported (from "
                f"{previous.source_name}, SHA-256 {previous.source_sha256}); use --replace to publish "
                "this file as a new version"
            )
        inspection = _write_inspection(actor, parsed, force, programme, previous)
        result.counts = _write_content(actor, inspection, parsed, programme)
        imported = ImportedReport.objects.create(
            inspection=inspection,
            source_name=source.name[:300],
            source_sha256=source.sha256,
            source_kind=source.kind,
            published_month=parsed.published,
            parsed=parsed.as_json(),
            disagreements=[str(d) for d in parsed.disagreements],
            imported_by=actor,
        )
        note = f"Imported again from the published report {source.name} (SHA-256 {source.sha256})"
        published = publication.publish_imported(actor, inspection, note if previous else "")
        imported.published_report = published
        imported.save(update_fields=["published_report"])
        audit.record(
            actor,
            "report.imported",
            imported,
            after={
                "source_name": source.name,
                "source_sha256": source.sha256,
                "force": force.code,
                "programme": programme.code,
                "version": published.version,
                **result.counts,
            },
            note="; ".join(str(d) for d in parsed.disagreements),
        )
        result.status = "replaced" if previous else "imported"
        result.inspection = inspection
        result.published = published
    return result


def _write_inspection(
    actor: Any, parsed: ParsedReport, force: Force, programme: Programme, previous: ImportedReport | None
) -> Inspection:
    context = {heading or "overview": text for heading, text in parsed.overview}
    framework_context = {code: s.force_context for code, s in parsed.sections.items() if s.force_context}
    now = timezone.now()
    if previous is not None:
        inspection = previous.inspection
        inspection.context = context
        inspection.framework_context = framework_context
        inspection.save(update_fields=["context", "framework_context"])
        return inspection
    inspection = Inspection.objects.create(
        force=force,
        programme=programme,
        title=f"{force.name} – {programme.name} (imported from the published report)",
        lead=actor,
        stage=Stage.PUBLISHED,
        context=context,
        framework_context=framework_context,
        created_by=actor,
        signed_off_at=now,
        signed_off_by=actor,
    )
    inspection.frameworks.set(programme.frameworks.filter(code__in=parsed.force_summary))
    audit.record(
        actor,
        "inspection.imported",
        inspection,
        after=audit.snapshot(inspection, ["force", "programme", "title", "stage"]),
        note="a published inspection imported from its report",
    )
    return inspection


def _write_content(
    actor: Any, inspection: Inspection, parsed: ParsedReport, programme: Programme
) -> dict[str, int]:
    frameworks = {f.code: f for f in Framework.objects.filter(programme=programme)}
    groups = {g.code: g for g in FrameworkGroup.objects.filter(programme=programme)}
    # Imported again: the earlier findings and examples give way to the new file's; awards are kept,
    # superseded, as every award is.
    Finding.objects.filter(inspection=inspection).delete()
    PracticeExample.objects.filter(selected_for=inspection).delete()
    GradeAward.objects.filter(inspection=inspection).exclude(status=AwardStatus.SUPERSEDED).update(
        status=AwardStatus.SUPERSEDED
    )
    counts = {"grades": 0, "findings": 0, "practice": 0}
    for code, grade in parsed.force_summary.items():
        award = GradeAward.objects.create(
            inspection=inspection,
            framework=frameworks[code],
            proposed_grade="",
            proposal_reason="imported",
            # No engine trace: the engine never judged this grade (the rationale says so).
            trace={},
            grade=grade,
            rationale=NO_JUDGEMENTS,
            status=AwardStatus.NOT_NEEDED,
            author=actor,
        )
        audit.record(actor, "grade.imported", award, after={"framework": code, "grade": grade})
        counts["grades"] += 1
    findings = []
    for code, section in parsed.sections.items():
        target = {"group": groups[code]} if code in groups else {"framework": frameworks[code]}
        for name in LISTS:
            for position, text in enumerate(section.lists[name]):
                findings.append(
                    Finding(
                        inspection=inspection,
                        kind=FINDING_KIND[name],
                        text=text,
                        position=position,
                        created_by=actor,
                        **target,
                    )
                )
    Finding.objects.bulk_create(findings)
    counts["findings"] = len(findings)
    audit.record(actor, "findings.imported", inspection, after={"findings": len(findings)}, note="as printed")
    for box in parsed.developing_practice:
        framework = frameworks.get(box.section)
        if framework is None:  # a box under a group's overview is filed under its first component
            framework = next(f for f in frameworks.values() if f.group and f.group.code == box.section)
        example = PracticeExample.objects.create(
            force=inspection.force,
            programme=programme,
            framework=framework,
            title=box.title[:200],
            problem=box.problem,
            solution=box.solution,
            outcomes=box.outcomes,
            contact_name=box.contact[:200],
            contact_details=box.contact[200:500],
            evaluated_by_force=True,
            transferable=True,
            submitted_by=actor,
            status=Status.SELECTED,
            selected_for=inspection,
            selection_reason="Printed in the published report (imported)",
            decided_by=actor,
            decided_at=timezone.now(),
        )
        audit.record(actor, "practice.imported", example, after={"title": example.title})
        counts["practice"] += 1
    return counts
