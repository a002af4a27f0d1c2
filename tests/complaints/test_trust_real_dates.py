"""Issue 8, point 4: real dates for real histories (decision 019).

Every step takes the date it happened, today unless told otherwise; none accepts a date in the
future, or one before the step it follows; letter dates are checked the same way. The first
tests walk the main chain with dates given; the generated ones go through every registered
step form with a date field and prove a future date in it is refused beside that field, with
nothing changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import (
    AppointmentRole,
    Relationship,
    Route,
    SubmissionSource,
)
from heard.complaints.steps import load_steps
from heard.complaints.transitions import Refused
from heard.decisions import actions as decisions
from heard.decisions import stage3, tracking
from heard.decisions.models import Action
from heard.govuk_forms import GovukDateField
from heard.investigations import actions as investigations
from heard.investigations.models import Interview, Room
from heard.ombudsman import actions as ombudsman
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.people.models import User
from tests.complaints import stage3_helpers as s3
from tests.complaints.helpers import (
    ACCEPTED_ON,
    ADJUDICATED_ON,
    AGREED_ON,
    FIRST_CONTACT_ON,
    RECEIVED_ON,
    REPORT_FINAL_ON,
    REQUESTED_ON,
    adjudicated,
    all_accepted,
    appoint_adjudicator,
    appoint_io,
    appoint_ip,
    fact_checked,
    ip_reported,
    record_findings,
    refused,
    report_final,
    stage2_accepted,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.personas import (
    Personas,
    create_complaint,
    create_personas,
    create_stage1_complaint,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def event_of(complaint: Complaint, name: str) -> CaseEvent:
    return CaseEvent.objects.filter(complaint_id=complaint.pk, name=f"complaint.{name}").last()


# -- the helper ---------------------------------------------------------------------------


def test_check_happened_on_is_today_when_no_date_is_given() -> None:
    from heard.complaints.actions.happened import check_happened_on

    assert check_happened_on(None) == timezone.localdate()


def test_check_happened_on_names_the_step_it_follows_and_its_date() -> None:
    from heard.complaints.actions.happened import check_happened_on

    with pytest.raises(Refused) as caught:
        check_happened_on(
            date(2026, 3, 1),
            field="on",
            what="The date",
            after=date(2026, 3, 3),
            after_what="the complaint was received",
        )
    assert caught.value.message == (
        "The date cannot be before the complaint was received on Tuesday 3 March 2026."
    )
    assert caught.value.field == "on"


# -- steps take the date they happened ------------------------------------------------------


def test_the_main_chain_keeps_the_dates_it_happened_not_the_day_it_was_typed(
    p: Personas,
) -> None:
    complaint = create_complaint(p.officer, received_on=RECEIVED_ON)
    classified_on = RECEIVED_ON + timedelta(days=3)
    intake.classify(
        complaint,
        by=p.officer,
        route=Route.STATUTORY,
        reason="Parent of a looked-after child",
        specified_function="part3",
        on=classified_on,
    )
    stage1.start_stage1(complaint, by=p.officer)
    stage1.assign_responder(complaint, by=p.officer, responder=p.responder, on=classified_on)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2025, 9, 12), resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(complaint, by=p.officer, requested_on=REQUESTED_ON, channel="letter")
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=ACCEPTED_ON)
    appointed_on = ACCEPTED_ON + timedelta(days=1)
    for person, role, extra in (
        (p.io, AppointmentRole.INVESTIGATING_OFFICER, {}),
        (
            p.ip,
            AppointmentRole.INDEPENDENT_PERSON,
            {"attested_not_council": True, "attested_not_spouse": True},
        ),
    ):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=person,
            role=role,
            conflict_declaration="None",
            on=appointed_on,
            **extra,
        )
    stage2.start_investigation(complaint, by=p.manager, on=appointed_on)

    complaint.refresh_from_db()
    assert complaint.route_decided_on == classified_on
    responder = Appointment.objects.get(complaint=complaint, role=AppointmentRole.STAGE1_RESPONDER)
    assert responder.appointed_on == classified_on
    s2 = complaint.stage2
    assert (s2.io_appointed_on, s2.ip_appointed_on) == (appointed_on, appointed_on)
    assert s2.investigation_started_on == appointed_on
    # The event keeps both: when it happened, and when it was recorded.
    started = event_of(complaint, "start_investigation")
    assert started.happened_on == appointed_on
    assert started.at.date() == timezone.now().date()


def test_a_step_with_no_date_given_happened_today(p: Personas) -> None:
    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    stage2.start_investigation(complaint, by=p.manager)
    assert complaint.stage2.investigation_started_on == timezone.localdate()
    assert event_of(complaint, "start_investigation").happened_on == timezone.localdate()


def test_adjudication_takes_its_date(p: Personas) -> None:
    complaint = adjudicated(p)
    assert complaint.stage2.adjudication_date == ADJUDICATED_ON
    assert event_of(complaint, "adjudicate").happened_on == ADJUDICATED_ON


# -- nothing before the step it follows ------------------------------------------------------


def test_classification_cannot_be_before_the_complaint_was_received(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 3))
    with refused(complaint, "cannot be before the complaint was received on Tuesday 3 March 2026"):
        intake.classify(
            complaint,
            by=p.officer,
            route=Route.STATUTORY,
            reason="Parent",
            specified_function="part3",
            on=date(2026, 3, 2),
        )


def test_a_stage2_request_cannot_be_before_the_stage1_response(p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 3, 13), resolved=False, summary="Not upheld"
    )
    with refused(complaint, "cannot be before the Stage 1 response was sent on Friday 13 March"):
        stage2.request_stage2(
            complaint, by=p.officer, requested_on=date(2026, 3, 12), channel="phone"
        )


def test_an_appointment_cannot_be_before_stage2_was_accepted(p: Personas) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, "cannot be before Stage 2 was accepted on Monday 29 September 2025"):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=p.io,
            role=AppointmentRole.INVESTIGATING_OFFICER,
            conflict_declaration="None",
            on=ACCEPTED_ON - timedelta(days=1),
        )


def test_the_investigation_cannot_start_before_its_investigators_were_appointed(
    p: Personas,
) -> None:
    complaint = stage2_accepted(p)
    later = ACCEPTED_ON + timedelta(days=2)
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
        on=later,
    )
    appoint_ip(complaint, p)
    with refused(complaint, f"cannot be before {p.io} was appointed on Wednesday 1 October"):
        stage2.start_investigation(complaint, by=p.manager, on=ACCEPTED_ON)


def test_first_contact_cannot_be_before_the_investigation_started(p: Personas) -> None:
    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    stage2.start_investigation(complaint, by=p.manager, on=FIRST_CONTACT_ON)
    with refused(complaint, "cannot be before the investigation started on Wednesday 1 October"):
        stage2.record_first_contact(
            complaint, by=p.io, contacted_on=FIRST_CONTACT_ON - timedelta(days=1)
        )


def test_adjudication_cannot_be_before_the_report_was_final(p: Personas) -> None:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    with refused(
        complaint,
        "cannot be before the Investigating Officer's report was final on Monday 20 October 2025",
    ):
        decisions.adjudicate(
            complaint,
            by=p.adjudicator,
            **all_accepted(complaint),
            on=REPORT_FINAL_ON - timedelta(days=1),
        )


def test_the_adjudication_letter_cannot_be_before_the_adjudication(p: Personas) -> None:
    complaint = adjudicated(p)
    with refused(complaint, "cannot be before the adjudication on Thursday 23 October 2025"):
        decisions.send_adjudication_letter(
            complaint, by=p.adjudicator, sent_on=ADJUDICATED_ON - timedelta(days=1)
        )


def test_a_stand_down_cannot_be_before_the_appointment(p: Personas) -> None:
    complaint = s3.panel_convened(p)
    chair = Appointment.objects.get(complaint=complaint, role=AppointmentRole.PANEL_CHAIR)
    with refused(complaint, f"cannot be before {p.chair} was appointed on"):
        appointments.stand_down(
            complaint,
            by=p.manager,
            appointment=chair,
            reason="A conflict came to light",
            on=chair.appointed_on - timedelta(days=1),
        )


def test_an_ombudsman_enquiry_cannot_be_before_the_complaint_was_received(p: Personas) -> None:
    complaint = create_stage1_complaint(p.manager)
    with refused(complaint, "cannot be before the complaint was received on Monday 2 March 2026"):
        ombudsman.record_ombudsman_case(
            complaint,
            by=p.officer,
            reference="26 000 001",
            kind=OmbudsmanCase.Kind.ENQUIRY,
            received_on=date(2026, 3, 1),
            reply_due_on=date(2026, 4, 1),
        )


# -- the letter dates seen accepting 2030 ----------------------------------------------------

IN_2030 = date(2030, 1, 7)


def test_first_contact_in_2030_is_refused(p: Personas) -> None:
    complaint = stage2_investigating(p)
    with refused(complaint, "The date of first contact cannot be in the future"):
        stage2.record_first_contact(complaint, by=p.io, contacted_on=IN_2030)


def test_a_stage2_refusal_letter_in_2030_is_refused(p: Personas) -> None:
    complaint = stage2_requested(p)
    with refused(complaint, "The date the letter was sent cannot be in the future"):
        stage2.refuse_stage2(
            complaint,
            by=p.manager,
            reasons="Outside the procedure",
            signed_off_by=p.senior,
            letter_sent_on=IN_2030,
        )


def test_a_stage2_extension_letter_in_2030_is_refused(p: Personas) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, "The date the letter was sent cannot be in the future"):
        stage2.extend_stage2(
            complaint,
            by=p.manager,
            new_due_on=date(2025, 11, 14),
            reason="Two more interviews",
            letter_sent_on=IN_2030,
        )


# -- every date field of every step: a future date is refused ---------------------------------

# Dates that are meant to be ahead: deadlines, reviews and bookings. Each says why.
FUTURE_ALLOWED: dict[tuple[str, str], str] = {
    ("add_point_exceptionally", "new_due_on"): "a new due date",
    ("extend_stage1", "new_due_on"): "a new due date",
    ("extend_stage2", "new_due_on"): "a new due date",
    ("agree_stage1_action", "due_on"): "the date an action is due",
    ("adjudicate", "due_on"): "the date an action is due",
    ("respond_to_panel", "due_on"): "the date an action is due",
    ("add_remedy", "compliance_due_on"): "the Ombudsman's date for a remedy",
    ("record_ombudsman_case", "reply_due_on"): "the date the reply is due",
    ("record_deferral", "review_on"): "the date the deferral will be reviewed",
    ("request_records", "due_on"): "the date records are due",
    ("book_interview", "day"): "an interview is booked ahead",
    ("schedule_panel", "meeting_on"): "a panel meeting is arranged ahead",
}


@dataclass
class Case:
    """A complaint ready for one step, who takes it, and answers the step accepts."""

    complaint: Complaint
    user: User
    data: dict[str, Any]
    # A step whose future-date refusal reads differently (a date of birth).
    message: str = "cannot be in the future"


Builder = Callable[[Personas], Case]
CASES: dict[str, Builder] = {}


def case(event: str) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        CASES[event] = build
        return build

    return register


def _today() -> date:
    return timezone.localdate()


# Intake.


@case("classify")
def _classify(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    data = {"route": Route.STATUTORY, "specified_function": "part3", "reason": "Parent"}
    return Case(complaint, p.officer, data | {"on": _today()})


@case("decide_out_of_time")
def _out_of_time(p: Personas) -> Case:
    complaint = create_complaint(p.officer, earliest_event_on=date(2024, 1, 8))
    data = {
        "decision": "accepted",
        "why_not_earlier": "The family moved away",
        "fair_consideration": "The records are kept",
        "on": _today(),
    }
    return Case(complaint, p.officer, data)


@case("hand_over")
def _hand_over(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    intake.classify(complaint, by=p.officer, route=Route.OTHER, reason="Safeguarding")
    return Case(complaint, p.officer, {"on": _today()})


@case("close")
def _close(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    return Case(complaint, p.manager, {"reason": "Withdrawn", "on": _today()})


@case("acknowledge")
def _acknowledge(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    return Case(complaint, p.officer, {"acknowledged_on": _today()})


@case("record_advocacy")
def _advocacy(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    data = {
        "offered_on": _today(),
        "response": "declined",
        "advocate_name": "",
        "advocate_organisation": "",
        "advocate_contact": "",
    }
    return Case(complaint, p.officer, data)


@case("record_sufficient_interest")
def _sufficient_interest(p: Personas) -> Case:
    complaint = create_complaint(p.officer, relationship=Relationship.OTHER)
    data = {
        "complainant": complaint.complainants.get(),
        "decided_on": _today(),
        "has_interest": False,
        "child_views_sought": True,
        "child_views_considered": True,
        "child_notified": True,
        "letter_sent_on": _today(),
    }
    return Case(complaint, p.officer, data)


def _deferral_data() -> dict[str, Any]:
    return {
        "proceedings": "court",
        "proceedings_detail": "Care proceedings",
        "parts_affected": "Point 1",
        "reason": "The court is deciding contact",
        "excluded": False,
        "notice_sent_on": _today(),
        "review_on": _today() + timedelta(days=60),
    }


@case("record_deferral")
def _deferral(p: Personas) -> Case:
    return Case(create_complaint(p.officer), p.officer, _deferral_data())


@case("end_deferral")
def _end_deferral(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    deferral = intake.record_deferral(complaint, by=p.officer, **_deferral_data())
    return Case(complaint, p.officer, {"deferral": deferral, "ended_on": _today()})


@case("update_parties")
def _add_child(p: Personas) -> Case:
    complaint = create_complaint(p.officer)
    data = {
        "which": "child",
        "child_name": "Jo Rivers",
        "date_of_birth": date(2015, 5, 1),
        "looked_after": False,
        "care_leaver": False,
    }
    return Case(complaint, p.officer, data, message="must be in the past")


# Stage 1.


@case("assign_responder")
def _assign(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    return Case(complaint, p.officer, {"responder": p.responder, "on": _today()})


@case("extend_stage1")
def _extend1(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    data = {
        "reason": "complex",
        "detail": "Three teams are involved",
        "new_due_on": date(2026, 3, 23),
        "letter_sent_on": _today(),
        "on": _today(),
    }
    return Case(complaint, p.officer, data)


@case("record_stage1_response")
def _respond1(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    data = {
        "sent_on": date(2026, 3, 13),
        "resolved": False,
        "summary": "Not upheld",
        "terms_of_resolution": "",
    }
    return Case(complaint, p.officer, data)


@case("agree_stage1_action")
def _stage1_action(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    data = {"text": "Restore contact", "owner": "Team manager", "due_on": _today()}
    return Case(complaint, p.officer, data)


# Stage 2.


@case("request_stage2")
def _request2(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 3, 13), resolved=False, summary="Not upheld"
    )
    data = {
        "requested_on": date(2026, 3, 20),
        "channel": "phone",
        "details": "",
        "late_reasons": "",
    }
    return Case(complaint, p.officer, data)


@case("accept_stage2")
def _accept2(p: Personas) -> Case:
    return Case(stage2_requested(p), p.manager, {"accepted_on": ACCEPTED_ON})


@case("refuse_stage2")
def _refuse2(p: Personas) -> Case:
    data = {
        "reasons": "Outside the procedure",
        "signed_off_by": p.senior,
        "letter_sent_on": _today(),
        "on": _today(),
    }
    return Case(stage2_requested(p), p.manager, data)


@case("appoint")
def _appoint(p: Personas) -> Case:
    data = {
        "role": AppointmentRole.INVESTIGATING_OFFICER,
        "person": p.io,
        "conflict_declaration": "None",
        "attested_not_council": False,
        "attested_not_spouse": False,
        "former_staff_warning_acknowledged": False,
        "on": _today(),
    }
    return Case(stage2_accepted(p), p.manager, data)


@case("send_copy")
def _send_copy(p: Personas) -> Case:
    data = {"recipient": "Jo Smith", "part": "The whole complaint", "sent_on": _today()}
    return Case(stage2_accepted(p), p.officer, data | {"method": "email"})


@case("extend_stage2")
def _extend2(p: Personas) -> Case:
    data = {
        "new_due_on": date(2025, 11, 14),
        "reason": "Two more interviews",
        "letter_sent_on": _today(),
        "on": _today(),
    }
    return Case(stage2_accepted(p), p.manager, data)


@case("start_investigation")
def _start(p: Personas) -> Case:
    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    return Case(complaint, p.manager, {"on": _today()})


@case("record_consent")
def _consent(p: Personas) -> Case:
    data = {
        "signed_on": _today(),
        "signed_by": "Sam Rivers",
        "scope": "Social care records",
        "other_lawful_basis": "",
    }
    return Case(stage2_investigating(p), p.officer, data)


@case("grant_records_access")
def _grant(p: Personas) -> Case:
    complaint = stage2_investigating(p)
    investigations.record_consent(
        complaint, by=p.officer, signed_on=AGREED_ON, signed_by="Sam Rivers", scope="All"
    )
    return Case(complaint, p.officer, {"on": _today()})


@case("record_first_contact")
def _first_contact(p: Personas) -> Case:
    return Case(stage2_investigating(p), p.io, {"contacted_on": _today()})


@case("record_contact_attempt")
def _attempt(p: Personas) -> Case:
    data = {"made_on": _today(), "method": "phone", "outcome": "unanswered", "notes": ""}
    return Case(stage2_investigating(p), p.io, data)


def _unanswered_twice(p: Personas) -> Complaint:
    complaint = stage2_investigating(p)
    for day in (FIRST_CONTACT_ON, AGREED_ON):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=day, method="phone", outcome="unanswered"
        )
    return complaint


@case("close_for_non_engagement")
def _close_non_engagement(p: Personas) -> Case:
    data = {"reasons": "No reply to two letters", "letter_sent_on": _today(), "on": _today()}
    return Case(_unanswered_twice(p), p.manager, data)


@case("reopen")
def _reopen(p: Personas) -> Case:
    complaint = _unanswered_twice(p)
    stage2.close_for_non_engagement(
        complaint, by=p.manager, reasons="No reply", letter_sent_on=AGREED_ON, on=AGREED_ON
    )
    return Case(
        complaint, p.manager, {"reasons": "The complainant was in hospital", "on": _today()}
    )


@case("agree_statement")
def _agree_statement(p: Personas) -> Case:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput("Contact", "Restore")]
    )
    return Case(complaint, p.io, {"agreed_on": _today(), "how": "Signed"})


@case("add_point_exceptionally")
def _add_point(p: Personas) -> Case:
    data = {
        "text": "A new incident",
        "desired_outcomes": "An apology",
        "route": Route.STATUTORY,
        "reasons": "It happened after agreement",
        "new_due_on": None,
        "on": _today(),
    }
    return Case(statement_agreed(p), p.manager, data)


def _interview(complaint: Complaint, p: Personas, *, notes: bool = False) -> Interview:
    room = Room.objects.create(name="Room 1")
    starts = datetime(2025, 10, 9, 10, 0, tzinfo=timezone.get_current_timezone())
    interview = investigations.book_interview(
        complaint,
        by=p.officer,
        interviewee="Team manager",
        room=room,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        attendees="IO and IP",
    )
    if notes:
        investigations.record_interview_notes(
            complaint, by=p.io, interview=interview, notes="What was said"
        )
    return interview


@case("notify_interviewee")
def _notify(p: Personas) -> Case:
    complaint = statement_agreed(p)
    data = {
        "interview": _interview(complaint, p),
        "notified_on": _today(),
        "what_is_expected": "Bring the contact records",
    }
    return Case(complaint, p.officer, data)


@case("agree_interview_notes")
def _agree_notes(p: Personas) -> Case:
    complaint = statement_agreed(p)
    interview = _interview(complaint, p, notes=True)
    return Case(complaint, p.io, {"interview": interview, "agreed_on": _today()})


def _records_data() -> dict[str, Any]:
    return {
        "requested_from": "Contact service",
        "description": "Session logs",
        "requested_on": _today(),
        "due_on": _today() + timedelta(days=30),
    }


@case("request_records")
def _request_records(p: Personas) -> Case:
    return Case(stage2_investigating(p), p.officer, _records_data())


@case("receive_records")
def _receive_records(p: Personas) -> Case:
    complaint = stage2_investigating(p)
    asked = _records_data() | {"requested_on": AGREED_ON}
    request = investigations.request_records(complaint, by=p.officer, **asked)
    return Case(complaint, p.officer, {"request": request, "received_on": _today()})


@case("send_fact_check")
def _send_fact_check(p: Personas) -> Case:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    return Case(complaint, p.io, {"sent_on": _today()})


@case("return_fact_check")
def _return_fact_check(p: Personas) -> Case:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    decisions.send_fact_check(complaint, by=p.io, sent_on=AGREED_ON)
    return Case(complaint, p.officer, {"returned_on": _today(), "comments": "None"})


@case("finalise_report")
def _finalise(p: Personas) -> Case:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    fact_checked(complaint, p)
    return Case(complaint, p.io, {"final_on": _today(), "summary": ""})


@case("submit_ip_report")
def _ip_report(p: Personas) -> Case:
    complaint = report_final(p)
    for point in complaint.points.all():
        decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=True, comments="")
    data = {"fair_and_complete": True, "concerns": "", "submitted_on": _today()}
    return Case(complaint, p.ip, data)


@case("adjudicate")
def _adjudicate(p: Personas) -> Case:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    return Case(complaint, p.adjudicator, {"decisions": all_accepted(complaint), "on": _today()})


@case("send_adjudication_letter")
def _letter(p: Personas) -> Case:
    return Case(adjudicated(p), p.adjudicator, {"sent_on": _today()})


# Stage 3.


@case("request_stage3")
def _request3(p: Personas) -> Case:
    data = {"requested_on": s3.REQUESTED_ON, "channel": "email", "what_remains": "Contact"}
    return Case(s3.stage2_complete(p), p.officer, data)


@case("accept_stage3")
def _accept3(p: Personas) -> Case:
    data = {"accepted_on": s3.ACCEPTED_ON, "late_decision_reasons": ""}
    return Case(s3.stage3_requested(p), p.manager, data)


@case("refuse_stage3")
def _refuse3(p: Personas) -> Case:
    data = {
        "reasons": "Nothing remains",
        "signed_off_by": p.senior,
        "letter_sent_on": _today(),
        "on": _today(),
    }
    return Case(s3.stage3_requested(p), p.manager, data)


@case("stand_down")
def _stand_down(p: Personas) -> Case:
    complaint = s3.panel_convened(p)
    chair = Appointment.objects.get(complaint=complaint, role=AppointmentRole.PANEL_CHAIR)
    return Case(complaint, p.manager, {"appointment": chair, "reason": "Ill", "on": _today()})


LATE_MEETING_ON = date(2026, 5, 20)  # after the panel deadline, Thursday 14 May 2026


@case("schedule_panel")
def _schedule(p: Personas) -> Case:
    data = {
        "meeting_on": LATE_MEETING_ON,
        "meeting_place": "County Hall",
        "complainant_availability": "Any weekday",
        "late_reason": "The chair was ill",
        "letter_sent_on": _today(),
    }
    return Case(s3.stage3_accepted(p), p.officer, data)


@case("record_submission")
def _submission(p: Personas) -> Case:
    data = {
        "source": SubmissionSource.COUNCIL,
        "name": "Head of Service",
        "received_on": _today(),
        "oral": False,
        "summary": "The council's view",
    }
    return Case(s3.panel_convened(p), p.officer, data)


@case("hold_panel")
def _hold(p: Personas) -> Case:
    complaint = s3.panel_convened(p)
    s3.submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service", s3.MEETING_ON)
    data = {
        "met_on": LATE_MEETING_ON,
        "late_reason": "The chair was ill",
        "letter_sent_on": _today(),
    }
    return Case(complaint, p.officer, data)


@case("issue_panel_report")
def _issue(p: Personas) -> Case:
    complaint = s3.panel_met(p)
    s3.add_recommendations(complaint, p)
    data = {
        "summary_of_representations": "What was said",
        "sent_on": date(2026, 5, 26),  # after the report was due, Tuesday 19 May 2026
        "circulation": s3.circulation(complaint),
        "no_recommendations": False,
        "late_reason": "The chair was ill",
        "letter_sent_on": _today(),
    }
    return Case(complaint, p.chair, data)


@case("respond_to_panel")
def _respond(p: Personas) -> Case:
    complaint = s3.panel_reported(p)
    answers = [
        stage3.RecommendationDecision(
            rec.number, True, "Agreed", action="Do it", owner="Head of Service", due_on=_today()
        )
        for rec in complaint.recommendations.filter(stage=3)
    ]
    data = {
        "ip_participation": "Met the council on 3 June",
        "decisions": answers,
        "ombudsman_information_given": True,
        "response_sent_on": date(2026, 6, 15),  # after the response was due, Tuesday 9 June
        "late_reason": "Leave",
        "letter_sent_on": _today(),
    }
    return Case(complaint, p.manager, data)


# Actions, the Ombudsman and time, at any time.


def _done_action(p: Personas) -> tuple[Complaint, Action]:
    complaint = create_stage1_complaint(p.manager)
    action = tracking.agree_stage1_action(
        complaint, by=p.officer, text="Restore contact", owner="Team manager", due_on=_today()
    )
    return complaint, action


@case("complete_action")
def _complete(p: Personas) -> Case:
    complaint, action = _done_action(p)
    data = {"action": action, "evidence": "The letter", "completed_on": _today()}
    return Case(complaint, p.officer, data)


@case("sign_off_action")
def _sign_off(p: Personas) -> Case:
    complaint, action = _done_action(p)
    tracking.complete_action(
        complaint, by=p.officer, action=action, evidence="The letter", completed_on=date(2026, 3, 9)
    )
    return Case(complaint, p.manager, {"action": action, "on": _today()})


@case("archive")
def _archive(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    intake.close(complaint, by=p.manager, reason="Withdrawn", on=date(2026, 3, 9))
    return Case(complaint, p.manager, {"on": _today()})


def _case_data() -> dict[str, Any]:
    return {
        "reference": "26 000 123",
        "kind": OmbudsmanCase.Kind.ENQUIRY,
        "received_on": date(2026, 3, 16),
        "reply_due_on": date(2026, 4, 13),
        "replied_on": None,
    }


@case("record_ombudsman_case")
def _ombudsman_case(p: Personas) -> Case:
    complaint = create_stage1_complaint(p.manager)
    return Case(
        complaint,
        p.officer,
        _case_data() | {"received_on": _today(), "reply_due_on": _today() + timedelta(days=28)},
    )


def _with_case(p: Personas) -> tuple[Complaint, OmbudsmanCase]:
    complaint = create_stage1_complaint(p.manager)
    return complaint, ombudsman.record_ombudsman_case(complaint, by=p.officer, **_case_data())


@case("record_ombudsman_decision")
def _ombudsman_decision(p: Personas) -> Case:
    complaint, ombudsman_case = _with_case(p)
    data = {
        "case": ombudsman_case,
        "replied_on": _today(),
        "draft_decision_on": _today(),
        "final_decision_on": _today(),
        "fault_found": True,
        "summary": "Fault causing injustice",
    }
    return Case(complaint, p.officer, data)


@case("add_remedy")
def _add_remedy(p: Personas) -> Case:
    complaint, ombudsman_case = _with_case(p)
    data = {
        "case": ombudsman_case,
        "kind": Remedy.Kind.APOLOGY,
        "description": "Apologise",
        "amount": None,
        "compliance_due_on": _today(),
        "owner": "Head of Service",
    }
    return Case(complaint, p.officer, data)


@case("record_remedy_evidence")
def _remedy_evidence(p: Personas) -> Case:
    complaint, ombudsman_case = _with_case(p)
    remedy = ombudsman.add_remedy(
        complaint,
        by=p.officer,
        case=ombudsman_case,
        kind=Remedy.Kind.APOLOGY,
        description="Apologise",
        compliance_due_on=date(2026, 5, 1),
        owner="Head of Service",
    )
    tracking.complete_action(
        complaint,
        by=p.officer,
        action=remedy.action,
        evidence="The letter",
        completed_on=date(2026, 4, 1),
    )
    return Case(complaint, p.officer, {"remedy": remedy, "evidence_sent_on": _today()})


@case("record_time")
def _time(p: Personas) -> Case:
    complaint = stage2_investigating(p)
    appointment = Appointment.objects.get(complaint=complaint, person=p.io)
    data = {
        "appointment": appointment,
        "worked_on": _today(),
        "hours": Decimal("2"),
        "fee": Decimal("100"),
        "description": "Interviews",
    }
    return Case(complaint, p.io, data)


@case("book_interview")
def _book(p: Personas) -> Case:
    complaint = statement_agreed(p)
    room = Room.objects.create(name="Room 2")
    starts = datetime(2025, 10, 10, 10, 0, tzinfo=timezone.get_current_timezone())
    data = {
        "interviewee": "Team manager",
        "interviewee_user": None,
        "room": room,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "attendees": "IO",
    }
    return Case(complaint, p.officer, data)


def _date_fields() -> list[tuple[str, str]]:
    """Every (step, date field) declared on a registered step form."""
    return sorted(
        (event, name)
        for event, spec in load_steps().items()
        for name, form_field in spec.form_class.base_fields.items()
        if isinstance(form_field, GovukDateField)
    )


REFUSED_IN_FUTURE = [pair for pair in _date_fields() if pair not in FUTURE_ALLOWED]


def test_every_step_date_field_is_either_checked_or_meant_to_be_ahead() -> None:
    """A new date field fails here until it has a case below or a reason to be ahead."""
    missing = [event for event, _ in REFUSED_IN_FUTURE if event not in CASES]
    assert not missing, f"steps with a date field and no case in this file: {missing}"
    stale = [pair for pair in FUTURE_ALLOWED if pair[0] not in load_steps()]
    assert not stale, f"no such step: {stale}"


@pytest.mark.parametrize(
    ("event", "name"), REFUSED_IN_FUTURE, ids=[f"{e}.{n}" for e, n in REFUSED_IN_FUTURE]
)
def test_a_future_date_in_a_step_is_refused_beside_its_field(
    p: Personas, event: str, name: str
) -> None:
    """Through the step's runner, as the page calls it, with tomorrow in one date field."""
    built = CASES[event](p)
    spec = load_steps()[event]
    data = dict(built.data) | {name: tomorrow()}
    caught: list[Refused] = []
    with refused(built.complaint, built.message):
        try:
            spec.run(built.complaint, built.user, data)
        except Refused as exc:
            caught.append(exc)
            raise
    assert caught[0].field == name, "the message must show beside the date that is wrong"


@pytest.mark.parametrize("event", sorted(CASES))
def test_each_case_is_accepted_with_its_own_dates(p: Personas, event: str) -> None:
    """The cases are valid as they stand, so the refusal above is the future date's doing;
    and every date field each step's form shows (its own and those built for the complaint)
    is covered."""
    built = CASES[event](p)
    spec = load_steps()[event]
    form = spec.form_class(complaint=built.complaint, user=built.user)
    shown = {n for n, f in form.fields.items() if isinstance(f, GovukDateField)}
    covered = {n for (e, n) in REFUSED_IN_FUTURE if e == event}
    ahead = {n for (e, n) in FUTURE_ALLOWED if e == event} | {
        n for n in shown if n.endswith("due_on")
    }
    assert shown <= covered | ahead, f"{event}: uncovered date fields {shown - covered - ahead}"
    spec.run(built.complaint, built.user, dict(built.data))


# -- the pages ---------------------------------------------------------------------------


def test_the_step_page_asks_the_date_it_happened_showing_today(client: Any, p: Personas) -> None:
    from tests.complaints.step_pages import get_step

    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    page = get_step(client, p.manager, complaint, "start_investigation").content.decode()
    today = timezone.localdate()
    assert "Date the investigation started" in page
    assert "The date it happened." in page
    for box, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        assert re.search(rf'name="on_{box}"[^>]*value="{value}"', page) or re.search(
            rf'value="{value}"[^>]*name="on_{box}"', page
        ), f"the {box} box does not show today"


def test_the_step_page_stores_the_date_given(client: Any, p: Personas) -> None:
    from tests.complaints.step_pages import day, submit_ok

    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    started_on = ACCEPTED_ON + timedelta(days=3)
    event = submit_ok(client, p.manager, complaint, "start_investigation", day("on", started_on))
    assert event.happened_on == started_on
    complaint.refresh_from_db()
    assert complaint.stage2.investigation_started_on == started_on


def test_the_step_page_shows_a_future_date_refused_beside_the_field(
    client: Any, p: Personas
) -> None:
    from tests.complaints.step_pages import day, submit_refused

    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    submit_refused(
        client,
        p.manager,
        complaint,
        "start_investigation",
        day("on", tomorrow()),
        "The date the investigation started cannot be in the future.",
        beside="id_on",
    )


def test_the_timeline_says_when_a_step_happened_when_it_was_recorded_later(
    client: Any, p: Personas
) -> None:
    from django.urls import reverse

    from tests.complaints.step_pages import as_user, main_text

    complaint = stage2_investigating(p)  # started on Monday 29 September 2025, recorded today
    page = main_text(
        as_user(client, p.manager).get(reverse("complaints:detail", args=[complaint.pk]))
    )
    assert re.search(
        r"Investigation started Happened on Monday 29 September 2025 ?; recorded by", page
    )


def test_the_timeline_does_not_repeat_the_date_of_a_step_recorded_the_day_it_happened(
    client: Any, p: Personas
) -> None:
    from django.urls import reverse

    from tests.complaints.step_pages import as_user, main_text

    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    stage2.start_investigation(complaint, by=p.manager)
    page = main_text(
        as_user(client, p.manager).get(reverse("complaints:detail", args=[complaint.pk]))
    )
    assert "Investigation started Manager Tester" in page
