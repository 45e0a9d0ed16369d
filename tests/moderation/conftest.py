"""Inspections judged and graded through the services, for the moderation board."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.models import GradeAward, Inspection
from inspectorate.methodology.models import Criterion
from tests.stages import drafting

Judged = Callable[..., GradeAward]


@pytest.fixture
def team(make_persona: Callable[[str], Any]) -> dict[str, Any]:
    return {"lead": make_persona("lead"), "inspector": make_persona("inspector")}


def _values(criteria: Sequence[Criterion], values: Sequence[str]) -> dict[str, str]:
    assert len(criteria) == len(values), f"{len(criteria)} criteria need {len(criteria)} values"
    return {c.code: v for c, v in zip(criteria, values, strict=True)}


@pytest.fixture
def judged(pack_2007: Any, team: dict[str, Any], make_persona: Callable[[str], Any]) -> Judged:
    """`judged(force_code, fair=[...], good=[...], grade=..., rationale="")`: a drafting inspection of the
    force with CA in scope, every CA criterion judged as given (in criterion order), and the grade
    awarded by the inspector; a departure is approved by the lead inspector."""

    def make(
        force: str,
        *,
        fair: Sequence[str],
        good: Sequence[str],
        grade: str,
        rationale: str = "",
        framework: str = "CA",
    ) -> GradeAward:
        lead, inspector = team["lead"], team["inspector"]
        inspection: Inspection = drafting(
            make_persona, force=Force.objects.get(code=force), programme=pack_2007, frameworks=[framework]
        )
        criteria = Criterion.objects.filter(framework__programme=pack_2007, framework__code=framework)
        item = services.add_evidence(
            inspector,
            inspection,
            source_type="case_file_audit",
            title="Case file audit",
            summary="Forty case files read end to end.",
            collected_on=datetime.date(2007, 6, 1),
            effective_date=datetime.date(2007, 3, 1),
            criteria=list(criteria),
        )
        services.verify_evidence(inspector, item, "Files read in the original")
        values = _values(criteria.filter(level="fair"), fair) | _values(criteria.filter(level="good"), good)
        for code, value in values.items():
            services.record_judgement(inspector, inspection, code, value, evidence=[item])
        award = services.award_grade(inspector, inspection, framework, grade, rationale)
        if award.status == "pending":
            award = services.decide_departure(lead, award, True, "Agreed")
        return award

    return make
