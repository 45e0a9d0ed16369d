"""Monitoring data: the indicator catalogue, units, observations, ingest runs and flags (METHODOLOGY §9).

Everything here is internal to the inspectorate: analysts and inspectorate staff read it, analysts
(and administrators) decide on flags, force users and the public see none of it (`rules.py`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from . import rules


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEUTRAL = "neutral", "Neither direction is better"


class Measure(models.TextChoices):
    COUNT = "count", "Monthly count"
    SHARE = "share", "Share (numerator over denominator)"


class UnitKind(models.TextChoices):
    FORCE = "force", "Force"
    LAD = "lad", "Local authority district (command-unit proxy)"


class Indicator(models.Model):
    """One indicator of the catalogue (`catalogue/indicators.yaml`); `definition` says how it is
    computed from police.uk records (crime types, outcomes)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    measure = models.CharField(max_length=10, choices=Measure.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    frequency = models.CharField(max_length=20, default="monthly")
    definition = models.JSONField(default=dict)
    peer_comparison = models.BooleanField(default=True)
    frameworks = models.ManyToManyField("methodology.Framework", related_name="indicators")
    catalogue_version = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return rules.monitoring_rule(user, action, "indicators")


class Unit(models.Model):
    """A force, or a local authority district standing in for a command unit (only districts one
    force polices almost entirely: see the police.uk data README)."""

    kind = models.CharField(max_length=10, choices=UnitKind.choices)
    code = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="monitoring_units")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["force__name", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_monitoring_unit")]

    def __str__(self) -> str:
        return self.name if self.kind == UnitKind.FORCE else f"{self.name} ({self.force.display_short_name})"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return rules.monitoring_rule(user, action, "monitoring units")


class IngestRun(models.Model):
    """One `monitor ingest`: which files, how many rows and observations. Observations point at the
    run that last wrote them."""

    started_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    files = models.JSONField(default=list)
    rows = models.BigIntegerField(default=0)
    observations = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Ingest of {len(self.files)} files ({self.rows} rows)"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return rules.monitoring_rule(user, action, "ingest runs")


class Observation(models.Model):
    """A value per indicator, unit and month. A month without a row is missing (never zero). Shares
    keep their numerator and denominator; counts store the count as both value and numerator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="observations")
    period = models.DateField(help_text="First day of the month")
    value = models.FloatField()
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300)
    run = models.ForeignKey(IngestRun, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "unit", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="unique_observation")
        ]
        indexes = [models.Index(fields=["unit", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period:%Y-%m}: {self.value}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return rules.monitoring_rule(user, action, "observations")


class Decision(models.TextChoices):
    INSPECT = "inspect", "Inspect"
    WATCH = "watch", "Watch"
    DISMISS = "dismiss", "Dismiss"


class Flag(models.Model):
    """A (unit, indicator) flagged for consideration of inspection, for one risk-based framework the
    indicator informs. Recomputing signals updates it in place; one no longer signalled stays, with
    `current` off, so decisions keep their history."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="flags")
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="monitoring_flags")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="flags")
    framework = models.ForeignKey("methodology.Framework", on_delete=models.PROTECT, related_name="flags")
    direction = models.CharField(max_length=12, default="concern")
    strength = models.FloatField()
    summary = models.CharField(max_length=400)
    reasons = models.JSONField(default=list)
    method = models.CharField(max_length=40)
    raised_on = models.DateField(help_text="Month of the latest flagged point")
    current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(auto_now=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"decide"})

    class Meta:
        ordering = ["-strength", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "framework"], name="unique_monitoring_flag")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator.name} · {self.framework.code}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return rules.monitoring_rule(user, action, "flags")
