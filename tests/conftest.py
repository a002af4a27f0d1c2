"""Settings and fixtures shared by the whole suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEARD = Path(sys.executable).with_name("heard")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """A fast hasher: the suite signs in many times and PBKDF2 is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> str:
    """Say which database this run uses, so the output shows the SQLite and PostgreSQL runs."""
    from django.conf import settings

    engine = str(settings.DATABASES["default"]["ENGINE"]).rsplit(".", 1)[-1]
    return f"heard database: {engine}"


@pytest.fixture(scope="session")
def migrated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose SQLite database the installed ``heard migrate`` has migrated,
    made once for the run: the tests of the command line each copy it (``copy_migrated`` in
    tests/shared.py) rather than migrating their own (pytest-django's test database is
    invisible to another process)."""
    assert HEARD.exists(), f"the console script is not installed at {HEARD}"
    data_dir = tmp_path_factory.mktemp("heard-migrated")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["HEARD_DATA_DIR"] = str(data_dir)
    migrated = subprocess.run(
        [str(HEARD), "migrate", "--no-input", "--verbosity", "0"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    return data_dir
