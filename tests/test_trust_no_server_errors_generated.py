"""Issue 8, point 5: generated requests to every step form and every filter give no 5xx.

Hypothesis posts generated answers to every registered step (``load_steps()``), on a case in a
state where the step can be fired, signed in as someone who may fire it (now and then as
someone who may not), and GETs every filter page with generated query strings. The answers
use each form's real field names and values, read from the page itself (so each date box,
hidden field, formset row and choice is there), mixed with hostile ones: very long and Unicode
text, NUL bytes, numbers in other scripts, huge numbers, signs and spaces.

What must hold: no response is a 5xx and no exception escapes the view; and a POST that is not
answered with a redirect (refused, invalid, forbidden or hidden) leaves the case exactly as it
was (``case_state``'s reads, see ``CaseSnapshot``). After the steps, each step's first accepted
answer is sent again with each free-text box filled past any column (a column shorter than
its box shows on PostgreSQL), and the new complaint page gets generated answers too. The last
test prints the counts and times and asserts at least 1,500 requests on the database.

Speed: the cases are built once per module, inside a transaction rolled back at the end, and
each generated request runs inside a savepoint rolled back after it, so every example starts
from the same cases and the "unchanged" snapshot is taken once per case.

A new step needs a row in ``STEP_STATES`` (which case state it is fired in);
``test_every_registered_step_has_a_case_state_to_be_fired_in`` fails until it has one.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.audit.models import CaseEvent
from heard.complaints.access import actor_roles
from heard.complaints.actions import intake, stage1, stage2
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.steps import load_steps
from heard.complaints.workflow import WORKFLOW
from heard.investigations import actions as investigations
from heard.ombudsman import actions as ombudsman
from heard.people.models import Theme, User
from tests.complaints.helpers import (
    FIRST_CONTACT_ON,
    appoint_adjudicator,
    case_state,
    report_final,
    stage2_accepted,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.complaints.stage3_helpers import (
    panel_convened,
    panel_met,
    panel_reported,
    stage2_complete,
    stage3_requested,
)
from tests.complaints.step_pages import step_url
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

# Marked so that pytest-django sets up the test database for the module's fixture too.
pytestmark = pytest.mark.django_db

# How many generated requests the tests make: at least 1,250 to the steps (with 67 steps, 19
# to each: 1,273), 240 to the filters and 60 new complaints, over 1,500 on each database and
# over 3,000 across the SQLite and PostgreSQL runs. Fewer would miss the promise; more would
# make the module slower than its minute on a shared machine.
STEP_REQUESTS = 1250
FILTER_REQUESTS = 240
NEW_COMPLAINT_REQUESTS = 60
EXAMPLES_PER_STEP = -(-STEP_REQUESTS // len(load_steps()))  # rounded up


@dataclass
class _Run:
    """What the step tests did, for the count test after them."""

    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    steps: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    others: int = 0  # requests to the filters, the new complaint page and the long answers
    # The first generated answer each step accepted, to be sent again with long text.
    accepted_answers: dict[str, dict[str, list[str]]] = field(default_factory=dict)


RUN = _Run()

REPEATABLE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


# -- the cases ----------------------------------------------------------------------------


def _stage1_responded(p: Personas) -> Complaint:
    complaint = create_stage1_complaint(p.manager)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 3, 13), resolved=False, summary="Not upheld"
    )
    return complaint


def _drafting(p: Personas) -> Complaint:
    """Investigating, first contact made, a first statement saved and not yet agreed: the
    statement can be edited and agreed."""
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    stage2.save_statement(
        complaint,
        by=p.io,
        based_on_version=0,
        points=[stage2.PointInput("Contact was cancelled", "Reinstate contact", "statutory")],
    )
    return complaint


def _closed(p: Personas) -> Complaint:
    """Closed at Stage 1 with no actions: it may be archived."""
    complaint = create_stage1_complaint(p.manager)
    intake.close(complaint, by=p.manager, reason="Withdrawn by the complainant")
    return complaint


def _investigating(p: Personas) -> Complaint:
    """The two-point statement agreed and one unanswered contact attempt: the findings,
    recommendations and other investigation steps have points and an attempt to refer to."""
    complaint = statement_agreed(p)
    investigations.record_contact_attempt(
        complaint, by=p.io, made_on=date(2025, 10, 9), method="phone", outcome="unanswered"
    )
    return complaint


def _closed_non_engagement(p: Personas) -> Complaint:
    complaint = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        complaint,
        by=p.manager,
        reasons="No reply to two letters",
        letter_sent_on=date(2025, 10, 20),
    )
    return complaint


def _adjudicating(p: Personas) -> Complaint:
    complaint = report_final(p)
    appoint_adjudicator(complaint, p)
    return complaint


def _complete_with_ombudsman(p: Personas) -> Complaint:
    """Stage 2 complete (its accepted recommendation is an open action), with an Ombudsman
    investigation and one remedy: the "any time" steps have a case and a remedy to choose."""
    complaint = stage2_complete(p)
    case = ombudsman.record_ombudsman_case(
        complaint,
        by=p.officer,
        reference="25 012 345",
        kind="investigation",
        received_on=date(2026, 4, 1),
        reply_due_on=date(2026, 4, 29),
    )
    ombudsman.add_remedy(
        complaint,
        by=p.officer,
        case=case,
        kind="apology",
        description="Apologise in writing",
        compliance_due_on=date(2026, 6, 1),
        owner="Head of Service",
    )
    return complaint


# The case states the steps are fired in, each built once through the real actions.
STATES: dict[str, Callable[[Personas], Complaint]] = {
    "intake": lambda p: create_complaint(p.officer),
    "stage1_open": lambda p: create_stage1_complaint(p.manager),
    "stage1_responded": _stage1_responded,
    "stage2_requested": stage2_requested,
    "stage2_setup": stage2_accepted,
    "investigation_started": stage2_investigating,
    "drafting": _drafting,
    "investigating": _investigating,
    "closed_non_engagement": _closed_non_engagement,
    "adjudicating": _adjudicating,
    "stage2_complete": _complete_with_ombudsman,
    "stage3_requested": stage3_requested,
    "stage3_panel": panel_convened,
    "stage3_report": panel_met,
    "stage3_response": panel_reported,
    "closed": _closed,
}

# Which state each registered step is fired in. A new step must be added here (the test below
# fails until it is); pick a state whose status has the step in the workflow table.
STEP_STATES: dict[str, str] = {
    # intake
    "classify": "intake",
    "record_sufficient_interest": "intake",
    "decide_out_of_time": "intake",
    "record_advocacy": "intake",
    "record_deferral": "stage1_open",
    "end_deferral": "stage1_open",
    "acknowledge": "intake",
    "update_parties": "intake",
    "start_stage1": "intake",
    "hand_over": "intake",
    "close": "stage1_responded",
    # Stage 1
    "assign_responder": "stage1_open",
    "extend_stage1": "stage1_open",
    "record_stage1_response": "stage1_open",
    "agree_stage1_action": "stage1_open",
    "request_stage2": "stage1_responded",
    # Stage 2
    "accept_stage2": "stage2_requested",
    "refuse_stage2": "stage2_requested",
    "appoint": "stage2_setup",
    "send_copy": "stage2_setup",
    "start_investigation": "stage2_setup",
    "extend_stage2": "investigating",
    "record_first_contact": "investigation_started",
    "save_statement": "drafting",
    "agree_statement": "drafting",
    "add_point_exceptionally": "investigating",
    "close_for_non_engagement": "investigating",
    "reopen": "closed_non_engagement",
    "record_consent": "investigating",
    "grant_records_access": "investigating",
    "record_contact_attempt": "investigating",
    "add_plan_item": "investigating",
    "book_interview": "investigating",
    "notify_interviewee": "investigating",
    "record_interview_notes": "investigating",
    "agree_interview_notes": "investigating",
    "request_records": "investigating",
    "receive_records": "investigating",
    "record_finding": "investigating",
    "add_recommendation": "investigating",
    "send_fact_check": "investigating",
    "return_fact_check": "investigating",
    "finalise_report": "investigating",
    "record_ip_view": "adjudicating",
    "submit_ip_report": "adjudicating",
    "adjudicate": "adjudicating",
    "send_adjudication_letter": "adjudicating",
    # Stage 3
    "request_stage3": "stage2_complete",
    "accept_stage3": "stage3_requested",
    "refuse_stage3": "stage3_requested",
    "stand_down": "stage3_panel",
    "schedule_panel": "stage3_panel",
    "record_submission": "stage3_panel",
    "record_attendee": "stage3_panel",
    "hold_panel": "stage3_panel",
    "add_panel_recommendation": "stage3_report",
    "issue_panel_report": "stage3_report",
    "respond_to_panel": "stage3_response",
    # at any time
    "record_time": "investigating",
    "set_point_themes": "investigating",
    "assign_handler": "investigating",
    "complete_action": "stage2_complete",
    "sign_off_action": "stage2_complete",
    "archive": "closed",
    "record_ombudsman_case": "stage2_complete",
    "record_ombudsman_decision": "stage2_complete",
    "add_remedy": "stage2_complete",
    "record_remedy_evidence": "stage2_complete",
}

# Who fires a step: the first of these roles that the workflow table allows for it.
ROLE_PERSONAS = (
    ("complaints_manager", "manager"),
    ("complaints_officer", "officer"),
    ("appointed:investigating_officer", "io"),
    ("appointed:independent_person", "ip"),
    ("appointed:adjudicator", "adjudicator"),
    ("appointed:panel_chair", "chair"),
    ("appointed:panel_member", "member"),
)


# -- reading a page's form ----------------------------------------------------------------


class _Fields(HTMLParser):
    """Every field name on a page, with the values the page offers for it (options, radio
    and checkbox values, hidden and pre-filled values)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, set[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            found = self.values.setdefault(name, set())
            if tag == "input" and a.get("value") is not None:
                found.add(str(a["value"]))
            if tag == "select":
                self._select = name
        elif tag == "option" and self._select is not None:
            self.values[self._select].add(str(a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, list[str]]:
    parser = _Fields()
    parser.feed(html)
    return {name: sorted(values) for name, values in parser.values.items()}


# -- generated values -----------------------------------------------------------------------

TWENTY_DIGITS = "9" * 20
LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"  # well-formed, 308 characters
HOSTILE = [
    "",
    " ",
    "0",
    "1",
    "-1",
    "+1",
    " 1 ",
    "1.5",
    "1e9",
    "1_000",
    "²",
    "٣",  # an Arabic-Indic three
    "١٢",
    "𝟙",  # a mathematical bold one
    "३१",  # Devanagari 31
    TWENTY_DIGITS,
    "9" * 400,
    "2147483648",
    "-2147483649",
    "\x00",
    "a\x00b",
    "ü" * 200,
    "ü" * 300,
    "ü" * 301,
    "x" * 5000,
    LONG_EMAIL,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e",
    "NaN",
    "Infinity",
    "31",
    "12",
    "2026",
    "2025",
    "2035",
    "2036",
    "2009",
    "9999",
    "0000",
    "Dec",
    "on",
    "true",
    "yes",
    "no",
    "None",
]
_date_part = {
    "day": st.integers(1, 31).map(str),
    "month": st.integers(1, 12).map(str),
    "year": st.integers(2024, 2027).map(str),
}


# Ordinary answers for boxes the page offers no value for: words, amounts, hours, a reference.
PLAIN = ["A plain answer", "2", "1.5", "25 012 345", "Head of Service"]


def _value(name: str, offered: list[str]) -> st.SearchStrategy[str]:
    """A plausible value for one field: one the page offers, a date part, or an ordinary one."""
    part = name.rsplit("_", 1)[-1]
    if part in _date_part:
        return _date_part[part]
    useful = [value for value in offered if value]
    return st.sampled_from(useful or PLAIN)


def _hostile(name: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE), st.text(max_size=30), st.integers(-(10**25), 10**25).map(str)
    )


# The worked examples' dates run from August 2025 to June 2026. A fixed end (not today) keeps
# the examples the same from one day's run to the next.
PLAUSIBLE_DATES = st.dates(min_value=date(2025, 8, 1), max_value=date(2026, 11, 30))
PARTS = ("day", "month", "year")


def _date_groups(fields: dict[str, list[str]]) -> list[str]:
    """The names of the date inputs: those with all three of ``<name>_day``, ``_month``,
    ``_year`` boxes."""
    return sorted(
        name[: -len("_day")]
        for name in fields
        if name.endswith("_day") and all(f"{name[:-4]}_{part}" in fields for part in PARTS)
    )


def _a_date(name: str) -> st.SearchStrategy[dict[str, list[str]]]:
    """A whole real date, its three boxes consistent, so date rules are reached."""
    return PLAUSIBLE_DATES.map(
        lambda d: {
            f"{name}_day": [str(d.day)],
            f"{name}_month": [str(d.month)],
            f"{name}_year": [str(d.year)],
        }
    )


def _merged(parts: list[dict[str, list[str]]]) -> dict[str, list[str]]:
    return {name: values for part in parts for name, values in part.items()}


def _answers(
    fields: dict[str, list[str]], *, plain: bool = False
) -> st.SearchStrategy[dict[str, list[str]]]:
    """For every field: mostly a plausible value (so answers reach the actions' rules), else
    a hostile one, two values (as a checkbox list sends), or nothing; each date mostly a real
    one. ``plain``: every field plausible, so that some answers are accepted and the actions
    run."""
    dates = _date_groups(fields)
    boxes = {f"{d}_{part}" for d in dates for part in PARTS}
    if plain:
        single = st.fixed_dictionaries(
            {
                name: _value(name, offered).map(lambda v: [v])
                for name, offered in fields.items()
                if name not in boxes
            }
        )
        return st.tuples(single, *(_a_date(d) for d in dates)).map(lambda t: _merged(list(t)))
    each_field = st.fixed_dictionaries(
        {
            name: st.one_of(
                _value(name, offered).map(lambda v: [v]),
                _value(name, offered).map(lambda v: [v]),
                _value(name, offered).map(lambda v: [v]),
                _hostile(name).map(lambda v: [v]),
                st.lists(st.one_of(_value(name, offered), _hostile(name)), min_size=2, max_size=2),
                st.just([]),
            )
            for name, offered in fields.items()
        }
    )
    whole_dates = st.tuples(*(st.one_of(_a_date(d), st.just({})) for d in dates))
    return st.tuples(each_field, whole_dates).map(lambda t: _merged([t[0], *t[1]]))


# What fills a box to its limit and past it, and past the 300 characters of an event summary.
LONG = ["ü" * 200, "ü" * 300, "ü" * 301, "x" * 5000, LONG_EMAIL]


def _free_text(fields: dict[str, list[str]]) -> list[str]:
    """The boxes a person types into: no value offered by the page, and not a date's box."""
    return sorted(
        name
        for name, offered in fields.items()
        if not any(offered) and not name.endswith(("_day", "_month", "_year"))
    )


@st.composite
def _answers_in_some_mode(draw: Any, fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """A third of the time every answer plausible; a sixth of the time every answer
    plausible but one free-text box filled to or past its limit (where a column shorter than
    its box shows, on PostgreSQL); otherwise anything."""
    mode = draw(st.integers(0, 5), label="mode")
    answers = _present(draw(_answers(fields, plain=mode <= 2), label="answers"))
    free_text = _free_text(fields)
    if mode == 2 and free_text:
        name = draw(st.sampled_from(free_text), label="long box")
        answers[name] = [draw(st.sampled_from(LONG), label="long answer")]
    return answers


def _present(answers: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: values for name, values in answers.items() if values}


# -- "nothing changed", quickly ----------------------------------------------------------------


class CaseSnapshot:
    """``case_state``'s reads, compiled to SQL once and then run raw.

    ``case_state`` builds about thirty ORM queries each time, which cost more than the request
    they check. Every example starts from the same rows (the savepoint is rolled back), so the
    same queries, with the ids of the rows found when the snapshot was taken, are compiled once
    here. A changed or added row of the case, or of a record under one of its records, changes
    a result; a record added under a record that is itself new changes its parent's table
    first.
    """

    def __init__(self, pk: int) -> None:
        self.queries: list[tuple[str, str, tuple[Any, ...]]] = []
        for name, queryset in _state_querysets(pk):
            try:
                sql, params = queryset.query.sql_with_params()
            except EmptyResultSet:
                continue
            self.queries.append((name, sql, tuple(params)))
        self.rows = self.read()

    def read(self) -> dict[str, list[tuple[Any, ...]]]:
        with connection.cursor() as cursor:
            found = {}
            for name, sql, params in self.queries:
                cursor.execute(sql, params)
                found[name] = [tuple(row) for row in cursor.fetchall()]
            return found

    def changed(self) -> list[str]:
        """The tables whose rows for this case differ from the snapshot."""
        now = self.read()
        return [name for name in self.rows if now[name] != self.rows[name]]


def _state_querysets(pk: int) -> Iterator[tuple[str, QuerySet[Any]]]:
    """The reads ``case_state`` makes, as querysets (ids taken from the rows there now)."""
    yield "complaint", Complaint.objects.filter(pk=pk).values()
    yield "events", CaseEvent.objects.filter(complaint_id=pk).order_by("id").values()
    point_ids: list[int] = []
    for rel in Complaint._meta.related_objects:
        model = rel.related_model
        rows = model.objects.filter(**{rel.field.name: pk}).order_by("pk")
        yield model.__name__, rows.values()
        ids = list(rows.values_list("pk", flat=True))
        if model is ComplaintPoint:
            point_ids = ids
        for inner in model._meta.related_objects:
            key = f"{model.__name__}:{inner.related_model.__name__}"
            where = {f"{inner.field.name}__in": ids}
            yield key, inner.related_model.objects.filter(**where).order_by("pk").values()
    through = ComplaintPoint.themes.through
    yield "point:themes", through.objects.filter(complaintpoint_id__in=point_ids).values()


# -- the world: cases, signed-in clients, each step's page ------------------------------------


class World:
    def __init__(self) -> None:
        self.p = create_personas()
        clock = Clock()
        self.cases = {name: build(self.p) for name, build in STATES.items()}
        self.clients: dict[str, Client] = {}
        for name in ("manager", "officer", "io", "ip", "adjudicator", "chair", "member"):
            self.clients[name] = self._client(getattr(self.p, name))
        self.clients["outsider"] = self._client(self.p.outsider)
        self.before = {name: CaseSnapshot(c.pk) for name, c in self.cases.items()}
        self.steps: dict[str, tuple[str, str, dict[str, list[str]]]] = {}
        for event in sorted(load_steps()):
            state = STEP_STATES[event]
            who = self.firer(event, self.cases[state])
            fields: dict[str, list[str]] = {}
            for query in ({}, *({"role": r} for r in self._roles(event, state))):
                page = self.clients[who].get(step_url(self.cases[state], event), query)
                assert page.status_code == 200, (event, who, page.status_code)
                for name, values in form_fields(page.content.decode()).items():
                    fields[name] = sorted({*fields.get(name, []), *values})
            self.steps[event] = (state, who, fields)
        self.built_in = str(clock)

    @staticmethod
    def _client(user: User) -> Client:
        client = Client(raise_request_exception=True)
        client.force_login(user)
        return client

    def _roles(self, event: str, state: str) -> list[str]:
        """The appoint page asks the role first and shows the person list after: read both."""
        if event != "appoint":
            return []
        from heard.complaints.actions.appointments import ROLES_IN_STATUS

        return sorted(ROLES_IN_STATUS.get(self.cases[state].status, ()))

    def firer(self, event: str, complaint: Complaint) -> str:
        allowed = WORKFLOW[complaint.status][event].allowed
        for role, persona in ROLE_PERSONAS:
            user = getattr(self.p, persona)
            if role in allowed and role in actor_roles(user, complaint):
                return persona
        raise AssertionError(f"no persona may fire {event} in {complaint.status}")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The cases, built once and rolled back when the module's tests are done."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        make_password("warm")  # the hasher, chosen now rather than in the first request
        with transaction.atomic():
            yield World()
            transaction.set_rollback(True)


def _post(world: World, event: str, who: str, answers: dict[str, list[str]]) -> Any:
    """POST answers to a step as ``who``: never a 5xx, and the case unchanged unless the
    answer was accepted (a redirect back to the case)."""
    state = world.steps[event][0]
    response = world.clients[who].post(step_url(world.cases[state], event), answers)
    assert response.status_code < 500, (event, answers)
    if response.status_code != 302:
        changed = world.before[state].changed()
        assert not changed, f"{event} answered {response.status_code} but changed {changed}"
    return response


class _Each:
    """Runs one request in a savepoint that is always rolled back, and counts them."""

    def __init__(self) -> None:
        self.count = 0
        self.statuses: Counter[int] = Counter()

    def __call__(self, send: Callable[[], Any]) -> Any:
        point = transaction.savepoint()
        try:
            response = send()
            self.count += 1
            self.statuses[response.status_code] += 1
            return response
        finally:
            transaction.savepoint_rollback(point)


class Clock:
    """Wall time and this process's CPU time since it was made: on a shared machine the CPU
    time is the figure that says what the test costs."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def elapsed(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        wall, cpu = self.elapsed()
        return f"{wall:.1f} s ({cpu:.1f} s of CPU)"


def report(request: pytest.FixtureRequest, line: str) -> None:
    """Show a figure in the run's output even when output is captured, so it can be quoted,
    and keep it in the JUnit report too."""
    request.node.user_properties.append(("generated", line))
    capture = request.config.pluginmanager.getplugin("capturemanager")
    terminal = request.config.pluginmanager.getplugin("terminalreporter")
    if capture is not None and terminal is not None:
        with capture.global_and_fixture_disabled():
            terminal.write_line(f"\n{request.node.name}: {line}")


# -- the tests -----------------------------------------------------------------------------


def test_every_registered_step_has_a_case_state_to_be_fired_in() -> None:
    """A step registered without a row in STEP_STATES would never be fuzzed."""
    missing = sorted(set(load_steps()) - set(STEP_STATES))
    assert not missing, f"add these steps to STEP_STATES: {missing}"
    assert set(STEP_STATES.values()) <= set(STATES)


def test_step_states_fire_where_the_workflow_table_allows(world: World) -> None:
    for event, (state, _who, _fields) in world.steps.items():
        assert event in WORKFLOW[world.cases[state].status], (event, state)


def test_the_quick_snapshot_sees_what_case_state_sees(world: World) -> None:
    """The quick check agrees with ``case_state`` and fails on a change: to the complaint, to a
    record of it, and to a record under one of those (a point's themes)."""
    complaint = world.cases["investigating"]
    snapshot = world.before["investigating"]
    before = case_state(complaint.pk)
    assert snapshot.changed() == []
    changes: list[Callable[[], Any]] = [
        lambda: Complaint.objects.filter(pk=complaint.pk).update(summary="Changed"),
        lambda: complaint.points.filter(number=1).update(text="Changed"),
        lambda: complaint.points.get(number=1).themes.add(Theme.objects.create(name="New")),
        lambda: CaseEvent.objects.filter(complaint_id=complaint.pk).last().delete(),
    ]
    for change in changes:
        point = transaction.savepoint()
        change()
        assert snapshot.changed(), change
        assert case_state(complaint.pk) != before
        transaction.savepoint_rollback(point)
    assert snapshot.changed() == []


@pytest.mark.parametrize("event", sorted(load_steps()))
def test_no_generated_answer_to_the_step_gives_a_server_error(world: World, event: str) -> None:
    """POST (now and then GET, with a query string) generated answers to one step: no 5xx, and
    the case is unchanged whenever the answer is not accepted."""
    state, firer, fields = world.steps[event]
    complaint = world.cases[state]
    url = step_url(complaint, event)
    each = _Each()
    clock = Clock()

    @settings(REPEATABLE, max_examples=EXAMPLES_PER_STEP)
    @given(data=st.data())
    def post_answers(data: st.DataObject) -> None:
        who = data.draw(st.sampled_from([firer] * 9 + ["outsider"]), label="as")
        answers = data.draw(_answers_in_some_mode(fields), label="answers")
        client = world.clients[who]
        if data.draw(st.integers(0, 9), label="method") == 0:
            response = each(lambda: client.get(url, answers))
            assert response.status_code < 500, answers
            return

        response = each(partial(_post, world, event, who, answers))
        if response.status_code == 302 and who == firer:
            RUN.accepted_answers.setdefault(event, answers)

    post_answers()
    RUN.requests += each.count
    wall, cpu = clock.elapsed()
    RUN.seconds += wall
    RUN.cpu += cpu
    RUN.statuses.update(each.statuses)
    RUN.steps.add(event)
    if each.statuses[302]:
        RUN.accepted.add(event)
    assert each.count >= EXAMPLES_PER_STEP


def test_an_accepted_answer_with_any_box_filled_past_its_column_gives_no_server_error(
    world: World, request: pytest.FixtureRequest
) -> None:
    """Each step's first accepted generated answer again, with one free-text box at a time
    filled with 301 and with 5,000 characters: refused beside the box or saved whole, never a
    5xx. A column shorter than its box shows here on PostgreSQL (SQLite stores any length)."""
    if not RUN.accepted_answers:
        pytest.skip("run with the step tests, which find the accepted answers")
    each = _Each()
    clock = Clock()
    for event, answers in sorted(RUN.accepted_answers.items()):
        _state, firer, fields = world.steps[event]
        for name in _free_text(fields):
            for long in ("ü" * 301, "x" * 5000):
                each(partial(_post, world, event, firer, {**answers, name: [long]}))
    report(
        request,
        f"{each.count} long answers to {len(RUN.accepted_answers)} steps in {clock}; "
        f"statuses {dict(sorted(each.statuses.items()))}",
    )
    RUN.others += each.count


def test_no_generated_new_complaint_gives_a_server_error(
    world: World, request: pytest.FixtureRequest
) -> None:
    """The new complaint page is the one form outside the steps that saves: no 5xx."""
    client = world.clients["officer"]
    url = reverse("complaints:new")
    page = client.get(url)
    assert page.status_code == 200
    fields = form_fields(page.content.decode())
    each = _Each()
    clock = Clock()

    @settings(REPEATABLE, max_examples=NEW_COMPLAINT_REQUESTS)
    @given(data=st.data())
    def post_answers(data: st.DataObject) -> None:
        answers = data.draw(_answers_in_some_mode(fields), label="answers")
        response = each(lambda: client.post(url, answers))
        assert response.status_code < 500, answers

    post_answers()
    report(
        request,
        f"{each.count} generated new complaints in {clock}; "
        f"statuses {dict(sorted(each.statuses.items()))}",
    )
    RUN.others += each.count
    assert each.count >= NEW_COMPLAINT_REQUESTS


def _filter_pages(world: World) -> dict[str, str]:
    return {
        "case list": reverse("complaints:list"),
        "my cases": reverse("complaints:mine"),
        "actions": reverse("decisions:actions"),
        "learning log": reverse("reporting:learning"),
        "learning log CSV": reverse("reporting:learning_csv"),
        "procedure report": reverse("reporting:procedure"),
        "roster": reverse("roster:roster"),
        "invoices": reverse("roster:invoices"),
        "invoices CSV": reverse("roster:invoices_csv"),
        "timescales": reverse("timescales:calculator"),
        "search": reverse("search"),
    }


def test_no_generated_filter_gives_a_server_error(
    world: World, request: pytest.FixtureRequest
) -> None:
    """GET every filter page with generated query strings: no 5xx."""
    pages = _filter_pages(world)
    client = world.clients["manager"]
    fields: dict[str, dict[str, list[str]]] = {}
    for name, url in pages.items():
        if "CSV" in name:
            continue
        page = client.get(url)
        assert page.status_code == 200, name
        fields[name] = {"page": ["1", "2"], **form_fields(page.content.decode())}
    # The CSV downloads take the filters of the page they are linked from.
    fields["learning log CSV"] = fields["learning log"]
    fields["invoices CSV"] = fields["invoices"]
    each = _Each()
    clock = Clock()

    @settings(REPEATABLE, max_examples=FILTER_REQUESTS)
    @given(data=st.data())
    def get_filters(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(pages)), label="page")
        query = _present(data.draw(_answers(fields[name]), label="query"))
        response = each(lambda: client.get(pages[name], query))
        assert response.status_code < 500, (name, query)

    get_filters()
    report(request, f"{each.count} generated filter requests in {clock}")
    RUN.others += each.count
    assert each.count >= FILTER_REQUESTS


def test_at_least_1500_generated_requests_were_made_on_this_database(
    world: World, request: pytest.FixtureRequest
) -> None:
    """Last in the module: the figures to quote, at least 1,500 requests in all, and some
    answers accepted (so the actions' own rules were reached, not only the forms')."""
    if RUN.steps != set(load_steps()) or RUN.others < FILTER_REQUESTS + NEW_COMPLAINT_REQUESTS:
        pytest.skip("only some of the generated tests ran")
    report(
        request,
        f"{RUN.requests} generated step requests to {len(RUN.steps)} steps in "
        f"{RUN.seconds:.1f} s ({RUN.cpu:.1f} s of CPU), after building the cases and reading "
        f"the step pages in {world.built_in}; statuses {dict(sorted(RUN.statuses.items()))}; "
        f"{len(RUN.accepted)} steps accepted a generated answer; never accepted: "
        f"{', '.join(sorted(RUN.steps - RUN.accepted))}",
    )
    assert RUN.requests >= STEP_REQUESTS
    total = RUN.requests + RUN.others
    report(request, f"{total} generated requests in all on this database")
    assert total >= 1500, "fewer generated requests than the 1,500 per database promised"
    assert RUN.statuses[302] > 0, "no generated answer was ever accepted"
