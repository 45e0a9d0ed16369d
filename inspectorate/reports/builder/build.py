"""`build_report`: from programme, force, inspection and national data to the report model.

Pure: no ORM and no I/O, so the same inputs always give the same report. The sections follow
METHODOLOGY §8: title, introduction to the programme, the grading process, developing practice,
future inspection activity, force overview and context, findings (national and force summaries),
one section per framework (a group's overview before its components), glossary.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections.abc import Sequence

from inspectorate.months import month_start

from .frameworks import framework_sections
from .glossary import glossary_groups, used_terms
from .inputs import ForceData, InspectionData, NationalGrades, PracticeExample, ProgrammeData
from .model import Block, Bullets, Cell, Heading, Notice, Paragraph, Report, Section, Table, report_texts
from .national import force_summary, national_summary
from .text import text_blocks

GLOSSARY_TITLE = "Glossary of terms and abbreviations"


def month_year(published_month: str, generated: datetime.date) -> str:
    if not published_month:
        return f"{calendar.month_name[generated.month]} {generated.year}"
    first = month_start(published_month)
    if first is None:
        raise ValueError(f"programme published_month {published_month!r} is not YYYY-MM")
    return f"{calendar.month_name[first.month]} {first.year}"


def _list_table(table_id: str, caption: str, names: Sequence[str]) -> Table:
    return Table(
        id=table_id,
        caption=caption,
        head=((Cell("Area", header=True, scope="col"),),),
        rows=tuple((Cell(name),) for name in names),
    )


def _introduction(programme: ProgrammeData) -> Section:
    texts = programme.texts
    blocks: list[Block] = list(text_blocks(texts.get("introduction", "")))
    risk_based = [f.name for f in programme.of_kind("risk_based")]
    risk_text = list(text_blocks(texts.get("risk_based", "")))
    if risk_based or risk_text:
        blocks.append(Heading("Risk-based frameworks"))
        # The text introduces "the table below" in its first paragraph, so the table follows it.
        blocks += risk_text[:1]
        if risk_based:
            blocks.append(
                _list_table(
                    "risk-based-frameworks", f"{programme.inspectorate} risk-based frameworks", risk_based
                )
            )
        blocks += risk_text[1:]
    if texts.get("command_units", "").strip():
        blocks += [Heading("Inspection of command units"), *text_blocks(texts["command_units"])]
    return Section("introduction", "Introduction to the inspection programme", "introduction", tuple(blocks))


def _grading(programme: ProgrammeData) -> Section:
    blocks: list[Block] = list(text_blocks(programme.texts.get("grading_process", "")))
    for grade in programme.grades:
        blocks.append(Heading(grade.name))
        blocks += text_blocks(grade.definition, headings=False)
    return Section("grading", "The grading process", "grading", tuple(blocks))


def _practice(programme: ProgrammeData, practice: Sequence[PracticeExample]) -> Section:
    blocks: list[Block] = list(text_blocks(programme.texts.get("developing_practice", "")))
    if practice:
        names = {f.code: f.name for f in programme.frameworks} | {g.code: g.name for g in programme.groups}
        blocks.append(
            Paragraph("This report includes the following examples, each under its inspection area:")
        )
        blocks.append(Bullets(tuple(f"{e.title.strip()} ({names[e.area]})" for e in practice)))
    return Section("developing-practice", "Developing practice", "practice", tuple(blocks))


def _future(programme: ProgrammeData) -> Section:
    blocks: list[Block] = list(text_blocks(programme.texts.get("future_activity", "")))
    planned = [f.name for f in programme.of_kind("planned")]
    if planned:
        blocks.append(_list_table("planned-areas", "Planned inspection areas", planned))
    return Section("future", "Future inspection activity", "future", tuple(blocks))


def _overview(force: ForceData, inspection: InspectionData) -> Section:
    blocks: list[Block] = []
    printed = inspection.printed is not None
    # An imported report prints its own overview; facts the system holds were not in it.
    if force.facts and not printed:
        notes = (f"Source: {force.facts_source}.",) if force.facts_source else ()
        blocks.append(
            Table(
                id="force-facts",
                caption=f"{force.name} in figures",
                head=((Cell("Fact", header=True, scope="col"), Cell("Figure", header=True, scope="col")),),
                rows=tuple((Cell(f.label, header=True, scope="row"), Cell(f.value)) for f in force.facts),
                notes=notes,
            )
        )
    for heading, text in inspection.context:
        if text.strip():
            blocks += [Heading(heading)] if heading else []
            blocks += text_blocks(text, headings=not printed)
    if not inspection.context:
        blocks.append(Paragraph("The force overview has not been written yet."))
    if inspection.progress and not printed:
        blocks += [Heading("Progress since the last inspection"), _progress_table(inspection)]
    return Section("force-overview", "Force overview and context", "overview", tuple(blocks))


def _progress_table(inspection: InspectionData) -> Table:
    head = tuple(
        Cell(text, header=True, scope="col")
        for text in ("Area", "Area for improvement", "Status", "Latest update")
    )
    rows = tuple(
        (Cell(p.area, header=True, scope="row"), Cell(p.text), Cell(p.status), Cell(p.latest_update or "–"))
        for p in inspection.progress
    )
    return Table(
        id="progress-since-last",
        caption="Areas for improvement of the last inspection and where they stand",
        head=(head,),
        rows=rows,
        notes=("Status as agreed by the inspectorate; updates are the force's own.",),
    )


def _findings(
    programme: ProgrammeData, force: ForceData, inspection: InspectionData, national: NationalGrades
) -> Section:
    blocks: list[Block] = [
        Heading("National summary of judgements"),
        national_summary(programme, national),
        Heading("Force summary of judgements"),
        force_summary(programme, inspection, force.name),
    ]
    if inspection.printed is not None:
        blocks.append(Notice(inspection.printed.provenance, tone="info"))
    return Section("findings", "Findings", "findings", tuple(blocks))


def _check(programme: ProgrammeData, inspection: InspectionData, practice: Sequence[PracticeExample]) -> None:
    """Refuse inputs that would print a wrong report, naming what is wrong."""
    codes = {f.code for f in programme.frameworks}
    groups = {g.code for g in programme.groups}
    for framework in programme.frameworks:
        if framework.group and framework.group not in groups:
            raise ValueError(f"framework {framework.code}: unknown group {framework.group!r}")
    scope = set(inspection.frameworks)
    if scope - codes:
        raise ValueError(f"inspection frameworks not in {programme.code}: {', '.join(sorted(scope - codes))}")
    areas = scope | {programme.framework(c).group for c in scope if programme.framework(c).group}
    seen: set[str] = set()
    for award in inspection.awards:
        if award.framework not in scope:
            raise ValueError(f"award for {award.framework}: not a framework in the inspection's scope")
        if award.framework in seen:
            raise ValueError(f"award for {award.framework}: more than one current award")
        seen.add(award.framework)
    for code in inspection.findings:
        if code not in areas:
            raise ValueError(f"findings under {code}: not a framework or group in the inspection's scope")
    for example in practice:
        if example.area not in areas:
            raise ValueError(f"developing practice {example.title!r}: area {example.area} is not in scope")


SECTION_NOTICE = (
    "Reconstruction for demonstration: this is not an inspection report and was never published "
    "(see the notice at the front)."
)


def demonstration_notice(inspection: InspectionData) -> str:
    """The full notice for the front of a demonstration's report; empty for a real inspection."""
    if not inspection.is_demonstration:
        return ""
    note = inspection.demonstration_note.strip()
    if note.lower().startswith("reconstruction for demonstration"):
        return note
    note = note or "It was put together from published material to show how the system works."
    return f"Reconstruction for demonstration: this is not an inspection report. {note}"


def as_printed(programme: ProgrammeData, inspection: InspectionData) -> ProgrammeData:
    """For an imported report, the programme with the national contextual factors and national
    distributions the report printed in place of the pack's own."""
    printed = inspection.printed
    if printed is None:
        return programme
    frameworks = tuple(
        dataclasses.replace(
            f,
            national_context=printed.national_context.get(f.code, f.national_context),
            published_distribution=printed.distributions.get(f.code, f.published_distribution),
        )
        for f in programme.frameworks
    )
    groups = tuple(
        dataclasses.replace(g, overview=printed.national_context.get(g.code, g.overview))
        for g in programme.groups
    )
    return dataclasses.replace(programme, frameworks=frameworks, groups=groups)


def build_report(
    programme: ProgrammeData,
    force: ForceData,
    inspection: InspectionData,
    national: NationalGrades,
    practice: Sequence[PracticeExample] = (),
    *,
    draft: bool,
    generated: datetime.date,
) -> Report:
    _check(programme, inspection, practice)
    programme = as_printed(programme, inspection)
    notice = demonstration_notice(inspection)
    sections = [
        _introduction(programme),
        _grading(programme),
        _practice(programme, practice),
        _future(programme),
        _overview(force, inspection),
        _findings(programme, force, inspection, national),
        *framework_sections(programme, inspection, national, practice),
    ]
    if notice:
        # Every section carries a short notice, so no section read on its own passes for a real report.
        sections = [
            Section(s.id, s.title, s.kind, (Notice(SECTION_NOTICE), *s.blocks), s.framework) for s in sections
        ]
    report = Report(
        force=force.name,
        inspectorate=programme.inspectorate,
        programme=programme.name,
        month_year=month_year(programme.published_month, generated),
        draft=draft,
        generated=generated,
        sections=tuple(sections),
        demonstration_notice=notice,
    )
    if inspection.printed is not None and inspection.printed.glossary:
        # An imported report's glossary is the one it printed, entry for entry.
        used = inspection.printed.glossary
    else:
        used = used_terms(programme.glossary, report_texts(report))
    glossary = Section("glossary", GLOSSARY_TITLE, "glossary", glossary_groups(used))
    if notice:
        glossary = Section(
            glossary.id, glossary.title, glossary.kind, (Notice(SECTION_NOTICE), *glossary.blocks)
        )
    return Report(
        force=report.force,
        inspectorate=report.inspectorate,
        programme=report.programme,
        month_year=report.month_year,
        draft=draft,
        generated=generated,
        sections=(*report.sections, glossary),
        demonstration_notice=notice,
        provenance=inspection.printed.provenance if inspection.printed else "",
    )
