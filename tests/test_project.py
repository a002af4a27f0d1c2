"""The project's foundations: settings, the database it runs on, demo data and the tick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from heard import env
from heard.demo import DEMO_USERS, load_demo_users

HEARD = Path(sys.executable).with_name("heard")


def test_it_runs_on_the_database_the_environment_names() -> None:
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("off", False), ("", False)]
)
def test_envbool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("HEARD_X", raw)
    assert env.envbool("HEARD_X", not expected) is expected


@pytest.mark.parametrize(
    ("reader", "raw"),
    [(lambda: env.envbool("HEARD_X", False), "maybe"), (lambda: env.envint("HEARD_X", 2), "two")],
)
def test_a_bad_setting_stops_start_up_with_its_name(
    monkeypatch: pytest.MonkeyPatch, reader: object, raw: str
) -> None:
    monkeypatch.setenv("HEARD_X", raw)
    with pytest.raises(ImproperlyConfigured, match="HEARD_X"):
        reader()  # type: ignore[operator]


def test_envint_refuses_a_value_below_its_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARD_X", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.envint("HEARD_X", 2, minimum=1)


def test_envsecret_reads_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("HEARD_X_FILE", str(secret))
    assert env.envsecret("HEARD_X") == "from-a-file"


@pytest.mark.django_db
def test_demo_users_load_twice_with_the_same_passwords(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    first = {demo.username: password for demo, password in load_demo_users()}
    second = {demo.username: password for demo, password in load_demo_users()}
    assert first == second
    assert get_user_model().objects.count() == len(DEMO_USERS)
    stored = json.loads((tmp_path / "demo-users.json").read_text())
    assert stored == first
    assert oct((tmp_path / "demo-users.json").stat().st_mode & 0o777) == "0o600"
    manager = get_user_model().objects.get(username="manager")
    assert manager.check_password(first["manager"])


@pytest.mark.django_db
def test_demo_data_is_refused_when_debug_is_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(CommandError, match="HEARD_DEBUG"):
        call_command("load_demo_data")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_tick_is_idempotent_once_the_calendar_is_complete(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("tick")
    call_command("tick")
    assert capsys.readouterr().out.splitlines()[-1] == "tick: bank holidays added 0"


def test_sqlite_database_file_uses_wal_mode(tmp_path: Path) -> None:
    environment = {**os.environ, "HEARD_DATA_DIR": str(tmp_path)}
    environment.pop("DATABASE_URL", None)
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    print(c.fetchone()[0])\n"
    )
    result = subprocess.run(
        [str(HEARD), "shell", "--no-imports", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "heard.sqlite3").exists()
