from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from inspectorate.forces.models import CommandUnit, Force, ForceFact

from .auth import caller

router = Router(tags=["forces"])


class ForceOut(Schema):
    code: str
    name: str
    short_name: str
    country: str
    region: str
    police_uk_id: str | None


class CommandUnitOut(Schema):
    code: str
    name: str
    kind: str
    as_of: datetime.date


class FactOut(Schema):
    key: str
    label: str
    value: Decimal
    unit: str
    approximate: bool
    note: str
    as_of: datetime.date
    source: str


class ForceDetailOut(ForceOut):
    command_units: list[CommandUnitOut]
    facts: list[FactOut]


def _force_out(force: Force) -> dict[str, object]:
    return {
        "code": force.code,
        "name": force.name,
        "short_name": force.short_name,
        "country": force.country,
        "region": force.region,
        "police_uk_id": force.police_uk_id or None,
    }


@router.get("/", response=list[ForceOut], summary="List the forces")
def list_forces(request: HttpRequest) -> list[dict[str, object]]:
    return [_force_out(f) for f in Force.objects.restrict(caller(request), "view")]


@router.get("/{code}", response=ForceDetailOut, summary="One force with its command units and context facts")
def get_force(request: HttpRequest, code: str) -> dict[str, object]:
    force = get_object_or_404(Force.objects.restrict(caller(request), "view"), code=code)
    return {
        **_force_out(force),
        "command_units": list(CommandUnit.objects.restrict(caller(request), "view").filter(force=force)),
        "facts": list(ForceFact.objects.restrict(caller(request), "view").filter(force=force)),
    }
