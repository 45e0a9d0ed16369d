"""Planning objects for the permission matrix.

- `planning_published`: force A (West Midlands), CA in scope, published (written directly), with an area
  for improvement under CA that is tracked as `planning_action` (force A's; force B may not see it).
- `planning_next`: force A's next inspection of CA at the planned stage, the lead and inspector
  personas on its team: its page shows the earlier area and its status.
- `planning_plan`: a draft plan of CA and DV for every force, solved, with an analyst's pin
  `planning_pin`; `planning_assessment`: force A's threat exposure, high.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from inspectorate.inspections import services as inspections
from inspectorate.inspections.choices import FindingKind, Stage
from inspectorate.inspections.models import Finding, Inspection
from inspectorate.planning import services, tracking


def _planning(world: SimpleNamespace) -> None:
    lead, inspector = world.make_persona("lead"), world.make_persona("inspector")
    published = Inspection.objects.create(
        force=world.force_a, programme=world.programme, lead=lead, stage=Stage.PUBLISHED, created_by=lead
    )
    published.frameworks.set([world.programme.frameworks.get(code="CA")])
    Finding.objects.create(
        inspection=published,
        framework=world.programme.frameworks.get(code="CA"),
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Supervision of child abuse investigations is inconsistent across OCUs.",
        created_by=lead,
    )
    tracking.sync_actions()
    world.planning_published = published
    world.planning_action = published.findings.get().tracked_action
    world.planning_next = inspections.create_inspection(
        lead,
        force=world.force_a,
        programme=world.programme,
        frameworks=["CA"],
        lead=lead,
        inspectors=[inspector],
    )
    world.planning_assessment = services.record_assessment(
        world.make_persona("analyst"),
        force=world.force_a,
        kind="threat_exposure",
        level="high",
        assessed_on=datetime.date(2008, 3, 1),
        evidence="Organised crime groups mapped across the conurbation.",
    )
    plan = services.create_plan(
        services.COMMAND_LINE,
        code="matrix-plan",
        name="Matrix programme",
        programme=world.programme,
        starts_on=datetime.date(2008, 4, 1),
        capacity=200,
        frameworks=["CA", "DV"],
    )
    world.planning_pin = services.pin(
        world.make_persona("analyst"),
        plan,
        force=world.force_b,
        framework_code="DV",
        pinned_in=True,
        reason="A domestic homicide review asked for it",
        quarter=None,
    )
    world.planning_result = services.solve_plan(services.COMMAND_LINE, plan)
    world.planning_plan = plan


BUILDERS = [_planning]
