# ruff: noqa: E501  (the access table is one line per route, one column per role)
"""Issue 8, point 8: access proven for every URL.

The test walks the URL configuration, builds an address for every named route with real keys
of cases prepared so it resolves, requests it as every role and checks the answer against one
table, ``EXPECTED``, written out by hand. A route with no row fails the test with a message
saying to add one. The admin site is checked by its own rule (``test_the_admin_site_...``).

Roles: signed out; the Complaints Manager and a complaints officer; an outsider (signed in, no
role); each appointment role appointed to the case under test; the same roles appointed only to
another case (``other_*``); and an administrator (the admin site's staff flag, no case role).

Cases (status, who is appointed):
- ``s1``: Stage 1 open; the Stage 1 responder.
- ``s2``: Stage 2 adjudication, findings and a recommendation, agreed actions and an Ombudsman
  enquiry; the IO, the IP and the adjudicator.
- ``s3``: Stage 3 panel; the panel chair and members, and the Stage 2 IO and IP (their work goes
  on at Stage 3); the adjudicator's appointment ended with the Stage 2 letter.
- ``done``: Stage 2 complete: the IO's, IP's and adjudicator's appointments have ended today.

Answers: a number is the status code; ``S`` is a redirect to the sign-in page; ``R`` another
redirect (signed-in people sent on from the sign-in page, signing out).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from heard.complaints.actions import intake, stage1
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import AppointmentRole, Status
from heard.documents.models import Document, LetterTemplate
from heard.ombudsman import actions as ombudsman
from heard.people.models import User
from heard.people.roles import StaffRole
from tests.complaints.helpers import adjudicated, case_state
from tests.complaints.stage3_helpers import panel_convened, stage2_complete
from tests.personas import Personas, create_personas, create_stage1_complaint, create_user

ROLES = (
    "signed_out",
    "manager",
    "officer",
    "outsider",
    "io",
    "ip",
    "adjudicator",
    "responder",
    "chair",
    "member",
    "other_io",
    "other_ip",
    "other_adjudicator",
    "other_responder",
    "other_chair",
    "other_member",
    "administrator",
)

# One row per route (for a case's pages, per case and step; "POST" for a view that only takes a
# POST). The answers are in the order of ROLES, as the header says.
TABLE = """
route                                     sgn mgr off out io  ip  adj rsp chr mem oIO oIP oAd oRs oCh oMe adm
home                                      S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
login                                     200 R   R   R   R   R   R   R   R   R   R   R   R   R   R   R   R
logout                                    S   405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405
logout POST                               S   S   S   S   S   S   S   S   S   S   S   S   S   S   S   S   S
accessibility                             200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
timescales:calculator                     S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:list                           S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:list_csv                       S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:list_xlsx                      S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
search                                    S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:mine                           S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:mine_csv                       S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:mine_xlsx                      S   200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
complaints:new                            S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
complaints:detail s1                      S   200 200 404 404 404 404 200 404 404 404 404 404 404 404 404 404
complaints:detail s2                      S   200 200 404 200 200 200 404 404 404 404 404 404 404 404 404 404
complaints:detail s3                      S   200 200 404 200 200 404 404 200 200 404 404 404 404 404 404 404
complaints:detail done                    S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
complaints:step s1 extend-stage1          S   200 200 404 404 404 404 200 404 404 404 404 404 404 404 404 404
complaints:step s2 record-ip-view         S   403 403 404 403 200 403 404 404 404 404 404 404 404 404 404 404
complaints:step s2 extend-stage2          S   200 403 404 403 403 403 404 404 404 404 404 404 404 404 404 404
complaints:step s2 no-such-step           S   404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404
complaints:step s2 assign-handler         S   200 403 404 403 403 403 404 404 404 404 404 404 404 404 404 404
complaints:step s3 schedule-panel         S   200 200 404 403 403 404 404 403 403 404 404 404 404 404 404 404
complaints:step s3 record-time            S   200 200 404 200 200 404 404 200 200 404 404 404 404 404 404 404
complaints:step done record-time          S   200 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404
complaints:step done request-stage3       S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
roster:roster                             S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
roster:officer                            S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
roster:invoices                           S   200 403 404 404 404 404 404 404 404 404 404 404 404 404 404 404
roster:invoices_csv                       S   400 403 404 404 404 404 404 404 404 404 404 404 404 404 404 404
decisions:actions                         S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
dashboard                                 S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
reporting:index                           S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
reporting:learning                        S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
reporting:learning_csv                    S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
reporting:procedure                       S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
reporting:procedure_csv                   S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:document s2 acknowledgement     S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:pdf s2 acknowledgement          S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:docx s2 acknowledgement         S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:edit s2 acknowledgement         S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:send s2 acknowledgement         S   200 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:document s2 to_io               S   200 200 404 200 404 404 404 404 404 404 404 404 404 404 404 404
documents:edit s2 to_io                   S   200 200 404 403 404 404 404 404 404 404 404 404 404 404 404 404
documents:write_report s2 io_report       S   404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:write_report s2 no_such_report  S   404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:templates                       S   200 403 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:template acknowledgement        S   200 403 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:template_version acknowledgement S  200 403 404 404 404 404 404 404 404 404 404 404 404 404 404 404
documents:template_preview acknowledgement POST S 200 403 404 404 404 404 404 404 404 404 404 404 404 404 404 404
"""


def parse(table: str) -> dict[tuple[str, ...], dict[str, str]]:
    """Each line: the route and its case and step, then one answer per role."""
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert len(header) == len(ROLES) + 1, "one column per role"
    parsed: dict[tuple[str, ...], dict[str, str]] = {}
    for cells in rows:
        key, cells = tuple(cells[: -len(ROLES)]), cells[-len(ROLES) :]
        assert key and key not in parsed, f"a row is missing its route, or repeated: {key}"
        parsed[key] = dict(zip(ROLES, cells, strict=True))
    return parsed


EXPECTED = parse(TABLE)

# Views that only take a POST: they are also posted to, as every role.
POST_ONLY = {"logout"}


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every route as (its full name, the pattern); an unnamed route is "<namespace:>?"."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        else:
            yield f"{namespace}{entry.name or '?'}", entry


def route_names() -> list[str]:
    return [name for name, _ in _patterns(get_resolver())]


def routes_without_a_row(table: dict[tuple[str, ...], dict[str, str]]) -> list[str]:
    """The routes (outside the admin site, which has its own rule) with no row in ``table``."""
    listed = {key[0] for key in table}
    return [n for n in route_names() if not n.startswith("admin:") and n not in listed]


def test_every_route_has_a_row_in_the_access_table() -> None:
    """A new page cannot arrive without someone deciding who may open it."""
    missing = routes_without_a_row(EXPECTED)
    assert not missing, (
        f"No row in the access table (TABLE in {__file__}) for {', '.join(missing)}: add one "
        "saying what each role gets, then make the view give exactly that. (A route named '?' "
        "has no name: give it one.)"
    )
    assert {key[0] for key in EXPECTED} <= set(route_names()), "a row for a route that is gone"


def test_a_route_left_out_of_the_table_is_caught() -> None:
    without_roster = {key: row for key, row in EXPECTED.items() if key[0] != "roster:officer"}
    assert routes_without_a_row(without_roster) == ["roster:officer"]


@dataclass
class World:
    people: dict[str, User | None]
    cases: dict[str, Complaint]
    officer_entry: int


def _appoint_directly(complaint: Complaint, person: User, role: str, by: User) -> None:
    """Only for the ``other_*`` people: a current appointment on a case other than the ones
    under test is all they need, whatever that case's stage."""
    Appointment.objects.create(
        complaint=complaint,
        person=person,
        role=role,
        appointed_on=date(2026, 1, 5),
        appointed_by=by,
    )


def build_world() -> World:
    p: Personas = create_personas()
    s1 = create_stage1_complaint(p.manager, received_on=date(2026, 2, 2))
    stage1.assign_responder(s1, by=p.officer, responder=p.responder)
    s2 = adjudicated(p)
    ombudsman.record_ombudsman_case(
        s2,
        by=p.officer,
        reference="25 012 345",
        kind="enquiry",
        received_on=date(2025, 11, 3),
        reply_due_on=date(2025, 12, 1),
    )
    s3 = panel_convened(p)
    done = stage2_complete(p)
    _letters(s2, p)
    assert (s1.status, s2.status, s3.status, done.status) == (
        Status.STAGE1_OPEN,
        Status.STAGE2_ADJUDICATION,
        Status.STAGE3_PANEL,
        Status.STAGE2_COMPLETE,
    )

    others = {
        "other_io": (p.other_io, AppointmentRole.INVESTIGATING_OFFICER),
        "other_ip": (create_user("other_ip", StaffRole.INDEPENDENT_PERSON), "independent_person"),
        "other_adjudicator": (
            create_user("other_adjudicator", StaffRole.ADJUDICATING_OFFICER),
            AppointmentRole.ADJUDICATOR,
        ),
        "other_chair": (
            create_user("other_chair", StaffRole.PANEL_CHAIR),
            AppointmentRole.PANEL_CHAIR,
        ),
        "other_member": (p.spare_member, AppointmentRole.PANEL_MEMBER),
    }
    elsewhere = create_stage1_complaint(p.manager, received_on=date(2026, 2, 3))
    elsewhere_s1 = create_stage1_complaint(p.manager, received_on=date(2026, 2, 4))
    Complaint.objects.filter(pk=elsewhere.pk).update(status=Status.STAGE3_PANEL, stage=3)
    for person, role in others.values():
        _appoint_directly(elsewhere, person, role, p.manager)
    other_responder = create_user("other_responder", StaffRole.STAFF_MEMBER)
    stage1.assign_responder(elsewhere_s1, by=p.officer, responder=other_responder)

    people: dict[str, User | None] = {
        "signed_out": None,
        **{name: getattr(p, name) for name in ROLES if hasattr(p, name)},
        **{name: person for name, (person, _) in others.items()},
        "other_responder": other_responder,
        "administrator": create_user("administrator", StaffRole.ADMINISTRATOR, is_staff=True),
    }
    assert set(people) == set(ROLES)
    return World(
        people=people,
        cases={"s1": s1, "s2": s2, "s3": s3, "done": done},
        officer_entry=p.io.roster_entry.pk,
    )


def _letters(complaint: Complaint, p: Personas) -> None:
    """The documents the ``documents:*`` rows open: the acknowledgement, drafted by its step
    (complaints staff only), and a letter to the IO by their account's email (``to_io``)."""
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=complaint.received_on)
    User.objects.filter(pk=p.io.pk).update(email="io@example.org")
    Document.objects.create(
        complaint=complaint,
        key="to_io",
        title="Your appointment",
        recipient="Io Tester",
        recipient_role="investigating officer",
        email="io@example.org",
        body="Dear Io Tester,",
        template=Document.objects.filter(complaint=complaint).latest("id").template,
    )


def url_for(key: tuple[str, ...], world: World) -> str:
    name = key[0]
    if name == "documents:templates":
        return reverse(name)
    if name == "documents:template_version":
        latest = LetterTemplate.objects.filter(key=key[1]).latest("version")
        return reverse(name, args=[key[1], latest.version])
    if name.startswith("documents:template"):
        return reverse(name, args=[key[1]])
    if name == "documents:write_report":
        return reverse(name, args=[world.cases[key[1]].pk, key[2]])
    if name.startswith("documents:"):
        document = Document.objects.filter(complaint=world.cases[key[1]], key=key[2]).latest("id")
        return reverse(name, args=[document.complaint_id, document.pk])
    if name == "complaints:detail":
        return reverse(name, args=[world.cases[key[1]].pk])
    if name == "complaints:step":
        return reverse(name, args=[world.cases[key[1]].pk, key[2]])
    if name == "roster:officer":
        return reverse(name, args=[world.officer_entry])
    return reverse(name)


def answer_of(response: Any) -> str:
    if response.status_code == 302:
        where = response["Location"].split("?")[0]
        return "S" if where == reverse("login") else "R"
    return str(response.status_code)


def _as(client: Client, user: User | None) -> Client:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_route_answers_every_role_as_the_table_says(client: Client) -> None:
    world = build_world()
    wrong: list[str] = []
    checked = 0
    for key, row in EXPECTED.items():
        method = "POST" if key[-1] == "POST" else "GET"
        url = url_for(key[:-1] if method == "POST" else key, world)
        case = (
            world.cases.get(key[1]) if len(key) > 1 and key[0].startswith("complaints:") else None
        )
        before = case_state(case.pk) if case is not None else None
        for role, expected in row.items():
            browser = _as(client, world.people[role])
            response = browser.post(url, {}) if method == "POST" else browser.get(url)
            got = answer_of(response)
            checked += 1
            if got != expected:
                wrong.append(
                    f"{method} {url} ({' '.join(key)}) as {role}: {got}, expected {expected}"
                )
            if case is not None and method == "GET" and key[0] == "complaints:step":
                # The same step posted empty: refused or asked again, and nothing changes.
                posted = answer_of(_as(client, world.people[role]).post(url, {}))
                checked += 1
                if posted != expected:
                    wrong.append(f"POST {url} as {role}: {posted}, expected {expected}")
        if case is not None:
            assert case_state(case.pk) == before, f"requests to {url} changed the case"
    print(f"\n{checked} (URL, role) pairs checked against the access table")  # noqa: T201
    assert not wrong, "\n".join(wrong)
    assert checked >= len(EXPECTED) * len(ROLES)


@pytest.mark.django_db
def test_the_admin_site_is_for_administrators_only(client: Client) -> None:
    """The admin site's own rule: every admin page that takes no key sends anyone who is not an
    administrator (the staff flag) to a sign-in page, except the admin's sign-in page itself;
    the administrator gets the admin's front page and no error."""
    people = build_people_only()
    routes = [(n, p) for n, p in _patterns(get_resolver()) if n.startswith("admin:")]
    simple = [
        n
        for n, pattern in routes
        if not n.endswith("?") and not pattern.pattern.converters and "(?P<" not in str(pattern)
    ]
    assert "admin:index" in simple and len(routes) > len(simple)
    # Signing out of the admin (a GET) goes back to its front page, which then asks to sign in.
    sign_in = {reverse("admin:login"), reverse("login"), reverse("admin:index")}
    checked = 0
    for role, user in people.items():
        for name in simple:
            response = _as(client, user).get(reverse(name))
            checked += 1
            if role == "administrator":
                assert response.status_code < 500, name
                if name == "admin:index":
                    assert response.status_code == 200
            elif name == "admin:login":
                assert response.status_code == 200, role
            else:
                assert response.status_code == 302, (role, name, response.status_code)
                assert response["Location"].split("?")[0] in sign_in, (role, name)
    print(f"\n{checked} admin (URL, role) pairs checked")  # noqa: T201


def build_people_only() -> dict[str, User | None]:
    p = create_personas()
    return {
        "signed_out": None,
        "manager": p.manager,
        "officer": p.officer,
        "outsider": p.outsider,
        "io": p.io,
        "responder": p.responder,
        "administrator": create_user("administrator", StaffRole.ADMINISTRATOR, is_staff=True),
    }
