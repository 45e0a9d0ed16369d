"""The inspected force's self-assessment (METHODOLOGY §4): submitted by its liaison officers during
fieldwork, one item per file, seen by the force only as far as its force submitted it, and verified by
the team only through an independent check."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspectorate.accounts.models import AuditEvent, User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Marking, SourceType, Stage, Verification
from inspectorate.inspections.models import Evidence, EvidenceFile
from inspectorate.inspections.services.self_assessment import submissions

POLICY = b"%PDF-1.4\n% a domestic abuse policy\n"
AUDIT = b"month,referrals\n2007-01,41\n2007-02,38\n"


@pytest.fixture
def in_fieldwork(make_inspection, advance):
    return advance(make_inspection(frameworks=("CA", "DV")), Stage.FIELDWORK)


def submit(actor, inspection, **fields):
    values = {
        "title": "Domestic abuse policy and audit",
        "summary": "The force's policy, revised in 2006, and its audit of referrals.",
        "effective_date": datetime.date(2007, 1, 15),
    }
    values.update(fields)
    return services.submit_self_assessment(actor, inspection, **values)


def test_it_records_a_submission_as_one_item_per_file(in_fieldwork, make_persona, private_media):
    force_a = make_persona("force_a")
    uploads = [SimpleUploadedFile("policy.pdf", POLICY), SimpleUploadedFile("audit.csv", AUDIT)]

    items = submit(force_a, in_fieldwork, frameworks=["DV"], files=uploads)

    assert [item.reference for item in items] == ["E001", "E002"]
    assert [item.title for item in items] == [
        "Domestic abuse policy and audit: policy.pdf",
        "Domestic abuse policy and audit: audit.csv",
    ]
    for item in items:
        assert item.source_type == SourceType.FORCE_SELF_ASSESSMENT
        assert (item.submitted_by, item.collected_by) == (force_a, force_a)
        assert item.verification == Verification.UNVERIFIED
        # DV is a PVP framework: OFFICIAL-SENSITIVE by default, as for any item.
        assert item.marking == Marking.OFFICIAL_SENSITIVE
        assert list(item.frameworks.values_list("code", flat=True)) == ["DV"]
        assert AuditEvent.objects.for_object(item).filter(action="evidence.submitted").count() == 1
    stored = {f.original_name: f for f in EvidenceFile.objects.all()}
    assert stored["policy.pdf"].media_type == "application/pdf"
    assert stored["audit.csv"].media_type == "text/csv"
    assert stored["audit.csv"].sha256 == hashlib.sha256(AUDIT).hexdigest()
    assert (private_media / stored["policy.pdf"].storage_name).read_bytes() == POLICY


def test_it_records_a_submission_without_files_as_one_official_item(in_fieldwork, make_persona):
    # Bearing on no framework of a sensitive group (CA and DV are both PVP), it is OFFICIAL.
    [item] = submit(make_persona("force_a"), in_fieldwork)

    assert item.title == "Domestic abuse policy and audit"
    assert item.marking == Marking.OFFICIAL
    assert not EvidenceFile.objects.exists()


def test_it_refuses_bad_input_per_field_and_writes_nothing(in_fieldwork, make_persona, private_media):
    uploads = [SimpleUploadedFile("audit.csv", AUDIT), SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00")]

    with pytest.raises(services.Invalid) as invalid:
        submit(
            make_persona("force_a"),
            in_fieldwork,
            title=" ",
            effective_date=datetime.date.today() + datetime.timedelta(days=3),
            frameworks=["NP"],
            files=uploads,
        )

    errors = invalid.value.errors
    assert set(errors) == {"title", "effective_date", "frameworks", "files"}
    assert errors["files"].startswith("tool.exe: this kind of file is not accepted")
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="evidence.").exists()
    # The file that was accepted before the refused one is not left on disk either.
    assert not any(p.is_file() for p in private_media.rglob("*"))


def test_it_refuses_marking_a_sensitive_submission_lower(in_fieldwork, make_persona):
    with pytest.raises(services.Invalid) as invalid:
        submit(make_persona("force_a"), in_fieldwork, frameworks=["DV"], marking=Marking.OFFICIAL)

    assert "OFFICIAL-SENSITIVE" in invalid.value.errors["marking"]


def test_it_takes_a_submission_only_from_the_inspected_force_during_fieldwork(
    make_inspection, advance, make_persona
):
    planned = make_inspection(frameworks=("CA",))
    with pytest.raises(services.NotAllowed):
        submit(make_persona("force_a"), planned)

    in_fieldwork = advance(planned, Stage.FIELDWORK)
    for persona in ("force_b", "inspector", "lead", "admin", "moderator"):
        with pytest.raises(services.NotAllowed) as refused:
            submit(make_persona(persona), in_fieldwork)
        assert "liaison officer of the inspected force" in refused.value.reason
    submit(make_persona("force_a"), in_fieldwork)

    drafting = advance(in_fieldwork, Stage.DRAFTING)
    with pytest.raises(services.NotAllowed):
        submit(make_persona("force_a"), drafting)
    assert Evidence.objects.count() == 1


def test_it_shows_a_force_only_what_its_force_submitted(in_fieldwork, make_persona, add_item):
    force_a = make_persona("force_a")
    [submitted] = submit(force_a, in_fieldwork)
    team_item = add_item(in_fieldwork, source_type=SourceType.INTERVIEW)
    # The team's own copy of a self-assessment document is the team's, not the force's submission.
    add_item(in_fieldwork, source_type=SourceType.FORCE_SELF_ASSESSMENT, title="Scanned on site")
    colleague = User.objects.create_user(
        username="wanda.westmids",
        password="a-long-test-password",
        role=Role.FORCE_LIAISON,
        force=Force.objects.get(code="west-midlands"),
    )

    for reader in (force_a, colleague):
        assert list(Evidence.objects.restrict(reader, "view")) == [submitted]
        assert list(submissions(reader, in_fieldwork)) == [submitted]
        assert list(Evidence.objects.restrict(reader, "download")) == [submitted]
    assert not Evidence.objects.restrict(make_persona("force_b"), "view").exists()
    assert team_item in Evidence.objects.restrict(make_persona("inspector"), "view")
    assert list(submissions(make_persona("inspector"), in_fieldwork)) == [submitted]


def test_it_verifies_a_self_assessment_only_with_an_independent_check(
    in_fieldwork, make_persona, team, add_item
):
    force_a = make_persona("force_a")
    claim, other_claim = submit(force_a, in_fieldwork, files=[b"One.\n", b"Two.\n"])
    interview = add_item(in_fieldwork, source_type=SourceType.INTERVIEW, title="Interview with the DCI")

    with pytest.raises(services.Invalid) as invalid:
        services.verify_evidence(team["inspector"], claim, "Read the policy")
    assert "independent check" in invalid.value.errors["to_state"]
    with pytest.raises(services.Invalid) as invalid:
        services.verify_evidence(team["inspector"], claim, "Agrees", corroborating=other_claim)
    assert "not an independent source" in invalid.value.errors["corroborating"]
    with pytest.raises(services.NotAllowed):
        services.verify_evidence(force_a, claim, "We checked it", tested_in_practice=True)
    assert not claim.verification_events.exists()

    services.verify_evidence(
        team["inspector"], claim, "The DCI described the same process", corroborating=interview
    )
    services.verify_evidence(
        team["lead"],
        other_claim,
        "Twelve referrals traced from call to strategy meeting",
        tested_in_practice=True,
    )

    claim.refresh_from_db()
    other_claim.refresh_from_db()
    assert claim.verification == other_claim.verification == Verification.VERIFIED
    first, second = claim.verification_events.get(), other_claim.verification_events.get()
    assert (first.corroborating, first.tested_in_practice) == (interview, False)
    assert (second.corroborating, second.tested_in_practice) == (None, True)


def test_it_keeps_what_the_force_submitted_a_self_assessment(in_fieldwork, make_persona, team):
    [claim] = submit(make_persona("force_a"), in_fieldwork)

    with pytest.raises(services.Invalid) as invalid:
        services.update_evidence(team["inspector"], claim, source_type=SourceType.DOCUMENT)

    assert "stays a force self-assessment" in invalid.value.errors["source_type"]
    services.update_evidence(team["inspector"], claim, title="Domestic abuse policy (2006)")
    claim.refresh_from_db()
    assert (claim.source_type, claim.title) == (
        SourceType.FORCE_SELF_ASSESSMENT,
        "Domestic abuse policy (2006)",
    )
