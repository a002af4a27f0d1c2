"""HTTP benchmark of the case pages at 100,000 complaints: ``python bench/case_pages.py``.

For each database (SQLite in a temporary HEARD_DATA_DIR; PostgreSQL from DATABASE_URL, or a
throwaway cluster from scripts/throwaway_postgres.py), it

1. migrates, and inserts 100,000 complaints with bench/generate_cases.py;
2. loads the demo users and demo cases (built through the real actions), so there is a case
   with a full Stage 2 history to open, and makes a complaints-manager user to sign in as;
3. starts gunicorn (``heard.wsgi``, 2 workers, 127.0.0.1 on a free port, HEARD_DEBUG off)
   with the same environment, signs in over HTTP (the sign-in page for the CSRF token, then
   the form), and keeps the session cookie;
4. requests each page sequentially, 30 times to warm up and 100 times timed, and reports the
   median and 95th percentile: the case list (first page, default sort), the case list
   filtered to overdue cases, and the case page of the complete Stage 2 case.

Target: each median under 50 ms. The script prints a table and exits 1 if a target is missed
(or a page does not answer 200). gunicorn and the cluster are stopped even on failure.
Only the standard library is used for the client. ``--count``, ``--only sqlite|postgresql``,
``--explain`` (print the list queries' plans) help when looking into a slow page.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from throwaway_postgres import throwaway_postgres  # noqa: E402

TARGET_MS = 50.0
WARM_UP = 30
TIMED = 100
HOST = "127.0.0.1"
BIN = Path(sys.executable).parent
# The list's overdue filter: the "Overdue only" checkbox of CaseFilterForm
# (src/heard/complaints/views/cases.py), sent by GET.
OVERDUE_QUERY = urlencode({"overdue": "on"})


@dataclass(frozen=True)
class Result:
    database: str
    page: str
    path: str
    median_ms: float
    p95_ms: float
    status: int

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.median_ms < TARGET_MS


# -- the database and the server --------------------------------------------------------


def base_environment(data_dir: str, database_url: str | None) -> dict[str, str]:
    """The environment heard migrate, the generator, the set-up step and gunicorn all share."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
        ),
        "DJANGO_SETTINGS_MODULE": "heard.settings",
        "HEARD_DATA_DIR": data_dir,
        "HEARD_DEBUG": "false",
        "HEARD_ALLOWED_HOSTS": HOST,
        "HEARD_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def database(name: str) -> Iterator[dict[str, str]]:
    """A temporary data directory and, for PostgreSQL, a database; yields the environment."""
    with tempfile.TemporaryDirectory(prefix=f"heard-bench-{name}-") as data_dir:
        if name == "sqlite":
            yield base_environment(data_dir, None)
        elif os.environ.get("DATABASE_URL"):
            yield base_environment(data_dir, os.environ["DATABASE_URL"])
        else:
            with throwaway_postgres() as url:
                yield base_environment(data_dir, url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[None]:
    """gunicorn with 2 sync workers; stopped (and killed if need be) when the block ends."""
    command = [
        str(BIN / "gunicorn"),
        "heard.wsgi",
        "--workers", "2",
        "--bind", f"{HOST}:{port}",
        "--timeout", "120",
        "--error-logfile", str(log),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{tail(log)}")
            with contextlib.suppress(OSError):
                status, _, _ = request(port, "GET", "/sign-in/")
                if status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s:\n{tail(log)}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


# -- the client -------------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request on a new connection (gunicorn's sync workers close after each answer)."""
    headers = {"Host": f"{HOST}:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{HOST}:{port}/sign-in/"
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            set_cookies.update({key: morsel.value for key, morsel in cookie.items()})
        return response.status, set_cookies, data
    finally:
        connection.close()


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """The sign-in page for the CSRF cookie and token, then the form; returns the cookies."""
    status, cookies, page = request(port, "GET", "/sign-in/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None or "csrftoken" not in cookies:
        raise RuntimeError(f"sign-in page: status {status}, no CSRF token")
    form = {
        "csrfmiddlewaretoken": match.group(1).decode(),
        "username": username,
        "password": password,
    }
    status, more, _ = request(port, "POST", "/sign-in/", cookies=cookies, body=urlencode(form))
    cookies |= more
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in failed: status {status}")
    return cookies


def measure(port: int, cookies: dict[str, str], path: str) -> tuple[int, float, float]:
    """(status, median ms, 95th percentile ms) over TIMED sequential requests after warm-up."""
    status = 0
    for _ in range(WARM_UP):
        status, _, _ = request(port, "GET", path, cookies=cookies)
        if status != 200:
            return status, float("nan"), float("nan")
    times = []
    for _ in range(TIMED):
        began = time.perf_counter()
        status, _, _ = request(port, "GET", path, cookies=cookies)
        times.append((time.perf_counter() - began) * 1000)
        if status != 200:
            return status, float("nan"), float("nan")
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return status, statistics.median(times), p95


# -- set-up inside the benchmark's environment (run as a subprocess) -----------------------


def setup_step(explain: bool) -> None:
    """Demo users and cases through the actions, the manager to sign in as, and the pk of the
    complete Stage 2 case; printed as JSON on the last line. Runs with this database's env."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group

    from heard.complaints.models import Complaint
    from heard.complaints.models.choices import Status
    from heard.demo import load_demo_users
    from heard.demo_cases import CASES, load_demo_cases
    from heard.people.models import User
    from heard.people.roles import StaffRole

    load_demo_users()
    load_demo_cases()
    user, _ = User.objects.get_or_create(
        username="bench-manager", defaults={"first_name": "Bench", "last_name": "Manager"}
    )
    user.set_password(os.environ["HEARD_BENCH_PASSWORD"])
    user.save()
    user.groups.add(Group.objects.get(name=StaffRole.COMPLAINTS_MANAGER))
    story = next(s for s, _ in CASES if s.label.startswith("Stage 2 complete late"))
    case = Complaint.objects.get(summary=story.summary, status=Status.STAGE2_COMPLETE)
    if explain:
        print_plans(user)
    print(json.dumps({"case": case.pk, "reference": case.reference}))


def print_plans(user: object) -> None:
    """Every query the case list runs (the officer filter's choices, count, page, prefetches),
    default and overdue, each with its plan and time: the evidence for a slow list page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from heard.complaints.access import complaints_visible_to
    from heard.complaints.views.cases import (
        PER_PAGE,
        CaseFilterForm,
        filter_cases,
        with_table_relations,
    )

    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN ANALYZE"

    def show(title: str, queries: CaptureQueriesContext) -> None:
        print(f"--- {connection.vendor}: {title}")
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                print(f"  {query['time']}s  {query['sql'][:400]}")
                cursor.execute(f"{explain} {query['sql']}")
                for row in cursor.fetchall():
                    print("      " + " ".join(str(c) for c in row))

    form = CaseFilterForm(None, show_officer=True)
    if "officer" in form.fields:
        with CaptureQueriesContext(connection) as queries:
            choices = list(form.fields["officer"].queryset)  # type: ignore[attr-defined]
        show(f"case list, the officer filter's {len(choices)} choices", queries)
    today = timezone.localdate()
    for label, wanted in (("default sort", {}), ("overdue", {"overdue": True})):
        cases = filter_cases(complaints_visible_to(user), wanted, today)  # type: ignore[arg-type]
        with CaptureQueriesContext(connection) as queries:
            total = cases.count()
            list(with_table_relations(cases)[:PER_PAGE])
        show(f"case list, {label}: {total:,} cases", queries)


# -- the run ----------------------------------------------------------------------------


def run_python(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


def bench_database(name: str, count: int, explain: bool) -> list[Result]:
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[name]
    print(f"\n== {label} ==", flush=True)
    with database(name) as env:
        began = time.perf_counter()
        run_python(env, "-m", "heard.cli", "migrate", "--no-input", "-v", "0")
        print(f"migrated in {time.perf_counter() - began:.1f} s", flush=True)
        print(run_python(env, str(ROOT / "bench" / "generate_cases.py"), "--count", str(count))
              .strip().splitlines()[-1], flush=True)  # fmt: skip
        password = secrets.token_urlsafe(16)
        env["HEARD_BENCH_PASSWORD"] = password
        began = time.perf_counter()
        out = run_python(env, str(Path(__file__)), "--setup", *(["--explain"] if explain else []))
        *plans, last = out.strip().splitlines()
        if plans:
            print("\n".join(plans))
        setup = json.loads(last)
        print(
            f"demo cases loaded in {time.perf_counter() - began:.1f} s; full Stage 2 case "
            f"{setup['reference']} (/cases/{setup['case']}/)",
            flush=True,
        )
        pages = (
            ("case list, first page", "/cases/"),
            ("case list, overdue", f"/cases/?{OVERDUE_QUERY}"),
            ("case page, full Stage 2", f"/cases/{setup['case']}/"),
        )
        port = free_port()
        log = Path(env["HEARD_DATA_DIR"]) / "gunicorn.log"
        results = []
        with gunicorn(env, port, log):
            cookies = sign_in(port, "bench-manager", password)
            for page, path in pages:
                status, median, p95 = measure(port, cookies, path)
                results.append(Result(label, page, path, median, p95, status))
                print(f"  {page}: median {median:.1f} ms, p95 {p95:.1f} ms (HTTP {status})",
                      flush=True)  # fmt: skip
        if any(r.status != 200 for r in results):
            print(tail(log), file=sys.stderr)
    return results


def print_table(results: list[Result]) -> None:
    header = ("database", "page", "median ms", "p95 ms", "target", "result")
    widths = (10, 24, 9, 7, 9, 6)
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in results:
        result = "OK" if r.ok else ("MISSED" if r.status == 200 else f"HTTP {r.status}")
        cells = (r.database, r.page, f"{r.median_ms:.1f}", f"{r.p95_ms:.1f}",
                 f"< {TARGET_MS:.0f} ms", result)  # fmt: skip
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="complaints to generate")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one database only")
    parser.add_argument("--explain", action="store_true", help="print the list queries' plans")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup:
        setup_step(args.explain)
        return 0
    began = time.perf_counter()
    results: list[Result] = []
    failed = False
    for name in ("sqlite", "postgresql"):
        if args.only and name != args.only:
            continue
        try:
            results += bench_database(name, args.count, args.explain)
        except Exception as exc:  # report it, stop this database, go on to the next
            print(f"FAILED on {name}: {exc}", file=sys.stderr)
            failed = True
    print_table(results)
    print(f"\n{args.count:,} complaints per database; {WARM_UP} warm-up and {TIMED} timed "
          f"requests per page; {time.perf_counter() - began:.0f} s in all.")  # fmt: skip
    return 1 if failed or not results or not all(r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
