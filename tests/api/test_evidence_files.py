"""Evidence files through the API: a multipart upload to an item or with a new one (the type sniffed
from the content, the SHA-256 taken, bad files refused naming `file` with nothing stored), the file's
metadata in evidence reads, and the download under the same rule as the evidence page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspectorate.accounts.models import AuditEvent
from inspectorate.inspections.models import Evidence, EvidenceFile
from tests.permissions.world_api_inspections_exchange import PDF

from .conftest import Call

pytestmark = pytest.mark.django_db

CSV = b"month,incidents\n2007-04,120\n2007-05,131\n"
NEW_ITEM = {
    "source_type": "document",
    "title": "Tasking minutes",
    "summary": "Actions allocated to partners.",
    "collected_on": "2007-06-05",
    "effective_date": "2007-05-20",
    "criteria": ["NP-F08", "NP-F10"],
}


def _url(name: str, world: SimpleNamespace, **more: Any) -> str:
    return reverse(f"api-1:{name}", kwargs={"inspection_id": world.api_draft.pk, **more})


def _upload(client: Client, world: SimpleNamespace, reference: str, content: bytes, name: str) -> Any:
    url = _url("attach_evidence_file", world, reference=reference)
    # The type the client claims is not believed.
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_it_attaches_a_file_and_describes_it(
    world: SimpleNamespace, client_for: Callable[[str], Client], private_media: Path
) -> None:
    reference = world.api_e003.reference

    response = _upload(client_for("inspector"), world, reference, CSV, "incidents.csv")

    assert response.status_code == 201, response.content
    described = response.json()["file"]
    assert described["original_name"] == "incidents.csv"
    assert described["media_type"] == "text/csv"
    assert described["size"] == len(CSV)
    assert described["sha256"] == hashlib.sha256(CSV).hexdigest()
    stored = EvidenceFile.objects.get(evidence=world.api_e003)
    assert (private_media / stored.storage_name).read_bytes() == CSV
    assert AuditEvent.objects.filter(
        action="evidence.file_attached", object_id=str(world.api_e003.pk)
    ).exists()
    read = client_for("lead").get(_url("get_evidence", world, reference=reference))
    assert read.json()["file"] == described


@pytest.mark.parametrize(
    ("content", "name", "problem"),
    [
        (b"", "empty.pdf", "the file is empty"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "report.pdf", "this kind of file is not accepted"),
    ],
)
def test_it_refuses_a_bad_file_naming_the_field(
    world: SimpleNamespace,
    client_for: Callable[[str], Client],
    private_media: Path,
    content: bytes,
    name: str,
    problem: str,
) -> None:
    stored_before = sorted((private_media / "evidence").glob("*"))

    response = _upload(client_for("inspector"), world, world.api_e003.reference, content, name)

    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and set(body["errors"]) == {"file"}
    assert problem in body["errors"]["file"]
    assert not EvidenceFile.objects.filter(evidence=world.api_e003).exists()
    assert sorted((private_media / "evidence").glob("*")) == stored_before


def test_it_refuses_a_file_over_the_limit(
    world: SimpleNamespace, client_for: Callable[[str], Client], settings: Any
) -> None:
    settings.INSPECTORATE_MAX_UPLOAD_BYTES = 32

    response = _upload(client_for("inspector"), world, world.api_e003.reference, CSV * 2, "big.csv")

    assert response.status_code == 422
    assert "larger than the limit of 32 bytes" in response.json()["errors"]["file"]


def test_it_refuses_a_second_file_for_an_item(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    response = _upload(client_for("inspector"), world, world.api_e001.reference, CSV, "more.csv")

    assert response.status_code == 422
    assert "already has a file" in response.json()["errors"]["file"]


def test_it_names_a_missing_file_field(world: SimpleNamespace, client_for: Callable[[str], Client]) -> None:
    url = _url("attach_evidence_file", world, reference=world.api_e003.reference)

    response = client_for("inspector").post(url, {"other": "value"})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"file"}


def test_it_records_a_new_item_with_its_file(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    upload = SimpleUploadedFile("minutes.pdf", PDF)

    response = client_for("inspector").post(
        _url("add_evidence_with_file", world), {**NEW_ITEM, "file": upload}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["criteria"] == ["NP-F08", "NP-F10"]
    assert body["file"]["media_type"] == "application/pdf" and body["file"]["original_name"] == "minutes.pdf"
    item = Evidence.objects.get(inspection=world.api_draft, reference=body["reference"])
    assert item.file.sha256 == hashlib.sha256(PDF).hexdigest()


def test_it_records_nothing_when_the_item_or_its_file_is_bad(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    before = Evidence.objects.count()
    bad = {**NEW_ITEM, "title": " ", "file": SimpleUploadedFile("x.bin", b"\x00\x01\x02\x03")}

    response = client_for("inspector").post(_url("add_evidence_with_file", world), bad)

    assert response.status_code == 422
    assert {"title", "file"} <= set(response.json()["errors"])
    assert Evidence.objects.count() == before


def test_it_names_a_form_field_that_is_not_a_date(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    bad = {**NEW_ITEM, "collected_on": "last week", "file": SimpleUploadedFile("m.pdf", PDF)}

    response = client_for("inspector").post(_url("add_evidence_with_file", world), bad)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"collected_on"}


def test_it_downloads_the_file_for_the_team_and_audits_it(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    response = client_for("lead").get(
        _url("download_evidence_file", world, reference=world.api_e001.reference)
    )

    assert response.status_code == 200
    assert response.getvalue() == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="coverage-return.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="evidence.file_downloaded", object_id=str(world.api_e001.pk)
    ).exists()


def test_it_refuses_the_download_to_a_moderator_who_reads_the_summary(
    world: SimpleNamespace, call: Call
) -> None:
    kwargs = {"inspection_id": world.api_draft.pk, "reference": world.api_e001.reference}

    summary = call("moderator", "get", "get_evidence", **kwargs)
    download = call("moderator", "get", "download_evidence_file", **kwargs)

    assert summary.status_code == 200 and summary.json()["file"]["original_name"] == "coverage-return.pdf"
    assert download.status_code == 403
    assert set(download.json()) == {"detail", "errors"}
    assert not AuditEvent.objects.filter(action="evidence.file_downloaded").exists()


def test_it_answers_404_naming_the_file_when_an_item_has_none(world: SimpleNamespace, call: Call) -> None:
    response = call(
        "inspector",
        "get",
        "download_evidence_file",
        inspection_id=world.api_draft.pk,
        reference=world.api_e003.reference,
    )

    assert response.status_code == 404
    assert set(response.json()["errors"]) == {"file"}
