"""Request and response shapes of the inspections API, and the functions that fill them.

Evidence reads describe an item's file (its name, size, media type and SHA-256); the file itself is
downloaded by its own operation, after the same download check as the evidence pages."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import field_validator

from inspectorate import plaintext
from inspectorate.inspections.models import Evidence, Finding, GradeAward, Inspection
from inspectorate.inspections.services import award_standing
from inspectorate.inspections.services.evidence_use import Uses
from inspectorate.methodology.engine import Proposal


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


class PlainTextIn(Schema):
    """A request body whose every text (strings, and strings inside lists) refuses control characters,
    so that what is stored renders in every format; the 422 answer names the field."""

    @field_validator("*")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        return plaintext.checked(value)


# --- inspections -----------------------------------------------------------------------------------


class ForceRef(Schema):
    code: str
    name: str


class ProgrammeRef(Schema):
    code: str
    version: int
    name: str


class InspectionOut(Schema):
    id: int
    title: str
    force: ForceRef
    programme: ProgrammeRef
    frameworks: list[str]
    stage: str
    stage_label: str
    lead: str
    inspectors: list[str]
    fieldwork_starts: datetime.date | None
    fieldwork_ends: datetime.date | None
    is_demonstration: bool
    demonstration_note: str
    context: dict[str, str]
    framework_context: dict[str, str]
    signed_off_at: datetime.datetime | None


def inspection_out(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "title": str(inspection),
        "force": {"code": inspection.force.code, "name": inspection.force.name},
        "programme": {
            "code": inspection.programme.code,
            "version": inspection.programme.version,
            "name": inspection.programme.name,
        },
        "frameworks": [f.code for f in inspection.frameworks.order_by("position")],
        "stage": inspection.stage,
        "stage_label": inspection.get_stage_display(),
        "lead": inspection.lead.get_username(),
        "inspectors": sorted(u.get_username() for u in inspection.inspectors.all()),
        "fieldwork_starts": inspection.fieldwork_starts,
        "fieldwork_ends": inspection.fieldwork_ends,
        "is_demonstration": inspection.is_demonstration,
        "demonstration_note": inspection.demonstration_note,
        "context": inspection.context,
        "framework_context": inspection.framework_context,
        "signed_off_at": inspection.signed_off_at,
    }


class StageIn(PlainTextIn):
    to_stage: str
    note: str = ""


class BlockersOut(Schema):
    stage: str
    to_stage: str | None
    blockers: list[str]


# --- evidence --------------------------------------------------------------------------------------


class FileMetadataOut(Schema):
    original_name: str
    size: int
    media_type: str
    sha256: str
    uploaded_at: datetime.datetime


class JudgementUseOut(Schema):
    criterion: str
    value: str


class FindingUseOut(Schema):
    id: int
    kind: str
    framework: str | None
    group: str | None


class ConditionUseOut(Schema):
    framework: str
    condition: str
    present: bool


class RestsOnOut(Schema):
    """What rests on an item: the team's working, so empty for a caller who may not see it."""

    judgements: list[JudgementUseOut] = []
    findings: list[FindingUseOut] = []
    conditions: list[ConditionUseOut] = []


class EvidenceOut(Schema):
    id: int
    reference: str
    source_type: str
    source_type_label: str
    title: str
    summary: str
    collected_by: str
    collected_on: datetime.date
    effective_date: datetime.date
    outside_period: bool
    outside_period_reason: str
    marking: str
    marking_label: str
    verification: str
    verified_by: str | None
    verified_at: datetime.datetime | None
    criteria: list[str]
    frameworks: list[str]
    submitted_by: str | None
    file: FileMetadataOut | None
    version: int  # send it back as `version` to refuse saving over a later change
    rests_on: RestsOnOut


def rests_on_out(uses: Uses | None) -> dict[str, Any]:
    if uses is None:
        return {"judgements": [], "findings": [], "conditions": []}
    return {
        "judgements": [{"criterion": j.criterion.code, "value": j.value} for j in uses.judgements],
        "findings": [
            {
                "id": f.pk,
                "kind": f.kind,
                "framework": f.framework.code if f.framework else None,
                "group": f.group.code if f.group else None,
            }
            for f in uses.findings
        ],
        "conditions": [
            {"framework": c.framework.code, "condition": c.condition.code, "present": c.present}
            for c in uses.conditions
        ],
    }


def evidence_out(evidence: Evidence, working: bool = True, uses: Uses | None = None) -> dict[str, Any]:
    """`uses`: what rests on the item as the caller may see it; pass it only with `working`."""
    # The reverse one-to-one raises (an AttributeError) when no file is attached.
    attached = evidence.file if hasattr(evidence, "file") else None
    return {
        "id": evidence.pk,
        "reference": evidence.reference,
        "source_type": evidence.source_type,
        "source_type_label": evidence.get_source_type_display(),
        "title": evidence.title,
        "summary": evidence.summary,
        "collected_by": evidence.collected_by.get_username(),
        "collected_on": evidence.collected_on,
        "effective_date": evidence.effective_date,
        "outside_period": evidence.outside_period,
        "outside_period_reason": evidence.outside_period_reason,
        "marking": evidence.marking,
        "marking_label": evidence.get_marking_display(),
        "verification": evidence.verification,
        "verified_by": _name(evidence.verified_by),
        "verified_at": evidence.verified_at,
        # The criteria an item bears on are the team's working (`working`: the caller may see it).
        "criteria": sorted(c.code for c in evidence.criteria.all()) if working else [],
        "frameworks": sorted(f.code for f in evidence.frameworks.all()),
        "submitted_by": _name(evidence.submitted_by),
        "version": evidence.version,
        "file": (
            {
                "original_name": attached.original_name,
                "size": attached.size,
                "media_type": attached.media_type,
                "sha256": attached.sha256,
                "uploaded_at": attached.uploaded_at,
            }
            if attached is not None
            else None
        ),
        "rests_on": rests_on_out(uses if working else None),
    }


class EvidenceIn(PlainTextIn):
    source_type: str
    title: str
    summary: str
    collected_on: datetime.date
    effective_date: datetime.date
    collected_by: str | None = None  # a username of the team; the caller by default
    outside_period_reason: str = ""
    marking: str | None = None  # by default OFFICIAL-SENSITIVE for PVP evidence, OFFICIAL otherwise
    criteria: list[str] = []
    frameworks: list[str] = []
    reference: str = ""


class VerificationIn(PlainTextIn):
    to_state: str  # verified, corroborated or unverified
    note: str = ""
    version: int | None = None  # the item's version the change starts from; leave out to skip the check
    corroborating: str | None = None  # the reference of an independent item that agrees
    # Verifying a force self-assessment needs an independent check: `corroborating`, or this.
    tested_in_practice: bool = False


# --- judgements, proposals and awards --------------------------------------------------------------


class JudgementOut(Schema):
    criterion: str
    level: str
    significant: bool
    dominant: bool
    text: str
    value: str
    value_label: str
    comment: str
    evidence: list[str]
    judged_by: str | None
    judged_at: datetime.datetime | None
    version: int  # 0 when the criterion is not yet judged


class JudgementIn(PlainTextIn):
    value: str  # met, partly, not_met, na, or "" for not yet judged
    comment: str = ""
    evidence: list[str] | None = None  # references; leave out to keep those already named
    version: int | None = None  # the judgement's version (0: none yet); leave out to skip the check


class ProposalOut(Schema):
    framework: str
    grade: str | None
    grade_name: str | None
    reason: str | None
    between: list[str] | None
    unjudged: list[str]
    explanation: list[str]
    trace: dict[str, Any]


def proposal_out(framework_code: str, proposal: Proposal, grade_names: dict[str, str]) -> dict[str, Any]:
    return {
        "framework": framework_code,
        "grade": proposal.grade,
        "grade_name": grade_names.get(proposal.grade) if proposal.grade else None,
        "reason": proposal.reason,
        "between": list(proposal.between) if proposal.between else None,
        "unjudged": list(proposal.unjudged),
        "explanation": proposal.trace.render_lines(),
        "trace": proposal.trace.to_dict(),
    }


class AwardOut(Schema):
    """An awarded grade. The fields from `proposed_grade` on are the working behind it: they are null
    for a caller who may not see the inspection's working (the inspected force, the public)."""

    id: int
    framework: str
    grade: str
    grade_name: str
    current: bool
    awarded_at: datetime.datetime
    proposed_grade: str | None
    proposed_grade_name: str | None
    proposal_reason: str | None
    departure: bool | None
    rationale: str | None
    status: str | None
    status_label: str | None
    author: str | None
    decided_by: str | None
    decided_at: datetime.datetime | None
    decision_note: str | None
    trace: dict[str, Any] | None
    # What the award was made from, and whether it still rests on it (docs/inspections.md, "Awards").
    basis_hash: str
    stale: bool
    stale_since: datetime.datetime | None
    stale_reason: str
    changes_since_award: list[str]
    version: int  # the framework's award series: send it back to refuse acting on an older award


_AWARD_WORKING = (
    "proposed_grade",
    "proposed_grade_name",
    "proposal_reason",
    "departure",
    "rationale",
    "status",
    "status_label",
    "author",
    "decided_by",
    "decided_at",
    "decision_note",
    "trace",
)


def award_out(award: GradeAward, grade_names: dict[str, str], *, working: bool = True) -> dict[str, Any]:
    """`working`: whether the caller may see the inspection's working (see AwardOut); without it the
    working fields are null and the changes since the award (which name criteria and evidence) are
    left out."""
    out = _award_out(award, grade_names, working)
    return out if working else {**out, **dict.fromkeys(_AWARD_WORKING)}


def _award_out(award: GradeAward, grade_names: dict[str, str], working: bool) -> dict[str, Any]:
    return {
        "id": award.pk,
        "framework": award.framework.code,
        "grade": award.grade,
        "grade_name": grade_names.get(award.grade, award.grade),
        "proposed_grade": award.proposed_grade or None,
        "proposed_grade_name": grade_names.get(award.proposed_grade) if award.proposed_grade else None,
        "proposal_reason": award.proposal_reason,
        "departure": award.is_departure,
        "rationale": award.rationale,
        "status": award.status,
        "status_label": award.get_status_display(),
        "current": award.is_current,
        "author": award.author.get_username(),
        "awarded_at": award.awarded_at,
        "decided_by": _name(award.decided_by),
        "decided_at": award.decided_at,
        "decision_note": award.decision_note,
        "trace": award.trace,
        "version": award.version,
        **_standing_out(award, working),
    }


def _standing_out(award: GradeAward, working: bool) -> dict[str, Any]:
    standing = award_standing(award)
    return {
        "basis_hash": award.basis_hash,
        "stale": standing.stale,
        "stale_since": award.stale_since,
        "stale_reason": standing.reason,
        "changes_since_award": list(standing.changes) if working else [],
    }


class AwardIn(PlainTextIn):
    grade: str
    rationale: str = ""
    version: int | None = None  # the current award's version (0: none yet); leave out to skip the check


class DecisionIn(PlainTextIn):
    note: str = ""
    version: int | None = None  # the award's version as seen; leave out to skip the check


# --- findings --------------------------------------------------------------------------------------


class FindingOut(Schema):
    id: int
    framework: str | None
    group: str | None
    kind: str
    kind_label: str
    position: int
    text: str
    criteria: list[str]
    evidence: list[str]
    updated_at: datetime.datetime
    version: int


def finding_out(finding: Finding, visible_evidence: set[int] | None, working: bool = True) -> dict[str, Any]:
    """`visible_evidence` limits the evidence references shown to the ids the caller may see (None:
    all of them); the criteria a finding rests on are working, listed only when `working`."""
    return {
        "id": finding.pk,
        "framework": finding.framework.code if finding.framework else None,
        "group": finding.group.code if finding.group else None,
        "kind": finding.kind,
        "kind_label": finding.get_kind_display(),
        "position": finding.position,
        "text": finding.text,
        "criteria": sorted(c.code for c in finding.criteria.all()) if working else [],
        "evidence": sorted(
            e.reference
            for e in finding.evidence.all()
            if visible_evidence is None or e.pk in visible_evidence
        ),
        "updated_at": finding.updated_at,
        "version": finding.version,
    }


class FindingIn(PlainTextIn):
    kind: str
    text: str
    framework: str | None = None
    group: str | None = None
    criteria: list[str] = []
    evidence: list[str] = []


class FindingChangeIn(PlainTextIn):
    text: str | None = None
    kind: str | None = None
    criteria: list[str] | None = None
    evidence: list[str] | None = None
    version: int | None = None  # the finding's version the change starts from


class FindingMoveIn(PlainTextIn):
    direction: str | None = None  # up or down
    position: int | None = None  # 0 is first
    version: int | None = None
