"""One section per inspected framework, with a group's overview (PVP) before its components."""

from __future__ import annotations

from collections.abc import Sequence

from .inputs import FrameworkDef, GroupDef, InspectionData, NationalGrades, PracticeExample, ProgrammeData
from .model import Block, Bullets, Heading, Paragraph, PracticeBox, Section
from .national import distribution, distribution_chart, distribution_table, grade_banner
from .text import paragraphs, text_blocks

FINDING_KINDS = (
    ("strength", "Strengths"),
    ("work_in_progress", "Work in progress"),
    ("area_for_improvement", "Areas for improvement"),
    ("recommendation", "Recommendations"),
)
# Recommendations appear only where a report makes some; the other lists are always printed.
_ALWAYS = {"strength", "work_in_progress", "area_for_improvement"}


def section_id(code: str) -> str:
    return f"framework-{code.lower()}"


def _findings(inspection: InspectionData, code: str) -> list[Block]:
    by_kind = inspection.findings.get(code, {})
    unknown = sorted(set(by_kind) - {k for k, _ in FINDING_KINDS})
    if unknown:
        raise ValueError(f"findings under {code}: unknown kind(s) {', '.join(unknown)}")
    blocks: list[Block] = []
    for kind, title in FINDING_KINDS:
        texts = tuple(t.strip() for t in by_kind.get(kind, ()) if t.strip())
        if not texts and kind not in _ALWAYS:
            continue
        blocks.append(Heading(title))
        blocks.append(Bullets(texts) if texts else Paragraph("None recorded."))
    return blocks


def _practice(programme: ProgrammeData, examples: Sequence[PracticeExample], code: str) -> list[Block]:
    mine = [e for e in examples if e.area == code]
    if not mine:
        return []
    blocks: list[Block] = [Heading("Developing practice")]
    for example in mine:
        area = example.area_label or _area_name(programme, code)
        blocks.append(
            PracticeBox(
                area=area,
                title=example.title.strip(),
                problem=paragraphs(example.problem),
                solution=paragraphs(example.solution),
                outcomes=paragraphs(example.outcomes),
                contact=example.contact.strip(),
            )
        )
    return blocks


def _area_name(programme: ProgrammeData, code: str) -> str:
    try:
        return programme.framework(code).name
    except KeyError:
        return programme.group(code).name


def _title(programme: ProgrammeData, framework: FrameworkDef) -> str:
    if framework.group:
        return f"{programme.group(framework.group).name} – {framework.name}"
    return framework.name


def framework_section(
    programme: ProgrammeData,
    framework: FrameworkDef,
    inspection: InspectionData,
    national: NationalGrades,
    practice: Sequence[PracticeExample],
) -> Section:
    dist = distribution(programme, framework, national)
    blocks: list[Block] = [
        Heading("National grade distribution"),
        distribution_chart(dist),
        distribution_table(dist),
    ]
    as_printed = inspection.printed is not None
    if framework.national_context.strip():
        blocks += [
            Heading("National contextual factors"),
            *text_blocks(framework.national_context, headings=not as_printed),
        ]
    blocks.append(Heading("Contextual factors"))
    own = inspection.framework_context.get(framework.code, "").strip()
    blocks += list(text_blocks(own, headings=not as_printed)) if own else [Paragraph("None recorded.")]
    # A printed report says this in its own words, inside the contextual factors.
    if framework.group and not as_printed:
        group = programme.group(framework.group)
        blocks.append(
            Paragraph(
                f"This section is to be read with the {group.name.lower()} overview, whose findings apply "
                f"to all of its components."
            )
        )
    blocks.append(grade_banner(programme, inspection, framework))
    blocks += _findings(inspection, framework.code)
    blocks += _practice(programme, practice, framework.code)
    return Section(
        id=section_id(framework.code),
        title=_title(programme, framework),
        kind="framework",
        blocks=tuple(blocks),
        framework=framework.code,
    )


def group_section(
    programme: ProgrammeData,
    group: GroupDef,
    inspection: InspectionData,
    practice: Sequence[PracticeExample],
) -> Section:
    """The group's overview: national context and generic findings, and no grade."""
    blocks: list[Block] = []
    headings = inspection.printed is None
    if group.overview.strip():
        blocks += [Heading("National contextual factors"), *text_blocks(group.overview, headings=headings)]
    own = inspection.framework_context.get(group.code, "").strip()
    if own:
        blocks += [Heading("Contextual factors overview"), *text_blocks(own, headings=headings)]
    blocks += _findings(inspection, group.code)
    blocks += _practice(programme, practice, group.code)
    return Section(
        id=section_id(group.code),
        title=f"{group.name} – Overview",
        kind="group",
        blocks=tuple(blocks),
        framework=group.code,
    )


def framework_sections(
    programme: ProgrammeData,
    inspection: InspectionData,
    national: NationalGrades,
    practice: Sequence[PracticeExample],
) -> list[Section]:
    scope = set(inspection.frameworks)
    frameworks = sorted((f for f in programme.frameworks if f.code in scope), key=lambda f: f.order)
    sections: list[Section] = []
    seen_groups: set[str] = set()
    for framework in frameworks:
        if framework.group and framework.group not in seen_groups:
            seen_groups.add(framework.group)
            sections.append(group_section(programme, programme.group(framework.group), inspection, practice))
        sections.append(framework_section(programme, framework, inspection, national, practice))
    return sections
