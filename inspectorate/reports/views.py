"""The draft report of an inspection, for the people who may see that inspection: its team and
administrators, moderators from the drafting stage on, and the inspected force from the factual
accuracy check on (the rules are the inspection's own, see inspections/models/rules.py). Anyone else
gets 404, so the existence of a draft is not revealed. Published reports live under /published/."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Correction, Inspection
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.inspections.views.common import blocked, forbidden, inspection_for, invalid, staff_page

from . import publication
from .builder import build_report
from .data import report_inputs
from .documents import as_document
from .published_data import latest_path
from .render import MEDIA_TYPES, render


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
    response = HttpResponse(render(report, fmt), content_type=MEDIA_TYPES[fmt])
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
    """The lead inspector publishes from the factual accuracy check: the report is frozen as version 1
    and the inspection becomes published in the same transaction (see publication.publish)."""
    inspection = inspection_for(request, inspection_id)
    try:
        published = publication.publish(
            request.user,
            inspection,
            note=request.POST.get("note", ""),
            confirm_few_practice_reason=request.POST.get("few_practice_reason", "") or None,
        )
    except NotAllowed as refusal:
        return forbidden(request, refusal.reason, inspection)
    except Blocked as refusal:
        return blocked(request, refusal.blockers, inspection)
    messages.success(request, f"Published: {published.title}, version {published.version}.")
    return redirect(latest_path(published))


@require_POST
@staff_page
def publish_correction(request: HttpRequest, correction_pk: int) -> HttpResponse:
    """The lead inspector publishes an open correction as the next version (publication.publish_correction:
    the version and the correction's closing in one transaction). The correction is found as its reader
    may see it; anyone else gets 404."""
    correction = (
        Correction.objects.restrict(request.user, "view")
        .select_related("inspection__force", "inspection__programme")
        .filter(pk=correction_pk)
        .first()
    )
    if correction is None:
        raise Http404("no such correction")
    inspection = correction.inspection
    try:
        published = publication.publish_correction(
            request.user, correction, request.POST.get("change_note", "")
        )
    except NotAllowed as refusal:
        return forbidden(request, refusal.reason, inspection)
    except Blocked as refusal:
        return blocked(request, refusal.blockers, inspection)
    except Invalid as problem:
        return invalid(request, problem.errors, inspection)
    messages.success(request, f"Published the correction: {published.title}, version {published.version}.")
    return redirect(latest_path(published))
