"""Evidence files: size limit, sniffed media type, SHA-256, private storage and download access."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import Marking
from inspectorate.inspections.models import EvidenceFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.fixture
def item(inspection_a, add_item):
    return add_item(inspection_a, criteria=["NP-F01"])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20), "image/jpeg"),
        (b"GIF89a" + bytes(20), "image/gif"),
        (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ODT, "application/vnd.oasis.opendocument.text"),
        (b"Interview notes\nThe DCI said the unit is fully staffed.\n", "text/plain"),
        (b'month,crimes\n2007-01,120\n2007-02,"1,130"\n', "text/csv"),
        ("Caf\u00e9 notes, 2007".encode("cp1252"), "text/plain"),
    ],
)
def test_it_sniffs_the_media_type_from_the_content(item, team, content, expected):
    attached = services.attach_file(team["inspector"], item, content, name="upload.bin")

    assert attached.media_type == expected


def test_it_ignores_the_type_and_name_the_upload_claims(item, team):
    upload = SimpleUploadedFile("report.pdf", PNG, content_type="application/pdf")

    attached = services.attach_file(team["inspector"], item, upload)

    assert attached.media_type == "image/png"
    assert attached.original_name == "report.pdf"


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + bytes(50),  # a Windows program
        b"\x7fELF\x02\x01\x01" + bytes(50),  # a Linux program
        _zip({"payload.txt": b"not an office document"}),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50),  # a pre-2007 binary Office file
        b"",
    ],
    ids=["exe", "elf", "plain-zip", "ole2", "empty"],
)
def test_it_refuses_other_kinds_of_file_and_keeps_nothing(item, team, content, private_media):
    with pytest.raises(services.Invalid) as invalid:
        services.attach_file(team["inspector"], item, SimpleUploadedFile("notes.txt", content, "text/plain"))

    assert "file" in invalid.value.errors
    assert not EvidenceFile.objects.exists()
    assert not any(Path(private_media).rglob("*.*")) and not [
        p for p in Path(private_media).rglob("*") if p.is_file()
    ]


def test_it_refuses_a_file_over_the_size_limit(item, team, settings, private_media):
    settings.INSPECTORATE_MAX_UPLOAD_BYTES = 1000

    with pytest.raises(services.Invalid) as too_big:
        services.attach_file(team["inspector"], item, io.BytesIO(PDF + bytes(1000)), name="big.pdf")
    exactly = services.attach_file(team["inspector"], item, PDF + b" " * (1000 - len(PDF)), name="ok.pdf")

    assert "larger than the limit of 1,000 bytes" in too_big.value.errors["file"]
    assert exactly.size == 1000
    assert len([p for p in Path(private_media).rglob("*") if p.is_file()]) == 1


def test_it_has_a_default_size_limit_of_20_mib():
    assert settings.INSPECTORATE_MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_it_records_size_and_sha256_and_stores_privately_under_a_random_name(item, team, private_media):
    attached = services.attach_file(team["inspector"], item, PDF, name="../../etc/minutes.pdf")

    assert attached.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attached.size == len(PDF)
    assert attached.original_name == "minutes.pdf"
    stored = Path(private_media) / attached.storage_name
    assert stored.parent == Path(private_media) / "evidence"
    assert stored.read_bytes() == PDF
    assert "minutes" not in stored.name and len(stored.name) >= 32
    # No URL serves the stored file directly: only the access-checked download view does.
    assert Client().get(f"{settings.MEDIA_URL}evidence/{stored.name}").status_code == 404
    assert Path(settings.STATIC_ROOT) not in stored.parents
    event = AuditEvent.objects.for_object(item).get(action="evidence.file_attached")
    assert event.after["sha256"] == attached.sha256


def test_it_keeps_one_file_per_item(item, team):
    services.attach_file(team["inspector"], item, PDF, name="a.pdf")

    with pytest.raises(services.Invalid):
        services.attach_file(team["inspector"], item, PNG, name="b.png")


@pytest.mark.parametrize("persona", ["inspector", "lead", "admin"])
def test_it_opens_the_file_for_the_team(item, team, make_persona, persona):
    services.attach_file(team["inspector"], item, PDF, name="minutes.pdf")

    download = services.open_file(make_persona(persona), item)
    with download.stream:
        assert download.stream.read() == PDF
    assert (download.name, download.media_type, download.size) == ("minutes.pdf", "application/pdf", len(PDF))


@pytest.mark.parametrize("persona", ["public", "force_a", "force_b", "moderator", "analyst"])
def test_it_refuses_the_download_to_anyone_else(item, team, make_persona, advance, persona):
    services.attach_file(team["inspector"], item, PDF, name="minutes.pdf")
    assert item.marking == Marking.OFFICIAL
    # At drafting a moderator may read the item's summary, but never its file.
    advance(item.inspection, "drafting")

    with pytest.raises(services.NotAllowed) as refusal:
        services.open_file(make_persona(persona), item)

    assert refusal.value.reason


def test_it_lets_a_moderator_read_an_official_summary_but_not_download(item, team, make_persona, advance):
    from inspectorate.inspections.models import Evidence

    services.attach_file(team["inspector"], item, PDF, name="minutes.pdf")
    advance(item.inspection, "drafting")
    moderator = make_persona("moderator")

    assert Evidence.objects.restrict(moderator, "view").filter(pk=item.pk).exists()
    with pytest.raises(services.NotAllowed):
        services.open_file(moderator, item)


def test_it_audits_each_download_and_keeps_it_out_of_caches(item, team, make_persona):
    services.attach_file(team["inspector"], item, PDF, name="minutes.pdf")
    client = Client()
    client.force_login(make_persona("lead"))
    url = f"/inspections/{item.inspection.pk}/evidence/{item.pk}/file/"

    first = client.get(url, headers={"X-Request-ID": "client-chosen-id"})
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert b"".join(first.streaming_content) == PDF
    assert first["Cache-Control"] == "private, no-store"
    events = list(
        AuditEvent.objects.for_object(item).filter(action="evidence.file_downloaded").order_by("id")
    )
    assert [e.actor_label for e in events] == ["leonard.lead", "leonard.lead"]
    assert events[0].after == {
        "file": "minutes.pdf",
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }
    assert [e.request_id for e in events] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert events[0].client_request_id == "client-chosen-id"


def test_it_writes_no_download_event_when_refused(item, team, make_persona):
    services.attach_file(team["inspector"], item, PDF, name="minutes.pdf")

    with pytest.raises(services.NotAllowed):
        services.open_file(make_persona("force_b"), item)

    assert not AuditEvent.objects.filter(action="evidence.file_downloaded").exists()
