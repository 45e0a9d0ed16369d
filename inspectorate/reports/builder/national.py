"""National grade distributions and the two summary tables of the findings section (METHODOLOGY §8).

A distribution counts the published grades the system holds. Where it does not hold every force's
grade, the distribution as published (from the methodology pack) is shown beside that count and
labelled as such, so that a partial count is never mistaken for the national picture.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .inputs import FrameworkDef, InspectionData, NationalGrades, ProgrammeData
from .model import Cell, Chart, GradeBanner, Series, Table


@dataclass(frozen=True)
class Distribution:
    framework: FrameworkDef
    grades: tuple[str, ...]  # grade names, best first
    counted: tuple[int, ...]
    held: int
    total: int
    published: tuple[int, ...] | None

    @property
    def complete(self) -> bool:
        return self.held >= self.total

    @property
    def counted_label(self) -> str:
        if self.complete:
            return f"Published grades of all {self.total} forces"
        return f"System count (grades held for {self.held} of {self.total} forces)"

    @property
    def published_label(self) -> str:
        return "As published"

    def rows(self) -> list[tuple[str, tuple[int, ...]]]:
        """The figures to show, as (label, counts per grade)."""
        if self.complete or self.published is None:
            return [(self.counted_label, self.counted)]
        return [(self.published_label, self.published), (self.counted_label, self.counted)]


def _published(programme: ProgrammeData, framework: FrameworkDef) -> tuple[int, ...] | None:
    given = framework.published_distribution
    if given is None:
        return None
    codes = [g.code for g in programme.grades]
    unknown = sorted(set(given) - set(codes))
    if unknown:
        raise ValueError(
            f"framework {framework.code}: published_distribution names unknown grade(s) {', '.join(unknown)}"
        )
    return tuple(int(given.get(code, 0)) for code in codes)


def distribution(programme: ProgrammeData, framework: FrameworkDef, national: NationalGrades) -> Distribution:
    counts: Mapping[str, int] = national.counts.get(framework.code, {})
    codes = [g.code for g in programme.grades]
    unknown = sorted(set(counts) - set(codes))
    if unknown:
        raise ValueError(f"national grades for {framework.code}: unknown grade(s) {', '.join(unknown)}")
    return Distribution(
        framework=framework,
        grades=tuple(g.name for g in programme.grades),
        counted=tuple(int(counts.get(code, 0)) for code in codes),
        held=int(national.forces_held.get(framework.code, 0)),
        total=national.total_forces,
        published=_published(programme, framework),
    )


def distribution_table(dist: Distribution) -> Table:
    head = (
        (
            Cell("Figures", header=True, scope="col"),
            *(Cell(name, header=True, scope="col", numeric=True) for name in dist.grades),
        ),
    )
    rows = tuple(
        (Cell(label, header=True, scope="row"), *(Cell(str(n), numeric=True) for n in values))
        for label, values in dist.rows()
    )
    notes: tuple[str, ...] = ()
    if not dist.complete and dist.published is None:
        notes = ("No published national distribution is held for this framework.",)
    return Table(
        id=f"distribution-{dist.framework.code.lower()}",
        caption=f"National grade distribution: {dist.framework.name} (number of forces)",
        head=head,
        rows=rows,
        notes=notes,
    )


def distribution_chart(dist: Distribution) -> Chart:
    parts = []
    for label, values in dist.rows():
        figures = ", ".join(f"{name} {n}" for name, n in zip(dist.grades, values, strict=True))
        parts.append(f"{label}: {figures}.")
    return Chart(
        id=f"chart-{dist.framework.code.lower()}",
        title=f"National grade distribution: {dist.framework.name}",
        description="Bar chart of the number of forces awarded each grade. "
        + " ".join(parts)
        + " The same figures are in the table that follows.",
        categories=dist.grades,
        series=tuple(Series(label, values) for label, values in dist.rows()),
        table_id=f"distribution-{dist.framework.code.lower()}",
    )


def _grouped(programme: ProgrammeData, frameworks: tuple[FrameworkDef, ...]) -> Iterator[tuple[str, list]]:
    """Frameworks in order, grouped as the report groups them: a group's components together under
    the group's name, and a framework outside any group under its own name."""
    current_key = None
    batch: list[FrameworkDef] = []
    label = ""
    for framework in frameworks:
        key = framework.group or f"framework:{framework.code}"
        if key != current_key and batch:
            yield label, batch
            batch = []
        if key != current_key:
            current_key = key
            label = programme.group(framework.group).name if framework.group else framework.name
        batch.append(framework)
    if batch:
        yield label, batch


def national_summary(programme: ProgrammeData, national: NationalGrades) -> Table:
    frameworks = programme.of_kind("programmed")
    dists = [distribution(programme, f, national) for f in frameworks]
    by_code = {d.framework.code: d for d in dists}
    grades = tuple(g.name for g in programme.grades)
    partial = any(not d.complete for d in dists)
    head: tuple[tuple[Cell, ...], ...]
    if partial:
        head = (
            (
                Cell("", header=True, scope="col"),
                Cell("As published", header=True, scope="colgroup", colspan=len(grades)),
                Cell("System count", header=True, scope="colgroup", colspan=len(grades)),
                Cell("", header=True, scope="col"),
            ),
            (
                Cell("Framework", header=True, scope="col"),
                *(Cell(g, header=True, scope="col", numeric=True) for g in grades * 2),
                Cell("Grades held", header=True, scope="col", numeric=True),
            ),
        )
    else:
        head = (
            (
                Cell("Framework", header=True, scope="col"),
                *(Cell(g, header=True, scope="col", numeric=True) for g in grades),
            ),
        )
    width = sum(c.colspan for c in head[-1])
    rows: list[tuple[Cell, ...]] = []
    for label, batch in _grouped(programme, frameworks):
        rows.append((Cell(label, header=True, scope="rowgroup", colspan=width),))
        for framework in batch:
            dist = by_code[framework.code]
            cells = [Cell(framework.name, header=True, scope="row")]
            if partial:
                if dist.published is None:
                    cells += [Cell("–", numeric=True) for _ in grades]
                else:
                    cells += [Cell(str(n), numeric=True) for n in dist.published]
            cells += [Cell(str(n), numeric=True) for n in dist.counted]
            if partial:
                cells.append(Cell(f"{dist.held} of {dist.total}", numeric=True))
            rows.append(tuple(cells))
    total = national.total_forces
    notes: tuple[str, ...] = ()
    if partial:
        caption = (
            "National summary of judgements: number of forces awarded each grade, as published and as counted"
        )
        notes = (
            f"The system does not hold the published grades of all {total} forces, so each framework's "
            "distribution as published is shown beside the count the system can make from the grades it "
            "holds (System count; Grades held says for how many forces).",
        )
    else:
        caption = f"National summary of judgements: number of forces awarded each grade (all {total} forces)"
    return Table(id="national-summary", caption=caption, head=head, rows=tuple(rows), notes=notes)


def grade_banner(
    programme: ProgrammeData, inspection: InspectionData, framework: FrameworkDef
) -> GradeBanner:
    names = {g.code: g.name for g in programme.grades}
    for award in inspection.awards:
        if award.framework != framework.code:
            continue
        if award.grade not in names:
            raise ValueError(
                f"award for {framework.code}: {award.grade!r} is not a grade of {programme.code}"
            )
        note = {
            "pending": "Departure from the proposed grade awaiting approval",
            "rejected": "Departure from the proposed grade rejected: a new award is needed",
            "stale": "The judgements changed after this grade was awarded: a new award is needed",
        }.get(award.status, "")
        return GradeBanner(framework.code, framework.name, award.grade, names[award.grade], note)
    return GradeBanner(framework.code, framework.name, "", "not yet awarded")


def force_summary(programme: ProgrammeData, inspection: InspectionData, force_name: str) -> Table:
    frameworks = tuple(f for f in programme.of_kind("programmed") if f.code in inspection.frameworks)
    frameworks += tuple(
        programme.framework(code)
        for code in inspection.frameworks
        if code not in {f.code for f in frameworks}
    )
    rows: list[tuple[Cell, ...]] = []
    for label, batch in _grouped(programme, frameworks):
        rows.append((Cell(label, header=True, scope="rowgroup", colspan=2),))
        for framework in batch:
            banner = grade_banner(programme, inspection, framework)
            rows.append((Cell(framework.name, header=True, scope="row"), Cell(banner.grade_name)))
    return Table(
        id="force-summary",
        caption=f"Force summary of judgements: {force_name}",
        head=((Cell("Framework", header=True, scope="col"), Cell("Grade", header=True, scope="col")),),
        rows=tuple(rows),
    )
