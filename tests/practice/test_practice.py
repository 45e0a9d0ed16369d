"""Developing practice (METHODOLOGY §6): a force submits its own examples, the inspection team selects
only qualifying ones for its report, adoptions by other forces are recorded, and who sees what."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.forces.models import Force
from inspectorate.inspections import services as inspections
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.practice import services
from inspectorate.practice.models import Adoption, PracticeExample, Status
from inspectorate.practice.queries import adoptions_of, selected_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(pack_2007: Any, make_persona: Callable[[str], Any]) -> Inspection:
    lead = make_persona("lead")
    return inspections.create_inspection(
        lead,
        force=Force.objects.get(code="west-midlands"),
        programme=pack_2007,
        frameworks=["NP", "CA"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )


@pytest.fixture
def submit(pack_2007: Any, make_persona: Callable[[str], Any]) -> Callable[..., PracticeExample]:
    def run(persona: str = "force_a", **fields: Any) -> PracticeExample:
        values: dict[str, Any] = {
            "programme": pack_2007,
            "framework": "NP",
            "title": "Neighbourhood tasking with partners",
            "problem": "Anti-social behaviour kept returning to the same streets.",
            "solution": "Monthly tasking meetings chaired jointly with the council.",
            "outcomes": "Repeat calls fell by a fifth in a year.",
            "contact_name": "Inspector Jane Doe",
            "contact_details": "jane.doe@example.police.uk",
            "evaluated_by_force": True,
            "transferable": True,
        }
        values.update(fields)
        return services.submit(make_persona(persona), **values)

    return run


def _publish(inspection: Inspection) -> None:
    # Publication itself is tested with the reports; here only the stage matters to who sees what.
    Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.PUBLISHED)
    inspection.refresh_from_db()


def test_it_files_a_submission_under_the_liaison_officers_own_force(submit, force_b_user) -> None:
    example = submit("force_b")
    assert example.force == force_b_user.force
    assert example.status == Status.SUBMITTED and example.submitted_by == force_b_user
    event = AuditEvent.objects.get(action="practice.submitted")
    assert event.actor == force_b_user and event.after["title"] == "Neighbourhood tasking with partners"


@pytest.mark.parametrize("persona", ["public", "inspector", "lead", "moderator", "analyst", "admin"])
def test_it_takes_submissions_from_force_liaison_officers_only(submit, persona) -> None:
    with pytest.raises(NotAllowed, match="liaison officer"):
        submit(persona)
    assert not PracticeExample.objects.exists()


def test_it_lists_every_missing_field_and_an_unknown_area(submit) -> None:
    with pytest.raises(Invalid) as refused:
        submit(
            framework="XX",
            title=" ",
            problem="",
            solution="",
            outcomes="",
            contact_name="",
            contact_details="",
        )
    assert set(refused.value.errors) == {
        "framework",
        "title",
        "problem",
        "solution",
        "outcomes",
        "contact_name",
        "contact_details",
    }
    assert not AuditEvent.objects.filter(action="practice.submitted").exists()


def test_it_shows_examples_to_their_force_and_the_inspecting_team_only(
    submit, inspection, make_persona, client_for
) -> None:
    example = submit()
    visible = {
        persona: PracticeExample.objects.restrict(make_persona(persona)).filter(pk=example.pk).exists()
        for persona in ("public", "inspector", "lead", "moderator", "analyst", "force_a", "force_b", "admin")
    }
    assert visible == {
        "public": False,
        "inspector": True,
        "lead": True,
        "moderator": False,
        "analyst": False,
        "force_a": True,
        "force_b": False,
        "admin": True,
    }
    assert client_for("force_b").get(f"/practice/{example.pk}/").status_code == 404
    assert client_for("public").get(f"/practice/{example.pk}/").status_code == 404
    assert client_for("force_a").get(f"/practice/{example.pk}/").status_code == 200


def test_it_lets_the_public_read_selected_examples_once_the_report_is_published(
    submit, inspection, lead, client_for
) -> None:
    chosen = submit()
    other = submit(title="Declined example")
    services.select(lead, chosen, inspection, "Clear evaluation")
    services.decline(lead, other, inspection, "Too similar to the first")
    public = client_for("public")
    assert public.get(f"/practice/{chosen.pk}/").status_code == 404

    _publish(inspection)
    page = public.get(f"/practice/{chosen.pk}/")
    assert page.status_code == 200
    assert "has not evaluated it independently" in page.content.decode()
    assert public.get(f"/practice/{other.pk}/").status_code == 404


def test_it_selects_only_qualifying_examples(submit, inspection, lead) -> None:
    unevaluated = submit(title="Not evaluated", evaluated_by_force=False)
    not_transferable = submit(title="Local only", transferable=False)
    outside_scope = submit(title="Performance board", framework="PM")
    for example, words in (
        (unevaluated, "the force has not evaluated it"),
        (not_transferable, "not easily transferable"),
        (outside_scope, "not in this inspection's scope"),
    ):
        with pytest.raises(Invalid, match=words):
            services.select(lead, example, inspection)
        example.refresh_from_db()
        assert example.status == Status.SUBMITTED
    qualifying = submit(title="Qualifies")
    services.select(lead, qualifying, inspection, "Evaluated and easy to adopt")
    qualifying.refresh_from_db()
    assert qualifying.status == Status.SELECTED and qualifying.selected_for == inspection
    assert qualifying.selection_reason == "Evaluated and easy to adopt"


def test_it_lets_only_the_team_decide_for_its_own_force(submit, inspection, make_persona, pack_2007) -> None:
    example = submit()
    for persona in ("moderator", "analyst", "force_a", "public"):
        with pytest.raises(NotAllowed):
            services.select(make_persona(persona), example, inspection)
    durham_lead = make_persona("lead")
    durham = inspections.create_inspection(
        durham_lead,
        force=Force.objects.get(code="durham"),
        programme=pack_2007,
        frameworks=["NP"],
        lead=durham_lead,
    )
    with pytest.raises(NotAllowed, match="example of West Midlands Police"):
        services.select(durham_lead, example, durham)
    services.select(make_persona("inspector"), example, inspection)


def test_it_needs_a_reason_to_decline_and_freezes_decisions_at_publication(submit, inspection, lead) -> None:
    example = submit()
    with pytest.raises(Invalid, match="say why"):
        services.decline(lead, example, inspection, " ")
    services.decline(lead, example, inspection, "Another force's scheme already covers it")
    example.refresh_from_db()
    assert example.status == Status.DECLINED
    _publish(inspection)
    with pytest.raises(NotAllowed, match="published"):
        services.select(lead, example, inspection)


def test_it_records_adoptions_by_other_forces_as_beacon_evidence(
    submit, inspection, lead, make_persona, client_for
) -> None:
    example = submit()
    services.select(lead, example, inspection)
    _publish(inspection)
    durham_liaison = make_persona("force_b")
    services.record_adoption(
        durham_liaison,
        example,
        adopting_force=durham_liaison.force,
        adopted_on=datetime.date(2008, 3, 1),
        note="Adopted in two districts",
    )
    with pytest.raises(Invalid, match="already been recorded"):
        services.record_adoption(
            durham_liaison, example, adopting_force=durham_liaison.force, adopted_on=datetime.date(2008, 4, 1)
        )
    with pytest.raises(Invalid, match="its own example"):
        services.record_adoption(
            lead, example, adopting_force=example.force, adopted_on=datetime.date(2008, 4, 1)
        )
    with pytest.raises(NotAllowed):
        # A force speaks for itself, not for another force.
        services.record_adoption(
            durham_liaison,
            example,
            adopting_force=Force.objects.get(code="north-yorkshire"),
            adopted_on=datetime.date(2008, 4, 1),
        )
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(Invalid, match="future"):
        services.record_adoption(
            lead, example, adopting_force=Force.objects.get(code="north-yorkshire"), adopted_on=tomorrow
        )

    page = client_for("public").get(f"/practice/{example.pk}/").content.decode()
    assert "Durham Constabulary" in page and "Adopted in two districts" in page
    evidence = adoptions_of(example.force, example.programme, "NP")
    assert [(a.adopting_force, a.example_title) for a in evidence] == [
        ("Durham Constabulary", "Neighbourhood tasking with partners")
    ]
    event = AuditEvent.objects.get(action="practice.adoption_recorded")
    assert event.actor == durham_liaison
    # An adoption is seen by whoever sees its example: here everyone, the report being published.
    assert Adoption.objects.restrict(None).count() == 1
    assert Adoption.objects.restrict(make_persona("inspector")).count() == 1


def test_it_audits_selection_and_decline(submit, inspection, lead) -> None:
    example = submit()
    services.select(lead, example, inspection, "Strong evidence of impact")
    services.decline(lead, example, inspection, "Taken back: the force withdrew it")
    selected = AuditEvent.objects.get(action="practice.selected")
    assert selected.before["status"] == "submitted" and selected.after["status"] == "selected"
    declined = AuditEvent.objects.get(action="practice.declined")
    assert declined.before["status"] == "selected" and declined.after["status"] == "declined"
    assert declined.after["selection_reason"] == "Taken back: the force withdrew it"


def test_it_gives_the_report_its_selected_examples_in_area_order(submit, inspection, lead) -> None:
    ca = submit(title="Joint child protection triage", framework="CA")
    np_b = submit(title="Ward panels")
    np_a = submit(title="Beat surgeries", contact_details="0121 000 0000")
    submit(title="Not selected")
    for example in (ca, np_b, np_a):
        services.select(lead, example, inspection)
    printed = selected_practice(inspection)
    assert [(p.framework_code, p.title) for p in printed] == [
        ("NP", "Beat surgeries"),
        ("NP", "Ward panels"),
        ("CA", "Joint child protection triage"),
    ]
    assert printed[0].contact == "Inspector Jane Doe, 0121 000 0000"
    assert printed[0].problem.startswith("Anti-social behaviour")
