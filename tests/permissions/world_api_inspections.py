"""Inspections for the inspections API's permission matrix, made through the services as a team would.

- `api_draft`: West Midlands (force A), drafting; NP and CA in scope; evidence E001 (OFFICIAL,
  verified), E002 (child abuse, so OFFICIAL-SENSITIVE), E003 (OFFICIAL, unverified); a met judgement;
  a CA award that departs from the proposal and awaits a lead's approval; two NP strengths.
- `api_fac`: West Midlands at the factual accuracy check (CA only, moderated and agreed; a first award
  superseded by the agreed one), with a finding.
- `api_published`: Durham (force B), published, with a finding.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from tests.stages import drafting, move_to

COLLECTED = datetime.date(2007, 6, 4)
IN_PERIOD = datetime.date(2007, 3, 1)
# The working these worlds write, which no one refused the working may receive (see working.py).
WORKING_TEXTS = (
    "Every neighbourhood has a team",
    "The audit supports Fair",
    "First view before the referral audit",
    "Judged from the audit; criteria unfinished",
    "Agreed on the evidence seen",
)


def _inspection(world: SimpleNamespace, force: Any, frameworks: list[str]) -> Any:
    return drafting(world.make_persona, force=force, programme=world.programme, frameworks=frameworks)


def _evidence(world: SimpleNamespace, inspection: Any, title: str, **extra: Any) -> Any:
    return services.add_evidence(
        world.make_persona("inspector"),
        inspection,
        source_type=extra.pop("source_type", "document"),
        title=title,
        summary=f"What {title.lower()} shows.",
        collected_on=COLLECTED,
        effective_date=IN_PERIOD,
        **extra,
    )


def _signed_off(world: SimpleNamespace, force: Any) -> Any:
    """An inspection carried through moderation to the factual accuracy check, with one finding."""
    lead, inspector = world.make_persona("lead"), world.make_persona("inspector")
    inspection = _inspection(world, force, ["CA"])
    # A first award, replaced by the second: the superseded award is working the force never sees.
    services.award_grade(inspector, inspection, "CA", "poor", "First view before the referral audit")
    award = services.award_grade(
        inspector, inspection, "CA", "fair", "Judged from the audit; criteria unfinished"
    )
    services.decide_departure(lead, award, True, "Agreed on the evidence seen")
    inspection = move_to(inspection, Stage.FACTUAL_ACCURACY, world.make_persona)
    services.add_finding(
        inspector, inspection, kind="strength", text="Strategy meetings are prompt.", framework="CA"
    )
    return inspection


def build(world: SimpleNamespace) -> None:
    inspector = world.make_persona("inspector")
    draft = _inspection(world, world.force_a, ["NP", "CA"])
    world.api_e001 = _evidence(world, draft, "Neighbourhood coverage return", criteria=["NP-F01"])
    services.verify_evidence(inspector, world.api_e001, "Checked against the duty rosters")
    world.api_e002 = _evidence(world, draft, "Child abuse referral audit", criteria=["CA-F03"])
    world.api_e003 = _evidence(world, draft, "Abstraction records", criteria=["NP-F03"])
    services.record_judgement(
        inspector, draft, "NP-F01", "met", comment="Every neighbourhood has a team", evidence=[world.api_e001]
    )
    world.api_award = services.award_grade(inspector, draft, "CA", "fair", "The audit supports Fair")
    world.api_finding = services.add_finding(
        inspector, draft, kind="strength", text="Every neighbourhood has a named team.", framework="NP"
    )
    services.add_finding(inspector, draft, kind="strength", text="Partners join tasking.", framework="NP")
    world.api_draft = draft

    world.api_fac = _signed_off(world, world.force_a)
    # The stage alone, without the report files the publication service would freeze: enough for
    # the API's view of a published inspection.
    published = move_to(_signed_off(world, world.force_b), Stage.PUBLISHED, world.make_persona)
    world.api_published = published
    world.api_published_finding = published.findings.get()


BUILDERS = [build]
