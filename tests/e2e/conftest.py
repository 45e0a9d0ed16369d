"""What the browser tests start from."""

from __future__ import annotations

from typing import Any

import pytest

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection


@pytest.fixture
def inspection(pack_2007: Any, make_persona: Any) -> Inspection:
    """West Midlands child abuse (CA) at drafting: the lead and an inspector on the team."""
    lead, inspector = make_persona("lead"), make_persona("inspector")
    planned = services.create_inspection(
        lead,
        force=Force.objects.get(code="west-midlands"),
        programme=pack_2007,
        frameworks=["CA"],
        lead=lead,
        inspectors=[inspector],
        title="West Midlands child abuse inspection",
    )
    services.move(lead, planned, Stage.FIELDWORK)
    return services.move(lead, planned, Stage.DRAFTING)
