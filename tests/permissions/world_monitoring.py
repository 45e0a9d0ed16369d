"""Monitoring objects for the permission matrix, made directly (the matrix only reads them, and one
decision per persona is rolled back): force B's monitoring unit with twelve months of burglary, and
one current flag on it."""

from __future__ import annotations

import datetime
from types import SimpleNamespace


def _monitoring(world: SimpleNamespace) -> None:
    from inspectorate.monitoring.catalogue import load_catalogue
    from inspectorate.monitoring.models import Flag, Indicator, Observation, Unit

    load_catalogue()
    world.monitoring_unit = Unit.objects.create(
        kind="force", code=world.force_b.code, name=world.force_b.name, force=world.force_b
    )
    burglary = Indicator.objects.get(code="burglary")
    total = Indicator.objects.get(code="all-records")
    for month in range(1, 13):
        period = datetime.date(2025, month, 1)
        value = 400 + 10 * month
        Observation.objects.create(
            indicator=burglary,
            unit=world.monitoring_unit,
            period=period,
            value=value,
            numerator=value,
            source="matrix",
        )
        Observation.objects.create(
            indicator=total,
            unit=world.monitoring_unit,
            period=period,
            value=6000,
            numerator=6000,
            source="matrix",
        )
    world.monitoring_flag = Flag.objects.create(
        unit=world.monitoring_unit,
        force=world.force_b,
        indicator=burglary,
        framework=world.programme.frameworks.get(code="VCR"),
        strength=3.5,
        summary="Concern in 2025-12 520 (a trend)",
        reasons=[{"rule": "a trend", "window": ["2025-10", "2025-12"], "month": "2025-12", "value": 520}],
        method="raw",
        raised_on=datetime.date(2025, 12, 1),
    )


BUILDERS = [_monitoring]
