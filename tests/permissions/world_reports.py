"""Inspections for the draft report pages' permission matrix, made directly with the ORM (the report
only reads them).

- `report_drafting`: force A (West Midlands), NP and CA in scope, at the drafting stage, led by the
  lead persona with the inspector persona on the team, with an NP award.
- `report_fac`: the same at the factual accuracy check, when force A may read its draft.
- `report_published`: force B (Durham), published: its report is served under /published/, never as
  a draft.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import GradeAward, Inspection


def _inspection(world: SimpleNamespace, force: Any, stage: str) -> Inspection:
    lead = world.make_persona("lead")
    inspection = Inspection.objects.create(
        force=force, programme=world.programme, lead=lead, created_by=lead, stage=stage
    )
    inspection.frameworks.set(world.programme.frameworks.filter(code__in=("NP", "CA")))
    inspection.inspectors.set([world.make_persona("inspector")])
    GradeAward.objects.create(
        inspection=inspection,
        framework=world.programme.frameworks.get(code="NP"),
        proposed_grade="good",
        trace={},
        grade="good",
        status=AwardStatus.NOT_NEEDED,
        author=lead,
    )
    return inspection


def _reports(world: SimpleNamespace) -> None:
    world.report_drafting = _inspection(world, world.force_a, Stage.DRAFTING)
    world.report_fac = _inspection(world, world.force_a, Stage.FACTUAL_ACCURACY)
    world.report_published = _inspection(world, world.force_b, Stage.PUBLISHED)


BUILDERS = [_reports]
