"""Risk assessments (threat exposure, capacity and capability) and a force's engagement status."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.forces.models import Force
from inspectorate.inspections.services.errors import Invalid

from ..models import Engagement, EngagementStatus, Level, RiskAssessment
from .common import require_rule

# ---- assessments and engagement ----------------------------------------------------------------


def record_assessment(
    actor: Any,
    *,
    force: Force,
    kind: str,
    level: str,
    assessed_on: datetime.date,
    evidence: str,
    is_sample: bool = False,
) -> RiskAssessment:
    require_rule(RiskAssessment, actor, "add")
    errors = {}
    if kind not in ("threat_exposure", "capacity_capability"):
        errors["kind"] = "choose threat exposure or capacity and capability"
    if level not in Level.values:
        errors["level"] = "choose low, medium or high"
    if not evidence.strip():
        errors["evidence"] = "say what the assessment rests on"
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = "an assessment cannot be dated in the future"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        row = RiskAssessment.objects.create(
            force=force,
            kind=kind,
            level=level,
            assessed_on=assessed_on,
            evidence=evidence.strip(),
            is_sample=is_sample,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(actor, "planning.assessment_recorded", row, after=audit.snapshot(row))
    return row


SAMPLES = (
    (
        "west-midlands",
        "threat_exposure",
        "high",
        "Sample: organised crime groups and counter-terrorism casework",
    ),
    ("west-midlands", "capacity_capability", "medium", "Sample: public protection units carry vacancies"),
    ("metropolitan", "threat_exposure", "high", "Sample: the national counter-terrorism lead force"),
    (
        "metropolitan",
        "capacity_capability",
        "low",
        "Sample: large specialist units across every protective service",
    ),
    ("durham", "threat_exposure", "low", "Sample: few organised crime groups mapped"),
    ("bedfordshire", "capacity_capability", "high", "Sample: small force, stretched specialist capacity"),
)


def sample_assessments(actor: Any, on: datetime.date = datetime.date(2008, 3, 1)) -> int:
    """A few assessments for demonstration, marked as samples; none made twice."""
    made = 0
    for code, kind, level, evidence in SAMPLES:
        force = Force.objects.filter(code=code).first()
        if force is None or RiskAssessment.objects.filter(force=force, kind=kind, is_sample=True).exists():
            continue
        record_assessment(
            actor, force=force, kind=kind, level=level, assessed_on=on, evidence=evidence, is_sample=True
        )
        made += 1
    return made


def current_engagement(force: Force) -> EngagementStatus | None:
    return EngagementStatus.objects.filter(force=force).first()


def set_engagement(actor: Any, *, force: Force, status: str, reason: str) -> EngagementStatus:
    require_rule(EngagementStatus, actor, "add")
    errors = {}
    if status not in Engagement.values:
        errors["status"] = "choose routine, scan or engage"
    if not reason.strip():
        errors["reason"] = "give the reason for the engagement status"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        before = current_engagement(force)
        row = EngagementStatus.objects.create(force=force, status=status, reason=reason.strip(), set_by=actor)
        audit.record(
            actor,
            "planning.engagement_set",
            row,
            before={"status": before.status, "reason": before.reason} if before else None,
            after={"force": force.code, "status": status, "reason": row.reason},
        )
    return row
