"""Risk-based monitoring (/monitoring/ and /api/monitoring/): inspectorate staff read it, analysts
and administrators decide on flags, force users and the public see none of it.

Pages send the public to sign in (302) and refuse force users with 403 and the reason only; the API
answers both with 403. A decision by an analyst or administrator redirects (302) from the page and
answers 200 from the API; other staff are refused (403) without any change.
"""

from __future__ import annotations

from typing import Any

from .routes import Route

STAFF = ("inspector", "lead", "moderator", "analyst", "admin")
DECIDERS = ("analyst", "admin")


def page(allowed: tuple[str, ...], ok: int = 200) -> dict[str, int]:
    result = {
        p: (ok if p in allowed else 403)
        for p in ("inspector", "lead", "moderator", "analyst", "admin", "force_a", "force_b")
    }
    return {"public": 302, **result}


def api(allowed: tuple[str, ...], ok: int = 200) -> dict[str, int]:
    result = {
        p: (ok if p in allowed else 403)
        for p in ("inspector", "lead", "moderator", "analyst", "admin", "force_a", "force_b")
    }
    return {"public": 403, **result}


def _decision(world: Any) -> dict[str, Any]:
    return {"decision": "watch", "reason": "Look again next quarter"}


def _flag(world: Any) -> dict[str, Any]:
    return {"pk": world.monitoring_flag.pk}


ROUTES = [
    Route("monitoring:index", page(STAFF)),
    Route("monitoring:force", page(STAFF), kwargs=lambda w: {"code": w.monitoring_unit.code}),
    Route("monitoring:funnel", page(STAFF), kwargs=lambda w: {"indicator": "burglary"}),
    Route("monitoring:flags", page(STAFF)),
    Route("monitoring:flag", page(STAFF), kwargs=_flag, label="get"),
    Route(
        "monitoring:flag",
        {**page(DECIDERS, ok=302), "inspector": 403, "lead": 403, "moderator": 403},
        kwargs=_flag,
        method="post",
        data=_decision,
        label="decide",
    ),
    Route("api-1:list_indicators", api(STAFF)),
    Route("api-1:list_observations", api(STAFF), query="?unit=durham"),
    Route("api-1:get_signals", api(STAFF), query="?unit=durham"),
    Route("api-1:list_flags", api(STAFF)),
    Route(
        "api-1:decide_flag",
        api(DECIDERS),
        kwargs=lambda w: {"flag_id": w.monitoring_flag.pk},
        method="post",
        data=_decision,
        content_type="application/json",
    ),
]

# Words that only appear where monitoring working is shown; a refused persona must see none of them.
WORKING = ("Concern in 2025-12", "strength", "limits", "<svg", "a trend")
