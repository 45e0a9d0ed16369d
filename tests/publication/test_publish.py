"""Publishing freezes the report as files with their hashes; a correction is a new version; the
refusals (not the lead, a demonstration, too few practice examples) leave nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.services.errors import Blocked, Invalid, NotAllowed
from inspectorate.reports import publication
from inspectorate.reports.models import FrozenReport, PublishedReport

# The PDF is typeset for real in test_freeze.py; here a stand-in keeps the suite quick.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]


def test_it_never_changes_a_published_version(signed_off, with_practice, publish_now, lead) -> None:
    inspection = signed_off()
    with_practice(inspection)
    report = publish_now(lead, inspection)
    report.change_note = "quietly edited"
    with pytest.raises(FrozenReport):
        report.save()


def test_it_publishes_a_correction_as_a_new_version_and_marks_the_old_one(
    signed_off, with_practice, publish_now, correct_now, lead, client
) -> None:
    inspection = signed_off()
    with_practice(inspection)
    first = publish_now(lead, inspection)

    with pytest.raises(Invalid) as refused:
        publication.correct(lead, first, "  ")
    assert "change_note" in refused.value.errors

    second = correct_now(lead, first, "Corrected the date of the force's child abuse review")

    first.refresh_from_db()
    assert second.version == 2
    assert first.superseded_by == second
    assert second.change_note == "Corrected the date of the force's child abuse review"
    assert Path(second.path("pdf")).is_file() and Path(first.path("pdf")).is_file()
    # The old version stays readable and says it is superseded, with a link to the latest.
    old = client.get("/published/hmic-2007/west-midlands/v1/")
    assert old.status_code == 200
    page = old.content.decode()
    assert "This version has been superseded" in page
    assert 'href="/published/hmic-2007/west-midlands/v2/"' in page
    latest = client.get("/published/hmic-2007/west-midlands/").content.decode()
    assert "superseded" not in latest and "Version 2" in latest
    # Only the latest version can be corrected again.
    with pytest.raises(NotAllowed, match="correct the latest version"):
        publication.correct(lead, first, "Another fix")


def test_it_lets_only_the_lead_inspector_publish(signed_off, with_practice, make_persona) -> None:
    inspection = signed_off()
    with_practice(inspection)
    for persona in ("inspector", "moderator", "force_a", "admin", "public"):
        with pytest.raises(NotAllowed, match="lead inspector"):
            publication.publish(make_persona(persona), inspection)
    assert not PublishedReport.objects.exists()


def test_it_publishes_only_from_the_factual_accuracy_check(
    pack_2007, make_persona, with_practice, lead
) -> None:
    from inspectorate.forces.models import Force
    from inspectorate.inspections import services

    drafting = services.create_inspection(
        lead, force=Force.objects.get(code="durham"), programme=pack_2007, frameworks=["NP"], lead=lead
    )
    with pytest.raises(Blocked, match="factual accuracy check"):
        publication.publish(lead, drafting, confirm_few_practice_reason="None submitted")
    drafting.refresh_from_db()
    assert drafting.stage == Stage.PLANNED


def test_it_refuses_a_demonstration(signed_off, with_practice, lead, settings) -> None:
    inspection = signed_off(is_demonstration=True)
    with_practice(inspection)
    with pytest.raises(NotAllowed, match="demonstration"):
        publication.publish(lead, inspection, confirm_few_practice_reason="irrelevant")
    inspection.refresh_from_db()
    assert inspection.stage == Stage.FACTUAL_ACCURACY
    assert not PublishedReport.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "published" / "west-midlands").exists()


def test_it_needs_a_reason_to_publish_with_fewer_than_three_practice_examples(
    signed_off, with_practice, publish_now, lead
) -> None:
    inspection = signed_off()
    with_practice(inspection, 2)

    with pytest.raises(Blocked) as blocked:
        publication.publish(lead, inspection)
    assert any("2 developing-practice examples are selected" in b for b in blocked.value.blockers)
    inspection.refresh_from_db()
    assert inspection.stage == Stage.FACTUAL_ACCURACY

    report = publish_now(lead, inspection, confirm_few_practice_reason="The force submitted only two")
    assert report.few_practice_reason == "The force submitted only two"
    event = AuditEvent.objects.get(action="report.published")
    assert "The force submitted only two" in event.note


def test_it_does_not_keep_the_reason_when_three_examples_are_selected(
    signed_off, with_practice, publish_now, lead
) -> None:
    inspection = signed_off()
    with_practice(inspection, 3)
    report = publish_now(lead, inspection, confirm_few_practice_reason="not needed")
    assert report.few_practice_reason == ""


def test_it_records_audit_events_for_publication_and_correction(
    signed_off, with_practice, publish_now, correct_now, lead
) -> None:
    inspection = signed_off()
    with_practice(inspection)
    first = publish_now(lead, inspection, note="Signed off")
    second = correct_now(lead, first, "Fixed a typing error")

    published = AuditEvent.objects.get(action="report.published")
    assert published.actor == lead and published.object_id == str(first.pk)
    assert published.after["pdf_sha256"] == first.pdf_sha256
    corrected = AuditEvent.objects.get(action="report.corrected")
    assert corrected.object_id == str(second.pk) and corrected.note == "Fixed a typing error"
    assert corrected.before == {"version": 1, "pk": first.pk}
    assert AuditEvent.objects.filter(action="inspection.stage_changed", after__stage="published").exists()


def test_it_leaves_nothing_behind_when_publication_fails(
    signed_off, with_practice, lead, monkeypatch: Any, settings
) -> None:
    inspection = signed_off()
    with_practice(inspection)

    class BrokenAudit:
        # Fails at the last step, after the files are staged and the version row is written.
        snapshot = staticmethod(publication.audit.snapshot)

        @staticmethod
        def record(*args: Any, **kwargs: Any) -> None:
            raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(publication, "audit", BrokenAudit)
    with pytest.raises(RuntimeError):
        publication.publish(lead, inspection)

    inspection.refresh_from_db()
    assert inspection.stage == Stage.FACTUAL_ACCURACY
    assert not PublishedReport.objects.exists()
    published = Path(settings.MEDIA_ROOT) / "published"
    assert not (published / "west-midlands").exists()
    assert list((published / ".staging").iterdir()) == []


def test_it_refuses_a_second_publication_of_the_same_force_and_programme(
    signed_off, with_practice, publish_now, lead
) -> None:
    inspection = signed_off()
    with_practice(inspection)
    publish_now(lead, inspection)
    with pytest.raises(NotAllowed, match="already published"):
        publication.publish(lead, inspection)
