"""Issue 8, point 6: nothing is overwritten.

* Free text written again keeps its earlier version (who, when, before and after) and the case
  page shows it: a finding's reasons and interview notes.
* Every kind of case event records what it changed: generated from the demo data and the
  workflow table, so a new event kind with empty details, or one never written, fails here.
* A form submitted twice (a double click, a browser retry) acts once: a time entry and a new
  complaint, one after the other and, on PostgreSQL, from two connections at the same moment.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import CaseEvent, TextVersion
from heard.complaints.actions import appointments, handlers, intake, stage2
from heard.complaints.models import Appointment, Complaint, TimeEntry
from heard.complaints.models.choices import AppointmentRole
from heard.decisions import actions as decisions
from heard.investigations import actions as investigations
from heard.investigations.models import Interview, Room
from heard.people.models import IndependentOfficer
from heard.people.roles import StaffRole
from tests.complaints.helpers import (
    adjudicated,
    all_accepted,
    report_final,
    stage2_investigating,
    statement_agreed,
)
from tests.complaints.step_pages import as_user, day, main_text, step_url
from tests.people.helpers import panel_appointment, stage3_panel
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


def case_page(client: Client, user: Any, complaint: Complaint) -> str:
    response = as_user(client, user).get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 200
    return response.content.decode()


# -- versions of free text ------------------------------------------------------------------


def test_a_finding_recorded_twice_keeps_the_first_reasons_who_and_when(
    client: Client, p: Personas
) -> None:
    complaint = statement_agreed(p)
    point = complaint.points.get(number=2)
    decisions.record_finding(
        complaint, by=p.io, point=point, outcome="upheld", reasons="Nobody rang back: first view"
    )
    decisions.record_finding(
        complaint, by=p.io, point=point, outcome="not_upheld", reasons="The call log shows calls"
    )

    version = TextVersion.objects.get(complaint_id=complaint.pk)
    assert (version.before, version.after) == (
        "Nobody rang back: first view",
        "The call log shows calls",
    )
    assert version.by == p.io and version.label == "Finding on point 2: reasons"
    assert version.event.name == "complaint.record_finding"
    assert version.event.details["texts_changed"] == ["Finding on point 2: reasons"]
    assert version.event.details["outcome"] == {"before": "upheld", "after": "not_upheld"}

    page = case_page(client, p.manager, complaint)
    section = page[page.index('id="earlier-versions"') :]
    shown = main_text_of(section)
    assert "Finding on point 2: reasons" in shown
    assert "Earlier versions (1)" in shown
    assert "Nobody rang back: first view" in shown
    assert "Io Tester" in shown
    assert timezone.localtime(version.at).strftime("%-d %B %Y") in shown


def test_the_same_finding_saved_again_unchanged_keeps_no_version(p: Personas) -> None:
    complaint = statement_agreed(p)
    point = complaint.points.get(number=1)
    for _ in range(2):
        decisions.record_finding(complaint, by=p.io, point=point, outcome="upheld", reasons="Same")
    assert not TextVersion.objects.exists()


def main_text_of(fragment: str) -> str:
    body = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", body).strip()


def _interview(complaint: Complaint, p: Personas) -> Interview:
    start = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.get_current_timezone())
    return investigations.book_interview(
        complaint,
        by=p.officer,
        interviewee="Jo Social Worker",
        room=Room.objects.create(name="Room 1"),
        starts_at=start,
        ends_at=start.replace(hour=11),
        attendees="IO and IP",
    )


def test_interview_notes_written_again_keep_the_first_notes(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    interview = _interview(complaint, p)
    investigations.record_interview_notes(
        complaint, by=p.io, interview=interview, notes="Jo said the visit was cancelled."
    )
    investigations.record_interview_notes(
        complaint, by=p.ip, interview=interview, notes="Jo said the visit was moved."
    )

    version = TextVersion.objects.get(complaint_id=complaint.pk)
    assert version.before == "Jo said the visit was cancelled."
    assert version.after == "Jo said the visit was moved."
    assert version.by == p.ip
    assert version.label == "Interview with Jo Social Worker: notes"
    assert Interview.objects.get(pk=interview.pk).notes == "Jo said the visit was moved."

    shown = main_text_of(case_page(client, p.manager, complaint))
    assert "Interview with Jo Social Worker: notes" in shown
    assert "Jo said the visit was cancelled." in shown


def test_an_ip_view_written_again_keeps_its_earlier_comments(p: Personas) -> None:
    complaint = report_final(p)
    point = complaint.points.get(number=1)
    decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=False, comments="Too quick")
    decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=False, comments="Unfair")
    labels = list(TextVersion.objects.values_list("label", "before", "after"))
    assert labels == [
        ("Independent Person's view on point 1: comments", "Too quick", "Unfair"),
    ]


def test_adjudicating_again_keeps_the_earlier_reasons_and_the_replaced_action(
    p: Personas,
) -> None:
    """Deciding again replaces the agreed action row; its wording is kept as a version."""
    complaint = adjudicated(p)
    again = all_accepted(complaint)
    again["findings"][0] = decisions.FindingDecision(1, False, "The records were incomplete")
    rec = again["recommendations"][0]
    again["recommendations"][0] = decisions.RecommendationDecision(
        rec.number, True, "Agreed", action="Meet the family", owner=rec.owner, due_on=rec.due_on
    )
    decisions.adjudicate(complaint, by=p.adjudicator, **again)

    kept = set(TextVersion.objects.values_list("label", "before", "after"))
    assert kept == {
        (
            "Adjudication of the finding on point 1: adjudication reasons",
            "Agreed with the IO",
            "The records were incomplete",
        ),
        (
            "Agreed action for Stage 2 recommendation 1",
            "Write to apologise (Team manager, Children in Care, due 14 November 2025)",
            "Meet the family (Team manager, Children in Care, due 14 November 2025)",
        ),
    }


# -- every event records what it changed -------------------------------------------------


def _exercise_the_rarer_events(p: Personas) -> None:
    """The kinds the demo never writes, each once through its action."""
    late = create_complaint(
        p.officer, received_on=date(2025, 12, 19), earliest_event_on=date(2023, 6, 1)
    )
    intake.decide_out_of_time(
        late, by=p.manager, decision="accepted", why_not_earlier="In hospital",
        fair_consideration="Records survive",
    )  # fmt: skip
    deferral = intake.record_deferral(
        late, by=p.officer, proceedings="court", proceedings_detail="Care proceedings",
        parts_affected="Contact", reason="The court decides contact",
        notice_sent_on=date(2026, 3, 5), review_on=date(2026, 6, 1),
    )  # fmt: skip
    intake.end_deferral(late, by=p.officer, deferral=deferral, ended_on=date(2026, 4, 1))
    intake.add_complainant(
        late, by=p.officer, person=intake.NewComplainant(name="Jo Rivers", relationship="parent")
    )
    handlers.assign_handler(late, by=p.manager, handler=p.manager, reason="Officer on leave")
    panel = stage3_panel(p)
    member = panel_appointment(panel, p, p.member, AppointmentRole.PANEL_MEMBER)
    appointments.stand_down(panel, by=p.manager, appointment=member, reason="Knew the family")
    investigating = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        investigations.record_contact_attempt(
            investigating, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        investigating, by=p.manager, reasons="No reply", letter_sent_on=date(2025, 10, 20)
    )
    stage2.reopen(investigating, by=p.manager, reasons="The complainant was in hospital")


# test_every_event_kind_records_what_it_changed is in tests/test_demo_data.py, beside the
# demo it is generated from, so the demo is loaded once for both (decision 034).


# -- a form submitted twice acts once ----------------------------------------------------


def _form_token(html: str) -> str:
    found = re.search(r'name="submission" value="([0-9a-f-]+)"', html)
    assert found, "the form carries no one-time token"
    return found.group(1)


def _time_answers(appointment: Appointment) -> dict[str, str]:
    return {
        "appointment": str(appointment.pk),
        **day("worked_on", timezone.localdate()),
        "hours": "3.5",
        "fee": "",
        "description": "Interviewed the team manager",
    }


def test_record_time_submitted_twice_makes_one_entry(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    IndependentOfficer.objects.filter(person=p.io).update(hourly_rate=Decimal("60.00"))
    mine = Appointment.objects.get(complaint=complaint, person=p.io)
    url = step_url(complaint, "record_time")
    answers = {
        **_time_answers(mine),
        "submission": _form_token(as_user(client, p.io).get(url).content.decode()),
    }

    first = client.post(url, answers)
    second = client.post(url, answers, follow=True)

    assert first.status_code == 302
    assert TimeEntry.objects.filter(appointment=mine).count() == 1
    assert (
        CaseEvent.objects.filter(complaint_id=complaint.pk, name="complaint.record_time").count()
        == 1
    )
    assert second.redirect_chain[-1][0] == reverse("complaints:detail", args=[complaint.pk])
    assert "That was already saved" in main_text(second)


def test_a_refused_submission_can_be_corrected_and_sent_with_the_same_token(
    client: Client, p: Personas
) -> None:
    """The token is spent only when the action succeeds: a refusal rolls it back with the rest."""
    complaint = stage2_investigating(p)
    IndependentOfficer.objects.filter(person=p.io).update(hourly_rate=Decimal("60.00"))
    mine = Appointment.objects.get(complaint=complaint, person=p.io)
    url = step_url(complaint, "record_time")
    token = _form_token(as_user(client, p.io).get(url).content.decode())
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.post(
        url, {**_time_answers(mine), **day("worked_on", tomorrow), "submission": token}
    )
    assert refused.status_code == 200 and _form_token(refused.content.decode()) == token
    assert client.post(url, {**_time_answers(mine), "submission": token}).status_code == 302
    assert TimeEntry.objects.filter(appointment=mine).count() == 1


NEW_COMPLAINT = {
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


def test_a_new_complaint_submitted_twice_is_recorded_once(client: Client, p: Personas) -> None:
    staff = as_user(client, p.officer)
    token = _form_token(staff.get(reverse("complaints:new")).content.decode())
    first = staff.post(reverse("complaints:new"), {**NEW_COMPLAINT, "submission": token})
    second = staff.post(reverse("complaints:new"), {**NEW_COMPLAINT, "submission": token})

    complaint = Complaint.objects.get()
    assert first.status_code == second.status_code == 302
    assert (
        second["Location"] == first["Location"] == reverse("complaints:detail", args=[complaint.pk])
    )


def _race(post: Callable[[Client], Any], users: list[Any]) -> list[Any]:
    """Two clients, two connections, the same POST at the same moment."""
    barrier = threading.Barrier(len(users))
    outcomes: list[Any] = []

    def send(user: Any) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            outcomes.append(post(client).status_code)
        except Exception as exc:  # noqa: BLE001 - the test inspects whatever was raised
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _roles_back() -> None:
    """A transactional test before this one may have emptied the tables migrations fill."""
    for role in StaffRole:
        Group.objects.get_or_create(name=role)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_time_submissions_make_one_entry() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent connections")
    _roles_back()
    p = create_personas()
    complaint = stage2_investigating(p)
    IndependentOfficer.objects.filter(person=p.io).update(hourly_rate=Decimal("60.00"))
    mine = Appointment.objects.get(complaint=complaint, person=p.io)
    answers = {**_time_answers(mine), "submission": str(uuid.uuid4())}
    url = step_url(complaint, "record_time")

    outcomes = _race(lambda client: client.post(url, answers), [p.io, p.io])

    assert outcomes == [302, 302]
    assert TimeEntry.objects.filter(appointment=mine).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_new_complaint_submissions_record_one_complaint() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent connections")
    _roles_back()
    p = create_personas()
    answers = {**NEW_COMPLAINT, "submission": str(uuid.uuid4())}

    outcomes = _race(
        lambda client: client.post(reverse("complaints:new"), answers), [p.officer, p.officer]
    )

    assert outcomes == [302, 302]
    assert Complaint.objects.count() == 1
