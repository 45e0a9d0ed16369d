from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from ..choices import LOCKED_STAGES, STAGE_ORDER, Stage
from .rules import INSPECTION_ACTIONS, inspection_rule, published_q, team_q


class InspectionQuerySet(RestrictedQuerySet["Inspection"]):
    def counting_nationally(self) -> InspectionQuerySet:
        """Inspections whose results may count in national figures: never a demonstration."""
        return self.filter(is_demonstration=False)

    def published(self) -> InspectionQuerySet:
        return self.filter(published_q())


class Inspection(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="inspections")
    programme = models.ForeignKey(
        "methodology.Programme", on_delete=models.PROTECT, related_name="inspections"
    )
    frameworks = models.ManyToManyField(
        "methodology.Framework", related_name="inspections", help_text="Frameworks in scope"
    )
    title = models.CharField(max_length=200, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspections_led"
    )
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="inspections", blank=True)
    fieldwork_starts = models.DateField(null=True, blank=True)
    fieldwork_ends = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PLANNED, db_index=True)
    is_demonstration = models.BooleanField(
        default=False,
        help_text="A reconstruction for demonstration: never counts nationally and can never be published",
    )
    demonstration_note = models.TextField(blank=True)
    # The force's overview and context for the report (geography, demography, strategic priorities,
    # developments since the last inspection), and each framework's force contextual factors.
    context = models.JSONField(default=dict, blank=True)
    framework_context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = InspectionQuerySet.as_manager()
    access_actions = INSPECTION_ACTIONS

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_demonstration=True, stage=Stage.PUBLISHED),
                name="demonstration_never_published",
            )
        ]

    def __str__(self) -> str:
        name = self.title or f"{self.force} – {self.programme.name}"
        return f"{name} (reconstruction for demonstration)" if self.is_demonstration else name

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return inspection_rule(user, action)

    @property
    def is_published(self) -> bool:
        """The report is published (a demonstration never is: see the constraint above)."""
        return self.stage == Stage.PUBLISHED and not self.is_demonstration

    @property
    def is_locked(self) -> bool:
        """Signed off: judgements, grades and evidence no longer change (findings answer comments only)."""
        return self.stage in LOCKED_STAGES

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def is_on_team(self, user: Any) -> bool:
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return Inspection.objects.filter(team_q(user), pk=self.pk).exists()

    def in_period(self, day: Any) -> bool:
        return self.programme.period_start <= day <= self.programme.period_end


class StageChange(models.Model):
    """Every move through the workflow, with who moved it and why."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        from .rules import draft_rule

        return draft_rule(user, action, public_sees=False)
