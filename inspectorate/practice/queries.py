"""Developing practice as plain data for the report and for the beacon condition, free of the ORM."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection
from inspectorate.methodology.models import Programme

from .models import Adoption, PracticeExample, Status


@dataclass(frozen=True)
class SelectedPractice:
    """One example as the report prints it, under its inspection area."""

    framework_code: str
    framework_name: str
    title: str
    problem: str
    solution: str
    outcomes: str
    contact_name: str
    contact_details: str
    force_name: str

    @property
    def contact(self) -> str:
        return f"{self.contact_name}, {self.contact_details}" if self.contact_details else self.contact_name


@dataclass(frozen=True)
class AdoptionRecord:
    example_title: str
    framework_code: str
    adopting_force: str
    adopted_on: datetime.date
    note: str


def selected_practice(inspection: Inspection) -> list[SelectedPractice]:
    """The examples selected for the inspection's report, in the order of the report's areas."""
    examples = (
        PracticeExample.objects.filter(selected_for=inspection, status=Status.SELECTED)
        .select_related("framework", "force")
        .order_by("framework__position", "title", "id")
    )
    return [
        SelectedPractice(
            framework_code=e.framework.code,
            framework_name=e.framework.name,
            title=e.title,
            problem=e.problem,
            solution=e.solution,
            outcomes=e.outcomes,
            contact_name=e.contact_name,
            contact_details=e.contact_details,
            force_name=e.force.name,
        )
        for e in examples
    ]


def selected_count(inspection: Inspection) -> int:
    return PracticeExample.objects.filter(selected_for=inspection, status=Status.SELECTED).count()


def adoptions_of(
    force: Force, programme: Programme, framework_code: str | None = None
) -> list[AdoptionRecord]:
    """Other forces' adoptions of a force's examples: evidence for its beacon condition (§5)."""
    adoptions = Adoption.objects.filter(example__force=force, example__programme=programme).select_related(
        "example__framework", "adopting_force"
    )
    if framework_code is not None:
        adoptions = adoptions.filter(example__framework__code=framework_code)
    return [
        AdoptionRecord(
            example_title=a.example.title,
            framework_code=a.example.framework.code,
            adopting_force=a.adopting_force.name,
            adopted_on=a.adopted_on,
            note=a.note,
        )
        for a in adoptions.order_by("example__framework__position", "adopted_on", "id")
    ]
