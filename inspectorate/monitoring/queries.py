"""Monitoring flags for programme planning (the interface in the project's INTERFACES agreement).

Planning reads flags through `flags_for_planning`; the Flag rows themselves (monitoring.models.Flag,
with force and framework foreign keys) are also queryable directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Decision, Flag


@dataclass(frozen=True)
class FlagSummary:
    flag_id: int
    force_code: str  # the force the flag's unit belongs to
    framework_code: str  # risk-based framework code of the 2007 pack (e.g. "VCR")
    programme_code: str  # "hmic-2007"
    strength: float  # strength of evidence, >= 0 (larger is stronger); docs/monitoring.md
    direction: str  # "concern" | "improvement"
    decision: str | None  # "inspect" | "watch" | "dismiss" | None (undecided)
    reason: str  # one-line human reason (rule, window, values)
    raised_on: datetime.date  # month of the latest flagged point


def flags_for_planning(force_code: str | None = None, framework_code: str | None = None) -> list[FlagSummary]:
    """Open concern flags (not dismissed), per force and risk-based framework, strongest first."""
    flags = (
        Flag.objects.filter(current=True, direction="concern")
        .exclude(decision=Decision.DISMISS)
        .select_related("force", "framework__programme")
    )
    if force_code is not None:
        flags = flags.filter(force__code=force_code)
    if framework_code is not None:
        flags = flags.filter(framework__code=framework_code)
    return [
        FlagSummary(
            flag_id=f.pk,
            force_code=f.force.code,
            framework_code=f.framework.code,
            programme_code=f.framework.programme.code,
            strength=f.strength,
            direction=f.direction,
            decision=f.decision or None,
            reason=f.summary,
            raised_on=f.raised_on,
        )
        for f in flags.order_by("-strength", "force__code", "framework__code", "pk")
    ]
