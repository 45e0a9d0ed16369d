"""Inspections carried to the factual accuracy check through the services, ready to publish, and a
private media folder per test so that published files never mix.

`signed_off(force, grades)` awards each framework the given grade (an inspector's departure, approved
by the lead), has a moderator agree it, and moves the inspection to the factual accuracy check.
`with_practice(inspection, n)` has the force submit n qualifying examples and the team select them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection
from inspectorate.practice import services as practice
from inspectorate.reports import publication
from tests.stages import drafting, move_to


@pytest.fixture
def lead(make_persona: Callable[[str], Any]) -> Any:
    return make_persona("lead")


@pytest.fixture
def inspector(make_persona: Callable[[str], Any]) -> Any:
    return make_persona("inspector")


@pytest.fixture
def signed_off(pack_2007: Any, make_persona: Callable[[str], Any]) -> Callable[..., Inspection]:
    def make(
        force: str = "west-midlands",
        grades: Mapping[str, str] | None = None,
        is_demonstration: bool = False,
    ) -> Inspection:
        grades = grades or {"NP": "excellent", "CA": "fair"}
        lead, inspector = make_persona("lead"), make_persona("inspector")
        inspection = drafting(
            make_persona,
            force=Force.objects.get(code=force),
            programme=pack_2007,
            frameworks=list(grades),
            is_demonstration=is_demonstration,
            demonstration_note="Reconstructs the 2007 report" if is_demonstration else "",
        )
        for code, grade in grades.items():
            award = services.award_grade(inspector, inspection, code, grade, "Judged from the file review")
            services.decide_departure(lead, award, True, "Agreed on the evidence seen")
        return move_to(inspection, Stage.FACTUAL_ACCURACY, make_persona)

    return make


@pytest.fixture
def with_practice(make_persona: Callable[[str], Any]) -> Callable[..., list[Any]]:
    def select(inspection: Inspection, count: int = 3) -> list[Any]:
        liaison = {"west-midlands": "force_a", "durham": "force_b"}[inspection.force.code]
        framework = inspection.frameworks.order_by("position").first()
        assert framework is not None
        chosen = []
        for number in range(1, count + 1):
            example = practice.submit(
                make_persona(liaison),
                programme=inspection.programme,
                framework=framework,
                title=f"Example {number}",
                problem="Repeat calls from the same addresses.",
                solution="A weekly problem-solving meeting with partners.",
                outcomes="Repeat calls fell by a fifth in a year.",
                contact_name="Inspector Jane Doe",
                contact_details="0121 000 0000",
                evaluated_by_force=True,
                transferable=True,
            )
            chosen.append(
                practice.select(make_persona("lead"), example, inspection, "A clear, evaluated result")
            )
        return chosen

    return select


@pytest.fixture
def publish_now(
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Any]:
    """Publish and run what waits for the commit (moving the files into place), as a real request
    would when its transaction commits."""

    def run(actor: Any, inspection: Inspection, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return publication.publish(actor, inspection, **kwargs)

    return run


@pytest.fixture
def correct_now(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    def run(actor: Any, report: Any, note: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return publication.correct(actor, report, note)

    return run


@pytest.fixture
def quick_pdf(monkeypatch: Any) -> None:
    """Tests of what happens around a published file, not of the PDF itself, skip the typesetting
    (seconds per report) and freeze a small stand-in PDF instead."""

    def stand_in(report: Any) -> bytes:
        return f"%PDF-1.7\n% stand-in for {report.title}\n%%EOF\n".encode()

    monkeypatch.setattr(publication, "render_pdf", stand_in)
