"""Admin pages that write an audit event for every change they make.

The admin is the one place where administrators change rows directly rather than through a service,
so each save, inline save and deletion here is recorded like any other change: who, when, what, and
the changed fields before and after. A model whose changes have a service is registered read-only
instead (`ReadOnlyAdmin`), so the admin cannot step round the service's checks. The test suite fails
when a registered admin is neither.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.forms import BaseModelFormSet
from django.http import HttpRequest

from . import audit

# Never copied into an audit event, whichever model has them.
SECRET_FIELDS = frozenset({"password", "digest"})


def _picture(obj: models.Model, exclude: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in audit.snapshot(obj).items() if k not in exclude}


def _stored(obj: models.Model, exclude: frozenset[str]) -> dict[str, Any]:
    """The row as the database holds it now, before this request's change is written."""
    if obj.pk is None:
        return {}
    current = type(obj)._default_manager.filter(pk=obj.pk).first()
    return _picture(current, exclude) if current is not None else {}


def _difference(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = sorted(k for k in after if before.get(k) != after[k])
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def record_change(actor: Any, obj: models.Model, before: dict[str, Any], after: dict[str, Any]) -> None:
    old, new = _difference(before, after)
    if old or new:
        audit.record(
            actor, f"{obj._meta.model_name}.changed", obj, before=old, after=new, note="changed in the admin"
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """For looking, not changing: the model's changes go through a service, which checks and audits."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedModelAdmin(admin.ModelAdmin):
    """Records additions, changes and deletions made through this admin page and its inlines."""

    audit_exclude: frozenset[str] = SECRET_FIELDS

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        before = _stored(obj, self.audit_exclude) if change else {}
        super().save_model(request, obj, form, change)
        after = _picture(obj, self.audit_exclude)
        if change:
            record_change(request.user, obj, before, after)
        else:
            self._record_addition(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseModelFormSet, change: bool) -> None:
        before = {
            f.instance.pk: _stored(f.instance, self.audit_exclude)
            for f in formset.initial_forms
            if f.instance.pk is not None
        }
        # Recorded before the rows go, while they still have their ids.
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                self._record_deletion(request, deleted.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record_addition(request, obj)
        for obj, _fields in formset.changed_objects:
            record_change(request.user, obj, before.get(obj.pk, {}), _picture(obj, self.audit_exclude))

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        # The changelist's "delete selected" action runs outside the admin's own transaction.
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: models.Model) -> None:
        name = f"{obj._meta.model_name}.deleted"
        audit.record(
            request.user, name, obj, before=_picture(obj, self.audit_exclude), note="deleted in the admin"
        )

    def _record_addition(self, request: HttpRequest, obj: models.Model) -> None:
        name = f"{obj._meta.model_name}.created"
        audit.record(
            request.user, name, obj, after=_picture(obj, self.audit_exclude), note="added in the admin"
        )
