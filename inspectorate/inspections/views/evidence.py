"""The evidence register (with filters), recording and changing evidence, its verification, the
criteria it bears on, and its file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from ..filters import EvidenceFilter
from ..forms import EvidenceForm, FileForm, LinkCriteriaForm, VerificationForm
from ..models import Evidence, EvidenceFile, Inspection
from ..services import evidence as service
from ..services.errors import Conflict, Invalid
from ..services.evidence_use import uses_of
from . import context
from .common import (
    change_refusal,
    conflict,
    forbidden,
    inspection_for,
    is_htmx,
    may,
    posted_version,
    query_string,
    staff_page,
)


def _team(inspection: Inspection) -> list[Any]:
    return [inspection.lead, *inspection.inspectors.exclude(pk=inspection.lead_id).order_by("username")]


def _evidence_for(request: HttpRequest, inspection: Inspection, evidence_pk: int) -> Evidence:
    visible = Evidence.objects.restrict(request.user, "view").select_related("inspection__programme")
    return get_object_or_404(visible, pk=evidence_pk, inspection=inspection)


@staff_page
def evidence_register(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    page = context.page(request, inspection)
    register = EvidenceFilter(
        request.GET or None,
        Evidence.objects.restrict(request.user, "view")
        .filter(inspection=inspection)
        .select_related("inspection__programme", "collected_by", "file")
        .prefetch_related("criteria"),
        inspection=inspection,
        working=page["may_see_working"],
    )
    filters = register.chosen if request.GET else {}
    items = register.narrowed().order_by("reference")
    page.update(
        {
            "filter_form": register.form,
            "filters": filters,
            "items": items,
            "total": Evidence.objects.restrict(request.user, "view").filter(inspection=inspection).count(),
            "query": query_string(filters),
        }
    )
    template = (
        "inspections/partials/evidence_table.html" if is_htmx(request) else "inspections/evidence_list.html"
    )
    response = render(request, template, page)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_page
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    refusal = change_refusal(request.user, inspection)
    if refusal is not None:
        return forbidden(request, refusal, inspection)
    page = context.page(request, inspection)
    team = _team(inspection)
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        frameworks=page["scope"],
        team=team,
        initial={"collected_by": str(request.user.pk)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = service.add_evidence(
                request.user,
                inspection,
                reference=data["reference"],
                source_type=data["source_type"],
                title=data["title"],
                summary=data["summary"],
                collected_by=next((u for u in team if str(u.pk) == data["collected_by"]), None),
                collected_on=data["collected_on"],
                effective_date=data["effective_date"],
                outside_period_reason=data["outside_period_reason"],
                marking=data["marking"] or None,
                criteria=data["criteria"],
                frameworks=data["frameworks"],
                file=data.get("file"),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        else:
            messages.success(request, f"{item.reference} is recorded.")
            return redirect("inspections:evidence_detail", pk=inspection.pk, evidence_pk=item.pk)
    page["form"] = form
    return render(request, "inspections/evidence_form.html", page, status=400 if form.is_bound else 200)


@staff_page
def evidence_edit(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    item = _evidence_for(request, inspection, evidence_pk)
    refusal = change_refusal(request.user, item)
    if refusal is not None:
        return forbidden(request, refusal, inspection)
    page = context.page(request, inspection, item=item)
    team = _team(inspection)
    initial = {
        "title": item.title,
        "source_type": item.source_type,
        "summary": item.summary,
        "collected_by": str(item.collected_by_id),
        "collected_on": item.collected_on,
        "effective_date": item.effective_date,
        "outside_period_reason": item.outside_period_reason,
        "marking": item.marking,
        "frameworks": sorted(f.code for f in item.frameworks.all()),
    }
    form = EvidenceForm(
        request.POST or None, frameworks=page["scope"], team=team, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["frameworks"] = sorted(data["frameworks"])
        data["collected_by"] = next((u for u in team if str(u.pk) == data["collected_by"]), None)
        changes = {k: v for k, v in data.items() if v != initial.get(k) and k != "collected_by"}
        if data["collected_by"] is not None and data["collected_by"].pk != item.collected_by_id:
            changes["collected_by"] = data["collected_by"]
        try:
            if changes:
                service.update_evidence(
                    request.user, item, expected_version=posted_version(request), **changes
                )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        except Conflict as problem:
            return conflict(request, problem, inspection, back=request.path)
        else:
            messages.success(request, f"{item.reference} is changed." if changes else "Nothing was changed.")
            return redirect("inspections:evidence_detail", pk=inspection.pk, evidence_pk=item.pk)
    page["form"] = form
    return render(request, "inspections/evidence_form.html", page, status=400 if form.is_bound else 200)


def _detail(
    request: HttpRequest, inspection: Inspection, item: Evidence, status: int = 200, **forms: Any
) -> HttpResponse:
    page = context.page(request, inspection, item=item)
    others = Evidence.objects.restrict(request.user, "view").filter(inspection=inspection).exclude(pk=item.pk)
    linked = list(item.criteria.select_related("framework").order_by("framework__position", "position"))
    page.update(
        {
            "events": item.verification_events.select_related("by", "corroborating"),
            # Which criteria an item bears on is the team's working.
            "linked": linked if page["may_see_working"] else [],
            "bears_on": item.frameworks.order_by("position"),
            "attached": EvidenceFile.objects.filter(evidence=item).first(),
            "can_download": may(request.user, "download", item),
            "can_edit": may(request.user, "change", item) and not inspection.is_locked,
            "verification_form": forms.get("verification_form") or VerificationForm(others=others),
            "link_form": forms.get("link_form")
            or LinkCriteriaForm(frameworks=page["scope"], initial={"criteria": [c.code for c in linked]}),
            "file_form": forms.get("file_form") or FileForm(),
            # What rests on it is the team's working too.
            "uses": uses_of(request.user, item) if page["may_see_working"] else None,
        }
    )
    return render(request, "inspections/evidence_detail.html", page, status=status)


def _detail_url(item: Evidence) -> str:
    return reverse("inspections:evidence_detail", kwargs={"pk": item.inspection_id, "evidence_pk": item.pk})


@staff_page
def evidence_detail(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    return _detail(request, inspection, _evidence_for(request, inspection, evidence_pk))


@require_POST
@staff_page
def evidence_verification(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    item = _evidence_for(request, inspection, evidence_pk)
    others = Evidence.objects.restrict(request.user, "view").filter(inspection=inspection).exclude(pk=item.pk)
    form = VerificationForm(request.POST, others=others)
    if form.is_valid():
        move, note = form.cleaned_data["move"], form.cleaned_data["note"]
        seen = posted_version(request)
        other = others.filter(pk=form.cleaned_data["corroborating"]).first()
        try:
            if move == "verify":
                tested = form.cleaned_data["tested_in_practice"]
                service.verify_evidence(
                    request.user,
                    item,
                    note,
                    corroborating=other,
                    tested_in_practice=tested,
                    expected_version=seen,
                )
            elif move == "corroborate":
                service.corroborate_evidence(
                    request.user, item, corroborating=other, note=note, expected_version=seen
                )
            else:
                service.reset_verification(request.user, item, note, expected_version=seen)
        except Invalid as problem:
            form.add_service_errors(problem.errors, rename={"to_state": "move"})
        except Conflict as problem:
            return conflict(request, problem, inspection, back=_detail_url(item))
        else:
            messages.success(request, f"{item.reference}'s verification is recorded.")
            return redirect("inspections:evidence_detail", pk=inspection.pk, evidence_pk=item.pk)
    return _detail(request, inspection, item, status=400, verification_form=form)


@require_POST
@staff_page
def evidence_criteria(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    item = _evidence_for(request, inspection, evidence_pk)
    page = context.page(request, inspection)
    form = LinkCriteriaForm(request.POST, frameworks=page["scope"])
    if form.is_valid():
        chosen = set(form.cleaned_data["criteria"])
        current = set(item.criteria.values_list("code", flat=True))
        refusal = change_refusal(request.user, item) if chosen == current else None
        if refusal is not None:
            return forbidden(request, refusal, inspection)
        seen = posted_version(request)
        try:
            if chosen - current:
                item = service.link_criteria(
                    request.user, item, sorted(chosen - current), expected_version=seen
                )
                seen = None if seen is None else item.version
            if current - chosen:
                service.unlink_criteria(request.user, item, sorted(current - chosen), expected_version=seen)
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        except Conflict as problem:
            return conflict(request, problem, inspection, back=_detail_url(item))
        else:
            messages.success(request, f"{item.reference}'s criteria are saved.")
            return redirect("inspections:evidence_detail", pk=inspection.pk, evidence_pk=item.pk)
    return _detail(request, inspection, item, status=400, link_form=form)


@require_POST
@staff_page
def evidence_attach(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    item = _evidence_for(request, inspection, evidence_pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service.attach_file(
                request.user, item, form.cleaned_data["file"], expected_version=posted_version(request)
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        except Conflict as problem:
            return conflict(request, problem, inspection, back=_detail_url(item), resubmit=False)
        else:
            messages.success(request, f"The file is attached to {item.reference}.")
            return redirect("inspections:evidence_detail", pk=inspection.pk, evidence_pk=item.pk)
    return _detail(request, inspection, item, status=400, file_form=form)


@staff_page
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    inspection = inspection_for(request, pk)
    item = _evidence_for(request, inspection, evidence_pk)
    try:
        download = service.open_file(request.user, item)
    except Invalid as missing:
        raise Http404(missing.errors.get("file", "no file")) from None
    response = FileResponse(
        download.stream, as_attachment=True, filename=download.name, content_type=download.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
