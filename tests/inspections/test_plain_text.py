"""Bad input never half-writes: an evidence item given a refused file is not recorded at all, and no
text with a control character is ever stored, whichever service (or other caller) writes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspectorate import plaintext
from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import FindingKind
from inspectorate.inspections.models import Evidence, EvidenceFile, Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(make_inspection: Any) -> Any:
    return make_inspection(frameworks=("CA",))


def stored_files(private_media: Path) -> list[Path]:
    return [p for p in private_media.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00 a Windows program", "this kind of file is not accepted"),
        (b"", "the file is empty"),
        (b"x" * 2048, "the file is larger than the limit of 1,024 bytes"),
    ],
)
def test_it_records_nothing_when_the_file_of_a_new_item_is_refused(
    inspection: Any, add_item: Any, settings: Any, private_media: Path, content: bytes, problem: str
) -> None:
    settings.INSPECTORATE_MAX_UPLOAD_BYTES = 1024
    events = AuditEvent.objects.count()

    with pytest.raises(services.Invalid) as refused:
        add_item(inspection, title="Tasking minutes", file=content)

    assert problem in refused.value.errors["file"]
    assert not Evidence.objects.filter(inspection=inspection).exists()
    assert AuditEvent.objects.count() == events
    assert stored_files(private_media) == []


def test_it_reports_a_refused_file_beside_the_other_problems(inspection: Any, add_item: Any) -> None:
    with pytest.raises(services.Invalid) as refused:
        add_item(inspection, title="", file=b"\x00\x01\x02 not a document")

    assert set(refused.value.errors) >= {"title", "file"}
    assert not Evidence.objects.filter(inspection=inspection).exists()


def test_it_records_a_new_item_with_its_file_in_one_go(
    inspection: Any, add_item: Any, private_media: Path
) -> None:
    item = add_item(inspection, file=b"week,referrals\n1,4\n2,6\n")

    attached = EvidenceFile.objects.get(evidence=item)
    assert attached.media_type == "text/csv" and attached.size == 23
    assert stored_files(private_media) == [private_media / attached.storage_name]
    actions = AuditEvent.objects.for_object(item).order_by("pk").values_list("action", flat=True)
    assert list(actions) == ["evidence.added", "evidence.file_attached"]


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ud800", "\uffff"]
)
def test_it_refuses_a_control_character_in_evidence_naming_the_field(
    inspection: Any, add_item: Any, character: str
) -> None:
    with pytest.raises(services.Invalid) as refused:
        add_item(inspection, summary=f"Twenty files{character} checked.")

    assert list(refused.value.errors) == ["summary"]
    assert f"U+{ord(character):04X}" in refused.value.errors["summary"]
    assert "at character 13" in refused.value.errors["summary"]
    assert not Evidence.objects.filter(inspection=inspection).exists()


def test_it_keeps_tabs_and_line_breaks(inspection: Any, add_item: Any) -> None:
    item = add_item(inspection, summary="Line one\r\nLine two\n\tindented")

    assert Evidence.objects.get(pk=item.pk).summary == "Line one\r\nLine two\n\tindented"


def test_it_refuses_a_control_character_in_a_finding_and_in_a_change_to_it(
    inspection: Any, team: dict[str, Any]
) -> None:
    inspector = team["inspector"]
    with pytest.raises(services.Invalid) as refused:
        services.add_finding(
            inspector, inspection, kind=FindingKind.STRENGTH, text="Good\x08 work", framework="CA"
        )
    assert "U+0008 (backspace)" in refused.value.errors["text"]
    assert not Finding.objects.filter(inspection=inspection).exists()

    finding = services.add_finding(
        inspector, inspection, kind=FindingKind.STRENGTH, text="Good work", framework="CA"
    )
    with pytest.raises(services.Invalid) as changed:
        services.edit_finding(inspector, finding, text="Better\x00 work")
    assert "U+0000 (NUL)" in changed.value.errors["text"]
    assert Finding.objects.get(pk=finding.pk).text == "Good work"


def test_it_refuses_a_control_character_in_a_verification_note(
    inspection: Any, add_item: Any, team: dict[str, Any]
) -> None:
    item = add_item(inspection)

    with pytest.raises(services.Invalid) as refused:
        services.verify_evidence(team["inspector"], item, "Original seen\x07")

    assert "U+0007 (BEL)" in refused.value.errors["note"]
    assert Evidence.objects.get(pk=item.pk).verification == "unverified"


def test_it_describes_the_first_refused_character_and_where_it_is() -> None:
    assert plaintext.problem("fine\ttext\n") is None
    assert plaintext.problem("ab\x1fc") == (
        "contains a control character, U+001F, at character 3; "
        "remove it (only tabs and line breaks are allowed)"
    )
    assert plaintext.problems_in({"CA": ["ok", "not\x00ok"]}) is not None
    with pytest.raises(ValueError, match=r"U\+0000 \(NUL\)"):
        plaintext.checked(["ok", "\x00"])


def test_it_lets_an_old_record_with_a_control_character_be_corrected_and_audited(
    inspection: Any, add_item: Any, team: dict[str, Any]
) -> None:
    item = add_item(inspection, title="Tasking minutes")
    # Stored before text was checked (a queryset update bypasses the models' checks, as old data did).
    Evidence.objects.filter(pk=item.pk).update(title="Tasking\x0c minutes")

    services.update_evidence(team["inspector"], Evidence.objects.get(pk=item.pk), title="Tasking minutes")

    assert Evidence.objects.get(pk=item.pk).title == "Tasking minutes"
    changed = AuditEvent.objects.for_object(item).get(action="evidence.changed")
    assert changed.before["title"] == "Tasking\x0c minutes"
