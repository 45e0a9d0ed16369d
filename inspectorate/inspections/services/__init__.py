"""Everything that changes an inspection. Each service takes the acting user first, checks permission,
validates, changes the database and writes an audit event in one transaction, and raises a
`ServiceError` (NotAllowed, Invalid, Blocked, Conflict) with nothing written when it will not act. See
docs/inspections.md."""

from .errors import Blocked, Conflict, Invalid, NotAllowed, ServiceError
from .evidence import (
    Download,
    add_evidence,
    attach_file,
    corroborate_evidence,
    link_criteria,
    open_file,
    reset_verification,
    unlink_criteria,
    update_evidence,
    verify_evidence,
)
from .findings import (
    add_finding,
    comment_on_finding,
    delete_finding,
    edit_finding,
    move_finding,
    respond_to_comment,
)
from .grading import (
    LevelShare,
    approval_queue,
    award_grade,
    current_award,
    decide_departure,
    met_shares,
)
from .inspections import create_inspection, set_context, set_programme_policy, update_dates, update_team
from .judgements import record_judgement, set_condition
from .moderation import BoardRow, moderation_board, record_moderation
from .proposals import framework_proposal
from .self_assessment import submit_self_assessment
from .staleness import Standing, award_standing
from .workflow import blockers, move

__all__ = [
    "Blocked",
    "BoardRow",
    "Conflict",
    "Download",
    "Invalid",
    "LevelShare",
    "NotAllowed",
    "ServiceError",
    "Standing",
    "add_evidence",
    "add_finding",
    "approval_queue",
    "attach_file",
    "award_grade",
    "award_standing",
    "blockers",
    "comment_on_finding",
    "corroborate_evidence",
    "create_inspection",
    "current_award",
    "decide_departure",
    "delete_finding",
    "edit_finding",
    "framework_proposal",
    "link_criteria",
    "met_shares",
    "moderation_board",
    "move",
    "move_finding",
    "open_file",
    "record_judgement",
    "record_moderation",
    "reset_verification",
    "respond_to_comment",
    "set_condition",
    "set_context",
    "set_programme_policy",
    "submit_self_assessment",
    "unlink_criteria",
    "update_dates",
    "update_evidence",
    "update_team",
    "verify_evidence",
]
