"""Findings (METHODOLOGY §6): ordered lists under a framework or a group's overview."""

from __future__ import annotations

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.models import Finding


def _texts(inspection, kind="strength", **under):
    return list(
        Finding.objects.filter(inspection=inspection, kind=kind, **under)
        .order_by("position")
        .values_list("text", flat=True)
    )


@pytest.fixture
def three(inspection_a, team):
    return [
        services.add_finding(team["inspector"], inspection_a, kind="strength", text=text, framework="CA")
        for text in ("First", "Second", "Third")
    ]


def test_it_adds_findings_in_order_under_a_framework(inspection_a, three, team):
    services.add_finding(
        team["inspector"],
        inspection_a,
        kind="area_for_improvement",
        text="Other list",
        framework="CA",
        criteria=["CA-F01"],
    )

    assert _texts(inspection_a, framework__code="CA") == ["First", "Second", "Third"]
    assert [f.position for f in three] == [0, 1, 2]
    event = AuditEvent.objects.for_object(three[0]).get()
    assert (event.action, event.after["text"]) == ("finding.added", "First")


def test_it_adds_a_group_overview_finding(inspection_a, team, make_inspection):
    finding = services.add_finding(
        team["inspector"], inspection_a, kind="strength", text="Joint working", group="PVP"
    )
    np_only = make_inspection(force="durham", frameworks=("NP",))

    assert finding.group.code == "PVP" and finding.framework is None
    with pytest.raises(services.Invalid) as invalid:
        services.add_finding(team["inspector"], np_only, kind="strength", text="Joint working", group="PVP")
    assert "group" in invalid.value.errors
    with pytest.raises(services.Invalid) as both:
        services.add_finding(
            team["inspector"], inspection_a, kind="strength", text="x", framework="CA", group="PVP"
        )
    assert "framework" in both.value.errors


def test_it_refuses_bad_input(inspection_a, team):
    with pytest.raises(services.Invalid) as invalid:
        services.add_finding(
            team["inspector"], inspection_a, kind="praise", text=" ", framework="FE", criteria=["XX-1"]
        )

    assert set(invalid.value.errors) == {"kind", "text", "framework", "criteria"}


def test_it_moves_findings_up_down_and_to_a_position(inspection_a, three, team):
    first, second, third = three

    services.move_finding(team["inspector"], third, direction="up")
    assert _texts(inspection_a) == ["First", "Third", "Second"]
    services.move_finding(team["inspector"], first, position=2)
    assert _texts(inspection_a) == ["Third", "Second", "First"]
    services.move_finding(team["inspector"], third, direction="down")
    assert _texts(inspection_a) == ["Second", "Third", "First"]
    with pytest.raises(services.Invalid):
        services.move_finding(team["inspector"], second, direction="up")
    with pytest.raises(services.Invalid):
        services.move_finding(team["inspector"], second, position=3)

    moves = AuditEvent.objects.filter(action="finding.moved").order_by("id")
    assert [(e.object_id, e.before["position"], e.after["position"]) for e in moves] == [
        (str(third.pk), 2, 1),
        (str(first.pk), 0, 2),
        (str(third.pk), 0, 1),
    ]


def test_it_edits_and_deletes_keeping_the_order_tidy(inspection_a, three, team):
    first, second, third = three

    services.edit_finding(team["lead"], second, text="Second, reworded")
    services.edit_finding(team["lead"], first, kind="work_in_progress")
    services.delete_finding(team["lead"], third)

    assert _texts(inspection_a) == ["Second, reworded"]
    assert _texts(inspection_a, kind="work_in_progress") == ["First"]
    assert Finding.objects.get(pk=second.pk).position == 0
    deleted = AuditEvent.objects.get(action="finding.deleted")
    assert (deleted.before["text"], deleted.after) == ("Third", None)
    changed = AuditEvent.objects.filter(action="finding.changed", object_id=str(second.pk)).get()
    assert (changed.before["text"], changed.after["text"]) == ("Second", "Second, reworded")


def test_it_lets_only_the_team_change_findings(three, make_persona, second_lead):
    for outsider in (make_persona("moderator"), make_persona("force_a"), second_lead, None):
        with pytest.raises(services.NotAllowed):
            services.edit_finding(outsider, three[0], text="Not mine")
        with pytest.raises(services.NotAllowed):
            services.delete_finding(outsider, three[0])
