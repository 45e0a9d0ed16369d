"""The access vocabulary: the common actions, the ones a model adds for itself, and the decisions made
before there is an object (`permits`) or about one (`decide`), each with the rule's reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from inspectorate.accounts.access import actions_of, decide, permits, rule_for
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Evidence, Finding, GradeAward, Inspection
from inspectorate.practice.models import PracticeExample

pytestmark = pytest.mark.django_db

Persona = Callable[[str], Any]


def test_it_adds_a_models_own_actions_to_the_common_ones() -> None:
    assert {"view", "add", "change", "delete", "download"} <= actions_of(Force)
    assert "view_working" in actions_of(Inspection) and "view_working" in actions_of(GradeAward)
    assert {"approve", "moderate"} <= actions_of(GradeAward)
    assert "comment" in actions_of(Finding) and "verify" in actions_of(Evidence)
    assert "adopt" in actions_of(PracticeExample)
    # An action belongs to the model that declares it.
    assert "approve" not in actions_of(Finding)
    with pytest.raises(ValueError, match="unknown action 'approve' for Finding"):
        rule_for(Finding, None, "approve")


def test_it_says_before_any_object_whether_a_rule_allows_anything(make_persona: Persona) -> None:
    lead, inspector, force = make_persona("lead"), make_persona("inspector"), make_persona("force_a")

    assert permits(Inspection, lead, "add")
    refused = permits(Inspection, inspector, "add")
    assert (
        not refused
        and refused.reason == "only lead inspectors plan inspections and only administrators delete them"
    )
    # A rule limited to some rows permits: the force may see some inspections.
    assert permits(Inspection, force, "view")
    assert not permits(GradeAward, force, "approve")
    assert not permits(Inspection, None, "review")


def test_it_refuses_an_object_with_the_rules_own_words(pack_2007: Any, make_persona: Persona) -> None:
    lead, inspector = make_persona("lead"), make_persona("inspector")
    inspection = Inspection.objects.create(
        force=Force.objects.get(code="west-midlands"), programme=pack_2007, lead=lead, created_by=lead
    )
    inspection.inspectors.set([inspector])

    assert decide(Inspection, lead, "direct", inspection)
    refused = decide(Inspection, inspector, "direct", inspection)
    assert not refused
    assert (
        refused.reason
        == "only the inspection's lead inspector moves an inspection on from drafting and sends it back"
    )
    # Without words of its own for a refusal, a rule says "not allowed" and why it allows what it does.
    other = Inspection.objects.decide(make_persona("analyst"), "view", inspection)
    assert other.reason == "not allowed: published inspections are public"


def test_it_refuses_to_decide_for_a_model_without_restricted_access(forces: None) -> None:
    from inspectorate.inspections.models import EvidenceFile

    with pytest.raises(TypeError, match="not access-controlled"):
        permits(EvidenceFile, None, "view")
