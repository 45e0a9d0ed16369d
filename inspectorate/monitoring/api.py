"""Monitoring in the API: indicators, observations, signals and flags as JSON, and an analyst's
decision on a flag. Every read goes through restrict(); refusals are 403 with the reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from inspectorate.accounts.access import rule_for
from inspectorate.months import month_key

from . import flags as flag_service
from .descriptions import flag_dict, unit_signals
from .models import Flag, Indicator, Observation, Unit

router = Router(tags=["monitoring"])
# Who may not read monitoring is refused (403); a unit or flag they may not see is not found (404). The
# API documents these, and every other refusal, in its one error shape (inspectorate/api/errors.py).
REFUSED: dict[int, Any] = {403: dict[str, Any], 404: dict[str, Any]}


def _may_read(request: HttpRequest) -> None:
    rule = rule_for(Unit, request.user, "view")
    if not rule.everything and rule.q is None:
        raise PermissionError(rule.reason)


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    measure: str
    direction: str
    frequency: str
    frameworks: list[str]
    peer_comparison: bool
    catalogue_version: str


class ObservationOut(Schema):
    indicator: str
    unit: str
    month: str
    value: float
    numerator: int
    denominator: int | None
    source: str


class FlagOut(Schema):
    id: int
    unit: str
    force: str
    indicator: str
    framework: str
    direction: str
    strength: float
    summary: str
    reasons: list[dict[str, Any]]
    method: str
    raised_on: datetime.date
    current: bool
    decision: str | None
    decision_reason: str


class DecisionIn(Schema):
    decision: str
    reason: str


@router.get(
    "/indicators", response={200: list[IndicatorOut], 403: dict[str, Any]}, summary="The indicator catalogue"
)
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    _may_read(request)
    return [
        {
            "code": i.code,
            "name": i.name,
            "description": i.description,
            "measure": i.measure,
            "direction": i.direction,
            "frequency": i.frequency,
            "frameworks": [f.code for f in i.frameworks.all()],
            "peer_comparison": i.peer_comparison,
            "catalogue_version": i.catalogue_version,
        }
        for i in Indicator.objects.restrict(request.user, "view").prefetch_related("frameworks")
    ]


@router.get(
    "/observations",
    response={200: list[ObservationOut], **REFUSED},
    summary="Observations of one unit (missing months are absent)",
)
def list_observations(request: HttpRequest, unit: str, indicator: str | None = None) -> list[dict[str, Any]]:
    _may_read(request)
    found = get_object_or_404(Unit.objects.restrict(request.user, "view"), code=unit)
    rows = Observation.objects.restrict(request.user, "view").filter(unit=found).select_related("indicator")
    if indicator:
        rows = rows.filter(indicator__code=indicator)
    return [
        {
            "indicator": o.indicator.code,
            "unit": found.code,
            "month": month_key(o.period),
            "value": o.value,
            "numerator": o.numerator,
            "denominator": o.denominator,
            "source": o.source,
        }
        for o in rows.order_by("indicator__position", "period")
    ]


@router.get(
    "/signals",
    response={200: dict[str, Any], **REFUSED},
    summary="SPC limits, special-cause points, peer comparison and flags of one unit",
)
def get_signals(request: HttpRequest, unit: str, indicator: str | None = None) -> dict[str, Any]:
    _may_read(request)
    get_object_or_404(Unit.objects.restrict(request.user, "view"), code=unit)
    try:
        return unit_signals(unit, indicator=indicator, user=request.user)
    except LookupError as exc:
        from ninja.errors import HttpError

        raise HttpError(404, str(exc)) from exc


@router.get(
    "/flags",
    response={200: list[FlagOut], 403: dict[str, Any]},
    summary="Flags for consideration of inspection, strongest first",
)
def list_flags(
    request: HttpRequest, force: str | None = None, framework: str | None = None, current: bool = True
) -> list[dict[str, Any]]:
    _may_read(request)
    rows = Flag.objects.restrict(request.user, "view").select_related(
        "unit__force", "force", "indicator", "framework"
    )
    if current:
        rows = rows.filter(current=True)
    if force:
        rows = rows.filter(force__code=force)
    if framework:
        rows = rows.filter(framework__code=framework)
    return [flag_dict(f) for f in rows.order_by("-strength", "pk")]


@router.post(
    "/flags/{flag_id}/decision",
    response={200: FlagOut, 422: dict[str, Any], **REFUSED},
    summary="Record a decision on a flag",
)
def decide_flag(request: HttpRequest, flag_id: int, payload: DecisionIn) -> Any:
    _may_read(request)
    flag = get_object_or_404(Flag.objects.restrict(request.user, "view"), pk=flag_id)
    try:
        decided = flag_service.decide(request.user, flag, payload.decision, payload.reason)
    except flag_service.Invalid as exc:
        return Status(422, {"detail": "the decision has problems; see errors", "errors": exc.errors})
    fresh = Flag.objects.select_related("unit__force", "force", "indicator", "framework").get(pk=decided.pk)
    return Status(200, flag_dict(fresh))
