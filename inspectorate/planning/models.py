"""The risk register's records, plans and the follow-up of areas for improvement (METHODOLOGY §10, §11)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from .rules import action_rule, assessment_rule, engagement_rule, register_rule


class RiskModelVersion(models.Model):
    """A risk-model file as loaded (`inspectorate plan load-model PATH`): its text, so a plan can
    always be re-read with the model it was worked out with."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    source_path = models.CharField(max_length=500, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"view_scores"})

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_risk_model_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return register_rule(user, action, "risk models")


class AssessmentKind(models.TextChoices):
    THREAT = "threat_exposure", "Threat exposure"
    CAPACITY = "capacity_capability", "Capacity and capability"


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskAssessment(models.Model):
    """An analyst's dated judgement of a force's exposure to threats (organised crime, terrorism) or
    of its capacity and capability, with the evidence for it. The latest on or before a register's
    date counts."""

    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="risk_assessments")
    kind = models.CharField(max_length=30, choices=AssessmentKind.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    assessed_on = models.DateField()
    evidence = models.TextField()
    is_sample = models.BooleanField(
        default=False, help_text="A sample for demonstration, not a real assessment (shown as such)"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"view_scores"})

    class Meta:
        ordering = ["force", "kind", "-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.force}: {self.get_kind_display()} {self.level} ({self.assessed_on})"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return assessment_rule(user, action)


class Engagement(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SCAN = "scan", "Scan"
    ENGAGE = "engage", "Engage"


class EngagementStatus(models.Model):
    """A force's engagement status as set by a lead inspector, with the reason; the latest counts and
    the earlier ones stay as its history."""

    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="engagement_statuses")
    status = models.CharField(max_length=10, choices=Engagement.choices)
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["force", "-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.force}: {self.get_status_display()}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return engagement_rule(user, action)


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"
    SUPERSEDED = "superseded", "Superseded"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class TrackedAction(models.Model):
    """An area for improvement or recommendation of a published report, followed up with its force."""

    finding = models.OneToOneField(
        "inspections.Finding", on_delete=models.PROTECT, related_name="tracked_action"
    )
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="tracked_actions")
    framework_code = models.CharField(max_length=20, help_text="Framework, or group (PVP) for its overview")
    programme_code = models.CharField(max_length=60)
    opened_on = models.DateField(help_text="Publication of the report that named it")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closing_evidence = models.TextField(blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"post_update"})

    class Meta:
        ordering = ["force", "framework_code", "opened_on", "id"]

    def __str__(self) -> str:
        return f"{self.force.display_short_name} {self.framework_code}: {self.finding.text[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return action_rule(user, action)


class ProgressUpdate(models.Model):
    action = models.ForeignKey(TrackedAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["action", "posted_at", "id"]

    def __str__(self) -> str:
        return f"Update on {self.action}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action == "view":
            return action_rule(user, action, prefix="action__")
        return Rule.none("progress updates are posted on the tracked action (its post_update rule)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Plan(models.Model):
    """A proposed programme: its parameters, pins and the latest solution with every score's working."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    programme = models.ForeignKey("methodology.Programme", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(help_text="First day of the first quarter; scores are worked out for it")
    quarters = models.PositiveSmallIntegerField(default=4)
    capacity = models.PositiveIntegerField(help_text="Inspector-days available per quarter")
    mandatory = models.JSONField(
        default=list, blank=True, help_text="Framework codes required for every force"
    )
    frameworks = models.JSONField(default=list, blank=True, help_text="Framework codes planned; empty: all")
    model = models.ForeignKey(
        RiskModelVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    model_label = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    result = models.JSONField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    inspections = models.ManyToManyField("inspections.Inspection", blank=True, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"view_scores", "pin", "approve"})

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or self.code

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return register_rule(user, action, "plans")


class PlanPin(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pins")
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="+")
    framework_code = models.CharField(max_length=20)
    pinned_in = models.BooleanField()
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"view_scores", "pin"})

    class Meta:
        ordering = ["plan", "force", "framework_code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "force", "framework_code"], name="one_pin_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{'in' if self.pinned_in else 'out'}: {self.force} {self.framework_code}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return register_rule(user, action, "plans")
