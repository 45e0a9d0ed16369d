"""An imported inspection's printed content as the report builder's inputs (read from the latest
import of the inspection), so that its report is laid out as it was printed."""

from __future__ import annotations

from typing import Any

from inspectorate.reports.builder.inputs import PracticeExample, PrintedReport
from inspectorate.reports.builder.model import GlossaryEntry

from .models import ImportedReport


def latest_import(inspection: Any) -> ImportedReport | None:
    if inspection.pk is None:
        return None
    return ImportedReport.objects.filter(inspection=inspection).order_by("-imported_at", "-id").first()


def printed_report(imported: ImportedReport) -> PrintedReport:
    parsed = imported.parsed
    sections = parsed.get("sections", {})
    return PrintedReport(
        provenance=imported.provenance,
        national_context={
            code: section["national_context"]
            for code, section in sections.items()
            if section.get("national_context")
        },
        distributions={
            code: section["national_distribution"]
            for code, section in sections.items()
            if section.get("national_distribution")
        },
        glossary=tuple(GlossaryEntry(term, meaning) for term, meaning in parsed.get("glossary", {}).items()),
    )


def printed_overview(imported: ImportedReport) -> tuple[tuple[str, str], ...]:
    return tuple((part["heading"], part["text"]) for part in imported.parsed.get("overview", []))


def printed_practice(imported: ImportedReport) -> tuple[PracticeExample, ...]:
    return tuple(
        PracticeExample(
            area=box["section"],
            title=box["title"],
            problem=box["problem"],
            solution=box["solution"],
            outcomes=box["outcomes"],
            contact=box["contact"],
            area_label=box["area"],
        )
        for box in imported.parsed.get("developing_practice", [])
    )
