"""Inspections for the draft report pages' permission matrix, made directly with the ORM (the report
only reads them).

- `report_drafting`: force A (West Midlands), NP and CA in scope, at the drafting stage, led by the
  lead persona with the inspector persona on the team, with an NP award.
- `report_fac`: the same at the factual accuracy check, when force A may read its draft; with the
  working a draft must never print (a judged criterion with a comment, an award replaced by the
  current one, with its rationale and trace, a finding resting on a criterion).
- `report_published`: force B (Durham), published: its report is served under /published/, never as
  a draft.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import CriterionJudgement, Finding, GradeAward, Inspection

JUDGEMENT_COMMENT = "Strategy meeting minutes show every referral discussed."
OLD_RATIONALE = "An earlier view, before the case file audit."
WORKING_TEXTS = (JUDGEMENT_COMMENT, OLD_RATIONALE)
TRACE = {
    "ruleset": "hmic-2007",
    "partly_met_weight": 0.5,
    "outcome": "incomplete",
    "decided_by": None,
    "unjudged": ["CA-F04"],
    "between": None,
    "names": {"grades": {}, "levels": {}, "conditions": {}},
    "rules": [],
}


def _inspection(world: SimpleNamespace, force: Any, stage: str) -> Inspection:
    lead = world.make_persona("lead")
    inspection = Inspection.objects.create(
        force=force, programme=world.programme, lead=lead, created_by=lead, stage=stage
    )
    inspection.frameworks.set(world.programme.frameworks.filter(code__in=("NP", "CA")))
    inspection.inspectors.set([world.make_persona("inspector")])
    GradeAward.objects.create(
        inspection=inspection,
        framework=world.programme.frameworks.get(code="NP"),
        proposed_grade="good",
        trace={},
        grade="good",
        status=AwardStatus.NOT_NEEDED,
        author=lead,
    )
    return inspection


def _working(world: SimpleNamespace, inspection: Inspection) -> None:
    lead = world.make_persona("lead")
    ca = world.programme.frameworks.get(code="CA")
    criterion = ca.criteria.get(code="CA-F03")
    CriterionJudgement.objects.create(
        inspection=inspection, criterion=criterion, value="met", comment=JUDGEMENT_COMMENT, judged_by=lead
    )
    GradeAward.objects.create(
        inspection=inspection,
        framework=ca,
        proposed_grade="",
        proposal_reason="incomplete",
        trace=TRACE,
        grade="fair",
        rationale=OLD_RATIONALE,
        status=AwardStatus.SUPERSEDED,
        author=lead,
    )
    GradeAward.objects.create(
        inspection=inspection,
        framework=ca,
        proposed_grade="fair",
        trace=TRACE,
        grade="fair",
        status=AwardStatus.NOT_NEEDED,
        author=lead,
    )
    finding = Finding.objects.create(
        inspection=inspection, framework=ca, kind="strength", text="Referrals are recorded.", created_by=lead
    )
    finding.criteria.set([criterion])


def _reports(world: SimpleNamespace) -> None:
    world.report_drafting = _inspection(world, world.force_a, Stage.DRAFTING)
    world.report_fac = _inspection(world, world.force_a, Stage.FACTUAL_ACCURACY)
    _working(world, world.report_fac)
    world.report_published = _inspection(world, world.force_b, Stage.PUBLISHED)


BUILDERS = [_reports]
