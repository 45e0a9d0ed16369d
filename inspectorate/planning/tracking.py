"""Follow-up of areas for improvement (METHODOLOGY §11), direction of travel and beacon evidence.

Every area for improvement and recommendation of a published report becomes a tracked action of its
force. Force liaison officers post progress; inspectors move an action on, close it with the evidence
and their agreement, or mark it superseded by a later report. The team of the next inspection of that
force and framework sees the earlier areas and their status; the report can print the progress since
the last inspection (`progress_since_last`, a plain list the report builder takes as data).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Min

from inspectorate.accounts import audit
from inspectorate.inspections.choices import FindingKind, Stage
from inspectorate.inspections.models import Finding, Inspection
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.methodology.engine import GradeScale, GroupRollup
from inspectorate.methodology.models import Programme

from .followup import Direction, directions
from .models import OPEN_STATUSES, ActionStatus, ProgressUpdate, TrackedAction
from .scoring import GradeObs
from .services import require
from .sources import grade_records

TRACKED_KINDS = (FindingKind.AREA_FOR_IMPROVEMENT, FindingKind.RECOMMENDATION)


def _published_on(inspection: Inspection) -> datetime.date:
    first = inspection.published_reports.aggregate(first=Min("published_at"))["first"]
    when = first or inspection.signed_off_at or inspection.created_at
    return when.date() if isinstance(when, datetime.datetime) else when


def sync_actions(actor: Any = None) -> int:
    """Make a tracked action of every area for improvement and recommendation of every published
    (never demonstration) inspection that has none yet. Returns how many were made; audited."""
    findings = (
        Finding.objects.filter(
            kind__in=TRACKED_KINDS,
            inspection__stage=Stage.PUBLISHED,
            inspection__is_demonstration=False,
            tracked_action__isnull=True,
        )
        .select_related("inspection__force", "inspection__programme", "framework", "group")
        .order_by("inspection_id", "position", "id")
    )
    made = 0
    with transaction.atomic():
        dates: dict[int, datetime.date] = {}
        for finding in findings:
            inspection = finding.inspection
            if inspection.pk not in dates:
                dates[inspection.pk] = _published_on(inspection)
            code = finding.framework.code if finding.framework else finding.group.code  # type: ignore[union-attr]
            action = TrackedAction.objects.create(
                finding=finding,
                force=inspection.force,
                framework_code=code,
                programme_code=inspection.programme.code,
                opened_on=dates[inspection.pk],
            )
            audit.record(actor, "planning.action_opened", action, after=audit.snapshot(action))
            made += 1
    return made


def set_status(
    actor: Any,
    action: TrackedAction,
    *,
    status: str,
    note: str = "",
    evidence: str = "",
    superseded_by: Inspection | None = None,
) -> TrackedAction:
    require(TrackedAction, actor, "change", action)
    errors = {}
    if status not in ActionStatus.values:
        errors["status"] = "choose open, in progress, closed or superseded"
    if status == ActionStatus.CLOSED and not evidence.strip():
        errors["evidence"] = "closing an area for improvement needs the evidence that it is resolved"
    if status == ActionStatus.SUPERSEDED:
        later = superseded_by
        if later is None or later.force_id != action.force_id or later.stage != Stage.PUBLISHED:
            errors["superseded_by"] = "name the later published inspection of this force that supersedes it"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        before = audit.snapshot(
            action, ["status", "closing_evidence", "agreed_by", "superseded_by", "status_note"]
        )
        action.status = status
        action.status_note = note.strip()
        if status == ActionStatus.CLOSED:
            action.closing_evidence = evidence.strip()
            action.agreed_by = actor
        action.superseded_by = superseded_by if status == ActionStatus.SUPERSEDED else None
        action.save()
        audit.record(
            actor,
            "planning.action_status",
            action,
            before=before,
            after=audit.snapshot(
                action, ["status", "closing_evidence", "agreed_by", "superseded_by", "status_note"]
            ),
        )
    return action


def post_update(actor: Any, action: TrackedAction, text: str) -> ProgressUpdate:
    require(TrackedAction, actor, "post_update", action)
    if not text.strip():
        raise Invalid({"text": "say what progress the force has made"})
    if not action.is_open:
        raise NotAllowed(
            f"the action is {action.get_status_display().lower()}; progress is posted on open ones"
        )
    with transaction.atomic():
        update = ProgressUpdate.objects.create(action=action, text=text.strip(), author=actor)
        if action.status == ActionStatus.OPEN:
            action.status = ActionStatus.IN_PROGRESS
            action.save(update_fields=["status", "updated_at"])
        audit.record(
            actor, "planning.progress_posted", action, after={"update": update.text, "status": action.status}
        )
    return update


def scope_codes(inspection: Inspection) -> set[str]:
    """The inspection's frameworks and their groups: an area under PVP's overview concerns each component."""
    codes = set()
    for framework in inspection.frameworks.select_related("group"):
        codes.add(framework.code)
        if framework.group is not None:
            codes.add(framework.group.code)
    return codes


def _reference_day(inspection: Inspection) -> datetime.date:
    """Areas published up to this day are "earlier" for the inspection: its fieldwork's start, or the
    day it was planned. (A reconstruction of a report's own inspection never sees that report's areas.)"""
    return inspection.fieldwork_starts or inspection.created_at.date()


def earlier_actions(user: Any, inspection: Inspection) -> list[TrackedAction]:
    """The areas for improvement of earlier reports on this inspection's force and frameworks (and
    their groups), as `user` may see them."""
    codes = scope_codes(inspection)
    found = list(
        TrackedAction.objects.restrict(user, "view")
        .filter(force=inspection.force, framework_code__in=codes, opened_on__lte=_reference_day(inspection))
        .exclude(finding__inspection=inspection)
        .select_related("finding", "agreed_by")
        .prefetch_related("updates")
        .order_by("framework_code", "opened_on", "id")
    )
    for action in found:
        updates = list(action.updates.all())
        action.latest_update = updates[-1] if updates else None  # type: ignore[attr-defined]
    return found


@dataclass(frozen=True)
class ProgressLine:
    framework_code: str
    area: str
    status: str
    latest_update: str

    def to_dict(self) -> dict[str, str]:
        return {
            "framework": self.framework_code,
            "area": self.area,
            "status": self.status,
            "latest_update": self.latest_update,
        }


def progress_since_last(inspection: Inspection) -> list[ProgressLine]:
    """For a report: each earlier area for improvement of this force and these frameworks and where
    it stands. Read without a user: it is printed in the report of the inspection itself."""
    codes = scope_codes(inspection)
    actions = (
        TrackedAction.objects.filter(
            force=inspection.force, framework_code__in=codes, opened_on__lte=_reference_day(inspection)
        )
        .exclude(finding__inspection=inspection)
        .select_related("finding")
        .prefetch_related("updates")
    )
    lines = []
    for action in actions:
        updates = list(action.updates.all())
        lines.append(
            ProgressLine(
                action.framework_code,
                action.finding.text,
                action.get_status_display(),
                updates[-1].text if updates else "",
            )
        )
    return lines


def open_count(force_id: int, framework_code: str) -> int:
    return TrackedAction.objects.filter(
        force_id=force_id, framework_code=framework_code, status__in=OPEN_STATUSES
    ).count()


def _scale_and_groups(programme: Programme) -> tuple[GradeScale, dict[str, tuple[str, ...]], GroupRollup]:
    grades = list(programme.grades.order_by("position").values_list("code", "name"))
    scale = GradeScale(grades, programme.levels)
    groups: dict[str, list[str]] = {}
    for framework in programme.frameworks.select_related("group").order_by("position"):
        if framework.group is not None:
            groups.setdefault(framework.group.code, []).append(framework.code)
    rule = (programme.ruleset or {}).get("group_rollup") or {"method": "modal_lower"}
    return scale, {k: tuple(v) for k, v in groups.items()}, GroupRollup(**rule)


def directions_for(force_code: str, programme: Programme) -> tuple[dict[str, Direction], list[str]]:
    """Direction of travel per framework of a force from its last two published grades, through the
    roll-up where the framework was regrouped (2006 PVP against the 2007 components' roll-up)."""
    missing: list[str] = []
    records = [g for g in grade_records(missing) if g.source.partition("|")[0] == force_code]
    grades = [GradeObs(g.framework_code, g.programme_code, g.grade, g.published, g.source) for g in records]
    scale, groups, rule = _scale_and_groups(programme)
    return directions(grades, scale, groups, rule), missing


@dataclass(frozen=True)
class BeaconEvidence:
    example_title: str
    framework_code: str
    adopting_force: str
    adopted_on: datetime.date
    note: str


def beacon_evidence(user: Any, inspection: Inspection) -> list[BeaconEvidence]:
    """Adoptions by other forces of this force's developing practice in the inspection's frameworks:
    candidate evidence for the force's beacon condition (METHODOLOGY §5, §6)."""
    from inspectorate.practice.models import Adoption

    codes = set(inspection.frameworks.values_list("code", flat=True))
    adoptions = (
        Adoption.objects.restrict(user, "view")
        .filter(example__force=inspection.force, example__framework__code__in=codes)
        .exclude(adopting_force=inspection.force)
        .select_related("example__framework", "adopting_force")
    )
    return [
        BeaconEvidence(a.example.title, a.example.framework.code, a.adopting_force.name, a.adopted_on, a.note)
        for a in adoptions
    ]
