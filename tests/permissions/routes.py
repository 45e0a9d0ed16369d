"""The permission matrix: for every URL pattern and API operation, what each persona gets.

Each app's routes are listed in a `matrix_<app>.py` module beside this one as a list `ROUTES`.
`test_matrix.py` fails when a URL pattern has no entry, so a new route cannot ship without saying who
may use it. A route's `kwargs` builds the URL arguments from the `world` (objects made once per test
by the builders in `world.py`), so scoped routes can point at force A's objects and expect force B's
user to be refused.

Content as well as status: a module may say who sees the team's working on its routes with
`SEES_WORKING = (...)` (a route may say otherwise with `sees_working=`). For every other persona no
answer on those routes (pages, API, documents, error answers, and the answer to the same request
with its body left empty) may contain working: criterion codes, trace marks, or the working texts the
worlds wrote (see working.py). Modules that say nothing are checked for status only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("public", "inspector", "lead", "moderator", "analyst", "force_a", "force_b", "admin")
STAFF = ("inspector", "lead", "moderator", "analyst", "admin")
# Who sees the working in the worlds: the inspector and lead personas are on every world inspection's
# team, moderators read working from drafting on, administrators see everything.
WORKING = ("inspector", "lead", "moderator", "admin")


@dataclass(frozen=True)
class Route:
    name: str  # the URL pattern's name, with its namespace ("forces:detail", "api-1:list_forces")
    expect: dict[str, int]  # persona -> HTTP status
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    query: str = ""
    label: str = ""  # distinguishes several entries for one route (e.g. own force / other force)
    content_type: str | None = None  # e.g. "application/json" for API bodies; default: a form post
    sees_working: tuple[str, ...] | None = None  # overrides the module's SEES_WORKING for this route

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


def everyone(status: int = 200) -> dict[str, int]:
    return {p: status for p in PERSONAS}


def only(
    allowed: tuple[str, ...] | list[str], ok: int = 200, denied: int = 403, public: int | None = None
) -> dict[str, int]:
    """`allowed` get `ok`; other signed-in personas get `denied`; the public gets `public` (default:
    the same as `denied`)."""
    result = {p: (ok if p in allowed else denied) for p in PERSONAS}
    if "public" not in allowed:
        result["public"] = denied if public is None else public
    return result
