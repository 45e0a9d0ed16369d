"""Concurrent editing reuses the inspection factories (tests/inspections/conftest.py)."""

from tests.inspections.conftest import (  # noqa: F401
    add_item,
    inspection_a,
    make_inspection,
    pack_2007,
    programme,
    read_pack_2007,
    second_lead,
    team,
    verified_item,
)
