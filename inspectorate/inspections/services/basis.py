"""What an award is made from: its basis.

The basis of a framework is the engine's inputs as they stand (every criterion's judgement, "" when
not yet judged, and whether each of the programme's Excellent conditions is recorded as present) and
the evidence behind each criterion (reference, verification, and whether the item can support a
judgement). It is kept as plain data with a canonical JSON form and that form's SHA-256, so an award
(and a moderator's decision) says exactly what it saw, and a later difference can be named."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from inspectorate.methodology.models import Condition, Criterion, Framework

from ..choices import JudgementValue, Verification
from ..models import ConditionRecord, CriterionJudgement, Evidence, Inspection

# Bumped if the shape below changes, so an old basis is never compared field by field with a new one.
# 2: the evidence of a criterion is what its judgement rests on, no longer every item linked to it.
BASIS_FORMAT = 2


def basis_of(inspection: Inspection, framework: Framework) -> dict[str, Any]:
    """The framework's basis now."""
    criteria = list(
        Criterion.objects.filter(framework=framework).order_by("position").values_list("pk", "code")
    )
    values = dict(
        CriterionJudgement.objects.filter(inspection=inspection, criterion__framework=framework).values_list(
            "criterion__code", "value"
        )
    )
    present = dict(
        ConditionRecord.objects.filter(inspection=inspection, framework=framework).values_list(
            "condition__code", "present"
        )
    )
    conditions = Condition.objects.filter(programme=inspection.programme).values_list("code", flat=True)
    by_pk = dict(criteria)
    evidence: dict[str, dict[str, str]] = {}
    chosen = list(
        CriterionJudgement.evidence.through.objects.filter(
            criterionjudgement__inspection=inspection, criterionjudgement__criterion__framework=framework
        ).values_list("criterionjudgement__criterion_id", "evidence")
    )
    items = {
        item.pk: item
        for item in Evidence.objects.filter(pk__in={pk for _, pk in chosen}).select_related(
            "inspection__programme"
        )
    }
    for criterion_pk, item_pk in chosen:
        if criterion_pk in by_pk:
            item = items[item_pk]
            evidence.setdefault(by_pk[criterion_pk], {})[item.reference] = _evidence_state(item)
    return {
        "format": BASIS_FORMAT,
        "framework": framework.code,
        "judgements": {code: values.get(code, "") for _, code in criteria},
        "conditions": {code: bool(present.get(code, False)) for code in sorted(conditions)},
        "evidence": {code: dict(sorted(refs.items())) for code, refs in sorted(evidence.items())},
    }


def _evidence_state(item: Evidence) -> str:
    state = item.verification
    if state == Verification.VERIFIED and not item.can_support_judgement:
        return "verified, outside the assessment period"
    return str(state)


def canonical(basis: dict[str, Any]) -> str:
    return json.dumps(basis, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(basis: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(basis).encode("utf-8")).hexdigest()


def engine_inputs(basis: dict[str, Any]) -> dict[str, Any]:
    """The part of a basis the engine reads: judgements and conditions."""
    return {"judgements": basis.get("judgements", {}), "conditions": basis.get("conditions", {})}


def _value(value: str) -> str:
    return str(JudgementValue(value).label).lower() if value in JudgementValue.values else value


def differences(
    old: dict[str, Any], new: dict[str, Any], condition_names: dict[str, str], *, evidence: bool = True
) -> list[str]:
    """What changed from one basis to another, one plain sentence per criterion, condition or item,
    in criterion order."""
    if old.get("format") != new.get("format"):
        return ["the basis was recorded in an earlier form and cannot be compared item by item"]
    found: list[str] = []
    before, after = old.get("judgements", {}), new.get("judgements", {})
    for code in list(after) + [c for c in before if c not in after]:
        was, now = before.get(code, ""), after.get(code, "")
        if was != now:
            found.append(f"criterion {code}: {_value(was)} → {_value(now)}")
    before, after = old.get("conditions", {}), new.get("conditions", {})
    for code in sorted(set(before) | set(after)):
        was, now = bool(before.get(code)), bool(after.get(code))
        if was != now:
            name = condition_names.get(code, code)
            found.append(
                f"condition {name}: {'present' if was else 'absent'} → {'present' if now else 'absent'}"
            )
    if evidence:
        before, after = old.get("evidence", {}), new.get("evidence", {})
        for code in sorted(set(before) | set(after)):
            was, now = before.get(code, {}), after.get(code, {})
            for reference in sorted(set(was) | set(now)):
                if reference not in was:
                    found.append(f"evidence for {code}: {reference} chosen ({now[reference]})")
                elif reference not in now:
                    found.append(f"evidence for {code}: {reference} no longer chosen")
                elif was[reference] != now[reference]:
                    found.append(f"evidence for {code}: {reference} {was[reference]} → {now[reference]}")
    return found
