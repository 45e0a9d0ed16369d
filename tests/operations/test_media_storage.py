"""Where media files go: the file system by default, or an S3-compatible object store through
django-storages when configured, with private, signed, never-overwritten files; and the refusals of a
configuration that cannot work. (Evidence and published files are not yet on the storage API:
docs/configuration.md, "Media on an object store".)"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from tests.environment import settings_with


def test_it_keeps_media_on_the_file_system_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch, DEBUG="true")

    assert settings["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_it_uses_an_s3_compatible_store_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(
        monkeypatch,
        DEBUG="true",
        INSPECTORATE_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="inspectorate-media",
        AWS_S3_ENDPOINT_URL="https://s3.internal:9000",
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_LOCATION="production",
    )
    default = settings["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"

    # django-storages refuses an option it does not know, so this also checks the names.
    storage = S3Storage(**default["OPTIONS"])

    assert storage.bucket_name == "inspectorate-media"
    assert storage.endpoint_url == "https://s3.internal:9000"
    assert storage.region_name == "eu-west-2"
    assert storage.access_key == "key-id" and storage.secret_key == "secret"
    assert storage.location == "production"
    assert storage.default_acl == "private"
    assert storage.querystring_auth is True
    assert storage.file_overwrite is False


def test_it_refuses_an_s3_store_without_a_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="needs AWS_STORAGE_BUCKET_NAME"):
        settings_with(monkeypatch, DEBUG="true", INSPECTORATE_MEDIA_STORAGE="s3")


def test_it_refuses_an_unknown_media_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="must be filesystem or s3, not 'ftp'"):
        settings_with(monkeypatch, DEBUG="true", INSPECTORATE_MEDIA_STORAGE="ftp")
