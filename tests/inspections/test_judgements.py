"""Criterion judgements and conditions (METHODOLOGY §5): the verified-evidence gate."""

from __future__ import annotations

import datetime

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import SourceType
from inspectorate.inspections.models import ConditionRecord, CriterionJudgement

OUTSIDE = datetime.date(2005, 12, 1)


def _value(inspection, code):
    judgement = CriterionJudgement.objects.filter(inspection=inspection, criterion__code=code).first()
    return judgement.value if judgement else None


def test_it_refuses_met_without_linked_evidence(inspection_a, team):
    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met")

    assert "no item is linked to CA-F01 yet" in invalid.value.errors["value"]
    assert _value(inspection_a, "CA-F01") is None


def test_it_refuses_met_when_no_evidence_is_chosen_although_verified_items_are_linked(
    inspection_a, team, verified_item
):
    verified_item(inspection_a, ["CA-F01"])

    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met")

    assert "choose one of the 1 linked to CA-F01" in invalid.value.errors["value"]
    assert _value(inspection_a, "CA-F01") is None


def test_it_counts_only_the_chosen_items_not_every_linked_one(inspection_a, team, add_item, verified_item):
    verified_item(inspection_a, ["CA-F01"], title="Verified audit")
    interview = add_item(inspection_a, criteria=["CA-F01"], title="Interview")
    services.corroborate_evidence(team["inspector"], interview, note="The partner agreed")

    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[interview])

    assert invalid.value.errors["value"].endswith(f"{interview.reference} is not verified")
    assert _value(inspection_a, "CA-F01") is None


def test_it_allows_met_with_verified_evidence_and_other_values_without(inspection_a, team, verified_item):
    item = verified_item(inspection_a, ["CA-F01"])

    services.record_judgement(
        team["inspector"], inspection_a, "CA-F01", "met", comment="Policy in place", evidence=[item]
    )
    services.record_judgement(team["inspector"], inspection_a, "CA-F02", "partly")
    services.record_judgement(team["inspector"], inspection_a, "CA-F03", "not_met")
    services.record_judgement(team["inspector"], inspection_a, "CA-F04", "na")

    assert [_value(inspection_a, c) for c in ("CA-F01", "CA-F02", "CA-F03", "CA-F04")] == [
        "met",
        "partly",
        "not_met",
        "na",
    ]


def test_it_keeps_the_chosen_evidence_when_none_is_given(inspection_a, team, verified_item):
    item = verified_item(inspection_a, ["CA-F01"])
    services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[item])

    judgement = services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", comment="Still")

    assert list(judgement.evidence.all()) == [item]
    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[])
    assert "choose one of the 1 linked" in invalid.value.errors["value"]
    assert list(judgement.evidence.all()) == [item]


def test_it_refuses_an_item_not_linked_to_the_criterion_and_writes_nothing(inspection_a, team, verified_item):
    item = verified_item(inspection_a, ["CA-F02"])

    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "partly", evidence=[item])

    assert invalid.value.errors["evidence"] == (
        f"{item.reference} is not linked to CA-F01; link the evidence to the criterion first"
    )
    assert _value(inspection_a, "CA-F01") is None
    assert list(item.criteria.values_list("code", flat=True)) == ["CA-F02"]


def test_it_audits_the_evidence_a_judgement_rests_on(inspection_a, team, verified_item):
    item = verified_item(inspection_a, ["CA-F01"])

    judgement = services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[item])

    assert list(judgement.evidence.all()) == [item]
    event = AuditEvent.objects.filter(action="judgement.recorded").latest("id")
    assert event.after["evidence"] == [item.reference]


def test_it_does_not_count_outside_period_evidence_without_a_reason(inspection_a, team, verified_item):
    item = verified_item(inspection_a, ["CA-F01"], effective_date=OUTSIDE)

    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[item])
    services.update_evidence(team["inspector"], item, outside_period_reason="The 2005 protocol still applied")
    services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[item])

    assert "outside the assessment period" in invalid.value.errors["value"]
    assert _value(inspection_a, "CA-F01") == "met"


def test_it_never_counts_a_self_assessment_as_verified_support(inspection_a, team, add_item):
    claim = add_item(inspection_a, criteria=["CA-F01"], source_type=SourceType.FORCE_SELF_ASSESSMENT)
    services.corroborate_evidence(team["inspector"], claim, note="Named by the LSCB")

    with pytest.raises(services.Invalid):
        services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met", evidence=[claim])


def test_it_waives_the_gate_when_the_programme_says_so(inspection_a, team, programme, make_persona):
    services.set_programme_policy(
        make_persona("admin"), programme, met_needs_verified_evidence=False, sensitive_groups=None
    )

    services.record_judgement(team["inspector"], inspection_a, "CA-F01", "met")

    assert _value(inspection_a, "CA-F01") == "met"


def test_it_keeps_one_judgement_per_criterion_and_audits_each_change(inspection_a, team):
    first = services.record_judgement(team["inspector"], inspection_a, "CA-F01", "partly")
    second = services.record_judgement(
        team["lead"], inspection_a, "CA-F01", "not_met", comment="No audit trail"
    )
    services.record_judgement(team["lead"], inspection_a, "CA-F01", "")

    assert first.pk == second.pk
    assert CriterionJudgement.objects.filter(inspection=inspection_a).count() == 1
    events = AuditEvent.objects.for_object(first).filter(action="judgement.recorded").order_by("id")
    assert [(e.before and e.before["value"], e.after["value"]) for e in events] == [
        (None, "partly"),
        ("partly", "not_met"),
        ("not_met", ""),
    ]


def test_it_refuses_criteria_outside_the_scope_and_unknown_values(make_inspection, team):
    inspection = make_inspection(frameworks=("NP",))

    with pytest.raises(services.Invalid) as invalid:
        services.record_judgement(team["inspector"], inspection, "CA-F01", "excellent")

    assert set(invalid.value.errors) == {"criterion", "value"}


def test_it_lets_only_the_team_judge(inspection_a, make_persona, second_lead):
    for outsider in (make_persona("moderator"), make_persona("force_a"), second_lead, None):
        with pytest.raises(services.NotAllowed):
            services.record_judgement(outsider, inspection_a, "CA-F01", "partly")


def test_it_records_conditions_with_a_rationale_when_present(inspection_a, team, verified_item):
    adoption = verified_item(inspection_a, title="Adoption by Staffordshire")

    with pytest.raises(services.Invalid) as invalid:
        services.set_condition(team["inspector"], inspection_a, "CA", "beacon", present=True)
    record = services.set_condition(
        team["inspector"],
        inspection_a,
        "CA",
        "beacon",
        present=True,
        rationale="Adopted by two forces",
        evidence=[adoption],
    )
    services.set_condition(team["inspector"], inspection_a, "CA", "beacon", present=False)

    assert "rationale" in invalid.value.errors
    record.refresh_from_db()
    assert record.present is False
    assert ConditionRecord.objects.count() == 1
    with pytest.raises(services.Invalid) as unknown:
        services.set_condition(team["inspector"], inspection_a, "FE", "halo", present=False)
    assert set(unknown.value.errors) == {"framework", "condition"}
