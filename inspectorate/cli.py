"""The `inspectorate` command: Django's management commands under friendlier names.

`inspectorate serve` (`--production`: gunicorn; without it, the development server and a job worker
beside it, `--no-worker` for none), `inspectorate worker`, `inspectorate load-pack PATH`,
`inspectorate pack show CODE [--json]`, `inspectorate grade ...` and every other management command
(hyphens or underscores both work).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType

ALIASES = {
    "serve": "runserver",
}


def main(argv: list[str] | None = None, prog: str = "inspectorate") -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"] and "--production" in args:
        return _serve_production([a for a in args[1:] if a != "--production"], prog)
    if args[:1] == ["serve"] and "--help" not in args and "-h" not in args:
        return _serve_development(args, prog)
    return _run(args, prog)


def _serve_development(args: list[str], prog: str) -> int:
    """The development server with a job worker beside it (when jobs are queued for workers), so that
    `make run` stays one command: both stop together on Ctrl-C, and a worker whose server is killed
    stops by itself (it watches the server's process)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    # With the autoreloader the server runs again in a child process (RUN_MAIN set), which must not
    # start a second worker: the one started here serves both.
    wanted = "--no-worker" not in args and os.environ.get("RUN_MAIN") != "true"
    args = [a for a in args if a != "--no-worker"]
    try:
        queued = settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    except ImproperlyConfigured:
        queued = False  # the server itself says what is wrong
    if not (wanted and queued):
        return _run(args, prog)
    worker = subprocess.Popen(
        [sys.executable, "-m", "inspectorate.cli", "worker", "--parent-pid", str(os.getpid())]
    )
    print(f"A job worker runs beside the server (process {worker.pid}).", flush=True)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return _run(args, prog)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker.poll() is None:
            worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def _run(args: list[str], prog: str) -> int:
    args = [*args]
    if args and not args[0].startswith("-"):
        name = ALIASES.get(args[0], args[0])
        args[0] = name.replace("-", "_") if name not in ("help",) else name
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line([prog, *args])
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


def _serve_production(args: list[str], prog: str) -> int:
    """`serve --production` is gunicorn (inspectorate/operations), not the development server. Settings
    that cannot be served are refused with the reason, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.DEBUG  # noqa: B018 (reading a setting loads them all)
    except ImproperlyConfigured as problem:
        print(f"Refusing to serve in production: {problem}.", file=sys.stderr)
        return 2
    return main(["serve_production", *args], prog)


if __name__ == "__main__":
    sys.exit(main())
