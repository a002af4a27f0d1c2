"""A throwaway PostgreSQL cluster in a temporary directory, for the test suite and benchmarks.

Started with Debian's server binaries (initdb and pg_ctl), listening only on a Unix socket in
its own directory, so it needs no running server, no port and no password, and leaves nothing
behind. initdb refuses to run as root, so as root the cluster runs as the unprivileged user
``nobody``.

    with throwaway_postgres() as url:
        os.environ["DATABASE_URL"] = url
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote


def server_bin_dir() -> Path:
    """The newest installed PostgreSQL server's bin directory."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not candidates:
        raise RuntimeError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql: "
            "run scripts/bootstrap.sh test (it installs Debian's postgresql package)"
        )
    return Path(candidates[-1]).parent


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


@contextlib.contextmanager
def throwaway_postgres(database: str = "heard") -> Iterator[str]:
    """Start a cluster, create ``database``, yield its DATABASE_URL, then stop and delete it."""
    bin_dir = server_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="heard-pg-"))
    data, socket_dir, log = root / "data", root / "socket", root / "server.log"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "nobody", "nogroup")
        shutil.chown(socket_dir, "nobody", "nogroup")
    user = "heard"
    try:
        subprocess.run(
            _as_owner(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    user,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{socket_dir}' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        subprocess.run(
            _as_owner(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_owner([str(bin_dir / "createdb"), "-h", str(socket_dir), "-U", user, database]),
            check=True,
            capture_output=True,
        )
        yield f"postgres://{user}@{quote(str(socket_dir), safe='')}/{database}"
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace").strip()
        if log.exists():
            detail += "\n" + log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"throwaway PostgreSQL failed: {' '.join(exc.cmd)}\n{detail}") from exc
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)
