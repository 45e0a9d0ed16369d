from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule

from ..choices import Marking, SourceType, Verification
from .inspection import Inspection
from .rules import EVIDENCE_ACTIONS, evidence_rule


class Evidence(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    reference = models.CharField(max_length=20, help_text="Short reference within the inspection, e.g. E012")
    source_type = models.CharField(max_length=30, choices=SourceType.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What the evidence says")
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    collected_on = models.DateField()
    effective_date = models.DateField(help_text="The date the evidence describes")
    outside_period_reason = models.TextField(
        blank=True, help_text="Why evidence describing a date outside the assessment period may still be used"
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    criteria = models.ManyToManyField("methodology.Criterion", related_name="evidence", blank=True)
    frameworks = models.ManyToManyField("methodology.Framework", related_name="evidence", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Set when a force liaison officer submitted the item",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking (services/versions.py): +1 on every save by a service.
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking version")

    objects = RestrictedQuerySet.as_manager()
    access_actions = EVIDENCE_ACTIONS

    class Meta:
        ordering = ["inspection", "reference"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "reference"], name="unique_evidence_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return evidence_rule(user, action)

    @property
    def is_sensitive(self) -> bool:
        return self.marking == Marking.OFFICIAL_SENSITIVE

    @property
    def outside_period(self) -> bool:
        return not self.inspection.in_period(self.effective_date)

    @property
    def can_support_judgement(self) -> bool:
        """Evidence about a date outside the assessment period supports a judgement only when an
        inspector has recorded why it still may."""
        return not self.outside_period or bool(self.outside_period_reason.strip())

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


class EvidenceFile(models.Model):
    """An attached file, stored outside any public path under a random name; served only by a view that
    checks access first. The media type is sniffed from the content, never taken from the upload."""

    evidence = models.OneToOneField(Evidence, on_delete=models.CASCADE, related_name="file")
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.original_name} ({self.media_type}, {self.size} bytes)"


class VerificationEvent(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="verification_events")
    from_state = models.CharField(max_length=20, choices=Verification.choices)
    to_state = models.CharField(max_length=20, choices=Verification.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    corroborating = models.ForeignKey(
        Evidence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The independent item that corroborates this one",
    )
    tested_in_practice = models.BooleanField(
        default=False,
        help_text="The team tested what the item says in practice (the note says how): the independent "
        "check that lets a force self-assessment become verified",
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.evidence.reference}: {self.from_state} → {self.to_state}"
