"""Changing an inspection's team, fieldwork dates and force context. The team and the dates are the
lead inspector's ("plan"), the force context the team's ("change"); the services decide again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..forms.settings import ContextForm, DatesForm, TeamForm
from ..models import Inspection
from ..services import inspections as service
from ..services.errors import Invalid
from . import context
from .common import forbidden, inspection_for, refusal, staff_page


def _page(
    request: HttpRequest, inspection: Inspection, form: Any, template: str, status: int = 200
) -> HttpResponse:
    page = context.page(request, inspection, form=form)
    return render(request, f"inspections/settings/{template}.html", page, status=status)


def _done(request: HttpRequest, inspection: Inspection, what: str, changed: bool = True) -> HttpResponse:
    if changed:
        messages.success(request, f"The {what} {'are' if what.endswith('s') else 'is'} saved.")
    else:
        messages.info(request, "Nothing was changed.")
    return redirect("inspections:detail", pk=inspection.pk)


def _texts(given: dict[str, str]) -> dict[str, str]:
    """Texts as the service keeps them: trimmed, and an empty one is no text at all."""
    return {key: text.strip() for key, text in given.items() if text.strip()}


@staff_page
def inspection_team(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    refused = refusal(request.user, "plan", inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    current = set(inspection.inspectors.all())
    initial = {"lead": inspection.lead_id, "inspectors": list(current)}
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        if chosen["lead"].pk == inspection.lead_id and set(chosen["inspectors"]) == current:
            return _done(request, inspection, "team", changed=False)
        try:
            service.update_team(
                request.user,
                inspection,
                lead=form.cleaned_data["lead"],
                inspectors=list(form.cleaned_data["inspectors"]),
            )
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        else:
            return _done(request, inspection, "team")
    return _page(request, inspection, form, "team", 400 if form.is_bound else 200)


@staff_page
def inspection_dates(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    refused = refusal(request.user, "plan", inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    initial = {"fieldwork_starts": inspection.fieldwork_starts, "fieldwork_ends": inspection.fieldwork_ends}
    form = DatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data == initial:
            return _done(request, inspection, "fieldwork dates", changed=False)
        try:
            service.update_dates(request.user, inspection, **form.cleaned_data)
        except Invalid as problem:
            form.add_service_errors(problem.errors)
        else:
            return _done(request, inspection, "fieldwork dates")
    return _page(request, inspection, form, "dates", 400 if form.is_bound else 200)


@staff_page
def inspection_context(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    refused = refusal(request.user, "change", inspection)
    if refused is not None:
        return forbidden(request, refused, inspection)
    initial = ContextForm.initial_from(inspection.context, inspection.framework_context)
    form = ContextForm(request.POST or None, initial=initial, frameworks=context.scope(inspection))
    if request.method == "POST" and form.is_valid():
        given = form.service_kwargs()
        scope = set(given["framework_context"])
        kept = {code: text for code, text in inspection.framework_context.items() if code in scope}
        if _texts(given["context"]) == _texts(inspection.context) and _texts(given["framework_context"]) == (
            _texts(kept)
        ):
            return _done(request, inspection, "force context", changed=False)
        try:
            service.set_context(request.user, inspection, **given)
        except Invalid as problem:
            form.add_service_errors(form.service_errors(problem.errors))
        else:
            return _done(request, inspection, "force context")
    return _page(request, inspection, form, "context", 400 if form.is_bound else 200)
