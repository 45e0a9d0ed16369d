"""The notify service: who gets a notification, and the e-mail sent once the change commits."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.notifications import services
from inspectorate.notifications.models import Kind, Notification

from .conftest import address


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server refuses the message")


class UnreachableBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def open(self) -> bool:
        raise ConnectionRefusedError("no mail server")

    def send_messages(self, email_messages: Any) -> int:
        raise AssertionError("never opened")


def _notify(recipients: Any, **extra: Any) -> list[Notification]:
    fields: dict[str, Any] = {
        "kind": Kind.STAGE,
        "subject": "Drafting has begun",
        "body": "The team drafts its grades.",
        "link": "/inspections/1/",
    }
    return services.notify(recipients, **{**fields, **extra})


def test_it_tells_each_distinct_active_recipient_once_and_never_the_actor(people, db):
    inspector, lead, moderator = people("inspector"), people("lead"), people("moderator")
    gone = User.objects.create_user(username="old.inspector", role=Role.INSPECTOR, is_active=False)

    made = _notify([inspector, inspector, lead, gone, moderator, None], actor=lead)

    assert sorted(n.recipient.username for n in made) == ["isla.inspector", "morag.moderator"]
    assert Notification.objects.filter(recipient=lead).count() == 0
    assert Notification.objects.filter(recipient=gone).count() == 0


def test_it_emails_each_recipient_once_the_change_commits(people, committed, settings):
    settings.INSPECTORATE_SITE_URL = "https://inspectorate.example.org"
    inspector, moderator = people("inspector"), people("moderator")

    with committed() as callbacks, transaction.atomic():
        made = _notify([inspector, moderator], detail="Sent back: the referral audit was misread")
        assert mail.outbox == []  # nothing before the commit

    assert len(callbacks) == 1  # one connection to the mail server for both
    assert sorted(m.to[0] for m in mail.outbox) == sorted([address(inspector), address(moderator)])
    message = mail.outbox[0]
    assert message.subject == "Drafting has begun"
    assert "https://inspectorate.example.org/inspections/1/" in message.body
    assert "The team drafts its grades." in message.body
    # The in-app detail stays in the list.
    assert "referral audit" not in message.body
    for notification in made:
        notification.refresh_from_db()
        assert notification.emailed_at is not None


def test_it_sends_nothing_for_a_change_that_is_rolled_back(people, committed):
    inspector = people("inspector")

    with committed() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _notify([inspector])
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_it_logs_a_mail_that_fails_and_keeps_the_notification(people, committed, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    inspector = people("inspector")

    with (
        caplog.at_level(logging.ERROR, logger="inspectorate.notifications"),
        committed(),
        transaction.atomic(),
    ):
        (made,) = _notify([inspector])

    assert "could not e-mail notification" in caplog.text
    made.refresh_from_db()
    assert made.emailed_at is None
    assert Notification.objects.filter(recipient=inspector).count() == 1


def test_it_keeps_the_change_when_the_mail_server_cannot_be_reached(
    inspection, people, committed, settings, caplog
):
    from inspectorate.inspections import services as inspections
    from inspectorate.inspections.choices import Stage

    settings.EMAIL_BACKEND = f"{__name__}.UnreachableBackend"

    with caplog.at_level(logging.ERROR, logger="inspectorate.notifications"), committed():
        inspections.move(people("inspector"), inspection, Stage.FIELDWORK)
        inspections.move(people("inspector"), inspection, Stage.DRAFTING)

    inspection.refresh_from_db()
    assert inspection.stage == Stage.DRAFTING
    assert "could not reach the mail server; 1 notification e-mails not sent" in caplog.text
    told = Notification.objects.get(recipient=people("lead"), subject__startswith="Drafting")
    assert told.emailed_at is None


def test_it_emails_only_those_with_an_address_who_have_not_turned_it_off(people, make_persona, committed):
    inspector, moderator = people("inspector"), people("moderator")
    analyst = make_persona("analyst")  # no address
    services.set_email(moderator, False)

    with committed(), transaction.atomic():
        made = _notify([inspector, moderator, analyst])

    assert len(made) == 3
    assert [m.to for m in mail.outbox] == [[address(inspector)]]
    assert services.email_enabled(moderator) is False
    assert services.email_enabled(inspector) is True


@pytest.mark.parametrize("link", ["https://elsewhere.example/", "//elsewhere.example/x", "inspections/1/"])
def test_it_refuses_a_link_that_is_not_a_path_on_this_site(people, link):
    with pytest.raises(ValueError, match="path on this site"):
        _notify([people("inspector")], link=link)
    assert Notification.objects.count() == 0


def test_it_refuses_an_unknown_kind(people):
    with pytest.raises(ValueError, match="unknown notification kind"):
        _notify([people("inspector")], kind="gossip")


def test_it_lets_only_the_recipient_mark_a_notification_read_and_audits_it(people):
    inspector, lead, admin = people("inspector"), people("lead"), people("admin")
    (mine,) = _notify([inspector])

    for other in (lead, admin):
        with pytest.raises(services.NotAllowed, match="not your notifications"):
            services.mark_read(other, mine)
    mine.refresh_from_db()
    assert mine.read_at is None

    services.mark_read(inspector, mine)
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read", object_id=str(mine.pk)).count() == 1


def test_it_marks_all_of_ones_own_read_and_no_one_elses(people):
    inspector, lead = people("inspector"), people("lead")
    _notify([inspector, lead])
    _notify([inspector])

    assert services.unread_count(inspector) == 2
    assert services.mark_all_read(inspector) == 2
    assert services.unread_count(inspector) == 0
    assert services.unread_count(lead) == 1
    assert AuditEvent.objects.filter(action="notification.all_read").count() == 1


def test_it_lets_administrators_read_everyones_but_lists_only_their_own(people):
    inspector, admin = people("inspector"), people("admin")
    (theirs,) = _notify([inspector])

    assert Notification.objects.restrict(admin, "view").filter(pk=theirs.pk).exists()
    assert not Notification.objects.restrict(people("lead"), "view").filter(pk=theirs.pk).exists()
    assert list(services.own(admin)) == []
    assert not Notification.objects.restrict(None, "view").exists()
