"""The reference results of METHODOLOGY §9 on the shipped data, read through the ingest."""

from __future__ import annotations

import pytest

from inspectorate.monitoring import descriptions, signals, spc
from inspectorate.monitoring.models import Indicator, Unit

pytestmark = pytest.mark.django_db


def _series(unit_code: str, indicator: str, rules: spc.Rules | None = None) -> dict:
    unit = Unit.objects.get(code=unit_code)
    analysis = signals.analyse([unit], rules)
    row = analysis.row(unit, Indicator.objects.get(code=indicator))
    assert row is not None
    return descriptions.describe_series(analysis, row)


def _first(points: list[dict], rule: str, above: bool, limits: dict) -> str:
    for p in points:
        beyond = p["value"] > limits["upper"] if above else p["value"] < limits["lower"]
        if spc.RULE_NAMES[spc.OUTSIDE] in p["rules"] and beyond:
            return p["month"]
    raise AssertionError(f"no point {rule}")


def test_it_reproduces_metropolitan_drugs_offences(met_and_city: None) -> None:
    item = _series("metropolitan", "drugs")
    limits = item["limits"]
    assert limits["centre"] == pytest.approx(3029.75)
    assert limits["mean_moving_range"] == pytest.approx(257.455, abs=5e-4)
    assert limits["lower"] == pytest.approx(2344.92, abs=5e-3)
    assert limits["upper"] == pytest.approx(3714.58, abs=5e-3)
    assert _first(item["points"], "above", True, limits) == "2024-09"


def test_it_reproduces_metropolitan_burglary(met_and_city: None) -> None:
    item = _series("metropolitan", "burglary")
    limits = item["limits"]
    assert limits["lower"] == pytest.approx(3957.17, abs=5e-3)
    assert limits["upper"] == pytest.approx(5262.50, abs=5e-3)
    assert _first(item["points"], "below", False, limits) == "2024-06"


def test_it_reproduces_city_of_london_monthly_totals_on_a_24_month_baseline(met_and_city: None) -> None:
    item = _series("city-of-london", "all-records", spc.Rules(baseline=24))
    limits = item["limits"]
    assert [p["value"] for p in item["series"]][:3] == [734, 826, 757]
    assert limits["centre"] == pytest.approx(786.125)
    assert limits["lower"] == pytest.approx(583.50, abs=5e-3)
    assert limits["upper"] == pytest.approx(988.75, abs=5e-3)
    assert not limits["trial"]
    assert not any(spc.RULE_NAMES[spc.OUTSIDE] in p["rules"] for p in item["points"])
    run = [p["month"] for p in item["points"] if spc.RULE_NAMES[spc.SHIFT] in p["rules"]]
    assert run == ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
