"""The force's self-assessment for the permission matrix.

- `sa_inspection`: force A (West Midlands), frameworks CA and DV, at fieldwork, led by the lead persona
  with the inspector persona on the team. Force A's liaison officer has submitted one item with a
  file (`sa_item`); the team has recorded one item of its own (`sa_team_item`), also with a file,
  which force A must never see.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from tests.stages import move_to, new_inspection

from .world_inspections import add_item


def build_self_assessment(world: SimpleNamespace) -> None:
    inspection = new_inspection(
        world.make_persona,
        force=world.force_a,
        programme=world.programme,
        frameworks=["CA", "DV"],
        fieldwork_starts=datetime.date(2007, 5, 1),
        fieldwork_ends=datetime.date(2007, 5, 11),
    )
    world.sa_inspection = move_to(inspection, Stage.FIELDWORK, world.make_persona)
    [world.sa_item] = services.submit_self_assessment(
        world.make_persona("force_a"),
        world.sa_inspection,
        title="Domestic abuse policy",
        summary="The force's domestic abuse policy, revised in 2006.",
        effective_date=datetime.date(2007, 1, 15),
        frameworks=["DV"],
        files=[SimpleUploadedFile("policy.txt", b"Domestic abuse policy, revised 2006.\n")],
    )
    world.sa_team_item = add_item(world.make_persona("inspector"), world.sa_inspection, title="Interview")
    services.attach_file(
        world.make_persona("inspector"), world.sa_team_item, b"Notes of the interview.\n", "notes.txt"
    )


BUILDERS = [build_self_assessment]
