"""Monitoring pages: the forces monitored, a force's dashboard (an XmR chart per indicator and its
flags), a funnel plot per indicator across forces, the "consider inspection" list and a flag with
the analyst's decision. Access comes from the models' access rules; pages only call services."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspectorate.accounts.access import permits, rule_for
from inspectorate.jobs.services import enqueue

from . import charts, descriptions, flags, jobs
from .models import Decision, Flag, Indicator, IngestRun, Unit, UnitKind

View = Callable[..., HttpResponse]


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "monitoring/refused.html", {"reason": reason}, status=403)


def monitoring_page(view: View) -> View:
    """Signed in, and allowed to read monitoring (the Unit access rule says who); refusals are 403
    pages that give the reason and nothing else."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rule = rule_for(Unit, request.user, "view")
        if not rule.everything and rule.q is None:
            return _refused(request, rule.reason)
        try:
            return view(request, *args, **kwargs)
        except (Refused, flags.NotAllowed) as refusal:
            return _refused(request, refusal.reason)

    return login_required(wrapper)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    # Every monitoring page shows police.uk data, so every one carries its licence attribution.
    return {"police_uk_data": True, **extra}


@monitoring_page
def index(request: HttpRequest) -> HttpResponse:
    units = (
        Unit.objects.restrict(request.user, "view")
        .filter(kind=UnitKind.FORCE)
        .select_related("force")
        .annotate(
            open_flags=Count(
                "force__monitoring_flags", filter=Q(force__monitoring_flags__current=True), distinct=True
            ),
            months=Count("observations__period", distinct=True),
        )
        .order_by("name")
    )
    indicators = Indicator.objects.restrict(request.user, "view").filter(peer_comparison=True)
    may_load = bool(permits(IngestRun, request.user, "add"))
    return render(
        request,
        "monitoring/index.html",
        _context(request, units=units, indicators=indicators, may_load=may_load),
    )


@require_POST
@monitoring_page
def load_now(request: HttpRequest) -> HttpResponse:
    """Queues the ingest of the shipped police.uk data (what `monitor load-shipped` does) as a job."""
    decision = permits(IngestRun, request.user, "add")
    if not decision:
        raise Refused(decision.reason)
    job = enqueue(
        request.user,
        "monitoring.load_shipped",
        jobs.load_shipped,
        title="Load the shipped police.uk data and recompute the flags",
    )
    return redirect("jobs:detail", job_id=job.pk)


@lru_cache(maxsize=512)
def _cached_xmr(chart_id: str, title: str, key: str) -> str:
    import json

    return charts.xmr_svg(chart_id, title, json.loads(key))


def _xmr(chart_id: str, title: str, series: dict[str, Any]) -> str:
    import json

    return _cached_xmr(chart_id, title, json.dumps(series, sort_keys=True, default=str))


@monitoring_page
def force_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.restrict(request.user, "view").select_related("force"), kind=UnitKind.FORCE, code=code
    )
    result = descriptions.unit_signals(unit.code, user=request.user)
    for n, item in enumerate(result["indicators"]):
        item["svg"] = _xmr(f"xmr-{n}", f"{unit.name}: {item['indicator']['name']}", item)
    force_flags = (
        Flag.objects.restrict(request.user, "view")
        .filter(force=unit.force, current=True)
        .select_related("unit__force", "indicator", "framework")
        .order_by("-strength")
    )
    districts = (
        Unit.objects.restrict(request.user, "view")
        .filter(force=unit.force, kind=UnitKind.LAD)
        .order_by("name")
    )
    return render(
        request,
        "monitoring/force.html",
        _context(request, unit=unit, result=result, flags=force_flags, districts=districts),
    )


@monitoring_page
def funnel(request: HttpRequest, indicator: str) -> HttpResponse:
    item = get_object_or_404(Indicator.objects.restrict(request.user, "view"), code=indicator)
    data = descriptions.national_funnel(item.code)
    svg = ""
    if data["rows"] and data["target"] is not None:
        svg = charts.funnel_svg(
            "funnel",
            f"{item.name}: forces against the weighted rate of all forces",
            data["rows"],
            data["target"],
            data["phi"],
        )
    return render(request, "monitoring/funnel.html", _context(request, indicator=item, data=data, svg=svg))


@monitoring_page
def flag_list(request: HttpRequest) -> HttpResponse:
    visible = (
        Flag.objects.restrict(request.user, "view")
        .filter(current=True)
        .select_related("unit__force", "force", "indicator", "framework")
        .order_by("-strength", "force__name")
    )
    decision = request.GET.get("decision", "")
    if decision == "undecided":
        visible = visible.filter(decision="")
    elif decision in Decision.values:
        visible = visible.filter(decision=decision)
    rollup: dict[tuple[str, str], dict[str, Any]] = {}
    for flag in visible:
        key = (flag.force.name, flag.framework.code)
        entry = rollup.setdefault(
            key, {"force": flag.force, "framework": flag.framework, "flags": 0, "strength": 0.0}
        )
        entry["flags"] += 1
        entry["strength"] = max(entry["strength"], flag.strength)
    ranked = sorted(rollup.values(), key=lambda e: (-e["strength"], e["force"].name))
    return render(
        request,
        "monitoring/flags.html",
        _context(request, flags=visible, rollup=ranked, decision=decision, decisions=Decision.choices),
    )


@monitoring_page
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        Flag.objects.restrict(request.user, "view").select_related(
            "unit__force", "force", "indicator", "framework", "decided_by"
        ),
        pk=pk,
    )
    may_decide = Flag.objects.decide(request.user, "decide", flag)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            flags.decide(request.user, flag, request.POST.get("decision", ""), request.POST.get("reason", ""))
        except flags.Invalid as exc:
            errors = exc.errors
            status = 400
        else:
            messages.success(request, "Decision recorded.")
            return redirect("monitoring:flag", pk=flag.pk)
    return render(
        request,
        "monitoring/flag.html",
        _context(
            request,
            flag=flag,
            may_decide=may_decide,
            errors=errors,
            decisions=Decision.choices,
            posted=request.POST if request.method == "POST" else {},
        ),
        status=status,
    )
