"""One way for tests to make an inspection and carry it to a stage, through the services as a team
would: the lead persona leads it with the inspector persona on the team (or the `inspectors` given);
team members move it up to drafting, the lead after that; before the factual accuracy check a
moderator agrees every current award not yet agreed; the last step is the publication service's own
(`via_publication`), without freezing report files. Whatever else a step needs (awards, approvals) the
caller makes first, so a missing one is a `Blocked` naming it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from inspectorate.inspections import services
from inspectorate.inspections.choices import STAGE_ORDER, ModerationOutcome, Stage
from inspectorate.inspections.models import Inspection

Personas = Callable[[str], Any]


def new_inspection(
    make_persona: Personas, *, force: Any, programme: Any, frameworks: Iterable[str], **extra: Any
) -> Inspection:
    lead = make_persona("lead")
    extra.setdefault("inspectors", [make_persona("inspector")])
    return services.create_inspection(
        lead, force=force, programme=programme, frameworks=list(frameworks), lead=lead, **extra
    )


def move_to(inspection: Inspection, stage: str, make_persona: Personas) -> Inspection:
    """Move the inspection forward one stage at a time until it is at `stage`."""
    lead, inspector = make_persona("lead"), make_persona("inspector")
    while inspection.stage_index < STAGE_ORDER.index(stage):
        target = STAGE_ORDER[inspection.stage_index + 1]
        if target == Stage.FACTUAL_ACCURACY:
            _agree_awards(inspection, make_persona("moderator"))
        mover = inspector if target in (Stage.FIELDWORK, Stage.DRAFTING) else lead
        inspection = services.move(mover, inspection, target, via_publication=target == Stage.PUBLISHED)
    inspection.refresh_from_db()
    return inspection


def _agree_awards(inspection: Inspection, moderator: Any) -> None:
    for framework in inspection.frameworks.all():
        award = services.current_award(inspection, framework)
        if award is None:
            continue
        latest = award.moderation_decisions.order_by("-decided_at", "-id").first()
        if latest is None or latest.outcome != ModerationOutcome.AGREED:
            services.record_moderation(moderator, award, ModerationOutcome.AGREED)


def drafting(make_persona: Personas, **fields: Any) -> Inspection:
    """A new inspection at the drafting stage (see `new_inspection` for the fields)."""
    return move_to(new_inspection(make_persona, **fields), Stage.DRAFTING, make_persona)
