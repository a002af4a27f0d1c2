"""Run the whole test suite twice: on SQLite, then on PostgreSQL.

The PostgreSQL run uses DATABASE_URL when it is set; otherwise it starts a throwaway cluster
of its own (scripts/throwaway_postgres.py), so the suite passes on a machine with no server
running. Extra arguments go to pytest, e.g. ``scripts/run_suite.py -k calendar``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from throwaway_postgres import throwaway_postgres  # noqa: E402


def run_pytest(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n===== Heard test suite on {label} =====", flush=True)
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield configured
        return
    with throwaway_postgres() as url:
        yield url


def main(args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="heard-test-") as data_dir:
        base = {**os.environ, "HEARD_DATA_DIR": data_dir}
        base.pop("DATABASE_URL", None)
        sqlite = run_pytest("SQLite", base, args)
        with postgres_url() as url:
            postgres = run_pytest("PostgreSQL", {**base, "DATABASE_URL": url}, args)
    print(
        f"\n===== SQLite: {'passed' if sqlite == 0 else 'FAILED'}; "
        f"PostgreSQL: {'passed' if postgres == 0 else 'FAILED'} =====",
        flush=True,
    )
    return sqlite or postgres


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
