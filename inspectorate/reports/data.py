"""From the database to the report builder's inputs.

`report_inputs(inspection)` gives the keyword arguments of `build_report`. National figures count
only published grades of inspections that are not demonstrations, in the same programme, one (the
latest version of the force's published report) per force, as that version was frozen.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections import Counter
from typing import Any

from django.utils import timezone

from inspectorate.forces.models import Force
from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import Finding, GradeAward, Inspection
from inspectorate.inspections.services import award_standing
from inspectorate.methodology.models import Programme
from inspectorate.practice.queries import selected_practice

from .builder.inputs import (
    AwardData,
    ForceData,
    ForceFactData,
    FrameworkDef,
    GradeDef,
    GroupDef,
    InspectionData,
    NationalGrades,
    PracticeExample,
    ProgrammeData,
)
from .builder.model import GlossaryEntry
from .published_data import grade_rows

# The force overview headings, in print order, by the context keys an inspection team writes.
CONTEXT_HEADINGS = {
    "geography": "Geographical description of force area",
    "demography": "Demographic profile of force area",
    "strategic_priorities": "Strategic priorities",
    "developments": "Force developments since the last inspection",
}


def programme_data(programme: Programme) -> ProgrammeData:
    return ProgrammeData(
        code=programme.code,
        version=programme.version,
        name=programme.name,
        inspectorate=programme.inspectorate,
        published_month=programme.published_month,
        period_start=programme.period_start,
        period_end=programme.period_end,
        texts=dict(programme.texts),
        grades=tuple(GradeDef(g.code, g.name, g.definition) for g in programme.grades.order_by("position")),
        frameworks=tuple(
            FrameworkDef(
                code=f.code,
                name=f.name,
                kinds=tuple(f.kinds),
                order=f.position,
                group=f.group.code if f.group else "",
                national_context=f.national_context,
                published_distribution=dict(f.published_distribution) if f.published_distribution else None,
            )
            for f in programme.frameworks.select_related("group").order_by("position")
        ),
        groups=tuple(GroupDef(g.code, g.name, g.overview) for g in programme.groups.all()),
        glossary=tuple(GlossaryEntry(t.term, t.meaning) for t in programme.glossary.order_by("term")),
    )


def _report_date(programme: Programme) -> datetime.date | None:
    if not programme.published_month:
        return None
    year, month = (int(part) for part in programme.published_month.split("-"))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def force_data(force: Force, as_of: datetime.date | None) -> ForceData:
    """The force with its latest fact of each kind dated on or before the report's month."""
    facts = force.facts.order_by("key", "-as_of")
    if as_of is not None:
        facts = facts.filter(as_of__lte=as_of)
    latest: dict[str, Any] = {}
    for fact in facts:
        latest.setdefault(fact.key, fact)
    chosen = sorted(latest.values(), key=lambda f: f.pk)
    sources = sorted({f.source for f in chosen})
    return ForceData(
        code=force.code,
        name=force.name,
        short_name=force.short_name,
        facts=tuple(ForceFactData(f.label, f.display_value, f.as_of, f.note) for f in chosen),
        facts_source="; ".join(sources),
    )


def inspection_data(inspection: Inspection) -> InspectionData:
    context = tuple(
        (CONTEXT_HEADINGS[key], inspection.context[key])
        for key in CONTEXT_HEADINGS
        if inspection.context.get(key)
    ) + tuple(
        (key.replace("_", " ").capitalize(), text)
        for key, text in sorted(inspection.context.items())
        if key not in CONTEXT_HEADINGS and text
    )
    awards: dict[str, AwardData] = {}
    current = (
        GradeAward.objects.filter(inspection=inspection)
        .exclude(status=AwardStatus.SUPERSEDED)
        .select_related("framework", "inspection__programme")
        .order_by("-awarded_at", "-id")
    )
    for award in current:
        if award.framework.code in awards:
            continue
        status = "stale" if award_standing(award).stale else award.status
        awards[award.framework.code] = AwardData(award.framework.code, award.grade, status)
    findings: dict[str, dict[str, list[str]]] = {}
    rows = (
        Finding.objects.filter(inspection=inspection)
        .select_related("framework", "group")
        .order_by("position", "id")
    )
    for finding in rows:
        code = finding.framework.code if finding.framework else finding.group.code if finding.group else ""
        findings.setdefault(code, {}).setdefault(finding.kind, []).append(finding.text)
    return InspectionData(
        id=inspection.pk,
        stage=inspection.stage,
        frameworks=tuple(f.code for f in inspection.frameworks.order_by("position")),
        context=context,
        framework_context=dict(inspection.framework_context),
        awards=tuple(awards.values()),
        findings={code: {k: tuple(v) for k, v in kinds.items()} for code, kinds in findings.items()},
        is_demonstration=inspection.is_demonstration,
        demonstration_note=inspection.demonstration_note,
    )


def national_grades(programme: Programme) -> NationalGrades:
    # The grades as the published versions print them (published_data), never the live award rows.
    counts: dict[str, Counter[str]] = {}
    for row in grade_rows(programme.code):
        if row.programme_version == programme.version:
            counts.setdefault(row.framework_code, Counter())[row.grade_code] += 1
    return NationalGrades(
        counts={code: dict(c) for code, c in counts.items()},
        forces_held={code: sum(c.values()) for code, c in counts.items()},
        total_forces=Force.objects.count() or 43,
    )


def practice_examples(inspection: Inspection) -> tuple[PracticeExample, ...]:
    """The developing-practice examples selected for the inspection's report, in report order."""
    return tuple(
        PracticeExample(
            area=example.framework_code,
            title=example.title,
            problem=example.problem,
            solution=example.solution,
            outcomes=example.outcomes,
            contact=example.contact,
        )
        for example in selected_practice(inspection)
    )


def _as_imported(inspection: Inspection, data: InspectionData) -> tuple[InspectionData, Any]:
    """An imported inspection is laid out as its published report printed it (legacy.content)."""
    from inspectorate.legacy import content

    imported = content.latest_import(inspection)
    if imported is None:
        return data, None
    printed = dataclasses.replace(
        data, context=content.printed_overview(imported), printed=content.printed_report(imported)
    )
    return printed, content.printed_practice(imported)


def report_inputs(inspection: Inspection, *, generated: datetime.date | None = None) -> dict[str, Any]:
    """Every keyword argument of `build_report`. A report is a draft until its inspection is published;
    callers may override `draft` and `generated`."""
    programme = inspection.programme
    data, printed_practice = _as_imported(inspection, inspection_data(inspection))
    return {
        "programme": programme_data(programme),
        "force": force_data(inspection.force, _report_date(programme)),
        "inspection": data,
        "national": national_grades(programme),
        "practice": printed_practice if printed_practice is not None else practice_examples(inspection),
        "draft": inspection.stage != Stage.PUBLISHED,
        "generated": generated or timezone.localdate(),
    }
