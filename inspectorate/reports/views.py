"""The draft report of an inspection, for the people who may see that inspection: its team and
administrators, moderators from the drafting stage on, and the inspected force from the factual
accuracy check on (the rules are the inspection's own, see inspections/models/rules.py). Anyone else
gets 404, so the existence of a draft is not revealed. Published reports live under /published/."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Correction, Inspection
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.inspections.views.common import blocked, forbidden, inspection_for, invalid, staff_page
from inspectorate.jobs.services import enqueue
from inspectorate.methodology.models import Programme

from . import jobs, publication
from .builder import build_report
from .data import report_inputs
from .documents import as_document
from .render import MEDIA_TYPES
from .render import render as render_report


def _draft(request: HttpRequest, inspection_id: int, fmt: str) -> HttpResponse:
    inspection = (
        Inspection.objects.restrict(request.user, "view")
        .exclude(stage=Stage.PUBLISHED)
        .select_related("force", "programme")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise Http404("no such draft report")
    report = build_report(**{**report_inputs(inspection), "draft": True})
    response = HttpResponse(render_report(report, fmt), content_type=MEDIA_TYPES[fmt])
    if fmt == "html":
        as_document(response)
    else:
        name = f"{inspection.force.code}-{inspection.programme.code}-draft-{inspection.pk}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A draft changes as the team works: never serve a stale copy, never keep one in a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def draft_html(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return _draft(request, inspection_id, "html")


def draft_pdf(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return _draft(request, inspection_id, "pdf")


def draft_docx(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return _draft(request, inspection_id, "docx")


@require_POST
@staff_page
def publish(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The lead inspector publishes from the factual accuracy check. Refusals and blockers are answered
    at once; then the rendering and freezing (publication.publish, seconds for a long report) is queued
    as a job, and the lead inspector follows it on its status page."""
    inspection = inspection_for(request, inspection_id)
    note = request.POST.get("note", "")
    reason = request.POST.get("few_practice_reason", "")
    try:
        publication.check_publishable(request.user, inspection, reason)
    except NotAllowed as refusal:
        return forbidden(request, refusal.reason, inspection)
    except Blocked as refusal:
        return blocked(request, refusal.blockers, inspection)
    job = enqueue(
        request.user,
        "report.publish",
        jobs.publish_report,
        inspection.pk,
        note,
        reason,
        title=f"Publish the report on {inspection.force.name} ({inspection.programme.name})",
        about=inspection,
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
@staff_page
def publish_correction(request: HttpRequest, correction_pk: int) -> HttpResponse:
    """The lead inspector publishes an open correction as the next version. As for a first publication,
    refusals and blockers are answered at once and the rendering is queued (jobs.publish_correction,
    which calls publication.publish_correction: the version and the correction's closing in one
    transaction). The correction is found as its reader may see it; anyone else gets 404."""
    correction = (
        Correction.objects.restrict(request.user, "view")
        .select_related("inspection__force", "inspection__programme")
        .filter(pk=correction_pk)
        .first()
    )
    if correction is None:
        raise Http404("no such correction")
    inspection = correction.inspection
    change_note = request.POST.get("change_note", "")
    try:
        jobs.check_correction_publishable(request.user, correction, change_note)
    except NotAllowed as refusal:
        return forbidden(request, refusal.reason, inspection)
    except Blocked as refusal:
        return blocked(request, refusal.blockers, inspection)
    except Invalid as problem:
        return invalid(request, problem.errors, inspection)
    job = enqueue(
        request.user,
        "report.publish_correction",
        jobs.publish_correction,
        correction.pk,
        change_note,
        title=f"Publish the correction to the report on {inspection.force.name}",
        about=inspection,
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_http_methods(["GET", "POST"])
@staff_page
def render_programme(request: HttpRequest, code: str) -> HttpResponse:
    """Every report of a programme as one zip of PDFs: the drafts the user may see, or the published
    versions. The page offers the choice; posting it queues the job."""
    programme = get_object_or_404(Programme.objects.restrict(request.user, "view"), code=code)
    if request.method == "GET":
        return render(request, "reports/render_programme.html", {"programme": programme})
    which = request.POST.get("which", "")
    if which not in (jobs.DRAFTS, jobs.PUBLISHED):
        return invalid(request, {"which": "choose the drafts or the published reports"})
    label = "draft" if which == jobs.DRAFTS else "published"
    job = enqueue(
        request.user,
        "report.render_programme",
        jobs.render_programme,
        programme.pk,
        which,
        title=f"Render every {label} report of {programme.name}",
        about=programme,
    )
    return redirect("jobs:detail", job_id=job.pk)
