"""The worked demonstration inspection as loaded: West Midlands in the 2007 programme, reconstructed from
the published report. It is loaded once for this module (loading goes through the services and takes a
while); each test runs in its own savepoint, so changes a test makes are undone after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from inspectorate.accounts.models import User
from inspectorate.forces.reference import load_reference
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus, Marking, Stage, Verification
from inspectorate.inspections.demo.loader import load_demo
from inspectorate.inspections.models import Evidence, Inspection
from inspectorate.methodology.loading import load_pack
from inspectorate.reports import publication
from tests.conftest import PACK_2007

# The grades HMIC published for West Midlands in October 2007 (METHODOLOGY §8).
PUBLISHED = {"NP": "excellent", "PM": "excellent", "CA": "fair", "DV": "fair", "PP": "fair", "MP": "good"}
# What the grade engine proposes from the reconstructed judgements (docs/demo-data.md explains each):
# CA has a significant Fair criterion only partly met and no rule holds; MP's Good criteria reach a met
# share of exactly 50%, and Good needs more than half.
PROPOSED = {"NP": "excellent", "PM": "excellent", "CA": None, "DV": "fair", "PP": "fair", "MP": "fair"}


@pytest.fixture(scope="module")
def demo_pk(django_db_setup: Any, django_db_blocker: Any) -> Iterator[int]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_reference()
            load_pack(PACK_2007)
            result = load_demo()
            assert result.created
            yield result.inspection.pk
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo_pk: int, db: None) -> Inspection:
    return Inspection.objects.get(pk=demo_pk)


def current_awards(inspection: Inspection) -> dict[str, Any]:
    awards = {}
    for framework in inspection.frameworks.all():
        award = services.current_award(inspection, framework)
        assert award is not None, framework.code
        awards[framework.code] = award
    return awards


def test_it_loads_a_drafting_demonstration_of_west_midlands(loaded: Inspection) -> None:
    assert loaded.force.code == "west-midlands"
    assert loaded.programme.code == "hmic-2007"
    assert loaded.stage == Stage.DRAFTING
    assert loaded.is_demonstration
    note = loaded.demonstration_note
    assert "reconstructed from the published 2007" in note
    assert "never counts in national figures" in note and "can never be published" in note
    assert "reconstruction for demonstration" in str(loaded)
    # The note says where the engine's proposals and the published grades part, and why.
    assert "Child abuse: no proposal" in note and "Missing persons: Fair is proposed" in note
    assert sorted(f.code for f in loaded.frameworks.all()) == sorted(PUBLISHED)
    assert (loaded.lead.username, [u.username for u in loaded.inspectors.all()]) == ("lead", ["inspector"])
    assert set(loaded.context) == {"geography", "demography", "strategic_priorities", "developments"}
    assert set(loaded.framework_context) == set(PUBLISHED)


def test_it_awards_every_framework_its_published_grade(loaded: Inspection) -> None:
    awarded = {code: award.grade for code, award in current_awards(loaded).items()}

    assert awarded == PUBLISHED


def test_it_records_which_proposals_the_awards_depart_from(loaded: Inspection) -> None:
    proposals = {f.code: services.framework_proposal(loaded, f) for f in loaded.frameworks.all()}

    assert {code: p.grade for code, p in proposals.items()} == PROPOSED
    assert proposals["CA"].reason == "judgement_required"
    departing = {code for code, award in current_awards(loaded).items() if award.is_departure}
    assert departing == {"CA", "MP"}
    for code, award in current_awards(loaded).items():
        assert award.proposed_grade == (PROPOSED[code] or "")
        if award.is_departure:
            assert award.rationale.strip(), code
            assert award.status == AwardStatus.APPROVED, code
            assert award.decided_by is not None and award.decided_by != award.author
        else:
            assert award.status == AwardStatus.NOT_NEEDED and not award.rationale


def test_it_judges_every_criterion_and_meets_them_only_on_verified_evidence(loaded: Inspection) -> None:
    for framework in loaded.frameworks.all():
        assert services.framework_proposal(loaded, framework).unjudged == (), framework.code
    assert services.blockers(loaded, Stage.MODERATION) == []


def test_it_marks_protecting_vulnerable_people_evidence_sensitive(loaded: Inspection) -> None:
    evidence = Evidence.objects.filter(inspection=loaded)
    pvp = (
        evidence.filter(frameworks__group__code="PVP").distinct()
        | evidence.filter(criteria__framework__group__code="PVP").distinct()
    )

    assert pvp.exists()
    assert {item.marking for item in pvp} == {Marking.OFFICIAL_SENSITIVE}
    assert evidence.filter(marking=Marking.OFFICIAL).exists()
    states = set(evidence.values_list("verification", flat=True))
    assert states == {Verification.VERIFIED, Verification.CORROBORATED, Verification.UNVERIFIED}
    assert len(set(evidence.values_list("source_type", flat=True))) == 9
    period = (loaded.programme.period_start, loaded.programme.period_end)
    assert all(period[0] <= item.effective_date <= period[1] for item in evidence)


def test_it_writes_findings_for_every_framework_and_the_pvp_overview(loaded: Inspection) -> None:
    for code in PUBLISHED:
        kinds = set(loaded.findings.filter(framework__code=code).values_list("kind", flat=True))
        assert kinds == {"strength", "work_in_progress", "area_for_improvement"}, code
    assert loaded.findings.filter(group__code="PVP", framework__isnull=True).count() == 8


def test_it_never_counts_nationally(loaded: Inspection) -> None:
    assert not Inspection.objects.counting_nationally().filter(pk=loaded.pk).exists()


def test_it_can_never_be_published(loaded: Inspection) -> None:
    # Jump to the last step before publication; the workflow itself must still refuse.
    Inspection.objects.filter(pk=loaded.pk).update(stage=Stage.FACTUAL_ACCURACY)

    with pytest.raises(services.NotAllowed, match="demonstration"):
        publication.publish(loaded.lead, loaded, confirm_few_practice_reason="none were submitted")
    with pytest.raises(services.Blocked) as refused:
        services.move(loaded.lead, loaded, Stage.PUBLISHED, via_publication=True)

    assert any("reconstruction for demonstration" in reason for reason in refused.value.blockers)
    assert Inspection.objects.get(pk=loaded.pk).stage == Stage.FACTUAL_ACCURACY


def test_it_creates_missing_team_members_without_usable_passwords(loaded: Inspection) -> None:
    for username in ("lead", "inspector"):
        assert not User.objects.get(username=username).has_usable_password()
