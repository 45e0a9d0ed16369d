"""What a service raises when it will not act. Views map these to answers: NotAllowed to 403, Invalid
to 400/422 with the fields, Blocked and Conflict to 409. Nothing has been written when any of them is
raised."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class ServiceError(Exception):
    """Base class of every refusal by an inspection service."""


class NotAllowed(ServiceError):
    """The actor may not do this; `reason` is shown to the user as it is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Invalid(ServiceError):
    """Bad input: `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = dict(errors)


class Blocked(ServiceError):
    """A workflow move cannot happen yet; `blockers` lists every reason, in plain English."""

    def __init__(self, blockers: list[str]) -> None:
        super().__init__("; ".join(blockers))
        self.blockers = list(blockers)


class Conflict(ServiceError):
    """Someone else saved the record after the version the actor started from. `current` is the
    record as it now stands (a JSON-able dict, empty when there is none), `changed_by` / `changed_at`
    who saved it and when. Raised only after the actor's permission is checked, so `current` never
    reaches anyone who may not see the record."""

    def __init__(
        self, what: str, current: dict[str, Any], changed_by: str, changed_at: datetime | None
    ) -> None:
        super().__init__(f"{what} was changed by {changed_by} after you opened it")
        self.what = what
        self.current = dict(current)
        self.changed_by = changed_by
        self.changed_at = changed_at
