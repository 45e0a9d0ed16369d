from inspectorate.monitoring.api import router as monitoring_router

from .auth import public_or_signed_in
from .errors import InspectorateApi
from .forces import router as forces_router
from .inspections import router as inspections_router
from .methodology import router as methodology_router
from .reports import router as reports_router

api = InspectorateApi(
    title="Inspectorate API",
    version="1",
    urls_namespace="api-1",
    description=(
        "Forces, methodology and (as they are published) inspection results. Scripts authenticate with "
        "`Authorization: Bearer <token>` (create one with `inspectorate token create USERNAME NAME`); "
        "the browser uses its session. Without credentials you see what the public sees.\n\n"
        'Every refusal (4xx) has one shape: `{"detail": "...", "errors": {"field": "message"}}`, '
        "where `errors` names each field to blame (a body field as written, `evidence.0` for an item of "
        "a list, a query or path parameter by its name, `body` for the whole body) and may be empty. "
        "A 409 adds `blockers` (what must happen first) or `current`, `changed_by` and `changed_at` (a "
        "change saved meanwhile by someone else)."
    ),
    auth=public_or_signed_in,
)
api.add_router("/forces", forces_router)
api.add_router("/programmes", methodology_router)
api.add_router("/inspections", inspections_router)
api.add_router("/reports", reports_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/planning", "inspectorate.api.planning.router")
api.add_router("/notifications", "inspectorate.api.notifications.router")
