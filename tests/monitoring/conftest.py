from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from inspectorate.forces.reference import REFERENCE_DIR, load_peer_groups

POLICEUK = Path(settings.SHARED_DIR) / "data" / "policeuk"


def shared(*parts: str) -> Path:
    path = POLICEUK.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared police.uk data not found at {path}")
    return path


@pytest.fixture
def monitoring_ready(pack_2007: Any, forces: None) -> None:
    """Forces, the 2007 pack and the generated peer groups: what ingest and signals need."""
    load_peer_groups(REFERENCE_DIR / "peer-groups" / "2025-generated-crime-mix.yaml")


@pytest.fixture
def met_and_city(monitoring_ready: None) -> None:
    from inspectorate.monitoring.ingest import ingest

    ingest([shared("met-monthly-2023-2025")], unit="metropolitan")
    ingest([shared("city-of-london")])


@pytest.fixture
def national(monitoring_ready: None) -> None:
    from inspectorate.monitoring.flags import refresh_flags
    from inspectorate.monitoring.ingest import ingest

    ingest([shared("national-2025")])
    ingest([shared("met-monthly-2023-2025")], unit="metropolitan")
    refresh_flags()
