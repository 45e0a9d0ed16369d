"""An inspection as the whole team does it, in the browser: during fieldwork the force submits its
self-assessment with a file and sees only what it submitted; the team corroborates it and picks the
evidence each judgement rests on (met is refused until a verified item is among them); two inspectors
save the same judgement and the second is shown the first one's change; the lead is told of a
departure and approves it from the notification, publishes the report (following the publication job)
and then corrects one finding as version 2, whose public page the old version links to.

Steps that are not the point here (the bulk of the judgements, moderation, the developing-practice
selection, the moves between stages) are taken through the services, as the team would take them on
other pages."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus, FindingKind, ModerationOutcome, SourceType, Stage
from inspectorate.inspections.models import CriterionJudgement, Evidence, Finding, GradeAward, Inspection
from inspectorate.reports.models import PublishedReport
from tests.browser import PASSWORD, sign_in
from tests.e2e import steps
from tests.publication.conftest import quick_pdf, with_practice  # noqa: F401  (fixtures)
from tests.stages import new_inspection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("quick_pdf"),
]

FAIR = [f"CA-F{n:02d}" for n in range(1, 13)]
GOOD = [f"CA-G{n:02d}" for n in range(1, 10)]
CLASH = "CA-G07"  # the judgement both inspectors save
PUBLISHED = "/published/hmic-2007/west-midlands/"


@pytest.fixture
def second_inspector(forces: None) -> User:
    """A second inspector on the team (the personas have one of each role)."""
    return User.objects.create_user(username="ivor.inspector", password=PASSWORD, role=Role.INSPECTOR)


@pytest.fixture
def fieldwork(pack_2007: Any, make_persona: Any, second_inspector: User) -> Inspection:
    """West Midlands child abuse (CA) at fieldwork, led by the lead with both inspectors on the team,
    and the team's own case-file audit, linked to every CA criterion but not yet verified."""
    inspector = make_persona("inspector")
    planned = new_inspection(
        make_persona,
        force=Force.objects.get(code="west-midlands"),
        programme=pack_2007,
        frameworks=["CA"],
        inspectors=[inspector, second_inspector],
        title="West Midlands child abuse inspection",
    )
    inspection = services.move(make_persona("lead"), planned, Stage.FIELDWORK)
    services.add_evidence(
        inspector,
        inspection,
        source_type=SourceType.CASE_FILE_AUDIT,
        title="Audit of 40 child protection case files",
        summary="Strategy discussions were held promptly in 38 of 40.",
        collected_on=datetime.date(2007, 6, 12),
        effective_date=datetime.date(2007, 5, 31),
        criteria=FAIR + GOOD,
    )
    return inspection


def test_it_takes_the_team_from_evidence_to_a_corrected_report(
    open_page: Any,
    fieldwork: Inspection,
    make_persona: Any,
    second_inspector: User,
    with_practice: Any,  # noqa: F811  (the fixture imported above)
    client_for: Any,
    tmp_path: Path,
) -> None:
    inspection, lead = fieldwork, make_persona("lead")
    audit = Evidence.objects.get(inspection=inspection, title__startswith="Audit of 40")

    # 1. Fieldwork: the force's liaison officer submits its self-assessment with a file, from their
    # dashboard, and sees what their force submitted, never the team's own evidence.
    upload = tmp_path / "referral-audit.csv"
    upload.write_bytes(b"month,referrals,screened the same day\n2007-04,41,41\n2007-05,38,38\n")
    force = _opened(open_page)
    sign_in(force, make_persona("force_a").username)
    steps.submit_self_assessment(
        force,
        title="Referral screening audit",
        summary="Every referral was screened on the day it arrived.",
        describes="2007-05-31",
        upload=upload,
    )
    submitted = force.locator("[data-testid=submissions]").inner_text()
    assert force.locator("[data-testid=submission]").count() == 1
    assert "referral-audit.csv" in submitted and audit.title not in force.content()
    refused = force.goto(reverse("inspections:evidence_detail", args=[inspection.pk, audit.pk]))
    assert refused is not None and refused.status == 404
    own = Evidence.objects.get(inspection=inspection, source_type=SourceType.FORCE_SELF_ASSESSMENT)
    other_force = client_for("force_b").get(reverse("inspections:self_assessment", args=[inspection.pk]))
    assert other_force.status_code == 404
    assert own.submitted_by == make_persona("force_a") and own.verification == "unverified"

    services.move(lead, inspection, Stage.DRAFTING)  # the lead is never told of their own move

    # 2. Evidence behind a judgement. The inspector links the force's item to a criterion and picks
    # it for the judgement: met is refused while it is unverified. Once the audit is verified and
    # corroborates the force's item, met is recorded, resting on it.
    page = _opened(open_page)
    sign_in(page, make_persona("inspector").username)
    page.goto(reverse("inspections:evidence_detail", args=[inspection.pk, own.pk]))
    linking = page.locator("[data-testid=link-form]")
    box = linking.locator(f"input[type=checkbox][value='{FAIR[0]}']")
    _open_details_around(box)
    box.check()
    linking.get_by_role("button", name="Save the criteria").click()
    page.wait_for_selector(f"[data-testid=linked-criteria] >> text={FAIR[0]}")

    page.goto(reverse("inspections:judgements", args=[inspection.pk, "CA"]))
    steps.rest_on(page, FAIR[0], own.reference)
    steps.judge(page, FAIR[0], "met", expect_status=400)
    refusal = page.locator(f"#criterion-{FAIR[0]} .govuk-error-message").inner_text()
    assert f"{own.reference} is not verified" in refusal

    _verify(page, inspection, audit, "Read the 40 files myself.")
    _verify(page, inspection, own, "The audit's files show the same-day screening.", corroborating=audit)

    page.goto(reverse("inspections:judgements", args=[inspection.pk, "CA"]))
    steps.judge(page, FAIR[0], "met")
    rests_on = page.locator(f"#criterion-{FAIR[0]} [data-testid=rests-on]").inner_text()
    assert own.reference in rests_on and "verified" in rests_on
    chosen = CriterionJudgement.objects.get(inspection=inspection, criterion__code=FAIR[0])
    assert (chosen.value, [e.pk for e in chosen.evidence.all()]) == ("met", [own.pk])

    # The rest of the grid is not the point: the other judgements through the services, each resting
    # on the verified audit (Good proposed: every Fair criterion met, six of the nine Good ones).
    inspector = make_persona("inspector")
    for code in FAIR[1:] + GOOD[:6]:
        services.record_judgement(inspector, inspection, code, "met", evidence=[audit])
    for code in GOOD[6:]:
        services.record_judgement(inspector, inspection, code, "not_met")

    # 3. Two inspectors open the same row; the first saves; the second's save is refused with the
    # first one's judgement shown beside theirs, and they then save theirs over it on purpose.
    grid = reverse("inspections:judgements", args=[inspection.pk, "CA"])
    page.goto(grid)
    other = _opened(open_page)
    sign_in(other, second_inspector.username)
    other.goto(grid)
    other.wait_for_selector(f"#criterion-{CLASH}")

    steps.judge(page, CLASH, "partly")
    steps.judge(other, CLASH, "na", expect_status=409)
    clash = other.locator(f"#criterion-{CLASH} [data-testid=row-conflict]")
    assert "isla.inspector" in clash.inner_text()
    assert "Partly met" in clash.locator("[data-testid=row-conflict-theirs]").inner_text()
    assert "Not applicable" in clash.locator("[data-testid=row-conflict-yours]").inner_text()
    judgement = CriterionJudgement.objects.get(inspection=inspection, criterion__code=CLASH)
    assert (judgement.value, judgement.judged_by.username) == ("partly", "isla.inspector")

    # The row now holds theirs' version and still their own choice: saving it is a save over theirs.
    with other.expect_navigation():  # a plain post, answered with the grid again
        other.locator(f"#criterion-{CLASH}").get_by_role("button", name=f"Save {CLASH}").click()
    row = other.locator(f"#criterion-{CLASH}")
    assert row.locator("[data-testid=row-conflict]").count() == 0
    assert row.locator(f"#j-{CLASH}-na").is_checked() and "by ivor.inspector" in row.inner_text()
    judgement.refresh_from_db()
    assert (judgement.value, judgement.judged_by, judgement.version) == ("na", second_inspector, 3)
    proposal = other.locator("[data-testid=proposed-grade]")
    assert proposal.get_attribute("data-grade") == "good"

    # 4. Fair is awarded although Good is proposed: a departure, which the lead is told of.
    rationale = "Out-of-hours cover depends on goodwill; the Good criteria met are not yet embedded."
    steps.award(page, inspection, "CA", "Fair", rationale)
    departure = GradeAward.objects.get(inspection=inspection, framework__code="CA")
    assert (departure.proposed_grade, departure.grade, departure.status) == (
        "good",
        "fair",
        AwardStatus.PENDING,
    )

    lead_page = _opened(open_page)
    sign_in(lead_page, lead.username)
    assert lead_page.locator("[data-testid=unread-count]").text_content().startswith("1")
    lead_page.locator("[data-testid=notifications-link]").click()
    told = lead_page.locator("[data-notification][data-read=no]")
    told.first.wait_for()
    assert told.count() == 1 and "awaits your approval" in told.inner_text()
    told.get_by_role("link").click()
    lead_page.wait_for_url(re.compile(re.escape(reverse("inspections:approvals")) + "$"))
    card = lead_page.locator(f"[data-testid=departure][data-award='{departure.pk}']")
    card.get_by_label("Approve the departure").check()
    card.get_by_role("button", name="Record the decision").click()
    lead_page.wait_for_selector("[data-testid=no-departures]")
    departure.refresh_from_db()
    assert (departure.status, departure.decided_by) == (AwardStatus.APPROVED, lead)
    assert lead_page.locator("[data-testid=unread-count]").count() == 0  # following it marked it read

    # 5. Moderation, the findings and the factual accuracy check are not the point: through the
    # services. Then the lead publishes in the browser.
    services.add_finding(
        inspector,
        inspection,
        kind=FindingKind.STRENGTH,
        framework="CA",
        text="Strategy discussions are held in every case.",
    )
    services.add_finding(
        inspector, inspection, kind=FindingKind.STRENGTH, framework="CA", text="Case files are complete."
    )
    inspection = services.move(lead, inspection, Stage.MODERATION)
    services.record_moderation(make_persona("moderator"), departure, ModerationOutcome.AGREED)
    with_practice(inspection)
    inspection = services.move(lead, inspection, Stage.FACTUAL_ACCURACY)

    lead_page.goto(reverse("inspections:detail", args=[inspection.pk]))
    lead_page.locator("[data-testid=publish-form]").get_by_role("button", name="Publish the report").click()
    _follow_publication(lead_page)
    public = _opened(open_page)
    public.goto(PUBLISHED)
    notice = public.locator("[data-testid=version-notice]").inner_text()
    assert notice.startswith("Version 1, published") and "superseded" not in notice
    assert "Strategy discussions are held in every case." in public.content()

    # 6. The lead corrects one finding: opens the correction naming it, changes it, publishes version 2.
    named = Finding.objects.get(inspection=inspection, text__startswith="Strategy discussions")
    lead_page.goto(reverse("inspections:detail", args=[inspection.pk]))
    lead_page.locator("[data-testid=correct-report]").click()
    form = lead_page.locator("[data-testid=correction-form]")
    form.locator("textarea[name=reason]").fill("One strength overstated the coverage of the files.")
    choice = form.locator(f"input[type=checkbox][value='finding:{named.pk}']")
    _open_details_around(choice)
    choice.check()
    form.get_by_role("button", name="Open the correction").click()
    lead_page.wait_for_selector("[data-testid=unlocked]")
    correction_url = lead_page.url
    lead_page.locator("[data-testid=unlocked] a").click()
    edit = lead_page.locator("[data-testid=finding-form]")
    edit.locator("textarea[name=text]").fill("Strategy discussions are held in most cases.")
    edit.get_by_role("button", name="Save the finding").click()
    lead_page.wait_for_selector(f"#finding-{named.pk}")

    lead_page.goto(correction_url)
    lead_page.wait_for_selector("[data-testid=ready]")
    correcting = lead_page.locator("[data-testid=publish-correction-form]")
    correcting.locator("textarea[name=change_note]").fill(
        "Strategy discussions were held in 38 of the 40 files, not in all."
    )
    correcting.get_by_role("button", name="Publish the correction").click()
    _follow_publication(lead_page)
    first, second = PublishedReport.objects.filter(inspection=inspection).order_by("version")
    assert (second.version, first.superseded_by) == (2, second)

    public.goto(f"{PUBLISHED}v1/")
    public.wait_for_selector("[data-testid=superseded]")
    superseded = public.locator("[data-testid=superseded-by]").inner_text()
    assert "by version 2, which corrected it: Strategy discussions were held in 38 of the 40" in superseded
    public.locator("[data-testid=version-notice]").get_by_role("link", name="Read the latest version").click()
    public.wait_for_url(re.compile(re.escape(f"{PUBLISHED}v2/") + "$"))
    assert "Strategy discussions are held in most cases." in public.content()
    assert "superseded" not in public.locator("[data-testid=version-notice]").inner_text()


def _opened(open_page: Any) -> Any:
    """A page in a context of its own, patient enough for a machine busy with other work: each page's
    first visit compiles its templates."""
    page = open_page()
    page.set_default_timeout(30_000)
    return page


def _follow_publication(page: Any) -> None:
    """Publishing (a report or a correction) is queued as a job: the lead lands on its status page,
    which links the published report once the job has succeeded (the tests run jobs at once)."""
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    page.wait_for_selector("[data-testid=job-status][data-status=succeeded]")
    page.locator("[data-testid=job-result-link]").click()
    page.wait_for_url(re.compile(re.escape(PUBLISHED) + "$"))
    page.wait_for_selector("[data-testid=version-notice]")


def _verify(
    page: Any, inspection: Inspection, item: Evidence, note: str, corroborating: Evidence | None = None
) -> None:
    """Record on the item's page that it is verified (a force's item: by the independent item named)."""
    page.goto(reverse("inspections:evidence_detail", args=[inspection.pk, item.pk]))
    form = page.locator("[data-testid=verification-form]")
    form.get_by_label("Verified: I checked the original or tested it in practice").check()
    if corroborating is not None:
        form.get_by_label("Corroborating item").select_option(str(corroborating.pk))
    form.locator("textarea[name=note]").fill(note)
    form.get_by_role("button", name="Record").click()
    page.wait_for_selector("[data-testid=verification-history] tbody tr")


def _open_details_around(locator: Any) -> None:
    """Choices grouped under closed <details> are hidden until their group is opened, as a person would."""
    locator.evaluate("node => { const d = node.closest('details'); if (d) d.open = true; }")
