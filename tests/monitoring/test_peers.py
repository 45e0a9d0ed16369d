"""Peer comparison on its own: weighted group rates, the over-dispersion factor and the limits."""

from __future__ import annotations

import numpy as np
import pytest

from inspectorate.monitoring import peers


def test_it_compares_with_the_weighted_rate_of_the_group_including_the_unit() -> None:
    num = np.array([10.0, 30.0, 60.0])
    den = np.array([100.0, 100.0, 200.0])
    result = peers.compare(num, den, np.ones((3, 3), dtype=bool))
    assert result.target[0] == pytest.approx(100 / 400)
    assert result.rate.tolist() == pytest.approx([0.1, 0.3, 0.3])


def test_it_inflates_the_limits_for_over_dispersion() -> None:
    rng = np.random.default_rng(1)
    den = np.full(40, 50_000.0)
    rates = rng.normal(0.3, 0.03, 40)  # far more spread than binomial at n = 50,000
    result = peers.compare(rates * den, den, np.ones((40, 40), dtype=bool))
    assert result.phi[0] > 50
    # Without inflation almost every unit would be outside; with it, about one in twenty.
    plain = np.abs((rates - result.target) / np.sqrt(result.target * (1 - result.target) / den)) > peers.Z95
    assert plain.sum() > 30
    assert result.outside95.sum() <= 8


def test_it_never_narrows_the_limits_below_binomial() -> None:
    den = np.full(10, 1000.0)
    num = np.full(10, 300.0)  # no spread at all
    result = peers.compare(num, den, np.ones((10, 10), dtype=bool))
    assert (result.phi == 1.0).all()
    assert not result.outside95.any()


def test_it_uses_each_units_own_group() -> None:
    num = np.array([10.0, 20.0, 90.0])
    den = np.array([100.0, 100.0, 100.0])
    membership = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    result = peers.compare(num, den, membership)
    assert result.target[0] == pytest.approx(0.15)
    assert result.target[2] == pytest.approx(0.9)
    assert result.members.tolist() == [2, 2, 1]


def test_it_leaves_units_without_a_denominator_out() -> None:
    result = peers.compare(
        np.array([5.0, np.nan, 7.0]), np.array([50.0, np.nan, 70.0]), np.ones((3, 3), dtype=bool)
    )
    assert np.isnan(result.rate[1])
    assert result.members[0] == 2


def test_it_draws_limits_that_narrow_as_the_denominator_grows() -> None:
    low, high = peers.limits(0.3, 4.0, np.array([100.0, 10_000.0]), peers.Z998)
    assert high[0] - low[0] > high[1] - low[1]
    assert high[1] == pytest.approx(0.3 + peers.Z998 * np.sqrt(4 * 0.3 * 0.7 / 10_000))


def test_it_finds_the_nearest_units_by_standardised_features() -> None:
    features = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    assert peers.nearest_groups(features, 1).ravel().tolist() == [1, 0, 3, 2]


def test_it_takes_percentiles_of_each_row_as_numpy_does() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(size=(30, 9))
    values[rng.random(values.shape) < 0.3] = np.nan
    values[0] = np.nan
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = np.nanpercentile(values, 10, axis=1)
    np.testing.assert_allclose(peers.row_percentile(values, 10), expected, equal_nan=True)
