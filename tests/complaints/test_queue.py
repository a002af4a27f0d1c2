"""Issue 9, point 2: the work queue on the home page, for each role.

* Every kind of running deadline is in the complaints team's queue on the day it falls due
  ("Due today") and in the overdue group the working day after, for each kind the lists know.
* "Mine", "my team" and "all" choose whose cases; later deadlines that wait on someone else
  are listed apart; the Complaints Manager also sees the decisions waiting for them.
* An appointed person sees what their appointment owes, with its date, not the stage's.
* The page reads the same number of queries however many cases are in the queue.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import handlers, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Status
from heard.complaints.queue import (
    Scope,
    StaffQueue,
    awaiting_manager,
    deliverables_for,
    staff_queue,
)
from heard.decisions import stage3
from heard.investigations import actions as investigations
from heard.timescales.snapshot import current_calendar
from tests.complaints import stage3_helpers as s3
from tests.complaints.helpers import (
    FIRST_CONTACT_ON,
    appoint_adjudicator,
    ip_reported,
    report_final,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.complaints.step_pages import as_user, main_text
from tests.complaints.test_trust_every_deadline_in_lists import KINDS
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def rows_in(queue: StaffQueue, group: str) -> dict[tuple[str, str], str]:
    """(case reference, deadline) -> working days in words, for one group of the queue."""
    found = next(g for g in queue.groups if g.key == group)
    return {(row.reference, row.label): row.left_words for row in found.rows}


# -- every kind of deadline, on its day and the working day after ---------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_deadline_is_due_on_its_day_and_overdue_the_working_day_after(
    kind: str, p: Personas
) -> None:
    complaint, label, due_on = KINDS[kind](p)
    calendar = current_calendar()
    key = (complaint.reference, label)

    before = staff_queue(p.manager, Scope.ALL, calendar.add_working_days(due_on, -1))
    assert rows_in(before, "soon").get(key) == "1 working day left"

    on_the_day = staff_queue(p.manager, Scope.ALL, due_on)
    assert rows_in(on_the_day, "soon").get(key) == "Due today", f"{kind}: not due on its day"
    assert key not in rows_in(on_the_day, "overdue")

    day_after = calendar.next_working_day(due_on)
    after = staff_queue(p.manager, Scope.ALL, day_after)
    assert rows_in(after, "overdue").get(key) == "Overdue by 1 working day", f"{kind}: not overdue"
    assert key not in rows_in(after, "soon")


def test_a_weekend_after_the_due_day_is_not_counted_as_overdue_days(p: Personas) -> None:
    complaint, label, due_on = KINDS["records request"](p)  # Wednesday 8 October 2025
    monday = date(2025, 10, 13)
    rows = rows_in(staff_queue(p.manager, Scope.ALL, monday), "overdue")
    assert rows[(complaint.reference, label)] == "Overdue by 3 working days"


def test_overdue_comes_most_overdue_first(p: Personas) -> None:
    later, _, later_due = KINDS["acknowledgement"](p)  # March 2026
    earlier, _, earlier_due = KINDS["records request"](p)  # October 2025
    queue = staff_queue(p.manager, Scope.ALL, date(2026, 6, 1))
    overdue = next(g for g in queue.groups if g.key == "overdue")
    references = [row.reference for row in overdue.rows]
    assert references.index(earlier.reference) < references.index(later.reference)
    assert earlier_due < later_due


# -- whose cases, and who a deadline waits on ----------------------------------------------


def test_mine_team_and_all_choose_whose_cases(p: Personas) -> None:
    mine = create_stage1_complaint(p.officer, received_on=date(2026, 3, 2))
    theirs = create_stage1_complaint(p.officer, received_on=date(2026, 3, 2))
    handlers.assign_handler(theirs, by=p.manager, handler=p.manager)
    day = date(2026, 3, 16)

    def listed(user: Any, scope: str) -> set[str]:
        queue = staff_queue(user, scope, day)
        return {row.reference for group in queue.groups for row in group.rows}

    assert listed(p.officer, Scope.MINE) == {mine.reference}
    assert listed(p.officer, Scope.ALL) == {mine.reference, theirs.reference}
    # No team recorded: "my team" is not offered, and asking for it shows the person's own.
    assert Scope.TEAM not in dict(staff_queue(p.officer, Scope.ALL, day).scopes)
    assert listed(p.officer, Scope.TEAM) == {mine.reference}
    p.officer.team = "Complaints"
    p.officer.save()
    p.manager.team = "Complaints"
    p.manager.save()
    assert listed(p.officer, Scope.TEAM) == {mine.reference, theirs.reference}


def test_a_later_deadline_waiting_on_the_complainant_is_listed_as_waiting(p: Personas) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    day = date(2025, 10, 2)  # the Statement of Complaint is due 15 October
    queue = staff_queue(p.manager, Scope.ALL, day)
    waiting = next(g for g in queue.groups if g.key == "waiting")
    row = next(r for r in waiting.rows if r.reference == complaint.reference)
    assert (row.label, row.waits_on) == (
        "Statement of Complaint agreed",
        "Complainant (with the Investigating Officer)",
    )
    # The Stage 2 response is the council's own: it is not "waiting on someone else".
    assert (complaint.reference, "Stage 2 response") not in rows_in(queue, "waiting")


def test_the_home_page_lists_the_queue_with_who_each_deadline_waits_on(
    p: Personas, client: Client
) -> None:
    complaint, label, _ = KINDS["records request"](p)
    page = main_text(as_user(client, p.manager).get(HOME))
    assert "Overdue: " in page
    assert f"{label} {complaint.reference}" in page
    assert "Fostering team" in page
    assert "Overdue by" in page


def test_each_row_and_each_case_waiting_links_to_its_case_page(p: Personas, client: Client) -> None:
    """The links are made from one reversed address (decision 032): each must still be the
    case's own page."""
    complaint, _, _ = KINDS["records request"](p)
    requested = stage2_requested(p)
    response = as_user(client, p.manager).get(HOME)
    html = response.content.decode()
    for case in (complaint, requested):
        url = reverse("complaints:detail", args=[case.pk])
        assert f'href="{url}">{case.reference}</a>' in html
    queue = response.context["queue"]
    for group in queue.groups:
        for row in group.rows:
            assert row.url == reverse("complaints:detail", args=[row.complaint_id])
    for item in response.context["manager_items"]:
        assert [url for url, _ in item.links] == [
            reverse("complaints:detail", args=[pk]) for pk, _ in item.cases
        ]


def test_the_queue_counts_every_deadline_of_each_group_whoever_handles_it(
    p: Personas,
) -> None:
    """ "All" counts each group from its own index, "mine" through the cases (decision 032):
    both must count what the groups list."""
    today = timezone.localdate()
    for days in (1, 12, 30, 60):
        create_stage1_complaint(p.officer, received_on=today - timedelta(days=days))
    KINDS["records request"](p)
    KINDS["ombudsman reply"](p)
    for scope, user in ((Scope.ALL, p.manager), (Scope.MINE, p.officer)):
        queue = staff_queue(user, scope, today)
        for group in queue.groups:
            assert group.total == len(group.rows) + group.more
            assert group.more == 0  # fewer than 25 each, so every one is listed
    totals = {g.key: g.total for g in staff_queue(p.manager, Scope.ALL, today).groups}
    assert sum(totals.values()) > 0


@pytest.mark.parametrize("show", ["", "mine", "team", "all", "everyone", "'\"<x>", "\x00"])
def test_any_choice_of_whose_cases_answers_200(p: Personas, client: Client, show: str) -> None:
    assert as_user(client, p.officer).get(HOME, {"show": show}).status_code == 200


# -- what waits for the Complaints Manager -------------------------------------------------


def test_the_manager_sees_the_decisions_waiting_for_them(p: Personas, client: Client) -> None:
    requested = stage2_requested(p)
    not_engaging = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        investigations.record_contact_attempt(
            not_engaging, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    items = {item.title: item for item in awaiting_manager(date(2025, 10, 9))}
    assert [r for _, r in items["Stage 2 requests to accept or refuse"].cases] == [
        requested.reference
    ]
    engagement = items["Investigations where the complainant has not engaged"]
    assert [r for _, r in engagement.cases] == [not_engaging.reference]

    manager = main_text(as_user(client, p.manager).get(HOME))
    assert "Waiting for your decision" in manager
    assert "Stage 2 requests to accept or refuse: 1" in manager
    officer = main_text(as_user(client, p.officer).get(HOME))
    assert "Waiting for your decision" not in officer


def test_ombudsman_replies_and_actions_to_sign_off_wait_for_the_manager(p: Personas) -> None:
    reply, _, _ = KINDS["ombudsman reply"](p)
    items = {item.title: item for item in awaiting_manager(date(2026, 6, 1))}
    assert [r for _, r in items["Replies to the Ombudsman"].cases] == [
        f"{reply.reference} (due 29 June 2026)"
    ]
    # The helper marks the agreed action done: it waits for sign-off.
    assert items["Agreed actions waiting for your sign-off"].total == 1


def test_a_long_item_lists_the_oldest_and_counts_them_all(
    p: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list is cut at ``GROUP_LIMIT`` and the count is of every match (one query, the
    count taken before the cut)."""
    from heard.complaints import queue

    requested = [stage2_requested(p) for _ in range(3)]
    items = {item.title: item for item in awaiting_manager(timezone.localdate())}
    assert items["Stage 2 requests to accept or refuse"].total == 3
    # The limit is read when the query is compiled: a query made after lowering it.
    monkeypatch.setattr(queue, "GROUP_LIMIT", 2)
    requests = queue.listed_cases(lambda: Complaint.objects.filter(status=Status.STAGE2_REQUESTED))
    item = queue.case_item("Stage 2 requests", "", requests)
    assert item.total == 3
    oldest = sorted(requested, key=lambda c: (c.received_on, c.pk))[:2]
    assert [pk for pk, _ in item.cases] == [c.pk for c in oldest]


# -- an appointed person's own deliverables -------------------------------------------------


def owed(user: Any, day: date) -> list[tuple[str, str, date | None]]:
    return [(d.reference, d.what, d.due_on) for d in deliverables_for(user, day)]


def test_the_investigators_owe_the_statement_then_their_reports(p: Personas) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    statement = (complaint.reference, "Agree the Statement of Complaint", date(2025, 10, 15))
    assert owed(p.io, date(2025, 10, 2)) == [statement]
    assert owed(p.ip, date(2025, 10, 2)) == [statement]
    assert owed(p.other_io, date(2025, 10, 2)) == []


def test_the_io_owes_the_report_until_it_is_final_and_the_ip_their_own(p: Personas) -> None:
    complaint = statement_agreed(p)
    due_on = complaint.stage2.due_on
    assert owed(p.io, date(2025, 10, 9)) == [
        (complaint.reference, "Investigation report, before the Stage 2 response", due_on)
    ]
    assert owed(p.ip, date(2025, 10, 9)) == [
        (complaint.reference, "Independent Person's report, before the Stage 2 response", due_on)
    ]


def test_the_adjudicator_owes_the_adjudication(p: Personas) -> None:
    complaint = report_final(p)
    ip_reported(complaint, p)
    assert owed(p.io, date(2025, 10, 23)) == []
    appoint_adjudicator(complaint, p)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert owed(p.adjudicator, date(2025, 10, 23)) == [
        (
            complaint.reference,
            "Adjudicate and send the Stage 2 response",
            complaint.stage2.due_on or complaint.stage2.request_due_on,
        )
    ]


def test_the_panel_owes_its_meeting_then_the_chair_the_report(p: Personas) -> None:
    convened = s3.panel_convened(p)
    assert owed(p.member, s3.ACCEPTED_ON) == [(convened.reference, "Panel meeting", s3.MEETING_ON)]
    s3.submit(convened, p, "council", "Head of Service", s3.MEETING_ON)
    stage3.hold_panel(convened, by=p.officer, met_on=s3.MEETING_ON)
    assert owed(p.chair, s3.MEETING_ON) == [
        (convened.reference, "Send the panel's report", s3.REPORT_DUE_ON)
    ]
    assert owed(p.member, s3.MEETING_ON) == [
        (convened.reference, "Panel report, sent by the chair", s3.REPORT_DUE_ON)
    ]


def test_an_officer_sees_their_deliverables_not_the_staff_queue(
    p: Personas, client: Client
) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    page = main_text(as_user(client, p.io).get(HOME))
    assert "What you owe" in page
    assert f"Agree the Statement of Complaint {complaint.reference} Investigating Officer" in page
    assert "Work queue" not in page
    assert "Stage 2 response" not in page
    outsider = main_text(as_user(client, p.other_io).get(HOME))
    assert complaint.reference not in outsider
    assert "Nothing is waiting for you" in outsider


# -- a fixed number of queries ------------------------------------------------------------


def _home_queries(client: Client, user: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_home_page_reads_the_same_queries_with_more_cases(p: Personas, client: Client) -> None:
    today = timezone.localdate()
    create_stage1_complaint(p.officer, received_on=today - timedelta(days=30))
    as_user(client, p.manager)
    few = _home_queries(client, p.manager)
    for days in (1, 2, 20, 40):
        create_stage1_complaint(p.officer, received_on=today - timedelta(days=days))
    KINDS["records request"](p)
    KINDS["ombudsman reply"](p)
    assert _home_queries(client, p.manager) == few
