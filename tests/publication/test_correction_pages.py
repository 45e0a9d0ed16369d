"""The correction pages over HTTP: the lead opens a correction from the published inspection's page,
the team changes only what it unlocks, the lead publishes it, and the public pages of the old version
say it is superseded, by which version, when and why, with a link to the newest."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from inspectorate.inspections import services
from inspectorate.inspections.choices import FindingKind
from inspectorate.inspections.models import Correction, Finding, Inspection
from inspectorate.jobs.models import Job
from inspectorate.reports.models import PublishedReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]


@pytest.fixture
def published(signed_off, with_practice, publish_now, lead, inspector) -> Inspection:
    inspection = signed_off()
    with_practice(inspection)
    for text in ("Neighbourhood teams are in every ward.", "Ward panels set the priorities."):
        services.add_finding(inspector, inspection, kind=FindingKind.STRENGTH, text=text, framework="NP")
    publish_now(lead, inspection)
    inspection.refresh_from_db()
    return inspection


def _page(response: Any) -> str:
    return response.content.decode()


def test_it_offers_the_lead_alone_the_correction_form(published, client_for) -> None:
    detail = f"/inspections/{published.pk}/"
    assert 'data-testid="correct-report"' in _page(client_for("lead").get(detail))
    assert 'data-testid="correct-report"' not in _page(client_for("inspector").get(detail))
    form = client_for("lead").get(f"/inspections/{published.pk}/corrections/new/")
    assert form.status_code == 200
    page = _page(form)
    for token in ("grade:NP", "judgements:CA", "findings:NP", "context", "practice"):
        assert f'value="{token}"' in page
    assert "Ward panels set the priorities." in page
    refused = client_for("inspector").get(f"/inspections/{published.pk}/corrections/new/")
    assert refused.status_code == 403 and "lead inspector" in _page(refused)


def test_it_shows_each_problem_with_the_form_and_opens_nothing(published, client_for) -> None:
    answer = client_for("lead").post(f"/inspections/{published.pk}/corrections/new/", {"reason": " "})
    assert answer.status_code == 400
    page = _page(answer)
    assert (
        "say why the published report needs correcting" in page
        and "choose what the correction unlocks" in page
    )
    assert not Correction.objects.exists()


def test_it_corrects_a_named_finding_and_publishes_the_next_version(
    published, client_for, django_capture_on_commit_callbacks
) -> None:
    named = Finding.objects.get(inspection=published, text__startswith="Neighbourhood")
    other = Finding.objects.get(inspection=published, text__startswith="Ward panels")
    lead, inspector, public = client_for("lead"), client_for("inspector"), client_for("public")

    opened = lead.post(
        f"/inspections/{published.pk}/corrections/new/",
        {"reason": "One strength overstated the coverage", "unlocks": [f"finding:{named.pk}"]},
    )
    correction = Correction.objects.get()
    assert (
        opened.status_code == 302
        and opened["Location"] == f"/inspections/{published.pk}/corrections/{correction.pk}/"
    )
    status = _page(inspector.get(opened["Location"]))
    assert "Neighbourhood teams are in every ward." in status and 'data-testid="ready"' in status
    assert 'data-testid="publish-correction-form"' not in status  # the inspector does not publish

    # The team's forms come back on the list the correction reaches, and only there.
    base = f"/inspections/{published.pk}/frameworks"
    assert 'data-testid="finding-form"' in _page(inspector.get(f"{base}/NP/findings/"))
    assert 'data-testid="finding-form"' not in _page(inspector.get(f"{base}/CA/findings/"))
    edit = {"kind": FindingKind.STRENGTH, "text": "Neighbourhood teams are in most wards."}
    assert inspector.post(f"/inspections/{published.pk}/findings/{named.pk}/edit/", edit).status_code == 302
    refused = inspector.post(f"/inspections/{published.pk}/findings/{other.pk}/edit/", edit)
    assert refused.status_code == 403 and "does not unlock" in _page(refused)

    with django_capture_on_commit_callbacks(execute=True):
        answer = lead.post(
            f"/reports/corrections/{correction.pk}/publish/",
            {"change_note": "Neighbourhood teams cover most wards, not every ward"},
        )
    # Queued as a job, which runs inside the request under the test settings (tests/jobs run the worker).
    job = Job.objects.get(kind="report.publish_correction")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "succeeded" and job.result_url == "/published/hmic-2007/west-midlands/"
    first, second = PublishedReport.objects.filter(inspection=published).order_by("version")
    assert second.version == 2 and first.superseded_by == second

    old = _page(public.get("/published/hmic-2007/west-midlands/v1/"))
    assert "This version has been superseded" in old
    assert "by version 2, which corrected it: Neighbourhood teams cover most wards, not every ward" in old
    assert f"superseded on {second.published_at:%-d %B %Y}" in old
    assert 'href="/published/hmic-2007/west-midlands/v2/"' in old
    latest = _page(public.get("/published/hmic-2007/west-midlands/"))
    assert "superseded" not in latest and "Neighbourhood teams are in most wards." in latest
    versions = _page(public.get("/published/hmic-2007/west-midlands/versions/"))
    assert 'data-testid="superseded-1"' in versions and 'data-testid="superseded-2"' not in versions
    # The old PDF is served byte for byte as published, and says in its headers what replaced it.
    pdf = public.get("/published/hmic-2007/west-midlands/v1.pdf")
    assert hashlib.sha256(pdf.content).hexdigest() == first.pdf_sha256
    assert 'rel="latest-version"' in pdf["Link"] and "/published/hmic-2007/west-midlands/v2/" in pdf["Link"]
    assert "Link" not in public.get("/published/hmic-2007/west-midlands/v2.pdf")
    # The inspection's page lists the correction as published; a new one can be opened again.
    detail = _page(lead.get(f"/inspections/{published.pk}/"))
    assert "published as a new version (version 2)" in detail and 'data-testid="correct-report"' in detail


def test_it_refuses_to_publish_a_correction_that_is_not_ready(published, client_for, inspector) -> None:
    lead = client_for("lead")
    lead.post(
        f"/inspections/{published.pk}/corrections/new/",
        {"reason": "CA graded too low", "unlocks": ["grade:CA"]},
    )
    correction = Correction.objects.get()
    services.award_grade(inspector, published, "CA", "good", "The audit was misread")
    status = _page(lead.get(f"/inspections/{published.pk}/corrections/{correction.pk}/"))
    assert "awaits approval" in status and "disabled" in status
    answer = lead.post(f"/reports/corrections/{correction.pk}/publish/", {"change_note": "CA is Good"})
    assert answer.status_code == 409 and "awaits approval" in _page(answer)
    assert PublishedReport.objects.filter(inspection=published).count() == 1


def test_it_cancels_a_correction_with_a_reason(published, client_for) -> None:
    lead = client_for("lead")
    lead.post(f"/inspections/{published.pk}/corrections/new/", {"reason": "Context", "unlocks": ["context"]})
    correction = Correction.objects.get()
    url = f"/inspections/{published.pk}/corrections/{correction.pk}/cancel/"
    assert lead.post(url, {"note": ""}).status_code == 400
    assert lead.post(url, {"note": "Opened by mistake"}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == "cancelled"
