from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from ..choices import AwardStatus, JudgementValue, ModerationOutcome
from .inspection import Inspection
from .rules import AWARD_ACTIONS, award_rule, draft_rule


class CriterionJudgement(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.ForeignKey(
        "methodology.Criterion", on_delete=models.PROTECT, related_name="judgements"
    )
    value = models.CharField(max_length=10, choices=JudgementValue.choices, blank=True)
    comment = models.TextField(blank=True)
    evidence = models.ManyToManyField("inspections.Evidence", related_name="judgements", blank=True)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (services/versions.py): +1 on every save by a service.
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking version")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "criterion__framework__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"], name="one_judgement_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.get_value_display()}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        # Criterion-level working stays internal: the force and the public see grades and findings.
        return draft_rule(user, action, force_sees=False, public_sees=False)


class ConditionRecord(models.Model):
    """An Excellent condition (beacon, evaluated innovation) recorded for one framework, with evidence."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="conditions")
    framework = models.ForeignKey("methodology.Framework", on_delete=models.PROTECT, related_name="+")
    condition = models.ForeignKey("methodology.Condition", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=False)
    rationale = models.TextField(blank=True)
    evidence = models.ManyToManyField("inspections.Evidence", related_name="conditions", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (services/versions.py): +1 on every save by a service.
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking version")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "framework", "condition"], name="one_record_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.condition.name}: {'present' if self.present else 'absent'}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return draft_rule(user, action, force_sees=False, public_sees=False)


class GradeAward(models.Model):
    """A grade awarded for one framework, with the engine's proposal and trace at the time of award.

    Awards are never edited: a new award supersedes the previous one, so every proposal, award,
    departure and approval is kept."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="awards")
    framework = models.ForeignKey("methodology.Framework", on_delete=models.PROTECT, related_name="awards")
    proposed_grade = models.CharField(
        max_length=40, blank=True, help_text="Empty when the engine proposed none"
    )
    proposal_reason = models.CharField(max_length=60, blank=True)
    trace = models.JSONField(help_text="The engine's trace when the grade was awarded")
    grade = models.CharField(max_length=40)
    rationale = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=AwardStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The lead inspector who approved or rejected a departure",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # What the award was made from (services/basis.py): the framework's judgements, Excellent
    # conditions and the evidence behind each criterion, as canonical JSON with its SHA-256. Empty for
    # an award that rests on no recorded judgements (made before bases were kept, or imported).
    basis = models.JSONField(
        null=True, blank=True, help_text="The judgements, conditions and evidence behind it"
    )
    basis_hash = models.CharField(max_length=64, blank=True)
    # Set, in the transaction of the change, when a later change alters the proposal: the award then
    # no longer rests on what it was made from and must be made again.
    stale_since = models.DateTimeField(null=True, blank=True)
    stale_reason = models.TextField(blank=True)
    # The framework's award series: the first award is 1, each later award the current one's + 1,
    # and a decision on a departure adds 1, so a stale `expected_version` names an older award.
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking version")

    objects = RestrictedQuerySet.as_manager()
    access_actions = AWARD_ACTIONS

    class Meta:
        ordering = ["inspection", "framework__position", "-awarded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.framework.code}: {self.grade}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return award_rule(user, action)

    @property
    def is_departure(self) -> bool:
        return self.proposed_grade != self.grade

    @property
    def is_current(self) -> bool:
        return self.status != AwardStatus.SUPERSEDED

    @property
    def is_marked_stale(self) -> bool:
        return self.stale_since is not None


class ModerationDecision(models.Model):
    """A national moderator's decision on one awarded grade."""

    award = models.ForeignKey(GradeAward, on_delete=models.CASCADE, related_name="moderation_decisions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=ModerationOutcome.choices)
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    # The framework's judgements and conditions as the moderator saw them (services/basis.py), so an
    # agreement stops counting when they change after the inspection is sent back.
    basis = models.JSONField(null=True, blank=True)
    basis_hash = models.CharField(max_length=64, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.award}: {self.get_outcome_display()}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return draft_rule(user, action, prefix="award__inspection__", force_sees=False, public_sees=False)
