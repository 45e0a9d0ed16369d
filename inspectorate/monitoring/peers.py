"""Peer comparison on a funnel plot (METHODOLOGY §9): pure numpy, every unit at once.

A unit's rate p = numerator / denominator is compared with its group's weighted rate
θ = Σ numerators / Σ denominators (the unit included). Police rates vary between forces far more
than binomial chance allows, so the limits are inflated by Spiegelhalter's multiplicative
over-dispersion factor (Spiegelhalter 2005, "Funnel plots for comparing institutional
performance"): φ = mean of the squared z-scores of the group's members, each z winsorised at the
group's 10th and 90th percentiles, and φ is never taken below 1. The limits are
θ ± z_a √(φ θ(1-θ)/n) with z_a = 1.96 (95%) and 3.09 (99.8%).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

Z95 = 1.959964
Z998 = 3.090232
WINSOR = (10.0, 90.0)


@dataclass(frozen=True)
class Comparison:
    rate: Array  # (U,) the unit's own rate
    target: Array  # (U,) its group's weighted rate
    phi: Array  # (U,) over-dispersion factor used (>= 1)
    phi_estimate: Array  # (U,) before flooring at 1
    z: Array  # (U,) standardised distance from the target, over-dispersion allowed for
    members: NDArray[np.int64]  # (U,) group size, the unit included
    outside95: NDArray[np.bool_]
    outside998: NDArray[np.bool_]


def compare(numerators: Array, denominators: Array, membership: NDArray[np.bool_]) -> Comparison:
    """`membership[i, j]` says unit j is in unit i's group (the diagonal is always set: the unit is
    included). Units with no denominator get NaN."""
    k = np.asarray(numerators, dtype=np.float64)
    n = np.asarray(denominators, dtype=np.float64)
    m = np.asarray(membership, dtype=bool).copy()
    np.fill_diagonal(m, True)
    valid = np.isfinite(k) & np.isfinite(n) & (n > 0)
    m &= valid[None, :]
    kk = np.where(valid, k, 0.0)
    nn = np.where(valid, n, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        target = (m @ kk) / (m @ nn)
        rate = np.where(valid, kk / np.where(nn > 0, nn, np.nan), np.nan)
        variance = target[:, None] * (1 - target[:, None]) / np.where(nn > 0, nn, np.nan)[None, :]
        member_z = np.where(m, (rate[None, :] - target[:, None]) / np.sqrt(variance), np.nan)
    low = row_percentile(member_z, WINSOR[0])
    high = row_percentile(member_z, WINSOR[1])
    clipped = np.clip(member_z, low[:, None], high[:, None])
    members = m.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        phi_estimate = np.nansum(np.where(m, clipped**2, 0.0), axis=1) / members
    phi = np.where(np.isfinite(phi_estimate), np.maximum(phi_estimate, 1.0), 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (rate - target) / np.sqrt(phi * target * (1 - target) / np.where(nn > 0, nn, np.nan))
    return Comparison(
        rate=rate,
        target=target,
        phi=phi,
        phi_estimate=phi_estimate,
        z=z,
        members=members.astype(np.int64),
        outside95=np.abs(np.nan_to_num(z)) > Z95,
        outside998=np.abs(np.nan_to_num(z)) > Z998,
    )


def row_percentile(values: Array, q: float) -> Array:
    """Each row's q-th percentile of its non-NaN values (linear interpolation, as numpy's default),
    for all rows at once; NaN for a row with none."""
    ordered = np.sort(values, axis=1)  # NaN sorts last
    count = (~np.isnan(values)).sum(axis=1)
    position = q / 100.0 * np.maximum(count - 1, 0)
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, np.maximum(count - 1, 0))
    low = np.take_along_axis(ordered, below[:, None], axis=1)[:, 0]
    high = np.take_along_axis(ordered, above[:, None], axis=1)[:, 0]
    result = low + (high - low) * (position - below)
    return np.where(count > 0, result, np.nan)


def limits(target: float, phi: float, denominators: Array, z: float) -> tuple[Array, Array]:
    """The funnel's lower and upper limit at each denominator."""
    n = np.asarray(denominators, dtype=np.float64)
    half = z * np.sqrt(phi * target * (1 - target) / n)
    return np.clip(target - half, 0.0, 1.0), np.clip(target + half, 0.0, 1.0)


def nearest_groups(features: Array, k: int) -> NDArray[np.int64]:
    """Indices of each row's k nearest other rows by Euclidean distance of standardised features."""
    f = np.asarray(features, dtype=np.float64)
    spread = f.std(axis=0)
    scaled = (f - f.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    distance = np.sqrt(((scaled[:, None, :] - scaled[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(distance, np.inf)
    return np.argsort(distance, axis=1, kind="stable")[:, :k]
