"""National moderation pages: moderators and administrators only. The public is sent to sign in (302);
everyone else signed in is refused (403). Administrators read the board; only moderators decide."""

from __future__ import annotations

from .routes import WORKING, Route, only

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING

MODERATION = ("moderator", "admin")


def board(world: object, framework: str = "CA") -> dict[str, object]:
    programme = world.programme  # type: ignore[attr-defined]
    return {"code": programme.code, "version": programme.version, "framework": framework}


ROUTES = [
    Route("moderation:index", only(MODERATION, public=302)),
    Route("moderation:board", only(MODERATION, public=302), kwargs=board),
    Route(
        "moderation:board",
        only(MODERATION, ok=404, public=302),
        kwargs=lambda w: board(w, "no-such-framework"),
        label="unknown framework",
    ),
    # A risk-based framework is monitored, never moderated.
    Route(
        "moderation:board",
        only(MODERATION, ok=404, public=302),
        kwargs=lambda w: board(w, "VCR"),
        label="risk-based framework",
    ),
    Route(
        "moderation:decide",
        only(MODERATION, ok=405, public=302),
        kwargs=lambda w: {"award_id": w.moderation_award.pk},
        label="get",
    ),
    # Recorded by the moderator, who is sent back to the board; administrators only read.
    Route(
        "moderation:decide",
        {**only(("moderator",), ok=302, public=302), "admin": 403},
        kwargs=lambda w: {"award_id": w.moderation_award.pk},
        method="post",
        data=lambda w: {"outcome": "agreed"},
        label="post",
    ),
]
