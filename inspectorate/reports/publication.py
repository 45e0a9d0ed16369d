"""Publishing a force report (METHODOLOGY §7): the report is built from the inspection as it stands,
rendered as JSON, HTML and PDF, and frozen as version 1 with the SHA-256 of each file; a correction is
version N+1 with a change note, and the version it corrects says it is superseded. `check_all`
re-hashes every published file so that a changed byte is found.

Like the inspection services, each function takes the acting user first, checks, and writes the
database change and its audit event in one transaction; refusals are NotAllowed, Invalid or Blocked
with nothing written (the files are staged and moved into place only when the transaction commits)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Correction, Inspection
from inspectorate.inspections.services import corrections, workflow
from inspectorate.inspections.services.common import require_lead
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.practice.queries import selected_count

from . import publication_files as files
from .builder import build_report
from .data import report_inputs
from .models import FORMATS, PublishedReport
from .render import render_html, render_json, render_pdf

# METHODOLOGY §6: the inspectorate selects three or more examples per report.
MIN_PRACTICE_EXAMPLES = 3
_AUDITED = [
    "inspection",
    "force",
    "programme",
    "version",
    "title",
    "published_at",
    "change_note",
    "few_practice_reason",
    "json_sha256",
    "html_sha256",
    "pdf_sha256",
]


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("force", "programme").get(pk=inspection.pk)


def render_files(inspection: Inspection) -> tuple[str, str, dict[str, bytes]]:
    """The report as it stands, built for publication: (title, JSON text, {extension: bytes})."""
    inputs = {**report_inputs(inspection), "draft": False}
    inputs.setdefault("generated", timezone.localdate())
    report = build_report(**inputs)
    as_json = render_json(report)
    content = {
        "json": as_json.encode("utf-8"),
        "html": render_html(report).encode("utf-8"),
        "pdf": render_pdf(report),
    }
    return report.title, as_json, content


def _freeze(
    actor: Any,
    inspection: Inspection,
    version: int,
    change_note: str,
    few_practice_reason: str,
    staged: list[files.Staged],
) -> PublishedReport:
    title, as_json, content = render_files(inspection)
    target = files.published_root() / inspection.force.code / inspection.programme.code / f"v{version}"
    staging = files.stage(target, content)
    staged.append(staging)
    published = PublishedReport.objects.create(
        inspection=inspection,
        force=inspection.force,
        programme=inspection.programme,
        version=version,
        title=title[:300],
        published_at=timezone.now(),
        published_by=actor,
        change_note=change_note,
        few_practice_reason=few_practice_reason,
        report_json=as_json,
        json_sha256=staging.hashes["json"],
        html_sha256=staging.hashes["html"],
        pdf_sha256=staging.hashes["pdf"],
    )
    transaction.on_commit(staging.move_into_place)
    return published


def _discarding(staged: list[files.Staged]) -> None:
    for staging in staged:
        staging.discard()


def check_publishable(actor: Any, inspection: Inspection, few_practice_reason: str = "") -> None:
    """Publication's refusals (NotAllowed) and blockers (Blocked), without rendering anything: asked by
    `publish` under its lock, and by the publish page before it queues the job."""
    require_lead(actor, inspection, "publish")
    if inspection.is_demonstration:
        raise NotAllowed("a reconstruction for demonstration can never be published")
    already = PublishedReport.objects.filter(
        force=inspection.force, programme__code=inspection.programme.code
    ).exists()
    if inspection.is_published or already:
        raise NotAllowed(
            f"a report on {inspection.force} for {inspection.programme.name} is already published; "
            "a change is made as a correction (a new version)"
        )
    if inspection.stage != Stage.FACTUAL_ACCURACY:
        raise Blocked(
            [
                "the report is published from the factual accuracy check; this inspection is at "
                f"{inspection.get_stage_display().lower()}"
            ]
        )
    found = list(workflow.blockers(inspection, Stage.PUBLISHED))
    count = selected_count(inspection)
    if count < MIN_PRACTICE_EXAMPLES and not few_practice_reason.strip():
        found.append(
            f"{count} developing-practice example{'s' if count != 1 else ''} "
            f"{'is' if count == 1 else 'are'} selected and a report prints three or more: "
            "select more, or confirm publishing with fewer and say why"
        )
    if found:
        raise Blocked(found)


def publish(
    actor: Any, inspection: Inspection, note: str = "", confirm_few_practice_reason: str | None = None
) -> PublishedReport:
    """The lead inspector publishes the report from the factual accuracy check: version 1, frozen.

    With fewer than three developing-practice examples selected, publication is blocked unless the
    lead inspector confirms it with a reason, which is kept with the version and in the audit log."""
    staged: list[files.Staged] = []
    try:
        with transaction.atomic():
            inspection = _lock(inspection)
            check_publishable(actor, inspection, confirm_few_practice_reason or "")
            reason = (confirm_few_practice_reason or "").strip()
            count = selected_count(inspection)
            workflow.move(actor, inspection, Stage.PUBLISHED, note, via_publication=True)
            inspection = _lock(inspection)
            few = reason if count < MIN_PRACTICE_EXAMPLES else ""
            published = _freeze(actor, inspection, 1, "", few, staged)
            audit.record(
                actor,
                "report.published",
                published,
                after=audit.snapshot(published, _AUDITED),
                note="; ".join(p for p in (note.strip(), few and f"fewer than three examples: {few}") if p),
            )
    except BaseException:
        _discarding(staged)
        raise
    return published


def correct(actor: Any, published_report: PublishedReport, change_note: str) -> PublishedReport:
    """A correction: version N+1 rendered from the inspection as it now stands, with a change note.
    The corrected version stays readable and points to its successor."""
    if not (change_note or "").strip():
        raise Invalid({"change_note": "say what the correction changes"})
    staged: list[files.Staged] = []
    try:
        with transaction.atomic():
            inspection = _lock(published_report.inspection)
            require_lead(actor, inspection, "publish")
            previous = PublishedReport.objects.select_for_update().get(pk=published_report.pk)
            if previous.superseded_by_id is not None:
                latest = PublishedReport.objects.get(
                    force=previous.force, programme=previous.programme, superseded_by__isnull=True
                )
                raise NotAllowed(
                    f"version {previous.version} is already superseded by version {latest.version}; "
                    "correct the latest version"
                )
            published = _freeze(
                actor,
                inspection,
                previous.version + 1,
                change_note.strip(),
                previous.few_practice_reason,
                staged,
            )
            previous.superseded_by = published
            previous.superseded_at = published.published_at
            previous.save(update_fields=["superseded_by", "superseded_at"])
            audit.record(
                actor,
                "report.corrected",
                published,
                before={"version": previous.version, "pk": previous.pk},
                after=audit.snapshot(published, _AUDITED),
                note=change_note.strip(),
            )
    except BaseException:
        _discarding(staged)
        raise
    return published


def correction_blockers(correction: Correction) -> list[str]:
    """Everything that stops an open correction being published as the next version."""
    found = corrections.correction_blockers(correction)
    inspection = correction.inspection
    count = selected_count(inspection)
    previous = PublishedReport.objects.filter(inspection=inspection, superseded_by__isnull=True).first()
    if count < MIN_PRACTICE_EXAMPLES and not (previous and previous.few_practice_reason):
        found.append(
            f"{count} developing-practice example{'s' if count != 1 else ''} "
            f"{'is' if count == 1 else 'are'} selected and a report prints three or more: select more"
        )
    return found


def publish_correction(actor: Any, correction: Correction, change_note: str | None = None) -> PublishedReport:
    """The lead inspector publishes an open correction: version N+1 rendered from the inspection as it
    now stands (`correct`), with the change note (the correction's reason when none is given), and the
    correction closed as published, in one transaction. Blocked while anything the correction reopened
    is not ready (see `correction_blockers`)."""
    note = correction.reason if change_note is None else change_note
    if not (note or "").strip():
        raise Invalid({"change_note": "say what the correction changes"})
    with transaction.atomic():
        correction, inspection = corrections.for_publication(actor, correction)
        found = correction_blockers(correction)
        if found:
            raise Blocked(found)
        latest = PublishedReport.objects.select_for_update().get(
            inspection=inspection, superseded_by__isnull=True
        )
        published = correct(actor, latest, note)
        corrections.close_published(actor, correction, published.version, note.strip())
    return published


@dataclass(frozen=True)
class FileCheck:
    report: PublishedReport
    name: str  # "report.pdf", or "report.json (database copy)"
    path: Path | None
    expected: str
    actual: str  # empty when the file is missing

    @property
    def ok(self) -> bool:
        return self.actual == self.expected

    @property
    def problem(self) -> str:
        if self.ok:
            return ""
        return "file missing" if not self.actual else "content differs from the published hash"


Mismatch = FileCheck


def check_report(report: PublishedReport) -> list[FileCheck]:
    checks = []
    for extension in FORMATS:
        path = report.path(extension)
        actual = files.sha256_file(path) if path.is_file() else ""
        checks.append(FileCheck(report, f"report.{extension}", path, report.sha256(extension), actual))
    stored = files.sha256_bytes(report.report_json.encode("utf-8"))
    checks.append(FileCheck(report, "report.json (database copy)", None, report.json_sha256, stored))
    return checks


def check_all() -> list[FileCheck]:
    """Every published file (and the database copy of each report's JSON), re-hashed."""
    reports = PublishedReport.objects.select_related("force", "programme").order_by(
        "programme__code", "force__code", "version"
    )
    return [check for report in reports for check in check_report(report)]


def verify_all() -> list[Mismatch]:
    return [check for check in check_all() if not check.ok]


def publish_imported(actor: Any, inspection: Inspection, change_note: str = "") -> PublishedReport:
    """Freeze an inspection imported from its published report (legacy.importer) as a published
    version like any other: version 1, or, when it is imported again, version N+1 with a change note
    that supersedes the previous one. The caller holds the transaction and has already written the
    inspection at the published stage; the workflow's checks do not apply to a report that was
    published outside the system."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish_imported runs inside the import's transaction")
    if inspection.is_demonstration or inspection.stage != Stage.PUBLISHED:
        raise NotAllowed("only an imported, published inspection is frozen this way")
    staged: list[files.Staged] = []
    try:
        inspection = _lock(inspection)
        previous = (
            PublishedReport.objects.select_for_update()
            .filter(
                force=inspection.force, programme__code=inspection.programme.code, superseded_by__isnull=True
            )
            .first()
        )
        if previous is not None and previous.inspection_id != inspection.pk:
            raise NotAllowed(
                f"a report on {inspection.force} for {inspection.programme.name} is already published "
                "from another inspection"
            )
        version = previous.version + 1 if previous else 1
        note = change_note.strip() if previous else ""
        published = _freeze(actor, inspection, version, note, "", staged)
        if previous is not None:
            previous.superseded_by = published
            previous.superseded_at = published.published_at
            previous.save(update_fields=["superseded_by", "superseded_at"])
        audit.record(
            actor,
            "report.corrected" if previous else "report.published",
            published,
            before={"version": previous.version, "pk": previous.pk} if previous else None,
            after=audit.snapshot(published, _AUDITED),
            note=note or "imported from the published report",
        )
    except BaseException:
        _discarding(staged)
        raise
    return published
