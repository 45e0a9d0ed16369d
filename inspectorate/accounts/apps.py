from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inspectorate.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and audit"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        user_locked_out.connect(_audit_lockout, dispatch_uid="inspectorate-audit-lockout")


def _audit_lockout(
    sender: Any, request: Any = None, username: str = "", ip_address: str = "", **_: Any
) -> None:
    from .services import record_lockout

    record_lockout(username or "", ip_address or None)
