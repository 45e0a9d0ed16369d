"""Two people editing the same record through the pages, each in their own session: the second to save
gets 409 with the first one's change beside their own, and can then save over it on purpose."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.models import CriterionJudgement, Evidence, Finding, GradeAward

from .pages import HTMX, by_testid, page, parsed

pytestmark = pytest.mark.django_db


def _version_in_row(document: Any, code: str) -> str:
    row = document.find("tr", id=f"criterion-{code}")
    return next(n for n in row.iter() if n.tag == "input" and n.get("name") == "version").get("value")


def _post_judgement(client: Any, world: SimpleNamespace, version: str, value: str, comment: str) -> Any:
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F02"])
    return client.post(url, {"value": value, "comment": comment, "version": version}, **HTMX)


def _judgement(world: SimpleNamespace) -> CriterionJudgement:
    return CriterionJudgement.objects.get(inspection=world.inspection, criterion__code="CA-F02")


def test_it_shows_the_second_inspector_the_first_ones_judgement_and_lets_them_save_over_it(
    world: SimpleNamespace, client_for: Any
) -> None:
    inspector, lead = client_for("inspector"), client_for("lead")
    grid = reverse("inspections:judgements", args=[world.inspection.pk, "CA"])
    seen_by_inspector = _version_in_row(page(inspector, grid), "CA-F02")
    seen_by_lead = _version_in_row(page(lead, grid), "CA-F02")
    assert seen_by_inspector == seen_by_lead == "1"

    first = _post_judgement(lead, world, seen_by_lead, "not_met", "No audit of referrals")
    assert first.status_code == 200
    events = AuditEvent.objects.count()

    second = _post_judgement(inspector, world, seen_by_inspector, "na", "Not relevant here")

    assert second.status_code == 409
    fragment = parsed(second)
    clash = by_testid(fragment, "row-conflict")
    assert "leonard.lead" in clash.text
    assert "No audit of referrals" in by_testid(fragment, "row-conflict-theirs").text
    assert "Not relevant here" in by_testid(fragment, "row-conflict-yours").text
    assert (_judgement(world).value, _judgement(world).comment) == ("not_met", "No audit of referrals")
    assert AuditEvent.objects.count() == events
    # The row now carries the lead's version, so saving it again is a deliberate save over theirs.
    assert _version_in_row(fragment, "CA-F02") == "2"

    again = _post_judgement(inspector, world, _version_in_row(fragment, "CA-F02"), "na", "Not relevant here")

    assert again.status_code == 200
    assert not parsed(again).find_all(data_testid="row-conflict")
    judgement = _judgement(world)
    assert (judgement.value, judgement.comment, judgement.version) == ("na", "Not relevant here", 3)
    assert judgement.judged_by.username == "isla.inspector"


def test_it_answers_a_plain_post_over_a_newer_judgement_with_the_conflict_page(
    world: SimpleNamespace, client_for: Any
) -> None:
    services.record_judgement(world.make_persona("lead"), world.inspection, "CA-F02", "not_met")
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F02"])

    response = client_for("inspector").post(url, {"value": "na", "comment": "Mine", "version": "1"})

    assert response.status_code == 409
    document = parsed(response)
    assert "leonard.lead" in by_testid(document, "conflict-summary").text
    assert "Not met" in by_testid(document, "conflict-theirs").text or "not_met" in (
        by_testid(document, "conflict-theirs").text
    )
    assert "Mine" in by_testid(document, "conflict-yours").text
    resubmit = by_testid(document, "conflict-resubmit")
    fields = {n.get("name"): n.get("value") for n in resubmit.iter() if n.tag == "input"}
    assert fields["version"] == "2" and fields["value"] == "na" and fields["comment"] == "Mine"
    assert by_testid(document, "conflict-keep").get("href").endswith("#criterion-CA-F02")


def test_it_refuses_a_first_judgement_recorded_by_someone_else_meanwhile(
    world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F03"])
    lead, inspector = client_for("lead"), client_for("inspector")

    assert lead.post(url, {"value": "partly", "comment": "", "version": "0"}, **HTMX).status_code == 200
    response = inspector.post(url, {"value": "not_met", "comment": "", "version": "0"}, **HTMX)

    assert response.status_code == 409
    value = CriterionJudgement.objects.get(inspection=world.inspection, criterion__code="CA-F03").value
    assert value == "partly"


def test_it_refuses_a_finding_edit_over_a_newer_one(world: SimpleNamespace, client_for: Any) -> None:
    finding = world.finding
    url = reverse("inspections:finding_edit", args=[world.inspection.pk, finding.pk])
    form = page(client_for("inspector"), url).find(data_testid="finding-form")
    version = next(n for n in form.iter() if n.get("name") == "version").get("value")
    services.edit_finding(world.make_persona("lead"), finding, text="Strategy discussions are prompt.")

    response = client_for("inspector").post(
        url, {"kind": finding.kind, "text": "Prompt, well-recorded strategy discussions.", "version": version}
    )

    assert response.status_code == 409
    document = parsed(response)
    assert "Strategy discussions are prompt." in by_testid(document, "conflict-theirs").text
    assert "well-recorded" in by_testid(document, "conflict-yours").text
    assert Finding.objects.get(pk=finding.pk).text == "Strategy discussions are prompt."

    saved = client_for("inspector").post(
        url, {"kind": finding.kind, "text": "Prompt, well-recorded strategy discussions.", "version": "2"}
    )
    assert saved.status_code == 302
    assert Finding.objects.get(pk=finding.pk).text == "Prompt, well-recorded strategy discussions."


def test_it_neither_deletes_nor_moves_a_finding_changed_meanwhile(
    world: SimpleNamespace, client_for: Any
) -> None:
    finding = world.finding
    services.edit_finding(world.make_persona("lead"), finding, text="Changed by the lead.")
    client = client_for("inspector")

    deleting = client.post(
        reverse("inspections:finding_delete", args=[world.inspection.pk, finding.pk]), {"version": "1"}
    )
    moving = client.post(
        reverse("inspections:finding_move", args=[world.inspection.pk, finding.pk]),
        {"direction": "up", "version": "1"},
        **HTMX,
    )

    assert deleting.status_code == 409 and moving.status_code == 409
    assert "leonard.lead after you opened it: it is not moved" in parsed(moving).text
    assert Finding.objects.get(pk=finding.pk).position == 1


def test_it_refuses_evidence_changes_over_a_newer_version(world: SimpleNamespace, client_for: Any) -> None:
    item = world.sensitive_evidence
    services.update_evidence(world.make_persona("lead"), item, title="Victim interview (revised)")
    client = client_for("inspector")
    detail = [world.inspection.pk, item.pk]

    verifying = client.post(
        reverse("inspections:evidence_verification", args=detail),
        {"move": "verify", "note": "Heard the recording", "version": "1"},
    )
    linking = client.post(
        reverse("inspections:evidence_criteria", args=detail), {"criteria": ["CA-F03"], "version": "1"}
    )

    assert verifying.status_code == 409 and linking.status_code == 409
    assert "Victim interview (revised)" in by_testid(parsed(verifying), "conflict-theirs").text
    stored = Evidence.objects.get(pk=item.pk)
    assert (stored.verification, stored.version) == ("unverified", 2)
    assert sorted(stored.criteria.values_list("code", flat=True)) == ["CA-F02"]


def test_it_refuses_an_award_over_a_newer_award(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:grade", args=[world.inspection.pk, "CA"])
    form = page(client_for("inspector"), url).find(data_testid="award-form")
    version = next(n for n in form.iter() if n.get("name") == "version").get("value")
    assert version == str(world.award.version)
    newer = services.award_grade(world.make_persona("lead"), world.inspection, "CA", "good", "Reconsidered")

    response = client_for("inspector").post(url, {"grade": "poor", "rationale": "Weak", "version": version})

    assert response.status_code == 409
    assert "leonard.lead" in by_testid(parsed(response), "conflict-summary").text
    assert services.current_award(world.inspection, newer.framework).pk == newer.pk
    assert GradeAward.objects.filter(inspection=world.inspection, grade="poor").count() == 0


def test_it_gives_refused_personas_no_working_in_place_of_a_conflict(
    world: SimpleNamespace, client_for: Any
) -> None:
    services.record_judgement(world.make_persona("lead"), world.inspection, "CA-F02", "not_met", comment="Z9")
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F02"])

    for persona in ("moderator", "analyst", "force_a", "force_b"):
        response = client_for(persona).post(url, {"value": "na", "comment": "", "version": "1"}, **HTMX)
        assert response.status_code in (403, 404), persona
        assert b"row-conflict" not in response.content and b"leonard.lead" not in response.content, persona
        if persona != "moderator":  # a moderator may read the working at drafting, not change it
            assert b"Z9" not in response.content and b"CA-F02" not in response.content, persona
