"""An award ready for moderation: Durham's child abuse grade in drafting, its departure approved."""

from __future__ import annotations

from types import SimpleNamespace

from inspectorate.inspections import services
from tests.stages import drafting

WORKING_TEXTS = ("Judged on the referral audit",)


def build(world: SimpleNamespace) -> None:
    lead, inspector = world.make_persona("lead"), world.make_persona("inspector")
    inspection = drafting(
        world.make_persona, force=world.force_b, programme=world.programme, frameworks=["CA"]
    )
    award = services.award_grade(inspector, inspection, "CA", "good", "Judged on the referral audit")
    world.moderation_award = services.decide_departure(lead, award, True, "The audit supports it")


BUILDERS = [build]
