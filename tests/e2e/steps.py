"""Steps the browser journeys share: on the judgement grid (each change posts its row through htmx and
the row comes back in place) and on the grade page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from inspectorate.inspections.models import Inspection


def rest_on(page: Any, code: str, reference: str) -> None:
    """Tick an item the judgement rests on and wait for the row to come back listing it."""
    with page.expect_response(lambda r: f"/judgements/{code}/" in r.url and r.request.method == "POST"):
        page.locator(f"#j-{code}-e-{reference}").check()
    page.wait_for_selector(f"#criterion-{code} [data-testid=rests-on] li[data-reference='{reference}']")


def judge(page: Any, code: str, value: str, expect_status: int | None = None) -> None:
    """Pick a judgement and wait for htmx to swap the row back in: with the judgement recorded, or,
    when `expect_status` is given, with the refusal (400, 403) or the conflict (409) it answers."""
    with page.expect_response(
        lambda r: f"/judgements/{code}/" in r.url and r.request.method == "POST"
    ) as answer:
        page.locator(f"#j-{code}-{value}").check()
    assert answer.value.status == (expect_status or 200), answer.value.status
    if expect_status == 409:
        page.wait_for_selector(f"#criterion-{code} [data-testid=row-conflict]")
    elif expect_status:
        page.wait_for_selector(f"#criterion-{code} .govuk-error-message")
    else:
        page.wait_for_selector(f"#criterion-{code} #j-{code}-{value}:checked")


def award(page: Any, inspection: Inspection, code: str, grade: str, rationale: str) -> None:
    """Award a framework's grade on its grade page, with the rationale a departure needs."""
    page.goto(reverse("inspections:grade", args=[inspection.pk, code]))
    form = page.locator("[data-testid=award-form]")
    form.get_by_label(grade, exact=True).check()
    form.locator("textarea[name=rationale]").fill(rationale)
    page.get_by_role("button", name="Award the grade").click()
    page.wait_for_selector("[data-testid=award-history]")
