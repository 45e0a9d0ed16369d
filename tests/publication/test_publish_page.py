"""Publishing from the inspection page: the lead inspector's button, its blockers, and the result."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.inspections.choices import Stage
from inspectorate.jobs.models import Job
from inspectorate.reports.models import PublishedReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_offers_the_lead_a_publish_button_at_the_factual_accuracy_check(
    signed_off: Any, lead: Any
) -> None:
    inspection = signed_off()

    page = _as(lead).get(reverse("inspections:detail", args=[inspection.pk])).content.decode()

    assert 'data-testid="publish-form"' in page
    assert reverse("reports:publish", args=[inspection.pk]) in page
    assert 'data-testid="move-form"' not in page


def test_it_lists_what_blocks_publication_and_publishes_nothing(signed_off: Any, lead: Any) -> None:
    inspection = signed_off()

    answer = _as(lead).post(reverse("reports:publish", args=[inspection.pk]), {"note": ""})

    assert answer.status_code == 409
    assert "developing-practice example" in answer.content.decode()
    assert not Job.objects.exists()
    inspection.refresh_from_db()
    assert inspection.stage == Stage.FACTUAL_ACCURACY
    assert not PublishedReport.objects.exists()


def test_it_publishes_in_a_job_with_a_reason_for_few_examples_and_links_the_report(
    signed_off: Any, lead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = signed_off()

    with django_capture_on_commit_callbacks(execute=True):
        answer = _as(lead).post(
            reverse("reports:publish", args=[inspection.pk]),
            {"note": "Signed off", "few_practice_reason": "The force submitted none that qualify"},
        )

    # The request queued the work and sent the lead to its status page; jobs run inside the request
    # under the test settings, so it has finished (tests/jobs run it on a worker).
    published = PublishedReport.objects.get()
    job = Job.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.owner) == ("report.publish", "succeeded", lead)
    assert job.result_url == reverse("published:latest", args=["hmic-2007", "west-midlands"])
    assert published.version == 1 and published.inspection == inspection
    status_page = _as(lead).get(answer["Location"]).content.decode()
    assert job.result_url in status_page and "hx-trigger" not in status_page
    assert Client().get(job.result_url).status_code == 200


def test_it_refuses_anyone_but_the_lead(signed_off: Any, inspector: Any) -> None:
    inspection = signed_off()

    answer = _as(inspector).post(
        reverse("reports:publish", args=[inspection.pk]), {"few_practice_reason": "none"}
    )

    assert answer.status_code == 403
    assert not PublishedReport.objects.exists()
