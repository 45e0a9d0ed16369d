"""The flag rule of METHODOLOGY §9 on its own: a recent concern, confirmed by the peers or by
persistence; and the strength of evidence."""

from __future__ import annotations

import numpy as np
import pytest

from inspectorate.monitoring import flagging, spc


def _signals(concern_columns: list[list[int]], months: int = 12, strength: float = 2.0) -> spc.Signals:
    n = len(concern_columns)
    concern = np.zeros((n, months), dtype=bool)
    for row, columns in enumerate(concern_columns):
        concern[row, columns] = True
    chart = spc.xmr(np.ones((n, months)))
    return spc.Signals(
        method=np.array(["raw"] * n),
        rules=np.where(concern, spc.OUTSIDE, 0),
        improvement=np.zeros((n, months), dtype=bool),
        concern=concern,
        strength=np.where(concern, strength, 0.0),
        chart=chart,
        analysed=np.ones((n, months)),
    )


def test_it_flags_a_recent_concern_outside_the_peers_limit() -> None:
    result = flagging.evaluate(_signals([[11]]), np.array([2.5]), np.array([True]))
    assert result.flagged.tolist() == [True]
    assert result.strength[0] == pytest.approx(2.0 + 2.5)
    assert result.raised_index[0] == 11


def test_it_does_not_flag_a_single_recent_concern_within_the_peers() -> None:
    result = flagging.evaluate(_signals([[10]]), np.array([1.0]), np.array([False]))
    assert result.flagged.tolist() == [False]
    assert result.strength[0] == 0


def test_it_flags_a_concern_that_persists_for_two_consecutive_months() -> None:
    result = flagging.evaluate(_signals([[9, 10], [9, 11]]), np.full(2, np.nan), np.zeros(2, dtype=bool))
    assert result.flagged.tolist() == [True, False]
    assert result.raised_index[0] == 10
    assert result.strength[0] == pytest.approx(2.0)


def test_it_ignores_concerns_older_than_the_last_three_months() -> None:
    result = flagging.evaluate(_signals([[5, 6, 7, 8]]), np.array([3.0]), np.array([True]))
    assert result.flagged.tolist() == [False]


def test_it_counts_the_peers_only_on_the_deteriorating_side() -> None:
    rate = np.array([0.4, 0.2, 0.4, 0.4])
    target = np.full(4, 0.3)
    z = np.array([2.5, -2.5, 2.5, 1.5])
    direction = np.array([-1, -1, 1, -1], dtype=np.int8)  # lower is better, except the third
    assert flagging.peer_deterioration(rate, target, z, direction).tolist() == [True, False, False, False]
