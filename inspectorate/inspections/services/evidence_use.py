"""What rests on an evidence item: the criterion judgements, findings and Excellent conditions that
name it as their evidence (METHODOLOGY §4-§5). Which judgement rests on which item is the team's
working, so every read here goes through the records' own access rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from ..choices import JudgementValue
from ..models import ConditionRecord, CriterionJudgement, Evidence, Finding

# The register's filter by use: value, label, and the items it keeps.
USE_CHOICES = [
    ("judgement", "Rests a judgement"),
    ("met", "Rests a met judgement"),
    ("finding", "Rests a finding"),
    ("condition", "Rests an Excellent condition"),
    ("unused", "Used by nothing"),
]


@dataclass
class Uses:
    judgements: list[CriterionJudgement] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    conditions: list[ConditionRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.judgements or self.findings or self.conditions)


def uses_of(user: Any, item: Evidence) -> Uses:
    """The judgements, findings and conditions resting on `item` that `user` may see."""
    return uses_for(user, [item])[item.pk]


def uses_for(user: Any, items: list[Evidence]) -> dict[int, Uses]:
    """`uses_of` for many items at once (three queries), by item id."""
    found: dict[int, Uses] = {item.pk: Uses() for item in items}
    judgements = (
        CriterionJudgement.objects.restrict(user, "view")
        .filter(evidence__in=items)
        .select_related("criterion__framework")
        .prefetch_related("evidence")
        .order_by("criterion__framework__position", "criterion__position")
        .distinct()
    )
    for judgement in judgements:
        for item in judgement.evidence.all():
            if item.pk in found:
                found[item.pk].judgements.append(judgement)
    findings = (
        Finding.objects.restrict(user, "view")
        .filter(evidence__in=items)
        .select_related("framework", "group")
        .prefetch_related("evidence")
        .order_by("framework__position", "group__code", "kind", "position")
        .distinct()
    )
    for finding in findings:
        for item in finding.evidence.all():
            if item.pk in found:
                found[item.pk].findings.append(finding)
    conditions = (
        ConditionRecord.objects.restrict(user, "view")
        .filter(evidence__in=items)
        .select_related("framework", "condition")
        .prefetch_related("evidence")
        .order_by("framework__position", "condition__code")
        .distinct()
    )
    for record in conditions:
        for item in record.evidence.all():
            if item.pk in found:
                found[item.pk].conditions.append(record)
    return found


def by_use(queryset: QuerySet[Evidence], use: str) -> QuerySet[Evidence]:
    """The items of `queryset` with the given use (one of USE_CHOICES)."""
    judged = CriterionJudgement.evidence.through.objects.filter(evidence=OuterRef("pk"))
    met = judged.filter(criterionjudgement__value=JudgementValue.MET)
    found = Finding.evidence.through.objects.filter(evidence=OuterRef("pk"))
    recorded = ConditionRecord.evidence.through.objects.filter(evidence=OuterRef("pk"))
    if use == "judgement":
        return queryset.filter(Exists(judged))
    if use == "met":
        return queryset.filter(Exists(met))
    if use == "finding":
        return queryset.filter(Exists(found))
    if use == "condition":
        return queryset.filter(Exists(recorded))
    if use == "unused":
        return queryset.exclude(Exists(judged)).exclude(Exists(found)).exclude(Exists(recorded))
    return queryset
