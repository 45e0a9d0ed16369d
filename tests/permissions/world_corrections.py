"""Corrections after publication for the permission matrix.

- `corr_inspection`: Kent, CA in scope, published (version 1 frozen directly, as in
  world_publication), with an open correction `correction` unlocking the force context. Publishing it
  is blocked (no developing-practice example is selected), so the lead's post answers 409 without
  typesetting a PDF; the publication itself is tested in tests/publication/test_corrections.py.
- `corr_fresh`: Essex, published the same way, with no correction, for the "Correct the report" form.

The lead and inspector personas are on both teams."""

from __future__ import annotations

from types import SimpleNamespace

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.services import corrections

from .world_publication import _freeze


def _published(world: SimpleNamespace, force: str) -> Inspection:
    lead, inspector = world.make_persona("lead"), world.make_persona("inspector")
    inspection = services.create_inspection(
        lead,
        force=Force.objects.get(code=force),
        programme=world.programme,
        frameworks=["CA"],
        lead=lead,
        inspectors=[inspector],
    )
    Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.PUBLISHED)
    inspection.refresh_from_db()
    _freeze(world, inspection)
    return inspection


def build(world: SimpleNamespace) -> None:
    world.corr_inspection = _published(world, "kent")
    world.correction = corrections.open_correction(
        world.make_persona("lead"),
        world.corr_inspection,
        "The force's population figure was wrong",
        ["context"],
    )
    world.corr_fresh = _published(world, "essex")


BUILDERS = [build]
