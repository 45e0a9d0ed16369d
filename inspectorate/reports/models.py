"""Published reports: each version of a force's report frozen as files with their SHA-256 hashes.

A row is written once, by `publication.publish` or `publication.correct`, and never edited, except to
record which later version supersedes it. The files live under
`MEDIA_ROOT/published/<force>/<programme>/v<N>/` and are served by views, never from a media URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from inspectorate.accounts.access import RestrictedQuerySet, Rule, is_admin
from inspectorate.inspections.models.rules import published_q

# The formats frozen at publication, as (extension, media type).
FORMATS = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


class FrozenReport(Exception):
    """A published version's content cannot change; a correction is a new version."""


class PublishedReportQuerySet(RestrictedQuerySet["PublishedReport"]):
    def latest_versions(self) -> PublishedReportQuerySet:
        return self.filter(superseded_by__isnull=True)


class PublishedReport(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="published_reports"
    )
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="published_reports")
    programme = models.ForeignKey(
        "methodology.Programme", on_delete=models.PROTECT, related_name="published_reports"
    )
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    change_note = models.TextField(
        blank=True, help_text="What a correction changed; empty for the first version"
    )
    few_practice_reason = models.TextField(
        blank=True,
        help_text="Why the report was published with fewer than three developing-practice examples",
    )
    report_json = models.TextField(help_text="The report as published, in its JSON form")
    json_sha256 = models.CharField(max_length=64)
    html_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        ordering = ["programme__code", "force__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["force", "programme", "version"], name="one_published_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="published_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only the pointer to the superseding version may be set after the row is written.
        changing = set(kwargs.get("update_fields") or ())
        if self.pk is not None and (not changing or changing - {"superseded_by", "superseded_at"}):
            raise FrozenReport(f"version {self.version} of {self.title} is published and cannot change")
        super().save(*args, **kwargs)

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action == "view":
            if is_admin(user):
                return Rule.all("administrators see every published report")
            return Rule.where(published_q("inspection__"), "published reports are public")
        return Rule.none("a published report never changes; a correction is a new version")

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    @property
    def relative_dir(self) -> str:
        return f"published/{self.force.code}/{self.programme.code}/v{self.version}"

    @property
    def directory(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.relative_dir

    def path(self, extension: str) -> Path:
        if extension not in FORMATS:
            raise ValueError(f"no {extension!r} file is published; formats: {', '.join(FORMATS)}")
        return self.directory / f"report.{extension}"

    def sha256(self, extension: str) -> str:
        return str(getattr(self, f"{extension}_sha256"))
