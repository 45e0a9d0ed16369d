"""The risk-based programme (/planning/ and /api/v1/planning/): who sees scores, who plans, pins and
approves, and who follows up areas for improvement.

Objects come from world_planning.py. Scores and their reasons are for analysts, lead inspectors and
administrators only: everyone else is refused (403) on the register and assessments, and gets 404 for
a plan they may not see. A tracked action is force A's: force B's liaison officer gets 404. Pages send
the public to sign in (302); POST-only pages answer a GET with 405; the API refuses with 403 or 404
and never redirects.
"""

from __future__ import annotations

from typing import Any

from .routes import Route, everyone, only

SCORERS = ("lead", "analyst", "admin")
STAFF = ("inspector", "lead", "moderator", "analyst", "admin")


def pages(allowed: tuple[str, ...], ok: int = 200, denied: int = 403) -> dict[str, int]:
    return only(allowed, ok=ok, denied=denied, public=302)


def _plan(world: Any) -> dict[str, Any]:
    return {"code": world.planning_plan.code}


def _action(world: Any) -> dict[str, Any]:
    return {"pk": world.planning_action.pk}


def _new_plan(world: Any) -> dict[str, Any]:
    return {"code": "another-plan", "name": "Another", "starts_on": "2008-04-01", "capacity": "100"}


def _pin(world: Any) -> dict[str, Any]:
    return {"force": "durham", "framework": "CA", "direction": "out", "reason": "Joint inspection instead"}


def _status(world: Any) -> dict[str, Any]:
    return {"status": "in_progress", "note": "Training planned"}


def _assessment(world: Any) -> dict[str, Any]:
    return {
        "force": "durham",
        "kind": "capacity_capability",
        "level": "low",
        "assessed_on": "2008-03-01",
        "evidence": "Stable and well resourced",
    }


def _engagement(world: Any) -> dict[str, Any]:
    return {"status": "scan", "reason": "Highest risk passes the threshold"}


def _api_pin(world: Any) -> dict[str, Any]:
    return {"force": "durham", "framework": "CA", "pinned_in": False, "reason": "Joint inspection instead"}


ROUTES = [
    Route("planning:register", pages(SCORERS)),
    Route("planning:register", pages(SCORERS), query="?as_of=2008-04-01&cell=west-midlands|CA", label="cell"),
    Route("planning:plan_new", everyone(405), label="get"),
    Route("planning:plan_new", pages(("lead", "analyst", "admin"), ok=302), method="post", data=_new_plan),
    Route("planning:plan", pages(SCORERS, denied=404), kwargs=_plan),
    Route(
        "planning:plan_solve", pages(SCORERS, ok=302, denied=404), kwargs=_plan, method="post", data=_new_plan
    ),
    Route("planning:plan_pin", pages(SCORERS, ok=302, denied=404), kwargs=_plan, method="post", data=_pin),
    Route(
        "planning:plan_unpin",
        pages(SCORERS, ok=302, denied=404),
        kwargs=lambda w: {"code": w.planning_plan.code, "pin_id": w.planning_pin.pk},
        method="post",
        data=_status,
    ),
    Route(
        "planning:plan_approve",
        {**pages(("lead", "admin"), ok=302, denied=404), "analyst": 403},
        kwargs=_plan,
        method="post",
        data=lambda w: {"lead": "leonard.lead"},
    ),
    Route("planning:actions", {**everyone(200), "public": 302}),
    Route("planning:action", {**everyone(200), "public": 302, "force_b": 404}, kwargs=_action),
    Route(
        "planning:action_update",
        {**pages(("force_a", "admin"), ok=302), "force_b": 404},
        kwargs=_action,
        method="post",
        data=lambda w: {"text": "Two supervisors appointed in January"},
    ),
    Route(
        "planning:action_status",
        {**pages(("inspector", "lead", "admin"), ok=302), "force_b": 404},
        kwargs=_action,
        method="post",
        data=_status,
    ),
    Route("planning:assessments", pages(SCORERS)),
    Route("planning:assessment_new", pages(("analyst", "admin"), ok=302), method="post", data=_assessment),
    Route(
        "planning:engagement_set",
        pages(("lead", "admin"), ok=302),
        kwargs=lambda w: {"code": "durham"},
        method="post",
        data=_engagement,
    ),
    Route("api-1:planning_register", only(SCORERS)),
    Route("api-1:planning_plans", everyone(200)),
    Route("api-1:planning_plan", only(SCORERS, denied=404), kwargs=_plan),
    Route("api-1:planning_solve", only(SCORERS, denied=404), kwargs=_plan, method="post"),
    Route(
        "api-1:planning_pin",
        only(SCORERS, denied=404),
        kwargs=_plan,
        method="post",
        data=_api_pin,
        content_type="application/json",
    ),
    Route(
        "api-1:planning_approve",
        {**only(("lead", "admin"), denied=404), "analyst": 403},
        kwargs=_plan,
        method="post",
        data=lambda w: {"lead": "leonard.lead"},
        content_type="application/json",
    ),
    Route("api-1:planning_actions", everyone(200)),
    Route(
        "api-1:planning_post_update",
        {**only(("force_a", "admin"), denied=403), "force_b": 404, "public": 404},
        kwargs=lambda w: {"action_id": w.planning_action.pk},
        method="post",
        data=lambda w: {"text": "Two supervisors appointed"},
        content_type="application/json",
    ),
]
