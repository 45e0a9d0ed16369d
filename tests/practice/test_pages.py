"""The developing-practice pages: the force's submission form and list, and the team's selection page."""

from __future__ import annotations

from typing import Any

import pytest

from inspectorate.forces.models import Force
from inspectorate.inspections import services as inspections
from inspectorate.practice.models import PracticeExample, Status

pytestmark = pytest.mark.django_db


def _form(pack_2007: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "framework": str(pack_2007.frameworks.get(code="CA").pk),
        "title": "Joint triage of child protection referrals",
        "problem": "Referrals waited days for a joint decision.",
        "solution": "Police and social workers triage together every morning.",
        "outcomes": "Strategy decisions within a day in nine cases out of ten.",
        "contact_name": "DI Sam Patel",
        "contact_details": "sam.patel@example.police.uk",
        "evaluated_by_force": "on",
        "transferable": "on",
    }
    data.update(changes)
    return data


def test_it_takes_a_submission_through_the_form(pack_2007, client_for) -> None:
    client = client_for("force_b")
    assert client.get("/practice/submit/").status_code == 200
    response = client.post("/practice/submit/", _form(pack_2007))
    example = PracticeExample.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/practice/{example.pk}/"
    assert example.force.code == "durham" and example.framework.code == "CA"
    assert example.evaluated_by_force and example.transferable
    listing = client.get("/practice/").content.decode()
    assert "Joint triage of child protection referrals" in listing


def test_it_shows_form_errors_on_the_form(pack_2007, client_for) -> None:
    response = client_for("force_a").post("/practice/submit/", _form(pack_2007, title="", outcomes=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html and 'href="#id_title"' in html
    assert not PracticeExample.objects.exists()


def test_it_refuses_the_form_to_anyone_but_a_liaison_officer(pack_2007, client_for) -> None:
    for persona in ("inspector", "lead", "admin"):
        response = client_for(persona).post("/practice/submit/", _form(pack_2007))
        assert response.status_code == 403, persona
    assert client_for("public").get("/practice/submit/").status_code == 302
    assert not PracticeExample.objects.exists()


def test_it_lets_the_team_select_on_the_selection_page(pack_2007, make_persona, client_for) -> None:
    lead = make_persona("lead")
    inspection = inspections.create_inspection(
        lead,
        force=Force.objects.get(code="durham"),
        programme=pack_2007,
        frameworks=["CA"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )
    client_for("force_b").post("/practice/submit/", _form(pack_2007))
    client_for("force_b").post(
        "/practice/submit/", _form(pack_2007, title="Untested idea", evaluated_by_force="")
    )
    good, untested = PracticeExample.objects.order_by("pk")

    team = client_for("lead")
    page = team.get(f"/practice/inspections/{inspection.pk}/").content.decode()
    assert "Joint triage" in page and "No: the force has not evaluated it" in page
    assert 'data-testid="selected-count">0 selected' in page

    url = f"/practice/inspections/{inspection.pk}/examples/{{}}/"
    refused = team.post(url.format(untested.pk), {f"e{untested.pk}-decision": "select"})
    assert refused.status_code == 400 and "does not qualify" in refused.content.decode()
    chosen = team.post(url.format(good.pk), {f"e{good.pk}-decision": "select", f"e{good.pk}-reason": "Clear"})
    assert chosen.status_code == 302
    good.refresh_from_db()
    assert good.status == Status.SELECTED and good.selected_for == inspection
    assert (
        'data-testid="selected-count">1 selected'
        in team.get(f"/practice/inspections/{inspection.pk}/").content.decode()
    )

    # Not on the team: refused; another force's liaison officer cannot see the draft inspection at all.
    assert client_for("moderator").get(f"/practice/inspections/{inspection.pk}/").status_code == 404
    assert client_for("force_a").get(f"/practice/inspections/{inspection.pk}/").status_code == 404
