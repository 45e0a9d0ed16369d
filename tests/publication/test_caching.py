"""Published material over HTTP carries validators and public cache lifetimes, answers 304 to a
client that already holds it, and changes its validator exactly when what it shows changes; anyone
signed in gets `private, no-store` and always the whole answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.http import http_date

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]

V1 = "/published/hmic-2007/west-midlands/v1"
SUMMARY = "/published/hmic-2007/"


@pytest.fixture
def west(signed_off, with_practice, publish_now, lead) -> Any:  # type: ignore[no-untyped-def]
    inspection = signed_off("west-midlands", {"NP": "excellent", "CA": "fair"})
    with_practice(inspection)
    return publish_now(lead, inspection)


@pytest.mark.parametrize("extension", ["pdf", "html", "json"])
def test_it_serves_a_version_file_with_its_hash_as_etag_and_a_days_public_cache(
    west: Any, client: Client, extension: str
) -> None:
    response = client.get(f"{V1}.{extension}")

    assert response.status_code == 200
    assert response["ETag"] == f'"{west.sha256(extension)}"'
    assert response["Last-Modified"] == http_date(int(west.published_at.timestamp()))
    assert sorted(response["Cache-Control"].split(", ")) == ["max-age=86400", "public"]

    again = client.get(f"{V1}.{extension}", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]
    # The kept copy keeps its own Content-Security-Policy.
    assert "Content-Security-Policy" not in again

    since = client.get(f"{V1}.{extension}", headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


def test_it_gives_the_whole_file_for_a_stale_etag(west: Any, client: Client) -> None:
    response = client.get(f"{V1}.pdf", headers={"If-None-Match": '"not-this-version"'})

    assert response.status_code == 200
    assert response.content == west.path("pdf").read_bytes()


def test_it_changes_a_version_pages_validator_when_a_newer_version_appears(
    west: Any, correct_now: Any, lead: Any, client: Client
) -> None:
    first = client.get(f"{V1}/")
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert client.get(f"{V1}/", headers={"If-None-Match": first["ETag"]}).status_code == 304

    correct_now(lead, west, "Corrected a force fact")

    after = client.get(f"{V1}/", headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "superseded" in after.content.decode()


def test_it_revalidates_the_national_summary_until_its_figures_change(
    west: Any, signed_off: Any, with_practice: Any, publish_now: Any, lead: Any, client: Client
) -> None:
    first = client.get(SUMMARY)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert client.get(SUMMARY).get("ETag") == first["ETag"]

    not_modified = client.get(SUMMARY, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert "Content-Security-Policy" not in not_modified

    durham = signed_off("durham", {"NP": "good", "CA": "fair"})
    with_practice(durham)
    publish_now(lead, durham)

    changed = client.get(SUMMARY, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("persona", ["inspector", "force_a", "admin"])
@pytest.mark.parametrize("path", [f"{V1}.pdf", f"{V1}/", SUMMARY])
def test_it_keeps_what_a_signed_in_user_sees_private_and_whole(
    west: Any, client: Client, client_for: Any, persona: str, path: str
) -> None:
    public_etag = client.get(path)["ETag"]

    response = client_for(persona).get(path, headers={"If-None-Match": public_etag})

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
