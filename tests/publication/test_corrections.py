"""Corrections after publication (METHODOLOGY §7): the lead reopens a published inspection with a
reason, naming what may change; only that changes; a reopened grade goes through approval and
moderation again; publishing the correction makes the next version and closes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import CorrectionStatus, FindingKind, ModerationOutcome
from inspectorate.inspections.models import Correction, Finding, Inspection
from inspectorate.inspections.services import corrections
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.practice import services as practice
from inspectorate.practice.models import PracticeExample
from inspectorate.reports import publication, published_data
from inspectorate.reports.models import PublishedReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]


@pytest.fixture
def published(signed_off, with_practice, publish_now, lead, inspector) -> Inspection:
    """West Midlands with NP and CA graded, two NP strengths and one CA area, published as version 1."""
    inspection = signed_off()
    with_practice(inspection)
    for kind, code, text in [
        (FindingKind.STRENGTH, "NP", "Neighbourhood teams are in every ward."),
        (FindingKind.STRENGTH, "NP", "Ward panels set the priorities."),
        (FindingKind.AREA_FOR_IMPROVEMENT, "CA", "Case files are not reviewed."),
    ]:
        services.add_finding(inspector, inspection, kind=kind, text=text, framework=code)
    publish_now(lead, inspection)
    inspection.refresh_from_db()
    return inspection


@pytest.fixture
def publish_correction_now(django_capture_on_commit_callbacks: Any) -> Callable[..., PublishedReport]:
    def run(actor: Any, correction: Correction, change_note: str | None = None) -> PublishedReport:
        with django_capture_on_commit_callbacks(execute=True):
            return publication.publish_correction(actor, correction, change_note)

    return run


def _finding(inspection: Inspection, text: str) -> Finding:
    return Finding.objects.get(inspection=inspection, text__startswith=text)


def test_it_lets_only_the_lead_or_an_administrator_open_a_correction(published, make_persona) -> None:
    for name in ("inspector", "moderator", "analyst", "force_a", "force_b", "public"):
        with pytest.raises(NotAllowed, match="lead inspector"):
            corrections.open_correction(make_persona(name), published, "A wrong date", ["context"])
    assert not Correction.objects.exists()
    opened = corrections.open_correction(make_persona("admin"), published, "A wrong date", ["context"])
    assert opened.is_open and opened.corrects_version == 1


def test_it_corrects_only_a_published_report(signed_off, lead) -> None:
    inspection = signed_off()
    with pytest.raises(NotAllowed, match="only a published report is corrected"):
        corrections.open_correction(lead, inspection, "A wrong date", ["context"])


def test_it_needs_a_reason_and_something_it_can_unlock(published, lead) -> None:
    with pytest.raises(Invalid) as refused:
        corrections.open_correction(lead, published, "  ", [])
    assert set(refused.value.errors) == {"reason", "unlocks"}
    with pytest.raises(Invalid) as refused:
        corrections.open_correction(
            lead, published, "A wrong grade", ["grade:DV", "finding:999999", "colour"]
        )
    message = refused.value.errors["unlocks"]
    assert "grade:DV" in message and "finding:999999" in message and "colour" in message
    assert not Correction.objects.exists()
    assert not AuditEvent.objects.filter(action="correction.opened").exists()


def test_it_keeps_one_correction_open_at_a_time(published, lead) -> None:
    first = corrections.open_correction(lead, published, "A wrong date", ["context"])
    with pytest.raises(Blocked, match="already open"):
        corrections.open_correction(lead, published, "Another", ["practice"])
    # The database holds the rule too, whichever way a row is written.
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(inspection=published, reason="x", corrects_version=1, opened_by=lead)
    corrections.cancel_correction(lead, first, "Opened by mistake")
    assert corrections.open_correction(lead, published, "Another", ["practice"]).is_open


def test_it_unlocks_a_named_finding_and_not_another(published, lead, inspector) -> None:
    named = _finding(published, "Neighbourhood teams")
    other = _finding(published, "Ward panels")
    corrections.open_correction(lead, published, "A strength overstated", [f"finding:{named.pk}"])

    services.edit_finding(inspector, named, text="Neighbourhood teams are in most wards.")
    with pytest.raises(NotAllowed) as refused:
        services.edit_finding(inspector, other, text="Changed")
    assert "does not unlock the finding “Ward panels set the priorities.”" in refused.value.reason
    assert "it unlocks only: Finding under NP" in refused.value.reason
    # A new finding needs the framework's findings unlocked, not just one of them.
    with pytest.raises(NotAllowed, match="findings of NP"):
        services.add_finding(inspector, published, kind=FindingKind.STRENGTH, text="New", framework="NP")
    other.refresh_from_db()
    assert other.text == "Ward panels set the priorities."
    assert _finding(published, "Neighbourhood").text == "Neighbourhood teams are in most wards."


def test_it_keeps_every_part_the_correction_does_not_name_locked(published, lead, inspector) -> None:
    corrections.open_correction(lead, published, "CA findings", ["findings:CA"])
    services.add_finding(
        inspector, published, kind=FindingKind.STRENGTH, text="Case reviews began in 2007.", framework="CA"
    )
    services.edit_finding(
        inspector, _finding(published, "Case files"), text="Case files are rarely reviewed."
    )
    refusals = [
        lambda: services.edit_finding(inspector, _finding(published, "Ward panels"), text="x"),
        lambda: services.award_grade(inspector, published, "CA", "good", "Better than we said"),
        lambda: services.record_judgement(inspector, published, "NP-F01", "not_met"),
        lambda: services.set_condition(inspector, published, "NP", "beacon", present=False),
        lambda: services.set_context(inspector, published, context={"geography": "Changed"}),
    ]
    for refusal in refusals:
        with pytest.raises(NotAllowed, match="it unlocks only: Findings of CA"):
            refusal()
    example = PracticeExample.objects.filter(selected_for=published).first()
    with pytest.raises(NotAllowed, match="does not unlock the developing-practice selection"):
        practice.decline(lead, example, published, "Not transferable after all")


def test_it_refuses_every_change_once_the_correction_is_cancelled(published, lead, inspector) -> None:
    correction = corrections.open_correction(lead, published, "Context", ["context"])
    services.set_context(inspector, published, context={"geography": "A corrected geography."})
    with pytest.raises(Invalid) as refused:
        corrections.cancel_correction(lead, correction, "")
    assert "note" in refused.value.errors
    corrections.cancel_correction(lead, correction, "Will wait for the force's figures")
    with pytest.raises(NotAllowed, match="the report is published; a correction is a new version"):
        services.set_context(inspector, published, context={"geography": "Again"})
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.CANCELLED and correction.closed_by == lead
    with pytest.raises(NotAllowed, match="no longer open"):
        publication.publish_correction(lead, correction)


def test_it_regrades_through_approval_and_moderation_before_republishing(
    published, lead, inspector, make_persona, publish_correction_now
) -> None:
    correction = corrections.open_correction(lead, published, "CA was graded too low", ["grade:CA"])
    award = services.award_grade(inspector, published, "CA", "good", "The case file audit was misread")

    with pytest.raises(Blocked) as blocked:
        publication.publish_correction(lead, correction)
    assert any("awaits approval" in b for b in blocked.value.blockers)
    assert award in services.approval_queue(lead)

    services.decide_departure(lead, award, True, "Agreed")
    with pytest.raises(Blocked) as blocked:
        publication.publish_correction(lead, correction)
    # A grade awarded again is moderated again; NP, not reopened, does not come into it.
    assert blocked.value.blockers == ["CA Child abuse: the award of Good has no moderator's agreement yet"]

    moderator = make_persona("moderator")
    # Moderation reopens for the grade the correction names, not for the others.
    np_award = services.current_award(published, published.frameworks.get(code="NP"))
    assert np_award is not None
    with pytest.raises(NotAllowed, match="moderation is over"):
        services.record_moderation(moderator, np_award, ModerationOutcome.AGREED)
    services.record_moderation(moderator, award, ModerationOutcome.AGREED)
    second = publish_correction_now(lead, correction)

    correction.refresh_from_db()
    first = PublishedReport.objects.get(inspection=published, version=1)
    assert second.version == 2 and second.change_note == "CA was graded too low"
    assert first.superseded_by == second
    assert correction.status == CorrectionStatus.PUBLISHED and correction.published_version == 2
    # The new version prints the new grade; the old one keeps the grade it was published with.
    assert re.search(r'"grade":\s*"good"', second.report_json)
    assert not re.search(r'"grade":\s*"good"', first.report_json)
    # The national figures and open data read the newest version.
    ca = [r for r in published_data.grade_rows("hmic-2007") if r.framework_code == "CA"]
    assert [(r.grade_code, r.report_version) for r in ca] == [("good", 2)]
    actions = list(
        AuditEvent.objects.filter(action__startswith="correction.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["correction.opened", "correction.published"]
    assert AuditEvent.objects.filter(action="report.corrected").count() == 1
    # Closed: the grade is locked again.
    with pytest.raises(NotAllowed, match="the report is published"):
        services.award_grade(inspector, published, "CA", "fair", "Back again")


def test_it_reopens_the_judgements_and_asks_for_moderation_again(
    published, lead, inspector, make_persona, publish_correction_now
) -> None:
    correction = corrections.open_correction(lead, published, "A criterion misjudged", ["judgements:CA"])
    assert [item.token for item in correction.items.all()] == ["judgements:CA", "grade:CA"]
    # The moderator's agreement no longer locks the judgements the correction reopened.
    services.record_judgement(inspector, published, "CA-F03", "not_met")
    with pytest.raises(NotAllowed, match="does not unlock the criterion judgements of NP"):
        services.record_judgement(inspector, published, "NP-F01", "not_met")

    blockers = publication.correction_blockers(correction)
    assert blockers == [
        "CA Child abuse: the judgements changed after the moderator agreed the award of Fair; "
        "a moderator must agree it again"
    ]
    award = services.current_award(published, published.frameworks.get(code="CA"))
    assert award is not None
    services.record_moderation(make_persona("moderator"), award, ModerationOutcome.AGREED)
    assert publication.correction_blockers(correction) == []
    assert publish_correction_now(lead, correction, "CA-F03 judged not met").version == 2


def test_it_needs_a_change_note_to_publish(published, lead, inspector) -> None:
    correction = corrections.open_correction(lead, published, "Context", ["context"])
    with pytest.raises(Invalid) as refused:
        publication.publish_correction(lead, correction, "  ")
    assert "change_note" in refused.value.errors
    with pytest.raises(NotAllowed, match="lead inspector"):
        publication.publish_correction(inspector, correction)
    assert PublishedReport.objects.filter(inspection=published).count() == 1
