"""The case list, "my cases", the case page and recording a new complaint, through the client.

Who sees what (staff every case, anyone else only their appointed cases, hidden cases 404),
what each page shows, the list's filters, sort and pages, and that the list and the case page
ask the database the same number of questions however many cases, events, points or
appointments there are.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import AccessRecord, CaseEvent
from heard.complaints.actions import intake, stage1, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Relationship, Route
from heard.complaints.tasklist import TaskStatus, stage2_tasks
from heard.complaints.views.case_page import case_queryset
from heard.investigations import actions as investigations
from heard.timescales.snapshot import current_calendar
from tests.complaints.helpers import (
    adjudicated,
    appoint_io,
    case_state,
    record_findings,
    report_final,
    stage2_accepted,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.complaints.step_pages import (
    as_user,
    day,
    error_beside,
    error_summary,
    page_text,
    step_url,
    text,
)
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:list")
MINE = reverse("complaints:mine")
NEW = reverse("complaints:new")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def detail(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def references(response: Any) -> list[str]:
    """The case references in the table, in the order shown."""
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>',
        response.content.decode(),
    )


def received_days_ago(p: Personas, days: int, **kwargs: Any) -> Complaint:
    """A complaint in Stage 1, received ``days`` calendar days before today."""
    return create_stage1_complaint(
        p.officer, received_on=timezone.localdate() - timedelta(days=days), **kwargs
    )


def section(response: Any, heading: str) -> str:
    """The text from the heading to the next h2, as a reader sees it."""
    page = response.content.decode()
    found = re.search(rf">{re.escape(heading)}</h2>(.*?)(<h2 |</main>)", page, re.S)
    assert found, f"no section {heading!r}"
    return text(found.group(1))


# -- the case list ------------------------------------------------------------------------


def test_staff_see_every_case_with_its_people_status_officers_and_due_date(
    client: Client, p: Personas
) -> None:
    a = stage2_investigating(p)
    b = received_days_ago(p, 1)
    response = as_user(client, p.officer).get(LIST)
    assert response.status_code == 200
    assert set(references(response)) == {a.reference, b.reference}
    words = page_text(response)
    assert "Sam Rivers" in words and "Alex Rivers" in words
    assert "Io Tester (Investigating Officer)" in words
    assert "Ip Tester (Independent Person)" in words
    assert "Stage 2 investigation" in words and "Stage 1 open" in words
    assert f"{b.due_on:%-d %b %Y}" in words
    assert 'class="govuk-tag govuk-tag--purple">Stage 2 investigation' in response.content.decode()
    assert "Showing 1 to 2 of 2 cases" in words


def test_someone_appointed_sees_only_their_cases_in_the_list(client: Client, p: Personas) -> None:
    theirs = stage2_investigating(p)
    received_days_ago(p, 1)
    response = as_user(client, p.io).get(LIST)
    assert references(response) == [theirs.reference]
    assert "Record a new complaint" not in page_text(response)
    assert references(as_user(client, p.outsider).get(LIST)) == []


def test_the_navigation_shows_cases_to_complaints_staff_and_my_cases_to_everyone(
    client: Client, p: Personas
) -> None:
    staff = as_user(client, p.officer).get(reverse("home")).content.decode()
    assert f'href="{LIST}"' in staff and f'href="{MINE}"' in staff
    io = as_user(client, p.io).get(reverse("home")).content.decode()
    assert f'href="{LIST}"' not in io and f'href="{MINE}"' in io
    on_list = as_user(client, p.officer).get(LIST).content.decode()
    assert ">Cases</strong>" in on_list and 'aria-current="page"' in on_list


def test_the_default_order_is_soonest_due_first_then_no_due_date(
    client: Client, p: Personas
) -> None:
    later = received_days_ago(p, 1)
    sooner = received_days_ago(p, 5)
    # Recorded and acknowledged but not yet classified: no deadline runs (decision 018).
    no_date = create_complaint(p.officer, received_on=timezone.localdate())
    also_no_date = create_complaint(p.officer, received_on=timezone.localdate())
    for complaint in (no_date, also_no_date):
        intake.acknowledge(complaint, by=p.officer, acknowledged_on=timezone.localdate())
    response = as_user(client, p.officer).get(LIST)
    expected = [sooner, later, no_date, also_no_date]
    assert references(response) == [c.reference for c in expected]
    assert 'aria-sort="ascending"' in response.content.decode()
    latest_first = as_user(client, p.officer).get(LIST, {"sort": "-due"})
    assert references(latest_first) == [c.reference for c in (later, sooner, also_no_date, no_date)]
    assert 'aria-sort="descending"' in latest_first.content.decode()


def test_filter_by_stage_and_by_status(client: Client, p: Personas) -> None:
    at_stage2 = stage2_requested(p)
    at_stage1 = received_days_ago(p, 1)
    intake_only = create_complaint(p.officer, received_on=timezone.localdate())
    staff = as_user(client, p.officer)
    assert references(staff.get(LIST, {"stage": "2"})) == [at_stage2.reference]
    assert set(references(staff.get(LIST, {"stage": "1"}))) == {
        at_stage1.reference,
        intake_only.reference,
    }
    assert references(staff.get(LIST, {"status": "intake"})) == [intake_only.reference]
    assert references(staff.get(LIST, {"status": "stage1_open"})) == [at_stage1.reference]
    nothing = staff.get(LIST, {"status": "closed"})
    assert "No cases match these filters" in page_text(nothing)


def test_filter_by_appointed_officer(client: Client, p: Personas) -> None:
    theirs = stage2_investigating(p)
    responded = received_days_ago(p, 1)
    stage1.assign_responder(responded, by=p.officer, responder=p.responder)
    staff = as_user(client, p.officer)
    assert references(staff.get(LIST, {"officer": p.io.pk})) == [theirs.reference]
    assert references(staff.get(LIST, {"officer": p.responder.pk})) == [responded.reference]
    page = staff.get(LIST, follow=True).content.decode()  # to the filters last used
    assert f'<option value="{p.io.pk}">Io Tester</option>' in page
    unknown = staff.get(LIST, {"officer": "99999"})
    assert "Select an officer from the list" in error_summary(unknown)
    assert len(references(unknown)) == 2  # the bad filter is left out, not applied


def test_filter_due_within_working_days_counts_from_today(client: Client, p: Personas) -> None:
    today = timezone.localdate()
    soon = received_days_ago(p, 14)  # due within the next working days, or already past
    fresh = received_days_ago(p, 0)  # due 10 working days from today
    for complaint in (soon, fresh):  # so Stage 1 is the only deadline running (decision 018)
        intake.acknowledge(complaint, by=p.officer, acknowledged_on=complaint.received_on)
    calendar = current_calendar()
    assert fresh.due_on == calendar.add_working_days(today, 10)
    staff = as_user(client, p.officer)
    assert references(staff.get(LIST, {"due_within": "10"}))[-1:] == [fresh.reference]
    assert fresh.reference not in references(staff.get(LIST, {"due_within": "9"}))
    if soon.due_on >= today:
        assert soon.reference in references(staff.get(LIST, {"due_within": "9"}))
    else:  # overdue cases are not "due within": they have their own filter
        assert soon.reference not in references(staff.get(LIST, {"due_within": "9"}))
    bad = staff.get(LIST, {"due_within": "soon"})
    assert "Due within must be a whole number of working days, like 5" in error_beside(
        bad, "id_due_within"
    )


def test_filter_overdue_only(client: Client, p: Personas) -> None:
    overdue = received_days_ago(p, 60)
    on_time = received_days_ago(p, 0)
    closed = received_days_ago(p, 61)
    intake.close(closed, by=p.manager, reason="Withdrawn in writing")
    staff = as_user(client, p.officer)
    response = staff.get(LIST, {"overdue": "on"})
    assert references(response) == [overdue.reference]
    assert "Overdue" in page_text(response)
    everything = page_text(staff.get(LIST, {"clear": ""}, follow=True))
    assert on_time.reference in everything and closed.reference in everything


def test_fifty_cases_a_page_with_gov_uk_pagination_keeping_the_filters(
    client: Client, p: Personas
) -> None:
    for _ in range(52):
        create_complaint(p.officer, received_on=date(2026, 3, 2))
    staff = as_user(client, p.officer)
    first = staff.get(LIST, {"status": "intake"})
    assert len(references(first)) == 50
    page = first.content.decode()
    assert 'class="govuk-pagination"' in page and 'rel="next"' in page
    assert 'href="?status=intake&amp;page=2"' in page
    assert "Showing 1 to 50 of 52 cases" in page_text(first)
    second = staff.get(LIST, {"status": "intake", "page": "2"})
    assert len(references(second)) == 2
    assert 'rel="prev"' in second.content.decode()
    assert 'aria-current="page">2</a>' in second.content.decode()
    assert not set(references(first)) & set(references(second))
    assert "(page 2 of 2)" in second.content.decode()


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(captured)


def _busy_cases(p: Personas, n: int) -> None:
    """``n`` cases with two complainants, two children, appointments and events each."""
    for i in range(n):
        complaint = stage2_investigating(p) if i % 3 == 0 else received_days_ago(p, i % 20)
        intake.add_complainant(
            complaint,
            by=p.officer,
            person=intake.NewComplainant(name=f"Person {i}", relationship=Relationship.PARENT),
        )
        intake.add_child(complaint, by=p.officer, child=intake.NewChild(name=f"Child {i}"))


def test_the_case_list_asks_the_database_the_same_however_many_cases(
    client: Client, p: Personas
) -> None:
    staff = as_user(client, p.manager)
    _busy_cases(p, 3)
    few = _list_queries(staff)
    _busy_cases(p, 27)
    many = _list_queries(staff)
    assert few == many, (few, many)
    io = as_user(client, p.io)
    assert _list_queries(io) == _list_queries(io)


# -- my cases -----------------------------------------------------------------------------


def test_my_cases_shows_an_investigating_officer_only_their_current_cases(
    client: Client, p: Personas
) -> None:
    theirs = stage2_investigating(p)
    other = stage2_accepted(p)
    received_days_ago(p, 1)
    response = as_user(client, p.io).get(MINE)
    assert response.status_code == 200
    assert references(response) == [theirs.reference]
    assert other.reference not in page_text(response)
    assert "Complaints you are appointed to now" in page_text(response)


def test_my_cases_for_staff_lists_the_cases_they_handle(client: Client, p: Personas) -> None:
    """Complaints staff are never appointed, so "My cases" is the cases they handle (issue 9,
    point 1): one the manager handles is not the officer's until it is handed to them."""
    handled_by_manager = received_days_ago(p, 1)
    Complaint.objects.filter(pk=handled_by_manager.pk).update(handler=p.manager)
    response = as_user(client, p.officer).get(MINE)
    assert handled_by_manager.reference not in references(response)
    handled_by_officer = received_days_ago(p, 2)
    Complaint.objects.filter(pk=handled_by_officer.pk).update(handler=p.officer)
    assert handled_by_officer.reference in references(as_user(client, p.officer).get(MINE))


# -- who may open a case ------------------------------------------------------------------


def test_an_investigating_officer_not_appointed_gets_404_on_the_case_and_its_steps(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    other = as_user(client, p.other_io)
    assert other.get(detail(complaint)).status_code == 404
    assert other.get(step_url(complaint, "record_first_contact")).status_code == 404
    before = case_state(complaint.pk)
    response = other.post(
        step_url(complaint, "record_first_contact"), day("contacted_on", date(2025, 10, 1))
    )
    assert response.status_code == 404
    assert case_state(complaint.pk) == before
    assert as_user(client, p.io).get(detail(complaint)).status_code == 200


def test_every_case_page_view_is_in_the_access_log(client: Client, p: Personas) -> None:
    complaint = received_days_ago(p, 1)
    staff = as_user(client, p.officer)
    staff.get(detail(complaint))
    staff.get(detail(complaint))
    as_user(client, p.manager).get(detail(complaint))
    records = AccessRecord.objects.filter(complaint_id=complaint.pk).order_by("id")
    assert [(r.by_id, r.method, r.path) for r in records] == [
        (p.officer.pk, "GET", detail(complaint)),
        (p.officer.pk, "GET", detail(complaint)),
        (p.manager.pk, "GET", detail(complaint)),
    ]
    as_user(client, p.other_io).get(detail(complaint))
    assert records.count() == 3  # a refused look at a hidden case reveals and records nothing


# -- the case page ------------------------------------------------------------------------


def test_the_case_page_summarises_the_complaint(client: Client, p: Personas) -> None:
    complaint = create_stage1_complaint(p.officer, received_on=date(2026, 3, 2), looked_after=True)
    intake.record_advocacy(
        complaint,
        by=p.officer,
        offered_on=date(2026, 3, 3),
        response="accepted",
        advocate_name="Jo Advocate",
        advocate_organisation="NYAS",
    )
    response = as_user(client, p.officer).get(detail(complaint))
    assert response.status_code == 200
    card = section(response, "The complaint")
    for needed in (
        complaint.reference,
        "Monday 2 March 2026 by email",
        "Statutory (Children Act 1989)",
        "Parent of a looked-after child",
        "Sam Rivers : Parent",
        "Alex Rivers Looked after",
        "Offered 3 March 2026: accepted Advocate: Jo Advocate, NYAS",
        "Standard print, in English",
        "Children in Care team",
    ):
        assert needed in card, needed
    dates = section(response, "Stage 1 dates")
    assert "Response due Monday 16 March 2026" in dates
    assert "Latest date with an extension (20 working days) Monday 30 March 2026" in dates
    assert "Stage 2 tasks" not in page_text(response)


def test_a_late_unanswered_stage1_is_flagged_eligible_for_stage2(
    client: Client, p: Personas
) -> None:
    late = received_days_ago(p, 60)
    on_time = received_days_ago(p, 0)
    staff = as_user(client, p.officer)
    assert "Eligible for Stage 2 on request" in page_text(staff.get(detail(late)))
    assert "Overdue" in page_text(staff.get(detail(late)))
    assert "Eligible for Stage 2 on request" not in page_text(staff.get(detail(on_time)))


def test_stage2_always_shows_the_request_date_deadlines(
    client: Client, p: Personas, settings: Any
) -> None:
    settings.STAGE2_START = "statement_agreed_date"
    complaint = stage2_accepted(p)
    dates = section(as_user(client, p.manager).get(detail(complaint)), "Stage 2 dates")
    assert "Requested Friday 26 September 2025" in dates
    assert "Due: 25 working days from the request Friday 31 October 2025" in dates
    assert "Latest: 65 working days from the request Tuesday 30 December 2025" in dates
    assert "Council's due date (from the agreed statement) When agreed" in dates
    assert "The Ombudsman measures Stage 2 from the date of the request" in dates


def test_the_council_due_date_is_not_repeated_when_it_is_the_request_date(
    client: Client, p: Personas
) -> None:
    dates = section(as_user(client, p.manager).get(detail(stage2_accepted(p))), "Stage 2 dates")
    assert "Due: 25 working days from the request Friday 31 October 2025" in dates
    assert "Council's due date" not in dates


def test_an_unagreed_statement_past_its_target_is_tagged_overdue(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=date(2025, 10, 1))
    dates = section(as_user(client, p.io).get(detail(complaint)), "Stage 2 dates")
    assert "Statement of Complaint to be agreed by Wednesday 15 October 2025 Overdue" in dates
    assert "Statement agreed Not yet" in dates
    agreed = statement_agreed(p)
    dates = section(as_user(client, p.io).get(detail(agreed)), "Stage 2 dates")
    assert "Wednesday 15 October 2025 Overdue" not in dates
    assert "Statement agreed Wednesday 8 October 2025" in dates


def test_the_points_are_shown_with_their_findings(client: Client, p: Personas) -> None:
    complaint = report_final(p)
    response = as_user(client, p.io).get(detail(complaint))
    points = section(response, "Statement of Complaint")
    assert "Agreed with the complainant on 8 October 2025." in points
    assert "Point 1" in points and "Contact was cancelled without notice" in points
    assert "Desired outcome Reinstate contact" in points
    assert "Finding Upheld The records show it" in points


def test_records_access_is_blocked_until_consent_is_recorded(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    io = as_user(client, p.io)
    assert "Blocked until consent is recorded" in section(
        io.get(detail(complaint)), "Access to records"
    )
    investigations.record_consent(
        complaint,
        by=p.officer,
        signed_on=date(2025, 10, 2),
        signed_by="Sam Rivers",
        scope="Children's social care file",
    )
    assert "Consent recorded: access not yet given" in section(
        io.get(detail(complaint)), "Access to records"
    )
    investigations.grant_records_access(complaint, by=p.officer)
    today = timezone.localdate()
    assert f"Access given on {today:%-d %B %Y}" in section(
        io.get(detail(complaint)), "Access to records"
    )


def test_the_manager_is_warned_before_closing_for_non_engagement(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    warning = "the Ombudsman may treat that as refusing them the complaints procedure"
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        assert warning not in page_text(as_user(client, p.manager).get(detail(complaint)))
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    response = as_user(client, p.manager).get(detail(complaint))
    assert warning in page_text(response)
    assert 'class="govuk-warning-text"' in response.content.decode()
    assert warning not in page_text(as_user(client, p.officer).get(detail(complaint)))
    assert warning not in page_text(as_user(client, p.io).get(detail(complaint)))


def test_the_timeline_is_newest_first_with_who_and_uk_time(client: Client, p: Personas) -> None:
    complaint = received_days_ago(p, 1)
    CaseEvent.objects.filter(complaint_id=complaint.pk, name="complaint.received").update(
        at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    )
    timeline = section(as_user(client, p.officer).get(detail(complaint)), "What has happened")
    started = timeline.index("Stage 1 started")
    received = timeline.index("Complaint received by email")
    assert started < received  # newest first
    assert "Officer Tester (Complaints officer)" in timeline
    assert "1 July 2026 at 9:30am" in timeline  # 08:30 UTC is 09:30 in London in summer


def test_the_actions_are_the_steps_this_person_may_take_now(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    staff = section(as_user(client, p.officer).get(detail(complaint)), "What you can do")
    for label in (
        "Decide which procedure applies",
        "Start Stage 1",
        "Record the offer of an advocate",
        "Change who the complaint is from or about",
    ):
        assert label in staff
    assert "Close the complaint" not in staff  # the Complaints Manager's decision
    assert "Close the complaint" in section(
        as_user(client, p.manager).get(detail(complaint)), "What you can do"
    )
    page = as_user(client, p.officer).get(detail(complaint)).content.decode()
    assert f'href="{step_url(complaint, "classify")}"' in page


def test_the_stage2_task_list_follows_the_case(client: Client, p: Personas) -> None:
    def statuses(complaint: Complaint) -> dict[str, str]:
        loaded = case_queryset().get(pk=complaint.pk)
        return {t.key: t.status for t in stage2_tasks(loaded, may_fire=())}

    requested = statuses(stage2_requested(p))
    assert requested["accept"] == TaskStatus.NOT_STARTED
    assert requested["appoint_io"] == TaskStatus.CANNOT_START
    assert requested["start"] == TaskStatus.CANNOT_START

    accepted = stage2_accepted(p)
    appoint_io(accepted, p)
    s = statuses(accepted)
    assert s["accept"] == s["appoint_io"] == TaskStatus.COMPLETED
    assert s["appoint_ip"] == TaskStatus.NOT_STARTED
    assert s["start"] == TaskStatus.CANNOT_START  # a statutory Stage 2 needs its IP first

    corporate = stage2_accepted(p, route=Route.CORPORATE)
    assert "appoint_ip" not in statuses(corporate)

    agreed = statuses(statement_agreed(p))
    assert agreed["start"] == agreed["statement"] == agreed["agreed"] == TaskStatus.COMPLETED
    assert agreed["findings"] == TaskStatus.NOT_STARTED
    assert agreed["fact_check"] == TaskStatus.CANNOT_START
    assert agreed["records"] == TaskStatus.NOT_STARTED

    final = statuses(report_final(p))
    assert final["findings"] == final["fact_check"] == final["report"] == TaskStatus.COMPLETED
    assert final["ip_report"] == TaskStatus.NOT_STARTED
    assert final["letter"] == TaskStatus.CANNOT_START

    done = statuses(adjudicated(p))
    assert done["ip_report"] == done["adjudication"] == TaskStatus.COMPLETED
    assert done["letter"] == TaskStatus.NOT_STARTED


def test_the_task_list_links_a_task_only_for_someone_who_may_do_it(
    client: Client, p: Personas
) -> None:
    complaint = stage2_requested(p)
    manager = as_user(client, p.manager).get(detail(complaint))
    assert 'class="govuk-task-list"' in manager.content.decode()
    tasks = section(manager, "Stage 2 tasks")
    assert "Accept the Stage 2 request Not yet started" in tasks
    assert "Appoint the Investigating Officer After acceptance Cannot start yet" in tasks
    from heard.complaints.steps import load_steps

    if "accept_stage2" in load_steps():
        assert f'href="{step_url(complaint, "accept_stage2")}"' in manager.content.decode()
    officer = as_user(client, p.officer).get(detail(complaint)).content.decode()
    assert f'href="{step_url(complaint, "accept_stage2")}"' not in officer


def _detail_queries(client: Client, complaint: Complaint) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(detail(complaint))
    assert response.status_code == 200
    return len(captured)


def _record_more(complaint: Complaint, p: Personas, times: int) -> None:
    """Records requests, contact attempts, plan items, children and complainants, ``times``
    of each, and findings on the points."""
    record_findings(complaint, p)
    for i in range(times):
        investigations.request_records(
            complaint,
            by=p.officer,
            requested_from=f"Team {i}",
            description="Case notes",
            requested_on=date(2025, 10, 2),
            due_on=date(2025, 10, 9),
        )
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=date(2025, 10, 2), method="phone", outcome="answered"
        )
        investigations.add_plan_item(complaint, by=p.io, kind="file", description=f"File {i}")
        intake.add_child(complaint, by=p.officer, child=intake.NewChild(name=f"Child {i}"))
        intake.add_complainant(
            complaint,
            by=p.officer,
            person=intake.NewComplainant(name=f"Person {i}", relationship=Relationship.PARENT),
        )


def test_the_case_page_asks_the_database_the_same_however_much_is_recorded(
    client: Client, p: Personas
) -> None:
    """One row of each kind or twenty-five: the same questions. A kind with no rows at all is
    not asked about (the case is read with a flag for each), so a case with less recorded may
    ask fewer, never more."""
    small = statement_agreed(p)
    one = statement_agreed(p)
    _record_more(one, p, 1)
    big = statement_agreed(p)
    _record_more(big, p, 25)
    stage2.add_point_exceptionally(
        big,
        by=p.manager,
        text="Another point",
        desired_outcomes="An apology",
        route=Route.STATUTORY,
        reasons="Raised at interview",
    )
    assert CaseEvent.objects.filter(complaint_id=big.pk).count() > 100
    for user in (p.manager, p.io, p.ip):
        viewer = as_user(client, user)
        asked = _detail_queries(viewer, big)
        assert _detail_queries(viewer, one) == asked, user
        assert _detail_queries(viewer, small) < asked, user


# -- a new complaint ----------------------------------------------------------------------


def _new_complaint_answers(**changes: str) -> dict[str, str]:
    answers = {
        **day("received_on", date(2026, 3, 2)),
        "channel": "phone",
        "summary": "My daughter's placement moved without anyone telling me.",
        "team": "Fostering team",
        **day("earliest_event_on", date(2026, 2, 20)),
        "complainant_name": "Robin Hale",
        "relationship": "foster_carer",
        "email": "robin@example.org",
        "phone": "01234 567890",
        "address": "1 High Street",
        "child_name": "Kai Hale",
        **day("child_date_of_birth", date(2014, 6, 1)),
        "looked_after": "on",
        "preferred_format": "large_print",
        "language": "English",
        "adjustments": "Calls after 2pm",
    }
    answers.update(changes)
    return answers


def test_recording_a_new_complaint(client: Client, p: Personas) -> None:
    staff = as_user(client, p.officer)
    page = staff.get(NEW)
    assert page.status_code == 200
    assert "Record a new complaint" in page_text(page)
    response = staff.post(NEW, _new_complaint_answers())
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(complaint)
    assert complaint.reference == f"C-2026-{complaint.pk:05d}"
    assert complaint.channel == "phone" and complaint.preferred_format == "large_print"
    assert complaint.earliest_event_on == date(2026, 2, 20)
    person = complaint.complainants.get()
    assert (person.name, person.relationship, person.email) == (
        "Robin Hale",
        "foster_carer",
        "robin@example.org",
    )
    child = complaint.children.get()
    assert (child.name, child.date_of_birth, child.looked_after, child.care_leaver) == (
        "Kai Hale",
        date(2014, 6, 1),
        True,
        False,
    )
    events = CaseEvent.objects.filter(complaint_id=complaint.pk)
    assert list(events.values_list("name", flat=True)) == ["complaint.received"]
    shown = staff.get(detail(complaint))
    assert f"Complaint {complaint.reference} recorded." in page_text(shown)


@pytest.mark.parametrize(
    ("changes", "anchor", "message"),
    [
        ({"complainant_name": ""}, "id_complainant_name", "Enter the complainant's full name"),
        (
            {"relationship": ""},
            "id_relationship_0",
            "Select the complainant's relationship to the child",
        ),
        ({"channel": ""}, "id_channel_0", "Select how the complaint was made"),
        (
            {"received_on_month": ""},
            "id_received_on_month",
            "The date the complaint was received must include a month",
        ),
        (
            {"email": "robin"},
            "id_email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            {"earliest_event_on_year": "2027"},
            "id_earliest_event_on_day",
            "The earliest matter must be on or before the date received",
        ),
        ({"child_name": ""}, "id_child_name", "Enter the child's full name"),
    ],
)
def test_a_bad_new_complaint_shows_the_error_beside_the_box_and_saves_nothing(
    client: Client, p: Personas, changes: dict[str, str], anchor: str, message: str
) -> None:
    response = as_user(client, p.officer).post(NEW, _new_complaint_answers(**changes))
    assert response.status_code == 200
    field_id = re.sub(r"_(0|day|month|year)$", "", anchor)
    assert message in error_beside(response, field_id)
    assert f'<a href="#{anchor}">{html.escape(message)}</a>' in response.content.decode()
    assert "<title>Error: Record a new complaint" in response.content.decode()
    assert not Complaint.objects.exists() and not CaseEvent.objects.exists()


def test_a_complaint_received_in_the_future_is_refused_beside_the_date(
    client: Client, p: Personas
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    answers = _new_complaint_answers(**day("received_on", tomorrow))
    answers.update(day("earliest_event_on", tomorrow))
    response = as_user(client, p.officer).post(NEW, answers)
    assert "The date received cannot be in the future." in error_beside(response, "id_received_on")
    assert not Complaint.objects.exists()


def test_only_the_complaints_team_may_record_a_complaint(client: Client, p: Personas) -> None:
    for user in (p.io, p.responder, p.outsider, p.adjudicator):
        viewer = as_user(client, user)
        assert viewer.get(NEW).status_code == 404
        assert viewer.post(NEW, _new_complaint_answers()).status_code == 404
    assert not Complaint.objects.exists()


def test_a_task_links_only_when_it_can_be_done_now(p: Personas) -> None:
    from heard.complaints.workflow import ALL_EVENTS

    complaint = case_queryset().get(pk=statement_agreed(p).pk)
    tasks = {t.key: t for t in stage2_tasks(complaint, may_fire=ALL_EVENTS)}
    assert tasks["appoint_io"].url is not None  # done, but another appointment is possible
    assert tasks["statement"].status == TaskStatus.COMPLETED and tasks["statement"].url is None
    assert tasks["fact_check"].status == TaskStatus.CANNOT_START
    assert tasks["fact_check"].url is None  # GOV.UK: a task that cannot start is not a link
    assert tasks["findings"].url == step_url(complaint, "record_finding")
    assert tasks["records"].url == step_url(complaint, "record_consent")
    nothing = {t.key: t.url for t in stage2_tasks(complaint, may_fire=())}
    assert set(nothing.values()) == {None}
