"""A notification for the inspector persona (the lead's departure waits for nobody; this one says an
inspection's drafting has begun), so the matrix can point the notification pages at someone's own."""

from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse

from inspectorate.notifications.models import Kind
from inspectorate.notifications.services import notify


def build(world: SimpleNamespace) -> None:
    (world.inspectors_notification,) = notify(
        [world.make_persona("inspector")],
        kind=Kind.STAGE,
        subject="Drafting has begun",
        body="The team drafts its grades and findings.",
        link=reverse("inspections:list"),
        actor=world.make_persona("lead"),
    )


BUILDERS = [build]
