"""Developing-practice examples and their adoptions by other forces.

Rows change only through `services.py`. Who sees what is decided by `practice_rule` below: a force
liaison officer sees and submits their own force's examples; an inspection team sees the examples of
the forces it inspects; everyone else, the public included, sees only the examples printed in a
published report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from inspectorate.accounts.access import RestrictedQuerySet, Rule, is_admin, signed_in
from inspectorate.accounts.roles import Role
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.models.rules import published_q, team_q


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SELECTED = "selected", "Selected for the report"
    DECLINED = "declined", "Not selected"


def _published_q(prefix: str) -> Q:
    """Printed in a published report: selected for an inspection that is published."""
    return Q(**{f"{prefix}status": Status.SELECTED}) & published_q(f"{prefix}selected_for__")


def _team_q(user: Any, prefix: str) -> Q:
    # The team of an inspection of the example's force in the example's programme.
    inspected = Inspection.objects.filter(
        team_q(user),
        force=OuterRef(f"{prefix}force"),
        programme=OuterRef(f"{prefix}programme"),
    )
    return Q(Exists(inspected))


ADOPTION_REFUSAL = (
    "an adoption is recorded by the adopting force's liaison officer or by the team inspecting the "
    "example's force"
)


def practice_rule(user: Any, action: str, prefix: str = "") -> Rule:
    """Who sees, submits ("add"), selects ("change") and records adoptions of ("adopt") examples."""
    role = user.role if signed_in(user) else ""
    if action == "add" and role != Role.FORCE_LIAISON:
        # Administrators too: an example is the force's own account of its practice.
        return Rule.none("only a force's liaison officer submits its developing practice")
    if is_admin(user):
        return Rule.all("administrators see every developing-practice example")
    published = _published_q(prefix)
    if not signed_in(user):
        if action == "view":
            return Rule.where(published, "the public sees the examples printed in published reports")
        return Rule.none("sign in to submit developing practice")
    if role == Role.FORCE_LIAISON:
        own = Q(**{f"{prefix}force": user.force})
        if action == "view":
            return Rule.where(own | published, "a force liaison officer sees their own force's examples")
        if action == "add":
            return Rule.where(own, "a force liaison officer submits examples for their own force")
        if action == "adopt":
            # A force says for itself that it has taken up another force's published example.
            return Rule.where(
                published & ~own,
                "a force liaison officer records their force's adoption of another force's published example",
                refusal=ADOPTION_REFUSAL,
            )
        return Rule.none("the inspection team decides which examples are selected")
    if role in (Role.INSPECTOR, Role.LEAD_INSPECTOR):
        team = _team_q(user, prefix)
        if action == "view":
            return Rule.where(
                team | published, "the inspection team sees the examples of the force it inspects"
            )
        if action == "change":
            return Rule.where(team, "only the team inspecting the force selects its examples")
        if action == "adopt":
            return Rule.where(
                team,
                "the team inspecting the example's force records its adoptions",
                refusal=ADOPTION_REFUSAL,
            )
        return Rule.none("examples are submitted by the force's liaison officer")
    if action == "adopt":
        return Rule.none(ADOPTION_REFUSAL)
    if action == "view":
        return Rule.where(published, "examples are public once printed in a published report")
    return Rule.none(f"{user.role_label}s do not handle developing practice")


class PracticeExample(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="practice_examples")
    programme = models.ForeignKey(
        "methodology.Programme", on_delete=models.PROTECT, related_name="practice_examples"
    )
    framework = models.ForeignKey(
        "methodology.Framework",
        on_delete=models.PROTECT,
        related_name="practice_examples",
        help_text="The inspection area the example is filed under",
    )
    title = models.CharField(max_length=200)
    problem = models.TextField()
    solution = models.TextField()
    outcomes = models.TextField()
    contact_name = models.CharField(max_length=200)
    contact_details = models.CharField(max_length=300, help_text="Telephone number or email address")
    evaluated_by_force = models.BooleanField(default=False)
    transferable = models.BooleanField(default=False, help_text="Easily transferable to other forces")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    selected_for = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practice_examples",
        help_text="The inspection whose report prints the example (or that declined it)",
    )
    selection_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_actions = frozenset({"adopt"})

    class Meta:
        ordering = ["force", "framework__position", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=Status.SELECTED, selected_for__isnull=True),
                name="selected_practice_names_its_inspection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.force})"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return practice_rule(user, action)

    @property
    def qualifies(self) -> bool:
        """METHODOLOGY §6: evaluated by the force and easily transferable to other forces."""
        return self.evaluated_by_force and self.transferable

    def qualification_gaps(self) -> list[str]:
        gaps = []
        if not self.evaluated_by_force:
            gaps.append("the force has not evaluated it")
        if not self.transferable:
            gaps.append("it is not easily transferable to other forces")
        return gaps


class Adoption(models.Model):
    """Another force took up an example; evidence for the owning force's beacon condition (§5)."""

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="adoptions")
    adopting_force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="adoptions")
    adopted_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["example", "adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["example", "adopting_force"], name="one_adoption_per_force")
        ]

    def __str__(self) -> str:
        return f"{self.adopting_force} adopted {self.example.title}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action == "view":
            return practice_rule(user, action, prefix="example__")
        if action != "add":
            return Rule.none("an adoption, once recorded, is not changed")
        # Decided on the row as written (see services.record_adoption): who may record adoptions of
        # the example, and a force liaison officer only for their own force.
        rule = practice_rule(user, "adopt", prefix="example__")
        if rule.q is not None and signed_in(user) and user.force_id is not None:
            return Rule.where(
                rule.q & Q(adopting_force=user.force),
                "a force liaison officer records their own force's adoptions",
                refusal="a force liaison officer records adoptions by their own force only",
            )
        return rule
