"""The flag rule of METHODOLOGY §9, vectorised (pure numpy, no Django).

A series (unit, indicator) is flagged for consideration of inspection when an SPC concern appears in
the last `window` periods and either the unit is outside its peers' 95% funnel limit on the
deteriorating side, or the concern persists for `persist` consecutive periods.

Strength of evidence (docs/monitoring.md): the largest signal strength among the concern points in
the window (standard deviations from the centre line, or |z| of the year-on-year comparison), plus
the unit's over-dispersed funnel z when it is beyond its peers' 95% limit on the deteriorating side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .peers import Z95
from .spc import Signals

WINDOW = 3
PERSIST = 2


@dataclass(frozen=True)
class Evaluation:
    flagged: NDArray[np.bool_]  # (S,)
    strength: NDArray[np.float64]  # (S,)
    raised_index: NDArray[np.int64]  # (S,) column of the latest concern in the window (-1: none)
    recent_concern: NDArray[np.bool_]
    persistent: NDArray[np.bool_]
    peer_deteriorating: NDArray[np.bool_]


def peer_deterioration(
    rate: NDArray[np.float64],
    target: NDArray[np.float64],
    z: NDArray[np.float64],
    direction: NDArray[np.int8],
) -> NDArray[np.bool_]:
    """Beyond the 95% limit on the side that is worse for the indicator's direction."""
    with np.errstate(invalid="ignore"):
        worse = np.sign(rate - target) * direction < 0
        return np.asarray(worse & (np.abs(z) > Z95), dtype=bool)


def evaluate(
    signals: Signals,
    peer_z: NDArray[np.float64],
    peer_deteriorating: NDArray[np.bool_],
    window: int = WINDOW,
    persist: int = PERSIST,
) -> Evaluation:
    concern = signals.concern
    s, t = concern.shape
    start = max(t - window, 0)
    recent = concern[:, start:]
    recent_concern = recent.any(axis=1)
    # Consecutive concern periods inside the window.
    run = np.zeros(s, dtype=np.int64)
    longest = np.zeros(s, dtype=np.int64)
    for j in range(recent.shape[1]):
        run = np.where(recent[:, j], run + 1, 0)
        longest = np.maximum(longest, run)
    persistent = longest >= persist
    peer = np.asarray(peer_deteriorating, dtype=bool)
    flagged = recent_concern & (peer | persistent)
    spc_strength = (
        np.where(recent, signals.strength[:, start:], 0.0).max(axis=1) if recent.shape[1] else np.zeros(s)
    )
    strength = spc_strength + np.where(peer, np.abs(np.nan_to_num(peer_z)), 0.0)
    columns = np.arange(start, t)
    last = np.where(recent, columns[None, :], -1).max(axis=1) if recent.shape[1] else np.full(s, -1)
    return Evaluation(
        flagged=flagged,
        strength=np.where(flagged, strength, 0.0),
        raised_index=last.astype(np.int64),
        recent_concern=np.asarray(recent_concern, dtype=bool),
        persistent=persistent,
        peer_deteriorating=peer,
    )
