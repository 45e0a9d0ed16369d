"""Every grade published for a force: from the frozen published versions of its reports (imported
reports included) and from grades published without a report (`inspectorate import-grades`).

Grades are read from the latest published version of each report, as frozen (its JSON), never from
the inspection as it now stands. A grade published without a report is left out where a published
report of the same force and programme holds a grade for the same framework: the report is the
primary source. Demonstration (reconstructed) inspections are never published, so never appear."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from inspectorate.months import month_start

from .models import PublishedReport


@dataclass(frozen=True)
class GradeRecord:
    force_code: str  # forces.Force.code, e.g. "west-midlands"
    programme_code: str  # methodology Programme code, e.g. "hmic-2006", "hmic-2007"
    framework_code: str  # framework code in that programme's pack, e.g. "CA", "PVP"
    grade: str  # grade code of that programme's scale: "excellent"|"good"|"fair"|"poor"
    published: datetime.date  # first day of the month of publication
    source: str  # "published report, version 1 (imported …)" or the CSV source URL


def frozen_grades(report_json: str) -> Iterator[tuple[str, str]]:
    """(framework code, grade code) of every graded framework in a frozen report's JSON."""
    data: dict[str, Any] = json.loads(report_json)
    for section in data.get("sections", []):
        for block in section.get("blocks", []):
            if block.get("type") == "grade" and block.get("grade"):
                yield block["framework"], block["grade"]


def _report_records(force_code: str | None) -> list[GradeRecord]:
    reports = (
        PublishedReport.objects.latest_versions()
        .restrict(None, "view")
        .select_related("force", "programme")
        .select_related("imported_from")
    )
    if force_code is not None:
        reports = reports.filter(force__code=force_code)
    records = []
    for report in reports:
        imported = _imported_of(report)
        source = f"published report, version {report.version}"
        published = report.published_at.date().replace(day=1)
        if imported is not None:
            source += f" (imported from the published report, SHA-256 {imported.source_sha256})"
            published = month_start(imported.published_month) or published
        for framework, grade in frozen_grades(report.report_json):
            records.append(
                GradeRecord(report.force.code, report.programme.code, framework, grade, published, source)
            )
    return records


def _imported_of(report: PublishedReport) -> Any:
    try:
        return report.imported_from
    except ObjectDoesNotExist:  # no import behind this version
        return None


def grade_history(force_code: str | None = None) -> list[GradeRecord]:
    """Every grade published for a force (all forces when None): from published (frozen) inspection
    versions, imported reports included, and from grades published without a report
    (`inspectorate import-grades`). Sorted by force, framework, published. Demonstration
    (reconstructed) inspections are never included."""
    from inspectorate.legacy.models import PublishedGrade

    records = _report_records(force_code)
    held = {(r.force_code, r.programme_code, r.framework_code) for r in records}
    grades = PublishedGrade.objects.select_related("force", "programme", "framework")
    if force_code is not None:
        grades = grades.filter(force__code=force_code)
    seen: set[tuple[str, str, str, str]] = set()
    for row in grades.order_by("pk"):
        key = (row.force.code, row.programme.code, row.framework.code)
        if key in held or (*key, row.source_url) in seen:
            continue
        seen.add((*key, row.source_url))
        records.append(GradeRecord(*key, row.grade, row.published, row.source_url))
    records.sort(key=lambda r: (r.force_code, r.framework_code, r.published, r.programme_code, r.source))
    return records
