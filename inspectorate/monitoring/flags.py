"""Flags: raised from the signals (refresh_flags), and decided by analysts (decide).

Both are services: they hold the transaction, the access decision and the audit write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.months import month_key

from . import spc
from .models import Decision, Flag
from .signals import PEER_WINDOW, Analysis, analyse


class NotAllowed(PermissionError):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class Invalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass
class RefreshSummary:
    raised: int = 0
    updated: int = 0
    cleared: int = 0
    current: int = 0

    def __str__(self) -> str:
        return (
            f"{self.current} current ({self.raised} raised, {self.updated} updated, {self.cleared} cleared)"
        )


def _fmt(value: float, share: bool) -> str:
    return f"{value:.1%}" if share else f"{value:,.0f}"


def _reasons(analysis: Analysis, r: int) -> tuple[list[dict[str, Any]], str]:
    _, j = analysis.series[r]
    indicator = analysis.indicators[j]
    share = indicator.measure == "share"
    sig = analysis.signals
    t = len(analysis.months)
    start = max(t - 3, 0)
    chart = sig.chart
    reasons: list[dict[str, Any]] = []
    parts = []
    for c in range(start, t):
        if not sig.concern[r, c]:
            continue
        month = month_key(analysis.months[c])
        value = float(analysis.values[r, c])
        bits = int(sig.rules[r, c])
        for name in spc.rule_names(bits):
            reasons.append(
                {
                    "rule": name,
                    "method": str(sig.method[r]),
                    "window": [
                        month_key(analysis.months[start]),
                        month_key(analysis.months[-1]),
                    ],
                    "month": month,
                    "value": value,
                    "analysed": float(sig.analysed[r, c]),
                    "centre": float(chart.centre[r]),
                    "upper": float(chart.upper[r]),
                    "lower": float(chart.lower[r]),
                    "strength": float(sig.strength[r, c]),
                }
            )
        parts.append(f"{month} {_fmt(value, share)} ({'; '.join(spc.rule_names(bits))})")
    window = f"{analysis.months[start]:%Y-%m} to {analysis.months[-1]:%Y-%m}"
    summary = f"{indicator.name}, last three months ({window}): concern in " + ", ".join(parts)
    p = int(analysis.peer_rows[r])
    if p >= 0 and analysis.evaluation.peer_deteriorating[r]:
        cmp = analysis.comparison[j]
        reasons.append(
            {
                "rule": "outside the peers' 95% funnel limit on the deteriorating side",
                "window": [month_key(m) for m in analysis.months[-PEER_WINDOW:]],
                "group": analysis.peer_version,
                "rate": float(cmp.rate[p]),
                "target": float(cmp.target[p]),
                "dispersion_factor": float(cmp.phi[p]),
                "z": float(cmp.z[p]),
            }
        )
        summary += (
            f"; {cmp.rate[p]:.2%} against peers' {cmp.target[p]:.2%} (z {cmp.z[p]:.2f}, dispersion factor "
            f"{cmp.phi[p]:.1f})"
        )
    elif analysis.evaluation.persistent[r]:
        summary += "; the concern persists for two consecutive months"
    return reasons, summary[:400]


def refresh_flags(actor: Any = None) -> RefreshSummary:
    """Recompute every flag from the stored observations, in one transaction. A flag still signalled
    keeps its decision; one no longer signalled is kept but no longer current."""
    analysis = analyse()
    summary = RefreshSummary()
    flagged = np.flatnonzero(analysis.evaluation.flagged)
    with transaction.atomic():
        existing = {
            (f.unit_id, f.indicator_id, f.framework_id): f
            for f in Flag.objects.select_related("indicator", "framework", "unit")
        }
        seen = set()
        frameworks = {ind.pk: list(ind.frameworks.all()) for ind in analysis.indicators}
        for r in flagged:
            u, j = analysis.series[r]
            unit, indicator = analysis.units[u], analysis.indicators[j]
            reasons, text = _reasons(analysis, int(r))
            raised_on = analysis.months[int(analysis.evaluation.raised_index[r])]
            values = {
                "force_id": unit.force_id,
                "direction": "concern",
                "strength": float(analysis.evaluation.strength[r]),
                "summary": text,
                "reasons": reasons,
                "method": str(analysis.signals.method[r]),
                "raised_on": raised_on,
                "current": True,
            }
            for framework in frameworks[indicator.pk]:
                key = (unit.pk, indicator.pk, framework.pk)
                seen.add(key)
                flag = existing.get(key)
                if flag is None:
                    flag = Flag.objects.create(unit=unit, indicator=indicator, framework=framework, **values)
                    audit.record(actor, "flag.raised", flag, after=audit.snapshot(flag))
                    summary.raised += 1
                    continue
                before = audit.snapshot(flag, list(values))
                for k, v in values.items():
                    setattr(flag, k, v)
                after = audit.snapshot(flag, list(values))
                if after != before:
                    flag.save()
                    audit.record(actor, "flag.updated", flag, before=before, after=after)
                    summary.updated += 1
        for key, flag in existing.items():
            if key not in seen and flag.current:
                flag.current = False
                flag.save(update_fields=["current", "computed_at"])
                audit.record(actor, "flag.cleared", flag, before={"current": True}, after={"current": False})
                summary.cleared += 1
        summary.current = len(seen)
    return summary


def decide(user: Any, flag: Flag, decision: str, reason: str) -> Flag:
    """An analyst's decision on a flag (inspect, watch or dismiss) with a reason, audited."""
    allowed = Flag.objects.decide(user, "decide", flag)
    if not allowed:
        raise NotAllowed(allowed.reason)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = f"choose one of {', '.join(Decision.values)}"
    if not reason.strip():
        errors["reason"] = "say why"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        fields = ["decision", "decision_reason", "decided_by", "decided_at"]
        before = audit.snapshot(locked, fields)
        locked.decision = decision
        locked.decision_reason = reason.strip()
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save(update_fields=fields)
        audit.record(user, "flag.decided", locked, before=before, after=audit.snapshot(locked, fields))
    return locked
