"""Accounts in the admin. Every change made here is audited (admin_audit.py); revoking tokens, lifting
sign-in lockouts and resetting authenticator apps are actions that call the account services."""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, services
from .admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from .models import ApiToken, AuditEvent, User

# Roles are the one switch for what a person may do (accounts/roles.py); Django's groups are unused.
admin.site.unregister(Group)
# Devices hold the shared secret, which nobody but its owner's app should see; see TOTPDeviceAdmin.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "force", "is_active", "locked_out")
    list_filter = ("role", "force", "is_active")
    readonly_fields = ("otp_exempt", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Inspectorate", {"fields": ("role", "force", "is_active", "otp_exempt")}),
        ("Administration", {"fields": ("is_superuser",)}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    actions = ["unlock_sign_in", "reset_authenticator_app"]

    @admin.display(boolean=True, description="Locked out")
    def locked_out(self, user: User) -> bool:
        return AccessAttempt.objects.filter(username=user.username).exists()

    @admin.action(description="Unlock sign-in for the selected users")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        unlocked = [u.username for u in queryset if services.unlock_sign_in(request.user, u.username)]
        self.message_user(
            request, f"Unlocked: {', '.join(unlocked)}" if unlocked else "None of them was locked."
        )

    @admin.action(description="Reset the authenticator app of the selected users")
    def reset_authenticator_app(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        reset = [u.username for u in queryset if services.reset_one_time_passwords(request.user, u)]
        message = (
            f"They set up an app again at their next sign-in: {', '.join(reset)}"
            if reset
            else "None had an app."
        )
        self.message_user(request, message)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # Django's own view saves outside a transaction; the audit event must share one with the change.
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if request.path.rstrip("/").endswith("/password"):
            # The password itself (even hashed) never goes into the record.
            audit.record(request.user, "user.password_set", obj, note="password set in the admin")
        return super().log_change(request, obj, message)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued on the command line (`inspectorate token create`), where the secret is shown
    once; here they are listed and revoked."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only for the revoke action; the change form itself stays read-only (no fields are editable).
        return obj is None and request.user.is_active and request.user.is_staff

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in ApiToken._meta.concrete_fields]

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = sum(services.revoke_token(request.user, token) for token in queryset)
        self.message_user(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.", messages.SUCCESS)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    """Which users have set up an authenticator app. The key is never shown; a lost phone is handled
    by the "reset the authenticator app" action on the user."""

    list_display = ("user", "name", "confirmed", "last_used_at")
    list_filter = ("confirmed",)
    fields = ("user", "name", "confirmed", "last_used_at", "created_at")


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyAdmin):
    """Failed sign-ins still counting towards a lockout. Unlocking forgets them, with an audit event."""

    list_display = ("username", "ip_address", "failures_since_start", "attempt_time")
    search_fields = ("username", "ip_address")
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")
    actions = ["unlock"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and request.user.is_active and request.user.is_staff

    @admin.action(description="Unlock sign-in for the selected usernames", permissions=["change"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        names = sorted({a.username for a in queryset if a.username})
        for name in names:
            services.unlock_sign_in(request.user, name)
        self.message_user(request, f"Unlocked: {', '.join(names)}" if names else "Nothing to unlock.")


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("username", "ip_address", "attempt_time", "logout_time")
    search_fields = ("username", "ip_address")


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdmin):
    list_display = ("username", "ip_address", "attempt_time", "locked_out")
    search_fields = ("username", "ip_address")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only, even for administrators."""

    list_display = ("at", "actor_label", "action", "object_type", "object_repr", "request_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_label", "request_id", "client_request_id")
