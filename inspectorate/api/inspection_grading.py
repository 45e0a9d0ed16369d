"""Grades in the inspections API: the engine's live proposal with its trace, awarded grades (each with
the trace stored when it was awarded) and the lead inspector's decision on a departure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from inspectorate.inspections import services
from inspectorate.inspections.models import GradeAward

from .auth import caller, signed_in
from .inspection_schemas import AwardIn, AwardOut, DecisionIn, ProposalOut, award_out, proposal_out
from .inspection_support import (
    REFUSALS,
    answers_refusals,
    framework_for,
    inspection_for,
    may_see_working,
    require_working,
)

router = Router(tags=["inspections"])


@router.get(
    "/{inspection_id}/frameworks/{code}/proposal",
    response={200: ProposalOut, **REFUSALS},
    summary="The grade engine's proposal for a framework now, with its trace",
)
@answers_refusals
def get_proposal(request: HttpRequest, inspection_id: int, code: str) -> Any:
    inspection = inspection_for(request, inspection_id)
    require_working(request, inspection)
    framework = framework_for(inspection, code)
    proposal = services.framework_proposal(inspection, framework)
    return proposal_out(framework.code, proposal, inspection.programme.grade_names())


@router.get(
    "/{inspection_id}/awards",
    response=list[AwardOut],
    summary="Awarded grades; the working behind them (proposal, trace, rationale, decision, superseded "
    "awards) for those who may see the inspection's working",
)
def list_awards(
    request: HttpRequest, inspection_id: int, framework: str | None = None, current: bool = False
) -> list[dict[str, Any]]:
    inspection = inspection_for(request, inspection_id)
    # The rule leaves superseded awards to the team; award_out leaves the working out for the rest.
    awards = GradeAward.objects.restrict(caller(request), "view").filter(inspection=inspection)
    if framework:
        awards = awards.filter(framework__code=framework)
    if current:
        awards = awards.exclude(status="superseded")
    names = inspection.programme.grade_names()
    awards = awards.select_related("framework", "author", "decided_by")
    working = may_see_working(request, inspection)
    ordered = awards.order_by("framework__position", "-awarded_at", "-id")
    return [award_out(a, names, working=working) for a in ordered]


@router.post(
    "/{inspection_id}/frameworks/{code}/award",
    auth=signed_in,
    response={201: AwardOut, **REFUSALS},
    summary="Award a grade; one that departs from the proposal needs a rationale and a lead's approval",
)
@answers_refusals
def award_grade(request: HttpRequest, inspection_id: int, code: str, payload: AwardIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    require_working(request, inspection)
    framework = framework_for(inspection, code)
    award = services.award_grade(
        caller(request),
        inspection,
        framework,
        payload.grade,
        payload.rationale,
        expected_version=payload.version,
    )
    return Status(201, award_out(award, inspection.programme.grade_names()))


def _award_for(request: HttpRequest, inspection_id: int, award_id: int) -> GradeAward:
    inspection = inspection_for(request, inspection_id)
    visible = GradeAward.objects.restrict(caller(request), "view").filter(inspection=inspection)
    return get_object_or_404(visible.select_related("inspection__programme", "framework"), pk=award_id)


def _decide(
    request: HttpRequest,
    inspection_id: int,
    award_id: int,
    approve: bool,
    note: str,
    version: int | None = None,
) -> Any:
    award = _award_for(request, inspection_id, award_id)
    award = services.decide_departure(caller(request), award, approve, note, expected_version=version)
    return Status(200, award_out(award, award.inspection.programme.grade_names()))


@router.post(
    "/{inspection_id}/awards/{award_id}/approve",
    auth=signed_in,
    response={200: AwardOut, **REFUSALS},
    summary="Approve a departure (a lead inspector on the team other than the award's author)",
)
@answers_refusals
def approve_departure(request: HttpRequest, inspection_id: int, award_id: int, payload: DecisionIn) -> Any:
    return _decide(request, inspection_id, award_id, True, payload.note, payload.version)


@router.post(
    "/{inspection_id}/awards/{award_id}/reject",
    auth=signed_in,
    response={200: AwardOut, **REFUSALS},
    summary="Reject a departure, saying why",
)
@answers_refusals
def reject_departure(request: HttpRequest, inspection_id: int, award_id: int, payload: DecisionIn) -> Any:
    return _decide(request, inspection_id, award_id, False, payload.note, payload.version)
