"""The `inspectorate` command: Django's management commands under friendlier names.

`inspectorate serve` (`--production`: gunicorn), `inspectorate load-pack PATH`,
`inspectorate pack show CODE [--json]`, `inspectorate grade ...` and every other management command
(hyphens or underscores both work).
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "serve": "runserver",
}


def main(argv: list[str] | None = None, prog: str = "inspectorate") -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"] and "--production" in args:
        return _serve_production([a for a in args[1:] if a != "--production"], prog)
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
