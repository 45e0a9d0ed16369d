"""A session cookie that cannot be a session key is no session, on every database: a NUL in it fails
a PostgreSQL lookup outright, so it must never reach the session table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cookie", ["abcdefgh\x00ijklmnop", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "a" * 41])
def test_it_treats_a_cookie_that_cannot_be_a_session_key_as_no_session(forces: None, cookie: str) -> None:
    client = Client()
    client.cookies["sessionid"] = cookie

    response = client.get("/forces/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_signs_out_a_visitor_whose_cookie_is_replaced_by_one_with_a_nul(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("inspector")
    assert client.get("/inspections/").status_code == 200

    client.cookies["sessionid"] = client.cookies["sessionid"].value[:16] + "\x00" + "x" * 15
    response: Any = client.get("/inspections/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
