"""Planning pages: the risk register with its heat map, plans (pins, solve, approve), tracked areas for
improvement, assessments and engagement. Pages only call the services; a refusal is 403 with its
reason, bad input 400 with the fields."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import rule_for
from inspectorate.accounts.models import User
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.jobs.services import enqueue

from . import jobs, services, tracking
from .heatmap import heatmap_svg
from .models import ActionStatus, AssessmentKind, Engagement, Level, Plan, RiskAssessment, TrackedAction

View = Callable[..., HttpResponse]


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "planning/refused.html", {"reason": reason}, status=403)


def _invalid(request: HttpRequest, errors: dict[str, str]) -> HttpResponse:
    return render(request, "planning/invalid.html", {"errors": errors}, status=400)


def page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as refusal:
            return _refused(request, refusal.reason)
        except Invalid as bad:
            return _invalid(request, bad.errors)

    return login_required(wrapper)


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError as exc:
        raise Invalid({"as_of": f"{value!r} is not a date YYYY-MM-DD"}) from exc


@page
def register(request: HttpRequest) -> HttpResponse:
    programme = services.latest_programme()
    if programme is None:
        raise Invalid({"programme": "no methodology pack is loaded (inspectorate load-pack packs/hmic-2007)"})
    as_of = _date(request.GET.get("as_of"), datetime.date.today())
    reg = services.build_register(request.user, programme, as_of)
    forces = sorted(reg.force_names)
    rows = [
        (code, reg.force_names[code], [reg.cell(code, fw) for fw in reg.framework_codes]) for code in forces
    ]
    svg = heatmap_svg(
        [reg.force_names[c] for c in forces],
        reg.framework_codes,
        [[round(s.value, 3) for s in cells] for _c, _n, cells in rows],
        f"Risk scores per force and framework on {as_of.isoformat()}",
    )
    chosen = request.GET.get("cell", "")
    explained = None
    if "|" in chosen:
        force_code, framework_code = chosen.split("|", 1)
        if force_code in reg.force_names and framework_code in reg.framework_codes:
            explained = reg.cell(force_code, framework_code)
    return render(
        request,
        "planning/register.html",
        {
            "reg": reg,
            "rows": rows,
            "svg": svg,
            "explained": explained,
            "scan": reg.proposed_for_scan(),
            "plans": Plan.objects.restrict(request.user, "view"),
            "can_add_plan": rule_for(Plan, request.user, "add").everything,
        },
    )


@page
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.restrict(request.user, "view"), code=code)
    forces = Force.objects.order_by("name")
    result = plan.result or {}
    names = result.get("force_names", {})
    named = [
        [{**item, "force_name": names.get(item["force"], item["force"])} for item in result.get(key, [])]
        for key in ("chosen", "left_out")
    ]
    return render(
        request,
        "planning/plan.html",
        {
            "plan": plan,
            "result": plan.result,
            "chosen": named[0],
            "left_out": named[1],
            "pins": plan.pins.select_related("force", "by"),
            "forces": forces,
            "frameworks": plan.programme.frameworks.order_by("position"),
            "can_pin": services.decide(Plan, request.user, "pin", plan).allowed,
            "can_approve": services.decide(Plan, request.user, "approve", plan).allowed,
            "quarters": range(1, plan.quarters + 1),
        },
    )


@require_POST
@page
def plan_new(request: HttpRequest) -> HttpResponse:
    programme = services.latest_programme()
    if programme is None:
        raise Invalid({"programme": "no methodology pack is loaded"})
    try:
        capacity = int(request.POST.get("capacity", ""))
    except ValueError as exc:
        raise Invalid({"capacity": "give the inspector-days per quarter as a whole number"}) from exc
    plan = services.create_plan(
        request.user,
        code=request.POST.get("code", "").strip(),
        name=request.POST.get("name", "").strip(),
        programme=programme,
        starts_on=_date(request.POST.get("starts_on"), datetime.date.today()),
        capacity=capacity,
        mandatory=request.POST.get("mandatory", "").split(","),
    )
    return redirect("planning:plan", code=plan.code)


@require_POST
@page
def plan_solve(request: HttpRequest, code: str) -> HttpResponse:
    """Queues the solve (jobs.solve_plan); a refusal is answered at once, the rest on the job's page."""
    plan = get_object_or_404(Plan.objects.restrict(request.user, "view"), code=code)
    services.require_solvable(request.user, plan)
    job = enqueue(
        request.user, "planning.solve", jobs.solve_plan, plan.pk, title=f"Solve {plan.name}", about=plan
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
@page
def plan_pin(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.restrict(request.user, "view"), code=code)
    force = Force.objects.filter(code=request.POST.get("force", "")).first()
    if force is None:
        raise Invalid({"force": "choose a force"})
    quarter = request.POST.get("quarter") or None
    services.pin(
        request.user,
        plan,
        force=force,
        framework_code=request.POST.get("framework", ""),
        pinned_in=request.POST.get("direction") == "in",
        reason=request.POST.get("reason", ""),
        quarter=int(quarter) if quarter and quarter.isdigit() else None,
    )
    return redirect("planning:plan", code=plan.code)


@require_POST
@page
def plan_unpin(request: HttpRequest, code: str, pin_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.restrict(request.user, "view"), code=code)
    services.unpin(request.user, plan, pin_id)
    return redirect("planning:plan", code=plan.code)


@require_POST
@page
def plan_approve(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.restrict(request.user, "view"), code=code)
    lead = (
        User.objects.filter(username=request.POST.get("lead", "")).first()
        if request.POST.get("lead")
        else None
    )
    created = services.approve_plan(request.user, plan, lead=lead)
    messages.success(request, f"Approved: {len(created)} inspections created at the planned stage.")
    return redirect("planning:plan", code=plan.code)


@page
def actions(request: HttpRequest) -> HttpResponse:
    visible = TrackedAction.objects.restrict(request.user, "view").select_related("force", "finding")
    force = request.GET.get("force")
    if force:
        visible = visible.filter(force__code=force)
    return render(request, "planning/actions.html", {"actions": visible, "force": force})


@page
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        TrackedAction.objects.restrict(request.user, "view").select_related("force", "finding", "agreed_by"),
        pk=pk,
    )
    return render(
        request,
        "planning/action.html",
        {
            "action": action,
            "updates": action.updates.select_related("author"),
            "can_update": services.decide(TrackedAction, request.user, "post_update", action).allowed,
            "can_change": services.decide(TrackedAction, request.user, "change", action).allowed,
            "statuses": ActionStatus.choices,
        },
    )


@require_POST
@page
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(TrackedAction.objects.restrict(request.user, "view"), pk=pk)
    tracking.post_update(request.user, action, request.POST.get("text", ""))
    return redirect("planning:action", pk=action.pk)


@require_POST
@page
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(TrackedAction.objects.restrict(request.user, "view"), pk=pk)
    later = None
    if request.POST.get("superseded_by", "").isdigit():
        later = (
            Inspection.objects.restrict(request.user, "view")
            .filter(pk=int(request.POST["superseded_by"]))
            .first()
        )
    tracking.set_status(
        request.user,
        action,
        status=request.POST.get("status", ""),
        note=request.POST.get("note", ""),
        evidence=request.POST.get("evidence", ""),
        superseded_by=later,
    )
    return redirect("planning:action", pk=action.pk)


@page
def assessments(request: HttpRequest) -> HttpResponse:
    rows = RiskAssessment.objects.restrict(request.user, "view").select_related("force")
    if not rule_for(RiskAssessment, request.user, "view").everything:
        raise NotAllowed(rule_for(RiskAssessment, request.user, "view").reason)
    return render(
        request,
        "planning/assessments.html",
        {
            "assessments": rows,
            "forces": Force.objects.order_by("name"),
            "kinds": AssessmentKind.choices,
            "levels": Level.choices,
            "can_add": rule_for(RiskAssessment, request.user, "add").everything,
        },
    )


@require_POST
@page
def assessment_new(request: HttpRequest) -> HttpResponse:
    force = Force.objects.filter(code=request.POST.get("force", "")).first()
    if force is None:
        raise Invalid({"force": "choose a force"})
    services.record_assessment(
        request.user,
        force=force,
        kind=request.POST.get("kind", ""),
        level=request.POST.get("level", ""),
        assessed_on=_date(request.POST.get("assessed_on"), datetime.date.today()),
        evidence=request.POST.get("evidence", ""),
    )
    return redirect("planning:assessments")


@require_POST
@page
def engagement_set(request: HttpRequest, code: str) -> HttpResponse:
    force = get_object_or_404(Force, code=code)
    services.set_engagement(
        request.user,
        force=force,
        status=request.POST.get("status", ""),
        reason=request.POST.get("reason", ""),
    )
    return redirect("forces:detail", code=force.code)


ENGAGEMENT_CHOICES = Engagement.choices
