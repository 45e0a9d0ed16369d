"""Objects the permission matrix points its URLs at, made once per test.

Each builder takes the world namespace (with `programme`, `make_persona` and what earlier builders
added) and adds to it. Each app lists its builders as BUILDERS in a `world_<app>.py` module here.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import tempfile
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.test import override_settings

Builder = Callable[[SimpleNamespace], None]


def _core(world: SimpleNamespace) -> None:
    from inspectorate.forces.models import Force

    # Evidence uploads and published files go to a folder of the test's own, removed when it ends.
    media_root = tempfile.mkdtemp(prefix="inspectorate-matrix-media-")
    media = override_settings(MEDIA_ROOT=media_root)
    media.enable()
    world.cleanups.append(lambda: (media.disable(), shutil.rmtree(media_root, ignore_errors=True)))

    world.force_a = Force.objects.get(code="west-midlands")
    world.force_b = Force.objects.get(code="durham")
    world.framework = world.programme.frameworks.get(code="CA")


def builders() -> list[Builder]:
    """The core builder, then each `world_<app>.py` module's BUILDERS, in module-name order."""
    found: list[Builder] = [_core]
    package = importlib.import_module(__package__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("world_"):
            found.extend(importlib.import_module(f"{__package__}.{info.name}").BUILDERS)
    return found


def build(programme: Any, make_persona: Callable[[str], Any]) -> SimpleNamespace:
    # Builders that change settings or make files append their undo to `cleanups`; the fixture runs
    # them, newest first, when the test ends.
    world = SimpleNamespace(programme=programme, make_persona=make_persona, cleanups=[])
    for builder in builders():
        builder(world)
    return world
