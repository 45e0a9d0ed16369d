from __future__ import annotations

from typing import Any

from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule, reference_data_rule


class Country(models.TextChoices):
    ENGLAND = "England"
    WALES = "Wales"


class Force(models.Model):
    code = models.SlugField(max_length=40, unique=True, help_text="police.uk force id where it has one")
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=10, choices=Country.choices)
    region = models.CharField(max_length=60)
    police_uk_id = models.CharField(max_length=40, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names used in published sources")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "forces")


class CommandUnit(models.Model):
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="command_units")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, default="BCU", help_text="The force's own word, e.g. OCU")
    as_of = models.DateField()
    source = models.TextField(blank=True, help_text="Where the names come from and how sure they are")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["force", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "code"], name="unique_command_unit_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.force.display_short_name})"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "command units")


class ForceFact(models.Model):
    """A dated context fact the report prints, e.g. the force's area or its number of PCSOs."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="facts")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True)
    approximate = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    as_of = models.DateField()
    source = models.CharField(max_length=300)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["force", "-as_of", "key"]
        constraints = [
            models.UniqueConstraint(fields=["force", "key", "as_of"], name="unique_force_fact_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.force.display_short_name} {self.label} {self.display_value} ({self.as_of})"

    @property
    def display_value(self) -> str:
        number = f"{self.value:,.2f}".rstrip("0").rstrip(".")
        text = f"{number} {self.unit}".strip()
        return f"about {text}" if self.approximate else text

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "force facts")


class PeerGroupSet(models.Model):
    """One version of the most similar groups (a file per version)."""

    version = models.CharField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    unit_kind = models.CharField(
        max_length=20, choices=[("force", "Force"), ("command_unit", "Command unit")]
    )
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Peer groups {self.version}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "peer groups")


class PeerLink(models.Model):
    group_set = models.ForeignKey(PeerGroupSet, on_delete=models.CASCADE, related_name="links")
    unit_code = models.CharField(max_length=60)
    peer_code = models.CharField(max_length=60)

    class Meta:
        ordering = ["unit_code", "peer_code"]
        constraints = [
            models.UniqueConstraint(fields=["group_set", "unit_code", "peer_code"], name="unique_peer_link")
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} → {self.peer_code}"
