"""Django's database sessions, except that a session cookie which cannot be a session key is no
session at all.

Django makes every key from lower-case letters and digits, but looks up whatever the cookie holds. A
cookie holding a NUL then fails on PostgreSQL (which cannot compare text with one) as a server error on
every page, where SQLite quietly finds nothing. Checking the key's shape first makes such a cookie what
it is on either database: an unknown session, so the visitor is signed out and gets a fresh one.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.sessions.backends import db

# Django's keys are 32 characters of its VALID_KEY_CHARS (a-z, 0-9); the column holds up to 40.
_SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key: Any) -> bool:
        return isinstance(key, str) and _SESSION_KEY.fullmatch(key) is not None
