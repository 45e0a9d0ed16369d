"""Who is told what, when an inspection's work waits for someone (docs/notifications.md). The domain
services call these inside their transaction, one line each; the notifications are made there and
their e-mails sent only once it commits.

Recipients are found through the access rules, never by role: from the people who could be concerned
(the team, the inspected force's accounts, inspectorate staff) those whom the rule for the next step
lets take it. The texts say what waits and where, never evidence or working (no grades, criteria,
rationales or comments): the linked page decides what its reader may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from inspectorate.accounts.access import decide, permits
from inspectorate.notifications.models import Kind
from inspectorate.notifications.services import notify

from ..choices import STAGE_ORDER, AwardStatus, Stage
from ..models import Finding, FindingComment, GradeAward, Inspection


def _who_may(model: type[models.Model], action: str, obj: models.Model, people: Iterable[Any]) -> list[Any]:
    return [person for person in people if decide(model, person, action, obj)]


def _team(inspection: Inspection) -> list[Any]:
    people = [inspection.lead] if inspection.lead_id else []
    people += list(inspection.inspectors.filter(is_active=True))
    return _who_may(Inspection, "change", inspection, people)


def _force_accounts(
    inspection: Inspection, model: type[models.Model], action: str, obj: models.Model
) -> list[Any]:
    """The inspected force's own accounts that the rule lets act on `obj` (its liaison officers)."""
    people = get_user_model().objects.filter(is_active=True, force=inspection.force_id)
    return _who_may(model, action, obj, people)


def _moderators(inspection: Inspection) -> list[Any]:
    """Those who review this inspection on the moderation board and may record decisions on its grades
    (administrators read the board but do not moderate)."""
    staff = get_user_model().objects.filter(is_active=True, force__isnull=True)
    return [
        person
        for person in _who_may(Inspection, "review", inspection, staff)
        if permits(GradeAward, person, "moderate")
    ]


def _detail(inspection: Inspection) -> str:
    return reverse("inspections:detail", kwargs={"pk": inspection.pk})


def _finding_page(finding: Finding) -> str:
    if finding.framework is not None:
        name, code = "inspections:findings", finding.framework.code
    else:
        assert finding.group is not None  # a finding is under a framework or a group (a constraint)
        name, code = "inspections:group_findings", finding.group.code
    page = reverse(name, kwargs={"pk": finding.inspection_id, "code": code})
    return f"{page}#finding-{finding.pk}"


def _where(inspection: Inspection) -> str:
    return f"the inspection of {inspection.force} for {inspection.programme.name}"


# --- grades ----------------------------------------------------------------------------------------


def departure_awaits_approval(actor: Any, award: GradeAward) -> None:
    """An award that departs from the proposal waits for a lead inspector on the team other than its
    author (any other award: nobody is told). The inspection's lead is told when they may decide it;
    otherwise (the lead made it) every other lead inspector on the team who may. The approvals page
    lists it for all of them either way."""
    if award.status != AwardStatus.PENDING:
        return
    inspection = award.inspection
    able = _who_may(GradeAward, "approve", award, [inspection.lead, *inspection.inspectors.all()])
    lead = [person for person in able if person.pk == inspection.lead_id]
    notify(
        lead or able,
        kind=Kind.DEPARTURE,
        subject=f"A grade awaits your approval: {inspection}",
        body=(
            f"An award for {award.framework.name} in {_where(inspection)} departs from the grade the "
            "criteria propose and waits for a lead inspector other than its author to approve or reject it."
        ),
        link=reverse("inspections:approvals"),
        about=award,
        actor=actor,
    )


def departure_decided(actor: Any, award: GradeAward) -> None:
    """The award's author is told that a lead inspector approved or rejected their departure (a
    rejected one must be awarded again before moderation)."""
    inspection = award.inspection
    outcome = "approved" if award.status == AwardStatus.APPROVED else "rejected"
    notify(
        _who_may(GradeAward, "change", award, [award.author]),
        kind=Kind.DEPARTURE,
        subject=f"Your departure was {outcome}: {inspection}",
        body=(
            f"A lead inspector {outcome} your award for {award.framework.name} in {_where(inspection)}."
            + (" Award the grade again." if outcome == "rejected" else "")
        ),
        link=reverse("inspections:grade", kwargs={"pk": inspection.pk, "code": award.framework.code}),
        about=award,
        actor=actor,
    )


# --- stages ----------------------------------------------------------------------------------------


def stage_moved(actor: Any, inspection: Inspection, from_stage: str, to_stage: str, note: str = "") -> None:
    """Tell whoever the new stage needs: drafting the team, moderation the moderators, the factual
    accuracy check the inspected force (`accuracy_check_opened`) and the team, publication the team
    and the force; an inspection sent back tells the team, with the lead's note (in the list only)."""
    going_back = STAGE_ORDER.index(to_stage) < STAGE_ORDER.index(from_stage)
    stage = Stage(to_stage).label.lower()
    link = _detail(inspection)
    if going_back:
        notify(
            _team(inspection),
            kind=Kind.STAGE,
            subject=f"Sent back to {stage}: {inspection}",
            body=f"The lead inspector sent {_where(inspection)} back to the {stage} stage, saying why.",
            detail=note,
            link=link,
            about=inspection,
            actor=actor,
        )
        return
    if to_stage == Stage.DRAFTING:
        notify(
            _team(inspection),
            kind=Kind.STAGE,
            subject=f"Drafting has begun: {inspection}",
            body=(
                f"Fieldwork is over for {_where(inspection)}: the team drafts its judgements, grades "
                "and findings."
            ),
            link=link,
            about=inspection,
            actor=actor,
        )
    elif to_stage == Stage.MODERATION:
        notify(
            _moderators(inspection),
            kind=Kind.STAGE,
            subject=f"Ready for moderation: {inspection}",
            body=f"The lead inspector sent the grades of {_where(inspection)} to national moderation.",
            link=reverse("moderation:index"),
            about=inspection,
            actor=actor,
        )
    elif to_stage == Stage.FACTUAL_ACCURACY:
        accuracy_check_opened(actor, inspection)
        notify(
            _team(inspection),
            kind=Kind.STAGE,
            subject=f"Factual accuracy check opened: {inspection}",
            body=f"The draft of {_where(inspection)} is with the force; answer each comment it makes.",
            link=link,
            about=inspection,
            actor=actor,
        )
    elif to_stage == Stage.PUBLISHED:
        people = _team(inspection) + _force_accounts(inspection, Inspection, "view", inspection)
        notify(
            people,
            kind=Kind.STAGE,
            subject=f"Report published: {inspection}",
            body=f"The report of {_where(inspection)} is published.",
            link=reverse(
                "published:latest",
                kwargs={"programme": inspection.programme.code, "force": inspection.force.code},
            ),
            about=inspection,
            actor=actor,
        )


def accuracy_check_opened(actor: Any, inspection: Inspection) -> None:
    """The inspected force's liaison officers: its draft is theirs to check and comment on."""
    notify(
        _force_accounts(inspection, Inspection, "view", inspection),
        kind=Kind.ACCURACY_CHECK,
        subject=f"Your force's draft report is ready for its factual accuracy check: {inspection}",
        body=(
            f"The inspectorate has opened the factual accuracy check of {_where(inspection)}. Read the "
            "draft findings and comment on any that are not factually accurate."
        ),
        link=_detail(inspection),
        about=inspection,
        actor=actor,
    )


# --- force comments --------------------------------------------------------------------------------


def comment_to_answer(actor: Any, comment: FindingComment) -> None:
    """The team answers every force comment before the report is published."""
    finding = comment.finding
    inspection = finding.inspection
    notify(
        _team(inspection),
        kind=Kind.COMMENT,
        subject=f"A force comment to answer: {inspection}",
        body=(
            f"{inspection.force} commented on a finding in {_where(inspection)}. Answer it before "
            "publication."
        ),
        link=_finding_page(finding),
        about=comment,
        actor=actor,
    )


def comment_answered(actor: Any, comment: FindingComment) -> None:
    """The inspected force's liaison officers who may read the finding are told of the team's answer."""
    finding = comment.finding
    inspection = finding.inspection
    notify(
        _force_accounts(inspection, Finding, "view", finding),
        kind=Kind.ANSWER,
        subject=f"The inspectorate answered a comment: {inspection}",
        body=f"The inspection team answered a comment your force made on a finding in {_where(inspection)}.",
        link=_finding_page(finding),
        about=comment,
        actor=actor,
    )
