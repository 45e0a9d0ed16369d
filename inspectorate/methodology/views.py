from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Criterion, Framework, FrameworkKind, Programme


def _programme(request: HttpRequest, code: str) -> Programme:
    """The latest version of a programme, or the one asked for with ?version=N."""
    programmes = Programme.objects.restrict(request.user, "view").filter(code=code)
    version = request.GET.get("version")
    if version:
        if not version.isdigit():
            raise Http404("version must be a whole number")
        return get_object_or_404(programmes, version=int(version))
    programme = programmes.order_by("-version").first()
    if programme is None:
        raise Http404(f"no programme {code!r}")
    return programme


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.restrict(request.user, "view").order_by("code", "-version")
    return render(request, "methodology/programme_list.html", {"programmes": programmes})


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(request, code)
    frameworks = Framework.objects.restrict(request.user, "view").filter(programme=programme)
    frameworks = frameworks.select_related("group")
    context = {
        "programme": programme,
        "grades": programme.grades.all(),
        "conditions": programme.conditions.all(),
        "programmed": [f for f in frameworks if FrameworkKind.PROGRAMMED in f.kinds],
        "risk_based": [f for f in frameworks if FrameworkKind.RISK_BASED in f.kinds],
        "planned": [f for f in frameworks if FrameworkKind.PLANNED in f.kinds],
        "glossary": programme.glossary.order_by("term"),
        "versions": Programme.objects.restrict(request.user, "view").filter(code=code).order_by("-version"),
    }
    return render(request, "methodology/programme_detail.html", context)


def framework_detail(request: HttpRequest, code: str, framework: str) -> HttpResponse:
    programme = _programme(request, code)
    fw = get_object_or_404(
        Framework.objects.restrict(request.user, "view").select_related("group"),
        programme=programme,
        code=framework,
    )
    criteria = Criterion.objects.restrict(request.user, "view").filter(framework=fw)
    levels = [(level, [c for c in criteria if c.level == level]) for level in programme.levels]
    grade_names = programme.grade_names()
    distribution = None
    if fw.published_distribution:
        distribution = [(grade_names.get(g, g), n) for g, n in fw.published_distribution.items()]
    return render(
        request,
        "methodology/framework_detail.html",
        {
            "programme": programme,
            "framework": fw,
            "levels": levels,
            "criteria_count": len(criteria),
            "distribution": distribution,
            "themes": fw.all_themes(),
        },
    )
