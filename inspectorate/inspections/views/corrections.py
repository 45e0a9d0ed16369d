"""The pages of a correction after publication: the lead inspector's "Correct the report" form, the
open correction's status (what it unlocks, what stops it being published), and cancelling it.
Publishing it is the reports app's (reports/views.py `publish_correction`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..choices import Unlock
from ..forms.corrections import CancelCorrectionForm, CorrectionForm, PublishCorrectionForm
from ..models import Correction, Inspection
from ..services import corrections
from ..services.errors import Blocked, Invalid
from ..services.unlocking import open_correction_of
from . import context
from .common import forbidden, inspection_for, may, refusal, staff_page


def _correction_for(request: HttpRequest, inspection: Inspection, correction_pk: int) -> Correction:
    """The correction, if the user may read it (the team, moderators, administrators); else 404."""
    found = (
        Correction.objects.restrict(request.user, "view")
        .filter(inspection=inspection, pk=correction_pk)
        .select_related("opened_by", "closed_by")
        .first()
    )
    if found is None:
        raise Http404("no such correction")
    return found


def _form_page(
    request: HttpRequest, inspection: Inspection, form: CorrectionForm, status: int
) -> HttpResponse:
    form.set_unlocks(corrections.unlock_choices(inspection))
    page = context.page(request, inspection, form=form)
    return render(request, "inspections/correction_new.html", page, status=status)


@staff_page
def correction_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    why_not = refusal(request.user, "correct", inspection)
    if why_not is not None:
        return forbidden(request, why_not, inspection)
    if not inspection.is_published:
        return forbidden(
            request, "only a published report is corrected; before publication the team changes it"
        )
    current = open_correction_of(inspection)
    if current is not None:
        messages.info(request, "A correction is already open: publish it or cancel it first.")
        return redirect("inspections:correction", pk=inspection.pk, correction_pk=current.pk)
    if request.method != "POST":
        return _form_page(request, inspection, CorrectionForm(), 200)
    form = CorrectionForm(request.POST)
    form.set_unlocks(corrections.unlock_choices(inspection))
    if not form.is_valid():
        return _form_page(request, inspection, form, 400)
    try:
        opened = corrections.open_correction(
            request.user, inspection, form.cleaned_data["reason"], form.cleaned_data["unlocks"]
        )
    except Invalid as problem:
        form.add_service_errors(problem.errors)
        return _form_page(request, inspection, form, 400)
    except Blocked as refused:
        form.add_error(None, "; ".join(refused.blockers))
        return _form_page(request, inspection, form, 409)
    messages.success(request, f"The report is open for correction: {opened.summary()}.")
    return redirect("inspections:correction", pk=inspection.pk, correction_pk=opened.pk)


def _links(inspection: Inspection, correction: Correction) -> list[tuple[str, str]]:
    """Each unlocked item with the page where it is changed."""
    found = []
    for item in correction.items.select_related("framework", "group", "finding"):
        url = ""
        if item.kind in (Unlock.JUDGEMENTS, Unlock.CONDITIONS) and item.framework:
            url = reverse("inspections:judgements", args=[inspection.pk, item.framework.code])
        elif item.kind == Unlock.GRADE and item.framework:
            url = reverse("inspections:grade", args=[inspection.pk, item.framework.code])
        elif item.kind == Unlock.FINDINGS and item.framework:
            url = reverse("inspections:findings", args=[inspection.pk, item.framework.code])
        elif item.kind == Unlock.FINDINGS and item.group:
            url = reverse("inspections:group_findings", args=[inspection.pk, item.group.code])
        elif item.kind == Unlock.FINDING and item.finding:
            url = reverse("inspections:finding_edit", args=[inspection.pk, item.finding.pk])
        elif item.kind == Unlock.PRACTICE:
            url = reverse("practice:selection", args=[inspection.pk])
        found.append((item.label, url))
    return found


def _detail(
    request: HttpRequest,
    inspection: Inspection,
    correction: Correction,
    status: int = 200,
    **forms: object,
) -> HttpResponse:
    blockers: list[str] = []
    if correction.is_open:
        # The reports app adds what publication itself needs (the practice count) when it publishes.
        blockers = corrections.correction_blockers(correction)
    page = context.page(
        request,
        inspection,
        correction=correction,
        unlocked=_links(inspection, correction),
        correction_blockers=blockers,
        may_cancel=correction.is_open and may(request.user, "correct", inspection),
        may_publish=correction.is_open and may(request.user, "publish", inspection),
        cancel_form=forms.get("cancel_form") or CancelCorrectionForm(),
        publish_form=forms.get("publish_form")
        or PublishCorrectionForm(initial={"change_note": correction.reason}),
    )
    return render(request, "inspections/correction.html", page, status=status)


@staff_page
def correction_detail(request: HttpRequest, pk: int, correction_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    return _detail(request, inspection, _correction_for(request, inspection, correction_pk))


@require_POST
@staff_page
def correction_cancel(request: HttpRequest, pk: int, correction_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    correction = _correction_for(request, inspection, correction_pk)
    form = CancelCorrectionForm(request.POST)
    form.is_valid()
    try:
        corrections.cancel_correction(request.user, correction, request.POST.get("note", ""))
    except Invalid as problem:
        form.add_service_errors(problem.errors)
        return _detail(request, inspection, correction, 400, cancel_form=form)
    messages.success(request, "The correction is cancelled; the report stays as published.")
    return redirect("inspections:detail", pk=inspection.pk)
