"""What a service raises when it will not act. Views map these to answers: NotAllowed to 403, Invalid
to 400/422 with the fields, Blocked to 409. Nothing has been written when any of them is raised."""

from __future__ import annotations


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
