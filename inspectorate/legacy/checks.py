"""Cross-checks inside a parsed report (issue: the document must agree with itself).

Each framework's national grade distribution must equal its row in the national summary of
judgements, every distribution must add up to the number of forces, and the force summary must give
each framework the grade its section's banner shows. A disagreement names both places. The PVP
overview's generic findings, printed again under each component, are recognised here too.
"""

from __future__ import annotations

from .model import LISTS, Disagreement, Layout, ParsedReport
from .text import squash


def _figures(counts: dict[str, int], layout: Layout) -> str:
    return " ".join(str(counts.get(code, 0)) for code, _ in layout.grades)


def cross_check(report: ParsedReport, layout: Layout) -> list[Disagreement]:
    found: list[Disagreement] = []
    grade_name = dict(layout.grades)
    order = " ".join(name for _, name in layout.grades)
    for framework in layout.frameworks:
        code = framework.code
        row = report.national_summary[code]
        row_at = report.places.get(f"national:{code}", "the national summary")
        total = sum(row.values())
        if total != layout.total_forces:
            found.append(
                Disagreement(
                    f"{row_at}: the national summary row for {framework.name} ({_figures(row, layout)}) "
                    f"adds up to {total} forces, not {layout.total_forces}"
                )
            )
        section = report.sections[code]
        dist = section.national_distribution or {}
        if dist and sum(dist.values()) != layout.total_forces:
            found.append(
                Disagreement(
                    f"{section.distribution_line}: the national grade distribution of {section.title} "
                    f"({_figures(dist, layout)}) adds up to {sum(dist.values())} forces, not "
                    f"{layout.total_forces}"
                )
            )
        if dist and dist != row:
            found.append(
                Disagreement(
                    f"{section.distribution_line}: the national grade distribution of {section.title} "
                    f"({order}: {_figures(dist, layout)}) differs from its row in the national summary "
                    f"of judgements at {row_at} ({_figures(row, layout)})"
                )
            )
        summary_grade = report.force_summary[code]
        if section.grade != summary_grade:
            found.append(
                Disagreement(
                    f"{section.grade_line}: the grade banner of {section.title} says "
                    f"{grade_name.get(section.grade or '', section.grade)}, but the force summary of "
                    f"judgements at {report.places.get(f'force:{code}', 'the force summary')} says "
                    f"{grade_name[summary_grade]}"
                )
            )
    return found


def mark_overview_repeats(report: ParsedReport, layout: Layout) -> None:
    """Mark the bullets of each component that repeat its group overview's generic findings, word
    for word (whitespace aside); the component's list is kept exactly as printed."""
    for framework in layout.frameworks:
        overview = report.sections.get(framework.group) if framework.group else None
        if overview is None:
            continue
        generic = {squash(item) for name in LISTS for item in overview.lists[name]}
        section = report.sections[framework.code]
        section.overview_repeats = [
            (name, i)
            for name in LISTS
            for i, item in enumerate(section.lists[name])
            if squash(item) in generic
        ]
