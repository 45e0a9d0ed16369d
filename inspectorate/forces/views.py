from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import CommandUnit, Force, ForceFact


def force_list(request: HttpRequest) -> HttpResponse:
    forces = Force.objects.restrict(request.user, "view").order_by("country", "region", "name")
    by_region = [
        (f"{country} · {region}" if country == "England" else country, list(items))
        for (country, region), items in groupby(forces, key=lambda f: (f.country, f.region))
    ]
    return render(request, "forces/list.html", {"by_region": by_region, "count": len(forces)})


def force_detail(request: HttpRequest, code: str) -> HttpResponse:
    force = get_object_or_404(Force.objects.restrict(request.user, "view"), code=code)
    facts = ForceFact.objects.restrict(request.user, "view").filter(force=force)
    facts_by_date = [(as_of, list(items)) for as_of, items in groupby(facts, key=lambda f: f.as_of)]
    units = CommandUnit.objects.restrict(request.user, "view").filter(force=force)
    return render(
        request,
        "forces/detail.html",
        {"force": force, "facts_by_date": facts_by_date, "command_units": units},
    )
