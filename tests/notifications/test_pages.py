"""The notifications pages over HTTP: one's own list, opening, marking as read, e-mail on or off, and
the unread count in the header."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from inspectorate.notifications import services
from inspectorate.notifications.models import Kind, Notification


def _notify(recipients: list[Any], subject: str = "Drafting has begun", link: str = "/inspections/") -> Any:
    return services.notify(recipients, kind=Kind.STAGE, subject=subject, body="The team drafts.", link=link)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_ones_own_newest_first_with_the_unread_marked(people):
    inspector, lead = people("inspector"), people("lead")
    (older,) = _notify([inspector], "Older news")
    _notify([inspector], "Newer news")
    _notify([lead], "The lead's own news")
    services.mark_read(inspector, older)

    page = _client(inspector).get(reverse("notifications:list"))

    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Newer news") < text.index("Older news")
    assert "The lead's own news" not in text
    assert text.count('data-read="no"') == 1
    assert "1 unread." in text


def test_it_pages_a_long_list(people):
    inspector = people("inspector")
    for number in range(30):
        _notify([inspector], f"News number {number}")

    client = _client(inspector)
    first, second = (
        client.get(reverse("notifications:list")),
        client.get(reverse("notifications:list") + "?page=2"),
    )

    assert first.content.decode().count("data-notification=") == 25
    assert second.content.decode().count("data-notification=") == 5
    assert "News number 0<" in second.content.decode()


def test_it_opens_a_notification_marks_it_read_and_goes_to_its_page(people):
    inspector = people("inspector")
    (notification,) = _notify([inspector], link="/inspections/approvals/")

    answer = _client(inspector).get(reverse("notifications:open", args=[notification.pk]))

    assert answer.status_code == 302
    assert answer["Location"] == "/inspections/approvals/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_never_sends_anyone_off_the_site_from_a_notification(people):
    inspector = people("inspector")
    stored = Notification.objects.create(
        recipient=inspector, kind=Kind.STAGE, subject="Stored by hand", link="//elsewhere.example/"
    )

    answer = _client(inspector).get(reverse("notifications:open", args=[stored.pk]))

    assert answer["Location"] == reverse("notifications:list")


def test_it_hides_another_persons_notification(people):
    inspector, lead = people("inspector"), people("lead")
    (theirs,) = _notify([lead])
    client = _client(inspector)

    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_one_and_then_all_as_read_by_post_only(people):
    inspector = people("inspector")
    first, second = _notify([inspector])[0], _notify([inspector])[0]
    client = _client(inspector)

    assert client.get(reverse("notifications:read", args=[first.pk])).status_code == 405
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert services.unread_count(inspector) == 1

    assert client.post(reverse("notifications:read_all")).status_code == 302
    second.refresh_from_db()
    assert second.read_at is not None


def test_it_turns_email_off_and_refuses_a_choice_it_does_not_know(people):
    inspector = people("inspector")
    client = _client(inspector)

    refused = client.post(reverse("notifications:email"), {"email": "sometimes"})
    assert refused.status_code == 400
    assert "Choose whether to get notifications by e-mail" in refused.content.decode()
    assert services.email_enabled(inspector) is True

    assert client.post(reverse("notifications:email"), {"email": "off"}).status_code == 302
    assert services.email_enabled(inspector) is False
    assert (
        'id="email-off" name="email" type="radio" value="off" checked'
        in client.get(reverse("notifications:list")).content.decode()
    )


def test_it_shows_the_unread_count_in_the_header_to_signed_in_users_only(people, client):
    inspector = people("inspector")
    _notify([inspector])
    _notify([inspector])

    signed_in = _client(inspector).get(reverse("home")).content.decode()
    assert 'data-testid="notifications-link"' in signed_in
    assert 'data-testid="unread-count">2<' in signed_in

    public = client.get(reverse("home")).content.decode()
    assert "notifications-link" not in public


def test_it_sends_the_public_to_sign_in(client, db):
    answer = client.get(reverse("notifications:list"))

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))


def test_it_lists_ones_own_in_the_api(people, client):
    inspector, lead = people("inspector"), people("lead")
    (read,) = _notify([inspector], "Read news")
    _notify([inspector], "Unread news")
    _notify([lead], "The lead's own news")
    services.mark_read(inspector, read)
    api = _client(inspector)

    every = api.get("/api/notifications/").json()
    unread = api.get("/api/notifications/?unread=true").json()

    assert [n["subject"] for n in every] == ["Unread news", "Read news"]
    assert [n["subject"] for n in unread] == ["Unread news"]
    assert client.get("/api/notifications/").status_code == 401
