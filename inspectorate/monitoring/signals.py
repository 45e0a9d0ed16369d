"""Signals from the stored observations: reads every series once and runs SPC, peer comparison and
the flag rule over all of them at once (the pure modules spc, peers and flagging). `descriptions`
describes the result for pages, the API and the CLI."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from . import flagging, peers, spc
from .models import Direction, Indicator, Measure, Observation, Unit, UnitKind

DIRECTION_SIGN: dict[str, int] = {Direction.HIGHER: 1, Direction.LOWER: -1, Direction.NEUTRAL: 0}
PEER_WINDOW = 3


@dataclass
class Analysis:
    months: list[datetime.date]
    units: list[Unit]
    indicators: list[Indicator]
    series: list[tuple[int, int]]  # (unit index, indicator index) per row
    values: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    signals: spc.Signals
    comparison: dict[int, peers.Comparison]  # indicator index -> comparison over force units
    peer_rows: np.ndarray  # (S,) row of the series' unit in its indicator's comparison (-1: none)
    evaluation: flagging.Evaluation
    peer_version: str

    def row(self, unit: Unit, indicator: Indicator) -> int | None:
        key = (self.unit_index[unit.pk], self.indicator_index[indicator.pk])
        return self._rows.get(key)

    def __post_init__(self) -> None:
        self.unit_index = {u.pk: i for i, u in enumerate(self.units)}
        self.indicator_index = {ind.pk: i for i, ind in enumerate(self.indicators)}
        self._rows = {key: r for r, key in enumerate(self.series)}


def _peer_membership(units: list[Unit], version: str) -> np.ndarray:
    from inspectorate.forces.models import PeerLink

    index = {u.code: i for i, u in enumerate(units)}
    membership = np.eye(len(units), dtype=bool)
    links = PeerLink.objects.filter(group_set__version=version, group_set__unit_kind="force")
    for unit_code, peer_code in links.values_list("unit_code", "peer_code"):
        if unit_code in index and peer_code in index:
            membership[index[unit_code], index[peer_code]] = True
    return membership


def peer_version() -> str:
    from .catalogue import read_catalogue

    return read_catalogue().content.peer_groups


def analyse(units: list[Unit] | None = None, rules: spc.Rules | None = None) -> Analysis:
    units = list(
        units if units is not None else Unit.objects.select_related("force").order_by("kind", "code")
    )
    indicators = list(Indicator.objects.order_by("position"))
    unit_index = {u.pk: i for i, u in enumerate(units)}
    indicator_index = {ind.pk: i for i, ind in enumerate(indicators)}
    rows = list(
        Observation.objects.filter(unit__in=units).values_list(
            "unit_id", "indicator_id", "period", "value", "numerator", "denominator"
        )
    )
    months = sorted({r[2] for r in rows})
    month_index = {m: i for i, m in enumerate(months)}
    keys = sorted({(unit_index[r[0]], indicator_index[r[1]]) for r in rows})
    row_of = {k: i for i, k in enumerate(keys)}
    shape = (len(keys), len(months))
    values = np.full(shape, np.nan)
    numerators = np.full(shape, np.nan)
    denominators = np.full(shape, np.nan)
    for unit_id, indicator_id, period, value, numerator, denominator in rows:
        r = row_of[(unit_index[unit_id], indicator_index[indicator_id])]
        c = month_index[period]
        values[r, c] = value
        numerators[r, c] = numerator
        denominators[r, c] = np.nan if denominator is None else denominator
    direction = np.array([DIRECTION_SIGN[indicators[i].direction] for _, i in keys], dtype=np.int8)
    counts = np.array([indicators[i].measure == Measure.COUNT for _, i in keys], dtype=bool)
    month_of_year = np.array([m.month for m in months], dtype=np.int64)
    signals = spc.analyse(values, month_of_year, direction, rules, numerators, denominators, counts)

    version = peer_version()
    comparison, peer_rows, peer_z, peer_bad = _compare(
        units, indicators, keys, numerators, denominators, direction, version
    )
    evaluation = flagging.evaluate(signals, peer_z, peer_bad)
    return Analysis(
        months,
        units,
        indicators,
        keys,
        values,
        numerators,
        denominators,
        signals,
        comparison,
        peer_rows,
        evaluation,
        version,
    )


def _compare(
    units: list[Unit],
    indicators: list[Indicator],
    keys: list[tuple[int, int]],
    numerators: np.ndarray,
    denominators: np.ndarray,
    direction: np.ndarray,
    version: str,
) -> tuple[dict[int, peers.Comparison], np.ndarray, np.ndarray, np.ndarray]:
    """Each force against its most similar group over the last PEER_WINDOW months. Counts are
    compared as a share of all the unit's records (crime mix); shares by their own numerator and
    denominator."""
    s = len(keys)
    peer_rows = np.full(s, -1, dtype=np.int64)
    peer_z = np.full(s, np.nan)
    peer_bad = np.zeros(s, dtype=bool)
    comparison: dict[int, peers.Comparison] = {}
    if not keys:
        return comparison, peer_rows, peer_z, peer_bad
    t = numerators.shape[1]
    window = slice(max(t - PEER_WINDOW, 0), t)
    force_units = [i for i, u in enumerate(units) if u.kind == UnitKind.FORCE]
    membership = _peer_membership([units[i] for i in force_units], version)
    position = {u: p for p, u in enumerate(force_units)}
    row_of = {k: r for r, k in enumerate(keys)}
    total_code = next((j for j, ind in enumerate(indicators) if ind.code == "all-records"), None)
    for j, indicator in enumerate(indicators):
        if not indicator.peer_comparison:
            continue
        num = np.full(len(force_units), np.nan)
        den = np.full(len(force_units), np.nan)
        for p, u in enumerate(force_units):
            r = row_of.get((u, j))
            if r is None:
                continue
            if indicator.measure == Measure.SHARE:
                k_row, n_row = numerators[r, window], denominators[r, window]
            else:
                total = row_of.get((u, total_code)) if total_code is not None else None
                if total is None:
                    continue
                k_row, n_row = numerators[r, window], numerators[total, window]
            both = ~np.isnan(k_row) & ~np.isnan(n_row)
            if both.any():
                num[p], den[p] = k_row[both].sum(), n_row[both].sum()
        result = peers.compare(num, den, membership)
        comparison[j] = result
        for p, u in enumerate(force_units):
            r = row_of.get((u, j))
            if r is None or result.members[p] < 3:
                continue
            peer_rows[r] = p
            peer_z[r] = result.z[p]
        rows = [row_of[(u, j)] for u in force_units if (u, j) in row_of and result.members[position[u]] >= 3]
        if rows:
            idx = np.array(rows)
            peer_bad[idx] = flagging.peer_deterioration(
                result.rate[peer_rows[idx]],
                result.target[peer_rows[idx]],
                result.z[peer_rows[idx]],
                direction[idx],
            )
    return comparison, peer_rows, peer_z, peer_bad
