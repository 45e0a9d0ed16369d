"""Publishing from the inspection page: the lead inspector's button, its blockers, and the result."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.inspections.choices import Stage
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
    inspection.refresh_from_db()
    assert inspection.stage == Stage.FACTUAL_ACCURACY
    assert not PublishedReport.objects.exists()


def test_it_publishes_with_a_reason_for_few_examples_and_shows_the_report(
    signed_off: Any, lead: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = signed_off()

    with django_capture_on_commit_callbacks(execute=True):
        answer = _as(lead).post(
            reverse("reports:publish", args=[inspection.pk]),
            {"note": "Signed off", "few_practice_reason": "The force submitted none that qualify"},
        )

    published = PublishedReport.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("published:latest", args=["hmic-2007", "west-midlands"])
    assert published.version == 1 and published.inspection == inspection
    assert Client().get(answer["Location"]).status_code == 200


def test_it_refuses_anyone_but_the_lead(signed_off: Any, inspector: Any) -> None:
    inspection = signed_off()

    answer = _as(inspector).post(
        reverse("reports:publish", args=[inspection.pk]), {"few_practice_reason": "none"}
    )

    assert answer.status_code == 403
    assert not PublishedReport.objects.exists()
