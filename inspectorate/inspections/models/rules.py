"""Who may see and change what in an inspection. One function per kind of record, used by each
model's `access_rule`, so every access decision about inspections is made here and says why."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from inspectorate.accounts.access import Rule, is_admin
from inspectorate.accounts.roles import Role

from ..choices import FORCE_VISIBLE_STAGES, MODERATOR_STAGES, Marking, Stage


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def team_q(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead": user}) | Q(**{f"{prefix}inspectors": user})


def published_q(prefix: str = "") -> Q:
    # A reconstruction for demonstration can never be published, but say so twice: it never shows.
    return Q(**{f"{prefix}stage": Stage.PUBLISHED, f"{prefix}is_demonstration": False})


def inspection_rule(user: Any, action: str) -> Rule:
    if is_admin(user):
        return Rule.all("administrators see and manage every inspection")
    if not _signed_in(user):
        if action == "view":
            return Rule.where(published_q(), "the public sees published inspections only")
        return Rule.none("sign in to work on inspections")
    role = user.role
    if role in (Role.INSPECTOR, Role.LEAD_INSPECTOR):
        if action == "view":
            return Rule.where(team_q(user) | published_q(), "inspectors see the inspections they are on")
        if action == "change":
            return Rule.where(team_q(user), "only the inspection team works on an inspection")
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


def evidence_rule(user: Any, action: str) -> Rule:
    """Evidence is the team's. Moderators read summaries of OFFICIAL items (never sensitive ones, never
    files); a force liaison officer sees only the items they submitted; the public sees none."""
    if is_admin(user):
        return Rule.all("administrators see all evidence")
    if not _signed_in(user):
        return Rule.none("evidence is never public")
    role = user.role
    if role in (Role.INSPECTOR, Role.LEAD_INSPECTOR):
        return Rule.where(team_q(user, "inspection__"), "evidence is visible to the inspection team only")
    if role == Role.MODERATOR and action == "view":
        return Rule.where(
            Q(inspection__stage__in=MODERATOR_STAGES, marking=Marking.OFFICIAL),
            "moderators read summaries of OFFICIAL evidence; sensitive items stay with the team",
        )
    if role == Role.FORCE_LIAISON and action in ("view", "download"):
        return Rule.where(Q(submitted_by=user), "a force liaison officer sees the evidence they submitted")
    return Rule.none("evidence is visible to the inspection team only")


def draft_rule(
    user: Any, action: str, prefix: str = "inspection__", force_sees: bool = True, public_sees: bool = True
) -> Rule:
    """Judgements, grades and findings: the team works on them, moderators read them from drafting on,
    the inspected force reads grades and findings from the factual accuracy check on, and the public
    reads them once published."""
    if is_admin(user):
        return Rule.all("administrators see every draft")
    public = published_q(prefix) if public_sees else None
    if not _signed_in(user):
        if action == "view" and public is not None:
            return Rule.where(public, "the public sees published results only")
        return Rule.none("drafts are never public")
    role = user.role
    if role in (Role.INSPECTOR, Role.LEAD_INSPECTOR):
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
