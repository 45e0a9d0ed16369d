"""The shape of each pack file, as strict pydantic models (unknown keys are errors)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    StrictStr,
)

from inspectorate.datafiles import show

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _code(value: str) -> str:
    if not _CODE.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid code (letters, digits, '-', '_' or '.', no spaces)")
    return value


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid programme code (lower-case letters, digits and '-')")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date YYYY-MM-DD, got a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"invalid date {value!r} ({exc})") from exc
    raise ValueError(f"expected a date YYYY-MM-DD, got {show(value)}")


def _month(value: Any) -> str:
    if isinstance(value, str) and _MONTH.fullmatch(value):
        return value
    raise ValueError(f"expected a month YYYY-MM, got {show(value)}")


def _freeze_mapping(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


Code = Annotated[StrictStr, AfterValidator(_code)]
Slug = Annotated[StrictStr, AfterValidator(_slug)]
Text = Annotated[StrictStr, AfterValidator(_not_blank)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Month = Annotated[str, BeforeValidator(_month)]
Count = Annotated[StrictInt, Field(ge=0)]
GradeCounts = Annotated[
    Mapping[Code, Count],
    AfterValidator(_freeze_mapping),
    PlainSerializer(dict, return_type=dict[str, int]),
]
FrameworkKind = Literal["programmed", "risk_based", "planned"]
FRAMEWORK_KINDS: tuple[FrameworkKind, ...] = ("programmed", "risk_based", "planned")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# pack.yaml


class AssessmentPeriod(_Strict):
    start: IsoDate
    end: IsoDate


class ProgrammeTexts(_Strict):
    introduction: Text
    risk_based: Text
    command_units: Text
    grading_process: Text
    developing_practice: Text
    future_activity: Text


class Programme(_Strict):
    code: Slug
    version: Annotated[StrictInt, Field(ge=1)]
    name: Text
    inspectorate: Text
    description: Text
    assessment_period: AssessmentPeriod
    published: Month | None = None
    # False for a programme known only from its published grades: the pack holds no criteria and
    # has no criteria folder (its description says so).
    criteria_held: bool = True
    texts: ProgrammeTexts


# scale.yaml


class Grade(_Strict):
    code: Code
    name: Text
    definition: Text


class Scale(_Strict):
    code: Code
    name: Text
    levels: tuple[Code, ...] = Field(min_length=1)
    grades: tuple[Grade, ...] = Field(min_length=2)

    @property
    def lowest_level(self) -> str:
        return self.levels[0]

    @property
    def grade_codes(self) -> tuple[str, ...]:
        return tuple(grade.code for grade in self.grades)


# frameworks.yaml


class Condition(_Strict):
    code: Code
    name: Text
    description: Text


class Theme(_Strict):
    code: Code
    name: Text


class Group(_Strict):
    code: Code
    name: Text
    themes: tuple[Theme, ...] = ()
    overview: Text | None = None


class Framework(_Strict):
    code: Code
    name: Text
    kinds: tuple[FrameworkKind, ...] = Field(min_length=1)
    group: Code | None = None
    order: Count
    summary: Text
    themes: tuple[Theme, ...] = ()
    national_context: Text | None = None
    published_distribution: GradeCounts | None = None


class FrameworksFile(_Strict):
    conditions: tuple[Condition, ...] = ()
    groups: tuple[Group, ...] = ()
    frameworks: tuple[Framework, ...] = Field(min_length=1)


# criteria/<FW>.yaml


class Criterion(_Strict):
    code: Code
    level: Code
    theme: Code | None = None
    significant: StrictBool = False
    dominant: StrictBool = False
    text: Text
    guidance: Text | None = None


class CriteriaFile(_Strict):
    framework: Code
    criteria: tuple[Criterion, ...] = Field(min_length=1)


# glossary.yaml


class GlossaryTerm(_Strict):
    term: Text
    meaning: Text


class Glossary(_Strict):
    terms: tuple[GlossaryTerm, ...] = ()
