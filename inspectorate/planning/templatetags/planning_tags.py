"""Panels other apps' pages include: a force's engagement status (staff force page) and the earlier
areas for improvement with beacon evidence (inspection page). Each decides access through the models'
rules and shows nothing to a user who may not see it."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from inspectorate.accounts.access import rule_for

from .. import services, tracking
from ..models import Engagement, EngagementStatus, Plan

register = template.Library()


@register.simple_tag(takes_context=True)
def engagement_panel(context: Any, force: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not rule_for(EngagementStatus, user, "view").everything:
        return mark_safe("")
    proposed = ""
    programme = services.latest_programme()
    if programme is not None and rule_for(Plan, user, "view_scores").everything:
        reg = services.build_register(user, programme, datetime.date.today())
        highest = reg.proposed_for_scan().get(force.code)
        if highest is not None:
            proposed = f"{highest.framework_code} {highest.value:.3f} > {reg.model.thresholds.scan:.2f}"
    html = render_to_string(
        "planning/_engagement.html",
        {
            "force": force,
            "current": services.current_engagement(force),
            "proposed": proposed,
            "can_set": rule_for(EngagementStatus, user, "add").everything,
            "choices": Engagement.choices,
        },
        request=request,
    )
    return mark_safe(html)


@register.simple_tag(takes_context=True)
def earlier_areas_panel(context: Any, inspection: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    scope = tracking.scope_codes(inspection)
    found, _missing = tracking.directions_for(inspection.force.code, inspection.programme)
    html = render_to_string(
        "planning/_earlier_areas.html",
        {
            "earlier": tracking.earlier_actions(user, inspection),
            "beacon": tracking.beacon_evidence(user, inspection),
            # Published grades are public: every reader of the inspection may see where they point.
            # A component compared through its group's roll-up shares the group's line.
            "directions": list(
                {found[c].framework_code: found[c] for c in sorted(found) if c in scope}.values()
            ),
        },
        request=request,
    )
    return mark_safe(html)
