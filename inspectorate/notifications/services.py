"""Telling people what waits for them. `notify` makes one in-app notification per person and sends
each an e-mail once the change that raised it is committed; the other services are the recipient's own
(mark as read, turn e-mail off), each audited in its transaction.

E-mail goes through Django's mail settings (EMAIL_BACKEND and friends, docs/configuration.md). Its text
is the notification's subject and body and a link, never the in-app `detail`: a notification says what
waits and where, and the linked page decides what its reader may see."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.accounts.access import decide, permits

from .models import Kind, Notification, Preference

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_local_path(link: str) -> bool:
    """A path on this site: starts with one slash (so never another host, `//host` or a scheme)."""
    return link.startswith("/") and not link.startswith("//") and "\\" not in link and "\n" not in link


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    subject: str,
    body: str,
    link: str,
    about: models.Model | None = None,
    actor: Any = None,
    detail: str = "",
) -> list[Notification]:
    """One in-app notification per distinct active recipient (never the actor: nobody is told of their
    own act), and an e-mail to each who has an address and has not turned e-mail off, sent when the
    surrounding transaction commits (nothing is mailed for a change that is rolled back). A mail that
    fails is logged and never undoes the change. `detail` is shown in the list only, never e-mailed."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}; use one of {Kind.values}")
    if not is_local_path(link):
        raise ValueError(f"a notification links to a path on this site, not {link!r}")
    # One line: a title typed with a line break must not break the e-mail's Subject header.
    subject = " ".join(subject.split())[:200]
    actor_pk = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    people: dict[int, Any] = {}
    for person in recipients:
        if person is None or not person.is_active or person.pk == actor_pk:
            continue
        people.setdefault(person.pk, person)
    if not people:
        return []
    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    about_id = str(about.pk) if about is not None else ""
    made = [
        Notification.objects.create(
            recipient=person,
            kind=kind,
            subject=subject,
            body=body,
            detail=detail,
            link=link,
            about_type=about_type,
            about_id=about_id,
        )
        for person in people.values()
    ]
    muted = set(
        Preference.objects.filter(user__in=list(people), email=False).values_list("user_id", flat=True)
    )
    mails = [
        (n.pk, n.recipient.email, email_text(n))
        for n in made
        if n.recipient.email and n.recipient_id not in muted
    ]
    if mails:
        transaction.on_commit(partial(_send, subject, mails))
    return made


def email_text(notification: Notification) -> str:
    site = settings.INSPECTORATE_SITE_URL.rstrip("/")
    lines = [notification.subject, ""]
    if notification.body:
        lines += [notification.body, ""]
    lines += [
        f"Open it: {site}{notification.link}",
        "",
        "Sign in to see it; the page shows what your account may see.",
        f"Your notifications, and the choice to stop these e-mails: {site}{reverse('notifications:list')}",
    ]
    return "\n".join(lines)


def _send(subject: str, mails: list[tuple[int, str, str]]) -> None:
    """Each notification's e-mail, over one connection to the mail server. A message that fails is
    logged: the change it is about is committed, and a mail server that is down must not make it look
    failed (nor stop the other messages)."""
    try:
        connection = get_connection()
        connection.open()
    except Exception:
        logger.exception("could not reach the mail server; %d notification e-mails not sent", len(mails))
        return
    try:
        for notification_pk, address, text in mails:
            message = EmailMessage(subject, text, to=[address], connection=connection)
            try:
                message.send()
            except Exception:
                logger.exception("could not e-mail notification %s to %s", notification_pk, address)
                continue
            Notification.objects.filter(pk=notification_pk).update(emailed_at=timezone.now())
    finally:
        connection.close()


# --- the recipient's own ---------------------------------------------------------------------------


def _allow(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> None:
    decision = decide(model, actor, action, obj)
    if not decision:
        raise NotAllowed(decision.reason)


def own(user: Any) -> models.QuerySet[Notification]:
    """The user's own notifications, newest first (administrators, who may read everyone's, too)."""
    return Notification.objects.restrict(user, "change").select_related("recipient")


def unread_count(user: Any) -> int:
    return own(user).filter(read_at__isnull=True).count()


def mark_read(actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications as read (already read: left as it was)."""
    with transaction.atomic():
        _allow(Notification, actor, "change", notification)
        notification = Notification.objects.select_for_update().get(pk=notification.pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit.record(actor, "notification.read", notification, after={"read_at": notification.read_at})
    return notification


def mark_all_read(actor: Any) -> int:
    """Mark every unread notification of the actor's as read; how many were."""
    with transaction.atomic():
        decision = permits(Notification, actor, "change")
        if not decision:
            raise NotAllowed(decision.reason)
        unread = own(actor).filter(read_at__isnull=True)
        count = unread.update(read_at=timezone.now())
        if count:
            audit.record(actor, "notification.all_read", actor, note=f"{count} notifications marked as read")
    return count


def email_enabled(user: Any) -> bool:
    preference = Preference.objects.restrict(user, "view").filter(user=user).first()
    return preference is None or preference.email


def set_email(actor: Any, enabled: bool) -> Preference:
    """Turn the actor's notification e-mails on or off (the in-app list stays either way)."""
    with transaction.atomic():
        decision = permits(Preference, actor, "change")
        if not decision:
            raise NotAllowed(decision.reason)
        preference, _ = Preference.objects.select_for_update().get_or_create(user=actor)
        before = audit.snapshot(preference, ["email"])
        preference.email = enabled
        preference.save()
        audit.record(actor, "notification.email_changed", preference, before=before, after={"email": enabled})
    return preference
