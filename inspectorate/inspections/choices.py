"""The vocabularies of METHODOLOGY §4-§7."""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    PLANNED = "planned", "Planned"
    FIELDWORK = "fieldwork", "Fieldwork"
    DRAFTING = "drafting", "Drafting"
    MODERATION = "moderation", "Moderation"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual accuracy check"
    PUBLISHED = "published", "Published"


STAGE_ORDER = [s.value for s in Stage]

# From the factual accuracy check on, the draft is shown to the inspected force.
FORCE_VISIBLE_STAGES = (Stage.FACTUAL_ACCURACY, Stage.PUBLISHED)
# Once moderated and sent to the force, the team's judgements and grades are signed off and locked.
LOCKED_STAGES = (Stage.FACTUAL_ACCURACY, Stage.PUBLISHED)
# Moderators review drafts from the drafting stage on.
MODERATOR_STAGES = (Stage.DRAFTING, Stage.MODERATION, Stage.FACTUAL_ACCURACY, Stage.PUBLISHED)


class SourceType(models.TextChoices):
    DOCUMENT = "document", "Document"
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus_group", "Focus group"
    OBSERVATION = "observation", "Observation or reality test"
    CASE_FILE_AUDIT = "case_file_audit", "Case file audit"
    PUBLIC_SURVEY = "public_survey", "Public survey"
    PERFORMANCE_DATA = "performance_data", "Performance data"
    PARTNER_FEEDBACK = "partner_feedback", "Partner feedback"
    FORCE_SELF_ASSESSMENT = "force_self_assessment", "Force self-assessment"


class Marking(models.TextChoices):
    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CORROBORATED = "corroborated", "Corroborated"
    VERIFIED = "verified", "Verified"


class JudgementValue(models.TextChoices):
    # "Not yet judged" is the absence of a judgement row (or a row reset to this value).
    NOT_JUDGED = "", "Not yet judged"
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "na", "Not applicable"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strengths"
    WORK_IN_PROGRESS = "work_in_progress", "Work in progress"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Areas for improvement"
    RECOMMENDATION = "recommendation", "Recommendations"


class AwardStatus(models.TextChoices):
    # An award that agrees with the engine's proposal needs no approval.
    NOT_NEEDED = "not_needed", "Agrees with the proposal"
    PENDING = "pending", "Departure awaiting approval"
    APPROVED = "approved", "Departure approved"
    REJECTED = "rejected", "Departure rejected"
    SUPERSEDED = "superseded", "Superseded by a later award"


class ModerationOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    REFERRED_BACK = "referred_back", "Referred back"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "Open"
    PUBLISHED = "published", "Published as a new version"
    CANCELLED = "cancelled", "Cancelled"


class Unlock(models.TextChoices):
    """What a correction after publication unlocks (METHODOLOGY §7: a correction is a new version)."""

    FINDING = "finding", "A finding"
    FINDINGS = "findings", "The findings of a framework or overview"
    JUDGEMENTS = "judgements", "A framework's criterion judgements"
    CONDITIONS = "conditions", "A framework's Excellent conditions"
    GRADE = "grade", "A framework's grade"
    CONTEXT = "context", "The force overview and context"
    PRACTICE = "practice", "The developing-practice selection"


# A framework's grading: changing its judgements or conditions can move the engine's proposal, which
# then needs the grade awarded again, so unlocking either unlocks the grade too.
GRADING_UNLOCKS = (Unlock.JUDGEMENTS, Unlock.CONDITIONS, Unlock.GRADE)
