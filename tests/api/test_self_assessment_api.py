"""Verifying a force self-assessment through the API needs the independent check, as on the page."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from inspectorate.inspections import services
from inspectorate.inspections.choices import Verification
from tests.permissions.world_self_assessment import build_self_assessment

from .conftest import Call

pytestmark = pytest.mark.django_db


def test_it_verifies_a_self_assessment_only_with_an_independent_check(
    world: SimpleNamespace, call: Call
) -> None:
    build_self_assessment(world)
    [claim] = services.submit_self_assessment(
        world.make_persona("force_a"),
        world.sa_inspection,
        title="Referral audit",
        summary="Every referral screened on the day.",
        effective_date=datetime.date(2007, 2, 28),
    )
    url = {"inspection_id": world.sa_inspection.pk, "reference": claim.reference}

    alone = call(
        "inspector", "post", "change_verification", {"to_state": "verified", "note": "Read it"}, **url
    )
    by_another_claim = call(
        "inspector",
        "post",
        "change_verification",
        {"to_state": "verified", "note": "Agrees", "corroborating": world.sa_item.reference},
        **url,
    )
    tested = call(
        "inspector",
        "post",
        "change_verification",
        {"to_state": "verified", "note": "Ten referrals traced", "tested_in_practice": True},
        **url,
    )

    assert alone.status_code == 422 and "independent check" in alone.json()["errors"]["to_state"]
    assert by_another_claim.status_code == 422 and "corroborating" in by_another_claim.json()["errors"]
    assert tested.status_code == 200, tested.content
    assert tested.json()["verification"] == Verification.VERIFIED
    assert claim.verification_events.get().tested_in_practice
