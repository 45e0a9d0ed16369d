"""The risk model in use and the risk register: every force and framework scored as of a date."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from inspectorate.accounts import audit
from inspectorate.inspections.services.errors import Invalid
from inspectorate.methodology.models import Programme

from ..models import Plan, RiskModelVersion
from ..riskmodel import DEFAULT_MODEL, RiskModel, load_risk_model, model_from_text
from ..scoring import Score, proposed_for_scan, register
from ..sources import collect
from .common import require_rule

# ---- the risk model -------------------------------------------------------------------------


def load_model_file(actor: Any, path: Path) -> RiskModelVersion:
    """Validate a risk-model file and keep it as the model in use (DataFileError: nothing kept)."""
    model = load_risk_model(path)
    text = Path(path).read_text(encoding="utf-8")
    with transaction.atomic():
        existing = RiskModelVersion.objects.filter(code=model.code, version=model.version).first()
        if existing is not None:
            if existing.content_hash != model.content_hash:
                raise Invalid(
                    {
                        "version": f"{model.label} is already loaded with other content; a changed model"
                        " is a new version"
                    }
                )
            return existing
        row = RiskModelVersion.objects.create(
            code=model.code,
            version=model.version,
            name=model.name,
            text=text,
            content_hash=model.content_hash,
            source_path=str(path),
        )
        audit.record(
            actor, "planning.model_loaded", row, after={"model": model.label, "hash": model.content_hash}
        )
    return row


def current_model() -> tuple[RiskModel, RiskModelVersion | None]:
    row = RiskModelVersion.objects.order_by("-loaded_at", "-id").first()
    if row is None:
        return load_risk_model(DEFAULT_MODEL), None
    return model_from_text(row.text), row


# ---- the register ---------------------------------------------------------------------------


@dataclass
class Register:
    model: RiskModel
    as_of: datetime.date
    programme: Programme
    scores: list[Score]
    framework_codes: list[str]
    framework_names: dict[str, str]
    force_names: dict[str, str]
    officers: dict[str, int | None]
    missing: list[str] = field(default_factory=list)

    def cell(self, force_code: str, framework_code: str) -> Score:
        return next(
            s for s in self.scores if s.force_code == force_code and s.framework_code == framework_code
        )

    def proposed_for_scan(self) -> dict[str, Score]:
        return proposed_for_scan(self.model, self.scores)


def latest_programme() -> Programme | None:
    return Programme.objects.order_by("-period_end", "-version").first()


def build_register(
    actor: Any, programme: Programme, as_of: datetime.date, framework_codes: Iterable[str] = ()
) -> Register:
    require_rule(Plan, actor, "view_scores")
    model, _row = current_model()
    inputs = collect(programme, as_of, framework_codes)
    codes = [f.code for f in inputs.frameworks]
    scores = register(model, inputs.forces, codes, as_of, inputs.groups)
    return Register(
        model=model,
        as_of=as_of,
        programme=programme,
        scores=scores,
        framework_codes=codes,
        framework_names={f.code: f.name for f in inputs.frameworks},
        force_names={f.force_code: f.force_name for f in inputs.forces},
        officers={f.force_code: f.officers for f in inputs.forces},
        missing=inputs.missing,
    )
