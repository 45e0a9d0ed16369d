"""Statistical process control for monitoring (METHODOLOGY §9): pure numpy, every series at once.

Series are the rows of a 2-D float array (series x months) on one common month axis; a missing
month is NaN and stays missing: it is never in a baseline, a moving range is only taken between two
present neighbours, and a missing month breaks a run or a trend. Loops here run over months (a few
dozen), never over series.

XmR (NHS England "Making Data Count"): centre = mean of the baseline points, limits = centre ±
2.66 x mean moving range, "close to a limit" = beyond centre ± 1.773 x mean moving range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

LIMIT = 2.66
CLOSE = 1.773
SCREEN = 3.267  # upper range limit: moving ranges above 3.267 x mean are left out when screening
D2 = 1.128  # sigma = mean moving range / d2
POISSON_Z = 3.0

# Rule bits in `XmR.rules` and `Signals.rules`.
OUTSIDE, SHIFT, TREND, TWO_OF_THREE, YEAR_ON_YEAR = 1, 2, 4, 8, 16
RULE_NAMES = {
    OUTSIDE: "a point outside the limits",
    SHIFT: "a run on one side of the mean",
    TREND: "a trend",
    TWO_OF_THREE: "two of three points close to a limit",
    YEAR_ON_YEAR: "a change against the same month a year earlier (Poisson z)",
}


@dataclass(frozen=True)
class Rules:
    baseline: int = 12
    run_length: int = 7
    trend_length: int = 7
    screen_moving_ranges: bool = False
    outside: bool = True
    shift: bool = True
    trend: bool = True
    two_of_three: bool = True


@dataclass(frozen=True)
class XmR:
    centre: Array  # (N,)
    mean_moving_range: Array  # (N,)
    upper: Array
    lower: Array
    upper_close: Array
    lower_close: Array
    baseline_points: NDArray[np.int64]  # (N,)
    trial: Mask  # (N,) fewer baseline points than asked for
    rules: NDArray[np.int64]  # (N, T) bits of the rules each point breaks
    side: NDArray[np.int8]  # (N, T) +1 above / -1 below for each flagged point (trend: its direction)


def _as_2d(values: Array) -> Array:
    array = np.asarray(values, dtype=np.float64)
    return array[np.newaxis, :] if array.ndim == 1 else array


def run_lengths(codes: NDArray[np.int8]) -> NDArray[np.int64]:
    """For each position, the length of the run of equal non-zero codes it belongs to (0 for 0)."""
    n, t = codes.shape
    forward = np.zeros((n, t), dtype=np.int64)
    backward = np.zeros((n, t), dtype=np.int64)
    nonzero = codes != 0
    forward[:, 0] = nonzero[:, 0]
    for j in range(1, t):
        same = nonzero[:, j] & (codes[:, j] == codes[:, j - 1])
        forward[:, j] = np.where(same, forward[:, j - 1] + 1, nonzero[:, j])
    backward[:, t - 1] = nonzero[:, t - 1]
    for j in range(t - 2, -1, -1):
        same = nonzero[:, j] & (codes[:, j] == codes[:, j + 1])
        backward[:, j] = np.where(same, backward[:, j + 1] + 1, nonzero[:, j])
    return np.where(nonzero, forward + backward - 1, 0)


def sides(values: Array, centre: Array) -> NDArray[np.int8]:
    """+1 above the centre, -1 below, 0 on it or missing."""
    x = _as_2d(values)
    c = np.asarray(centre, dtype=np.float64).reshape(-1, 1)
    with np.errstate(invalid="ignore"):
        side = np.sign(x - c)
    return np.nan_to_num(side, nan=0.0).astype(np.int8)


def shift_points(values: Array, centre: Array, run_length: int = 7) -> Mask:
    """Points in a run of `run_length` or more on one side of the centre (a point on it breaks it)."""
    return run_lengths(sides(values, centre)) >= run_length


def trend_points(values: Array, trend_length: int = 7) -> tuple[Mask, NDArray[np.int8]]:
    """Points in `trend_length` or more points each strictly higher (or each strictly lower) than
    the one before; a tie or a missing point breaks it. Returns the mask and the trend's direction."""
    x = _as_2d(values)
    n, t = x.shape
    steps = np.zeros((n, t), dtype=np.int8)  # steps[:, j] compares point j with point j - 1
    if t > 1:
        with np.errstate(invalid="ignore"):
            steps[:, 1:] = np.nan_to_num(np.sign(np.diff(x, axis=1)), nan=0.0).astype(np.int8)
    qualifying = run_lengths(steps) >= trend_length - 1
    qualifying &= steps != 0
    # A step belongs to both its points: point j is in a trend if step j or step j + 1 is.
    mask = qualifying.copy()
    mask[:, :-1] |= qualifying[:, 1:]
    direction = np.where(qualifying, steps, 0).astype(np.int8)
    direction[:, :-1] = np.where(
        direction[:, :-1] == 0, np.where(qualifying[:, 1:], steps[:, 1:], 0), direction[:, :-1]
    )
    return mask, direction


def two_of_three_points(values: Array, centre: Array, upper_close: Array, lower_close: Array) -> Mask:
    """Points close to a limit in a window of three consecutive points, all on the same side of the
    centre, of which at least two are close to that same limit."""
    x = _as_2d(values)
    side = sides(x, centre)
    with np.errstate(invalid="ignore"):
        up = x > np.asarray(upper_close).reshape(-1, 1)
        down = x < np.asarray(lower_close).reshape(-1, 1)
    mask = np.zeros(x.shape, dtype=bool)
    t = x.shape[1]
    for j in range(2, t):
        window = slice(j - 2, j + 1)
        s = side[:, window]
        same = (s[:, 0] != 0) & (s[:, 0] == s[:, 1]) & (s[:, 1] == s[:, 2])
        for close, sign in ((up[:, window], 1), (down[:, window], -1)):
            hit = same & (s[:, 0] == sign) & (close.sum(axis=1) >= 2)
            mask[:, window] |= hit[:, None] & close
    return mask


def baseline_mask(values: Array, baseline: int) -> Mask:
    x = _as_2d(values)
    present = ~np.isnan(x)
    return present & (np.cumsum(present, axis=1) <= baseline)


def xmr(values: Array, rules: Rules | None = None) -> XmR:
    rules = rules or Rules()
    x = _as_2d(values)
    n, t = x.shape
    in_base = baseline_mask(x, rules.baseline)
    count = in_base.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(count > 0, np.where(in_base, x, 0.0).sum(axis=1) / np.maximum(count, 1), np.nan)
        ranges = np.full((n, t), np.nan)
        if t > 1:
            ranges[:, 1:] = np.abs(np.diff(x, axis=1))
        range_in_base = np.zeros((n, t), dtype=bool)
        range_in_base[:, 1:] = in_base[:, 1:] & in_base[:, :-1]
        used = range_in_base & ~np.isnan(ranges)
        mean_mr = _masked_mean(ranges, used)
        if rules.screen_moving_ranges:
            used &= ranges <= SCREEN * mean_mr[:, None]
            mean_mr = _masked_mean(ranges, used)
    upper = centre + LIMIT * mean_mr
    lower = centre - LIMIT * mean_mr
    upper_close = centre + CLOSE * mean_mr
    lower_close = centre - CLOSE * mean_mr

    bits = np.zeros((n, t), dtype=np.int64)
    side = sides(x, centre)
    point_side = side.copy()
    with np.errstate(invalid="ignore"):
        if rules.outside:
            bits |= np.where((x > upper[:, None]) | (x < lower[:, None]), OUTSIDE, 0)
    if rules.shift:
        bits |= np.where(run_lengths(side) >= rules.run_length, SHIFT, 0)
    if rules.two_of_three:
        bits |= np.where(two_of_three_points(x, centre, upper_close, lower_close), TWO_OF_THREE, 0)
    if rules.trend:
        trend, direction = trend_points(x, rules.trend_length)
        bits |= np.where(trend, TREND, 0)
        # A point flagged only as part of a trend takes the trend's direction.
        point_side = np.where(trend & (bits == TREND), direction, point_side).astype(np.int8)
    point_side = np.where(bits != 0, point_side, 0).astype(np.int8)
    return XmR(
        centre=centre,
        mean_moving_range=mean_mr,
        upper=upper,
        lower=lower,
        upper_close=upper_close,
        lower_close=lower_close,
        baseline_points=count.astype(np.int64),
        trial=count < rules.baseline,
        rules=bits,
        side=point_side,
    )


def _masked_mean(values: Array, mask: Mask) -> Array:
    total = np.where(mask, values, 0.0).sum(axis=1)
    count = mask.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def classify(side: NDArray[np.int8], direction: NDArray[np.int8]) -> tuple[Mask, Mask]:
    """(improvement, concern) for flagged points: above the centre is good when higher is better
    (direction +1), bad when lower is better (-1); a neutral indicator (0) is neither."""
    d = np.asarray(direction, dtype=np.int8).reshape(-1, 1)
    product = side.astype(np.int16) * d
    return product > 0, product < 0


# --- seasonality -------------------------------------------------------------------------------


def seasonal_factors(values: Array, month_of_year: NDArray[np.int64], years: int = 2) -> tuple[Array, Mask]:
    """Multiplicative monthly factors from each series' first `years` years of present points
    (factor = the month's mean over the overall mean). `ok` is false unless every calendar month
    appears at least `years` times there."""
    x = _as_2d(values)
    window = baseline_mask(x, 12 * years)
    overall = _masked_mean(x, window)
    factors = np.full((x.shape[0], 12), np.nan)
    ok = np.ones(x.shape[0], dtype=bool)
    for m in range(12):
        in_month = window & (np.asarray(month_of_year) == m + 1)[None, :]
        ok &= in_month.sum(axis=1) >= years
        with np.errstate(invalid="ignore", divide="ignore"):
            factors[:, m] = _masked_mean(x, in_month) / overall
    ok &= np.all(np.isfinite(factors) & (factors > 0), axis=1)
    return factors, ok


def deseasonalise(values: Array, factors: Array, month_of_year: NDArray[np.int64]) -> Array:
    x = _as_2d(values)
    per_point = factors[:, np.asarray(month_of_year) - 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return x / per_point


def poisson_z(values: Array, lag: int = 12) -> Array:
    """2(√current - √previous) against the value `lag` months earlier (NaN where either is missing)."""
    x = _as_2d(values)
    z = np.full(x.shape, np.nan)
    if x.shape[1] > lag:
        with np.errstate(invalid="ignore"):
            z[:, lag:] = 2.0 * (np.sqrt(x[:, lag:]) - np.sqrt(x[:, :-lag]))
    return z


def proportion_z(numerators: Array, denominators: Array, lag: int = 12) -> Array:
    """Two-proportion z of each month's share against the same month `lag` months earlier."""
    k = _as_2d(numerators)
    n = _as_2d(denominators)
    z = np.full(k.shape, np.nan)
    if k.shape[1] > lag:
        k1, n1, k0, n0 = k[:, lag:], n[:, lag:], k[:, :-lag], n[:, :-lag]
        with np.errstate(invalid="ignore", divide="ignore"):
            pooled = (k1 + k0) / (n1 + n0)
            se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
            z[:, lag:] = np.where(se > 0, (k1 / n1 - k0 / n0) / se, np.nan)
    return z


# --- the signals flags are raised on -------------------------------------------------------------

DESEASONALISED, YEAR_ON_YEAR_METHOD, RAW = "deseasonalised", "year-on-year", "raw"
METHOD_LABELS = {
    DESEASONALISED: "XmR on the deseasonalised series (monthly factors from the first two years)",
    YEAR_ON_YEAR_METHOD: "change against the same month a year earlier (|z| > 3)",
    RAW: "XmR on the series as recorded (less than 13 months: seasonality not removed)",
}
FACTOR_YEARS = 2
AFTER_FACTORS = 3  # points beyond the factor years needed before the deseasonalised method is used


@dataclass(frozen=True)
class Signals:
    """The signals used for flags, per series: which method, and per point the rule bits, whether
    it is an improvement or a concern, and its strength (standard deviations from the centre, or
    |z| for the year-on-year comparison)."""

    method: NDArray[np.str_]  # (N,)
    rules: NDArray[np.int64]  # (N, T)
    improvement: Mask
    concern: Mask
    strength: Array  # (N, T), 0 where no signal
    chart: XmR  # XmR of the series as recorded, for the chart
    analysed: Array  # (N, T) the series the rules were applied to (deseasonalised, z, or as recorded)


def analyse(
    values: Array,
    month_of_year: NDArray[np.int64],
    direction: NDArray[np.int8],
    rules: Rules | None = None,
    numerators: Array | None = None,
    denominators: Array | None = None,
    counts: Mask | None = None,
) -> Signals:
    """Choose per series, by the history it has: at least two years plus `AFTER_FACTORS` months →
    XmR of the deseasonalised series; at least 13 months → year-on-year z (Poisson for counts,
    two-proportion for shares); otherwise XmR of the series as recorded."""
    rules = rules or Rules()
    x = _as_2d(values)
    n = x.shape[0]
    direction = np.asarray(direction, dtype=np.int8).reshape(-1)
    counts_mask = np.ones(n, dtype=bool) if counts is None else np.asarray(counts, dtype=bool)
    present = (~np.isnan(x)).sum(axis=1)

    chart = xmr(x, rules)
    factors, factors_ok = seasonal_factors(x, month_of_year, FACTOR_YEARS)
    seasonal = factors_ok & (present >= 12 * FACTOR_YEARS + AFTER_FACTORS)
    adjusted = deseasonalise(x, np.where(seasonal[:, None], factors, 1.0), month_of_year)
    adjusted_chart = xmr(adjusted, rules)

    z = poisson_z(x)
    if numerators is not None and denominators is not None:
        share_z = proportion_z(numerators, denominators)
        z = np.where(counts_mask[:, None], z, share_z)
    yoy_available = (~np.isnan(z)).sum(axis=1) > 0
    yearly = ~seasonal & yoy_available

    method = np.where(seasonal, DESEASONALISED, np.where(yearly, YEAR_ON_YEAR_METHOD, RAW))

    def sigma_distance(series: Array, fit: XmR) -> Array:
        with np.errstate(invalid="ignore", divide="ignore"):
            sigma = fit.mean_moving_range / D2
            return np.abs(series - fit.centre[:, None]) / np.where(sigma > 0, sigma, np.nan)[:, None]

    with np.errstate(invalid="ignore"):
        z_signal = np.abs(z) > POISSON_Z
    z_side = np.where(z_signal, np.sign(np.nan_to_num(z)), 0).astype(np.int8)
    bits = np.where(
        seasonal[:, None],
        adjusted_chart.rules,
        np.where(yearly[:, None], np.where(z_signal, YEAR_ON_YEAR, 0), chart.rules),
    )
    side = np.where(
        seasonal[:, None], adjusted_chart.side, np.where(yearly[:, None], z_side, chart.side)
    ).astype(np.int8)
    strength = np.where(
        seasonal[:, None],
        sigma_distance(adjusted, adjusted_chart),
        np.where(yearly[:, None], np.abs(z), sigma_distance(x, chart)),
    )
    strength = np.where(bits != 0, np.nan_to_num(strength), 0.0)
    improvement, concern = classify(side, direction)
    analysed = np.where(seasonal[:, None], adjusted, np.where(yearly[:, None], z, x))
    return Signals(method, bits, improvement, concern, strength, chart, analysed)


def rule_names(bits: int) -> list[str]:
    return [name for bit, name in RULE_NAMES.items() if bits & bit]
