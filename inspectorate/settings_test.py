"""Settings for the test suite: the real settings with a development key and fast password hashing."""

import os

os.environ.setdefault("INSPECTORATE_ALLOW_DEV_SECRET", "true")
# The suite runs the same on every machine: a laptop's var/local.env (written by `make run`) is not read.
os.environ["INSPECTORATE_LOCAL_SETTINGS"] = ""

from .settings import *  # noqa: F403

# Tests talk plain HTTP to the test client; production keeps its HTTPS redirect.
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Personas sign in with `force_login` in most tests; the one-time password tests turn the step on.
INSPECTORATE_OTP_REQUIRED = False
# Tests find static files in place; only servers collect them (under hashed names).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Jobs run inside the request that queues them; the worker's own tests switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
