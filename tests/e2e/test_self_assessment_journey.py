"""The inspected force submits its self-assessment with a file in the browser, during fieldwork, from
its dashboard; the team then finds it in the register, marked as the force's submission."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import SourceType, Stage
from inspectorate.inspections.models import Evidence, EvidenceFile
from tests.browser import sign_in
from tests.e2e import steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_self_assessment_with_a_file_from_the_force(
    open_page: Any, pack_2007: Any, make_persona: Any, tmp_path: Path
) -> None:
    lead = make_persona("lead")
    planned = services.create_inspection(
        lead,
        force=Force.objects.get(code="west-midlands"),
        programme=pack_2007,
        frameworks=["CA"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )
    inspection = services.move(lead, planned, Stage.FIELDWORK)
    upload = tmp_path / "referral-audit.csv"
    upload.write_bytes(b"month,referrals\n2007-01,41\n2007-02,38\n")

    page = open_page()
    page.set_default_timeout(30_000)  # the first pages compile their templates; a busy machine is slow
    sign_in(page, make_persona("force_a").username)
    steps.submit_self_assessment(
        page,
        title="Referral audit, January and February 2007",
        summary="Every referral was screened on the day it arrived.",
        describes="2007-02-28",
        upload=upload,
    )
    assert "referral-audit.csv" in page.locator("[data-testid=submissions]").inner_text()

    item = Evidence.objects.get(inspection=inspection)
    assert item.source_type == SourceType.FORCE_SELF_ASSESSMENT
    assert item.submitted_by == make_persona("force_a")
    assert EvidenceFile.objects.get(evidence=item).media_type == "text/csv"

    team = Client()
    team.force_login(make_persona("inspector"))
    register = team.get(reverse("inspections:evidence", args=[inspection.pk])).content.decode()
    assert register.count('data-testid="force-submission"') == 1
