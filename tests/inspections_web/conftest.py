"""Inspections to browse, made through the services (the same builders as the permission matrix):
`world.inspection` is force A's inspection at drafting, `world.fa_inspection` (with the `fa_world`
fixture) force A's at the factual accuracy check. See tests/permissions/world_inspections.py."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from inspectorate.forces.models import Force
from tests.permissions.world_inspections import build_drafting, build_factual_accuracy


@pytest.fixture
def world(pack_2007: Any, make_persona: Callable[[str], Any]) -> SimpleNamespace:
    found = SimpleNamespace(
        programme=pack_2007,
        make_persona=make_persona,
        force_a=Force.objects.get(code="west-midlands"),
        force_b=Force.objects.get(code="durham"),
    )
    build_drafting(found)
    return found


@pytest.fixture
def fa_world(world: SimpleNamespace) -> SimpleNamespace:
    build_factual_accuracy(world)
    return world
