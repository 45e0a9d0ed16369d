"""The SPC module on its own: the behaviour vectors of the monitoring issue (positions 1-based),
limits, baselines, missing months, seasonality and year-on-year z, and properties over many series."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from inspectorate.monitoring import spc


def positions(mask: np.ndarray) -> list[int]:
    return [int(i) + 1 for i in np.flatnonzero(mask[0])]


# --- behaviour vectors ----------------------------------------------------------------------------


def test_it_flags_the_points_of_a_run_of_eight_on_one_side() -> None:
    values = np.array([1.0] * 8 + [-1.0])
    assert positions(spc.shift_points(values, np.array([0.0]), run_length=7)) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_it_flags_nothing_for_a_run_of_six() -> None:
    values = np.array([1.0] * 6 + [-1.0])
    assert positions(spc.shift_points(values, np.array([0.0]), run_length=7)) == []


def test_it_breaks_a_run_at_a_point_on_the_mean() -> None:
    values = np.array([1.0] * 4 + [0.0] + [1.0] * 4)
    assert positions(spc.shift_points(values, np.array([0.0]))) == []


def test_it_flags_seven_points_of_a_rising_trend() -> None:
    mask, direction = spc.trend_points(np.arange(1.0, 8.0))
    assert positions(mask) == [1, 2, 3, 4, 5, 6, 7]
    assert set(direction[0][mask[0]]) == {1}


def test_it_lets_a_tie_break_a_trend() -> None:
    mask, _ = spc.trend_points(np.array([1.0, 2, 3, 3, 4, 5, 6]))
    assert positions(mask) == []


def test_it_flags_a_falling_trend() -> None:
    mask, direction = spc.trend_points(np.arange(7.0, 0.0, -1.0))
    assert positions(mask) == [1, 2, 3, 4, 5, 6, 7]
    assert set(direction[0][mask[0]]) == {-1}


def test_it_flags_nothing_for_a_trend_of_six() -> None:
    mask, _ = spc.trend_points(np.arange(1.0, 7.0))
    assert positions(mask) == []


def test_it_flags_nothing_for_close_points_on_opposite_sides_of_the_mean() -> None:
    # Centre 0, close beyond ±2: one close above, one close below, one in between.
    values = np.array([2.5, -2.5, 0.5])
    mask = spc.two_of_three_points(values, np.array([0.0]), np.array([2.0]), np.array([-2.0]))
    assert positions(mask) == []


def test_it_flags_two_of_three_close_to_the_same_limit() -> None:
    values = np.array([0.1, 2.5, 1.0, 2.6, -0.3])
    mask = spc.two_of_three_points(values, np.array([0.0]), np.array([2.0]), np.array([-2.0]))
    assert positions(mask) == [2, 4]


def test_it_needs_all_three_on_the_same_side_for_two_of_three() -> None:
    values = np.array([2.5, -0.5, 2.6])
    mask = spc.two_of_three_points(values, np.array([0.0]), np.array([2.0]), np.array([-2.0]))
    assert positions(mask) == []


# --- limits and baselines ------------------------------------------------------------------------


def test_it_computes_limits_from_the_baseline_only() -> None:
    values = np.array([10.0, 12, 11, 13, 100])
    fit = spc.xmr(values, spc.Rules(baseline=4))
    assert fit.centre[0] == pytest.approx(11.5)
    assert fit.mean_moving_range[0] == pytest.approx((2 + 1 + 2) / 3)
    assert fit.upper[0] == pytest.approx(11.5 + 2.66 * 5 / 3)
    assert not fit.trial[0]
    assert fit.rules[0, 4] & spc.OUTSIDE


def test_it_marks_limits_trial_when_the_baseline_is_short() -> None:
    fit = spc.xmr(np.array([5.0, 6, 7, 6, 5]))
    assert fit.trial[0]
    assert fit.baseline_points[0] == 5


def test_it_keeps_missing_months_out_of_the_baseline_and_the_moving_ranges() -> None:
    values = np.array([10.0, np.nan, 30, 31])
    fit = spc.xmr(values)
    assert fit.centre[0] == pytest.approx(71 / 3)
    # Only 30 → 31 has two present neighbours.
    assert fit.mean_moving_range[0] == pytest.approx(1.0)


def test_it_lets_a_missing_month_break_a_run() -> None:
    values = np.array([1.0] * 4 + [np.nan] + [1.0] * 4)
    assert positions(spc.shift_points(values, np.array([0.0]))) == []


def test_it_screens_moving_ranges_when_asked() -> None:
    values = np.array([10.0, 11, 10, 11, 10, 60, 10, 11, 10, 11, 10, 11])
    plain = spc.xmr(values)
    screened = spc.xmr(values, spc.Rules(screen_moving_ranges=True))
    assert screened.mean_moving_range[0] < plain.mean_moving_range[0]
    assert screened.mean_moving_range[0] == pytest.approx(1.0)


def test_it_classes_points_by_the_indicators_direction() -> None:
    side = np.array([[1, -1, 0]], dtype=np.int8)
    better, worse = spc.classify(side, np.array([-1], dtype=np.int8))  # lower is better
    assert better.tolist() == [[False, True, False]]
    assert worse.tolist() == [[True, False, False]]
    better, worse = spc.classify(side, np.array([0], dtype=np.int8))  # neutral
    assert not better.any() and not worse.any()


def test_it_configures_run_and_trend_lengths() -> None:
    assert positions(spc.shift_points(np.array([1.0] * 5), np.array([0.0]), run_length=5)) == [1, 2, 3, 4, 5]
    mask, _ = spc.trend_points(np.arange(5.0), trend_length=5)
    assert positions(mask) == [1, 2, 3, 4, 5]


# --- seasonality -----------------------------------------------------------------------------------


def _seasonal(years: int, level: float = 1000.0) -> tuple[np.ndarray, np.ndarray]:
    months = np.tile(np.arange(1, 13), years)
    pattern = 1 + 0.3 * np.sin(2 * np.pi * (months - 1) / 12)
    return level * pattern, months


def test_it_removes_a_stable_seasonal_pattern() -> None:
    values, months = _seasonal(3)
    factors, ok = spc.seasonal_factors(values, months)
    assert ok[0]
    adjusted = spc.deseasonalise(values, factors, months)
    assert np.allclose(adjusted, 1000.0)


def test_it_needs_two_years_for_seasonal_factors() -> None:
    values, months = _seasonal(1)
    _, ok = spc.seasonal_factors(values[None, :], months)
    assert not ok[0]


def test_it_computes_the_year_on_year_poisson_z() -> None:
    values = np.array([100.0] * 12 + [144.0] + [100.0] * 11)
    z = spc.poisson_z(values)
    assert np.isnan(z[0, :12]).all()
    assert z[0, 12] == pytest.approx(2 * (12 - 10))
    assert z[0, 13] == pytest.approx(0.0)


def test_it_chooses_the_method_by_the_history_a_series_has() -> None:
    three, months36 = _seasonal(3)
    values = np.full((3, 36), np.nan)
    values[0] = three
    values[1, 12:] = three[12:]  # two years: year on year
    values[2, 30:] = three[30:]  # six months: as recorded
    result = spc.analyse(values, months36, np.array([-1, -1, -1], dtype=np.int8))
    assert result.method.tolist() == [spc.DESEASONALISED, spc.YEAR_ON_YEAR_METHOD, spc.RAW]


def test_it_finds_a_step_in_a_seasonal_series_once_deseasonalised() -> None:
    values, months = _seasonal(3)
    values = values.copy()
    values[28:] *= 1.25  # a real rise in the last eight months
    result = spc.analyse(values, months, np.array([-1], dtype=np.int8))
    assert result.method[0] == spc.DESEASONALISED
    assert result.concern[0, 28:].any()
    assert not result.concern[0, :24].any()


def test_it_signals_a_year_on_year_jump_beyond_three() -> None:
    base, months = _seasonal(2)
    values = base.copy()
    values[-1] = base[-13] * 1.5
    result = spc.analyse(values, months, np.array([-1], dtype=np.int8))
    assert result.method[0] == spc.YEAR_ON_YEAR_METHOD
    assert result.rules[0, -1] & spc.YEAR_ON_YEAR
    assert result.concern[0, -1]
    assert result.strength[0, -1] > 3


# --- properties ------------------------------------------------------------------------------------

series = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(2, 30)),
    elements=st.one_of(st.floats(0, 1000, allow_nan=False), st.just(np.nan)),
)


@settings(max_examples=60, deadline=None)
@given(series)
def test_it_gives_each_series_the_same_answer_alone_or_together(values: np.ndarray) -> None:
    together = spc.xmr(values)
    for i in range(values.shape[0]):
        alone = spc.xmr(values[i])
        np.testing.assert_array_equal(together.rules[i], alone.rules[0])
        np.testing.assert_allclose(together.upper[i], alone.upper[0], equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(series, st.floats(-500, 500), st.floats(0.5, 20))
def test_it_is_unchanged_by_shifting_and_scaling(values: np.ndarray, shift: float, scale: float) -> None:
    moved = spc.xmr(values * scale + shift)
    original = spc.xmr(values)
    # Exact ties may round differently after arithmetic; compare where the centre is not hit exactly.
    np.testing.assert_allclose(
        moved.centre, original.centre * scale + shift, rtol=1e-9, atol=1e-6, equal_nan=True
    )
    np.testing.assert_allclose(
        moved.mean_moving_range, original.mean_moving_range * scale, rtol=1e-9, atol=1e-6, equal_nan=True
    )


@settings(max_examples=60, deadline=None)
@given(series)
def test_it_never_flags_a_missing_month(values: np.ndarray) -> None:
    fit = spc.xmr(values)
    assert not (fit.rules[np.isnan(values)] != 0).any()
