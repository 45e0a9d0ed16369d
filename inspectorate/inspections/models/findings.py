from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from ..choices import FindingKind
from .inspection import Inspection
from .rules import FINDING_ACTIONS, draft_rule, finding_rule


class Finding(models.Model):
    """A strength, work in progress, area for improvement or recommendation, under one framework or,
    for a group's overview (PVP), under the group."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    framework = models.ForeignKey(
        "methodology.Framework", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    group = models.ForeignKey(
        "methodology.FrameworkGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    criteria = models.ManyToManyField("methodology.Criterion", related_name="findings", blank=True)
    evidence = models.ManyToManyField("inspections.Evidence", related_name="findings", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (services/versions.py): +1 on every save by a service.
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking version")

    objects = RestrictedQuerySet.as_manager()
    access_actions = FINDING_ACTIONS

    class Meta:
        ordering = ["inspection", "kind", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(framework__isnull=False, group__isnull=True)
                | models.Q(framework__isnull=True, group__isnull=False),
                name="finding_under_framework_or_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return finding_rule(user, action)


class FindingComment(models.Model):
    """A force's comment on a finding at the factual accuracy check, and the team's answer."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.finding}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return draft_rule(user, action, prefix="finding__inspection__", public_sees=False)
