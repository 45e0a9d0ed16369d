from __future__ import annotations

from typing import Any

from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule, reference_data_rule


class ProgrammePolicy(models.Model):
    """How the inspection services apply one programme's rules where METHODOLOGY leaves a choice.

    A pack's format is fixed, so these settings live beside the loaded programme. A programme with no
    policy row gets the defaults: *met* needs verified evidence, and evidence bearing on any framework
    of any of the programme's groups (in the 2007 pack only PVP) is OFFICIAL-SENSITIVE by default."""

    programme = models.OneToOneField(
        "methodology.Programme", on_delete=models.CASCADE, related_name="inspection_policy"
    )
    met_needs_verified_evidence = models.BooleanField(
        default=True, help_text="A criterion can be judged met only with verified supporting evidence"
    )
    sensitive_groups = models.JSONField(
        null=True,
        blank=True,
        help_text="Codes of the groups (those about victims, children and offenders) whose evidence is "
        "OFFICIAL-SENSITIVE by default; not set means every group of the programme, [] means none",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "programme policies"

    def __str__(self) -> str:
        return f"Inspection policy for {self.programme}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return reference_data_rule(user, action, "programme policies")
