"""HTTP benchmark of the case pages at 100,000 complaints: ``python bench/case_pages.py``.

For each database (SQLite in a temporary HEARD_DATA_DIR; PostgreSQL from DATABASE_URL, or a
throwaway cluster from scripts/throwaway_postgres.py), it

1. migrates, and inserts 100,000 complaints with bench/generate_cases.py (with their points,
   findings, recommendations and actions, Stage 3, the Ombudsman, time and the roster);
2. loads the demo users, roster and cases (built through the real actions), so there is a case
   with a full Stage 2 history to open, takes a demo case to Stage 3 through the actions (or
   uses one the demo data has there) so its panel can be appointed, and makes a
   complaints-manager user to sign in as;
3. starts gunicorn (``heard.wsgi``, 2 workers, 127.0.0.1 on a free port, HEARD_DEBUG off)
   with the same environment, signs in over HTTP (the sign-in page for the CSRF token, then
   the form), and keeps the session cookie;
4. requests each page sequentially, 30 times to warm up and 100 times timed, and reports the
   median and 95th percentile: the home page's work queue (all cases, and the manager's
   own), the case list (first page, default sort), the case list filtered to overdue cases,
   the case page of the complete Stage 2 case, a search by a child's name, the agreed actions
   filtered to overdue, the learning log (first page), the procedure report (last 12
   months), the dashboard, the roster, and the appoint page's suggestions for a panel member
   on the Stage 3 case.

Target: each median under 50 ms. The script prints a table and exits 1 if a target is missed
(or a page does not answer 200). gunicorn and the cluster are stopped even on failure.
Only the standard library is used for the client. ``--count``, ``--only sqlite|postgresql``,
``--explain`` (print the case list's queries with their plans, and every other page's
queries, slowest first, with the plans of the slowest) help when looking into a slow page.
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
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


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, and how many cores there are to share."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


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
    """Demo users, roster and cases through the actions, the manager to sign in as, the pk
    of the complete Stage 2 case and of a Stage 3 case convening its panel; printed as JSON
    on the last line. Runs with this database's env."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db.models.functions import Mod
    from django.utils import timezone

    from heard.complaints.models import Child, Complaint
    from heard.complaints.models.choices import Status
    from heard.demo import load_demo_users
    from heard.demo_cases import CASES, load_demo_cases
    from heard.demo_roster import load_demo_roster
    from heard.people.models import User
    from heard.people.roles import StaffRole

    sys.path.insert(0, str(ROOT / "bench"))
    from generate_cases import analyse

    load_demo_users()
    load_demo_roster(timezone.localdate())
    load_demo_cases()
    user, _ = User.objects.get_or_create(
        username="bench-manager", defaults={"first_name": "Bench", "last_name": "Manager"}
    )
    user.set_password(os.environ["HEARD_BENCH_PASSWORD"])
    user.save()
    user.groups.add(Group.objects.get(name=StaffRole.COMPLAINTS_MANAGER))
    # The manager handles one case in eleven, as a member of a ten-strong team would.
    Complaint.objects.annotate(eleventh=Mod("pk", 11)).filter(eleventh=0).update(handler=user)
    # That update rewrote a tenth of the complaints (on PostgreSQL, a new row version each,
    # which clears the visibility map index-only counts rely on): settle the database again,
    # as the generator does and autovacuum would soon after such a change.
    analyse()
    story = next(s for s, _ in CASES if s.label.startswith("Stage 2 complete late"))
    case = Complaint.objects.get(summary=story.summary, status=Status.STAGE2_COMPLETE)
    panel = stage3_panel_case(user)
    # A child's full name from the generated cases, for a search by name (a few cases share
    # any one name, as in a real county).
    child = Child.objects.filter(complaint__reference__startswith="G-").order_by("pk")[500:501]
    child_name = child[0].name if child else "Sam"
    if explain:
        print_plans(user)
        measured = pages({"case": case.pk, "panel_case": panel.pk, "child_name": child_name})
        # The case list's queries are printed above, with the officer filter's.
        print_page_plans(user, [p for p in measured if not p[0].startswith("case list")])
    print(
        json.dumps(
            {
                "case": case.pk,
                "reference": case.reference,
                "panel_case": panel.pk,
                "panel_reference": panel.reference,
                "child_name": child_name,
            }
        )
    )


def stage3_panel_case(manager: Any) -> Any:
    """A demo case convening its Stage 3 panel, for the appoint page's panel suggestions.

    The demo cases built through the actions are used if one is at that point; otherwise the
    demo case complete on time at Stage 2 is taken there through the actions: Stage 3
    requested and accepted today, its points given themes (so the suggestions have skills
    to match) and the best suggested chair appointed, so the page also lists a panel.
    """
    from django.utils import timezone

    from heard.complaints.actions import appointments
    from heard.complaints.actions.themes import set_point_themes
    from heard.complaints.models import Complaint
    from heard.complaints.models.choices import AppointmentRole, Channel, Status
    from heard.complaints.suggestions import shortlist
    from heard.decisions.stage3 import accept_stage3, request_stage3
    from heard.demo_cases import CASES
    from heard.people.models import Theme

    ready = (
        Complaint.objects.filter(status=Status.STAGE3_PANEL)
        .exclude(reference__startswith="G-")
        .order_by("pk")
        .first()
    )
    if ready is not None:
        return ready
    today = timezone.localdate()
    complete = Complaint.objects.filter(status=Status.STAGE2_COMPLETE).exclude(
        reference__startswith="G-"
    )
    story = [s for s, _ in CASES if s.label.startswith("Stage 2 complete on time")]
    pk = (complete.filter(summary=story[0].summary) if story else complete).order_by("pk")[0].pk
    request_stage3(
        Complaint.objects.get(pk=pk),
        by=manager,
        requested_on=today,
        channel=Channel.EMAIL,
        what_remains="The complainant says contact has still not been restored.",
    )
    accept_stage3(
        Complaint.objects.get(pk=pk),
        by=manager,
        accepted_on=today,
        late_decision_reasons="The complainant was waiting for advice from her advocate.",
    )
    case = Complaint.objects.get(pk=pk)
    themes = {t.name: t for t in Theme.objects.all()}
    wanted = (("Contact",), ("Communication",), ("Communication", "Record keeping"))
    for point, names in zip(case.points.order_by("number"), wanted, strict=False):
        chosen = [themes[n] for n in names if n in themes]
        set_point_themes(Complaint.objects.get(pk=pk), by=manager, point=point, themes=chosen)
    chairs = shortlist(case, AppointmentRole.PANEL_CHAIR, on=today).suggested
    if chairs:
        appointments.appoint(
            Complaint.objects.get(pk=pk),
            by=manager,
            person=chairs[0].person,
            role=AppointmentRole.PANEL_CHAIR,
            conflict_declaration="None declared.",
            attested_not_council=True,
            attested_not_spouse=True,
            former_staff_warning_acknowledged=True,
        )
    return Complaint.objects.get(pk=pk)


def print_page_plans(user: Any, wanted: Sequence[tuple[str, str]]) -> None:
    """Each page's queries, slowest first, with the plan of the slowest three: the evidence
    for a slow page. The page is rendered in this process by Django's test client (signed
    in as ``user``), so the queries are exactly those the server runs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN ANALYZE"
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    for page, path in wanted:
        client.get(path)  # warm the caches
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        took = (time.perf_counter() - began) * 1000
        captured = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        in_sql = sum(float(q["time"]) for q in captured) * 1000
        print(
            f"--- {connection.vendor}: {page} ({path}): HTTP {status}, {took:.1f} ms in all, "
            f"{len(captured)} queries taking {in_sql:.1f} ms"
        )
        with connection.cursor() as cursor:
            for index, query in enumerate(captured):
                print(f"  {query['time']}s  {query['sql'][:600]}")
                if index < 3 and query["sql"].lstrip("( ").upper().startswith("SELECT"):
                    cursor.execute(f"{explain} {query['sql']}")
                    for row in cursor.fetchall():
                        print("      " + " ".join(str(c) for c in row))


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


def pages(setup: dict[str, Any]) -> list[tuple[str, str]]:
    """The pages measured, (name, path), given the pks the set-up step found."""
    return [
        ("home queue, all cases", "/"),
        ("home queue, mine", "/?show=mine"),
        ("case list, first page", "/cases/"),
        ("case list, overdue", f"/cases/?{OVERDUE_QUERY}"),
        ("case page, full Stage 2", f"/cases/{setup['case']}/"),
        ("search, a child's name", f"/search/?{urlencode({'q': setup['child_name']})}"),
        ("actions, overdue", f"/actions/?{urlencode({'state': 'overdue'})}"),
        ("learning log, first page", "/reports/learning/"),
        ("procedure report, 12 months", "/reports/procedure/"),
        ("dashboard", "/dashboard/"),
        ("roster", "/roster/"),
        (
            "appoint panel member, Stage 3",
            f"/cases/{setup['panel_case']}/appoint/?{urlencode({'role': 'panel_member'})}",
        ),
    ]


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
        generator = str(ROOT / "bench" / "generate_cases.py")
        generated = run_python(env, generator, "--count", str(count)).splitlines()
        # Its summary, without the progress lines (indented).
        print("\n".join(line for line in generated if line and line[0] != " "), flush=True)
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
            f"{setup['reference']} (/cases/{setup['case']}/); Stage 3 panel case "
            f"{setup['panel_reference']} (/cases/{setup['panel_case']}/)",
            flush=True,
        )
        port = free_port()
        log = Path(env["HEARD_DATA_DIR"]) / "gunicorn.log"
        results = []
        with gunicorn(env, port, log):
            cookies = sign_in(port, "bench-manager", password)
            # Other work on the machine slows every page: say how busy it was.
            print(f"  load average before: {load_average()}", flush=True)
            for page, path in pages(setup):
                status, median, p95 = measure(port, cookies, path)
                results.append(Result(label, page, path, median, p95, status))
                print(f"  {page}: median {median:.1f} ms, p95 {p95:.1f} ms (HTTP {status})",
                      flush=True)  # fmt: skip
            print(f"  load average after: {load_average()}", flush=True)
        if any(r.status != 200 for r in results):
            print(tail(log), file=sys.stderr)
    return results


def print_table(results: list[Result]) -> None:
    header = ("database", "page", "median ms", "p95 ms", "target", "result")
    widths = (10, 29, 9, 7, 9, 6)
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
    parser.add_argument(
        "--peer",
        type=Path,
        help="also run the peer benchmark in this folder first and compare (bench/peer.py)",
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup:
        setup_step(args.explain)
        return 0
    began = time.perf_counter()
    results: list[Result] = []
    failed = False
    peer_run = None
    if args.peer:
        from peer import run_peer

        print(f"== the peer, {args.peer.name}, at {args.count:,} tickets", flush=True)
        peer_run = run_peer(args.peer, args.count)
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
    if peer_run is not None:
        from peer import print_comparison

        sqlite = {r.page: r.median_ms for r in results if r.database == "SQLite"}
        failed = not print_comparison(sqlite, peer_run, args.count) or failed
    return 1 if failed or not results or not all(r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
