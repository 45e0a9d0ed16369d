"""The inspected force's self-assessment page: what its force has submitted to the inspection, and
the form to submit more during fieldwork, with the files it attached.

A liaison officer does not see the inspection itself before the factual accuracy check, so this page
finds the inspection by its own action ("view_self_assessment") and shows only what the force
submitted: never the team's evidence, its verification or the criteria the team linked."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from ..forms.self_assessment import SelfAssessmentForm
from ..models import Inspection
from ..services import evidence as evidence_service
from ..services.errors import Invalid
from ..services.self_assessment import submissions, submit_self_assessment
from . import context
from .common import forbidden, may, refusal, staff_page


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    """The inspection if the user may read its self-assessment; otherwise 404."""
    visible = Inspection.objects.restrict(request.user, "view_self_assessment")
    return get_object_or_404(visible.select_related("force", "programme", "lead"), pk=pk)


@staff_page
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    cannot_submit = refusal(request.user, "add_self_assessment", inspection)
    if request.method == "POST" and cannot_submit is not None:
        return forbidden(request, cannot_submit)
    frameworks = context.scope(inspection)
    form = SelfAssessmentForm(request.POST or None, request.FILES or None, frameworks=frameworks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            items = submit_self_assessment(
                request.user,
                inspection,
                title=data["title"],
                summary=data["summary"],
                effective_date=data["effective_date"],
                frameworks=data["frameworks"],
                marking=data["marking"] or None,
                files=data["attachments"],
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors, rename={"files": "attachments"})
        else:
            references = ", ".join(item.reference for item in items)
            messages.success(request, f"Submitted to the inspection team as {references}.")
            return redirect("inspections:self_assessment", pk=inspection.pk)
    page = {
        "inspection": inspection,
        "scope": frameworks,
        "items": submissions(request.user, inspection),
        "form": form,
        "can_submit": cannot_submit is None,
        "why_not": cannot_submit,
        "may_view_inspection": may(request.user, "view", inspection),
        "is_team": may(request.user, "change", inspection),
    }
    return render(request, "inspections/self_assessment.html", page, status=400 if form.is_bound else 200)


@staff_page
def self_assessment_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    inspection = _inspection(request, pk)
    item = get_object_or_404(submissions(request.user, inspection), pk=evidence_pk)
    try:
        download = evidence_service.open_file(request.user, item)
    except Invalid as missing:
        raise Http404(missing.errors.get("file", "no file")) from None
    response = FileResponse(
        download.stream, as_attachment=True, filename=download.name, content_type=download.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
