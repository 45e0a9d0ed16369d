"""The evidence register and an item's page: filters (with and without htmx), recording an item from
the form, markings, the assessment period, verification and the private file."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspectorate.inspections.choices import Marking, SourceType, Verification
from inspectorate.inspections.models import Evidence, EvidenceFile
from tests.permissions.world_inspections import add_item

from .pages import HTMX, by_testid, page, parsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world: SimpleNamespace) -> SimpleNamespace:
    """Two more items: an interview about DV from before the assessment period, and a self-assessment."""
    inspector = world.make_persona("inspector")
    world.old_interview = add_item(
        inspector,
        world.inspection,
        title="Interview with a DV coordinator",
        source_type=SourceType.INTERVIEW,
        effective_date=datetime.date(2005, 11, 1),
        marking=Marking.OFFICIAL,
        frameworks=["DV"],
    )
    world.self_assessment = add_item(
        inspector,
        world.inspection,
        title="Force self-assessment",
        source_type=SourceType.FORCE_SELF_ASSESSMENT,
        marking=Marking.OFFICIAL,
        criteria=["CA-F01"],
    )
    return world


def references(document: Any) -> list[str]:
    table = document.find_all(data_testid="evidence-table")
    return [row.get("data-reference") for row in table[0].find("tbody").find_all("tr")] if table else []


def listed(client: Any, world: SimpleNamespace, query: str = "", **extra: Any) -> Any:
    return page(client, reverse("inspections:evidence", args=[world.inspection.pk]) + query, **extra)


def test_it_narrows_the_register_with_each_filter(register: SimpleNamespace, client_for: Any) -> None:
    client = client_for("inspector")
    everything = ["E001", "E002", "E003", "E004"]
    assert references(listed(client, register)) == everything
    assert references(listed(client, register, "?source_type=interview")) == ["E003"]
    assert references(listed(client, register, "?verification=verified")) == ["E001"]
    assert references(listed(client, register, "?marking=official_sensitive")) == ["E002"]
    assert references(listed(client, register, "?criterion=CA-F01")) == ["E001", "E004"]
    assert references(listed(client, register, "?framework=DV")) == ["E003"]
    assert references(listed(client, register, "?framework=CA&source_type=force_self_assessment")) == ["E004"]
    # A value that is not a choice is ignored, not an error.
    assert references(listed(client, register, "?verification=bogus")) == everything
    counted = by_testid(listed(client, register, "?framework=CA"), "evidence-count").text
    assert counted == "3 of 4 items match the filters."


def test_it_answers_htmx_with_the_table_only(register: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:evidence", args=[register.inspection.pk]) + "?source_type=interview"
    response = client_for("inspector").get(url, **HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    fragment = parsed(response)
    assert not fragment.find_all("html") and not fragment.find_all("form")
    assert references(fragment) == ["E003"]
    # Restoring history asks for the whole page again.
    restored = client_for("inspector").get(url, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert parsed(restored).find_all("html")


def test_it_wires_the_filters_for_htmx_and_for_plain_forms(world: SimpleNamespace, client_for: Any) -> None:
    form = by_testid(listed(client_for("inspector"), world), "evidence-filters")
    url = reverse("inspections:evidence", args=[world.inspection.pk])
    assert (form.get("method"), form.get("action")) == ("get", url)
    assert (form.get("hx-get"), form.get("hx-trigger")) == (url, "change")
    assert (form.get("hx-target"), form.get("hx-push-url")) == ("#evidence-results", "true")
    names = {select.get("name") for select in form.find_all("select")}
    assert names == {
        "source_type",
        "verification",
        "marking",
        "framework",
        "criterion",
        "outside_period",
        "use",
    }


def test_it_marks_sensitive_items_red_and_flags_items_outside_the_period(
    register: SimpleNamespace, client_for: Any
) -> None:
    document = listed(client_for("inspector"), register)
    rows = {row.get("data-reference"): row for row in document.find("tbody").find_all("tr")}
    sensitive = rows["E002"].find(data_testid="marking-tag")
    assert sensitive.text == "OFFICIAL-SENSITIVE" and sensitive.has_class("govuk-tag--red")
    assert not rows["E001"].find(data_testid="marking-tag").has_class("govuk-tag--red")
    assert rows["E003"].find(data_testid="outside-period")
    assert not rows["E001"].find_all(data_testid="outside-period")
    item = page(
        client_for("inspector"),
        reverse("inspections:evidence_detail", args=[register.inspection.pk, register.old_interview.pk]),
    )
    assert "cannot support a judgement" in by_testid(item, "outside-period-warning").text


def test_it_keeps_sensitive_items_from_moderators(world: SimpleNamespace, client_for: Any) -> None:
    assert references(listed(client_for("moderator"), world)) == ["E001"]
    url = reverse("inspections:evidence_detail", args=[world.inspection.pk, world.sensitive_evidence.pk])
    assert client_for("moderator").get(url).status_code == 404


def test_it_records_evidence_from_the_form(world: SimpleNamespace, client_for: Any) -> None:
    inspector = world.make_persona("inspector")
    data = {
        "title": "Case file audit of strategy discussions",
        "source_type": "case_file_audit",
        "summary": "Twenty files; strategy discussions held within a day in eighteen.",
        "collected_by": inspector.pk,
        "collected_on": "2007-06-02",
        "effective_date": "2007-03-01",
        "criteria": ["CA-F03", "CA-F04"],
        "file": SimpleUploadedFile("audit.csv", b"file,days\n1,0\n2,1\n"),
    }
    response = client_for("inspector").post(
        reverse("inspections:evidence_add", args=[world.inspection.pk]), data
    )
    assert response.status_code == 302
    item = Evidence.objects.get(inspection=world.inspection, title=data["title"])
    assert response["Location"] == reverse("inspections:evidence_detail", args=[world.inspection.pk, item.pk])
    assert item.reference == "E003"
    assert sorted(item.criteria.values_list("code", flat=True)) == ["CA-F03", "CA-F04"]
    # Bearing on a PVP framework and given no marking, it is sensitive by default.
    assert item.marking == Marking.OFFICIAL_SENSITIVE
    assert EvidenceFile.objects.get(evidence=item).media_type == "text/csv"


def test_it_shows_the_service_errors_on_the_form(world: SimpleNamespace, client_for: Any) -> None:
    data = {
        "title": "Later notes",
        "source_type": "document",
        "summary": "Notes.",
        "collected_by": world.make_persona("inspector").pk,
        "collected_on": "2999-01-01",
        "effective_date": "2007-03-01",
        "reference": "E001",
    }
    response = client_for("inspector").post(
        reverse("inspections:evidence_add", args=[world.inspection.pk]), data
    )
    assert response.status_code == 400
    document = parsed(response)
    summary = by_testid(document, "error-summary")
    assert "evidence cannot have been collected in the future" in summary.text
    assert "E001 is already used in this inspection" in summary.text
    assert summary.find("a", href="#id_collected_on")
    assert document.find("input", id="id_collected_on").has_class("govuk-input--error")
    assert Evidence.objects.filter(inspection=world.inspection).count() == 2


def test_it_records_verification_and_shows_its_history(register: SimpleNamespace, client_for: Any) -> None:
    client = client_for("inspector")
    url = reverse(
        "inspections:evidence_verification", args=[register.inspection.pk, register.old_interview.pk]
    )
    response = client.post(url, {"move": "corroborate", "corroborating": register.evidence.pk, "note": ""})
    assert response.status_code == 302
    detail = page(
        client,
        reverse("inspections:evidence_detail", args=[register.inspection.pk, register.old_interview.pk]),
    )
    history = by_testid(detail, "verification-history").text
    assert "Unverified → Corroborated" in history and "Corroborated by E001" in history
    assert Evidence.objects.get(pk=register.old_interview.pk).verification == Verification.CORROBORATED

    # A self-assessment is never verified on its own: the service says so on the form.
    url = reverse(
        "inspections:evidence_verification", args=[register.inspection.pk, register.self_assessment.pk]
    )
    refused = client.post(url, {"move": "verify", "note": "Read it"})
    assert refused.status_code == 400
    assert "verified only by an independent check" in by_testid(parsed(refused), "error-summary").text


def test_it_links_and_unlinks_criteria(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:evidence_criteria", args=[world.inspection.pk, world.evidence.pk])
    assert client_for("inspector").post(url, {"criteria": ["CA-F04", "DV-F01"]}).status_code == 302
    assert sorted(world.evidence.criteria.values_list("code", flat=True)) == ["CA-F04", "DV-F01"]


def test_it_serves_the_file_as_a_private_attachment(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:evidence_file", args=[world.inspection.pk, world.evidence.pk])
    response = client_for("inspector").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="referrals.csv"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"month,referrals\n2007-01,41\n"
    assert client_for("moderator").get(url).status_code == 403
    no_file = reverse("inspections:evidence_file", args=[world.inspection.pk, world.sensitive_evidence.pk])
    assert client_for("inspector").get(no_file).status_code == 404


def minutes(world: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    """The evidence form filled in for the minutes of a tasking meeting."""
    return {
        "title": "Tasking minutes",
        "source_type": "document",
        "summary": "Minutes of the May tasking meeting.",
        "collected_by": world.make_persona("inspector").pk,
        "collected_on": "2007-06-02",
        "effective_date": "2007-03-01",
        **changes,
    }


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"MZ\x90\x00 a Windows program", "this kind of file is not accepted"),
        (b"x" * 4096, "the file is larger than the limit of 1,024 bytes"),
    ],
)
def test_it_reshows_the_form_and_records_nothing_when_the_file_is_refused(
    world: SimpleNamespace, client_for: Any, settings: Any, private_media: Any, content: bytes, problem: str
) -> None:
    settings.INSPECTORATE_MAX_UPLOAD_BYTES = 1024
    data = minutes(world)
    url = reverse("inspections:evidence_add", args=[world.inspection.pk])
    client = client_for("inspector")
    files_before = sorted(private_media.rglob("*"))

    for _ in range(2):  # a retry is refused the same way and duplicates nothing
        response = client.post(url, {**data, "file": SimpleUploadedFile("minutes.pdf", content)})
        assert response.status_code == 400
        document = parsed(response)
        assert problem in by_testid(document, "error-summary").text
        assert document.find("input", id="id_file").has_class("govuk-file-upload--error")
        assert document.find("input", id="id_title").get("value") == "Tasking minutes"

    assert not Evidence.objects.filter(inspection=world.inspection, title="Tasking minutes").exists()
    assert sorted(private_media.rglob("*")) == files_before


def test_it_refuses_a_control_character_in_a_field_naming_it(world: SimpleNamespace, client_for: Any) -> None:
    data = minutes(world, title="Tasking\x1b minutes", summary="Minutes\x00 of the May tasking meeting.")
    response = client_for("inspector").post(
        reverse("inspections:evidence_add", args=[world.inspection.pk]), data
    )

    assert response.status_code == 400
    summary = by_testid(parsed(response), "error-summary")
    assert summary.find("a", href="#id_title") and summary.find("a", href="#id_summary")
    assert "control character, U+001B (ESC), at character 8" in summary.text
    assert Evidence.objects.filter(inspection=world.inspection).count() == 2
