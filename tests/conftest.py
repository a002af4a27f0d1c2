"""Settings and fixtures shared by the whole suite."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """A fast hasher: the suite signs in many times and PBKDF2 is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> str:
    """Say which database this run uses, so the output shows the SQLite and PostgreSQL runs."""
    from django.conf import settings

    engine = str(settings.DATABASES["default"]["ENGINE"]).rsplit(".", 1)[-1]
    return f"heard database: {engine}"
