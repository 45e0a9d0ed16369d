"""Developing-practice pages: a force's submissions and the submission form, one example with its
adoptions, and the inspection team's selection page. Pages only call the services; a service's
refusal becomes 403 with its reason, bad input is shown on the form (400)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import permits
from inspectorate.inspections.choices import Unlock
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.inspections.services.unlocking import changeable

from . import services
from .forms import AdoptionForm, DecisionForm, SubmissionForm
from .models import Adoption, PracticeExample, Status

View = Callable[..., HttpResponse]


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "practice/refused.html", {"reason": reason}, status=403)


def signed_in_page(view: View) -> View:
    """A page for signed-in users whose service refusals become 403 pages with the reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as refusal:
            return _refused(request, refusal.reason)

    return login_required(wrapper)


def _own_force(user: Any) -> Any:
    """The force the user works for (only force liaison officers belong to one), or None."""
    return getattr(user, "force", None) if user.is_authenticated else None


def _example_for(request: HttpRequest, pk: int) -> PracticeExample:
    visible = PracticeExample.objects.restrict(request.user, "view").select_related(
        "force", "programme", "framework", "selected_for"
    )
    return get_object_or_404(visible, pk=pk)


@signed_in_page
def example_list(request: HttpRequest) -> HttpResponse:
    examples = (
        PracticeExample.objects.restrict(request.user, "view")
        .select_related("force", "framework", "programme", "selected_for")
        .order_by("force__name", "framework__position", "-submitted_at")
    )
    return render(
        request,
        "practice/list.html",
        {
            "examples": examples,
            "can_submit": bool(permits(PracticeExample, request.user, "add")),
            "force": _own_force(request.user),
        },
    )


@signed_in_page
def submit(request: HttpRequest) -> HttpResponse:
    may = permits(PracticeExample, request.user, "add")
    if not may:
        return _refused(request, may.reason)
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            example = services.submit(request.user, **form.service_kwargs())
        except Invalid as refusal:
            form.add_service_errors(refusal.errors)
        else:
            messages.success(request, "Your example has been submitted to the inspectorate.")
            return redirect("practice:detail", pk=example.pk)
    status = 400 if form.is_bound else 200
    return render(request, "practice/submit.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest, example: PracticeExample, form: AdoptionForm | None, status: int
) -> HttpResponse:
    may_adopt = PracticeExample.objects.decide(request.user, "adopt", example)
    if may_adopt and form is None:
        form = AdoptionForm(own_force=_own_force(request.user))
    context = {
        "example": example,
        "adoptions": Adoption.objects.restrict(request.user, "view")
        .filter(example=example)
        .select_related("adopting_force")
        .order_by("adopted_on", "id"),
        "form": form if may_adopt else None,
    }
    return render(request, "practice/detail.html", context, status=status)


def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Public: an example printed in a published report can be read by anyone.
    return _detail(request, _example_for(request, pk), None, 200)


@require_POST
@signed_in_page
def record_adoption(request: HttpRequest, pk: int) -> HttpResponse:
    example = _example_for(request, pk)
    may = PracticeExample.objects.decide(request.user, "adopt", example)
    if not may:
        return _refused(request, may.reason)
    form = AdoptionForm(request.POST, own_force=_own_force(request.user))
    if form.is_valid():
        try:
            services.record_adoption(request.user, example, **form.cleaned_data)
        except Invalid as refusal:
            form.add_service_errors(refusal.errors)
        else:
            messages.success(request, "The adoption has been recorded.")
            return redirect("practice:detail", pk=example.pk)
    return _detail(request, example, form, 400)


def _team_inspection(request: HttpRequest, pk: int) -> Inspection:
    visible = Inspection.objects.restrict(request.user, "view").select_related("force", "programme")
    inspection = get_object_or_404(visible, pk=pk)
    may = Inspection.objects.decide(request.user, "change", inspection)
    if not may:
        raise NotAllowed(may.reason)
    return inspection


def _selection(
    request: HttpRequest, inspection: Inspection, forms: dict[int, DecisionForm], status: int
) -> HttpResponse:
    examples = (
        PracticeExample.objects.restrict(request.user, "view")
        .filter(force=inspection.force, programme=inspection.programme)
        .select_related("framework", "selected_for")
        .order_by("framework__position", "title", "id")
    )
    rows = [(e, forms.get(e.pk) or DecisionForm(prefix=f"e{e.pk}")) for e in examples]
    selected = sum(1 for e in examples if e.status == Status.SELECTED and e.selected_for_id == inspection.pk)
    scope = set(inspection.frameworks.values_list("pk", flat=True))
    context = {
        "inspection": inspection,
        "rows": rows,
        "selected": selected,
        "scope": scope,
        "frozen": not changeable(inspection, Unlock.PRACTICE),
    }
    return render(request, "practice/selection.html", context, status=status)


@signed_in_page
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    return _selection(request, _team_inspection(request, pk), {}, 200)


@require_POST
@signed_in_page
def decide(request: HttpRequest, pk: int, example_pk: int) -> HttpResponse:
    inspection = _team_inspection(request, pk)
    example = get_object_or_404(
        PracticeExample.objects.restrict(request.user, "view").filter(
            force=inspection.force, programme=inspection.programme
        ),
        pk=example_pk,
    )
    form = DecisionForm(request.POST, prefix=f"e{example.pk}")
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == "select":
                services.select(request.user, example, inspection, reason)
            else:
                services.decline(request.user, example, inspection, reason)
        except Invalid as refusal:
            form.add_service_errors({k if k == "reason" else "__all__": v for k, v in refusal.errors.items()})
        else:
            messages.success(request, f"Your decision on {example.title!r} has been recorded.")
            return redirect("practice:selection", pk=inspection.pk)
    return _selection(request, inspection, {example.pk: form}, 400)
