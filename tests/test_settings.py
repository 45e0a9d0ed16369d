"""Settings read from the environment and the local settings file, and their documentation.

Settings are evaluated afresh, in a subprocess or by running settings.py in a clean environment, because
the test process has long since configured Django with the test settings.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.environment import (
    CONFIGURATION_DOC,
    DOCUMENTED,
    PYTHON,
    ROOT,
    clean_environment,
    run,
    settings_with,
    variables_documented,
    variables_read_by_settings,
)

# Settings from the environment


def production_environment(tmp_path: Path, **values: str) -> dict[str, str]:
    production = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(45),
        "ALLOWED_HOSTS": "inspectorate.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "INSPECTORATE_VAR_DIR": str(tmp_path),
    }
    return clean_environment(**{**production, **values})


def test_the_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    environment = production_environment(tmp_path)
    assert len(environment["SECRET_KEY"]) == 60

    result = run([PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_the_deployment_checks_catch_debug_left_on(tmp_path: Path) -> None:
    environment = production_environment(tmp_path)
    environment["DEBUG"] = "true"

    result = run([PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment)

    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_importing_the_settings_without_a_secret_key_fails(tmp_path: Path) -> None:
    result = run([PYTHON, "-c", "import inspectorate.settings"], clean_environment())

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_settings_refuse_a_secret_key_missing_with_debug_off(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        settings_with(monkeypatch, DEBUG="false")


def test_the_settings_use_the_development_key_only_when_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    with_debug = settings_with(monkeypatch, DEBUG="true")
    allowed = settings_with(monkeypatch, INSPECTORATE_ALLOW_DEV_SECRET="yes")
    given = settings_with(monkeypatch, SECRET_KEY="a-server-key")

    assert with_debug["SECRET_KEY"] == allowed["SECRET_KEY"]
    assert "development" in with_debug["SECRET_KEY"]
    assert given["SECRET_KEY"] == "a-server-key"


@pytest.mark.parametrize(
    ("name", "others"),
    [
        ("DEBUG", {}),
        ("SECURE_SSL_REDIRECT", {"SECRET_KEY": "a-server-key"}),
        # Only consulted when no key is given.
        ("INSPECTORATE_ALLOW_DEV_SECRET", {}),
    ],
)
def test_the_settings_refuse_a_value_that_is_not_a_boolean(
    monkeypatch: pytest.MonkeyPatch, name: str, others: dict[str, str]
) -> None:
    values = {**others, name: "maybe"}

    with pytest.raises(ImproperlyConfigured) as caught:
        settings_with(monkeypatch, **values)

    assert str(caught.value) == f"{name}='maybe' is not a boolean (use true or false)"


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("No", False)],
)
def test_the_settings_read_the_usual_boolean_spellings(
    monkeypatch: pytest.MonkeyPatch, text: str, value: bool
) -> None:
    assert settings_with(monkeypatch, DEBUG=text, SECRET_KEY="k")["DEBUG"] is value


def test_the_settings_parse_a_postgresql_database_url(tmp_path: Path) -> None:
    environment = production_environment(
        tmp_path,
        DATABASE_URL="postgres://inspector:s3cret@db.example:5433/inspectorate",
        DATABASE_CONN_MAX_AGE="60",
    )
    program = (
        "import json, django; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    environment["DJANGO_SETTINGS_MODULE"] = "inspectorate.settings"

    result = run([PYTHON, "-c", program], environment)

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "inspectorate",
        "inspector",
        "s3cret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.example", 5433)
    assert database["CONN_MAX_AGE"] == 60


def test_the_settings_keep_local_state_in_the_var_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = settings_with(monkeypatch, DEBUG="true", INSPECTORATE_VAR_DIR=str(tmp_path))

    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["DATABASES"]["default"]["NAME"] == str(tmp_path / "inspectorate.sqlite3")
    assert settings["MEDIA_ROOT"] == tmp_path / "media"
    assert settings["STATIC_ROOT"] == tmp_path / "static"


def test_the_settings_secure_a_server_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    server = settings_with(monkeypatch, SECRET_KEY="a-server-key", ALLOWED_HOSTS=" a.example, b.example ,,")
    laptop = settings_with(monkeypatch, DEBUG="true")

    assert server["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    assert (server["SECURE_SSL_REDIRECT"], server["SESSION_COOKIE_SECURE"], server["CSRF_COOKIE_SECURE"]) == (
        True,
        True,
        True,
    )
    assert server["SECURE_HSTS_SECONDS"] == 31_536_000 and server["SECURE_HSTS_PRELOAD"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in server
    assert (laptop["SECURE_SSL_REDIRECT"], laptop["SECURE_HSTS_SECONDS"]) == (False, 0)
    assert laptop["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_the_settings_trust_a_proxy_only_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    behind_proxy = settings_with(monkeypatch, SECRET_KEY="k", SECURE_PROXY_SSL_HEADER="true")

    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


# The local settings file


def test_the_settings_read_the_local_settings_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    local = tmp_path / "local.env"
    local.write_text(
        "# written by make run\n\nDEBUG=true\nSECRET_KEY='a-laptop-key'\nexport LOG_LEVEL=DEBUG\n"
    )

    settings = settings_with(monkeypatch, INSPECTORATE_LOCAL_SETTINGS=str(local))

    assert (settings["DEBUG"], settings["SECRET_KEY"]) == (True, "a-laptop-key")
    assert settings["LOGGING"]["root"]["level"] == "DEBUG"


def test_the_environment_wins_over_the_local_settings_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "local.env").write_text("DEBUG=true\nSECRET_KEY=a-laptop-key\nLOG_LEVEL=WARNING\n")

    settings = settings_with(monkeypatch, INSPECTORATE_VAR_DIR=str(tmp_path), DEBUG="false", SECRET_KEY="k")

    assert (settings["DEBUG"], settings["SECRET_KEY"]) == (False, "k")
    assert settings["LOGGING"]["root"]["level"] == "WARNING"  # the file was read, and lost to the environment


def test_the_local_settings_file_lives_in_the_var_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("INSPECTORATE_LOCAL_SETTINGS", raising=False)
    without = clean_environment(INSPECTORATE_VAR_DIR=str(tmp_path))
    program = [PYTHON, "-c", "from django.conf import settings; print(settings.DEBUG)"]
    without["DJANGO_SETTINGS_MODULE"] = "inspectorate.settings"

    refused = run(program, without)
    (tmp_path / "local.env").write_text("DEBUG=on\n")
    read = run(program, without)

    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr
    assert read.returncode == 0 and read.stdout.strip() == "True", read.stderr


def test_the_settings_refuse_a_local_settings_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    local = tmp_path / "local.env"
    local.write_text("DEBUG=true\nSECRET KEY is here\n")

    with pytest.raises(ImproperlyConfigured) as caught:
        settings_with(monkeypatch, INSPECTORATE_LOCAL_SETTINGS=str(local))

    assert str(caught.value) == f"{local}, line 2: expected NAME=value, found 'SECRET KEY is here'"


# The configuration documentation


def test_every_variable_the_settings_read_is_documented() -> None:
    read = variables_read_by_settings()
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL"} <= read, "the pattern no longer finds the settings' reads"

    undocumented = sorted(read - variables_documented())

    assert not undocumented, f"read in settings.py but missing from docs/configuration.md: {undocumented}"


def test_every_documented_variable_is_read_by_the_settings() -> None:
    stale = sorted(variables_documented() - variables_read_by_settings())

    assert not stale, f"documented in docs/configuration.md but never read by settings.py: {stale}"


def test_every_documented_variable_has_a_default_and_a_meaning() -> None:
    rows = [
        line for line in CONFIGURATION_DOC.read_text(encoding="utf-8").splitlines() if DOCUMENTED.match(line)
    ]
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert len(cells) == 3 and all(cells), f"a row needs a variable, a default and a meaning: {row}"


# The suite's own files


@pytest.fixture(scope="module")
def media_outside_a_test() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def test_the_suite_keeps_files_written_outside_a_test_out_of_var(
    media_outside_a_test: Path, private_media: Path
) -> None:
    assert not media_outside_a_test.is_relative_to(ROOT / "var")
    assert media_outside_a_test != private_media and not private_media.is_relative_to(ROOT / "var")
