"""Run the whole test suite twice: on SQLite, then on PostgreSQL.

The PostgreSQL run uses DATABASE_URL when it is set; otherwise it starts a throwaway cluster
of its own (scripts/throwaway_postgres.py), so the suite passes on a machine with no server
running. Extra arguments go to pytest, e.g. ``scripts/run_suite.py -k calendar``.

The two runs go side by side, each in its own process with its own data directory, because
each is one single-threaded pytest and the machines we run on have two cores or more: the
whole command then takes about as long as the slower run, not the sum of both. Each run's
output is kept and printed whole when it ends (SQLite first). ``HEARD_TEST_SERIAL=1`` runs
them one after the other with live output instead.

The browser tests (marked ``browser``) run on SQLite only (decision 004): they check pages as
a person uses them in Chromium, which does not change with the database, while every other
test, the database's own behaviour included, runs on both. On PostgreSQL each of them
empties and refills every table around a live server, which made that run the slower by
minutes and the whole command longer than the 15 minutes it must fit in.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from throwaway_postgres import throwaway_postgres  # noqa: E402


def run_pytest(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n===== Heard test suite on {label} =====", flush=True)
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def start_pytest(env: dict[str, str], args: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def show(label: str, log: IO[bytes]) -> None:
    print(f"\n===== Heard test suite on {label} =====", flush=True)
    log.seek(0)
    sys.stdout.buffer.write(log.read())
    sys.stdout.flush()


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield configured
        return
    with throwaway_postgres() as url:
        yield url


def postgres_args(args: list[str]) -> list[str]:
    """The PostgreSQL run's arguments: the browser tests left out, unless the caller chose
    the tests by mark themselves."""
    if any(arg == "-m" or arg.startswith("-m") for arg in args):
        return args
    return ["-m", "not browser", *args]


def main(args: list[str]) -> int:
    with (
        tempfile.TemporaryDirectory(prefix="heard-test-sqlite-") as sqlite_dir,
        tempfile.TemporaryDirectory(prefix="heard-test-postgres-") as postgres_dir,
    ):
        base = dict(os.environ)
        base.pop("DATABASE_URL", None)
        sqlite_env = {**base, "HEARD_DATA_DIR": sqlite_dir}
        if os.environ.get("HEARD_TEST_SERIAL"):
            sqlite = run_pytest("SQLite", sqlite_env, args)
            with postgres_url() as url:
                postgres = run_pytest(
                    "PostgreSQL",
                    {**base, "HEARD_DATA_DIR": postgres_dir, "DATABASE_URL": url},
                    postgres_args(args),
                )
        else:
            print("===== Heard test suite on SQLite and PostgreSQL, side by side =====", flush=True)
            with (
                postgres_url() as url,
                tempfile.TemporaryFile() as sqlite_log,
                tempfile.TemporaryFile() as postgres_log,
            ):
                postgres_env = {**base, "HEARD_DATA_DIR": postgres_dir, "DATABASE_URL": url}
                runs = [
                    start_pytest(sqlite_env, args, sqlite_log),
                    start_pytest(postgres_env, postgres_args(args), postgres_log),
                ]
                sqlite, postgres = (run.wait() for run in runs)
                show("SQLite", sqlite_log)
                show("PostgreSQL", postgres_log)
    print(
        f"\n===== SQLite: {'passed' if sqlite == 0 else 'FAILED'}; "
        f"PostgreSQL: {'passed' if postgres == 0 else 'FAILED'} =====",
        flush=True,
    )
    return sqlite or postgres


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
