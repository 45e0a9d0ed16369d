"""Corrections after publication (METHODOLOGY §7). The lead inspector reopens a published inspection
for correction with a reason, naming what it unlocks (`CorrectionItem`); everything else stays as
published. Republishing makes version N+1 of the report with a change note and closes the correction.
At most one correction of an inspection is open at a time."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from ..choices import GRADING_UNLOCKS, CorrectionStatus, Unlock
from .inspection import Inspection
from .rules import draft_rule

_THROUGH_INSPECTION = (
    "a correction is opened, cancelled and published through its inspection (the correct and publish actions)"
)


class CorrectionQuerySet(RestrictedQuerySet["Correction"]):
    def open(self) -> CorrectionQuerySet:
        return self.filter(status=CorrectionStatus.OPEN)


class Correction(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="corrections")
    reason = models.TextField(help_text="Why the published report is being corrected")
    status = models.CharField(
        max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN, db_index=True
    )
    corrects_version = models.PositiveIntegerField(help_text="The published version being corrected")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(blank=True, help_text="The change note published, or why it was cancelled")
    published_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version of the report the correction produced"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(status="open"), name="one_open_correction"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status__in=["published", "cancelled"], closed_at__isnull=False),
                name="correction_closed_when_not_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction of version {self.corrects_version} of {self.inspection}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        # Read like the working (the team, its lead, moderators, administrators); opened, cancelled and
        # published through the inspection's "correct" and "publish" actions, never changed directly.
        if action != "view":
            return Rule.none(_THROUGH_INSPECTION)
        return draft_rule(user, action, force_sees=False, public_sees=False)

    @property
    def is_open(self) -> bool:
        return self.status == CorrectionStatus.OPEN

    def unlocks(
        self,
        kind: str,
        *,
        framework_id: int | None = None,
        group_id: int | None = None,
        finding_id: int | None = None,
    ) -> bool:
        """Whether this correction names the item: a finding (by itself, or by the list it is in), the
        findings of a framework or group, a framework's judgements, conditions or grade, the force
        context, or the developing-practice selection."""
        for item in self.items.all():
            if kind == Unlock.FINDING:
                if item.kind == Unlock.FINDING and item.finding_id == finding_id and finding_id is not None:
                    return True
                if item.kind == Unlock.FINDINGS and (
                    (framework_id is not None and item.framework_id == framework_id)
                    or (group_id is not None and item.group_id == group_id)
                ):
                    return True
            elif kind == Unlock.FINDINGS:
                if item.kind == Unlock.FINDINGS and (
                    (framework_id is not None and item.framework_id == framework_id)
                    or (group_id is not None and item.group_id == group_id)
                ):
                    return True
            elif kind == Unlock.GRADE:
                if item.kind in GRADING_UNLOCKS and item.framework_id == framework_id:
                    return True
            elif kind in (Unlock.JUDGEMENTS, Unlock.CONDITIONS):
                if item.kind == kind and item.framework_id == framework_id:
                    return True
            elif item.kind == kind:
                return True
        return False

    def summary(self) -> str:
        return "; ".join(item.label for item in self.items.all()) or "nothing"


class CorrectionItem(models.Model):
    """One thing a correction unlocks. `label` keeps what it named (a deleted finding keeps its text)."""

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Unlock.choices)
    framework = models.ForeignKey(
        "methodology.Framework", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "methodology.FrameworkGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.ForeignKey(
        "inspections.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=60, help_text="How the item was named, e.g. grade:NP or finding:12")
    label = models.CharField(max_length=400)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "token"], name="correction_item_once"),
        ]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action != "view":
            return Rule.none(_THROUGH_INSPECTION)
        return draft_rule(
            user, action, prefix="correction__inspection__", force_sees=False, public_sees=False
        )
