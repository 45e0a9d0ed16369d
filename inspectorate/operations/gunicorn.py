"""gunicorn, embedded: the WSGI application of inspectorate/wsgi.py, served by forked workers."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

# Publication still renders its PDF inside the request, which can take longer than gunicorn's
# default 30 s on a slow machine; a worker is only killed when it is truly stuck.
WORKER_TIMEOUT_SECONDS = 120


class _Application(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from inspectorate.wsgi import application

        return application


def run(address: str, workers: int) -> None:
    _Application(
        {
            "bind": address,
            "workers": workers,
            "timeout": WORKER_TIMEOUT_SECONDS,
            "accesslog": "-",
            "errorlog": "-",
            # Stopping the server (SIGTERM) lets requests in flight finish first.
            "graceful_timeout": 30,
            # gunicorn's control socket is one fixed path per account, which several instances on one
            # machine would fight over; the server is managed by its signals instead.
            "control_socket_disable": True,
        }
    ).run()
