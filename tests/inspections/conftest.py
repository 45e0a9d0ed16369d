"""Factories for inspection tests. Everything is made through the services, as a user would make it.

`inspection_a` is the West Midlands inspection of the 2007 programme with all six programmed
frameworks, led by the lead persona with the inspector persona on the team. Most workflow tests use
`make_inspection(frameworks=("CA",))`, which is quicker to carry through every stage.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest

from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import STAGE_ORDER, SourceType, Stage
from inspectorate.inspections.models import Evidence, Inspection
from inspectorate.methodology.models import Criterion
from tests.conftest import PACK_2007
from tests.stages import move_to

ALL_PROGRAMMED = ("NP", "PM", "CA", "DV", "PP", "MP")
IN_PERIOD = datetime.date(2007, 1, 15)
COLLECTED = datetime.date(2007, 6, 1)


@pytest.fixture(scope="session")
def read_pack_2007() -> Any:
    from inspectorate.methodology.pack import read_pack

    return read_pack(PACK_2007)


@pytest.fixture
def pack_2007(db: None, read_pack_2007: Any) -> Any:
    """The 2007 pack loaded as the suite-wide fixture loads it, reading the files once per session."""
    from inspectorate.methodology.loading import load_read_pack

    return load_read_pack(read_pack_2007, source_path=str(PACK_2007)).programme


@pytest.fixture
def programme(pack_2007: Any) -> Any:
    return pack_2007


@pytest.fixture
def team(make_persona: Callable[[str], Any]) -> dict[str, Any]:
    return {"lead": make_persona("lead"), "inspector": make_persona("inspector")}


@pytest.fixture
def second_lead(forces: None) -> User:
    """Another lead inspector on the team, to approve departures the first lead awarded."""
    return User.objects.create_user(
        username="helen.hmi", password="a-long-test-password", role=Role.LEAD_INSPECTOR
    )


@pytest.fixture
def make_inspection(programme: Any, team: dict[str, Any]) -> Callable[..., Inspection]:
    def make(
        force: str = "west-midlands",
        frameworks: Iterable[str] = ("CA",),
        inspectors: Iterable[Any] | None = None,
        **extra: Any,
    ) -> Inspection:
        return services.create_inspection(
            team["lead"],
            force=Force.objects.get(code=force),
            programme=programme,
            frameworks=list(frameworks),
            lead=team["lead"],
            inspectors=[team["inspector"]] if inspectors is None else list(inspectors),
            fieldwork_starts=datetime.date(2007, 5, 1),
            fieldwork_ends=datetime.date(2007, 5, 11),
            **extra,
        )

    return make


@pytest.fixture
def inspection_a(make_inspection: Callable[..., Inspection]) -> Inspection:
    return make_inspection(frameworks=ALL_PROGRAMMED)


@pytest.fixture
def add_item(team: dict[str, Any]) -> Callable[..., Evidence]:
    """An evidence item with sensible defaults; any field can be overridden."""

    def add(inspection: Inspection, actor: Any = "inspector", **fields: Any) -> Evidence:
        values: dict[str, Any] = {
            "source_type": SourceType.DOCUMENT,
            "title": "Child protection policy",
            "summary": "The force policy on child protection, approved in 2006.",
            "collected_on": COLLECTED,
            "effective_date": IN_PERIOD,
        }
        values.update(fields)
        return services.add_evidence(
            team["inspector"] if actor == "inspector" else actor, inspection, **values
        )

    return add


@pytest.fixture
def verified_item(add_item: Callable[..., Evidence], team: dict[str, Any]) -> Callable[..., Evidence]:
    def make(inspection: Inspection, criteria: Iterable[Any] = (), **fields: Any) -> Evidence:
        item = add_item(inspection, criteria=list(criteria), **fields)
        return services.verify_evidence(team["inspector"], item, "Read the signed original at headquarters")

    return make


@pytest.fixture
def judge(team: dict[str, Any], verified_item: Callable[..., Evidence]) -> Callable[..., None]:
    """Judge every criterion of a framework: `values` maps criterion codes to judgements, `default`
    covers the rest. One verified item is linked to every criterion and each judgement rests on it, so
    *met* passes the gate."""

    def run(
        inspection: Inspection, framework: str, values: Mapping[str, str] | None = None, default: str = "met"
    ) -> None:
        criteria = list(
            Criterion.objects.filter(framework__programme=inspection.programme, framework__code=framework)
        )
        item = verified_item(inspection, criteria, title=f"{framework} file review")
        for criterion in criteria:
            value = (values or {}).get(criterion.code, default)
            services.record_judgement(team["inspector"], inspection, criterion, value, evidence=[item])

    return run


@pytest.fixture
def advance(
    team: dict[str, Any], judge: Callable[..., None], make_persona: Callable[[str], Any]
) -> Callable[..., Inspection]:
    """Carry an inspection forward to `stage` through the services, doing what each step needs. Before
    moderation every framework without an award is graded: by default quickly, as a Fair departure
    from no proposal that the lead approves; with `judged=True` by judging every criterion met and
    awarding the proposal. Before the factual accuracy check a moderator agrees every award."""

    def run(inspection: Inspection, stage: str, judged: bool = False) -> Inspection:
        lead, inspector = team["lead"], team["inspector"]
        while STAGE_ORDER.index(inspection.stage) < STAGE_ORDER.index(stage):
            target = STAGE_ORDER[inspection.stage_index + 1]
            if target == Stage.MODERATION:
                for framework in inspection.frameworks.all():
                    if services.current_award(inspection, framework) is not None:
                        continue
                    if judged:
                        judge(inspection, framework.code)
                        proposal = services.framework_proposal(inspection, framework)
                        assert proposal.grade is not None
                        services.award_grade(inspector, inspection, framework, proposal.grade)
                    else:
                        award = services.award_grade(
                            inspector, inspection, framework, "fair", rationale="Judged as a whole"
                        )
                        services.decide_departure(lead, award, approve=True)
            inspection = move_to(inspection, target, make_persona)
        return inspection

    return run
