"""Findings and the workflow in the inspections API: strengths, work in progress and areas for
improvement under a framework or a group's overview, and moving an inspection through its stages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from inspectorate.inspections import services
from inspectorate.inspections.choices import STAGE_ORDER
from inspectorate.inspections.models import Evidence, Finding, Inspection
from inspectorate.inspections.services.common import allow

from .auth import caller, signed_in
from .inspection_schemas import (
    BlockersOut,
    FindingChangeIn,
    FindingIn,
    FindingMoveIn,
    FindingOut,
    InspectionOut,
    StageIn,
    finding_out,
    inspection_out,
)
from .inspection_support import (
    REFUSALS,
    answers_refusals,
    evidence_by_reference,
    inspection_for,
    may_see_working,
)

router = Router(tags=["inspections"])


def _visible_evidence(request: HttpRequest, inspection: Inspection) -> set[int]:
    visible = Evidence.objects.restrict(caller(request), "view").filter(inspection=inspection)
    return set(visible.values_list("pk", flat=True))


def _finding_for(request: HttpRequest, inspection: Inspection, finding_id: int) -> Finding:
    visible = Finding.objects.restrict(caller(request), "view").filter(inspection=inspection)
    return get_object_or_404(visible.select_related("framework", "group"), pk=finding_id)


def _out(request: HttpRequest, finding: Finding) -> dict[str, Any]:
    inspection = finding.inspection
    return finding_out(finding, _visible_evidence(request, inspection), may_see_working(request, inspection))


@router.get(
    "/{inspection_id}/findings",
    response=list[FindingOut],
    summary="Findings in report order: under each framework (or group overview), by kind and position",
)
def list_findings(
    request: HttpRequest,
    inspection_id: int,
    framework: str | None = None,
    group: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    inspection = inspection_for(request, inspection_id)
    found = Finding.objects.restrict(caller(request), "view").filter(inspection=inspection)
    if framework:
        found = found.filter(framework__code=framework)
    if group:
        found = found.filter(group__code=group)
    if kind:
        found = found.filter(kind=kind)
    found = found.select_related("framework", "group").prefetch_related("criteria", "evidence")
    visible = _visible_evidence(request, inspection)
    ordered = found.order_by("group__code", "framework__position", "kind", "position", "id")
    working = may_see_working(request, inspection)
    return [finding_out(f, visible, working) for f in ordered]


@router.post(
    "/{inspection_id}/findings",
    auth=signed_in,
    response={201: FindingOut, **REFUSALS},
    summary="Add a finding at the end of its list, under a framework or a group's overview",
)
@answers_refusals
def create_finding(request: HttpRequest, inspection_id: int, payload: FindingIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    finding = services.add_finding(
        caller(request),
        inspection,
        kind=payload.kind,
        text=payload.text,
        framework=payload.framework,
        group=payload.group,
        criteria=payload.criteria,
        evidence=evidence_by_reference(request, inspection, payload.evidence, "evidence"),
    )
    return Status(201, _out(request, finding))


@router.patch(
    "/{inspection_id}/findings/{finding_id}",
    auth=signed_in,
    response={200: FindingOut, **REFUSALS},
    summary="Change a finding's text, kind, criteria or evidence",
)
@answers_refusals
def update_finding(
    request: HttpRequest, inspection_id: int, finding_id: int, payload: FindingChangeIn
) -> Any:
    inspection = inspection_for(request, inspection_id)
    finding = _finding_for(request, inspection, finding_id)
    evidence = None
    if payload.evidence is not None:
        evidence = evidence_by_reference(request, inspection, payload.evidence, "evidence")
    finding = services.edit_finding(
        caller(request),
        finding,
        text=payload.text,
        kind=payload.kind,
        criteria=payload.criteria,
        evidence=evidence,
        expected_version=payload.version,
    )
    return Status(200, _out(request, finding))


@router.delete(
    "/{inspection_id}/findings/{finding_id}",
    auth=signed_in,
    response={204: None, **REFUSALS},
    summary="Remove a finding",
)
@answers_refusals
def delete_finding(
    request: HttpRequest, inspection_id: int, finding_id: int, version: int | None = None
) -> Any:
    """`version` (a query parameter): the finding's version as seen; a later change is not deleted."""
    inspection = inspection_for(request, inspection_id)
    finding = _finding_for(request, inspection, finding_id)
    services.delete_finding(caller(request), finding, expected_version=version)
    return Status(204, None)


@router.post(
    "/{inspection_id}/findings/{finding_id}/move",
    auth=signed_in,
    response={200: FindingOut, **REFUSALS},
    summary="Move a finding up or down its list, or to a position (0 is first)",
)
@answers_refusals
def move_finding(request: HttpRequest, inspection_id: int, finding_id: int, payload: FindingMoveIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    finding = _finding_for(request, inspection, finding_id)
    finding = services.move_finding(
        caller(request),
        finding,
        direction=payload.direction,
        position=payload.position,
        expected_version=payload.version,
    )
    return Status(200, _out(request, finding))


# --- workflow --------------------------------------------------------------------------------------


@router.get(
    "/{inspection_id}/blockers",
    response={200: BlockersOut, **REFUSALS},
    summary="What stops the inspection moving to a stage (by default the next one); the team only",
)
@answers_refusals
def get_blockers(request: HttpRequest, inspection_id: int, to_stage: str | None = None) -> Any:
    inspection = inspection_for(request, inspection_id)
    allow(Inspection, caller(request), "change", inspection)
    index = inspection.stage_index
    target = to_stage or (STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None)
    if target is not None and target not in STAGE_ORDER:
        raise services.Invalid({"to_stage": f"choose one of {', '.join(STAGE_ORDER)}"})
    found = services.blockers(inspection, target) if target else []
    return Status(200, {"stage": inspection.stage, "to_stage": target, "blockers": found})


@router.post(
    "/{inspection_id}/stage",
    auth=signed_in,
    response={200: InspectionOut, **REFUSALS},
    summary="Move the inspection one stage forward (or, for its lead inspector, one back with a note)",
)
@answers_refusals
def move_stage(request: HttpRequest, inspection_id: int, payload: StageIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    moved = services.move(caller(request), inspection, payload.to_stage, payload.note)
    return Status(200, inspection_out(inspection_for(request, moved.pk)))
