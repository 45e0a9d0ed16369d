"""Planning services: each holds the transaction, the access decision (the models' access rules,
through `decide`/`rule_for`) and the audit write. Views, the API and the CLI call only these."""

from .assessments import (
    SAMPLES,
    current_engagement,
    record_assessment,
    sample_assessments,
    set_engagement,
)
from .common import COMMAND_LINE, decide, require, require_rule
from .plans import (
    approve_plan,
    create_plan,
    discard_plan,
    pin,
    quarter_dates,
    require_solvable,
    solve_plan,
    unpin,
)
from .register import Register, build_register, current_model, latest_programme, load_model_file

__all__ = [
    "COMMAND_LINE",
    "SAMPLES",
    "Register",
    "approve_plan",
    "build_register",
    "create_plan",
    "current_engagement",
    "current_model",
    "decide",
    "discard_plan",
    "latest_programme",
    "load_model_file",
    "pin",
    "quarter_dates",
    "record_assessment",
    "require",
    "require_rule",
    "require_solvable",
    "sample_assessments",
    "set_engagement",
    "solve_plan",
    "unpin",
]
