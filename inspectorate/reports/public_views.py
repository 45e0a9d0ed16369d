"""The public pages of published material: every published report (each version at a stable URL, as
HTML, PDF and JSON), a programme's national summary, a force's summary across programmes, and the
open data files of every published grade. Everything here is read through `restrict()` as the public
would see it, so a draft or a demonstration never appears."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from inspectorate.forces.models import Force
from inspectorate.methodology.models import Programme

from . import published_data as data
from .caching import PAGE_MAX_AGE, VERSION_FILE_MAX_AGE, cached_publicly, etag_of
from .documents import as_document
from .models import FORMATS, PublishedReport

_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def _versions(request: HttpRequest, programme: str, force: str) -> list[PublishedReport]:
    found = list(
        PublishedReport.objects.restrict(request.user, "view")
        .filter(programme__code=programme, force__code=force)
        .select_related("force", "programme", "superseded_by")
        .order_by("-version")
    )
    if not found:
        raise Http404("no published report for this force and programme")
    return found


def _version(
    request: HttpRequest, programme: str, force: str, version: int | None
) -> tuple[PublishedReport, PublishedReport]:
    """(the asked-for version, the latest version)."""
    versions = _versions(request, programme, force)
    latest = versions[0]
    if version is None:
        return latest, latest
    for report in versions:
        if report.version == version:
            return report, latest
    raise Http404(f"there is no version {version} of this report")


def _file(report: PublishedReport, extension: str) -> bytes:
    path = report.path(extension)
    if not path.is_file():
        raise Http404("the published file is missing")
    return path.read_bytes()


def _notice(request: HttpRequest, report: PublishedReport, latest: PublishedReport) -> str:
    return render_to_string(
        "reports/published/version_notice.html", {"report": report, "latest": latest}, request
    )


def _with_notice(html: str, notice: str) -> str:
    # The file stays as published (its hash is checked); the notice is added only as it is served.
    match = _BODY.search(html)
    if match is None:
        return notice + html
    return html[: match.end()] + notice + html[match.end() :]


def _served(content: bytes, extension: str, report: PublishedReport, download: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[extension])
    name = f"{report.force.code}-{report.programme.code}-v{report.version}.{extension}"
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{name}"'
    response["ETag"] = f'"{report.sha256(extension)}"'
    return response


def report_page(request: HttpRequest, programme: str, force: str, version: int | None = None) -> HttpResponse:
    """A version of the report (the latest when no version is given), as published, with a notice of
    which version it is and, for an old one, a link to the version that corrects it."""
    report, latest = _version(request, programme, force, version)

    def build() -> HttpResponse:
        html = _file(report, "html").decode("utf-8")
        response = HttpResponse(
            _with_notice(html, _notice(request, report, latest)), content_type=FORMATS["html"]
        )
        if report.is_superseded:
            response["Link"] = _version_links(report, latest)
        return as_document(response)

    # The page is the frozen file plus a notice that names the latest version.
    etag = etag_of("page", report.html_sha256, latest.pk, latest.version)
    return cached_publicly(request, etag=etag, max_age=PAGE_MAX_AGE, build=build)


def report_file(
    request: HttpRequest, programme: str, force: str, version: int, extension: str
) -> HttpResponse:
    report, latest = _version(request, programme, force, version)

    def build() -> HttpResponse:
        response = _served(_file(report, extension), extension, report, download=extension == "html")
        if report.is_superseded:
            # The file stays byte for byte as published (its hash is published); a superseded one says
            # so in its headers, and its page and the versions list say so in words.
            response["Link"] = _version_links(report, latest)
        return as_document(response) if extension == "html" else response

    return cached_publicly(
        request,
        etag=f'"{report.sha256(extension)}"',
        last_modified=report.published_at,
        max_age=VERSION_FILE_MAX_AGE,
        build=build,
    )


def _version_links(report: PublishedReport, latest: PublishedReport) -> str:
    # RFC 5829 link relations: the newest version, and the one that directly replaced this one.
    links = [f'<{data.report_path(latest)}>; rel="latest-version"']
    if report.superseded_by is not None:
        links.append(f'<{data.report_path(report.superseded_by)}>; rel="successor-version"')
    return ", ".join(links)


def report_versions(request: HttpRequest, programme: str, force: str) -> HttpResponse:
    versions = _versions(request, programme, force)
    return render(request, "reports/published/versions.html", {"versions": versions, "latest": versions[0]})


def index(request: HttpRequest) -> HttpResponse:
    reports = list(
        PublishedReport.objects.latest_versions()
        .restrict(request.user, "view")
        .select_related("force", "programme")
        .order_by("-programme__period_start", "programme__code", "force__name")
    )
    by_programme: dict[Any, list[PublishedReport]] = {}
    for report in reports:
        by_programme.setdefault(report.programme, []).append(report)
    forces = sorted({r.force for r in reports}, key=lambda f: f.name)
    # Programmes known here only from grades published without a report still have a national page.
    with_grades = Programme.objects.filter(published_grades__isnull=False).exclude(
        code__in=[p.code for p in by_programme]
    )
    return render(
        request,
        "reports/published/index.html",
        {
            "by_programme": list(by_programme.items()),
            "forces": forces,
            "grades_only": sorted({p.code: p for p in with_grades}.values(), key=lambda p: p.code),
        },
    )


def _chart_svg(summary: data.NationalSummary, line: data.FrameworkLine) -> str:
    try:
        from .builder.model import Chart, Series
        from .charts import distribution_svg
    except ImportError:  # the table alone carries every figure
        return ""
    names = tuple(name for _, name in summary.grades)
    series: tuple[Series, ...]
    if line.complete or line.published is None:
        series = (Series(f"Published grades ({line.held} of {line.total} forces)", line.counts),)
    else:
        series = (
            Series("As published", line.published),
            Series(f"System count ({line.held} of {line.total} forces)", line.counts),
        )
    figures = " ".join(
        f"{s.label}: " + ", ".join(f"{n} {v}" for n, v in zip(names, s.values, strict=True)) + "."
        for s in series
    )
    chart = Chart(
        id=f"summary-{line.code.lower()}",
        title=f"National grade distribution: {line.name}",
        description=f"Bar chart of the number of forces awarded each grade. {figures} "
        "The same figures are in the table.",
        categories=names,
        series=series,
        table_id="national-summary",
    )
    return str(distribution_svg(chart))


def programme_summary(request: HttpRequest, programme: str) -> HttpResponse:
    found = data.summary_programme(programme)
    if found is None:
        raise Http404("no such programme")
    summary = data.national_summary(found)

    def build() -> HttpResponse:
        charts = [(line, _safe_svg(_chart_svg(summary, line))) for line in summary.lines]
        return render(request, "reports/published/programme.html", {"summary": summary, "charts": charts})

    # The figures decide the page; drawing its charts is the cost a revalidation saves.
    etag = etag_of("summary", found.code, found.version, summary.as_dict(), weak=True)
    return cached_publicly(request, etag=etag, max_age=PAGE_MAX_AGE, build=build)


def _safe_svg(svg: str) -> SafeString:
    # Drawn by the charts module from figures and names the system holds; it escapes its own text.
    return mark_safe(svg)


def force_summary(request: HttpRequest, force: str) -> HttpResponse:
    found = get_object_or_404(Force.objects.restrict(request.user, "view"), code=force)
    return render(
        request,
        "reports/published/force.html",
        {
            "force": found,
            "programmes": data.force_summary(found),
            "other_grades": data.force_grades_without_report(found),
        },
    )


def _open_data_rows(request: HttpRequest) -> list[dict[str, Any]]:
    base = request.build_absolute_uri("/").rstrip("/")
    return [row.as_open_data(base) for row in data.grade_rows()]


def grades_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=data.OPEN_DATA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_open_data_rows(request))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="published-grades.csv"'
    return response


def grades_json(request: HttpRequest) -> HttpResponse:
    body = {
        "description": "Every grade in a published inspection report (the latest version of each report)",
        "documentation": request.build_absolute_uri("/published/") + "#open-data",
        "generated_at": timezone.now().isoformat(),
        "columns": list(data.OPEN_DATA_COLUMNS),
        "grades": _open_data_rows(request),
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="published-grades.json"'
    return response
