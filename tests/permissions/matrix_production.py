"""Running the service: the health check a load balancer polls is open to everyone, and says nothing
internal (tests/operations/test_health.py checks what it shows)."""

from .routes import Route, everyone

ROUTES = [
    Route("healthz", everyone()),
]
