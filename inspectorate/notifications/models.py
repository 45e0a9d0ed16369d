"""A notification tells one person that something waits for them (an approval, a stage, a comment) and
links to the page where it waits. It carries no evidence and no working: the linked page decides what
its reader may see, so a notification is safe to e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspectorate.accounts.access import RestrictedQuerySet, Rule, is_admin, signed_in


class Kind(models.TextChoices):
    DEPARTURE = "departure", "Departure awaiting approval"
    STAGE = "stage", "Inspection moved to a new stage"
    ACCURACY_CHECK = "accuracy_check", "Factual accuracy check opened"
    COMMENT = "comment", "Force comment to answer"
    ANSWER = "answer", "Answer to a force comment"


def _own_rule(user: Any, action: str, what: str, field: str) -> Rule:
    """Each person reads and changes their own; administrators read everyone's (never change them)."""
    if not signed_in(user):
        return Rule.none(f"sign in to see your {what}")
    if action == "view" and is_admin(user):
        return Rule.all(f"administrators read everyone's {what}")
    if action in ("view", "change"):
        verb = "reads" if action == "view" else "changes"
        return Rule.where(
            Q(**{field: user}), f"each person {verb} their own {what}", refusal=f"these are not your {what}"
        )
    return Rule.none(f"{what} are made by the service when something waits for someone, never by hand")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # Shown in the list only, never e-mailed (for example the lead's note when an inspection goes back).
    detail = models.TextField(blank=True)
    link = models.CharField(max_length=500, help_text="A path on this site where what waits is.")
    about_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        return _own_rule(user, action, "notifications", "recipient")


class Preference(models.Model):
    """Whether a person also gets their notifications by e-mail (on unless they turn it off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user}: e-mail {'on' if self.email else 'off'}"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        if action == "add":
            action = "change"  # a person's first choice makes their row
        return _own_rule(user, action, "notification settings", "user")
