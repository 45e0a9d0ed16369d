"""Tags for the inspection pages: the GOV.UK tag colours of stages, verification states, markings
and award statuses, so every page shows the same state in the same colour."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from ..choices import AwardStatus, JudgementValue, Marking, Stage, Verification

register = template.Library()

STAGE_COLOURS: dict[str, str] = {
    Stage.PLANNED: "grey",
    Stage.FIELDWORK: "light-blue",
    Stage.DRAFTING: "blue",
    Stage.MODERATION: "purple",
    Stage.FACTUAL_ACCURACY: "yellow",
    Stage.PUBLISHED: "green",
}
VERIFICATION_COLOURS: dict[str, str] = {
    Verification.UNVERIFIED: "grey",
    Verification.CORROBORATED: "blue",
    Verification.VERIFIED: "green",
}
AWARD_COLOURS: dict[str, str] = {
    AwardStatus.NOT_NEEDED: "green",
    AwardStatus.PENDING: "yellow",
    AwardStatus.APPROVED: "green",
    AwardStatus.REJECTED: "red",
    AwardStatus.SUPERSEDED: "grey",
}
JUDGEMENT_COLOURS: dict[str, str] = {
    JudgementValue.MET: "green",
    JudgementValue.PARTLY: "yellow",
    JudgementValue.NOT_MET: "red",
    JudgementValue.NOT_APPLICABLE: "grey",
    JudgementValue.NOT_JUDGED: "grey",
}


def _tag(colour: str, label: str, testid: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}" data-testid="{}">{}</strong>', colour, testid, label
    )


@register.simple_tag
def stage_tag(stage: str) -> str:
    return _tag(STAGE_COLOURS.get(stage, "grey"), Stage(stage).label, "stage-tag")


@register.simple_tag
def verification_tag(state: str) -> str:
    return _tag(VERIFICATION_COLOURS.get(state, "grey"), Verification(state).label, "verification-tag")


@register.simple_tag
def marking_tag(marking: str) -> str:
    # OFFICIAL-SENSITIVE stands out in red: it must never leave the inspection team.
    colour = "red" if marking == Marking.OFFICIAL_SENSITIVE else "grey"
    return _tag(colour, Marking(marking).label, "marking-tag")


@register.simple_tag
def award_status_tag(status: str) -> str:
    return _tag(AWARD_COLOURS.get(status, "grey"), AwardStatus(status).label, "award-status-tag")


@register.simple_tag
def judgement_tag(value: str) -> str:
    return _tag(JUDGEMENT_COLOURS.get(value, "grey"), JudgementValue(value or "").label, "judgement-tag")


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`mapping|lookup:key`, for dictionaries keyed by something a template cannot spell."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def award_standing(award: Any) -> Any:
    """`{% award_standing award as standing %}`: whether the award still rests on what it was made
    from (services/staleness.py); None without an award."""
    if award is None:
        return None
    from ..services.staleness import award_standing as standing

    return standing(award)


@register.simple_tag
def moderation_lock(inspection: Any, framework: Any) -> str:
    """`{% moderation_lock inspection framework as locked %}`: why the framework's judgements are
    locked by a moderator's agreement ("" while they are not)."""
    from ..services.errors import NotAllowed
    from ..services.staleness import require_not_moderated

    try:
        require_not_moderated(inspection, framework, "Judgements")
    except NotAllowed as refusal:
        return refusal.reason
    return ""
