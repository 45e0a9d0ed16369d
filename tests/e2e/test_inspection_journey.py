"""An inspection from evidence to moderation, in the browser, as the inspection team does it; and the
same steps refused to a force liaison officer of another force, in the browser and through the API,
while the public sees nothing of the draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import Evidence, GradeAward, Inspection
from tests.browser import sign_in
from tests.e2e import steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAIR = [f"CA-F{n:02d}" for n in range(1, 13)]
GOOD = [f"CA-G{n:02d}" for n in range(1, 10)]


def _refused_to_other_force(client: Client, inspection: Inspection) -> None:
    """Force B's liaison officer meets a 404 on every page and API read of force A's draft, and cannot
    change anything through the API."""
    pages = [
        reverse("inspections:detail", args=[inspection.pk]),
        reverse("inspections:evidence", args=[inspection.pk]),
        reverse("inspections:judgements", args=[inspection.pk, "CA"]),
        reverse("inspections:grade", args=[inspection.pk, "CA"]),
        reverse("inspections:history", args=[inspection.pk]),
        f"/api/inspections/{inspection.pk}",
        f"/api/inspections/{inspection.pk}/evidence",
        f"/api/inspections/{inspection.pk}/judgements",
        f"/api/inspections/{inspection.pk}/awards",
        f"/api/inspections/{inspection.pk}/frameworks/CA/proposal",
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    answer = client.put(
        f"/api/inspections/{inspection.pk}/judgements/CA-F01",
        data={"value": "not_met"},
        content_type="application/json",
    )
    assert answer.status_code in (403, 404), answer.content


def _public_sees_nothing(inspection: Inspection) -> None:
    public = Client()
    assert public.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 302
    assert public.get(f"/api/inspections/{inspection.pk}").status_code == 404
    home = public.get("/").content.decode()
    assert inspection.title not in home


def test_it_takes_an_inspection_from_evidence_to_moderation(
    open_page: Any, inspection: Inspection, make_persona: Any
) -> None:
    other_force = Client()
    other_force.force_login(make_persona("force_b"))
    _refused_to_other_force(other_force, inspection)
    _public_sees_nothing(inspection)

    page = open_page()
    sign_in(page, make_persona("inspector").username)

    # Evidence: a case-file audit bearing on every child abuse criterion.
    page.goto(reverse("inspections:evidence_add", args=[inspection.pk]))
    page.get_by_label("Title").fill("Audit of 40 child protection case files")
    page.get_by_label("Case file audit").check()
    page.get_by_label("What the evidence says").fill("Strategy discussions were held promptly in 38 of 40.")
    page.get_by_label("Date collected").fill("2007-06-12")
    page.get_by_label("Effective date", exact=False).first.fill("2007-05-31")
    for code in FAIR + GOOD:
        page.locator(f"input[type=checkbox][value='{code}']").check()
    page.get_by_role("button", name="Record the evidence").click()
    page.wait_for_selector("[data-testid=evidence-summary]")
    assert "OFFICIAL-SENSITIVE" in page.content()  # child abuse evidence is sensitive by default
    _refused_to_other_force(other_force, inspection)

    # Verify it.
    page.get_by_label("Verified: I checked the original or tested it in practice").check()
    page.locator("[data-testid=verification-form] textarea[name=note]").fill("Read the 40 files myself.")
    page.locator("[data-testid=verification-form]").get_by_role("button", name="Record").click()
    page.wait_for_selector("[data-testid=verification-history] tbody tr")

    # Judge: every Fair criterion met and most Good ones, each resting on the audit; the proposal
    # follows each change. Met is refused until the judgement rests on verified evidence.
    audit = Evidence.objects.get(inspection=inspection, title__startswith="Audit of 40").reference
    page.goto(reverse("inspections:judgements", args=[inspection.pk, "CA"]))
    proposal = page.locator("[data-testid=proposed-grade]")
    steps.judge(page, FAIR[0], "met", expect_status=400)
    refused = page.wait_for_selector(f"#criterion-{FAIR[0]} .govuk-error-message")
    assert "among those the judgement rests on" in refused.inner_text()
    steps.rest_on(page, FAIR[0], audit)
    for code in FAIR[1:] + GOOD[:6]:
        steps.rest_on(page, code, audit)
        steps.judge(page, code, "met")
    for code in GOOD[6:]:
        steps.judge(page, code, "not_met")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=proposed-grade]').dataset.grade === 'good'"
    )
    steps.judge(page, "CA-F03", "not_met")  # the dominant criterion: Poor, whatever else
    page.wait_for_function(
        "() => document.querySelector('[data-testid=proposed-grade]').dataset.grade === 'poor'"
    )
    steps.judge(page, "CA-F03", "met")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=proposed-grade]').dataset.grade === 'good'"
    )
    assert proposal.get_attribute("data-grade") == "good"
    _refused_to_other_force(other_force, inspection)

    # Award Fair although Good is proposed: a departure, with its rationale.
    rationale = "Out-of-hours cover depends on goodwill; the Good criteria met are not yet embedded."
    steps.award(page, inspection, "CA", "Fair", rationale)
    award = GradeAward.objects.get(inspection=inspection, framework__code="CA")
    assert (award.proposed_grade, award.grade, award.status) == ("good", "fair", AwardStatus.PENDING)
    assert award.trace and award.rationale.startswith("Out-of-hours")

    # The lead inspector approves the departure, then moves the inspection to moderation.
    lead_page = open_page()
    sign_in(lead_page, make_persona("lead").username)
    lead_page.goto(reverse("inspections:approvals"))
    card = lead_page.locator(f"[data-testid=departure][data-award='{award.pk}']")
    card.get_by_label("Approve the departure").check()
    card.get_by_role("button", name="Record the decision").click()
    lead_page.wait_for_selector("[data-testid=no-departures]")
    award.refresh_from_db()
    assert award.status == AwardStatus.APPROVED
    assert award.decided_by == make_persona("lead")

    lead_page.goto(reverse("inspections:detail", args=[inspection.pk]))
    lead_page.locator("[data-testid=move-form]").get_by_role("button").click()
    lead_page.wait_for_selector("[data-testid=workflow]")
    inspection.refresh_from_db()
    assert inspection.stage == Stage.MODERATION

    _refused_to_other_force(other_force, inspection)
    _public_sees_nothing(inspection)
