"""Who may see and change what in planning. One function per kind of record, used by each model's
`access_rule`, so every planning decision is made here and says why.

Scores and their reasons are seen only by analysts, lead inspectors and administrators (Ofsted's
practice, METHODOLOGY §10): an inspector sees that an inspection is planned and its scope, through
the inspection itself, never the plan's working.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from inspectorate.accounts.access import Rule, is_admin, signed_in
from inspectorate.accounts.roles import INSPECTORATE_ROLES, Role

SCORE_ROLES = (Role.ANALYST, Role.LEAD_INSPECTOR, Role.ADMINISTRATOR)


def register_rule(user: Any, action: str, what: str) -> Rule:
    """Risk models, assessments and plans: the working behind the programme."""
    if is_admin(user):
        return Rule.all(f"administrators see and manage {what}")
    if not signed_in(user):
        return Rule.none(f"{what} are not public: sign in as an analyst or lead inspector")
    role = user.role
    if role not in SCORE_ROLES:
        return Rule.none(f"only analysts, lead inspectors and administrators see {what} and their scores")
    if action in ("view", "view_scores"):
        return Rule.all(f"{user.role_label}s see {what} and their scores")
    if action in ("add", "change", "pin") and role in (Role.ANALYST, Role.LEAD_INSPECTOR):
        return Rule.all(f"{user.role_label}s prepare the programme")
    if action == "approve" and role == Role.LEAD_INSPECTOR:
        return Rule.all("lead inspectors approve the programme")
    if action == "approve":
        return Rule.none("only lead inspectors and administrators approve a programme")
    return Rule.none(f"{user.role_label}s do not {action} {what}")


def assessment_rule(user: Any, action: str) -> Rule:
    if signed_in(user) and user.role == Role.LEAD_INSPECTOR and action in ("add", "change"):
        return Rule.none("analysts record threat-exposure and capacity assessments")
    return register_rule(user, action, "risk assessments")


def action_rule(user: Any, action: str, prefix: str = "") -> Rule:
    """Tracked actions (areas for improvement being followed up): the inspectorate's staff see every
    force's; a force liaison officer sees and updates only their own force's; inspectors and lead
    inspectors agree to close them; the public sees the published report instead."""
    if is_admin(user):
        return Rule.all("administrators see and manage every tracked action")
    if not signed_in(user):
        return Rule.none("the follow-up of areas for improvement is not public")
    role = user.role
    if role == Role.FORCE_LIAISON:
        own = Q(**{f"{prefix}force": user.force})
        if action in ("view", "post_update"):
            return Rule.where(
                own, "a force liaison officer follows up their own force's areas for improvement"
            )
        return Rule.none("the inspectorate changes an action's status; the force posts progress updates")
    if role not in INSPECTORATE_ROLES:
        return Rule.none("only the inspectorate and the force follow up areas for improvement")
    if action == "view":
        return Rule.all("the inspectorate's staff see the follow-up of every force")
    if action == "change" and role in (Role.INSPECTOR, Role.LEAD_INSPECTOR):
        return Rule.all("inspectors agree progress and close areas for improvement")
    if action == "post_update":
        return Rule.none("progress updates are posted by the force")
    return Rule.none(f"{user.role_label}s do not change tracked actions")


def engagement_rule(user: Any, action: str) -> Rule:
    if is_admin(user):
        return Rule.all("administrators see and set engagement status")
    if not signed_in(user) or user.role not in INSPECTORATE_ROLES:
        return Rule.none("engagement status is seen by the inspectorate's staff only")
    if action == "view":
        return Rule.all("the inspectorate's staff see each force's engagement status")
    if action == "add" and user.role == Role.LEAD_INSPECTOR:
        return Rule.all("lead inspectors set a force's engagement status")
    return Rule.none("only lead inspectors set a force's engagement status")
