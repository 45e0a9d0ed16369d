"""One error shape for every 4xx answer under /api/, and the OpenAPI document that says so.

Every refusal is `{"detail": str, "errors": {field: message}}`: `detail` says what went wrong in a
sentence, `errors` names each field that is wrong (empty when no one field is to blame). A 409 Blocked
adds `blockers` (every reason the move cannot happen yet); a 409 Conflict adds `current`, `changed_by`
and `changed_at` (the record as someone else saved it). Field names are those of the request: a body
field as it is written in the body (`value`, `evidence.0` for the first item of a list), a query or
path parameter by its name (`outside_period`), the whole body as `body`.

Django-ninja's own answers (its validation errors, authentication, unknown paths and methods, a body
that cannot be parsed) are turned into the same shape here, and `document_errors` adds the answers
each operation can give to the OpenAPI document, so a client (and the schema fuzzing in the tests)
can rely on them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, URLPattern, re_path, resolve
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from inspectorate.inspections.services import Blocked, Conflict, Invalid, NotAllowed, ServiceError


class ErrorOut(Schema):
    """Every 4xx answer: what went wrong, and the fields to blame (possibly none)."""

    detail: str
    errors: dict[str, str]


class BlockedOut(ErrorOut):
    """409: a workflow move cannot happen yet; `blockers` says every reason."""

    blockers: list[str]


class ConflictOut(ErrorOut):
    """409: someone else saved the record after the version the request started from; nothing is saved.
    `current` is the record as it now stands (its `version` included): send the change again with that
    version to save over it."""

    current: dict[str, Any]
    changed_by: str
    changed_at: datetime.datetime | None


SCHEMAS: dict[str, type[Schema]] = {
    "ErrorOut": ErrorOut,
    "BlockedOut": BlockedOut,
    "ConflictOut": ConflictOut,
}

# What each status means on /api/, for the OpenAPI document.
MEANING = {
    400: "The request cannot be read (a NUL in the address, a body that is not JSON, a broken upload)",
    401: "Credentials were given but are wrong (a revoked token, a session without its CSRF token), or "
    "the operation needs a signed-in caller",
    403: "The caller may not do this; `detail` says why",
    404: "There is nothing here that the caller may see",
    405: "The path exists but not with this method",
    409: "Refused for now: `blockers` says what must happen first, or `current` shows a change saved "
    "meanwhile by someone else",
    413: "The request is larger than the server accepts",
    422: "The request has problems; `errors` names each field",
    429: "Too many requests",
}


def error_response(
    status: int, detail: str, errors: dict[str, str] | None = None, **extra: Any
) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": dict(errors or {}), **extra}, status=status)


def invalid_response(errors: dict[str, str]) -> JsonResponse:
    return error_response(422, "the request has problems; see errors", errors)


def service_refusal(refusal: Exception) -> JsonResponse | None:
    """The answer to an inspection service's refusal, or None when it is not one."""
    if isinstance(refusal, NotAllowed):
        return error_response(403, refusal.reason)
    if isinstance(refusal, Blocked):
        return error_response(409, "this cannot happen yet; see blockers", blockers=refusal.blockers)
    if isinstance(refusal, Invalid):
        return invalid_response(refusal.errors)
    if isinstance(refusal, Conflict):
        detail = f"{refusal}; nothing is saved: send it again with the current version to save over it"
        return error_response(
            409,
            detail,
            current=refusal.current,
            changed_by=refusal.changed_by,
            changed_at=refusal.changed_at.isoformat() if refusal.changed_at else None,
        )
    return None


# --- ninja's validation errors as fields ------------------------------------------------------------

_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """A dotted field name for a pydantic error location: ("body", "payload", "value") is `value`,
    ("query", "outside_period") is `outside_period`, ("body", "payload") (the whole body) is `body`."""
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in _SOURCES else None
    if source == "body" and parts:
        parts.pop(0)  # the endpoint's parameter that holds the whole body (`payload`), never a field
    if not parts:
        return source or "body"
    return ".".join(str(part) for part in parts)


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "is not valid"))
    # Our own validators raise ValueError, which pydantic prefixes.
    return message.removeprefix("Value error, ")


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for error in errors:
        name = field_name(tuple(error.get("loc", ())))
        message = _message(error)
        found[name] = f"{found[name]}; {message}" if name in found else message
    return found


# --- handlers -----------------------------------------------------------------------------------------


def install(api: NinjaAPI) -> None:
    """Answer every refusal under the API in the one shape. (Ninja types a handler's exception as the
    class or an instance of it, so the handlers take `Any`.)"""

    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return invalid_response(validation_errors(list(exc.errors)))

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        status = exc.status_code
        if status == 401:
            detail = "sign in, or send a valid token as `Authorization: Bearer <token>`"
        else:
            detail = str(exc.message)
        errors = {"body": detail} if status == 400 else {}
        response = error_response(status, detail, errors)
        wait = getattr(exc, "wait", None)
        if status == 429 and wait:
            response["Retry-After"] = str(wait)
        return response

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        # The message of a lookup that failed is not shown: it could say what exists.
        return error_response(404, "not found")

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        answer = service_refusal(exc)
        if answer is None:
            raise exc  # a refusal the API has no answer for is a bug: a server error, logged
        return answer

    def permission(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(403, str(exc))

    def too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(413, "the request is too large", {"body": "the request is too large"})

    def unreadable(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = f"the request cannot be read: {exc}"
        return error_response(400, detail, {"body": str(exc)})

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ServiceError, refused)
    api.add_exception_handler(PermissionError, permission)
    api.add_exception_handler(RequestDataTooBig, too_big)
    for broken in (TooManyFieldsSent, TooManyFilesSent, MultiPartParserError):
        api.add_exception_handler(broken, unreadable)


def _method_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            answer = error_response(405, f"{request.method} is not allowed here; use {allowed}")
            answer["Allow"] = allowed
            return answer
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]  # as ninja's own views
    return wrapped


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything under /api/ that is no operation: 404 in the one shape (and, as Django's APPEND_SLASH
    would, a redirect to the same path with a slash when that exists)."""
    if not request.path_info.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_path:
            answer = HttpResponse(status=301)
            answer["Location"] = request.get_full_path(force_append_slash=True)
            return answer
    return error_response(404, f"there is no {request.path} in the API")


class InspectorateApi(NinjaAPI):
    """The NinjaAPI with its refusals in the one shape, both in its answers and in its document."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        install(self)

    def _get_urls(self) -> list[Any]:
        urls = super()._get_urls()
        for entry in urls:
            if isinstance(entry, URLPattern):
                entry.callback = _method_not_allowed(entry.callback)
        urls.append(re_path(r"^(?P<rest>.*)$", unknown_path, name="unknown_path"))
        return urls

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))


# --- the OpenAPI document -----------------------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(status: int) -> dict[str, Any]:
    schema = {"anyOf": [_ref("BlockedOut"), _ref("ConflictOut")]} if status == 409 else _ref("ErrorOut")
    return {"description": MEANING[status], "content": {"application/json": {"schema": schema}}}


def statuses_for(operation: dict[str, Any]) -> set[int]:
    """The refusals any operation may give, whatever it does: 400 for an address no operation accepts
    (a NUL in it) or a body that cannot be read; 401 for wrong credentials; 404 when its path names
    something; 422 when it takes parameters or a body; 413 when it reads a body."""
    found = {400, 401}
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "path" for p in parameters):
        found.add(404)
    if parameters or "requestBody" in operation:
        found.add(422)
    if "requestBody" in operation:
        found.add(413)
    return found


def document_errors(schema: Any) -> Any:
    """Every operation's refusals, in the one shape: those it declares (403, 409, ...) get the shared
    schemas, and those every operation may give (see statuses_for) are added."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in SCHEMAS.items():
        components[name] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # Ninja keys its responses by number; the document's keys are strings.
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            declared = {int(code) for code in responses if code.isdigit() and 400 <= int(code) < 500}
            for status in sorted(declared | statuses_for(operation)):
                responses[str(status)] = _answer(status)
            operation["responses"] = dict(sorted(responses.items()))
    return schema
