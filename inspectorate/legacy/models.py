"""What the importers wrote, and where it came from.

`ImportedReport`: one import of a published report (text or PDF) into an ordinary published inspection,
with the source file's SHA-256, the structured result as read and the cross-check disagreements, and
the published version it froze. `PublishedGrade`: a grade published for a force and programme without
a report in the system (a police authority paper, a news report of a performance assessment), with its
source. Rows are written only by `legacy.importer` and `legacy.grades`, never edited afterwards."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from inspectorate.accounts.access import RestrictedQuerySet, Rule, is_admin


class ImportedReport(models.Model):
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="imports")
    # Set once the import's version is frozen (the version is rendered from this row).
    published_report = models.OneToOneField(
        "reports.PublishedReport", null=True, on_delete=models.PROTECT, related_name="imported_from"
    )
    source_name = models.CharField(max_length=300, help_text="The file's name as it was imported")
    source_sha256 = models.CharField(max_length=64, db_index=True)
    source_kind = models.CharField(max_length=10, choices=[("text", "Text"), ("pdf", "PDF")])
    published_month = models.CharField(max_length=7, help_text="YYYY-MM, as printed in the report")
    parsed = models.JSONField(help_text="The report as read (the documented --json shape)")
    disagreements = models.JSONField(default=list, help_text="Cross-checks the document failed")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} (SHA-256 {self.source_sha256[:12]}…)"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action == "view":
            if is_admin(user):
                return Rule.all("administrators see every import")
            return Rule.where(
                Q(inspection__stage="published", inspection__is_demonstration=False),
                "an imported report is public once published, like any published report",
            )
        return Rule.none("an import is never changed: a new import is a new published version")

    @property
    def published_label(self) -> str:
        """The month the report was published, as printed ("October 2007")."""
        import calendar

        year, month = (int(part) for part in self.published_month.split("-"))
        return f"{calendar.month_name[month]} {year}"

    @property
    def provenance(self) -> str:
        return (
            f"Imported from the published report ({self.source_name}, SHA-256 {self.source_sha256}). "
            "Its findings are the printed findings; no criterion judgements are held for it."
        )


class PublishedGrade(models.Model):
    """A grade published for a force and programme without a report held in the system."""

    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="published_grades")
    programme = models.ForeignKey(
        "methodology.Programme", on_delete=models.PROTECT, related_name="published_grades"
    )
    framework = models.ForeignKey(
        "methodology.Framework", on_delete=models.PROTECT, related_name="published_grades"
    )
    grade = models.CharField(max_length=40, help_text="The grade's code in the programme's scale")
    published = models.DateField(help_text="First day of the month of publication")
    source_kind = models.CharField(max_length=120, blank=True, help_text="Where the grade was read")
    source_url = models.CharField(max_length=500)
    source_file = models.CharField(max_length=300)
    source_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["programme__code", "force__name", "framework__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "programme", "framework", "source_url"], name="one_grade_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.framework.code} {self.grade} ({self.programme.code})"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action == "view":
            return Rule.all("published grades are public")
        return Rule.none("published grades change only by importing their file again")

    @property
    def source(self) -> str:
        return self.source_url

    def get_grade_name(self) -> str:
        return self.programme.grade_names().get(self.grade, self.grade)
