"""The force's self-assessment page, the team's view of what the force submitted, and the pages that
change an inspection's team, fieldwork dates and force context."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspectorate.accounts.models import AuditEvent
from inspectorate.inspections.choices import SourceType, Verification
from inspectorate.inspections.models import Evidence, Inspection
from tests.permissions.world_self_assessment import build_self_assessment

from .pages import by_testid, page, parsed


@pytest.fixture
def sa_world(world: SimpleNamespace) -> SimpleNamespace:
    build_self_assessment(world)
    return world


def _url(world: SimpleNamespace) -> str:
    return reverse("inspections:self_assessment", args=[world.sa_inspection.pk])


def _fields(**more: Any) -> dict[str, Any]:
    values = {
        "title": "Referral audit and policy",
        "summary": "The force audited forty-one referrals against its policy.",
        "effective_date": "2007-01-15",
        "frameworks": ["CA"],
    }
    values.update(more)
    return values


def test_it_lets_the_force_submit_files_from_its_dashboard(
    sa_world: SimpleNamespace, client_for: Any
) -> None:
    force_a = client_for("force_a")
    dashboard = page(force_a, reverse("home"))
    link = by_testid(dashboard, "self-assessments").find("a")
    assert link.get("href") == _url(sa_world)

    before = page(force_a, _url(sa_world))
    assert [row.find("code").text for row in before.find_all(data_testid="submission")] == ["E001"]
    assert "Interview" not in by_testid(before, "submissions").text  # the team's item is never shown

    files = [
        SimpleUploadedFile("audit.csv", b"month,referrals\n2007-01,41\n2007-02,38\n"),
        SimpleUploadedFile("policy.txt", b"Child protection policy, 2006.\n"),
    ]
    answer = force_a.post(_url(sa_world), _fields(attachments=files))
    assert answer.status_code == 302

    after = page(force_a, _url(sa_world))
    rows = after.find_all(data_testid="submission")
    assert [row.find("code").text for row in rows] == ["E001", "E003", "E004"]
    assert "Referral audit and policy: audit.csv" in rows[1].text
    download = force_a.get(rows[1].find(data_testid="submission-file").get("href"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"month,referrals")
    submitted = Evidence.objects.filter(inspection=sa_world.sa_inspection, reference__in=["E003", "E004"])
    assert {e.source_type for e in submitted} == {SourceType.FORCE_SELF_ASSESSMENT}

    # The team sees them in its register, marked as the force's.
    register = page(
        client_for("inspector"), reverse("inspections:evidence", args=[sa_world.sa_inspection.pk])
    )
    marked = [
        row.find("code").text
        for row in register.find_all("tr", class_="govuk-table__row")
        if row.find_all(data_testid="force-submission")
    ]
    assert marked == ["E001", "E003", "E004"]


def test_it_answers_bad_input_on_the_form_and_records_nothing(
    sa_world: SimpleNamespace, client_for: Any
) -> None:
    count = Evidence.objects.count()
    bad = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00")

    answer = client_for("force_a").post(_url(sa_world), _fields(title="", attachments=[bad]))

    assert answer.status_code == 400
    summary = by_testid(parsed(answer), "error-summary").text
    assert "This field is required" in summary
    # A form error first, then the service's on the files once the form is otherwise right.
    bad = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00")
    answer = client_for("force_a").post(_url(sa_world), _fields(attachments=[bad]))
    assert answer.status_code == 400
    assert "tool.exe: this kind of file is not accepted" in by_testid(parsed(answer), "error-summary").text
    assert Evidence.objects.count() == count


def test_it_keeps_other_forces_out_and_closes_after_fieldwork(
    sa_world: SimpleNamespace, client_for: Any
) -> None:
    assert client_for("force_b").get(_url(sa_world)).status_code == 404
    assert client_for("public").get(_url(sa_world)).status_code == 302

    drafting = reverse("inspections:self_assessment", args=[sa_world.inspection.pk])
    closed = page(client_for("force_a"), drafting)
    assert "during fieldwork" in by_testid(closed, "submission-closed").text
    assert not closed.find_all(data_testid="self-assessment-form")
    assert client_for("force_a").post(drafting, _fields()).status_code == 403


def test_it_lets_the_team_verify_a_submission_only_by_an_independent_check(
    sa_world: SimpleNamespace, client_for: Any
) -> None:
    item = sa_world.sa_item
    url = reverse("inspections:evidence_verification", args=[sa_world.sa_inspection.pk, item.pk])
    inspector = client_for("inspector")

    refused = inspector.post(url, {"move": "verify", "note": "Read the policy"})
    assert refused.status_code == 400
    assert "only by an independent check" in by_testid(parsed(refused), "error-summary").text
    assert client_for("force_a").post(url, {"move": "verify", "note": "Ours"}).status_code == 404

    done = inspector.post(
        url, {"move": "verify", "note": "Ten cases traced from call to outcome", "tested_in_practice": "on"}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.verification == Verification.VERIFIED
    detail = page(
        inspector, reverse("inspections:evidence_detail", args=[sa_world.sa_inspection.pk, item.pk])
    )
    assert by_testid(detail, "force-submission")
    assert by_testid(detail, "tested-in-practice")


def test_it_lets_the_lead_change_the_team_and_the_dates(world: SimpleNamespace, client_for: Any) -> None:
    inspection = world.inspection
    lead, inspector = client_for("lead"), client_for("inspector")
    overview = page(lead, reverse("inspections:detail", args=[inspection.pk]))
    assert by_testid(overview, "change-team").get("href") == reverse("inspections:team", args=[inspection.pk])
    assert not page(inspector, reverse("inspections:detail", args=[inspection.pk])).find_all(
        data_testid="change-team"
    )

    dates = reverse("inspections:dates", args=[inspection.pk])
    wrong = lead.post(dates, {"fieldwork_starts": "2007-05-11", "fieldwork_ends": "2007-05-01"})
    assert wrong.status_code == 400
    assert "fieldwork cannot end before it starts" in by_testid(parsed(wrong), "error-summary").text
    assert (
        lead.post(dates, {"fieldwork_starts": "2007-05-01", "fieldwork_ends": "2007-05-18"}).status_code
        == 302
    )

    team = reverse("inspections:team", args=[inspection.pk])
    lead_pk = world.make_persona("lead").pk
    assert (
        lead.post(team, {"lead": lead_pk, "inspectors": [world.make_persona("force_a").pk]}).status_code
        == 400
    )
    assert lead.post(team, {"lead": lead_pk, "inspectors": []}).status_code == 302
    assert inspector.get(team).status_code == 404  # no longer on the team, so no longer sees it

    inspection.refresh_from_db()
    assert str(inspection.fieldwork_ends) == "2007-05-18"
    assert not inspection.inspectors.exists()


def test_it_writes_the_force_context_the_report_prints(world: SimpleNamespace, client_for: Any) -> None:
    inspection = world.inspection
    url = reverse("inspections:context", args=[inspection.pk])
    inspector = client_for("inspector")
    assert page(inspector, url).find_all(data_testid="context-form")

    answer = inspector.post(
        url,
        {
            "context_geography": "A conurbation of 348 square miles.",
            "framework_CA": "Referrals rose by a fifth in 2006.",
        },
    )

    assert answer.status_code == 302
    inspection.refresh_from_db()
    assert inspection.context == {"geography": "A conurbation of 348 square miles."}
    assert inspection.framework_context == {"CA": "Referrals rose by a fifth in 2006."}
    draft = inspector.get(reverse("reports:draft", args=[inspection.pk])).content.decode()
    assert "A conurbation of 348 square miles." in draft and "Referrals rose by a fifth in 2006." in draft
    assert client_for("moderator").post(url, {"context_geography": "x"}).status_code == 403

    # Saving the same texts again changes nothing, so nothing is audited.
    changes = AuditEvent.objects.for_object(inspection).filter(action="inspection.changed").count()
    again = inspector.post(
        url,
        {
            "context_geography": "A conurbation of 348 square miles. ",
            "framework_CA": "Referrals rose by a fifth in 2006.",
        },
    )
    assert again.status_code == 302
    assert AuditEvent.objects.for_object(inspection).filter(action="inspection.changed").count() == changes


def test_it_pages_and_filters_the_inspection_list(world: SimpleNamespace, client_for: Any) -> None:
    from inspectorate.inspections import services

    lead = world.make_persona("lead")
    for n in range(27):
        services.create_inspection(
            lead,
            force=world.force_b if n % 3 == 0 else world.force_a,
            programme=world.programme,
            frameworks=["NP"],
            lead=lead,
            title=f"Planned {n:02d}",
        )
    client = client_for("lead")
    url = reverse("inspections:list")

    first = page(client, f"{url}?stage=planned")
    assert len(first.find_all(data_testid="inspection-row")) == 25
    following = by_testid(first, "pagination").find("a", rel="next").get("href")
    assert following == "?stage=planned&page=2"
    second = page(client, f"{url}{following}")
    assert len(second.find_all(data_testid="inspection-row")) == 2
    assert "27 inspections you may see matching the filters" in by_testid(second, "inspection-list").text

    durham = page(client, f"{url}?stage=planned&force=durham")
    assert len(durham.find_all(data_testid="inspection-row")) == 9
    assert not durham.find_all(data_testid="pagination")

    # Filters only narrow what the user may see: the inspector is on one inspection only.
    mine = page(client_for("inspector"), f"{url}?mine=true")
    assert len(mine.find_all(data_testid="inspection-row")) == 1
    assert not page(client_for("force_b"), url).find_all(data_testid="inspection-row")
    assert Inspection.objects.count() == 28
