"""Inspections and everything an inspection team records: evidence, criterion judgements, Excellent
conditions, awarded grades with their approvals, findings, force comments, stage changes and
moderation decisions. Access to each is decided by its `access_rule` (see rules.py)."""

from .corrections import Correction, CorrectionItem
from .evidence import Evidence, EvidenceFile, VerificationEvent
from .findings import Finding, FindingComment
from .grading import ConditionRecord, CriterionJudgement, GradeAward, ModerationDecision
from .inspection import Inspection, StageChange
from .policy import ProgrammePolicy

__all__ = [
    "ConditionRecord",
    "Correction",
    "CorrectionItem",
    "CriterionJudgement",
    "Evidence",
    "EvidenceFile",
    "Finding",
    "FindingComment",
    "GradeAward",
    "Inspection",
    "ModerationDecision",
    "ProgrammePolicy",
    "StageChange",
    "VerificationEvent",
]
