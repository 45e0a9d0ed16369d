"""Through the services, pages and the API: tracked areas for improvement, progress updates, direction
of travel from the shipped grades, and the earlier areas with beacon evidence for the next team."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.forces.models import Force
from inspectorate.inspections import services as inspections
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.planning import tracking
from inspectorate.planning.models import ActionStatus, TrackedAction
from inspectorate.reports.builder.build import build_report
from inspectorate.reports.data import report_inputs


def test_it_tracks_every_area_for_improvement_and_recommendation_of_a_published_report(published) -> None:  # type: ignore[no-untyped-def]
    assert tracking.sync_actions() == 2
    assert tracking.sync_actions() == 0  # none twice
    actions = TrackedAction.objects.filter(force__code="west-midlands")
    assert sorted(a.finding.kind for a in actions) == ["area_for_improvement", "recommendation"]
    assert {a.status for a in actions} == {"open"}
    assert AuditEvent.objects.filter(action="planning.action_opened").count() == 2


def test_it_lets_the_force_post_progress_and_an_inspector_close_with_evidence(
    published, make_persona
) -> None:  # type: ignore[no-untyped-def]
    tracking.sync_actions()
    action = TrackedAction.objects.filter(finding__kind="area_for_improvement").get()
    with pytest.raises(NotAllowed):
        tracking.post_update(make_persona("force_b"), action, "Not ours to say")
    with pytest.raises(NotAllowed):
        tracking.post_update(make_persona("inspector"), action, "The team cannot speak for the force")
    tracking.post_update(make_persona("force_a"), action, "Two supervisors appointed in January")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(Invalid) as refused:
        tracking.set_status(make_persona("inspector"), action, status="closed")
    assert "evidence" in refused.value.errors
    with pytest.raises(NotAllowed):
        tracking.set_status(make_persona("force_a"), action, status="closed", evidence="We say so")
    tracking.set_status(make_persona("inspector"), action, status="closed", evidence="Dip sample of 20 files")
    action.refresh_from_db()
    assert action.status == "closed" and action.agreed_by.username == "isla.inspector"
    event = AuditEvent.objects.filter(action="planning.action_status").get()
    assert event.before["status"] == "in_progress" and event.after["status"] == "closed"


def test_it_shows_the_earlier_areas_to_the_next_team_and_prints_the_progress_in_the_report(
    published, make_persona, client_for
) -> None:  # type: ignore[no-untyped-def]
    tracking.sync_actions()
    action = TrackedAction.objects.filter(finding__kind="area_for_improvement").get()
    tracking.post_update(make_persona("force_a"), action, "Two supervisors appointed in January")
    lead = make_persona("lead")
    following = inspections.create_inspection(
        lead,
        force=published.force,
        programme=published.programme,
        frameworks=["CA", "DV"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )
    page = client_for("inspector").get(reverse("inspections:detail", kwargs={"pk": following.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Areas for improvement from earlier reports" in text
    assert "Supervision of child abuse investigations is inconsistent." in text
    assert "In progress" in text and "Two supervisors appointed in January" in text

    report = build_report(**{**report_inputs(following), "draft": True})
    overview = next(s for s in report.sections if s.id == "force-overview")
    table = next(b for b in overview.blocks if getattr(b, "id", "") == "progress-since-last")
    rows = [[cell.text for cell in row] for row in table.rows]
    assert [
        "CA",
        "Supervision of child abuse investigations is inconsistent.",
        "In progress",
        "Two supervisors appointed in January",
    ] in rows


def test_it_reads_the_direction_of_travel_from_the_shipped_grades_across_the_pvp_regrouping(
    shipped_grades, pack_2007
) -> None:  # type: ignore[no-untyped-def]
    found, missing = tracking.directions_for("metropolitan", pack_2007)
    assert missing == []
    # Metropolitan: NP Good in 2006, Excellent in 2007; PVP Fair in 2006, and its 2007 components
    # G, F, F, F roll up (most common, ties to the lower) to Fair.
    assert found["NP"].direction == "improved"
    assert found["PVP"].direction == "same"
    assert found["PVP"].via_rollup == "CA good, DV fair, PP fair, MP fair"
    assert found["CA"].direction == "same"  # a component takes its group's comparison
    norfolk, _ = tracking.directions_for("norfolk", pack_2007)
    assert norfolk["NP"].sentence == "improved: Poor in hmic-2006, Fair in hmic-2007"


def test_it_shows_the_direction_of_travel_on_the_next_inspection(
    shipped_grades, pack_2007, make_persona, client_for
) -> None:  # type: ignore[no-untyped-def]
    lead = make_persona("lead")
    following = inspections.create_inspection(
        lead,
        force=Force.objects.get(code="metropolitan"),
        programme=pack_2007,
        frameworks=["NP", "CA"],
        lead=lead,
    )
    page = client_for("lead").get(reverse("inspections:detail", kwargs={"pk": following.pk})).content.decode()
    assert "NP: improved: Good in hmic-2006, Excellent in hmic-2007" in page
    rolled = "(components rolled up: CA good, DV fair, PP fair, MP fair)"
    assert page.count(f"PVP: same: Fair in hmic-2006, Fair in hmic-2007 {rolled}") == 1


def test_it_answers_the_register_and_progress_updates_through_the_api(published, client_for) -> None:  # type: ignore[no-untyped-def]
    tracking.sync_actions()
    action = TrackedAction.objects.filter(finding__kind="area_for_improvement").get()
    answer = client_for("analyst").get("/api/planning/register?as_of=2008-04-01")
    assert answer.status_code == 200
    data = answer.json()
    wm_ca = next(s for s in data["scores"] if s["force"] == "west-midlands" and s["framework"] == "CA")
    areas = next(f for f in wm_ca["factors"] if f["code"] == "areas_for_improvement")
    # Two open (an area and a recommendation), under a year old: weight 2 of 5, x 0.15.
    assert areas["value"] == 0.4 and areas["contribution"] == 0.06
    assert {s["kind"] for s in areas["sources"]} == {"area"}
    refused = client_for("moderator").get("/api/planning/register")
    assert (
        refused.status_code == 403
        and "analysts, lead inspectors and administrators" in refused.json()["detail"]
    )
    posted = client_for("force_a").post(
        f"/api/planning/actions/{action.pk}/updates", {"text": "Audit done"}, content_type="application/json"
    )
    assert posted.status_code == 200 and posted.json()["status"] == "in_progress"
    listed = client_for("force_b").get("/api/planning/actions").json()
    assert listed == []


def test_it_offers_adoptions_by_other_forces_as_beacon_evidence_to_the_next_team(
    published, make_persona, client_for
) -> None:  # type: ignore[no-untyped-def]
    from inspectorate.practice import services as practice

    lead = make_persona("lead")
    following = inspections.create_inspection(
        lead,
        force=published.force,
        programme=published.programme,
        frameworks=["CA"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )
    example = practice.submit(
        make_persona("force_a"),
        programme=published.programme,
        framework="CA",
        title="Joint morning triage",
        problem="Referrals waited.",
        solution="Triage together daily.",
        outcomes="Decisions within a day.",
        contact_name="DI Patel",
        contact_details="patel@example.police.uk",
        evaluated_by_force=True,
        transferable=True,
    )
    practice.record_adoption(
        lead, example, adopting_force=Force.objects.get(code="durham"), adopted_on=datetime.date(2008, 2, 1)
    )
    page = (
        client_for("inspector")
        .get(reverse("inspections:detail", kwargs={"pk": following.pk}))
        .content.decode()
    )
    assert "evidence for the beacon condition" in page
    assert "“Joint morning triage” adopted by Durham Constabulary on 1 February 2008" in page
    assert (
        "Joint morning triage"
        not in client_for("force_b")
        .get(reverse("inspections:detail", kwargs={"pk": following.pk}))
        .content.decode()
    )


def test_it_never_shows_an_inspection_the_areas_of_a_report_published_after_its_fieldwork(
    published, make_persona
) -> None:  # type: ignore[no-untyped-def]
    """A reconstruction of the 2007 inspection (fieldwork May 2007) is not followed by its own report."""
    tracking.sync_actions()
    lead = make_persona("lead")
    earlier = inspections.create_inspection(
        lead,
        force=published.force,
        programme=published.programme,
        frameworks=["CA"],
        lead=lead,
        fieldwork_starts=datetime.date(2007, 5, 14),
        fieldwork_ends=datetime.date(2007, 6, 1),
    )
    assert tracking.earlier_actions(lead, earlier) == []
    assert tracking.progress_since_last(earlier) == []
