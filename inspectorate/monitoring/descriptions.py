"""Descriptions of the analysis for pages, the API and the CLI: one series' limits, signals and peer
comparison, a unit's signals and flags, and the funnel of every force for one indicator."""

from __future__ import annotations

from typing import Any

import numpy as np

from inspectorate.months import month_key

from . import peers, spc
from .models import Indicator, Measure, Unit, UnitKind
from .signals import DIRECTION_SIGN, PEER_WINDOW, Analysis, analyse


def _num(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 6)


def describe_series(analysis: Analysis, r: int) -> dict[str, Any]:
    """Limits, flagged points (of the chart), the signals used for flags and the peer comparison of
    one series."""
    _, j = analysis.series[r]
    indicator = analysis.indicators[j]
    sig = analysis.signals
    chart = sig.chart
    improvement_chart, concern_chart = spc.classify(
        chart.side[r : r + 1], np.array([DIRECTION_SIGN[indicator.direction]])
    )
    points = []
    for c, month in enumerate(analysis.months):
        value = analysis.values[r, c]
        if np.isnan(value):
            continue
        bits = int(chart.rules[r, c])
        if bits:
            points.append(
                {
                    "month": month_key(month),
                    "value": _num(value),
                    "rules": spc.rule_names(bits),
                    "class": "improvement"
                    if improvement_chart[0, c]
                    else "concern"
                    if concern_chart[0, c]
                    else "neither",
                }
            )
    signal_points = []
    for c, month in enumerate(analysis.months):
        bits = int(sig.rules[r, c])
        if bits:
            signal_points.append(
                {
                    "month": month_key(month),
                    "value": _num(analysis.values[r, c]),
                    "analysed": _num(sig.analysed[r, c]),
                    "rules": spc.rule_names(bits),
                    "class": "improvement"
                    if sig.improvement[r, c]
                    else "concern"
                    if sig.concern[r, c]
                    else "neither",
                    "strength": _num(sig.strength[r, c]),
                }
            )
    peer = None
    p = int(analysis.peer_rows[r])
    if p >= 0:
        cmp = analysis.comparison[j]
        peer = {
            "group": analysis.peer_version,
            "members": int(cmp.members[p]),
            "rate": _num(cmp.rate[p]),
            "target": _num(cmp.target[p]),
            "dispersion_factor": _num(cmp.phi[p]),
            "z": _num(cmp.z[p]),
            "outside_95": bool(cmp.outside95[p]),
            "outside_99_8": bool(cmp.outside998[p]),
            "deteriorating": bool(analysis.evaluation.peer_deteriorating[r]),
            "window": [month_key(m) for m in analysis.months[-PEER_WINDOW:]],
        }
    series = [
        {
            "month": month_key(m),
            "value": _num(analysis.values[r, c]),
            "numerator": _num(analysis.numerators[r, c]),
            "denominator": _num(analysis.denominators[r, c]),
        }
        for c, m in enumerate(analysis.months)
        if not np.isnan(analysis.values[r, c])
    ]
    return {
        "indicator": {
            "code": indicator.code,
            "name": indicator.name,
            "direction": indicator.direction,
            "measure": indicator.measure,
        },
        "limits": {
            "centre": _num(chart.centre[r]),
            "mean_moving_range": _num(chart.mean_moving_range[r]),
            "lower": _num(chart.lower[r]),
            "upper": _num(chart.upper[r]),
            "baseline_points": int(chart.baseline_points[r]),
            "trial": bool(chart.trial[r]),
        },
        "points": points,
        "method": str(sig.method[r]),
        "method_label": spc.METHOD_LABELS[str(sig.method[r])],
        "signals": signal_points,
        "peer": peer,
        "series": series,
    }


def unit_signals(code: str, indicator: str | None = None, user: Any = None) -> dict[str, Any]:
    from .models import Flag

    units = Unit.objects.select_related("force")
    if user is not None:
        units = units.restrict(user, "view")
    unit = units.filter(code=code).order_by("kind").first()
    if unit is None:
        raise LookupError(f"no monitoring unit {code!r}; ingest its data first (inspectorate monitor ingest)")
    # Peer comparison needs the other forces, so a force is analysed with all forces.
    scope = (
        list(Unit.objects.filter(kind=UnitKind.FORCE).select_related("force"))
        if unit.kind == UnitKind.FORCE
        else [unit]
    )
    analysis = analyse(scope)
    items = []
    for ind in analysis.indicators:
        if indicator and ind.code != indicator:
            continue
        r = analysis.row(unit, ind)
        if r is not None:
            items.append(describe_series(analysis, r))
    if indicator and not items:
        raise LookupError(f"no observations of {indicator!r} for {code!r}")
    flags = Flag.objects.filter(unit=unit, current=True).select_related(
        "unit", "force", "indicator", "framework"
    )
    if user is not None:
        flags = flags.restrict(user, "view")
    return {
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind, "force": unit.force.code},
        "months": sorted({p["month"] for item in items for p in item["series"]}),
        "indicators": items,
        "flags": [flag_dict(f) for f in flags],
    }


def flag_dict(flag: Any) -> dict[str, Any]:
    return {
        "id": flag.pk,
        "unit": flag.unit.code,
        "force": flag.force.code,
        "indicator": flag.indicator.code,
        "framework": flag.framework.code,
        "direction": flag.direction,
        "strength": round(flag.strength, 3),
        "summary": flag.summary,
        "reasons": flag.reasons,
        "method": flag.method,
        "raised_on": flag.raised_on.isoformat(),
        "current": flag.current,
        "decision": flag.decision or None,
        "decision_reason": flag.decision_reason,
    }


def national_funnel(indicator_code: str) -> dict[str, Any]:
    """Every force's rate for one indicator over the last PEER_WINDOW months against the weighted
    rate of all forces, with the dispersion factor of all forces (the funnel plot across forces)."""
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise LookupError(f"no indicator {indicator_code!r}")
    units = list(Unit.objects.filter(kind=UnitKind.FORCE).select_related("force").order_by("name"))
    analysis = analyse(units)
    j = analysis.indicator_index[indicator.pk]
    if not indicator.peer_comparison or j not in analysis.comparison or not analysis.months:
        return {"indicator": indicator, "rows": [], "target": None, "phi": None, "window": []}
    # Numerators and denominators as in the peer comparison, all forces in one group.
    t = len(analysis.months)
    window = slice(max(t - PEER_WINDOW, 0), t)
    total_j = next((i for i, ind in enumerate(analysis.indicators) if ind.code == "all-records"), None)
    num = np.full(len(units), np.nan)
    den = np.full(len(units), np.nan)
    for p, unit in enumerate(units):
        r = analysis.row(unit, indicator)
        if r is None:
            continue
        if indicator.measure == Measure.SHARE:
            k_row, n_row = analysis.numerators[r, window], analysis.denominators[r, window]
        else:
            total = analysis.row(unit, analysis.indicators[total_j]) if total_j is not None else None
            if total is None:
                continue
            k_row, n_row = analysis.numerators[r, window], analysis.numerators[total, window]
        both = ~np.isnan(k_row) & ~np.isnan(n_row)
        if both.any():
            num[p], den[p] = k_row[both].sum(), n_row[both].sum()
    result = peers.compare(num, den, np.ones((len(units), len(units)), dtype=bool))
    sign = DIRECTION_SIGN[indicator.direction]
    rows = []
    for p, unit in enumerate(units):
        if np.isnan(result.rate[p]):
            continue
        outside = None
        if result.outside95[p]:
            worse = np.sign(result.rate[p] - result.target[p]) * sign < 0
            outside = "worse" if worse else "better" if sign else "outside"
        rows.append(
            {
                "code": unit.code,
                "name": unit.name,
                "numerator": int(num[p]),
                "denominator": int(den[p]),
                "rate": float(result.rate[p]),
                "z": float(result.z[p]),
                "outside": outside,
                "outside_99_8": bool(result.outside998[p]),
            }
        )
    valid = ~np.isnan(result.rate)
    target = float(result.target[valid][0]) if valid.any() else None
    phi = float(result.phi[valid][0]) if valid.any() else None
    raw_phi = float(result.phi_estimate[valid][0]) if valid.any() else None
    return {
        "indicator": indicator,
        "rows": rows,
        "target": target,
        "phi": phi,
        "phi_estimate": raw_phi,
        "window": [month_key(m) for m in analysis.months[window]],
    }
