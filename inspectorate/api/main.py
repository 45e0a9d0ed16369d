from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from inspectorate.monitoring.api import router as monitoring_router

from .auth import public_or_signed_in
from .forces import router as forces_router
from .inspections import router as inspections_router
from .methodology import router as methodology_router
from .reports import router as reports_router

api = NinjaAPI(
    title="Inspectorate API",
    version="1",
    urls_namespace="api-1",
    description=(
        "Forces, methodology and (as they are published) inspection results. Scripts authenticate with "
        "`Authorization: Bearer <token>` (create one with `inspectorate token create USERNAME NAME`); "
        "the browser uses its session. Without credentials you see what the public sees."
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


@api.exception_handler(PermissionError)
def permission_denied(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)
