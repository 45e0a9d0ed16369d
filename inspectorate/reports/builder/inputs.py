"""What the report builder needs to know, as plain data (the data adapter in `reports.data` reads it
from the database; tests write it by hand)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import GlossaryEntry


@dataclass(frozen=True)
class GradeDef:
    code: str
    name: str
    definition: str


@dataclass(frozen=True)
class FrameworkDef:
    code: str
    name: str
    kinds: tuple[str, ...]  # any of programmed, risk_based, planned
    order: int
    group: str = ""  # the group's code, empty when the framework stands alone
    national_context: str = ""
    # Grade code -> number of forces, as published; None when the programme has no published figures.
    published_distribution: Mapping[str, int] | None = None


@dataclass(frozen=True)
class GroupDef:
    code: str
    name: str
    overview: str = ""


@dataclass(frozen=True)
class ProgrammeData:
    code: str
    name: str
    inspectorate: str
    # Programme texts by key: introduction, risk_based, command_units, grading_process,
    # developing_practice, future_activity.
    texts: Mapping[str, str]
    grades: tuple[GradeDef, ...]  # best first
    frameworks: tuple[FrameworkDef, ...]
    groups: tuple[GroupDef, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    published_month: str = ""  # YYYY-MM
    version: int = 1
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None

    def framework(self, code: str) -> FrameworkDef:
        for framework in self.frameworks:
            if framework.code == code:
                return framework
        raise KeyError(code)

    def group(self, code: str) -> GroupDef:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)

    def of_kind(self, kind: str) -> tuple[FrameworkDef, ...]:
        return tuple(sorted((f for f in self.frameworks if kind in f.kinds), key=lambda f: f.order))


@dataclass(frozen=True)
class ForceFactData:
    label: str
    value: str  # as printed, e.g. "348 square miles" or "about 2,600,000"
    as_of: datetime.date | None = None
    note: str = ""


@dataclass(frozen=True)
class ForceData:
    code: str
    name: str
    short_name: str = ""
    facts: tuple[ForceFactData, ...] = ()
    facts_source: str = ""


@dataclass(frozen=True)
class AwardData:
    """The current awarded grade of one framework (never a superseded one)."""

    framework: str
    grade: str  # the grade's code in the programme's scale
    status: str = "not_needed"  # not_needed, approved, pending, rejected, or stale (awarded again needed)


@dataclass(frozen=True)
class PrintedReport:
    """What a report imported from its published text printed, to be laid out again as printed:
    each framework's (and group's) national contextual factors and national grade distribution, and
    the glossary, with the notice of where the report came from."""

    provenance: str
    national_context: Mapping[str, str] = field(default_factory=dict)
    distributions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    glossary: tuple[GlossaryEntry, ...] = ()


@dataclass(frozen=True)
class InspectionData:
    frameworks: tuple[str, ...]  # codes of the frameworks in scope
    # The force overview and context, in print order: (heading, text).
    context: tuple[tuple[str, str], ...] = ()
    # Framework (or group) code -> the force's contextual factors for it.
    framework_context: Mapping[str, str] = field(default_factory=dict)
    awards: tuple[AwardData, ...] = ()
    # Framework or group code -> finding kind -> texts in report order. Kinds: strength,
    # work_in_progress, area_for_improvement, recommendation.
    findings: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    is_demonstration: bool = False
    demonstration_note: str = ""
    stage: str = ""
    id: int | None = None
    # Set for a report imported from its published text: it is laid out as printed.
    printed: PrintedReport | None = None


@dataclass(frozen=True)
class NationalGrades:
    """Published grades the system holds for the programme, excluding demonstrations."""

    # Framework code -> grade code -> number of forces with that published grade.
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Framework code -> number of forces whose published grade the system holds.
    forces_held: Mapping[str, int] = field(default_factory=dict)
    total_forces: int = 43


@dataclass(frozen=True)
class PracticeExample:
    """A developing-practice example selected for the report, filed under a framework or group."""

    area: str  # framework or group code
    title: str
    problem: str
    solution: str
    outcomes: str
    contact: str
    area_label: str = ""  # the force's own name for the area, when it differs from the framework's
