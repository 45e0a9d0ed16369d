"""Settings for Inspectorate.

Everything that differs between a laptop and a server comes from the environment (on a laptop also
from the local settings file `make run` writes, beneath the environment); the defaults are safe for
local use. Every variable read here is documented in docs/configuration.md, and a test
fails when one is not.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def read_local_settings(path: Path) -> dict[str, str]:
    """`NAME=value` lines of a local settings file (`#` starts a comment line; the value may be quoted).
    A missing file is no settings; a line that is not a setting stops start-up, naming the line."""
    if not path.is_file():
        return {}
    found: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, equals, value = text.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value, found {text!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[name] = value
    return found


# Local state (SQLite database, uploaded evidence, collected static files, the local settings file)
# lives in var/ by default.
VAR_DIR = Path(os.environ.get("INSPECTORATE_VAR_DIR") or str(BASE_DIR / "var"))

# `make run` writes a local settings file (a generated SECRET_KEY, DEBUG on) so that every
# `inspectorate` command works on a laptop as typed; the environment always wins over it.
# (Lower case, so that Django never lists what it holds, the secret key included, among the settings.)
_local_settings_file = os.environ.get("INSPECTORATE_LOCAL_SETTINGS", str(VAR_DIR / "local.env"))
_local_settings = read_local_settings(Path(_local_settings_file)) if _local_settings_file else {}


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, _local_settings.get(name, default))


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


DEBUG = env_bool("DEBUG", False)

# A development key is only acceptable while DEBUG is on; a server must be given its own.
_DEV_SECRET_KEY = "inspectorate-local-development-key-not-for-servers"
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("INSPECTORATE_ALLOW_DEV_SECRET", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

# Evidence files are private: MEDIA_ROOT is never mapped to a URL; files are served by a view after an
# access check.
MEDIA_ROOT = Path(env("INSPECTORATE_MEDIA_ROOT", str(VAR_DIR / "media")))
# No URL pattern ever serves this prefix; it is set only because Django's test server needs a
# non-empty media prefix to tell media requests from page requests.
MEDIA_URL = "/evidence-files-are-never-served-here/"

# The largest evidence file accepted, in bytes (20 MiB by default). Larger uploads are refused before
# anything is kept.
INSPECTORATE_MAX_UPLOAD_BYTES = int(env("INSPECTORATE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))

# Shared reference material (the published 2007 report, police.uk data, published grades) is read in
# place, never copied into the project.
SHARED_DIR = Path(env("INSPECTORATE_SHARED_DIR", str(BASE_DIR.parent / "shared")))

# Methodology packs shipped with the project.
PACKS_DIR = Path(env("INSPECTORATE_PACKS_DIR", str(BASE_DIR / "packs")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "inspectorate.accounts",
    "inspectorate.forces",
    "inspectorate.methodology",
    "inspectorate.inspections",
    "inspectorate.reports",
    "inspectorate.practice",
    "inspectorate.legacy",
    "inspectorate.monitoring",
    "inspectorate.planning",
    "inspectorate.web",
    "inspectorate.operations",
    "inspectorate.notifications",
    "inspectorate.jobs",
    # Background jobs: Django's tasks framework (backported) with its database backend (docs/jobs.md).
    "django_tasks",
    "django_tasks_db",
    # Sign-in throttling and lockout, and time-based one-time passwords (docs/security.md).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files when DEBUG is off; with DEBUG on, runserver serves them itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "inspectorate.accounts.middleware.RequestIdMiddleware",
    # Before anything reads the address: a NUL in its path or query string is answered 400, not 500.
    "inspectorate.accounts.middleware.RefuseNulInAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks whether the signed-in user has passed the one-time password step; the next one sends staff
    # who have not to it.
    "django_otp.middleware.OTPMiddleware",
    "inspectorate.accounts.two_factor.RequireOneTimePasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "inspectorate.accounts.middleware.PrivatePagesMiddleware",
    # Last, as django-axes requires: answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inspectorate.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "inspectorate" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inspectorate.web.context.navigation",
                "inspectorate.notifications.context.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "inspectorate.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'inspectorate.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# SQLite, the embedded default, made fit for several writers at once (a few workers, a command beside
# the server): write-ahead logging lets readers go on while one writes; every transaction takes the
# write lock when it begins (IMMEDIATE), so a writer that must wait does so at BEGIN, where the busy
# timeout applies, instead of failing with "database is locked" when a read turns into a write.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(env("INSPECTORATE_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL",
        }
    )

# Background jobs (docs/jobs.md): "database" queues them for `inspectorate worker` processes, which
# may run on any machine sharing the database; "immediate" runs each inside the request that queues it
# (the test suite, or a single process that must do without workers).
INSPECTORATE_TASK_BACKEND = env("INSPECTORATE_TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if INSPECTORATE_TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"INSPECTORATE_TASK_BACKEND={INSPECTORATE_TASK_BACKEND!r}: use one of {', '.join(_TASK_BACKENDS)}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[INSPECTORATE_TASK_BACKEND]}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
# django-axes first, so a locked-out username is refused before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("INSPECTORATE_STATIC_ROOT", str(VAR_DIR / "static")))
NODE_MODULES = BASE_DIR / "node_modules"
# Only GOV.UK Frontend's images and scripts are served; its fonts are GOV.UK-only and never shipped.
STATICFILES_DIRS = [
    ("govuk/assets/images", NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets" / "images"),
    (
        "govuk/assets/manifest",
        NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets" / "manifest.json",
    ),
    ("govuk/js", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Built by `npm run build` inside the checkout, whatever INSPECTORATE_VAR_DIR says.
    ("build", BASE_DIR / "var" / "build"),
]
STATICFILES_DIRS = [(prefix, path) for prefix, path in STATICFILES_DIRS if path.is_dir()]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An S3-compatible object store (django-storages) as Django's default file storage, for several
# machines without a shared folder. Evidence and published files are still written by path under
# MEDIA_ROOT (docs/configuration.md says so): this configures the store, it does not yet move them.
MEDIA_STORAGE = env("INSPECTORATE_MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            "location": env("AWS_LOCATION"),
            # Private: never a public ACL, never a URL without a signature, never an overwrite.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not env("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("INSPECTORATE_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"INSPECTORATE_MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")
# With DEBUG off, static files are served by whitenoise from STATIC_ROOT (`collectstatic`, which
# `inspectorate serve --production` runs first) under content-hashed names, compressed, and cached by
# browsers and proxies for a year; a changed file gets a new name.
if not DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# A load balancer's health checks may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail for notifications (docs/notifications.md). The console backend, the default, prints each
# message to the server's output; a server names its SMTP relay with the EMAIL_* variables.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds to wait for the mail server, so that one that hangs cannot hold a page for long.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Inspectorate <inspectorate@localhost>")
# Where the service is reached, for the links in e-mails (pages use the address they were asked at).
INSPECTORATE_SITE_URL = env("INSPECTORATE_SITE_URL", "http://127.0.0.1:8000")

# Security headers and cookies. With DEBUG off they default to what a public HTTPS service needs;
# each can be relaxed through the environment behind a TLS-terminating proxy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions that ignore a cookie which cannot be a session key (a NUL in it would fail on
# PostgreSQL); see accounts/sessions.py.
SESSION_ENGINE = "inspectorate.accounts.sessions"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in throttling (django-axes): after this many failed sign-ins for one username, that username is
# locked out for the cool-off period, from every address (offices share addresses, attackers rotate
# them). A successful sign-in resets the count; an administrator can unlock earlier (docs/security.md).
AXES_FAILURE_LIMIT = int(env("INSPECTORATE_SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("INSPECTORATE_SIGN_IN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# That check warns that user agents or cookies can be rotated; a lockout by username is not bypassed
# that way (the attacker cannot rotate the name they are guessing for), and locking by address would
# lock out every officer behind a force's shared address after five mistakes.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "inspectorate.accounts.views.locked_out"
# Its admin pages are replaced by read-only ones whose unlock action is audited (accounts/admin.py).
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Time-based one-time passwords (django-otp) for inspectorate staff; on whenever DEBUG is off.
INSPECTORATE_OTP_REQUIRED = env_bool("INSPECTORATE_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env("INSPECTORATE_OTP_ISSUER", "Inspectorate")

# Content-Security-Policy (django-csp): only the service's own scripts and styles run; the one inline
# script (the GOV.UK Frontend "js-enabled" switch) carries the per-response nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every layout step at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes reports every sign-in at INFO; failures and lockouts come at WARNING.
        "axes": {"level": "WARNING"},
    },
}
