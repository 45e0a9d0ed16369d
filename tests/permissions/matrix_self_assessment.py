"""The force's self-assessment pages and the inspection settings pages (team, dates, force context).

Objects come from world_self_assessment.py (`sa_inspection`: force A's inspection at fieldwork, with
force A's submission `sa_item` and the team's own `sa_team_item`) and world_inspections.py
(`inspection`: force A's at drafting).

- The self-assessment page is read by force A's liaison officers from fieldwork on, by the team and by
  administrators; everyone else gets 404 (force B always), the public is sent to sign in. Only force
  A submits, only during fieldwork: the team and administrators are refused (403) with the reason, as
  is force A once fieldwork is over.
- Force A downloads the files its force submitted, never the team's: this page serves only the force's
  submissions, so a team item is 404 here for everyone (the team has the evidence register's link).
- The team and the fieldwork dates are the lead's ("plan"; administrators too); the force context the
  team's. Those who see the inspection but may not are refused (403), the rest get 404.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from .matrix_inspections import at, statuses
from .routes import WORKING, Route

SEES_WORKING = WORKING


def at_sa(world: Any, **more: Any) -> dict[str, Any]:
    return {"pk": world.sa_inspection.pk, **more}


def _submission(world: Any) -> dict[str, Any]:
    return {
        "title": "Referral audit",
        "summary": "Forty-one referrals, each assessed for risk on the day.",
        "effective_date": "2007-01-15",
        "frameworks": ["CA"],
        "attachments": [SimpleUploadedFile("audit.csv", b"month,referrals\n2007-01,41\n")],
    }


def readers(ok: int = 200, team: int | None = None, admin: int | None = None) -> dict[str, int]:
    """Force A, the team and administrators read; everyone else who is signed in gets 404."""
    team_status = ok if team is None else team
    return statuses(
        public=302,
        inspector=team_status,
        lead=team_status,
        moderator=404,
        analyst=404,
        force_a=ok,
        force_b=404,
        admin=ok if admin is None else admin,
    )


def planners(ok: int, team: int | None = None) -> dict[str, int]:
    """On the drafting inspection: the lead and administrators `ok`; the rest of the team and
    moderators 403 (or `team` for the inspector); others 404."""
    return statuses(
        public=302,
        inspector=403 if team is None else team,
        lead=ok,
        moderator=403,
        analyst=404,
        force_a=404,
        force_b=404,
        admin=ok,
    )


def _team(world: Any) -> dict[str, Any]:
    return {"lead": world.make_persona("lead").pk, "inspectors": [world.make_persona("inspector").pk]}


ROUTES = [
    Route("inspections:self_assessment", readers(), kwargs=at_sa),
    Route(
        "inspections:self_assessment",
        readers(302, team=403, admin=403),
        kwargs=at_sa,
        method="post",
        data=_submission,
        label="post",
    ),
    Route("inspections:self_assessment", readers(), kwargs=at, label="after fieldwork"),
    Route(
        "inspections:self_assessment",
        readers(403),
        kwargs=at,
        method="post",
        data=_submission,
        label="post after fieldwork",
    ),
    Route(
        "inspections:self_assessment_file",
        readers(),
        kwargs=lambda w: at_sa(w, evidence_pk=w.sa_item.pk),
    ),
    Route(
        "inspections:self_assessment_file",
        readers(404),
        kwargs=lambda w: at_sa(w, evidence_pk=w.sa_team_item.pk),
        label="the team's item",
    ),
    Route("inspections:team", planners(200), kwargs=at),
    Route("inspections:team", planners(302), kwargs=at, method="post", data=_team, label="post"),
    Route("inspections:dates", planners(200), kwargs=at),
    Route(
        "inspections:dates",
        planners(302),
        kwargs=at,
        method="post",
        data=lambda w: {"fieldwork_starts": "2007-05-01", "fieldwork_ends": "2007-05-18"},
        label="post",
    ),
    Route("inspections:context", planners(200, team=200), kwargs=at),
    Route(
        "inspections:context",
        planners(302, team=302),
        kwargs=at,
        method="post",
        data=lambda w: {"context_geography": "A large conurbation of 348 square miles."},
        label="post",
    ),
    Route(
        "inspections:list",
        statuses(
            public=302,
            inspector=200,
            lead=200,
            moderator=200,
            analyst=200,
            force_a=200,
            force_b=200,
            admin=200,
        ),
        query="?stage=drafting&mine=true&page=2",
        label="filtered",
    ),
]
