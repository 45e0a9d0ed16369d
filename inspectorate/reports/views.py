"""The draft report of an inspection, for the people who may see that inspection: its team and
administrators, moderators from the drafting stage on, and the inspected force from the factual
accuracy check on (the rules are the inspection's own, see inspections/models/rules.py). Anyone else
gets 404, so the existence of a draft is not revealed. Published reports live under /published/."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection

from .builder import build_report
from .data import report_inputs
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
    if fmt != "html":
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
