"""Steps the browser journeys share: the force's self-assessment, the judgement grid (each change posts
its row through htmx and the row comes back in place) and the grade page."""

from __future__ import annotations

from pathlib import Path
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


def submit_self_assessment(page: Any, *, title: str, summary: str, describes: str, upload: Path) -> None:
    """A force liaison officer, signed in, goes from their dashboard to the inspection's self-assessment
    page and submits one item with a file; the page comes back listing what the force submitted."""
    page.goto("/")
    page.locator("[data-testid=self-assessments] a").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What it shows").fill(summary)
    page.get_by_label("Date it describes").fill(describes)
    page.get_by_label("Files (optional)").set_input_files(str(upload))
    page.get_by_role("button", name="Submit to the inspection team").click()
    page.wait_for_selector("[data-testid=submission]")
