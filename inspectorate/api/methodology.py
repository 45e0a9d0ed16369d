from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from inspectorate.methodology.models import Criterion, Framework, Programme

from .auth import caller

router = Router(tags=["methodology"])


class ProgrammeOut(Schema):
    code: str
    version: int
    name: str
    inspectorate: str
    description: str
    period_start: datetime.date
    period_end: datetime.date
    scale_code: str
    levels: list[str]
    content_hash: str


class GradeOut(Schema):
    code: str
    name: str
    definition: str


class ProgrammeDetailOut(ProgrammeOut):
    grades: list[GradeOut]
    ruleset: dict[str, Any]


class FrameworkOut(Schema):
    code: str
    name: str
    kinds: list[str]
    group: str | None
    summary: str
    national_context: str
    published_distribution: dict[str, int] | None


class CriterionOut(Schema):
    code: str
    level: str
    theme: str
    theme_name: str
    significant: bool
    dominant: bool
    text: str
    guidance: str


def _programme(request: HttpRequest, code: str, version: int | None) -> Programme:
    programmes = Programme.objects.restrict(caller(request), "view").filter(code=code)
    if version is not None:
        return get_object_or_404(programmes, version=version)
    return get_object_or_404(programmes.order_by("-version")[:1])


def _framework_out(fw: Framework) -> dict[str, Any]:
    return {
        "code": fw.code,
        "name": fw.name,
        "kinds": fw.kinds,
        "group": fw.group.code if fw.group else None,
        "summary": fw.summary,
        "national_context": fw.national_context,
        "published_distribution": fw.published_distribution,
    }


@router.get("/", response=list[ProgrammeOut], summary="List programmes (every loaded version)")
def list_programmes(request: HttpRequest) -> Any:
    return Programme.objects.restrict(caller(request), "view")


@router.get("/{code}", response=ProgrammeDetailOut, summary="A programme with its grade scale and rule set")
def get_programme(request: HttpRequest, code: str, version: int | None = None) -> Any:
    # Ninja turns the related manager `grades` into a list.
    return _programme(request, code, version)


@router.get("/{code}/frameworks", response=list[FrameworkOut], summary="A programme's frameworks")
def list_frameworks(request: HttpRequest, code: str, version: int | None = None) -> Any:
    programme = _programme(request, code, version)
    frameworks = Framework.objects.restrict(caller(request), "view").filter(programme=programme)
    return [_framework_out(fw) for fw in frameworks.select_related("group")]


@router.get(
    "/{code}/frameworks/{framework}/criteria",
    response=list[CriterionOut],
    summary="A framework's specific grading criteria",
)
def list_criteria(request: HttpRequest, code: str, framework: str, version: int | None = None) -> Any:
    programme = _programme(request, code, version)
    fw = get_object_or_404(
        Framework.objects.restrict(caller(request), "view"), programme=programme, code=framework
    )
    return Criterion.objects.restrict(caller(request), "view").filter(framework=fw)
