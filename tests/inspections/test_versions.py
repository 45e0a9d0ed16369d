"""Optimistic locking in the services: a stale `expected_version` is refused with a Conflict that
shows the record as it now stands, and nothing is written (docs/concurrent-editing.md)."""

from __future__ import annotations

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.models import ConditionRecord, CriterionJudgement, Evidence, Finding


def _events() -> int:
    return AuditEvent.objects.count()


def test_it_counts_versions_of_a_judgement_from_one(inspection_a, team):
    first = services.record_judgement(team["inspector"], inspection_a, "CA-F02", "partly")
    assert first.version == 1

    again = services.record_judgement(team["lead"], inspection_a, "CA-F02", "not_met", expected_version=1)

    assert again.version == 2
    assert CriterionJudgement.objects.get(pk=first.pk).version == 2


def test_it_refuses_a_judgement_saved_over_a_newer_one_and_writes_nothing(inspection_a, team):
    services.record_judgement(team["inspector"], inspection_a, "CA-F02", "partly", comment="Half done")
    services.record_judgement(team["lead"], inspection_a, "CA-F02", "not_met", comment="Not at all")
    events = _events()

    with pytest.raises(services.Conflict) as conflict:
        services.record_judgement(team["inspector"], inspection_a, "CA-F02", "na", expected_version=1)

    assert conflict.value.changed_by == team["lead"].username
    assert conflict.value.changed_at is not None
    assert conflict.value.current["value"] == "not_met"
    assert conflict.value.current["comment"] == "Not at all"
    assert conflict.value.current["version"] == 2
    judgement = CriterionJudgement.objects.get(inspection=inspection_a, criterion__code="CA-F02")
    assert (judgement.value, judgement.version) == ("not_met", 2)
    assert _events() == events


def test_it_refuses_a_first_judgement_when_someone_recorded_one_meanwhile(inspection_a, team):
    services.record_judgement(team["lead"], inspection_a, "CA-F03", "partly", expected_version=0)

    with pytest.raises(services.Conflict) as conflict:
        services.record_judgement(team["inspector"], inspection_a, "CA-F03", "not_met", expected_version=0)

    assert conflict.value.current["value"] == "partly"
    assert CriterionJudgement.objects.filter(inspection=inspection_a, criterion__code="CA-F03").count() == 1


def test_it_skips_the_check_without_an_expected_version(inspection_a, team):
    services.record_judgement(team["lead"], inspection_a, "CA-F02", "partly")
    services.record_judgement(team["lead"], inspection_a, "CA-F02", "not_met")

    judgement = services.record_judgement(team["inspector"], inspection_a, "CA-F02", "na")

    assert (judgement.value, judgement.version) == ("na", 3)


def test_it_refuses_a_permission_before_it_shows_a_conflict(inspection_a, team, make_persona):
    services.record_judgement(team["lead"], inspection_a, "CA-F02", "partly")

    for persona in ("moderator", "force_a", "analyst"):
        with pytest.raises(services.NotAllowed):
            services.record_judgement(make_persona(persona), inspection_a, "CA-F02", "na", expected_version=0)


def test_it_versions_conditions(inspection_a, team):
    record = services.set_condition(
        team["inspector"], inspection_a, "CA", "beacon", present=True, rationale="National award"
    )
    services.set_condition(team["lead"], inspection_a, "CA", "beacon", present=False, expected_version=1)

    with pytest.raises(services.Conflict) as conflict:
        services.set_condition(
            team["inspector"], inspection_a, "CA", "beacon", present=True, rationale="x", expected_version=1
        )

    assert conflict.value.current["present"] is False
    assert ConditionRecord.objects.get(pk=record.pk).version == 2


def _finding(inspection, actor) -> Finding:
    return services.add_finding(actor, inspection, kind="strength", text="Clear policy", framework="CA")


def test_it_versions_finding_edits_moves_and_deletes(inspection_a, team):
    finding = _finding(inspection_a, team["inspector"])
    other = _finding(inspection_a, team["inspector"])
    assert finding.version == 1

    services.edit_finding(team["lead"], finding, text="A clear, current policy", expected_version=1)
    events = _events()
    for stale in (
        lambda: services.edit_finding(team["inspector"], finding, text="Mine", expected_version=1),
        lambda: services.move_finding(team["inspector"], finding, direction="down", expected_version=1),
        lambda: services.delete_finding(team["inspector"], finding, expected_version=1),
    ):
        with pytest.raises(services.Conflict) as conflict:
            stale()
        assert conflict.value.current["text"] == "A clear, current policy"
        assert conflict.value.changed_by == team["lead"].username
    assert _events() == events
    assert Finding.objects.get(pk=finding.pk).text == "A clear, current policy"

    moved = services.move_finding(team["inspector"], finding, direction="down", expected_version=2)
    assert moved.version == 3
    assert Finding.objects.get(pk=other.pk).version == 1
    services.delete_finding(team["inspector"], finding, expected_version=3)
    assert not Finding.objects.filter(pk=finding.pk).exists()


def test_it_versions_every_change_to_evidence(inspection_a, team, add_item):
    item = add_item(inspection_a)
    assert item.version == 1
    steps = [
        lambda v: services.update_evidence(
            team["inspector"], item, title="Policy (2006)", expected_version=v
        ),
        lambda v: services.link_criteria(team["inspector"], item, ["CA-F01"], expected_version=v),
        lambda v: services.unlink_criteria(team["inspector"], item, ["CA-F01"], expected_version=v),
        lambda v: services.verify_evidence(team["inspector"], item, "Saw the original", expected_version=v),
        lambda v: services.reset_verification(team["inspector"], item, "Wrong copy", expected_version=v),
        lambda v: services.corroborate_evidence(
            team["inspector"], item, note="The partner agreed", expected_version=v
        ),
        lambda v: services.attach_file(
            team["inspector"], item, b"Minutes\n", "minutes.txt", expected_version=v
        ),
    ]
    for done, step in enumerate(steps, start=1):
        events = _events()
        with pytest.raises(services.Conflict) as conflict:
            step(done + 1)
        assert conflict.value.current["version"] == done
        assert _events() == events
        step(done)
        assert Evidence.objects.get(pk=item.pk).version == done + 1


def test_it_names_the_last_change_not_a_download(inspection_a, team, add_item, make_persona):
    item = add_item(inspection_a, file=b"Minutes\n")
    services.update_evidence(team["lead"], item, title="Minutes of the board")
    services.open_file(team["inspector"], item).stream.close()

    with pytest.raises(services.Conflict) as conflict:
        services.update_evidence(team["inspector"], item, title="Minutes", expected_version=1)

    assert conflict.value.changed_by == team["lead"].username
    assert conflict.value.current["title"] == "Minutes of the board"


def test_it_refuses_an_award_over_a_newer_award(inspection_a, team):
    first = services.award_grade(team["inspector"], inspection_a, "CA", "fair", "Judged as a whole")
    assert first.version == 1
    second = services.award_grade(team["lead"], inspection_a, "CA", "good", "Better", expected_version=1)
    assert second.version == 2
    events = _events()

    with pytest.raises(services.Conflict) as conflict:
        services.award_grade(team["inspector"], inspection_a, "CA", "poor", "Worse", expected_version=1)

    assert conflict.value.current["grade"] == "good"
    assert conflict.value.current["id"] == second.pk
    assert "trace" not in conflict.value.current
    assert services.current_award(inspection_a, second.framework).pk == second.pk
    assert _events() == events


def test_it_refuses_a_first_award_when_one_was_made_meanwhile(inspection_a, team):
    services.award_grade(team["lead"], inspection_a, "CA", "fair", "Judged as a whole", expected_version=0)

    with pytest.raises(services.Conflict):
        services.award_grade(team["inspector"], inspection_a, "CA", "good", "Mine", expected_version=0)


def test_it_refuses_a_decision_on_an_award_decided_or_replaced_meanwhile(make_inspection, team, second_lead):
    inspection_a = make_inspection(inspectors=[team["inspector"], second_lead])
    award = services.award_grade(team["inspector"], inspection_a, "CA", "fair", "Judged as a whole")
    services.decide_departure(team["lead"], award, approve=False, note="Say more", expected_version=1)

    with pytest.raises(services.Conflict) as decided:
        services.decide_departure(second_lead, award, approve=True, expected_version=1)
    assert decided.value.current["status"] == "rejected"
    assert decided.value.changed_by == team["lead"].username

    newer = services.award_grade(
        team["inspector"], inspection_a, "CA", "fair", "More said", expected_version=2
    )
    assert newer.version == 3
    with pytest.raises(services.Conflict) as replaced:
        services.decide_departure(team["lead"], award, approve=True, expected_version=2)
    assert replaced.value.current["id"] == newer.pk

    approved = services.decide_departure(team["lead"], newer, approve=True, expected_version=3)
    assert (approved.status, approved.version) == ("approved", 4)


def test_it_lets_the_actor_save_again_over_their_own_later_save(inspection_a, team):
    # A judgement row posts on every change: a second post may still carry the version the first began from.
    services.record_judgement(team["inspector"], inspection_a, "CA-F02", "partly", expected_version=0)
    services.record_judgement(team["inspector"], inspection_a, "CA-F02", "not_met", expected_version=1)

    again = services.record_judgement(
        team["inspector"], inspection_a, "CA-F02", "not_met", comment="No audit", expected_version=1
    )

    assert (again.comment, again.version) == ("No audit", 3)


def test_it_refuses_when_anyone_else_saved_in_between_the_actors_own_saves(inspection_a, team, add_item):
    item = add_item(inspection_a)
    services.update_evidence(team["lead"], item, title="The lead's title")
    services.update_evidence(team["inspector"], item, summary="The inspector's summary")
    attached = add_item(inspection_a, title="Minutes")
    services.attach_file(team["lead"], attached, b"Minutes\n", "minutes.txt")
    services.update_evidence(team["inspector"], attached, summary="Board minutes")

    with pytest.raises(services.Conflict):
        services.update_evidence(team["inspector"], item, summary="Mine", expected_version=1)
    with pytest.raises(services.Conflict) as conflict:
        # The attachment's audit event does not carry a version: not known to be the actor's own.
        services.update_evidence(team["inspector"], attached, summary="Mine", expected_version=1)
    assert conflict.value.changed_by == team["lead"].username
