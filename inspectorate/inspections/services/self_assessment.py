"""The inspected force's self-assessment (METHODOLOGY §4): a force liaison officer submits evidence to
an inspection of their own force during fieldwork, as ordinary evidence items of source type "force
self-assessment" with the submitter recorded.

A submission with several files becomes one item per file. An item is what the team verifies, and
what it verifies is a document: a policy, an audit spreadsheet and a set of minutes are three claims,
each checked (or not) on its own. So the one-file-per-item shape of evidence stays as it is, and each
item's title names its file. A submission without a file is one item.

The force says which frameworks its submission bears on; which criteria an item bears on is the
team's working, linked by the team once it has read the item (see views/evidence.py). The marking
defaults as for any item (OFFICIAL-SENSITIVE when it bears on a sensitive group); the force may mark
an item OFFICIAL-SENSITIVE, never lower than that default (the team may, as for any item).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from inspectorate.accounts import audit
from inspectorate.methodology.models import Framework

from ..choices import Marking, SourceType
from ..models import Evidence, Inspection
from . import files as storage
from .common import Errors, allow, lock
from .evidence import _bears_on, _is_sensitive_by_default, _keep, _next_reference, _store, evidence_state

MAX_FILES = 10
_TITLE_LIMIT = 200


def submissions(actor: Any, inspection: Inspection) -> QuerySet[Evidence]:
    """What the actor may see of the force's submissions to the inspection (for a liaison officer:
    every item their force submitted to it, whoever of them submitted it)."""
    return (
        Evidence.objects.restrict(actor, "view")
        .filter(inspection=inspection, submitted_by__isnull=False)
        .select_related("submitted_by", "file")
        .prefetch_related("frameworks")
        .order_by("reference")
    )


def _title_for(title: str, name: str, count: int) -> str:
    if count < 2:
        return title
    suffix = f": {name}"
    if len(title) + len(suffix) > _TITLE_LIMIT:
        room = max(_TITLE_LIMIT - len(title) - 3, 1)
        suffix = f": {name[: room - 1]}…"
    return f"{title}{suffix}"[:_TITLE_LIMIT]


def _check(
    inspection: Inspection,
    title: str,
    summary: str,
    effective_date: Any,
    marking: str | None,
    uploads: Sequence[Any],
    errors: Errors,
) -> None:
    if not title:
        errors.add("title", "give the submission a title")
    elif len(title) > _TITLE_LIMIT:
        errors.add("title", f"at most {_TITLE_LIMIT} characters")
    if not summary:
        errors.add("summary", "say what the evidence shows")
    if not isinstance(effective_date, datetime.date):
        errors.add("effective_date", "give the date the evidence describes")
    elif effective_date > timezone.localdate():
        errors.add("effective_date", "the evidence cannot describe a date in the future")
    if marking is not None and marking not in Marking.values:
        errors.add("marking", f"choose one of {', '.join(Marking.values)}")
    if len(uploads) > MAX_FILES:
        errors.add("files", f"at most {MAX_FILES} files in one submission; submit the rest separately")


def submit_self_assessment(
    actor: Any,
    inspection: Inspection,
    *,
    title: str,
    summary: str,
    effective_date: datetime.date,
    frameworks: Iterable[Framework | str] = (),
    marking: str | None = None,
    files: Iterable[Any] = (),
) -> list[Evidence]:
    """Submit the force's self-assessment evidence: one item per file (one item when there is none),
    each of source type force self-assessment, unverified, collected and submitted by the actor today.

    Only a liaison officer of the inspected force, during fieldwork (the inspection rule's
    "add_self_assessment"). Every problem is reported at once, per field (`files` names the file),
    and then nothing is recorded and no file is left on disk; otherwise the items, their files and
    their audit events are written in one transaction."""
    uploads = list(files)
    with transaction.atomic():
        inspection = lock(inspection)
        allow(Inspection, actor, "add_self_assessment", inspection)
        title, summary = str(title or "").strip(), str(summary or "").strip()
        errors = Errors()
        _check(inspection, title, summary, effective_date, marking, uploads, errors)
        bears_on = _bears_on(inspection, frameworks, errors)
        sensitive = _is_sensitive_by_default(inspection, bears_on)
        if marking == Marking.OFFICIAL and sensitive:
            errors.add(
                "marking",
                "evidence bearing on these frameworks is OFFICIAL-SENSITIVE; the inspection team decides "
                "whether it may be marked lower",
            )
        stored: list[storage.StoredFile] = []
        try:
            if "files" not in errors:
                for upload in uploads:
                    name = storage.clean_name(getattr(upload, "name", "") or "evidence")
                    problems = Errors()
                    kept = _store(upload, problems)
                    if kept is None:
                        errors.add("files", f"{name}: {problems.get('file', 'the file was refused')}")
                    else:
                        stored.append(kept)
            errors.raise_any()
            chosen = marking or (Marking.OFFICIAL_SENSITIVE if sensitive else Marking.OFFICIAL)
            items = _record(actor, inspection, title, summary, effective_date, bears_on, chosen, stored)
        except BaseException:
            for kept in stored:
                storage.discard(kept.storage_name)
            raise
    return items


def _record(
    actor: Any,
    inspection: Inspection,
    title: str,
    summary: str,
    effective_date: datetime.date,
    bears_on: list[Framework],
    marking: str,
    stored: list[storage.StoredFile],
) -> list[Evidence]:
    items: list[Evidence] = []
    each: list[storage.StoredFile | None] = list(stored) or [None]
    today = timezone.localdate()
    for kept in each:
        item = Evidence.objects.create(
            inspection=inspection,
            reference=_next_reference(inspection),
            source_type=SourceType.FORCE_SELF_ASSESSMENT,
            title=_title_for(title, kept.original_name if kept else "", len(stored)),
            summary=summary,
            collected_by=actor,
            collected_on=today,
            effective_date=effective_date,
            marking=marking,
            submitted_by=actor,
        )
        item.frameworks.set(bears_on)
        items.append(item)
    together = ", ".join(item.reference for item in items)
    note = f"force self-assessment submitted as {together}" if len(items) > 1 else "force self-assessment"
    for item, kept in zip(items, each, strict=True):
        audit.record(
            actor,
            "evidence.submitted",
            item,
            after=evidence_state(item),
            note=note,
        )
        if kept is not None:
            _keep(actor, item, kept)
    return items
