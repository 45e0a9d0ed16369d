"""Every service writes exactly one audit event, with before and after, in the transaction that makes the
change: when anything fails after the checks, neither the change nor its audit event is kept."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps

from inspectorate.accounts import audit
from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import ModerationOutcome, Stage

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(make_inspection, team, add_item, advance, second_lead, make_persona, programme):
    """A drafted inspection with evidence, judgements, a pending departure and findings; and one at
    the factual accuracy check with a force comment."""
    services.update_team(team["lead"], make_inspection(), inspectors=[])  # a first, unrelated inspection
    drafting = advance(make_inspection(force="durham", frameworks=("CA",)), Stage.DRAFTING)
    services.set_condition(team["inspector"], drafting, "CA", "beacon", present=False)
    services.record_judgement(team["inspector"], drafting, "CA-F01", "not_met")
    item = add_item(drafting)
    departure = services.award_grade(team["inspector"], drafting, "CA", "fair", rationale="Too early to tell")
    finding = services.add_finding(team["inspector"], drafting, kind="strength", text="First", framework="CA")
    services.add_finding(team["inspector"], drafting, kind="strength", text="Second", framework="CA")
    checking = advance(make_inspection(force="cleveland", frameworks=("CA",)), Stage.FACTUAL_ACCURACY)
    checked = services.add_finding(team["inspector"], checking, kind="strength", text="Good", framework="CA")
    comment = services.comment_on_finding(
        make_persona("force_a") if False else _liaison(checking), checked, "?"
    )
    ready = advance(make_inspection(force="kent", frameworks=("CA",)), Stage.MODERATION)
    ready_award = services.current_award(ready, ready.frameworks.get())
    return SimpleNamespace(**locals())


def _liaison(inspection):
    from inspectorate.accounts.models import User
    from inspectorate.accounts.roles import Role

    return User.objects.create_user(
        username="colin.cleveland",
        password="a-long-test-password",
        role=Role.FORCE_LIAISON,
        force=inspection.force,
    )


CASES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "create_inspection": (
        "inspection.created",
        lambda w: services.create_inspection(
            w.team["lead"],
            force=Force.objects.get(code="surrey"),
            programme=w.programme,
            frameworks=["NP"],
            lead=w.team["lead"],
        ),
    ),
    "update_team": (
        "inspection.changed",
        lambda w: services.update_team(
            w.team["lead"], w.drafting, inspectors=[w.team["inspector"], w.second_lead]
        ),
    ),
    "update_dates": (
        "inspection.changed",
        lambda w: services.update_dates(
            w.team["lead"], w.drafting, fieldwork_starts=None, fieldwork_ends=None
        ),
    ),
    "set_context": (
        "inspection.changed",
        lambda w: services.set_context(
            w.team["inspector"], w.drafting, context={"geography": "County Durham"}
        ),
    ),
    "add_evidence": (
        "evidence.added",
        lambda w: services.add_evidence(
            w.team["inspector"],
            w.drafting,
            source_type="interview",
            title="Interview",
            summary="Said so",
            collected_on=datetime.date(2007, 6, 1),
            effective_date=datetime.date(2007, 5, 1),
        ),
    ),
    "update_evidence": (
        "evidence.changed",
        lambda w: services.update_evidence(w.team["inspector"], w.item, title="Renamed"),
    ),
    "corroborate_evidence": (
        "evidence.verification_changed",
        lambda w: services.corroborate_evidence(w.team["inspector"], w.item, note="The partner agreed"),
    ),
    "verify_evidence": (
        "evidence.verification_changed",
        lambda w: services.verify_evidence(w.team["inspector"], w.item, "Saw the original"),
    ),
    "link_criteria": (
        "evidence.linked",
        lambda w: services.link_criteria(w.team["inspector"], w.item, ["CA-F02"]),
    ),
    "attach_file": (
        "evidence.file_attached",
        lambda w: services.attach_file(w.team["inspector"], w.item, PDF, name="a.pdf"),
    ),
    "record_judgement": (
        "judgement.recorded",
        lambda w: services.record_judgement(w.team["inspector"], w.drafting, "CA-F01", "partly"),
    ),
    "set_condition": (
        "condition.recorded",
        lambda w: services.set_condition(
            w.team["inspector"], w.drafting, "CA", "beacon", present=True, rationale="Adopted elsewhere"
        ),
    ),
    "award_grade": (
        "grade.awarded",
        lambda w: services.award_grade(w.team["inspector"], w.drafting, "CA", "good", rationale="On balance"),
    ),
    "decide_departure": (
        "grade.departure_approved",
        lambda w: services.decide_departure(w.team["lead"], w.departure, approve=True),
    ),
    "add_finding": (
        "finding.added",
        lambda w: services.add_finding(
            w.team["inspector"], w.drafting, kind="area_for_improvement", text="More training", framework="CA"
        ),
    ),
    "edit_finding": (
        "finding.changed",
        lambda w: services.edit_finding(w.team["inspector"], w.finding, text="1st"),
    ),
    "move_finding": (
        "finding.moved",
        lambda w: services.move_finding(w.team["inspector"], w.finding, direction="down"),
    ),
    "delete_finding": ("finding.deleted", lambda w: services.delete_finding(w.team["inspector"], w.finding)),
    "move": (
        "inspection.stage_changed",
        lambda w: (
            services.move(w.team["lead"], w.ready, Stage.FACTUAL_ACCURACY)
            if False
            else services.move(w.team["lead"], w.drafting, Stage.FIELDWORK, note="More interviews")
        ),
    ),
    "record_moderation": (
        "moderation.decided",
        lambda w: services.record_moderation(
            w.make_persona("moderator"),
            services.current_award(w.ready, w.ready.frameworks.get()),
            ModerationOutcome.AGREED,
        ),
    ),
    "comment_on_finding": (
        "comment.added",
        lambda w: services.comment_on_finding(w.comment.author, w.checked, "The date is wrong"),
    ),
    "respond_to_comment": (
        "comment.answered",
        lambda w: services.respond_to_comment(w.team["lead"], w.comment, "Corrected"),
    ),
    "set_programme_policy": (
        "programme_policy.changed",
        lambda w: services.set_programme_policy(
            w.make_persona("admin"), w.programme, met_needs_verified_evidence=False, sensitive_groups=None
        ),
    ),
}


# Actions that write a new record: nothing was there before.
NEW_RECORDS = {
    "inspection.created",
    "evidence.added",
    "evidence.file_attached",
    "finding.added",
    "comment.added",
    "moderation.decided",
}


def _database() -> dict[str, list[dict[str, Any]]]:
    """Every row of the inspection tables (and their many-to-many links) and of the audit log."""
    models = [*apps.get_app_config("inspections").get_models(include_auto_created=True), AuditEvent]
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models}


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_writes_exactly_the_expected_audit_event(world, case):
    action, call = CASES[case]
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    call(world)

    events = list(AuditEvent.objects.filter(id__gt=last))
    assert [event.action for event in events] == [action]
    event = events[0]
    if action in NEW_RECORDS:
        assert event.before is None and event.after
    elif action == "finding.deleted":
        assert event.before and event.after is None
    else:
        assert event.before and event.after and event.before != event.after
    assert event.actor is not None


class Boom(Exception):
    pass


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_keeps_nothing_when_the_service_fails_after_its_checks(world, case, monkeypatch, private_media):
    _, call = CASES[case]
    real_record = audit.record

    def record_then_fail(*args: Any, **kwargs: Any) -> Any:
        real_record(*args, **kwargs)
        raise Boom("the database went away")

    monkeypatch.setattr(audit, "record", record_then_fail)
    before = _database()
    files_before = sorted(p for p in Path(private_media).rglob("*") if p.is_file())

    with pytest.raises(Boom):
        call(world)

    assert _database() == before
    assert sorted(p for p in Path(private_media).rglob("*") if p.is_file()) == files_before
