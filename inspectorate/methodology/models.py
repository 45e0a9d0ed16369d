"""Methodology packs as loaded: programmes, their grade scale, frameworks, criteria and rule set.

Rows are written only by the pack loader and never edited in place: a changed pack is a new version.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule, reference_data_rule


class ProgrammeQuerySet(RestrictedQuerySet["Programme"]):
    def latest_versions(self) -> ProgrammeQuerySet:
        latest = self.filter(code=models.OuterRef("code")).order_by("-version").values("pk")[:1]
        return self.filter(pk=models.Subquery(latest))


class Programme(models.Model):
    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    inspectorate = models.CharField(max_length=200)
    description = models.TextField()
    period_start = models.DateField()
    period_end = models.DateField()
    published_month = models.CharField(max_length=7, blank=True, help_text="YYYY-MM")
    texts = models.JSONField(default=dict, help_text="Programme-level report texts")
    scale_code = models.CharField(max_length=60)
    scale_name = models.CharField(max_length=200)
    levels = models.JSONField(help_text="Criterion levels, lowest first")
    ruleset = models.JSONField(help_text="The default rule set, as data for the grade engine")
    content_hash = models.CharField(max_length=64)
    source_path = models.CharField(max_length=500, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_programme_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "methodology programmes")

    def grade_names(self) -> dict[str, str]:
        return {g.code: g.name for g in self.grades.all()}


class Grade(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="grades")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    definition = models.TextField()
    position = models.PositiveSmallIntegerField(help_text="0 is the best grade")

    class Meta:
        ordering = ["programme", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_grade_code")]

    def __str__(self) -> str:
        return self.name


class Condition(models.Model):
    """An Excellent condition recorded per framework (beacon, evaluated innovation)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="conditions")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    description = models.TextField()

    class Meta:
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_condition_code")]

    def __str__(self) -> str:
        return self.name


class FrameworkGroup(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    overview = models.TextField(blank=True)
    themes = models.JSONField(default=list)

    class Meta:
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_group_code")]

    def __str__(self) -> str:
        return self.name


class FrameworkKind(models.TextChoices):
    PROGRAMMED = "programmed", "Programmed"
    RISK_BASED = "risk_based", "Risk-based"
    PLANNED = "planned", "Planned"


class FrameworkQuerySet(RestrictedQuerySet["Framework"]):
    def of_kind(self, kind: str) -> FrameworkQuerySet:
        # JSON containment is not available on SQLite, so match the serialised list instead.
        return self.filter(kinds__icontains=f'"{kind}"')


class Framework(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="frameworks")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    kinds = models.JSONField(help_text="Any of programmed, risk_based, planned")
    group = models.ForeignKey(
        FrameworkGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="frameworks"
    )
    position = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=300, blank=True)
    themes = models.JSONField(default=list)
    national_context = models.TextField(blank=True)
    published_distribution = models.JSONField(null=True, blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_framework_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "frameworks")

    @property
    def kind_labels(self) -> list[str]:
        return [FrameworkKind(k).label for k in self.kinds]

    def all_themes(self) -> dict[str, str]:
        themes = {t["code"]: t["name"] for t in (self.group.themes if self.group else [])}
        themes.update({t["code"]: t["name"] for t in self.themes})
        return themes


class Criterion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=30)
    level = models.CharField(max_length=30)
    theme = models.CharField(max_length=60, blank=True)
    theme_name = models.CharField(max_length=200, blank=True)
    significant = models.BooleanField(default=False)
    dominant = models.BooleanField(default=False)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "position"]
        verbose_name_plural = "criteria"
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_criterion_code")]

    def __str__(self) -> str:
        return self.code

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "grading criteria")


class GlossaryTerm(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=40)
    meaning = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["programme", "term"]
        constraints = [models.UniqueConstraint(fields=["programme", "term"], name="unique_glossary_term")]

    def __str__(self) -> str:
        return f"{self.term}: {self.meaning}"
