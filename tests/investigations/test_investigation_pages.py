"""The investigation step pages, through the Django test client (domain.md 3.3, rules 23-24).

For each step: a valid answer by the right person changes the case and writes its event; a
bad answer shows the message beside the box and in the error summary and changes nothing;
someone who can see the case but may not take the step gets 403; an Investigating Officer
not appointed to the case gets 404.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client
from django.urls import reverse

from heard.complaints.models import Complaint, Stage2
from heard.investigations import actions
from heard.investigations.models import Interview, RecordsRequest, Room
from tests.complaints.helpers import appoint_adjudicator, stage2_investigating
from tests.complaints.step_pages import (
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    submit_ok,
    submit_refused,
)
from tests.personas import Personas, create_personas, create_user
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _investigating_with_an_adjudicator(p: Personas) -> Complaint:
    """Investigating, with an adjudicator appointed: someone who sees the case but is not
    one of the investigators."""
    complaint = stage2_investigating(p)
    appoint_adjudicator(complaint, p)
    return complaint


@pytest.fixture
def complaint(p: Personas) -> Complaint:
    return _investigating_with_an_adjudicator(p)


@pytest.fixture
def room() -> Room:
    return Room.objects.create(name="Room 2.14", location="County Hall")


# -- consent and access -------------------------------------------------------------------


def test_record_consent_signed_or_another_basis(
    client: Client, p: Personas, complaint: Complaint
) -> None:
    signed = {
        **day("signed_on", date(2025, 10, 2)),
        "signed_by": "Sam Rivers",
        "scope": "Children's social care records for Alex, 2023 to now",
    }
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_consent",
        {},
        "Give the date the form was signed, or the other lawful basis.",
        beside="id_signed_on",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_consent",
        {**signed, "signed_by": ""},
        "Say who signed and what the consent covers.",
        beside="id_signed_by",
    )
    forbidden(client, p.io, complaint, "record_consent", signed)
    submit_ok(client, p.officer, complaint, "record_consent", signed)
    consent = complaint.records_consents.get()
    assert (consent.signed_on, consent.signed_by) == (date(2025, 10, 2), "Sam Rivers")

    submit_ok(
        client,
        p.officer,
        complaint,
        "record_consent",
        {"other_lawful_basis": "UK GDPR Article 6(1)(e): a public task"},
    )
    assert complaint.records_consents.count() == 2


def test_grant_records_access_is_blocked_without_consent(
    client: Client, p: Personas, complaint: Complaint
) -> None:
    shown = page_text(get_step(client, p.officer, complaint, "grant_records_access"))
    assert "Access to records is blocked: there is no signed Consent to Access Records" in shown
    submit_refused(
        client,
        p.officer,
        complaint,
        "grant_records_access",
        {},
        "Records access stays blocked until Consent to Access Records is on file",
    )
    forbidden(client, p.io, complaint, "grant_records_access", {})

    actions.record_consent(
        complaint,
        by=p.officer,
        signed_on=date(2025, 10, 2),
        signed_by="Sam Rivers",
        scope="All records",
    )
    shown = page_text(get_step(client, p.officer, complaint, "grant_records_access"))
    assert "Consent to Access Records was signed by Sam Rivers on 2 October 2025" in shown
    submit_ok(client, p.officer, complaint, "grant_records_access", {})
    assert Stage2.objects.get(complaint=complaint).records_access_granted_on is not None


# -- contact attempts and the plan --------------------------------------------------------


def test_record_contact_attempt(client: Client, p: Personas, complaint: Complaint) -> None:
    data = {**day("made_on", date(2025, 10, 2)), "method": "phone", "outcome": "unanswered"}
    submit_refused(
        client,
        p.io,
        complaint,
        "record_contact_attempt",
        {**data, "outcome": ""},
        "Choose whether they engaged",
        beside="id_outcome",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "record_contact_attempt",
        {**data, **day("made_on", date(2035, 1, 2))},
        "The date cannot be in the future.",
        beside="id_made_on",
    )
    forbidden(client, p.adjudicator, complaint, "record_contact_attempt", data)
    submit_ok(client, p.ip, complaint, "record_contact_attempt", data)
    assert complaint.contact_attempts.get().outcome == "unanswered"


def test_add_plan_item(client: Client, p: Personas, complaint: Complaint) -> None:
    data = {"kind": "interview", "description": "Social worker, Children in Care team"}
    submit_refused(
        client,
        p.io,
        complaint,
        "add_plan_item",
        {**data, "kind": ""},
        "Choose a person to interview or a file",
        beside="id_kind",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "add_plan_item",
        {**data, "description": " "},
        "Enter who to interview or which file",
        beside="id_description",
    )
    forbidden(client, p.adjudicator, complaint, "add_plan_item", data)
    submit_ok(client, p.io, complaint, "add_plan_item", data)
    assert complaint.plan_items.get().description == "Social worker, Children in Care team"


# -- interviews ---------------------------------------------------------------------------


def _booking(room: Room, **changes: Any) -> dict[str, Any]:
    return {
        "interviewee": "Jo Smith, social worker",
        "room": str(room.pk),
        **day("day", date(2025, 10, 14)),
        "starts_at": "10:00",
        "ends_at": "11:30",
        "attendees": "Investigating Officer and Independent Person",
        **changes,
    }


def test_book_interview_in_uk_time(
    client: Client, p: Personas, complaint: Complaint, room: Room
) -> None:
    Room.objects.create(name="Old annexe", active=False)
    page = get_step(client, p.officer, complaint, "book_interview").content.decode()
    assert "Room 2.14" in page and "Old annexe" not in page

    submit_ok(client, p.officer, complaint, "book_interview", _booking(room))
    interview = complaint.interviews.get()
    # 14 October 2025 is in British Summer Time: 10:00 in London is 09:00 UTC.
    assert interview.starts_at == datetime(2025, 10, 14, 9, 0, tzinfo=UTC)
    assert interview.ends_at == datetime(2025, 10, 14, 10, 30, tzinfo=UTC)
    # In December London is on GMT.
    submit_ok(
        client,
        p.officer,
        complaint,
        "book_interview",
        _booking(room, **day("day", date(2025, 12, 1))),
    )
    assert complaint.interviews.last().starts_at == datetime(2025, 12, 1, 10, 0, tzinfo=UTC)
    forbidden(client, p.io, complaint, "book_interview", _booking(room))


def test_book_interview_refusals(
    client: Client, p: Personas, complaint: Complaint, room: Room
) -> None:
    submit_ok(client, p.officer, complaint, "book_interview", _booking(room))
    submit_refused(
        client,
        p.officer,
        complaint,
        "book_interview",
        _booking(room, starts_at="11:00", ends_at="12:00"),
        "Room 2.14 is already booked from 10:00 on 14 October 2025. Choose another time or room.",
        beside="id_starts_at",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "book_interview",
        _booking(room, ends_at="09:00"),
        "The interview must end after it starts.",
        beside="id_ends_at",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "book_interview",
        _booking(room, starts_at="25:00"),
        "Enter the start time on the 24-hour clock, like 14:30",
        beside="id_starts_at",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "book_interview",
        {**_booking(room), "room": ""},
        "Choose a room",
        beside="id_room",
    )


def _interview(complaint: Complaint, p: Personas, room: Room, hour: int = 10) -> Interview:
    return actions.book_interview(
        complaint,
        by=p.officer,
        interviewee="Jo Smith",
        room=room,
        starts_at=datetime(2025, 10, 14, hour, tzinfo=UTC),
        ends_at=datetime(2025, 10, 14, hour + 1, tzinfo=UTC),
        attendees="IO and IP",
    )


def test_notify_interviewee(client: Client, p: Personas, complaint: Complaint, room: Room) -> None:
    interview = _interview(complaint, p, room)
    other = stage2_investigating(p)
    elsewhere = _interview(other, p, room, hour=14)
    data = {
        "interview": str(interview.pk),
        **day("notified_on", date(2025, 10, 6)),
        "what_is_expected": "Bring the contact records; about an hour.",
    }
    shown = page_text(get_step(client, p.officer, complaint, "notify_interviewee"))
    assert "Jo Smith, 11:00 on Tuesday 14 October 2025" in shown  # 10:00 UTC in London time
    submit_refused(
        client,
        p.officer,
        complaint,
        "notify_interviewee",
        {**data, "what_is_expected": ""},
        "Enter what is expected of them",
        beside="id_what_is_expected",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "notify_interviewee",
        {**data, "interview": str(elsewhere.pk)},
        "Choose one of this complaint's interviews",
        beside="id_interview",
    )
    forbidden(client, p.io, complaint, "notify_interviewee", data)
    submit_ok(client, p.officer, complaint, "notify_interviewee", data)
    interview.refresh_from_db()
    assert interview.notified_on == date(2025, 10, 6)


def test_record_and_agree_interview_notes(
    client: Client, p: Personas, complaint: Complaint, room: Room
) -> None:
    interview = _interview(complaint, p, room)
    agree = {"interview": str(interview.pk), **day("agreed_on", date(2025, 10, 16))}
    submit_refused(
        client,
        p.io,
        complaint,
        "agree_interview_notes",
        agree,
        "Record the notes before their agreement.",
        beside="id_interview",
    )
    notes = {"interview": str(interview.pk), "notes": "Jo explained the cancellations."}
    submit_refused(
        client,
        p.io,
        complaint,
        "record_interview_notes",
        {**notes, "notes": ""},
        "Enter the notes",
        beside="id_notes",
    )
    forbidden(client, p.officer, complaint, "record_interview_notes", notes)
    submit_ok(client, p.io, complaint, "record_interview_notes", notes)

    forbidden(client, p.adjudicator, complaint, "agree_interview_notes", agree)
    submit_refused(
        client,
        p.io,
        complaint,
        "agree_interview_notes",
        {"interview": str(interview.pk)},
        "Enter the date they agreed the notes",
        beside="id_agreed_on",
    )
    submit_ok(client, p.officer, complaint, "agree_interview_notes", agree)
    submit_refused(
        client,
        p.ip,
        complaint,
        "record_interview_notes",
        notes,
        "The interviewee has agreed these notes; they cannot be changed.",
        beside="id_interview",
    )
    interview.refresh_from_db()
    assert interview.notes_agreed_on == date(2025, 10, 16)


# -- records from staff -------------------------------------------------------------------


def test_request_and_receive_records(client: Client, p: Personas, complaint: Complaint) -> None:
    ask = {
        "requested_from": "Children in Care team",
        "description": "Contact records, January to June 2025",
        **day("requested_on", date(2025, 10, 6)),
        **day("due_on", date(2025, 10, 13)),
    }
    submit_refused(
        client,
        p.officer,
        complaint,
        "request_records",
        {**ask, **day("due_on", date(2025, 10, 3))},
        "The due date cannot be before the request.",
        beside="id_due_on",
    )
    forbidden(client, p.io, complaint, "request_records", ask)
    submit_ok(client, p.officer, complaint, "request_records", ask)
    request = RecordsRequest.objects.get(complaint=complaint)

    receive = {"request": str(request.pk), **day("received_on", date(2025, 10, 10))}
    submit_refused(
        client,
        p.officer,
        complaint,
        "receive_records",
        {**receive, **day("received_on", date(2025, 10, 1))},
        "Records cannot arrive before they were asked for.",
        beside="id_received_on",
    )
    forbidden(client, p.io, complaint, "receive_records", receive)
    submit_ok(client, p.officer, complaint, "receive_records", receive)
    request.refresh_from_db()
    assert request.received_on == date(2025, 10, 10)
    # Once received it is no longer offered.
    submit_refused(
        client,
        p.officer,
        complaint,
        "receive_records",
        receive,
        "Choose one of this complaint's outstanding requests",
        beside="id_request",
    )


class TestAnOfficerNotAppointed(OneCaseForTheClass):
    """The same case for every step: built once for the class (tests/shared.py)."""

    build = staticmethod(_investigating_with_an_adjudicator)

    @pytest.mark.parametrize(
        "event",
        [
            "record_consent",
            "grant_records_access",
            "record_contact_attempt",
            "add_plan_item",
            "book_interview",
            "notify_interviewee",
            "record_interview_notes",
            "agree_interview_notes",
            "request_records",
            "receive_records",
        ],
    )
    def test_an_investigating_officer_not_appointed_gets_404(
        self, client: Client, p: Personas, complaint: Complaint, event: str
    ) -> None:
        hidden(client, p.other_io, complaint, event, {})


# -- rooms are a managed list -------------------------------------------------------------


def test_rooms_are_managed_in_the_admin(client: Client, db: None) -> None:
    assert Room in admin_site._registry
    admin = create_user("admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:investigations_room_add"),
        {"name": "Room 1.01", "location": "Civic Centre", "active": "on"},
    )
    assert response.status_code == 302
    assert Room.objects.get(name="Room 1.01").active
    assert (
        "Room 1.01" in client.get(reverse("admin:investigations_room_changelist")).content.decode()
    )
