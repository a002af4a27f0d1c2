"""The Stage 2 step pages, through the Django test client (domain.md rules 15 to 24).

For each step: a valid answer by the right person changes the case and writes its event; a
bad answer shows the message beside the box and in the error summary and changes nothing;
someone who can see the case but may not take the step gets 403; an Investigating Officer
not appointed to the case gets 404. Dates follow the domain reference's worked example:
Stage 2 requested Friday 26 September 2025, due 31 October, at the latest 30 December 2025.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client

from heard.complaints.actions import appointments, stage2
from heard.complaints.models import Appointment, Complaint, Stage2, StatementVersion
from heard.complaints.models.choices import AppointmentRole, Route, Status
from heard.investigations import actions as investigations
from heard.people.models import User
from heard.people.roles import StaffRole
from tests.complaints.helpers import (
    AGREED_ON,
    FIRST_CONTACT_ON,
    appoint_adjudicator,
    appoint_io,
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
    forbidden,
    get_step,
    hidden,
    page_text,
    post_step,
    step_url,
    submit_ok,
    submit_refused,
)
from tests.personas import Personas, create_personas, create_user, put_on_roster
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _stage2(complaint: Complaint) -> Stage2:
    return Stage2.objects.get(complaint=complaint)


def _investigating_with_adjudicator(p: Personas) -> Complaint:
    """Investigating, with an adjudicator appointed: someone who sees the case but may not
    take the investigators' steps."""
    complaint = stage2_investigating(p)
    appoint_adjudicator(complaint, p)
    return complaint


# -- accept and refuse ----------------------------------------------------------------------


def test_accept_stage2(client: Client, p: Personas) -> None:
    complaint = stage2_requested(p)
    page = get_step(client, p.manager, complaint, "accept_stage2")
    assert "The request was made on Friday 26 September 2025" in page_text(page)

    submit_refused(
        client,
        p.manager,
        complaint,
        "accept_stage2",
        {},
        "Enter the date the request was accepted",
        beside="id_accepted_on",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "accept_stage2",
        day("accepted_on", date(2025, 9, 25)),
        "Acceptance cannot be before the request.",
        beside="id_accepted_on",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "accept_stage2",
        day("accepted_on", date(2040, 1, 1)),
        "The date the request was accepted must be between 2010 and 2035",
        beside="id_accepted_on",
    )
    submit_ok(client, p.manager, complaint, "accept_stage2", day("accepted_on", date(2025, 9, 29)))
    assert complaint.status == Status.STAGE2_SETUP
    assert _stage2(complaint).accepted_on == date(2025, 9, 29)


def test_only_the_manager_accepts_or_refuses(client: Client, p: Personas) -> None:
    complaint = stage2_requested(p)
    forbidden(client, p.officer, complaint, "accept_stage2", day("accepted_on", date(2025, 9, 29)))
    forbidden(client, p.officer, complaint, "refuse_stage2", {"reasons": "No"})


def _refusal(p: Personas, **changes: Any) -> dict[str, Any]:
    return {
        "reasons": "The matters were decided by the court in 2024.",
        "signed_off_by": str(p.senior.pk),
        **day("letter_sent_on", date(2025, 10, 3)),
        **changes,
    }


def test_refuse_stage2_needs_reasons_and_a_senior_sign_off(client: Client, p: Personas) -> None:
    complaint = stage2_requested(p)
    page = page_text(get_step(client, p.manager, complaint, "refuse_stage2"))
    assert "Refusing a Stage 2 request is not a normal outcome" in page
    assert "Ombudsman's contact details" in page

    submit_refused(
        client,
        p.manager,
        complaint,
        "refuse_stage2",
        _refusal(p, reasons=""),
        "Enter the reasons for refusing",
        beside="id_reasons",
    )
    # A complaints officer is not a senior manager: not on the list.
    submit_refused(
        client,
        p.manager,
        complaint,
        "refuse_stage2",
        _refusal(p, signed_off_by=p.officer.pk),
        "Choose a senior manager from the list",
        beside="id_signed_off_by",
    )
    event = submit_ok(client, p.manager, complaint, "refuse_stage2", _refusal(p))
    assert complaint.status == Status.STAGE2_REFUSED
    assert _stage2(complaint).refusal_signed_off_by == p.senior
    assert event.details["letter_sent_on"] == "2025-10-03"


def test_the_refuser_cannot_sign_off_their_own_refusal(client: Client, p: Personas) -> None:
    """A Complaints Manager who is also a senior manager is left off the sign-off list."""
    both = create_user("both", StaffRole.COMPLAINTS_MANAGER, StaffRole.ADJUDICATING_OFFICER)
    complaint = stage2_requested(p)
    page = get_step(client, both, complaint, "refuse_stage2").content.decode()
    assert f'value="{p.senior.pk}"' in page and f'value="{both.pk}"' not in page
    submit_refused(
        client,
        both,
        complaint,
        "refuse_stage2",
        _refusal(p, signed_off_by=both.pk),
        "Choose a senior manager from the list",
        beside="id_signed_off_by",
    )


# -- the clock ------------------------------------------------------------------------------


def _extension(**changes: Any) -> dict[str, Any]:
    return {
        **day("new_due_on", date(2025, 12, 1)),
        "reason": "Three staff to interview are on leave until mid-November.",
        **day("letter_sent_on", date(2025, 10, 20)),
        **changes,
    }


def test_extend_stage2_within_65_working_days(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    page = page_text(get_step(client, p.manager, complaint, "extend_stage2"))
    assert "Stage 2 is due on Friday 31 October 2025." in page
    assert "cannot be extended beyond 65 working days: Tuesday 30 December 2025" in page

    submit_refused(
        client,
        p.manager,
        complaint,
        "extend_stage2",
        _extension(reason=""),
        "Enter the reason for the extension",
        beside="id_reason",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "extend_stage2",
        _extension(**day("new_due_on", date(2025, 12, 31))),
        "Stage 2 cannot run beyond 65 working days: the latest date is Tuesday 30 December 2025.",
        beside="id_new_due_on",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "extend_stage2",
        _extension(new_due_on_day="31", new_due_on_month="11"),
        "The new due date must be a real date",
        beside="id_new_due_on",
    )
    submit_ok(client, p.manager, complaint, "extend_stage2", _extension())
    assert _stage2(complaint).due_on == date(2025, 12, 1)
    assert complaint.due_on == date(2025, 12, 1)
    forbidden(client, p.officer, complaint, "extend_stage2", _extension())


def test_extend_stage2_always_shows_the_request_date_deadline(
    client: Client, p: Personas, settings: Any
) -> None:
    """Decisions for Heard 3: with the clock started at agreement, the Ombudsman's count from
    the request is still shown."""
    settings.STAGE2_START = "statement_agreed_date"
    complaint = statement_agreed(p)
    shown = page_text(get_step(client, p.manager, complaint, "extend_stage2"))
    assert (
        "Counted from the request, as the Ombudsman counts, it was due on Friday 31 October "
        "2025 and the latest date is Tuesday 30 December 2025." in shown
    )


# -- appointments ---------------------------------------------------------------------------


def _appointment(person: User, role: str, **changes: Any) -> dict[str, Any]:
    return {"role": role, "person": str(person.pk), "conflict_declaration": "None", **changes}


def test_appoint_an_investigating_officer(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    # The page asks for the role first (only the Stage 2 roles at Stage 2), then lists the
    # people approved for that role.
    question = page_text(get_step(client, p.manager, complaint, "appoint"))
    assert "Which role are you appointing to?" in question
    for role in ("Investigating Officer", "Independent Person", "Adjudicating officer"):
        assert role in question
    assert "panel chair" not in question
    url = step_url(complaint, "appoint")
    page = client.get(url, {"role": AppointmentRole.INVESTIGATING_OFFICER}).content.decode()
    assert '<optgroup label="Suggested">' in page
    assert f'<option value="{p.io.pk}">' in page and f'<option value="{p.other_io.pk}">' in page
    assert f'<option value="{p.ip.pk}">' not in page
    page = client.get(url, {"role": AppointmentRole.ADJUDICATOR}).content.decode()
    assert '<optgroup label="Adjudicating officers">' in page
    assert f'<option value="{p.adjudicator.pk}">' in page
    assert f'<option value="{p.io.pk}">' not in page

    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _appointment(p.io, ""),
        "Choose the role",
        beside="id_role",
    )
    # Someone not on the Investigating Officers list: refused beside the person.
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _appointment(p.ip, AppointmentRole.INVESTIGATING_OFFICER),
        "is not on the list of Investigating Officers",
        beside="id_person",
    )
    event = submit_ok(
        client,
        p.manager,
        complaint,
        "appoint",
        _appointment(p.io, AppointmentRole.INVESTIGATING_OFFICER),
    )
    assert event.details["role"] == AppointmentRole.INVESTIGATING_OFFICER
    assert _stage2(complaint).io_appointed_on is not None
    forbidden(
        client,
        p.officer,
        complaint,
        "appoint",
        _appointment(p.ip, AppointmentRole.INDEPENDENT_PERSON),
    )


def test_appoint_an_independent_person_needs_both_attestations(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    url = step_url(complaint, "appoint")
    page = as_user(client, p.manager).get(url, {"role": AppointmentRole.INDEPENDENT_PERSON})
    shown = page_text(page)
    assert "Independence" in shown and "must not be a member or officer of this council" in shown
    assert "They are not a member or officer of this council" in shown
    assert "They are not the spouse or civil partner" in shown

    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        _appointment(p.ip, AppointmentRole.INDEPENDENT_PERSON, attested_not_council="on"),
        "Confirm the person is not the spouse or civil partner of a member or officer.",
        beside="id_attested_not_spouse",  # beside its own tick box, not the person
    )
    submit_ok(
        client,
        p.manager,
        complaint,
        "appoint",
        _appointment(
            p.ip,
            AppointmentRole.INDEPENDENT_PERSON,
            attested_not_council="on",
            attested_not_spouse="on",
        ),
    )
    appointment = Appointment.objects.get(complaint=complaint, person=p.ip)
    assert appointment.attested_not_council and appointment.attested_not_spouse


def test_former_staff_need_the_warning_acknowledged(client: Client, p: Personas) -> None:
    former = put_on_roster(
        create_user(
            "former",
            StaffRole.INDEPENDENT_PERSON,
            is_council_member_or_officer=False,
            left_council_on=date(2025, 1, 31),
        )
    )
    complaint = stage2_accepted(p)
    data = _appointment(
        former,
        AppointmentRole.INDEPENDENT_PERSON,
        attested_not_council="on",
        attested_not_spouse="on",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "appoint",
        data,
        "less than 3 years ago",
        beside="id_former_staff_warning_acknowledged",
    )
    submit_ok(
        client,
        p.manager,
        complaint,
        "appoint",
        {**data, "former_staff_warning_acknowledged": "on"},
    )
    assert Appointment.objects.get(person=former).former_staff_warning_acknowledged


def test_send_copy(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    data = {
        "recipient": "Jo Smith, team manager",
        "part": "Points 1 and 2",
        **day("sent_on", date(2025, 10, 1)),
        "method": "email",
    }
    submit_refused(
        client,
        p.officer,
        complaint,
        "send_copy",
        {**data, "method": ""},
        "Choose how the copy was sent",
        beside="id_method",
    )
    submit_ok(client, p.officer, complaint, "send_copy", data)
    assert complaint.copies_sent.get().recipient == "Jo Smith, team manager"
    forbidden(client, p.io, complaint, "send_copy", data)


def test_start_investigation_needs_the_investigators(client: Client, p: Personas) -> None:
    complaint = stage2_accepted(p)
    page = page_text(get_step(client, p.manager, complaint, "start_investigation"))
    assert "Appoint an Investigating Officer first." in page  # shown before trying
    submit_refused(
        client,
        p.manager,
        complaint,
        "start_investigation",
        {},
        "Appoint an Investigating Officer first.",
    )
    appoint_io(complaint, p)
    submit_refused(
        client,
        p.manager,
        complaint,
        "start_investigation",
        {},
        "Appoint an Independent Person: part of this complaint is statutory.",
    )
    forbidden(client, p.officer, complaint, "start_investigation", {})
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.ip,
        role=AppointmentRole.INDEPENDENT_PERSON,
        conflict_declaration="None",
        attested_not_council=True,
        attested_not_spouse=True,
    )
    submit_ok(client, p.manager, complaint, "start_investigation", {})
    assert complaint.status == Status.STAGE2_INVESTIGATION


# -- the Statement of Complaint -------------------------------------------------------------


def test_record_first_contact(client: Client, p: Personas) -> None:
    complaint = _investigating_with_adjudicator(p)
    submit_refused(
        client,
        p.io,
        complaint,
        "record_first_contact",
        {},
        "Enter the date of first contact",
        beside="id_contacted_on",
    )
    forbidden(
        client,
        p.adjudicator,
        complaint,
        "record_first_contact",
        day("contacted_on", FIRST_CONTACT_ON),
    )
    submit_ok(
        client, p.io, complaint, "record_first_contact", day("contacted_on", FIRST_CONTACT_ON)
    )
    assert _stage2(complaint).statement_due_on == date(2025, 10, 15)
    submit_refused(
        client,
        p.io,
        complaint,
        "record_first_contact",
        day("contacted_on", FIRST_CONTACT_ON),
        "First contact is already recorded.",
        beside="id_contacted_on",
    )


def _rows(*points: tuple[str, str, str], based_on: int, blank: int = 3) -> dict[str, Any]:
    """The editor's POST: the version it loaded, then each row and some blank rows."""
    rows = [*points, *[("", "", Route.STATUTORY)] * blank]
    data: dict[str, Any] = {
        "based_on_version": str(based_on),
        "points-TOTAL_FORMS": str(len(rows)),
        "points-INITIAL_FORMS": str(len(points)),
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "60",
    }
    for i, (text, outcomes, route) in enumerate(rows):
        data |= {
            f"points-{i}-text": text,
            f"points-{i}-desired_outcomes": outcomes,
            f"points-{i}-route": route,
        }
    return data


FIRST = ("Contact was cancelled without notice", "Reinstate contact", Route.STATUTORY)
SECOND = ("No one returned my calls", "An apology", Route.CORPORATE)


def test_save_statement_adds_changes_and_removes_points(client: Client, p: Personas) -> None:
    complaint = _investigating_with_adjudicator(p)
    page = get_step(client, p.io, complaint, "save_statement").content.decode()
    assert 'name="based_on_version" value="0"' in page
    assert 'name="points-TOTAL_FORMS" value="3"' in page  # three blank rows to start

    event = submit_ok(client, p.io, complaint, "save_statement", _rows(FIRST, SECOND, based_on=0))
    assert event.details == {"version": 1}
    assert [(pt.number, pt.text, pt.route) for pt in complaint.points.all()] == [
        (1, FIRST[0], Route.STATUTORY),
        (2, SECOND[0], Route.CORPORATE),
    ]
    # The editor now shows the two points and three blank rows, based on version 1.
    page = get_step(client, p.io, complaint, "save_statement").content.decode()
    assert 'name="based_on_version" value="1"' in page
    assert 'name="points-TOTAL_FORMS" value="5"' in page
    assert "No one returned my calls</textarea>" in page

    # Clearing a row removes that point; the rest are renumbered.
    submit_ok(
        client,
        p.io,
        complaint,
        "save_statement",
        _rows(("", "", Route.STATUTORY), SECOND, based_on=1),
    )
    assert [pt.text for pt in complaint.points.all()] == [SECOND[0]]
    assert complaint.statement_versions.count() == 2
    forbidden(client, p.adjudicator, complaint, "save_statement", _rows(FIRST, based_on=2))


def test_save_statement_refusals_are_shown_beside_the_row(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    response = submit_refused(
        client,
        p.io,
        complaint,
        "save_statement",
        _rows(FIRST, ("No one returned my calls", "", Route.STATUTORY), based_on=0),
        "Enter what the complainant wants to happen about point 2",
        beside="id_points-1-desired_outcomes",
    )
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error:" in response.content.decode()
    # A tampered form (no management data, no version) is refused, not an error page.
    submit_refused(client, p.io, complaint, "save_statement", {}, "ManagementForm data is missing")
    # Every row empty: the action's own refusal, which belongs to no one box.
    submit_refused(
        client,
        p.io,
        complaint,
        "save_statement",
        _rows(based_on=0),
        "The statement needs at least one complaint point.",
    )


def test_an_agreed_statement_is_locked_in_the_editor(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    submit_refused(
        client,
        p.io,
        complaint,
        "save_statement",
        _rows(FIRST, based_on=1),
        "The statement has been agreed and is locked.",
    )


def test_two_editors_at_once_lose_nothing(client: Client, p: Personas) -> None:
    """Both load version 1; the first save wins; the second is told, sees both versions side
    by side with their own text still in the boxes, and can save again over the new one."""
    complaint = stage2_investigating(p)
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput(*FIRST)]
    )
    for user in (p.io, p.officer):
        page = get_step(client, user, complaint, "save_statement").content.decode()
        assert 'name="based_on_version" value="1"' in page

    ios_text = (
        "Contact was cancelled twice without notice",
        "Reinstate weekly contact",
        Route.STATUTORY,
    )
    officers_text = (
        "The social worker did not return calls for three weeks",
        "An apology and a named contact",
        Route.STATUTORY,
    )
    submit_ok(client, p.io, complaint, "save_statement", _rows(ios_text, based_on=1))

    response = submit_refused(
        client,
        p.officer,
        complaint,
        "save_statement",
        _rows(officers_text, based_on=1),
        "Someone else saved the statement (version 2) while you were editing.",
    )
    page = response.content.decode()
    shown = page_text(response)
    # The other person's version, as saved now...
    assert "Version 2, saved by Io Tester" in shown
    assert "Contact was cancelled twice without notice" in shown
    # ...and this user's unsaved text, still in the boxes.
    assert "The social worker did not return calls for three weeks</textarea>" in page
    assert "An apology and a named contact</textarea>" in page
    # The first save is intact.
    assert [pt.text for pt in complaint.points.all()] == [ios_text[0]]
    assert list(complaint.statement_versions.values_list("number", flat=True)) == [1, 2]
    # Saving again, having seen version 2, replaces it deliberately.
    assert 'name="based_on_version" value="2"' in page
    submit_ok(
        client, p.officer, complaint, "save_statement", _rows(ios_text, officers_text, based_on=2)
    )
    assert [pt.text for pt in complaint.points.all()] == [ios_text[0], officers_text[0]]


def test_agree_statement(client: Client, p: Personas) -> None:
    complaint = _investigating_with_adjudicator(p)
    data = {**day("agreed_on", AGREED_ON), "how": "Signed statement"}
    submit_refused(
        client,
        p.io,
        complaint,
        "agree_statement",
        data,
        "Write the statement before recording agreement.",
    )
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput(*FIRST)]
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "agree_statement",
        {**data, "how": ""},
        "Enter how the complainant agreed",
        beside="id_how",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "agree_statement",
        {**data, **day("agreed_on", date(2025, 9, 30))},
        "Agreement cannot be before first contact.",
        beside="id_agreed_on",
    )
    forbidden(client, p.adjudicator, complaint, "agree_statement", data)
    submit_ok(client, p.ip, complaint, "agree_statement", data)
    assert _stage2(complaint).statement_agreed_on == AGREED_ON


def _new_point(**changes: Any) -> dict[str, Any]:
    return {
        "text": "The placement plan was not shared with me",
        "desired_outcomes": "A copy of the plan",
        "route": Route.STATUTORY,
        "reasons": "It came to light in the interviews and is closely linked to point 1.",
        **changes,
    }


def test_add_point_exceptionally(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    shown = page_text(get_step(client, p.manager, complaint, "add_point_exceptionally"))
    assert "This is exceptional." in shown
    assert "The latest possible date is Tuesday 30 December 2025 (65 working days)." in shown

    submit_refused(
        client,
        p.manager,
        complaint,
        "add_point_exceptionally",
        _new_point(reasons=""),
        "Enter why adding this point is exceptional",
        beside="id_reasons",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "add_point_exceptionally",
        _new_point(**day("new_due_on", date(2026, 1, 5))),
        "The due date cannot go beyond 65 working days: Tuesday 30 December 2025.",
        beside="id_new_due_on",
    )
    forbidden(client, p.officer, complaint, "add_point_exceptionally", _new_point())
    submit_ok(
        client,
        p.manager,
        complaint,
        "add_point_exceptionally",
        _new_point(**day("new_due_on", date(2025, 11, 14))),
    )
    point = complaint.points.get(number=3)
    assert point.added_exceptionally and point.exception_decided_by == p.manager
    assert complaint.due_on == date(2025, 11, 14)


# -- closing and reopening ------------------------------------------------------------------


def _attempt(complaint: Complaint, p: Personas, made_on: date) -> None:
    investigations.record_contact_attempt(
        complaint,
        by=p.io,
        made_on=made_on,
        method="phone",
        outcome="unanswered",
        notes="Voicemail left",
    )


def _closure(**changes: Any) -> dict[str, Any]:
    return {
        "reasons": "Two letters and two calls over three weeks had no reply.",
        **day("letter_sent_on", date(2025, 10, 24)),
        **changes,
    }


def test_close_for_non_engagement_warns_and_lists_the_attempts(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    _attempt(complaint, p, date(2025, 10, 2))
    shown = page_text(get_step(client, p.manager, complaint, "close_for_non_engagement"))
    assert (
        "The Local Government and Social Care Ombudsman may treat closing a complaint for "
        "non-engagement as refusing the complaints procedure."
    ) in shown
    assert "2 October 2025 Phone No reply or did not attend Voicemail left" in shown

    submit_refused(
        client,
        p.manager,
        complaint,
        "close_for_non_engagement",
        _closure(),
        "Only 1 unanswered contact attempt recorded: the complainant must have had two "
        "opportunities to engage.",
    )
    _attempt(complaint, p, date(2025, 10, 9))
    submit_refused(
        client,
        p.manager,
        complaint,
        "close_for_non_engagement",
        _closure(reasons=""),
        "Enter the reasons for closing",
        beside="id_reasons",
    )
    forbidden(client, p.officer, complaint, "close_for_non_engagement", _closure())
    event = submit_ok(client, p.manager, complaint, "close_for_non_engagement", _closure())
    assert complaint.status == Status.CLOSED_NON_ENGAGEMENT
    assert event.details["unanswered_attempts"] == 2


def test_reopen(client: Client, p: Personas) -> None:
    complaint = stage2_investigating(p)
    _attempt(complaint, p, date(2025, 10, 2))
    _attempt(complaint, p, date(2025, 10, 9))
    stage2.close_for_non_engagement(
        complaint, by=p.manager, reasons="No reply", letter_sent_on=date(2025, 10, 24)
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "reopen",
        {"reasons": " "},
        "Enter the reasons for reopening",
        beside="id_reasons",
    )
    forbidden(client, p.officer, complaint, "reopen", {"reasons": "New evidence"})
    submit_ok(
        client,
        p.manager,
        complaint,
        "reopen",
        {"reasons": "The complainant was in hospital and has now been in touch."},
    )
    assert complaint.status == Status.STAGE2_INVESTIGATION


# -- who may not --------------------------------------------------------------------------


class TestAnOfficerNotAppointed(OneCaseForTheClass):
    """The same case for every step: built once for the class (tests/shared.py)."""

    build = staticmethod(stage2_investigating)

    @pytest.mark.parametrize(
        "event",
        [
            "appoint",
            "send_copy",
            "extend_stage2",
            "record_first_contact",
            "save_statement",
            "agree_statement",
            "add_point_exceptionally",
            "close_for_non_engagement",
        ],
    )
    def test_an_investigating_officer_not_appointed_gets_404(
        self, client: Client, p: Personas, complaint: Complaint, event: str
    ) -> None:
        hidden(client, p.other_io, complaint, event, {})


# -- the same save from two connections at once (PostgreSQL) ------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_one_wins_and_the_other_is_told() -> None:
    """Two threads, each on its own connection, save on top of version 1 at the same moment.
    The complaint row lock serialises them: exactly one saves version 2, the other is
    refused with StatementChanged, and the stored versions and points agree."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    # A transactional test before this one may have emptied the tables the migrations fill.
    for role in StaffRole:
        Group.objects.get_or_create(name=role)
    p = create_personas()
    complaint = stage2_investigating(p)
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput(*FIRST)]
    )
    texts = {
        "io": ("The IO's wording of point 1", "Reinstate contact", Route.STATUTORY),
        "officer": ("The officer's wording of point 1", "An apology", Route.STATUTORY),
    }
    users = {"io": p.io, "officer": p.officer}
    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def save(who: str) -> None:
        try:
            mine = Complaint.objects.get(pk=complaint.pk)
            barrier.wait(timeout=10)
            outcomes[who] = stage2.save_statement(
                mine,
                by=users[who],
                based_on_version=1,
                points=[stage2.PointInput(*texts[who]), stage2.PointInput(*SECOND)],
            )
        except Exception as exc:  # noqa: BLE001 - the test inspects whatever was raised
            outcomes[who] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(who,)) for who in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    saved = [who for who, out in outcomes.items() if isinstance(out, StatementVersion)]
    told = [who for who, out in outcomes.items() if isinstance(out, stage2.StatementChanged)]
    assert len(saved) == 1 and len(told) == 1, outcomes
    winner = saved[0]
    versions = list(
        StatementVersion.objects.filter(complaint=complaint)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert versions == [1, 2]
    latest = StatementVersion.objects.get(complaint=complaint, number=2)
    assert latest.saved_by == users[winner]
    assert [pt["text"] for pt in latest.points] == [texts[winner][0], SECOND[0]]
    assert [pt.text for pt in complaint.points.all()] == [texts[winner][0], SECOND[0]]
    assert (
        StatementVersion.objects.get(complaint=complaint, number=1).points[0]["text"] == (FIRST[0])
    )


def test_error_helpers_read_the_page(client: Client, p: Personas) -> None:
    """The helpers above find the message beside the box and in the summary."""
    complaint = stage2_requested(p)
    response = post_step(client, p.manager, complaint, "accept_stage2", {})
    assert (
        error_beside(response, "id_accepted_on") == "Error: Enter the date the request was accepted"
    )
    assert "Enter the date the request was accepted" in error_summary(response)
