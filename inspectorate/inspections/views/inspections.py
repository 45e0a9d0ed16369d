"""The list of inspections, an inspection's overview with its workflow, planning one, and moving it on."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import permits

from ..choices import STAGE_ORDER, Stage
from ..filters import InspectionFilter
from ..forms import MoveForm, SendBackForm
from ..forms.planning import InspectionForm
from ..models import Correction, GradeAward, Inspection
from ..services import workflow
from ..services.errors import Blocked, Invalid
from ..services.inspections import create_inspection
from . import context
from .common import blocked, forbidden, inspection_for, may, query_string, staff_page

PER_PAGE = 25


@staff_page
def inspection_list(request: HttpRequest) -> HttpResponse:
    """The inspections the user may see, in workflow order, filtered and a page at a time; the filters
    stay in every page link."""
    visible = Inspection.objects.restrict(request.user, "view")
    listing = InspectionFilter(request.GET or None, visible, user=request.user)
    filters = listing.chosen if request.GET else {}
    in_order = Case(*(When(stage=stage, then=i) for i, stage in enumerate(STAGE_ORDER)))
    inspections = (
        listing.qs.select_related("force", "programme", "lead")
        .annotate(stage_position=in_order)
        .order_by("stage_position", "force__name", "-created_at", "pk")
    )
    pages = Paginator(inspections, PER_PAGE)
    current = pages.get_page(request.GET.get("page"))
    page = {
        "page_obj": current,
        "inspections": current.object_list,
        "total": pages.count,
        "filter_form": listing.form,
        "filters": filters,
        "query": query_string(filters),
        "page_links": _page_links(current, filters),
        "previous_href": query_string({**filters, "page": str(current.previous_page_number())})
        if current.has_previous()
        else "",
        "next_href": query_string({**filters, "page": str(current.next_page_number())})
        if current.has_next()
        else "",
        "can_plan": bool(permits(Inspection, request.user, "add")),
        "can_approve": bool(permits(GradeAward, request.user, "approve")),
    }
    return render(request, "inspections/list.html", page)


def _page_links(current: Page, filters: dict[str, str]) -> list[dict[str, object]]:
    """The GOV.UK pagination items: each page number (with gaps as ellipses), linked with the filters."""
    links: list[dict[str, object]] = []
    for number in current.paginator.get_elided_page_range(current.number, on_each_side=2, on_ends=1):
        if number == current.paginator.ELLIPSIS:
            links.append({"ellipsis": True})
        else:
            links.append(
                {
                    "number": number,
                    "href": query_string({**filters, "page": str(number)}),
                    "current": number == current.number,
                }
            )
    return links


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
            "can_plan": may(request.user, "plan", inspection) and not inspection.is_published,
            "can_see_self_assessment": may(request.user, "view_self_assessment", inspection),
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
