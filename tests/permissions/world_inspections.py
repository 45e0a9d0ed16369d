"""Inspections for the permission matrix, made through the services as a team would make them.

- `inspection`: force A (West Midlands), frameworks CA and DV, led by the lead persona with the
  inspector persona on the team, at the drafting stage. It holds an OFFICIAL verified item with a
  file (`evidence`), an OFFICIAL-SENSITIVE item (`sensitive_evidence`), judgements (`judgement`), a CA
  award that departs from the engine (none proposed, so it awaits a lead other than its author:
  `award`), and three CA strengths (`finding`, the middle one) plus a PVP overview finding.
- `fa_inspection`: force A, framework CA only, carried to the factual accuracy check, with a finding
  (`fa_finding`) that force A's liaison officer has commented on (`fa_comment`).

Evidence files are written to a temporary folder for as long as the world lives, never to the
configured MEDIA_ROOT.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from inspectorate.inspections import services
from inspectorate.inspections.choices import FindingKind, Marking, SourceType, Stage
from inspectorate.methodology.models import Criterion
from tests.stages import drafting, move_to

IN_PERIOD = datetime.date(2007, 1, 15)
COLLECTED = datetime.date(2007, 6, 1)
DRAFT_RATIONALE = "Most Fair criteria are met on the evidence seen so far."
FA_COMMENT = "Referrals wait four days for a strategy discussion."
# The working these worlds write, which no one refused the working may receive (see working.py).
WORKING_TEXTS = (DRAFT_RATIONALE, FA_COMMENT)


def add_item(actor, inspection, **fields):  # type: ignore[no-untyped-def]
    values = {
        "source_type": SourceType.DOCUMENT,
        "title": "Child protection policy",
        "summary": "The force policy on child protection, approved in 2006.",
        "collected_on": COLLECTED,
        "effective_date": IN_PERIOD,
    }
    values.update(fields)
    return services.add_evidence(actor, inspection, **values)


def build_drafting(world: SimpleNamespace) -> None:
    inspector = world.make_persona("inspector")
    inspection = drafting(
        world.make_persona,
        force=world.force_a,
        programme=world.programme,
        frameworks=["CA", "DV"],
        fieldwork_starts=datetime.date(2007, 5, 1),
        fieldwork_ends=datetime.date(2007, 5, 11),
    )
    world.inspection = inspection
    world.evidence = add_item(
        inspector, inspection, title="Referral audit", marking=Marking.OFFICIAL, criteria=["CA-F01"]
    )
    services.verify_evidence(inspector, world.evidence, "Read the signed original at headquarters")
    services.attach_file(inspector, world.evidence, b"month,referrals\n2007-01,41\n", "referrals.csv")
    # Bearing on a PVP framework, it is OFFICIAL-SENSITIVE by default.
    world.sensitive_evidence = add_item(inspector, inspection, title="Victim interview", criteria=["CA-F02"])
    world.judgement = services.record_judgement(
        inspector, inspection, "CA-F01", "met", evidence=[world.evidence]
    )
    services.record_judgement(inspector, inspection, "CA-F02", "partly", evidence=[world.sensitive_evidence])
    world.award = services.award_grade(inspector, inspection, "CA", "fair", DRAFT_RATIONALE)
    strengths = [
        services.add_finding(inspector, inspection, kind=FindingKind.STRENGTH, text=text, framework="CA")
        for text in ("A clear child protection policy.", "Prompt strategy discussions.", "Trained staff.")
    ]
    world.finding = strengths[1]
    world.group_finding = services.add_finding(
        inspector, inspection, kind=FindingKind.AREA_FOR_IMPROVEMENT, text="Share risk data.", group="PVP"
    )


def build_factual_accuracy(world: SimpleNamespace) -> None:
    inspector = world.make_persona("inspector")
    inspection = drafting(
        world.make_persona, force=world.force_a, programme=world.programme, frameworks=["CA"]
    )
    # Every CA criterion not met: the engine proposes Poor, and an award of Poor needs no approval.
    for criterion in Criterion.objects.filter(framework__programme=world.programme, framework__code="CA"):
        comment = FA_COMMENT if criterion.code == "CA-F03" else ""
        services.record_judgement(inspector, inspection, criterion, "not_met", comment=comment)
    services.award_grade(inspector, inspection, "CA", "poor")
    world.fa_finding = services.add_finding(
        inspector,
        inspection,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        text="Referrals wait too long.",
        framework="CA",
    )
    world.fa_inspection = move_to(inspection, Stage.FACTUAL_ACCURACY, world.make_persona)
    world.fa_comment = services.comment_on_finding(
        world.make_persona("force_a"), world.fa_finding, "The waiting times were halved in June."
    )


BUILDERS = [build_drafting, build_factual_accuracy]
