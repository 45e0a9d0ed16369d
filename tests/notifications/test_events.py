"""Each event an inspection raises, through the real services: who is told, who is not, where the
notification leads, and that no working reaches a notification or its e-mail."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.notifications.models import Kind, Notification
from tests.permissions.working import CRITERION_CODE, TRACE_MARKERS
from tests.stages import move_to, new_inspection

RATIONALE = "Judged good on the referral audit sample"


def _told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _to_moderation(inspection: Any, people: Any) -> Any:
    inspection = move_to(inspection, Stage.DRAFTING, people)
    award = services.award_grade(people("inspector"), inspection, "CA", "good", RATIONALE)
    services.decide_departure(people("lead"), award, True, "The audit supports it")
    return move_to(inspection, Stage.MODERATION, people)


def _finding(inspection: Any, people: Any) -> Any:
    return services.add_finding(
        people("inspector"),
        inspection,
        kind="strength",
        text="Referrals are answered within a day",
        framework="CA",
    )


def test_it_tells_the_inspections_lead_that_a_departure_awaits_approval(inspection, people, committed):
    inspection = move_to(inspection, Stage.DRAFTING, people)
    Notification.objects.all().delete()

    with committed():
        award = services.award_grade(people("inspector"), inspection, "CA", "good", RATIONALE)

    assert _told(Kind.DEPARTURE) == ["leonard.lead"]
    notification = Notification.objects.get(kind=Kind.DEPARTURE)
    assert notification.link == reverse("inspections:approvals")
    assert notification.about == award
    assert [m.to for m in mail.outbox] == [["leonard.lead@example.org"]]


def test_it_tells_the_other_lead_on_the_team_when_the_lead_made_the_departure(
    pack_2007, people, second_lead, committed
):
    inspection = new_inspection(
        people, force=Force.objects.get(code="durham"), programme=pack_2007, frameworks=["CA"]
    )
    services.update_team(people("lead"), inspection, inspectors=[people("inspector"), second_lead])
    inspection = move_to(inspection, Stage.DRAFTING, people)

    with committed():
        services.award_grade(people("lead"), inspection, "CA", "fair", RATIONALE)

    # The lead made it, so may not decide it; the inspector may not decide any.
    assert _told(Kind.DEPARTURE) == ["helen.hmi"]


def test_it_tells_the_author_that_their_departure_was_approved_or_rejected(inspection, people, committed):
    inspection = move_to(inspection, Stage.DRAFTING, people)
    award = services.award_grade(people("inspector"), inspection, "CA", "good", RATIONALE)

    with committed():
        services.decide_departure(people("lead"), award, False, "The audit does not support it")

    rejected = Notification.objects.get(subject__startswith="Your departure was rejected")
    assert rejected.recipient == people("inspector")
    assert rejected.link == reverse("inspections:grade", kwargs={"pk": inspection.pk, "code": "CA"})
    assert "does not support" not in rejected.body + mail.outbox[-1].body

    award = services.award_grade(people("inspector"), inspection, "CA", "good", RATIONALE)
    services.decide_departure(people("lead"), award, True)
    assert Notification.objects.filter(subject__startswith="Your departure was approved").count() == 1


def test_it_tells_the_team_when_drafting_begins(inspection, people):
    move_to(inspection, Stage.FIELDWORK, people)
    services.move(people("inspector"), inspection, Stage.DRAFTING)

    notification = Notification.objects.get(kind=Kind.STAGE, subject__startswith="Drafting")
    assert notification.recipient == people("lead")  # the inspector moved it
    assert notification.link == reverse("inspections:detail", kwargs={"pk": inspection.pk})


def test_it_tells_the_moderators_when_grades_go_to_moderation(inspection, people):
    _to_moderation(inspection, people)

    ready = Notification.objects.filter(subject__startswith="Ready for moderation")
    # Administrators read the board but do not moderate; nobody else reviews.
    assert sorted(ready.values_list("recipient__username", flat=True)) == ["morag.moderator"]
    assert ready.get().link == reverse("moderation:index")


def test_it_tells_force_a_and_not_force_b_when_the_accuracy_check_opens(inspection, people, committed):
    inspection = _to_moderation(inspection, people)

    with committed():
        move_to(inspection, Stage.FACTUAL_ACCURACY, people)

    assert _told(Kind.ACCURACY_CHECK) == ["wendy.westmids"]
    team = Notification.objects.filter(kind=Kind.STAGE, subject__startswith="Factual accuracy check")
    assert sorted(team.values_list("recipient__username", flat=True)) == [
        "isla.inspector"
    ]  # the lead moved it
    assert "dan.durham@example.org" not in [m.to[0] for m in mail.outbox]
    assert "wendy.westmids@example.org" in [m.to[0] for m in mail.outbox]


def test_it_tells_the_team_when_the_inspection_goes_back_with_the_note_in_the_list_only(
    inspection, people, committed
):
    inspection = _to_moderation(inspection, people)
    mail.outbox.clear()

    with committed():
        services.move(people("lead"), inspection, Stage.DRAFTING, "Look again at the sampling of referrals")

    back = Notification.objects.get(subject__startswith="Sent back")
    assert back.recipient == people("inspector")
    assert back.detail == "Look again at the sampling of referrals"
    (message,) = mail.outbox
    assert "sampling" not in message.body


def test_it_tells_the_team_of_a_force_comment_and_the_force_of_the_answer(inspection, people, committed):
    inspection = move_to(inspection, Stage.DRAFTING, people)
    finding = _finding(inspection, people)
    inspection = move_to(_to_moderation(inspection, people), Stage.FACTUAL_ACCURACY, people)

    comment = services.comment_on_finding(people("force_a"), finding, "The audit covered two districts")
    assert _told(Kind.COMMENT) == ["isla.inspector", "leonard.lead"]
    page = reverse("inspections:findings", kwargs={"pk": inspection.pk, "code": "CA"})
    assert Notification.objects.get(kind=Kind.COMMENT, recipient=people("lead")).link == (
        f"{page}#finding-{finding.pk}"
    )

    with committed():
        services.respond_to_comment(people("inspector"), comment, "Corrected to two districts")
    assert _told(Kind.ANSWER) == ["wendy.westmids"]


def test_it_tells_the_team_and_the_force_when_the_report_is_published(inspection, people):
    inspection = move_to(_to_moderation(inspection, people), Stage.PUBLISHED, people)

    published = Notification.objects.filter(subject__startswith="Report published")
    assert sorted(published.values_list("recipient__username", flat=True)) == [
        "isla.inspector",
        "wendy.westmids",
    ]
    assert published.first().link == reverse(  # type: ignore[union-attr]
        "published:latest", kwargs={"programme": inspection.programme.code, "force": "west-midlands"}
    )


def test_it_never_puts_working_in_a_notification_or_its_email(inspection, people, committed):
    with committed():
        inspection = move_to(inspection, Stage.DRAFTING, people)
        finding = _finding(inspection, people)
        inspection = move_to(_to_moderation(inspection, people), Stage.FACTUAL_ACCURACY, people)
        comment = services.comment_on_finding(people("force_a"), finding, "The audit covered two districts")
        services.respond_to_comment(people("inspector"), comment, "Corrected to two districts")

    texts = [f"{n.subject}\n{n.body}\n{n.detail}\n{n.link}" for n in Notification.objects.all()]
    texts += [f"{m.subject}\n{m.body}" for m in mail.outbox]
    assert len(texts) > 10
    for text in texts:
        assert not CRITERION_CODE.search(text), text
        assert not any(marker in text for marker in TRACE_MARKERS), text
        for private in (RATIONALE, "The audit supports it", "two districts", "Referrals are answered"):
            assert private not in text, text
