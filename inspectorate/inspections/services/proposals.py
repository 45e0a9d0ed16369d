"""The grade engine's inputs built from the database, and its proposal for a framework of an
inspection: the one place where programme rows (scale, rule set, conditions, criteria) and judgement
rows become the engine's plain inputs. Every caller of the engine with a database (the grading and
moderation services, the judgement pages, `inspectorate grade`) goes through here."""

from __future__ import annotations

from inspectorate.methodology import engine
from inspectorate.methodology.models import Criterion, Framework, Programme

from ..models import ConditionRecord, CriterionJudgement, Inspection


def programme_scale(programme: Programme) -> engine.GradeScale:
    grades = programme.grades.order_by("position").values_list("code", "name")
    return engine.GradeScale(list(grades), programme.levels)


def programme_ruleset(programme: Programme) -> engine.RuleSet:
    return engine.RuleSet.model_validate(programme.ruleset)


def condition_names(programme: Programme) -> dict[str, str]:
    return dict(programme.conditions.values_list("code", "name"))


def engine_criteria(framework: Framework) -> list[engine.Criterion]:
    return [
        engine.Criterion(
            code=c.code,
            level=c.level,
            significant=c.significant,
            dominant=c.dominant,
            theme=c.theme or None,
            text=c.text,
        )
        for c in Criterion.objects.filter(framework=framework).order_by("position")
    ]


def framework_proposal(inspection: Inspection, framework: Framework) -> engine.Proposal:
    """The engine's proposal for one framework of an inspection, from its current judgements (an absent
    row or an empty value is not yet judged) and recorded conditions."""
    programme = inspection.programme
    judged = CriterionJudgement.objects.filter(inspection=inspection, criterion__framework=framework).exclude(
        value=""
    )
    pairs = judged.values_list("criterion__code", "value")
    judgements = {code: engine.Judgement(value) for code, value in pairs}
    records = ConditionRecord.objects.filter(inspection=inspection, framework=framework)
    conditions = dict(records.values_list("condition__code", "present"))
    return engine.propose(
        engine_criteria(framework),
        judgements,
        conditions,
        programme_ruleset(programme),
        programme_scale(programme),
        condition_names=condition_names(programme),
    )
