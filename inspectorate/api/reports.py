"""Published reports over the API: the list, one report with its versions, a version's report as
published (JSON), and a programme's national summary. Everything here is public; drafts and
demonstrations never appear."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from inspectorate.reports import published_data as data
from inspectorate.reports.models import PublishedReport

from .auth import caller

router = Router(tags=["published reports"])


class VersionOut(Schema):
    version: int
    published_at: datetime.datetime
    change_note: str
    superseded: bool
    url: str
    pdf_url: str
    json_url: str
    json_sha256: str
    html_sha256: str
    pdf_sha256: str


class ReportOut(Schema):
    programme: str
    programme_version: int
    programme_name: str
    force_code: str
    force_name: str
    title: str
    latest_version: int
    published_at: datetime.datetime
    url: str


class ReportDetailOut(ReportOut):
    versions: list[VersionOut]


class GradeCountOut(Schema):
    code: str
    name: str
    counts: dict[str, int]
    forces_held: int
    published_distribution: dict[str, int] | None


class SummaryGroupOut(Schema):
    label: str
    group: str | None
    frameworks: list[GradeCountOut]


class GradeOut(Schema):
    code: str
    name: str


class NationalSummaryOut(Schema):
    programme: str
    programme_version: int
    programme_name: str
    grades: list[GradeOut]
    total_forces: int
    complete: bool
    groups: list[SummaryGroupOut]


def _visible(request: HttpRequest) -> Any:
    return PublishedReport.objects.restrict(caller(request), "view").select_related("force", "programme")


def _report_out(report: PublishedReport) -> dict[str, Any]:
    return {
        "programme": report.programme.code,
        "programme_version": report.programme.version,
        "programme_name": report.programme.name,
        "force_code": report.force.code,
        "force_name": report.force.name,
        "title": report.title,
        "latest_version": report.version,
        "published_at": report.published_at,
        "url": data.latest_path(report),
    }


def _version_out(report: PublishedReport) -> dict[str, Any]:
    args = {"programme": report.programme.code, "force": report.force.code, "version": report.version}
    return {
        "version": report.version,
        "published_at": report.published_at,
        "change_note": report.change_note,
        "superseded": report.is_superseded,
        "url": reverse("published:version", kwargs=args),
        "pdf_url": reverse("published:version_pdf", kwargs=args),
        "json_url": reverse("published:version_json", kwargs=args),
        "json_sha256": report.json_sha256,
        "html_sha256": report.html_sha256,
        "pdf_sha256": report.pdf_sha256,
    }


@router.get(
    "/national/{programme}",
    response=NationalSummaryOut,
    summary="A programme's national summary: forces per grade in each framework",
)
def national_summary(request: HttpRequest, programme: str) -> dict[str, Any]:
    found = data.summary_programme(programme)
    if found is None:
        raise Http404("no such programme")
    return data.national_summary(found).as_dict()


@router.get("/", response=list[ReportOut], summary="List the published reports (latest version of each)")
def list_published_reports(request: HttpRequest) -> list[dict[str, Any]]:
    reports = _visible(request).latest_versions().order_by("programme__code", "force__name")
    return [_report_out(r) for r in reports]


@router.get(
    "/{programme}/{force}", response=ReportDetailOut, summary="One published report with all its versions"
)
def get_published_report(request: HttpRequest, programme: str, force: str) -> dict[str, Any]:
    versions = list(
        _visible(request).filter(programme__code=programme, force__code=force).order_by("-version")
    )
    if not versions:
        raise Http404("no published report for this force and programme")
    return {**_report_out(versions[0]), "versions": [_version_out(r) for r in versions]}


@router.get(
    "/{programme}/{force}/versions/{version}",
    summary="A version of a report as published, in its JSON form",
    response={200: dict[str, Any]},
)
def get_report_version(request: HttpRequest, programme: str, force: str, version: int) -> HttpResponse:
    report = _visible(request).filter(programme__code=programme, force__code=force, version=version).first()
    if report is None:
        raise Http404("no such version of this report")
    # The stored JSON is returned byte for byte, so its SHA-256 matches the published one.
    response = HttpResponse(report.report_json.encode("utf-8"), content_type="application/json")
    response["ETag"] = f'"{report.json_sha256}"'
    return response
