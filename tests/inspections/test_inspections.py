"""Planning an inspection: who may, what it may cover, the team and the dates."""

from __future__ import annotations

import datetime

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.models import Inspection


def _plan(actor, programme, team, **overrides):
    values = {
        "force": Force.objects.get(code="west-midlands"),
        "programme": programme,
        "frameworks": ["NP", "CA"],
        "lead": team["lead"],
        "inspectors": [team["inspector"]],
        "fieldwork_starts": datetime.date(2007, 5, 1),
        "fieldwork_ends": datetime.date(2007, 5, 11),
    }
    values.update(overrides)
    return services.create_inspection(actor, **values)


@pytest.mark.parametrize("persona", ["lead", "admin"])
def test_it_lets_lead_inspectors_and_administrators_plan_an_inspection(
    persona, make_persona, programme, team
):
    inspection = _plan(make_persona(persona), programme, team)

    assert inspection.stage == "planned"
    assert sorted(inspection.frameworks.values_list("code", flat=True)) == ["CA", "NP"]
    assert list(inspection.inspectors.all()) == [team["inspector"]]
    event = AuditEvent.objects.for_object(inspection).get()
    assert event.action == "inspection.created"
    assert event.before is None
    assert event.after["frameworks"] == ["CA", "NP"]
    assert event.after["lead"] == "leonard.lead"


@pytest.mark.parametrize("persona", ["public", "inspector", "moderator", "analyst", "force_a"])
def test_it_refuses_everyone_else_with_the_reason(persona, make_persona, programme, team):
    with pytest.raises(services.NotAllowed) as refusal:
        _plan(make_persona(persona), programme, team)

    assert refusal.value.reason
    assert not Inspection.objects.exists()
    assert not AuditEvent.objects.filter(action="inspection.created").exists()


def test_it_reports_every_bad_field_at_once(programme, team, make_persona):
    moderator = make_persona("moderator")
    with pytest.raises(services.Invalid) as invalid:
        _plan(
            team["lead"],
            programme,
            team,
            frameworks=["FE"],
            lead=team["inspector"],
            inspectors=[moderator],
            fieldwork_ends=datetime.date(2007, 4, 30),
        )

    errors = invalid.value.errors
    assert "FE is not a programmed framework" in errors["frameworks"]
    assert "lead inspector" in errors["lead"]
    assert "morag.moderator" in errors["inspectors"]
    assert "cannot end before it starts" in errors["fieldwork_ends"]
    assert not Inspection.objects.exists()


def test_it_refuses_frameworks_of_another_programme_or_none_at_all(programme, team):
    with pytest.raises(services.Invalid) as unknown:
        _plan(team["lead"], programme, team, frameworks=["XX"])
    with pytest.raises(services.Invalid) as empty:
        _plan(team["lead"], programme, team, frameworks=[])

    assert "XX is not a framework" in unknown.value.errors["frameworks"]
    assert "at least one" in empty.value.errors["frameworks"]


def test_it_needs_a_note_for_a_demonstration(programme, team):
    with pytest.raises(services.Invalid) as invalid:
        _plan(team["lead"], programme, team, is_demonstration=True)

    assert "demonstration_note" in invalid.value.errors


def test_it_lets_only_the_lead_change_the_team_and_dates(inspection_a, team, second_lead):
    with pytest.raises(services.NotAllowed):
        services.update_team(team["inspector"], inspection_a, inspectors=[])

    services.update_team(team["lead"], inspection_a, inspectors=[team["inspector"], second_lead])
    services.update_dates(
        team["lead"],
        inspection_a,
        fieldwork_starts=datetime.date(2007, 6, 4),
        fieldwork_ends=datetime.date(2007, 6, 8),
    )

    inspection_a.refresh_from_db()
    assert set(inspection_a.inspectors.all()) == {team["inspector"], second_lead}
    assert inspection_a.fieldwork_starts == datetime.date(2007, 6, 4)
    changes = AuditEvent.objects.for_object(inspection_a).filter(action="inspection.changed").order_by("id")
    assert [event.note for event in changes] == ["team", "fieldwork dates"]
    assert changes[0].before["inspectors"] == ["isla.inspector"]
    assert changes[0].after["inspectors"] == ["helen.hmi", "isla.inspector"]


def test_it_refuses_dates_that_end_before_they_start(inspection_a, team):
    with pytest.raises(services.Invalid) as invalid:
        services.update_dates(
            team["lead"],
            inspection_a,
            fieldwork_starts=datetime.date(2007, 6, 4),
            fieldwork_ends=datetime.date(2007, 6, 1),
        )

    assert "fieldwork_ends" in invalid.value.errors
    inspection_a.refresh_from_db()
    assert inspection_a.fieldwork_starts == datetime.date(2007, 5, 1)


def test_it_keeps_the_force_context_texts(inspection_a, team):
    services.set_context(
        team["inspector"],
        inspection_a,
        context={"geography": "West Midlands covers 348 square miles."},
        framework_context={"CA": "The force has a central child abuse unit."},
    )
    with pytest.raises(services.Invalid) as invalid:
        services.set_context(
            team["inspector"], inspection_a, context={"weather": "rain"}, framework_context={"FE": "x"}
        )

    inspection_a.refresh_from_db()
    assert inspection_a.context == {"geography": "West Midlands covers 348 square miles."}
    assert inspection_a.framework_context == {"CA": "The force has a central child abuse unit."}
    assert set(invalid.value.errors) == {"context.weather", "framework_context.FE"}
