"""Corrections after publication: the inspection's lead inspector (or an administrator) opens and
cancels one; only the lead inspector publishes it; the team and moderators read it.

Objects come from world_corrections.py. A published inspection is visible to every signed-in
persona, so the "Correct the report" form answers 403 with the reason to those who may not correct;
a correction is working, so anyone who may not read it gets 404; the public is sent to sign in."""

from __future__ import annotations

from typing import Any

from .routes import PERSONAS, WORKING, Route

SEES_WORKING = WORKING


def _statuses(allowed: dict[str, int], hidden: tuple[str, ...] = (), refused: int = 403) -> dict[str, int]:
    """`allowed` as given, `hidden` personas 404, the public 302, everyone else `refused`."""
    result = {p: allowed.get(p, 404 if p in hidden else refused) for p in PERSONAS}
    result["public"] = 302
    return result


UNREADABLE = ("analyst", "force_a", "force_b")


def fresh(world: Any) -> dict[str, Any]:
    return {"pk": world.corr_fresh.pk}


def opened(world: Any) -> dict[str, Any]:
    return {"pk": world.corr_inspection.pk, "correction_pk": world.correction.pk}


ROUTES = [
    Route("inspections:correction_new", _statuses({"lead": 200, "admin": 200}), kwargs=fresh),
    Route(
        "inspections:correction_new",
        _statuses({"lead": 302, "admin": 302}),
        kwargs=fresh,
        method="post",
        data=lambda w: {"reason": "A wrong date", "unlocks": ["context", "grade:CA"]},
        label="open",
    ),
    Route(
        "inspections:correction",
        _statuses({"lead": 200, "admin": 200, "inspector": 200, "moderator": 200}, hidden=UNREADABLE),
        kwargs=opened,
    ),
    Route(
        "inspections:correction_cancel",
        _statuses({"lead": 302, "admin": 302}, hidden=UNREADABLE),
        kwargs=opened,
        method="post",
        data=lambda w: {"note": "Opened by mistake"},
    ),
    Route(
        "reports:publish_correction",
        # Blocked for the lead (no practice example is selected: see world_corrections.py).
        _statuses({"lead": 409}, hidden=UNREADABLE),
        kwargs=lambda w: {"correction_pk": w.correction.pk},
        method="post",
        data=lambda w: {"change_note": "Corrected the population figure"},
    ),
]
