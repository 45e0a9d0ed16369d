""" "Load the data now" on the monitoring page: a job that ingests the shipped police.uk data (as
`monitor load-shipped` does) and recomputes the flags, for analysts and administrators only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.jobs.models import Job
from inspectorate.monitoring.models import IngestRun, Observation
from tests.monitoring.test_ingest import _street

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_shared(settings: Any, tmp_path: Path) -> Path:
    """A shared folder holding only two months of Durham's street files, a few rows each."""
    durham = tmp_path / "shared" / "data" / "policeuk" / "durham-2025"
    for month in ("2025-01", "2025-02"):
        _street(durham, month, rows=30)
    settings.SHARED_DIR = tmp_path / "shared"
    return durham


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_offers_the_button_to_analysts_only(monitoring_ready: None, make_persona: Any) -> None:
    page = _as(make_persona("analyst")).get(reverse("monitoring:index")).content.decode()
    assert 'data-testid="load-now-form"' in page
    page = _as(make_persona("inspector")).get(reverse("monitoring:index")).content.decode()
    assert 'data-testid="load-now-form"' not in page


def test_it_loads_the_shipped_data_in_a_job_and_says_what_was_missing(
    monitoring_ready: None, small_shared: Path, make_persona: Any
) -> None:
    analyst = make_persona("analyst")

    answer = _as(analyst).post(reverse("monitoring:load"))

    job = Job.objects.get()
    assert answer["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded", job.error
    assert job.result_data["sources"] == 1 and job.result_data["observations"] > 0
    assert set(job.result_data["missing"]) == {"national-2025", "city-of-london", "met-monthly-2023-2025"}
    assert "Not found: national-2025" in job.message
    assert Observation.objects.filter(unit__code="durham").exists()
    assert IngestRun.objects.get().actor == analyst


def test_it_fails_in_words_when_no_data_is_shipped(
    monitoring_ready: None, settings: Any, tmp_path: Path, make_persona: Any
) -> None:
    settings.SHARED_DIR = tmp_path / "nothing-here"

    _as(make_persona("admin")).post(reverse("monitoring:load"))

    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error == "No police.uk data was found in the shared folder; nothing was loaded."


def test_it_refuses_other_staff_and_queues_nothing(monitoring_ready: None, make_persona: Any) -> None:
    answer = _as(make_persona("lead")).post(reverse("monitoring:load"))

    assert answer.status_code == 403 and not Job.objects.exists()
