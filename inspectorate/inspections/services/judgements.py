"""Criterion judgements and Excellent conditions (METHODOLOGY §5), with the verified-evidence gate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from inspectorate.accounts import audit
from inspectorate.methodology.models import Condition, Criterion, Framework

from ..choices import JudgementValue, Unlock, Verification
from ..models import ConditionRecord, CriterionJudgement, Evidence, Inspection
from . import staleness, versions
from .common import (
    Errors,
    codes,
    framework_label,
    in_scope,
    lock,
    policy,
    require_team,
    resolve_criteria,
    same_inspection,
)
from .unlocking import require_changeable


def linked_evidence(inspection: Inspection, criterion: Criterion) -> QuerySet[Evidence]:
    """The inspection's evidence items linked to a criterion."""
    return Evidence.objects.filter(inspection=inspection, criteria=criterion).select_related(
        "inspection__programme"
    )


def supports(evidence: Evidence) -> bool:
    """Whether an item can carry a *met* judgement: verified, and inside the assessment period or with
    a recorded reason why it may still count."""
    return evidence.is_verified and evidence.can_support_judgement


def _gate_reason(items: Iterable[Evidence]) -> str | None:
    items = list(items)
    if any(supports(item) for item in items):
        return None
    if not items:
        return "met needs at least one linked evidence item that is verified; none is linked"
    if any(item.is_verified for item in items):
        return (
            "met needs verified evidence that can support a judgement: the verified items describe a "
            "date outside the assessment period and no reason for using them is recorded"
        )
    return "met needs at least one linked evidence item that is verified; the linked items are not verified"


def unsupported_met(inspection: Inspection) -> list[CriterionJudgement]:
    """*Met* judgements without verified supporting evidence, when the programme requires it."""
    if not policy(inspection.programme).met_needs_verified_evidence:
        return []
    verified = Evidence.objects.filter(inspection=inspection, verification=Verification.VERIFIED)
    supported: set[int] = set()
    for item in verified.select_related("inspection__programme").prefetch_related("criteria"):
        if supports(item):
            supported.update(criterion.pk for criterion in item.criteria.all())
    judgements = (
        CriterionJudgement.objects.filter(
            inspection=inspection,
            value=JudgementValue.MET,
            criterion__framework__in=inspection.frameworks.all(),
        )
        .exclude(criterion__in=supported)
        .select_related("criterion__framework")
        .order_by("criterion__framework__position", "criterion__position")
    )
    return list(judgements)


def judgement_state(judgement: CriterionJudgement) -> dict[str, Any]:
    state = audit.snapshot(judgement)
    state["criterion"] = judgement.criterion.code
    state["evidence"] = codes(judgement.evidence.all())
    return state


def record_judgement(
    actor: Any,
    inspection: Inspection,
    criterion: Criterion | str,
    value: str,
    *,
    comment: str = "",
    evidence: Iterable[Evidence] | None = None,
    expected_version: int | None = None,
) -> CriterionJudgement:
    """Judge one criterion: met, partly, not_met, na, or "" (not yet judged). `evidence` names the items
    the judgement rests on (None keeps those already named); they are linked to the criterion. *Met*
    needs a linked item that is verified and can support a judgement, unless the programme waives it.
    `expected_version` is the judgement's version the actor started from (0: there was none yet); a
    later save by someone else raises Conflict (services/versions.py)."""
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        errors = Errors()
        found = resolve_criteria(inspection, [criterion], errors, field="criterion")
        framework = found[0].framework if found else None
        require_changeable(inspection, "Judgements", Unlock.JUDGEMENTS, framework=framework)
        if value not in JudgementValue.values:
            errors.add("value", "choose met, partly met, not met, not applicable or not yet judged")
        rests_on = same_inspection(inspection, evidence, errors, "evidence") if evidence is not None else None
        errors.raise_any()
        target = found[0]
        staleness.require_not_moderated(inspection, target.framework, "Judgements")
        if value == JudgementValue.MET and policy(inspection.programme).met_needs_verified_evidence:
            candidates = set(linked_evidence(inspection, target)) | set(rests_on or [])
            reason = _gate_reason(candidates)
            if reason is not None:
                errors.add("value", reason)
                errors.raise_any()
        judgement = CriterionJudgement.objects.filter(inspection=inspection, criterion=target).first()
        versions.check(judgement, expected_version, f"The judgement of {target.code}", judgement_state, actor)
        before = judgement_state(judgement) if judgement is not None else None
        if judgement is None:
            judgement = CriterionJudgement(inspection=inspection, criterion=target)
        judgement.value = value
        judgement.comment = comment.strip()
        judgement.judged_by = actor
        versions.bump(judgement)
        judgement.save()
        if rests_on is not None:
            judgement.evidence.set(rests_on)
            for item in rests_on:
                item.criteria.add(target)
        audit.record(actor, "judgement.recorded", judgement, before=before, after=judgement_state(judgement))
        staleness.refresh(actor, inspection, target.framework)
    return judgement


def set_condition(
    actor: Any,
    inspection: Inspection,
    framework: Framework | str,
    condition: Condition | str,
    *,
    present: bool,
    rationale: str = "",
    evidence: Iterable[Evidence] = (),
    expected_version: int | None = None,
) -> ConditionRecord:
    """Record whether an Excellent condition (beacon, evaluated innovation) is present for a framework.
    Recording it as present needs a rationale. `expected_version` as for `record_judgement`."""
    with transaction.atomic():
        inspection = lock(inspection)
        require_team(actor, inspection)
        errors = Errors()
        target = in_scope(inspection, framework, errors)
        require_changeable(inspection, "Conditions", Unlock.CONDITIONS, framework=target)
        code = condition.code if isinstance(condition, Condition) else str(condition)
        found = Condition.objects.filter(programme=inspection.programme, code=code).first()
        if found is None:
            known = ", ".join(inspection.programme.conditions.values_list("code", flat=True)) or "none"
            errors.add("condition", f"{code} is not a condition of this programme (known: {known})")
        items = same_inspection(inspection, evidence, errors, "evidence")
        if present and not rationale.strip():
            errors.add("rationale", "say why the condition is present")
        errors.raise_any()
        assert target is not None and found is not None
        staleness.require_not_moderated(inspection, target, "Conditions")
        records = ConditionRecord.objects.filter(inspection=inspection, framework=target, condition=found)
        record = records.first()
        versions.check(record, expected_version, f"{found.name} for {target.code}", _condition_state, actor)
        before = _condition_state(record) if record is not None else None
        if record is None:
            record = ConditionRecord(inspection=inspection, framework=target, condition=found)
        record.present = present
        record.rationale = rationale.strip()
        record.recorded_by = actor
        versions.bump(record)
        record.save()
        record.evidence.set(items)
        audit.record(
            actor,
            "condition.recorded",
            record,
            before=before,
            after=_condition_state(record),
            note=f"{framework_label(target)}: {found.name}",
        )
        staleness.refresh(actor, inspection, target)
    return record


def _condition_state(record: ConditionRecord) -> dict[str, Any]:
    state = audit.snapshot(record)
    state["evidence"] = codes(record.evidence.all())
    return state
