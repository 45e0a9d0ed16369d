"""Evidence (METHODOLOGY §4): its fields and defaults, the assessment period, and verification."""

from __future__ import annotations

import datetime

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import Marking, SourceType, Verification
from inspectorate.inspections.models import Evidence, VerificationEvent

OUTSIDE = datetime.date(2005, 12, 1)


def test_it_records_every_field_with_its_defaults(inspection_a, team, add_item):
    item = add_item(inspection_a, criteria=["NP-F01"], frameworks=["NP"])

    assert item.reference == "E001"
    assert item.source_type == SourceType.DOCUMENT
    assert item.title == "Child protection policy"
    assert item.summary.startswith("The force policy")
    assert item.collected_by == team["inspector"]
    assert item.collected_on == datetime.date(2007, 6, 1)
    assert item.effective_date == datetime.date(2007, 1, 15)
    assert item.marking == Marking.OFFICIAL
    assert item.verification == Verification.UNVERIFIED
    assert item.verified_by is None
    assert list(item.criteria.values_list("code", flat=True)) == ["NP-F01"]
    assert list(item.frameworks.values_list("code", flat=True)) == ["NP"]
    assert add_item(inspection_a).reference == "E002"


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ({"criteria": ["CA-F01"]}, Marking.OFFICIAL_SENSITIVE),
        ({"frameworks": ["MP"]}, Marking.OFFICIAL_SENSITIVE),
        ({"criteria": ["NP-F01"], "frameworks": ["DV"]}, Marking.OFFICIAL_SENSITIVE),
        ({"criteria": ["PM-F01"]}, Marking.OFFICIAL),
        ({}, Marking.OFFICIAL),
    ],
)
def test_it_marks_evidence_about_vulnerable_people_sensitive_by_default(
    inspection_a, add_item, links, expected
):
    assert add_item(inspection_a, **links).marking == expected


def test_it_keeps_an_explicit_marking_and_marks_sensitive_when_linked_to_pvp_later(
    inspection_a, team, add_item
):
    chosen = add_item(inspection_a, criteria=["CA-F01"], marking=Marking.OFFICIAL)
    later = add_item(inspection_a, criteria=["NP-F01"])

    services.link_criteria(team["inspector"], later, ["DV-F02"])

    assert chosen.marking == Marking.OFFICIAL
    later.refresh_from_db()
    assert later.marking == Marking.OFFICIAL_SENSITIVE


def test_it_reads_the_sensitive_groups_from_the_programme_policy(
    inspection_a, programme, add_item, make_persona
):
    services.set_programme_policy(
        make_persona("admin"), programme, met_needs_verified_evidence=True, sensitive_groups=[]
    )

    assert add_item(inspection_a, criteria=["CA-F01"]).marking == Marking.OFFICIAL


def test_it_flags_evidence_outside_the_assessment_period_and_keeps_the_reason(inspection_a, add_item):
    inside = add_item(inspection_a)
    outside = add_item(inspection_a, effective_date=OUTSIDE)
    explained = add_item(
        inspection_a,
        effective_date=OUTSIDE,
        outside_period_reason="The 2005 policy was still in force in 2007.",
    )

    assert not inside.outside_period
    assert outside.outside_period and not outside.can_support_judgement
    assert explained.outside_period and explained.can_support_judgement
    assert AuditEvent.objects.for_object(outside).get().after["outside_period"] is True


def test_it_reports_bad_fields(inspection_a, add_item, make_persona):
    with pytest.raises(services.Invalid) as invalid:
        add_item(
            inspection_a,
            source_type="rumour",
            title=" ",
            collected_on=datetime.date(2999, 1, 1),
            marking="secret",
            criteria=["XX-F01"],
            frameworks=["FE"],
            collected_by=make_persona("moderator"),
        )

    assert set(invalid.value.errors) == {
        "source_type",
        "title",
        "collected_on",
        "marking",
        "criteria",
        "frameworks",
        "collected_by",
    }
    assert not Evidence.objects.exists()


def test_it_refuses_a_reference_used_twice(inspection_a, add_item):
    add_item(inspection_a, reference="WM-1")
    with pytest.raises(services.Invalid) as invalid:
        add_item(inspection_a, reference="WM-1")

    assert "already used" in invalid.value.errors["reference"]


@pytest.mark.parametrize("persona", ["public", "moderator", "force_a", "analyst"])
def test_it_lets_only_the_team_add_evidence(inspection_a, add_item, make_persona, persona):
    with pytest.raises(services.NotAllowed):
        add_item(inspection_a, actor=make_persona(persona))


def test_it_updates_fields_and_audits_before_and_after(inspection_a, team, add_item):
    item = add_item(inspection_a)

    services.update_evidence(team["lead"], item, title="Revised policy", frameworks=["CA"])

    item.refresh_from_db()
    assert item.title == "Revised policy"
    event = AuditEvent.objects.for_object(item).get(action="evidence.changed")
    assert event.before["title"] == "Child protection policy"
    assert event.after["title"] == "Revised policy"
    assert event.after["frameworks"] == ["CA"]
    with pytest.raises(services.Invalid):
        services.update_evidence(team["lead"], item, verification="verified")


def test_it_never_verifies_a_force_self_assessment_on_its_own(inspection_a, team, add_item):
    claim = add_item(inspection_a, source_type=SourceType.FORCE_SELF_ASSESSMENT)

    with pytest.raises(services.Invalid) as invalid:
        services.verify_evidence(team["inspector"], claim, "We read it")

    assert "only by an independent check" in invalid.value.errors["to_state"]
    claim.refresh_from_db()
    assert claim.verification == Verification.UNVERIFIED
    assert not VerificationEvent.objects.exists()


def test_it_corroborates_only_with_an_independent_item_or_a_named_source(inspection_a, team, add_item):
    claim = add_item(inspection_a, source_type=SourceType.FORCE_SELF_ASSESSMENT)
    other_claim = add_item(inspection_a, source_type=SourceType.FORCE_SELF_ASSESSMENT)
    interview = add_item(inspection_a, source_type=SourceType.INTERVIEW, title="Interview with the DCI")

    for bad in ({}, {"corroborating": other_claim}, {"corroborating": claim}):
        with pytest.raises(services.Invalid):
            services.corroborate_evidence(team["inspector"], claim, **bad)
    services.corroborate_evidence(team["inspector"], claim, corroborating=interview)
    services.corroborate_evidence(team["inspector"], other_claim, note="The LSCB chair confirmed it by phone")

    claim.refresh_from_db()
    assert claim.verification == Verification.CORROBORATED
    assert claim.verified_by == team["inspector"]
    event = claim.verification_events.get()
    assert (event.from_state, event.to_state, event.by, event.corroborating) == (
        "unverified",
        "corroborated",
        team["inspector"],
        interview,
    )
    with pytest.raises(services.Invalid):
        services.verify_evidence(team["inspector"], claim, "Checked")


def test_it_refuses_a_corroborating_item_of_another_inspection(inspection_a, make_inspection, team, add_item):
    other_inspection = make_inspection(force="durham")
    item = add_item(inspection_a)
    elsewhere = add_item(other_inspection)

    with pytest.raises(services.Invalid) as invalid:
        services.corroborate_evidence(team["inspector"], item, corroborating=elsewhere)

    assert "same inspection" in invalid.value.errors["corroborating"]


def test_it_records_each_verification_move(inspection_a, team, add_item):
    item = add_item(inspection_a)

    services.corroborate_evidence(team["inspector"], item, note="Matches the partner's account")
    services.verify_evidence(team["lead"], item, "Saw the original minutes")
    with pytest.raises(services.Invalid):
        services.reset_verification(team["lead"], item, "")
    services.reset_verification(team["lead"], item, "The minutes were a draft")

    moves = [(e.from_state, e.to_state, e.by.username, e.note) for e in item.verification_events.all()]
    assert moves == [
        ("unverified", "corroborated", "isla.inspector", "Matches the partner's account"),
        ("corroborated", "verified", "leonard.lead", "Saw the original minutes"),
        ("verified", "unverified", "leonard.lead", "The minutes were a draft"),
    ]
    item.refresh_from_db()
    assert item.verification == Verification.UNVERIFIED and item.verified_by is None
    events = AuditEvent.objects.for_object(item).filter(action="evidence.verification_changed").order_by("id")
    assert [(e.before["verification"], e.after["verification"]) for e in events] == [
        ("unverified", "corroborated"),
        ("corroborated", "verified"),
        ("verified", "unverified"),
    ]


def test_it_needs_a_note_of_what_was_checked(inspection_a, team, add_item):
    item = add_item(inspection_a)

    with pytest.raises(services.Invalid) as invalid:
        services.verify_evidence(team["inspector"], item, "  ")

    assert "note" in invalid.value.errors


def test_it_links_only_criteria_of_the_inspections_frameworks(make_inspection, team, add_item):
    inspection = make_inspection(frameworks=("CA",))
    item = add_item(inspection)

    with pytest.raises(services.Invalid) as invalid:
        services.link_criteria(team["inspector"], item, ["NP-F01"])
    services.link_criteria(team["inspector"], item, ["CA-F01", "CA-G01"])
    services.unlink_criteria(team["inspector"], item, ["CA-G01"])

    assert "NP-F01" in invalid.value.errors["criteria"]
    assert list(item.criteria.values_list("code", flat=True)) == ["CA-F01"]
    links = AuditEvent.objects.for_object(item).filter(action="evidence.linked").order_by("id")
    assert [(e.before["criteria"], e.after["criteria"]) for e in links] == [
        ([], ["CA-F01", "CA-G01"]),
        (["CA-F01", "CA-G01"], ["CA-F01"]),
    ]
