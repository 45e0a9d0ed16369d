"""Report work that runs on a worker (docs/jobs.md): publishing a report, and rendering every report of
a programme into one zip for the person who asked.

The publish page checks in the request what it can (`publication.check_publishable`: the same refusals and
blockers as publication.publish, answered at once), then queues `publish_report`, which calls
publication.publish unchanged: it checks again, so a change made while the job waited still blocks it,
and renders and freezes the files in its own transaction."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.db import transaction

from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Correction, Inspection
from inspectorate.inspections.services import corrections
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.jobs.models import Job
from inspectorate.jobs.services import JobFailed, Outcome, job_task, progress, result_path
from inspectorate.methodology.models import Programme

from . import publication
from .builder import build_report
from .data import report_inputs
from .models import PublishedReport
from .published_data import latest_path
from .render import render_pdf


@job_task
def publish_report(job: Job, inspection_id: int, note: str = "", few_practice_reason: str = "") -> Outcome:
    progress(job.pk, 0, 1, "Rendering the report (JSON, HTML and PDF) and freezing it as version 1")
    inspection = Inspection.objects.select_related("force", "programme").filter(pk=inspection_id).first()
    if inspection is None:
        raise JobFailed("The inspection no longer exists.")
    try:
        published = publication.publish(
            job.owner, inspection, note=note, confirm_few_practice_reason=few_practice_reason or None
        )
    except NotAllowed as refusal:
        raise JobFailed(f"Not published: {refusal.reason}.") from refusal
    except Blocked as refusal:
        raise JobFailed(f"Not published: {'; '.join(refusal.blockers)}.") from refusal
    progress(job.pk, 1, 1, "Published")
    return Outcome(
        message=f"Published: {published.title}, version {published.version}.",
        url=latest_path(published),
        data={"published_report": published.pk, "version": published.version},
    )


def check_correction_publishable(actor: Any, correction: Correction, change_note: str) -> None:
    """publication.publish_correction's refusals and blockers, without rendering anything."""
    note = correction.reason if change_note is None else change_note
    if not (note or "").strip():
        raise Invalid({"change_note": "say what the correction changes"})
    with transaction.atomic():
        correction, _ = corrections.for_publication(actor, correction)
        found = publication.correction_blockers(correction)
    if found:
        raise Blocked(found)


@job_task
def publish_correction(job: Job, correction_id: int, change_note: str) -> Outcome:
    correction = Correction.objects.select_related("inspection").filter(pk=correction_id).first()
    if correction is None:
        raise JobFailed("The correction no longer exists.")
    progress(job.pk, 0, 1, "Rendering the corrected report and freezing it as the next version")
    try:
        published = publication.publish_correction(job.owner, correction, change_note)
    except NotAllowed as refusal:
        raise JobFailed(f"Not published: {refusal.reason}.") from refusal
    except Blocked as refusal:
        raise JobFailed(f"Not published: {'; '.join(refusal.blockers)}.") from refusal
    except Invalid as problem:
        raise JobFailed(f"Not published: {'; '.join(problem.errors.values())}.") from problem
    progress(job.pk, 1, 1, "Published")
    return Outcome(
        message=f"Published the correction: {published.title}, version {published.version}.",
        url=latest_path(published),
        data={"published_report": published.pk, "version": published.version},
    )


DRAFTS, PUBLISHED = "draft", "published"


@job_task
def render_programme(job: Job, programme_id: int, which: str) -> Outcome:
    """Every report of the programme that the job's owner may read, one PDF each, in a zip: the drafts
    of the inspections they may see, or the latest published versions (as published, byte for byte)."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise JobFailed("The programme no longer exists.")
    entries: list[tuple[str, Any]] = []
    if which == PUBLISHED:
        latest = PublishedReport.objects.filter(programme=programme, superseded_by__isnull=True)
        entries = [
            (f"{r.force.code}-{programme.code}-v{r.version}.pdf", r)
            for r in latest.select_related("force").order_by("force__name")
        ]
    else:
        drafts = (
            Inspection.objects.restrict(job.owner, "view")
            .filter(programme=programme)
            .exclude(stage=Stage.PUBLISHED)
            .select_related("force", "programme")
            .order_by("force__name", "pk")
        )
        entries = [(f"{i.force.code}-{programme.code}-draft-{i.pk}.pdf", i) for i in drafts]
    if not entries:
        raise JobFailed(f"There is no {which} report of {programme.name} for you to render.")
    name, path = result_path(job.pk, f"{programme.code}-{which}-reports.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, (filename, source) in enumerate(entries):
            label = source.force.name
            progress(job.pk, done, len(entries), f"Rendering {label}")
            if isinstance(source, PublishedReport):
                archive.writestr(filename, source.path("pdf").read_bytes())
            else:
                archive.writestr(
                    filename, render_pdf(build_report(**{**report_inputs(source), "draft": True}))
                )
    path.write_bytes(buffer.getvalue())
    return Outcome(
        message=f"{len(entries)} {which} report{'s' if len(entries) != 1 else ''} of {programme.name}.",
        file=name,
        data={"reports": len(entries), "which": which},
    )
