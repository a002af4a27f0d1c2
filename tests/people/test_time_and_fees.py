"""Recording time and fees (complaints/actions/time.py): whose appointment, which days, how
many hours, and the fee worked out from the roster's hourly rate when left blank.

Appointments are made today by the real actions, so the dates here are counted from today.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.actions.time import record_time
from heard.complaints.models import Appointment, Complaint, TimeEntry
from heard.complaints.models.choices import AppointmentRole, Status
from heard.complaints.transitions import NotAllowed
from heard.decisions import actions as decisions
from heard.people.models import IndependentOfficer
from tests.complaints.helpers import (
    adjudicated,
    appoint_adjudicator,
    not_allowed,
    refused,
    stage2_investigating,
)
from tests.people.helpers import panel_appointment, stage3_panel
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


@pytest.fixture
def complaint(p: Personas) -> Complaint:
    complaint = stage2_investigating(p)
    IndependentOfficer.objects.filter(person=p.io).update(hourly_rate=Decimal("62.50"))
    return complaint


def _appointment(complaint: Complaint, person: Any) -> Appointment:
    return Appointment.objects.get(complaint=complaint, person=person)


def _record(complaint: Complaint, by: Any, appointment: Appointment, **changes: Any) -> TimeEntry:
    answers: dict[str, Any] = {
        "worked_on": timezone.localdate(),
        "hours": Decimal("3"),
        "fee": None,
        "description": "Met the complainant to agree the statement",
        **changes,
    }
    return record_time(complaint, by=by, appointment=appointment, **answers)


def test_an_officer_records_their_own_time_and_the_fee_comes_from_the_roster(
    complaint: Complaint, p: Personas
) -> None:
    entry = _record(complaint, p.io, _appointment(complaint, p.io), hours=Decimal("2.25"))
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.25")
    assert entry.fee == Decimal("140.63")  # 2.25 x £62.50 = £140.625, to the penny
    assert entry.recorded_by == p.io
    event = CaseEvent.objects.filter(complaint_id=complaint.pk).last()
    assert event is not None and event.name == "complaint.record_time"
    assert event.details["fee"] == "140.63" and event.details["hours"] == "2.25"


def test_a_fee_given_is_kept_even_without_a_rate(complaint: Complaint, p: Personas) -> None:
    entry = _record(complaint, p.ip, _appointment(complaint, p.ip), fee=Decimal("0"))
    assert entry.fee == Decimal("0.00")


def test_a_blank_fee_needs_an_hourly_rate(complaint: Complaint, p: Personas) -> None:
    with refused(complaint, "Enter the fee: there is no hourly rate for Ip Tester on the roster"):
        _record(complaint, p.ip, _appointment(complaint, p.ip))


def test_an_officer_may_record_only_on_their_own_appointment(
    complaint: Complaint, p: Personas
) -> None:
    with refused(complaint, "You can record time only on your own appointment."):
        _record(complaint, p.ip, _appointment(complaint, p.io), fee=Decimal("10"))


def test_the_complaints_team_may_record_for_any_officer(complaint: Complaint, p: Personas) -> None:
    entry = _record(complaint, p.officer, _appointment(complaint, p.ip), fee=Decimal("75"))
    assert entry.appointment.person == p.ip and entry.recorded_by == p.officer


def test_the_appointment_must_be_on_this_complaint(complaint: Complaint, p: Personas) -> None:
    other = stage2_investigating(p)
    with refused(complaint, "Choose an appointment on this complaint."):
        _record(complaint, p.officer, _appointment(other, p.io))


def test_only_the_independent_roles_are_paid(complaint: Complaint, p: Personas) -> None:
    appoint_adjudicator(complaint, p)
    with refused(complaint, "not for the Adjudicating officer"):
        _record(complaint, p.officer, _appointment(complaint, p.adjudicator), fee=Decimal("1"))


def test_someone_without_a_role_on_the_complaint_may_not_record(
    complaint: Complaint, p: Personas
) -> None:
    with not_allowed(complaint):
        _record(complaint, p.other_io, _appointment(complaint, p.io))
    appoint_adjudicator(complaint, p)
    with pytest.raises(NotAllowed):
        _record(complaint, p.adjudicator, _appointment(complaint, p.io))


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "The hours must be more than 0."),
        ("-1", "The hours must be more than 0."),
        ("24.01", "The hours must be 24 or fewer"),
    ],
)
def test_hours_are_more_than_0_and_at_most_24(
    complaint: Complaint, p: Personas, hours: str, message: str
) -> None:
    with refused(complaint, message):
        _record(complaint, p.io, _appointment(complaint, p.io), hours=Decimal(hours))


def test_24_hours_is_allowed(complaint: Complaint, p: Personas) -> None:
    entry = _record(complaint, p.io, _appointment(complaint, p.io), hours=Decimal("24"))
    assert entry.fee == Decimal("1500.00")


def test_a_fee_cannot_be_negative(complaint: Complaint, p: Personas) -> None:
    with refused(complaint, "The fee cannot be less than £0."):
        _record(complaint, p.io, _appointment(complaint, p.io), fee=Decimal("-0.01"))


def test_the_work_must_be_described(complaint: Complaint, p: Personas) -> None:
    with refused(complaint, "Describe the work done."):
        _record(complaint, p.io, _appointment(complaint, p.io), description="   ")


def test_the_date_worked_is_not_in_the_future(complaint: Complaint, p: Personas) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with refused(complaint, "The date worked cannot be in the future."):
        _record(complaint, p.io, _appointment(complaint, p.io), worked_on=tomorrow)


def test_the_date_worked_is_not_before_the_appointment(complaint: Complaint, p: Personas) -> None:
    appointment = _appointment(complaint, p.io)
    day_before = appointment.appointed_on - timedelta(days=1)
    with refused(complaint, "the date worked cannot be before that"):
        _record(complaint, p.io, appointment, worked_on=day_before)


def test_the_date_worked_is_not_after_they_stood_down(p: Personas) -> None:
    complaint = stage3_panel(p)
    member = panel_appointment(complaint, p, p.member, AppointmentRole.PANEL_MEMBER)
    Appointment.objects.filter(pk=member.pk).update(
        appointed_on=date(2025, 11, 10), ended_on=date(2025, 11, 20)
    )
    member.refresh_from_db()
    with refused(complaint, "was stood down on Thursday 20 November 2025"):
        _record(complaint, p.officer, member, worked_on=date(2025, 11, 21), fee=Decimal("5"))
    entry = _record(complaint, p.officer, member, worked_on=date(2025, 11, 20), fee=Decimal("5"))
    assert entry.worked_on == date(2025, 11, 20)


def test_time_can_be_recorded_after_stage2_is_complete(p: Personas) -> None:
    """Invoices arrive after the letters are sent, so time is recorded whatever the status."""
    complaint = adjudicated(p)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 27))
    assert complaint.status == Status.STAGE2_COMPLETE
    entry = _record(complaint, p.io, _appointment(complaint, p.io), fee=Decimal("300"))
    assert entry.fee == Decimal("300.00")
