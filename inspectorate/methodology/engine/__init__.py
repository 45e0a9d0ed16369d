"""The grade engine: a pure function from criterion judgements to a proposed grade with its
trace, plus the group roll-up. No Django, no database, no files: callers build the inputs."""

from .cli_input import JudgementFileError, parse_judgement_file, proposal_to_json
from .engine import Proposal, propose
from .inputs import Criterion, EngineInputError, GradeScale, Judgement
from .rollup import GroupGrade, RollupTrace, roll_up
from .ruleset import GroupRollup, Rule, RuleSet, WhenNoneHolds, ruleset_problems
from .trace import Names, RuleTrace, TestTrace, Trace

__all__ = [
    "Criterion",
    "EngineInputError",
    "GradeScale",
    "GroupGrade",
    "GroupRollup",
    "Judgement",
    "JudgementFileError",
    "Names",
    "Proposal",
    "RollupTrace",
    "Rule",
    "RuleSet",
    "RuleTrace",
    "TestTrace",
    "Trace",
    "WhenNoneHolds",
    "parse_judgement_file",
    "proposal_to_json",
    "propose",
    "roll_up",
    "ruleset_problems",
]
