"""The htmx behaviour in a real browser: a changed judgement swaps its row and the proposal panel,
and a changed filter narrows the register in place and in the address bar."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from tests.browser import sign_in

from .test_judgements import all_met

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(open_page: Any, world: SimpleNamespace) -> Any:
    page = open_page()
    sign_in(page, world.make_persona("inspector").username)
    return page


def test_it_updates_the_proposal_when_a_judgement_changes(browser_page: Any, world: SimpleNamespace) -> None:
    all_met(world)
    page = browser_page
    page.goto(reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    grade = page.locator("[data-testid=proposed-grade]")
    assert grade.get_attribute("data-grade") == "good"
    page.locator("#j-CA-F05-not_met").check()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=proposed-grade]').dataset.grade === 'fair'", timeout=5000
    )
    # The row was swapped in place, not the whole page: the other rows are the same elements.
    assert page.locator("#criterion-CA-F05 #j-CA-F05-not_met").is_checked()
    assert page.locator("tr#criterion-CA-F05").count() == 1
    assert page.locator("#proposal-panel").count() == 1


def test_it_narrows_the_register_in_place(browser_page: Any, world: SimpleNamespace) -> None:
    page = browser_page
    page.goto(reverse("inspections:evidence", args=[world.inspection.pk]))
    assert page.locator("[data-testid=evidence-table] tbody tr").count() == 2
    page.select_option("#id_marking", "official_sensitive")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=evidence-table] tbody tr').length === 1"
    )
    assert "marking=official_sensitive" in page.url
    assert page.locator("[data-testid=evidence-filters]").count() == 1
