"""What is published, as plain data for the public pages, the open data files and the API: the grades of
every published report, a programme's national summary and a force's summary across programmes.

Only what the public may see counts: the latest version of each published report of an inspection
that is not a demonstration. A grade is read from that version as it was frozen (its JSON, whose
SHA-256 was published with it), never from the inspection's live award rows: what the public pages,
the national summary and the open data say is what the reports say, whatever happens to the rows."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from inspectorate.forces.models import Force
from inspectorate.methodology.models import Framework, Programme

from .models import PublishedReport

OPEN_DATA_COLUMNS = (
    "programme",
    "programme_version",
    "force_code",
    "force_name",
    "framework_code",
    "framework_name",
    "grade_code",
    "grade_name",
    "published_at",
    "report_version",
    "report_url",
)


def public_reports() -> Any:
    """The latest version of every published report, as the public sees them."""
    return (
        PublishedReport.objects.latest_versions()
        .restrict(None, "view")
        .select_related("force", "programme", "inspection")
    )


def report_path(report: PublishedReport) -> str:
    return reverse(
        "published:version",
        kwargs={"programme": report.programme.code, "force": report.force.code, "version": report.version},
    )


def latest_path(report: PublishedReport) -> str:
    return reverse(
        "published:latest", kwargs={"programme": report.programme.code, "force": report.force.code}
    )


@dataclass(frozen=True)
class GradeRow:
    programme: str
    programme_version: int
    force_code: str
    force_name: str
    framework_code: str
    framework_name: str
    framework_position: int
    grade_code: str
    grade_name: str
    grade_position: int
    published_at: datetime.datetime
    report_version: int
    report_path: str

    def as_open_data(self, base_url: str = "") -> dict[str, Any]:
        return {
            "programme": self.programme,
            "programme_version": self.programme_version,
            "force_code": self.force_code,
            "force_name": self.force_name,
            "framework_code": self.framework_code,
            "framework_name": self.framework_name,
            "grade_code": self.grade_code,
            "grade_name": self.grade_name,
            "published_at": self.published_at.isoformat(),
            "report_version": self.report_version,
            "report_url": base_url + self.report_path,
        }


@dataclass(frozen=True)
class FrozenGrade:
    framework_code: str
    framework_name: str
    grade_code: str
    grade_name: str


# Parsed grades by (report id, JSON SHA-256): a version never changes, so neither do its grades.
_FROZEN: dict[tuple[int, str], tuple[FrozenGrade, ...]] = {}
_FROZEN_LIMIT = 512


def frozen_grades(report: PublishedReport) -> tuple[FrozenGrade, ...]:
    """The grades a published version prints (its grade banners), in report order; a framework not
    yet awarded in it has none."""
    key = (report.pk, report.json_sha256)
    if key not in _FROZEN:
        if len(_FROZEN) >= _FROZEN_LIMIT:
            _FROZEN.clear()
        _FROZEN[key] = _read_grades(report.report_json)
    return _FROZEN[key]


def _read_grades(report_json: str) -> tuple[FrozenGrade, ...]:
    found: dict[str, FrozenGrade] = {}
    for section in json.loads(report_json).get("sections", []):
        for block in section.get("blocks", []):
            if block.get("type") != "grade" or not block.get("grade"):
                continue
            code = str(block["framework"])
            name, grade, grade_name = (str(block[k]) for k in ("framework_name", "grade", "grade_name"))
            found.setdefault(code, FrozenGrade(code, name, grade, grade_name))
    return tuple(found.values())


def grade_rows(programme_code: str | None = None, force: Force | None = None) -> list[GradeRow]:
    """Every published grade as its report's latest version prints it, ordered by programme, force and
    framework."""
    reports = public_reports()
    if programme_code is not None:
        reports = reports.filter(programme__code=programme_code)
    if force is not None:
        reports = reports.filter(force=force)
    positions: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
    rows: list[GradeRow] = []
    for report in reports:
        programme = report.programme
        if programme.pk not in positions:
            positions[programme.pk] = (
                dict(programme.frameworks.values_list("code", "position")),
                dict(programme.grades.values_list("code", "position")),
            )
        framework_positions, grade_positions = positions[programme.pk]
        for grade in frozen_grades(report):
            rows.append(
                GradeRow(
                    programme=programme.code,
                    programme_version=programme.version,
                    force_code=report.force.code,
                    force_name=report.force.name,
                    framework_code=grade.framework_code,
                    framework_name=grade.framework_name,
                    framework_position=framework_positions.get(grade.framework_code, 999),
                    grade_code=grade.grade_code,
                    grade_name=grade.grade_name,
                    grade_position=grade_positions.get(grade.grade_code, 99),
                    published_at=report.published_at,
                    report_version=report.version,
                    report_path=report_path(report),
                )
            )
    rows.sort(key=lambda r: (r.programme, r.programme_version, r.force_name, r.framework_position))
    return rows


@dataclass(frozen=True)
class FrameworkLine:
    code: str
    name: str
    counts: tuple[int, ...]  # per grade, best first
    held: int  # forces whose published grade the system holds
    published: tuple[int, ...] | None  # the distribution as published in the pack, if any
    total: int
    # Where the grades held come from, as (label, number of forces): published reports, grades
    # published without a report.
    sources: tuple[tuple[str, int], ...] = ()

    @property
    def complete(self) -> bool:
        return self.held >= self.total

    def as_dict(self, grade_codes: list[str]) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "counts": dict(zip(grade_codes, self.counts, strict=True)),
            "forces_held": self.held,
            "sources": dict(self.sources),
            "published_distribution": (
                dict(zip(grade_codes, self.published, strict=True)) if self.published is not None else None
            ),
        }


@dataclass(frozen=True)
class SummaryBlock:
    """Frameworks printed together, as in the report: a group's components under its name, or one
    framework on its own."""

    label: str
    group_code: str
    lines: tuple[FrameworkLine, ...]


@dataclass(frozen=True)
class NationalSummary:
    programme: Programme
    grades: tuple[tuple[str, str], ...]  # (code, name), best first
    blocks: tuple[SummaryBlock, ...]
    total_forces: int
    reports: tuple[PublishedReport, ...] = field(default=())
    # Grades published for forces without a report held here (legacy.PublishedGrade), with sources.
    other_grades: tuple[Any, ...] = field(default=())

    @property
    def partial(self) -> bool:
        return any(not line.complete for block in self.blocks for line in block.lines)

    @property
    def columns(self) -> int:
        """Columns of the summary table: the area, the grades (twice when partial) and grades held."""
        return 1 + len(self.grades) * (2 if self.partial else 1) + (1 if self.partial else 0)

    @property
    def lines(self) -> list[FrameworkLine]:
        return [line for block in self.blocks for line in block.lines]

    def as_dict(self) -> dict[str, Any]:
        codes = [code for code, _ in self.grades]
        return {
            "programme": self.programme.code,
            "programme_version": self.programme.version,
            "programme_name": self.programme.name,
            "grades": [{"code": code, "name": name} for code, name in self.grades],
            "total_forces": self.total_forces,
            "complete": not self.partial,
            "groups": [
                {
                    "label": block.label,
                    "group": block.group_code or None,
                    "frameworks": [line.as_dict(codes) for line in block.lines],
                }
                for block in self.blocks
            ],
        }


def summary_programme(code: str) -> Programme | None:
    """The version of a programme that its published reports belong to (else its latest version)."""
    published = public_reports().filter(programme__code=code).order_by("-programme__version").first()
    if published is not None:
        return published.programme
    return Programme.objects.filter(code=code).order_by("-version").first()


def _published_distribution(framework: Framework, codes: list[str]) -> tuple[int, ...] | None:
    given = framework.published_distribution
    if not given:
        return None
    return tuple(int(given.get(code, 0)) for code in codes)


def national_summary(programme: Programme) -> NationalSummary:
    grades = tuple((g.code, g.name) for g in programme.grades.order_by("position"))
    codes = [code for code, _ in grades]
    from inspectorate.legacy.queries import IN_REPORTS, WITHOUT_REPORT, grades_without_report

    counts: dict[str, Counter[str]] = {}
    sources: dict[str, Counter[str]] = {}
    held = set()
    for row in grade_rows(programme.code):
        held.add((row.force_code, row.programme, row.framework_code))
        if row.programme_version == programme.version:
            counts.setdefault(row.framework_code, Counter())[row.grade_code] += 1
            sources.setdefault(row.framework_code, Counter())[IN_REPORTS] += 1
    other = grades_without_report(held, programme.code)
    for grade in other:
        counts.setdefault(grade.framework.code, Counter())[grade.grade] += 1
        sources.setdefault(grade.framework.code, Counter())[WITHOUT_REPORT] += 1
    total = Force.objects.count() or 43
    frameworks = [
        f
        for f in programme.frameworks.select_related("group").order_by("position")
        if "programmed" in f.kinds or f.code in counts
    ]
    blocks: list[SummaryBlock] = []
    for framework in frameworks:
        found = counts.get(framework.code, Counter())
        line = FrameworkLine(
            code=framework.code,
            name=framework.name,
            counts=tuple(found.get(code, 0) for code in codes),
            held=sum(found.values()),
            published=_published_distribution(framework, codes),
            total=total,
            sources=tuple(sorted(sources.get(framework.code, Counter()).items())),
        )
        group_code = framework.group.code if framework.group else ""
        if blocks and group_code and blocks[-1].group_code == group_code:
            last = blocks[-1]
            blocks[-1] = SummaryBlock(last.label, last.group_code, (*last.lines, line))
        else:
            label = framework.group.name if framework.group else framework.name
            blocks.append(SummaryBlock(label, group_code, (line,)))
    reports = tuple(public_reports().filter(programme=programme).order_by("force__name"))
    return NationalSummary(programme, grades, tuple(blocks), total, reports, tuple(other))


@dataclass(frozen=True)
class ForceProgramme:
    report: PublishedReport
    grades: tuple[GradeRow, ...]


def force_grades_without_report(force: Force) -> list[Any]:
    """A force's grades published without a report held here, with their sources."""
    from inspectorate.legacy.queries import grades_without_report

    held = {(r.force_code, r.programme, r.framework_code) for r in grade_rows(force=force)}
    return grades_without_report(held, force=force)


def force_summary(force: Force) -> list[ForceProgramme]:
    """A force's published grades, programme by programme, newest programme first."""
    rows = grade_rows(force=force)
    reports = public_reports().filter(force=force).order_by("-programme__period_start", "programme__code")
    return [
        ForceProgramme(
            report,
            tuple(
                r for r in rows if r.programme == report.programme.code and r.report_version == report.version
            ),
        )
        for report in reports
    ]
