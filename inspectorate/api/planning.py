"""The planning API: the risk register, plans (solve, pin, approve) and tracked areas for improvement.
Thin: every operation calls a planning service; refusals are 403 with the reason, bad input 422."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from inspectorate.accounts.models import User
from inspectorate.forces.models import Force
from inspectorate.inspections.services.errors import Invalid
from inspectorate.planning import services, tracking
from inspectorate.planning.models import Plan, TrackedAction

from .auth import caller
from .inspection_support import REFUSALS, answers_refusals

router = Router(tags=["planning"])


class PinIn(Schema):
    force: str
    framework: str
    pinned_in: bool
    reason: str
    quarter: int | None = None


class ApproveIn(Schema):
    lead: str | None = None  # username of the lead inspector of the new inspections; default: the caller


class UpdateIn(Schema):
    text: str


@router.get("/register", response={200: dict[str, Any], **REFUSALS}, summary="Risk scores with their working")
@answers_refusals
def planning_register(request: HttpRequest, as_of: datetime.date | None = None) -> Any:
    programme = services.latest_programme()
    if programme is None:
        raise Invalid({"programme": "no methodology pack is loaded"})
    reg = services.build_register(caller(request), programme, as_of or datetime.date.today())
    return {
        "as_of": reg.as_of.isoformat(),
        "model": reg.model.label,
        "missing": reg.missing,
        "proposed_for_scan": sorted(reg.proposed_for_scan()),
        "scores": [s.to_dict() for s in reg.scores],
    }


@router.get("/plans", response={200: list[dict[str, Any]], **REFUSALS}, summary="Plans the caller may see")
@answers_refusals
def planning_plans(request: HttpRequest) -> Any:
    return [
        {"code": p.code, "name": p.name, "status": p.status, "capacity": p.capacity, "quarters": p.quarters}
        for p in Plan.objects.restrict(caller(request), "view")
    ]


def _plan(request: HttpRequest, code: str) -> Plan:
    return get_object_or_404(Plan.objects.restrict(caller(request), "view"), code=code)


@router.get(
    "/plans/{code}", response={200: dict[str, Any], **REFUSALS}, summary="A plan and its latest solution"
)
@answers_refusals
def planning_plan(request: HttpRequest, code: str) -> Any:
    plan = _plan(request, code)
    return {"code": plan.code, "name": plan.name, "status": plan.status, "result": plan.result}


@router.post("/plans/{code}/solve", response={200: dict[str, Any], **REFUSALS}, summary="Solve again")
@answers_refusals
def planning_solve(request: HttpRequest, code: str) -> Any:
    return services.solve_plan(caller(request), _plan(request, code))


@router.post("/plans/{code}/pins", response={200: dict[str, Any], **REFUSALS}, summary="Pin in or out")
@answers_refusals
def planning_pin(request: HttpRequest, code: str, body: PinIn) -> Any:
    plan = _plan(request, code)
    force = Force.objects.filter(code=body.force).first()
    if force is None:
        raise Invalid({"force": f"no force {body.force!r}"})
    row = services.pin(
        caller(request),
        plan,
        force=force,
        framework_code=body.framework,
        pinned_in=body.pinned_in,
        reason=body.reason,
        quarter=body.quarter,
    )
    return {"id": row.pk, "force": force.code, "framework": row.framework_code, "pinned_in": row.pinned_in}


@router.post("/plans/{code}/approve", response={200: dict[str, Any], **REFUSALS}, summary="Approve")
@answers_refusals
def planning_approve(request: HttpRequest, code: str, body: ApproveIn | None = None) -> Any:
    plan = _plan(request, code)
    lead = None
    if body is not None and body.lead:
        lead = User.objects.filter(username=body.lead).first()
        if lead is None:
            raise Invalid({"lead": f"no user {body.lead!r}"})
    created = services.approve_plan(caller(request), plan, lead=lead)
    return {"inspections": [i.pk for i in created]}


@router.get(
    "/actions", response={200: list[dict[str, Any]], **REFUSALS}, summary="Tracked areas for improvement"
)
@answers_refusals
def planning_actions(request: HttpRequest, force: str | None = None) -> Any:
    rows = TrackedAction.objects.restrict(caller(request), "view").select_related("force", "finding")
    if force:
        rows = rows.filter(force__code=force)
    return [
        {
            "id": a.pk,
            "force": a.force.code,
            "framework": a.framework_code,
            "text": a.finding.text,
            "status": a.status,
            "opened_on": a.opened_on.isoformat(),
        }
        for a in rows
    ]


@router.post(
    "/actions/{action_id}/updates", response={200: dict[str, Any], **REFUSALS}, summary="Post progress"
)
@answers_refusals
def planning_post_update(request: HttpRequest, action_id: int, body: UpdateIn) -> Any:
    action = get_object_or_404(TrackedAction.objects.restrict(caller(request), "view"), pk=action_id)
    update = tracking.post_update(caller(request), action, body.text)
    return {"id": update.pk, "status": action.status}
