"""Who sees and does what in monitoring: one rule for every monitoring model.

Monitoring is the inspectorate's own working (it decides where to look next), so force users and
the public see none of it. Inspectorate staff read it; analysts (and administrators) decide on flags
and change monitoring data.
"""

from __future__ import annotations

from typing import Any

from inspectorate.accounts.access import Rule, is_admin, signed_in
from inspectorate.accounts.roles import Role


def monitoring_rule(user: Any, action: str, what: str) -> Rule:
    if not signed_in(user):
        return Rule.none(
            f"{what} are the inspectorate's internal monitoring; members of the public do not see them"
        )
    if action in ("view", "download"):
        if user.is_inspectorate_staff:
            return Rule.all(f"inspectorate staff read {what}")
        return Rule.none(f"{what} are the inspectorate's internal monitoring; force users do not see them")
    if is_admin(user) or user.has_role(Role.ANALYST):
        verb = "decide on" if action == "decide" else "manage"
        return Rule.all(f"analysts and administrators {verb} {what}")
    return Rule.none(f"only analysts and administrators may {action} {what}")
