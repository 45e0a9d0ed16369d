"""The list of inspections, an inspection's overview with its workflow, planning one, and moving it on."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import permits

from ..choices import STAGE_ORDER, Stage
from ..forms import MoveForm, SendBackForm
from ..forms.planning import InspectionForm
from ..models import Correction, GradeAward, Inspection
from ..services import workflow
from ..services.errors import Blocked, Invalid
from ..services.inspections import create_inspection
from . import context
from .common import blocked, forbidden, inspection_for, may, staff_page


@staff_page
def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = (
        Inspection.objects.restrict(request.user, "view")
        .select_related("force", "programme", "lead")
        .order_by("stage", "force__name")
    )
    by_stage = {stage: [] for stage in STAGE_ORDER}  # type: dict[str, list[Inspection]]
    for inspection in inspections:
        by_stage[inspection.stage].append(inspection)
    ordered = [i for stage in STAGE_ORDER for i in by_stage[stage]]
    page = {
        "inspections": ordered,
        "can_plan": bool(permits(Inspection, request.user, "add")),
        "can_approve": bool(permits(GradeAward, request.user, "approve")),
    }
    return render(request, "inspections/list.html", page)


def _stages(inspection: Inspection) -> list[dict[str, object]]:
    current = inspection.stage_index
    return [
        {
            "value": value,
            "label": Stage(value).label,
            "status": "done" if i < current else ("current" if i == current else "todo"),
            "number": i + 1,
        }
        for i, value in enumerate(STAGE_ORDER)
    ]


def _detail_context(request: HttpRequest, inspection: Inspection, **extra: object) -> dict[str, object]:
    page = context.page(request, inspection)
    index = inspection.stage_index
    next_stage = STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None
    previous_stage = STAGE_ORDER[index - 1] if index > 0 else None
    blockers: list[str] = []
    if next_stage is not None and page["is_team"]:
        blockers = list(workflow.blockers(inspection, next_stage))
    awards = context.current_awards(request.user, inspection)
    page.update(
        {
            "stages": _stages(inspection),
            "next_stage": next_stage,
            "next_label": Stage(next_stage).label if next_stage else "",
            "previous_stage": previous_stage,
            "previous_label": Stage(previous_stage).label if previous_stage else "",
            "blockers": blockers,
            "rows": [(fw, awards.get(fw.pk)) for fw in page["scope"]],
            "inspectors": list(inspection.inspectors.order_by("last_name", "username")),
            "move_form": MoveForm(initial={"to_stage": next_stage}),
            "send_back_form": SendBackForm(),
            "can_send_back": page["is_lead"] and previous_stage is not None and not inspection.is_published,
            **_corrections(request, inspection),
        }
    )
    page.update(extra)
    return page


def _corrections(request: HttpRequest, inspection: Inspection) -> dict[str, object]:
    """The corrections after publication the user may read, and whether they may open one."""
    if not inspection.is_published:
        return {}
    readable = list(Correction.objects.restrict(request.user, "view").filter(inspection=inspection))
    is_open = next((c for c in readable if c.is_open), None)
    return {
        "corrections": readable,
        "open_correction": is_open,
        "may_correct": is_open is None and may(request.user, "correct", inspection),
    }


@staff_page
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    return render(request, "inspections/detail.html", _detail_context(request, inspection))


@require_POST
@staff_page
def inspection_move(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to_stage"] not in STAGE_ORDER:
        return forbidden(request, "choose the stage to move to", inspection)
    to_stage = form.cleaned_data["to_stage"]
    try:
        workflow.move(request.user, inspection, to_stage, form.cleaned_data["note"])
    except Blocked as refusal:
        page = _detail_context(request, inspection, blockers=refusal.blockers, move_refused=True)
        return render(request, "inspections/detail.html", page, status=409)
    messages.success(request, f"The inspection moved to {Stage(to_stage).label.lower()}.")
    return redirect("inspections:detail", pk=inspection.pk)


@require_POST
@staff_page
def inspection_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    index = inspection.stage_index
    if index == 0:
        return forbidden(request, "a planned inspection has no earlier stage to go back to", inspection)
    to_stage = STAGE_ORDER[index - 1]
    form = SendBackForm(request.POST)
    form.is_valid()
    # The service says who may send an inspection back and that it needs a reason, so it sees every post.
    try:
        workflow.move(request.user, inspection, to_stage, request.POST.get("note", ""))
    except Invalid as problem:
        form.add_service_errors(problem.errors)
    except Blocked as refusal:
        return blocked(request, refusal.blockers, inspection)
    else:
        messages.success(request, f"The inspection went back to {Stage(to_stage).label.lower()}.")
        return redirect("inspections:detail", pk=inspection.pk)
    page = _detail_context(request, inspection, send_back_form=form)
    return render(request, "inspections/detail.html", page, status=400)


@staff_page
def inspection_new(request: HttpRequest) -> HttpResponse:
    may = permits(Inspection, request.user, "add")
    if not may:
        return forbidden(request, may.reason)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = create_inspection(request.user, **form.service_kwargs())
        except Invalid as refusal:
            form.add_service_errors(refusal.errors)
        else:
            messages.success(request, "The inspection is planned.")
            return redirect("inspections:detail", pk=inspection.pk)
    status = 400 if form.is_bound else 200
    return render(request, "inspections/new.html", {"form": form}, status=status)
