"""The inspections API: inspections, their evidence (described, never delivered), criterion
judgements, the engine's proposals, awarded grades and departures, findings and the workflow.

Reads serve everyone what they may see (the public: published inspections only); writes need a
signed-in caller and go through the inspection services, which decide and audit every change.
Objects the caller may not see answer 404; refusals answer 403, 409 or 422 (see inspection_support).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from inspectorate.inspections import services
from inspectorate.inspections.filters import EvidenceFilter
from inspectorate.inspections.models import CriterionJudgement, Evidence, Inspection
from inspectorate.inspections.services.evidence_use import uses_for, uses_of
from inspectorate.methodology.models import Criterion

from . import evidence_files, finding_comments, inspection_findings, inspection_grading
from .auth import caller, signed_in
from .inspection_schemas import (
    EvidenceIn,
    EvidenceOut,
    InspectionOut,
    JudgementIn,
    JudgementOut,
    VerificationIn,
    evidence_out,
    inspection_out,
)
from .inspection_support import (
    REFUSALS,
    answers_refusals,
    evidence_by_reference,
    evidence_for,
    framework_for,
    inspection_for,
    may_see_working,
    require_working,
    user_named,
)

router = Router(tags=["inspections"])
router.add_router("", inspection_grading.router)
router.add_router("", inspection_findings.router)
router.add_router("", evidence_files.router)
router.add_router("", finding_comments.router)


# --- inspections -----------------------------------------------------------------------------------


@router.get("/", response=list[InspectionOut], summary="List the inspections you may see")
def list_inspections(
    request: HttpRequest, force: str | None = None, programme: str | None = None, stage: str | None = None
) -> list[dict[str, Any]]:
    found = Inspection.objects.restrict(caller(request), "view").select_related("force", "programme", "lead")
    if force:
        found = found.filter(force__code=force)
    if programme:
        found = found.filter(programme__code=programme)
    if stage:
        found = found.filter(stage=stage)
    return [inspection_out(i) for i in found.prefetch_related("frameworks", "inspectors")]


@router.get("/{inspection_id}", response=InspectionOut, summary="One inspection")
def get_inspection(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    return inspection_out(inspection_for(request, inspection_id))


# --- evidence --------------------------------------------------------------------------------------


@router.get(
    "/{inspection_id}/evidence",
    response={200: list[EvidenceOut], **REFUSALS},
    summary="The evidence register you may see (metadata and summaries, never file contents)",
)
@answers_refusals
def list_evidence(
    request: HttpRequest,
    inspection_id: int,
    framework: str | None = None,
    criterion: str | None = None,
    source_type: str | None = None,
    verification: str | None = None,
    marking: str | None = None,
    outside_period: bool | None = None,
    use: str | None = None,
) -> Any:
    inspection = inspection_for(request, inspection_id)
    working = may_see_working(request, inspection)
    given = {
        "framework": framework,
        "criterion": criterion,
        "source_type": source_type,
        "verification": verification,
        "marking": marking,
        "outside_period": None if outside_period is None else str(outside_period).lower(),
        "use": use,
    }
    # The register page's own filters (inspections/filters.py); here a value that is not a choice is
    # refused rather than ignored.
    register = EvidenceFilter(
        {name: value for name, value in given.items() if value},
        Evidence.objects.restrict(caller(request), "view").filter(inspection=inspection),
        inspection=inspection,
        working=working,
    )
    unknown = [name for name, value in given.items() if value and name not in register.filters]
    if register.errors or unknown:
        errors = {name: "; ".join(messages) for name, messages in register.errors.items()}
        errors.update({name: "you may not filter by this" for name in unknown})
        raise services.Invalid(errors)
    items = register.narrowed().select_related("inspection__programme", "collected_by", "verified_by", "file")
    ordered = list(items.prefetch_related("criteria", "frameworks").order_by("reference"))
    uses = uses_for(caller(request), ordered) if working else {}
    return [evidence_out(e, working, uses.get(e.pk)) for e in ordered]


@router.get("/{inspection_id}/evidence/{reference}", response=EvidenceOut, summary="One evidence item")
def get_evidence(request: HttpRequest, inspection_id: int, reference: str) -> dict[str, Any]:
    inspection = inspection_for(request, inspection_id)
    item, working = evidence_for(request, inspection, reference), may_see_working(request, inspection)
    return evidence_out(item, working, uses_of(caller(request), item) if working else None)


@router.post(
    "/{inspection_id}/evidence",
    auth=signed_in,
    response={201: EvidenceOut, **REFUSALS},
    summary="Record an evidence item (with a file: the multipart evidence-uploads operation)",
)
@answers_refusals
def add_evidence(request: HttpRequest, inspection_id: int, payload: EvidenceIn) -> Any:
    inspection = inspection_for(request, inspection_id)
    collected_by = user_named(payload.collected_by, "collected_by") if payload.collected_by else None
    evidence = services.add_evidence(
        caller(request),
        inspection,
        source_type=payload.source_type,
        title=payload.title,
        summary=payload.summary,
        collected_on=payload.collected_on,
        effective_date=payload.effective_date,
        collected_by=collected_by,
        outside_period_reason=payload.outside_period_reason,
        marking=payload.marking,
        criteria=payload.criteria,
        frameworks=payload.frameworks,
        reference=payload.reference,
    )
    return Status(201, evidence_out(evidence))


@router.post(
    "/{inspection_id}/evidence/{reference}/verification",
    auth=signed_in,
    response={200: EvidenceOut, **REFUSALS},
    summary="Move an item's verification: to corroborated, verified, or back to unverified",
)
@answers_refusals
def change_verification(
    request: HttpRequest, inspection_id: int, reference: str, payload: VerificationIn
) -> Any:
    inspection = inspection_for(request, inspection_id)
    evidence = evidence_for(request, inspection, reference)
    actor = caller(request)
    seen = payload.version
    other = None
    if payload.corroborating:
        other = evidence_by_reference(request, inspection, [payload.corroborating], "corroborating")[0]
    if payload.to_state == "verified":
        evidence = services.verify_evidence(
            actor,
            evidence,
            payload.note,
            corroborating=other,
            tested_in_practice=payload.tested_in_practice,
            expected_version=seen,
        )
    elif payload.to_state == "corroborated":
        evidence = services.corroborate_evidence(
            actor, evidence, corroborating=other, note=payload.note, expected_version=seen
        )
    elif payload.to_state == "unverified":
        evidence = services.reset_verification(actor, evidence, payload.note, expected_version=seen)
    else:
        raise services.Invalid({"to_state": "choose verified, corroborated or unverified"})
    # Only the team changes verification, and the team sees what rests on the item.
    return Status(200, evidence_out(evidence, uses=uses_of(actor, evidence)))


# --- criterion judgements --------------------------------------------------------------------------


def _judgement_out(
    criterion: Criterion, judgement: CriterionJudgement | None, visible: set[int] | None = None
) -> dict[str, Any]:
    """`visible`: the ids of the evidence items the caller may see (a moderator never sees a sensitive
    one, not even by reference); None for all."""
    chosen = judgement.evidence.all() if judgement else []
    return {
        "criterion": criterion.code,
        "level": criterion.level,
        "significant": criterion.significant,
        "dominant": criterion.dominant,
        "text": criterion.text,
        "value": judgement.value if judgement else "",
        "value_label": judgement.get_value_display() if judgement else "Not yet judged",
        "comment": judgement.comment if judgement else "",
        "evidence": sorted(e.reference for e in chosen if visible is None or e.pk in visible),
        "judged_by": judgement.judged_by.get_username() if judgement else None,
        "judged_at": judgement.judged_at if judgement else None,
        "version": judgement.version if judgement else 0,
    }


@router.get(
    "/{inspection_id}/frameworks/{code}/judgements",
    response={200: list[JudgementOut], **REFUSALS},
    summary="A framework's criteria with their judgements (the team, moderators and administrators)",
)
@answers_refusals
def list_judgements(request: HttpRequest, inspection_id: int, code: str) -> Any:
    inspection = inspection_for(request, inspection_id)
    require_working(request, inspection)
    framework = framework_for(inspection, code)
    rows = CriterionJudgement.objects.restrict(caller(request), "view").filter(
        inspection=inspection, criterion__framework=framework
    )
    by_criterion = {j.criterion_id: j for j in rows.select_related("judged_by").prefetch_related("evidence")}
    criteria = Criterion.objects.filter(framework=framework).order_by("position")
    visible = set(
        Evidence.objects.restrict(caller(request), "view")
        .filter(inspection=inspection)
        .values_list("pk", flat=True)
    )
    return [_judgement_out(c, by_criterion.get(c.pk), visible) for c in criteria]


@router.put(
    "/{inspection_id}/frameworks/{code}/judgements/{criterion}",
    auth=signed_in,
    response={200: JudgementOut, **REFUSALS},
    summary='Judge one criterion: met, partly, not_met, na, or "" (not yet judged)',
)
@answers_refusals
def record_judgement(
    request: HttpRequest, inspection_id: int, code: str, criterion: str, payload: JudgementIn
) -> Any:
    inspection = inspection_for(request, inspection_id)
    require_working(request, inspection)
    framework = framework_for(inspection, code)
    target = get_object_or_404(Criterion, framework=framework, code=criterion)
    evidence = None
    if payload.evidence is not None:
        evidence = evidence_by_reference(request, inspection, payload.evidence, "evidence")
    judgement = services.record_judgement(
        caller(request),
        inspection,
        target,
        payload.value,
        comment=payload.comment,
        evidence=evidence,
        expected_version=payload.version,
    )
    return Status(200, _judgement_out(target, judgement))
