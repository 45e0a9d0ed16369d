"""The `inspectorate` command: Django's management commands under friendlier names.

`inspectorate serve`, `inspectorate load-pack PATH`, `inspectorate pack show CODE [--json]`,
`inspectorate grade ...` and every other management command (hyphens or underscores both work).
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
    if args and not args[0].startswith("-"):
        name = ALIASES.get(args[0], args[0])
        args[0] = name.replace("-", "_") if name not in ("help",) else name
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line([prog, *args])
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
