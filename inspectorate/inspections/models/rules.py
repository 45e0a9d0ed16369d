"""Who may see and change what in an inspection. One function per kind of record, used by each
model's `access_rule`, so every access decision about inspections is made here and says why.

Besides the common actions (view, add, change, delete, download) the inspection models declare their
own (`ACTIONS` below): the team's **working** (criterion judgements, conditions, the engine's live
proposal and trace, award rationales and decision notes, superseded awards) is an action of its own,
"view_working", because the inspected force and the public see grades and findings but never the
working behind them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from inspectorate.accounts.access import Rule, is_admin, signed_in
from inspectorate.accounts.roles import Role

from ..choices import FORCE_VISIBLE_STAGES, MODERATOR_STAGES, Marking, Stage

TEAM_ROLES = (Role.INSPECTOR, Role.LEAD_INSPECTOR)

# The actions each model adds to the common ones (see accounts/access.py `actions_of`).
INSPECTION_ACTIONS = frozenset(
    {
        "view_working",
        "plan",
        "direct",
        "publish",
        "review",
        "correct",
        "add_self_assessment",
        "view_self_assessment",
    }
)
EVIDENCE_ACTIONS = frozenset({"verify"})
AWARD_ACTIONS = frozenset({"view_working", "approve", "moderate"})
FINDING_ACTIONS = frozenset({"comment"})


def team_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead": user}) | Q(**{f"{prefix}inspectors": user})


def published_q(prefix: str = "") -> Q:
    # A reconstruction for demonstration can never be published, but say so twice: it never shows.
    return Q(**{f"{prefix}stage": Stage.PUBLISHED, f"{prefix}is_demonstration": False})


def _role(user: Any) -> str:
    return str(user.role) if signed_in(user) else ""


# --- who may be on a team ----------------------------------------------------------------------------


def may_lead(user: Any) -> bool:
    """An inspection is led by an active lead inspector (HMI)."""
    return _role(user) == Role.LEAD_INSPECTOR


def may_join_team(user: Any) -> bool:
    """Inspectors and lead inspectors work on inspection teams (and so see their working)."""
    return _role(user) in TEAM_ROLES


def lead_candidates() -> Q:
    """The users `may_lead` accepts, as a filter on users (for the planning form's choices)."""
    return Q(is_active=True, role=Role.LEAD_INSPECTOR)


def team_candidates() -> Q:
    return Q(is_active=True, role__in=TEAM_ROLES)


# --- the working -----------------------------------------------------------------------------------


def working_rule(user: Any, prefix: str = "") -> Rule:
    """The team's working stays with the team and its lead; moderators read it (never change it) from
    the drafting stage on; administrators see everything. The force and the public never see it."""
    if is_admin(user):
        return Rule.all("administrators see every inspection's working")
    if not signed_in(user):
        return Rule.none("an inspection's working (judgements, traces, rationales) is never public")
    role = _role(user)
    refusal = "the working (judgements, traces, rationales) stays within the inspection team and its lead"
    if role in TEAM_ROLES:
        return Rule.where(team_q(user, prefix), "the team sees its own working", refusal=refusal)
    if role == Role.MODERATOR:
        return Rule.where(
            Q(**{f"{prefix}stage__in": MODERATOR_STAGES}),
            "moderators read the working of every draft from the drafting stage on",
            refusal="moderators read an inspection's working from the drafting stage on",
        )
    return Rule.none(
        "an inspection's working (judgements, traces, rationales) stays within its team, its lead and "
        "the national moderators"
    )


# --- inspections -----------------------------------------------------------------------------------


def inspection_rule(user: Any, action: str) -> Rule:
    if action == "view_working":
        return working_rule(user)
    if action in ("direct", "publish"):
        return _lead_rule(user, action)
    if action == "review":
        return _review_rule(user)
    if action == "correct":
        return _correct_rule(user)
    if action in ("add_self_assessment", "view_self_assessment"):
        return _self_assessment_rule(user, action)
    if is_admin(user):
        return Rule.all("administrators see and manage every inspection")
    if not signed_in(user):
        if action == "view":
            return Rule.where(published_q(), "the public sees published inspections only")
        return Rule.none("sign in to work on inspections")
    role = _role(user)
    if role in TEAM_ROLES:
        if action == "view":
            return Rule.where(team_q(user) | published_q(), "inspectors see the inspections they are on")
        if action == "change":
            return Rule.where(team_q(user), "only the inspection team works on an inspection")
        if action == "plan":
            return Rule.where(
                Q(lead=user),
                "the inspection's lead inspector changes its team and fieldwork dates",
                refusal="only the inspection's lead inspector changes the team and the fieldwork dates",
            )
        if action == "add" and role == Role.LEAD_INSPECTOR:
            return Rule.all("lead inspectors plan inspections")
        return Rule.none("only lead inspectors plan inspections and only administrators delete them")
    if role == Role.MODERATOR and action == "view":
        return Rule.where(
            Q(stage__in=MODERATOR_STAGES) | published_q(),
            "moderators review every draft from the drafting stage on",
        )
    if role == Role.FORCE_LIAISON and action == "view":
        return Rule.where(
            Q(force=user.force, stage__in=FORCE_VISIBLE_STAGES) | published_q(),
            "a force sees its own draft only from the factual accuracy check on",
        )
    if action == "view":
        return Rule.where(published_q(), "published inspections are public")
    return Rule.none(f"{user.role_label}s do not change inspections")


def _lead_rule(user: Any, action: str) -> Rule:
    """The steps that are the inspection's lead inspector's alone (administrators included: these are
    the lead's professional judgement, not administration)."""
    what = {
        "direct": "moves an inspection on from drafting and sends it back",
        "publish": "publishes its report and its corrections",
    }[action]
    if not signed_in(user) or _role(user) != Role.LEAD_INSPECTOR:
        return Rule.none(f"only the inspection's lead inspector {what}")
    return Rule.where(
        Q(lead=user),
        f"the inspection's lead inspector {what}",
        refusal=f"only the inspection's lead inspector {what}",
    )


# The stages at which the inspected force submits its self-assessment. Fieldwork only: it is while the
# team is in the force that a claim can be put to an independent test (an interview, a reality test, a
# case file audit), which is what lets a self-assessment support a judgement at all (§4). Before it
# the scope and team may still change; from drafting on the team is writing up what it found, and
# a claim that arrives then could only sit unverified or press the team to judge on the force's word.
SELF_ASSESSMENT_STAGES = (Stage.FIELDWORK,)


def _self_assessment_rule(user: Any, action: str) -> Rule:
    """The inspected force's liaison officers submit its self-assessment during fieldwork and read what
    their force submitted from fieldwork on. The team (and administrators) read the force's page too;
    nobody else submits for the force, administrators included: a submission is the force's word."""
    role = _role(user)
    if action == "add_self_assessment":
        reason = "a liaison officer of the inspected force submits its self-assessment during fieldwork"
        if role != Role.FORCE_LIAISON or user.force_id is None:
            return Rule.none(f"only {reason}")
        return Rule.where(
            Q(force=user.force, stage__in=SELF_ASSESSMENT_STAGES), reason, refusal=f"only {reason}"
        )
    if is_admin(user):
        return Rule.all("administrators see every force's self-assessment")
    if role in TEAM_ROLES:
        return Rule.where(team_q(user), "the team reads the self-assessment the force submitted")
    if role == Role.FORCE_LIAISON and user.force_id is not None:
        return Rule.where(
            Q(force=user.force) & ~Q(stage=Stage.PLANNED),
            "a force's liaison officers read its self-assessment from fieldwork on",
        )
    return Rule.none("a self-assessment is read by the inspected force and the inspection team")


def _correct_rule(user: Any) -> Rule:
    """Reopening a published inspection for correction (and cancelling that): its lead inspector, or an
    administrator (for instance when the lead has left). Publishing the corrected version stays the
    lead inspector's ("publish")."""
    refusal = "only the inspection's lead inspector (or an administrator) corrects a published report"
    if is_admin(user):
        return Rule.all("administrators correct published reports")
    if not signed_in(user) or _role(user) != Role.LEAD_INSPECTOR:
        return Rule.none(refusal)
    return Rule.where(Q(lead=user), "the inspection's lead inspector corrects its report", refusal=refusal)


def _review_rule(user: Any) -> Rule:
    """National moderation: the board of one framework's grades across forces."""
    if is_admin(user):
        return Rule.all("administrators read the moderation board")
    if _role(user) == Role.MODERATOR:
        return Rule.where(
            Q(stage__in=MODERATOR_STAGES), "moderators review every draft from the drafting stage on"
        )
    return Rule.none("the moderation pages are for moderators and administrators")


# --- evidence --------------------------------------------------------------------------------------


def evidence_rule(user: Any, action: str) -> Rule:
    """Evidence is the team's. Moderators read summaries of OFFICIAL items (never sensitive ones, never
    files); a force liaison officer sees only what their force submitted to its own inspections (any
    of the force's liaison officers, not only the submitter: the self-assessment is the force's), never
    the team's items and never another force's; the public sees none."""
    if is_admin(user):
        return Rule.all("administrators see all evidence")
    if not signed_in(user):
        return Rule.none("evidence is never public")
    role = _role(user)
    if role in TEAM_ROLES:
        return Rule.where(team_q(user, "inspection__"), "evidence is visible to the inspection team only")
    if role == Role.MODERATOR and action == "view":
        return Rule.where(
            Q(inspection__stage__in=MODERATOR_STAGES, marking=Marking.OFFICIAL),
            "moderators read summaries of OFFICIAL evidence; sensitive items stay with the team",
        )
    if role == Role.FORCE_LIAISON and action in ("view", "download"):
        if user.force_id is None:
            return Rule.none("a force liaison officer without a force sees no evidence")
        # Only the inspected force's liaison officers can submit to an inspection (see
        # `_self_assessment_rule`), so an item with a submitter on the force's inspection is the force's.
        return Rule.where(
            Q(inspection__force=user.force, submitted_by__isnull=False),
            "a force liaison officer sees the evidence their force submitted",
        )
    if action == "verify":
        return Rule.none("only the inspection team verifies evidence")
    return Rule.none("evidence is visible to the inspection team only")


# --- drafts: findings, awards, comments ----------------------------------------------------------


def draft_rule(
    user: Any, action: str, prefix: str = "inspection__", force_sees: bool = True, public_sees: bool = True
) -> Rule:
    """Grades and findings: the team works on them, moderators read them from drafting on, the
    inspected force reads them from the factual accuracy check on, and the public reads them once
    published. Records that are working throughout (`force_sees` and `public_sees` false) follow
    `working_rule` for reading."""
    if action == "view" and not force_sees and not public_sees:
        return working_rule(user, prefix)
    if is_admin(user):
        return Rule.all("administrators see every draft")
    public = published_q(prefix) if public_sees else None
    if not signed_in(user):
        if action == "view" and public is not None:
            return Rule.where(public, "the public sees published results only")
        return Rule.none("drafts are never public")
    role = _role(user)
    if role in TEAM_ROLES:
        team = team_q(user, prefix)
        if action == "view":
            return Rule.where(team | public if public is not None else team, "the team sees its own drafts")
        return Rule.where(team, "only the inspection team changes its drafts")
    if action != "view":
        return Rule.none(f"{user.role_label}s do not change inspection drafts")
    if role == Role.MODERATOR:
        q = Q(**{f"{prefix}stage__in": MODERATOR_STAGES})
        return Rule.where(q | public if public is not None else q, "moderators read drafts from drafting on")
    if role == Role.FORCE_LIAISON and force_sees:
        q = Q(**{f"{prefix}force": user.force, f"{prefix}stage__in": FORCE_VISIBLE_STAGES})
        return Rule.where(
            q | public if public is not None else q,
            "a force reads its own draft from the factual accuracy check on",
        )
    if public is not None:
        return Rule.where(public, "published results are public")
    return Rule.none("only the team and moderators read these")


def award_rule(user: Any, action: str) -> Rule:
    """An awarded grade is read by whoever reads the draft's grades; its working (the proposal and trace
    it was made from, rationale, decision note) by those who see the working; the awards it replaced by
    the team and its lead alone (and administrators). Lead inspectors on the team other than its author
    decide a departure; moderators record moderation decisions."""
    if action == "view_working":
        return working_rule(user, "inspection__")
    if action == "approve":
        return _approve_rule(user)
    if action == "moderate":
        return _moderate_rule(user)
    rule = draft_rule(user, action)
    if action != "view" or rule.everything or rule.q is None:
        return rule
    current = rule.q & ~Q(status="superseded")
    if _role(user) in TEAM_ROLES:
        return Rule.where(team_q(user, "inspection__") | current, rule.reason)
    return Rule.where(current, f"{rule.reason}; the awards it replaced stay with the team")


def _approve_rule(user: Any) -> Rule:
    if _role(user) != Role.LEAD_INSPECTOR:
        return Rule.none("only a lead inspector approves or rejects a departure from the proposed grade")
    return Rule.where(
        team_q(user, "inspection__") & ~Q(author=user),
        "lead inspectors on the team decide the departures of awards they did not make",
        refusal="a departure is decided by a lead inspector on the inspection's team other than its author",
    )


def _moderate_rule(user: Any) -> Rule:
    if _role(user) != Role.MODERATOR:
        if is_admin(user):
            return Rule.none("only moderators record moderation decisions; administrators read the board")
        return Rule.none("only moderators record moderation decisions")
    return Rule.where(
        Q(inspection__stage__in=MODERATOR_STAGES),
        "moderators decide on awarded grades from the drafting stage on",
    )


def finding_rule(user: Any, action: str) -> Rule:
    if action != "comment":
        return draft_rule(user, action)
    reason = (
        "a force liaison officer of the inspected force comments on its findings during the factual "
        "accuracy check"
    )
    if _role(user) != Role.FORCE_LIAISON:
        return Rule.none("only a force liaison officer of the inspected force comments on its findings")
    return Rule.where(
        Q(inspection__force=user.force, inspection__stage=Stage.FACTUAL_ACCURACY),
        reason,
        refusal=f"only {reason}",
    )
