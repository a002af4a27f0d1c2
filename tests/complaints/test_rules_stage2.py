"""Domain rules 13 to 24 (docs/domain.md section 9): Stage 2 up to the investigation.

Worked example from the domain reference: Stage 2 requested Friday 26 September 2025, so the
response is due Friday 31 October 2025 (25 WD) and can be extended at most to Tuesday
30 December 2025 (65 WD), matching the Merton decision's "by end of December 2025".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from heard.complaints.actions import appointments, stage1, stage2
from heard.complaints.models import Appointment, Complaint, ComplaintPoint, Stage1, Stage2
from heard.complaints.models.choices import AppointmentRole, Channel, Route, Status
from heard.complaints.transitions import NotAllowed
from heard.decisions import actions as decisions
from heard.investigations import actions as investigations
from heard.people.models import User
from heard.people.roles import StaffRole
from tests.complaints.helpers import (
    ACCEPTED_ON,
    ADJUDICATED_ON,
    AGREED_ON,
    FIRST_CONTACT_ON,
    REPORT_FINAL_ON,
    REQUESTED_ON,
    adjudicated,
    all_accepted,
    appoint_adjudicator,
    appoint_io,
    appoint_ip,
    last_event,
    not_allowed,
    refused,
    report_final,
    stage2_accepted,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.personas import (
    Personas,
    create_personas,
    create_stage1_complaint,
    create_user,
    put_on_roster,
)

pytestmark = pytest.mark.django_db

FRI_31_OCT_2025 = date(2025, 10, 31)
TUE_30_DEC_2025 = date(2025, 12, 30)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _stage2(complaint: Complaint) -> Stage2:
    return Stage2.objects.get(complaint=complaint)


def _responded(p: Personas) -> Complaint:
    """Stage 1 answered on 12 September 2025: Stage 2 may be asked for by 10 October 2025."""
    complaint = create_stage1_complaint(p.officer, received_on=date(2025, 8, 29))
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2025, 9, 12), resolved=False, summary="Not upheld"
    )
    return complaint


def _external(username: str, *roles: str, **fields: Any) -> User:
    fields.setdefault("is_council_member_or_officer", False)
    return put_on_roster(create_user(username, *roles, **fields))


# Rule 13: a Stage 2 request from any channel, no form required.


@pytest.mark.parametrize("channel", Channel.values)
def test_rule_13_stage2_request_from_any_channel_needs_no_form(p: Personas, channel: str) -> None:
    complaint = _responded(p)
    request = stage2.request_stage2(
        complaint, by=p.officer, requested_on=REQUESTED_ON, channel=channel
    )
    stored = _stage2(complaint)
    assert (stored.requested_on, stored.request_channel, stored.request_details) == (
        REQUESTED_ON,
        channel,
        "",
    )
    assert request.pk == stored.pk
    assert complaint.status == Status.STAGE2_REQUESTED
    assert last_event(complaint).details == {"late": False, "channel": channel}


def test_rule_13_request_needs_a_known_channel_and_a_real_date(p: Personas) -> None:
    complaint = _responded(p)
    with refused(complaint, "Say how the request was made"):
        stage2.request_stage2(complaint, by=p.officer, requested_on=REQUESTED_ON, channel="fax")
    with refused(complaint, "The request date cannot be in the future"):
        stage2.request_stage2(
            complaint,
            by=p.officer,
            requested_on=timezone.localdate() + timedelta(days=1),
            channel="phone",
        )


def test_rule_13_only_complaints_staff_record_a_request(p: Personas) -> None:
    complaint = _responded(p)
    with not_allowed(complaint):
        stage2.request_stage2(complaint, by=p.io, requested_on=REQUESTED_ON, channel="phone")


# Rule 14: the 20 WD request window is advisory; a late request needs a recorded decision.


def test_rule_14_request_window_is_20_working_days_after_the_response(p: Personas) -> None:
    complaint = _responded(p)
    assert Stage1.objects.get(complaint=complaint).stage2_request_by == date(2025, 10, 10)
    stage2.request_stage2(complaint, by=p.officer, requested_on=date(2025, 10, 10), channel="phone")
    assert _stage2(complaint).request_was_late is False


def test_rule_14_late_request_is_never_refused_automatically(p: Personas) -> None:
    complaint = _responded(p)
    with refused(
        complaint,
        "The request is after Friday 10 October 2025. A late request is never refused "
        "automatically: record the decision to accept it and why.",
    ):
        stage2.request_stage2(
            complaint, by=p.officer, requested_on=date(2025, 10, 13), channel="phone"
        )

    stage2.request_stage2(
        complaint,
        by=p.officer,
        requested_on=date(2025, 10, 13),
        channel="phone",
        late_reasons="The complainant was in hospital; no new prejudice to the council.",
    )
    stored = _stage2(complaint)
    assert stored.request_was_late is True
    assert stored.late_request_reasons.startswith("The complainant was in hospital")
    assert stored.late_request_decided_by == p.officer
    assert complaint.status == Status.STAGE2_REQUESTED
    assert "(late; accepted with reasons)" in last_event(complaint).summary


# Rule 15: refusing Stage 2 needs senior sign-off, reasons and the Ombudsman letter.


def test_rule_15_refusal_needs_senior_sign_off_and_is_countable(p: Personas) -> None:
    complaint = stage2_requested(p)
    stage2.refuse_stage2(
        complaint,
        by=p.manager,
        reasons="The matters were decided by the court in 2024.",
        signed_off_by=p.senior,
        letter_sent_on=date(2025, 10, 3),
    )
    complaint.refresh_from_db()
    stored = _stage2(complaint)
    assert complaint.status == Status.STAGE2_REFUSED
    assert stored.refused_on == timezone.localdate()
    assert stored.refusal_reasons == "The matters were decided by the court in 2024."
    assert stored.refusal_signed_off_by == p.senior
    assert complaint.closed_on == timezone.localdate()
    assert complaint.due_on is None
    event = last_event(complaint)
    assert event.name == "complaint.refuse_stage2"
    assert event.details == {
        "statutory": True,
        "signed_off_by": p.senior.pk,
        "letter_sent_on": "2025-10-03",
    }


def test_rule_15_corporate_refusal_is_told_apart_in_the_event(p: Personas) -> None:
    complaint = stage2_requested(p, route=Route.CORPORATE)
    stage2.refuse_stage2(
        complaint,
        by=p.manager,
        reasons="Outside the corporate procedure.",
        signed_off_by=p.senior,
        letter_sent_on=date(2025, 10, 3),
    )
    assert last_event(complaint).details["statutory"] is False


@pytest.mark.parametrize(
    ("reasons", "signer", "message"),
    [
        (" ", "senior", "Give the reasons for refusing"),
        ("Reasons", "officer", "must be signed off by a senior manager (an adjudicating officer)"),
        ("Reasons", "manager", "must be signed off by a senior manager (an adjudicating officer)"),
    ],
)
def test_rule_15_refusal_without_reasons_or_senior_sign_off_is_refused(
    p: Personas, reasons: str, signer: str, message: str
) -> None:
    complaint = stage2_requested(p)
    with refused(complaint, message):
        stage2.refuse_stage2(
            complaint,
            by=p.manager,
            reasons=reasons,
            signed_off_by=getattr(p, signer),
            letter_sent_on=date(2025, 10, 3),
        )


def test_rule_15_sign_off_comes_from_someone_else(p: Personas) -> None:
    both = create_user("head", StaffRole.COMPLAINTS_MANAGER, StaffRole.ADJUDICATING_OFFICER)
    complaint = stage2_requested(p)
    with refused(complaint, "The sign-off must come from someone else"):
        stage2.refuse_stage2(
            complaint, by=both, reasons="R", signed_off_by=both, letter_sent_on=date(2025, 10, 3)
        )


def test_rule_15_only_the_complaints_manager_refuses(p: Personas) -> None:
    complaint = stage2_requested(p)
    with not_allowed(complaint):
        stage2.refuse_stage2(
            complaint,
            by=p.officer,
            reasons="R",
            signed_off_by=p.senior,
            letter_sent_on=date(2025, 10, 3),
        )


# Rule 16: Stage 2 stores every date the Ombudsman asks about.


def test_rule_16_stage2_stores_each_date_the_ombudsman_asks_for(p: Personas) -> None:
    complaint = adjudicated(p)
    stored = _stage2(complaint)
    # Each is the date the step happened, as given, not the day it was typed in (decision 019).
    assert stored.requested_on == REQUESTED_ON
    assert stored.accepted_on == ACCEPTED_ON
    assert stored.io_appointed_on == ACCEPTED_ON
    assert stored.ip_appointed_on == ACCEPTED_ON
    assert stored.statement_agreed_on == AGREED_ON
    assert stored.investigation_started_on == ACCEPTED_ON
    assert stored.report_date == REPORT_FINAL_ON
    assert stored.adjudication_date == ADJUDICATED_ON


def test_rule_16_acceptance_date_must_be_possible(p: Personas) -> None:
    complaint = stage2_requested(p)
    with refused(complaint, "Acceptance cannot be before the request"):
        stage2.accept_stage2(complaint, by=p.manager, accepted_on=date(2025, 9, 25))
    with refused(complaint, "The date cannot be in the future"):
        stage2.accept_stage2(
            complaint, by=p.manager, accepted_on=timezone.localdate() + timedelta(days=1)
        )
    with not_allowed(complaint):
        stage2.accept_stage2(complaint, by=p.officer, accepted_on=ACCEPTED_ON)
    answered = _responded(p)
    with refused(answered, "You cannot accept the Stage 2 request while the complaint is"):
        stage2.accept_stage2(answered, by=p.manager, accepted_on=ACCEPTED_ON)


def test_rule_16_replacing_the_io_keeps_the_first_appointment_date(p: Personas) -> None:
    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    Stage2.objects.filter(complaint=complaint).update(io_appointed_on=date(2025, 9, 30))
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.other_io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
    )
    assert _stage2(complaint).io_appointed_on == date(2025, 9, 30)
    assert Appointment.objects.get(complaint=complaint, person=p.io).ended_on == (
        timezone.localdate()
    )


# Rule 17: due 25 WD from the Stage 2 start (a council setting); the request-date pair is kept.


def test_rule_17_stage2_due_25_working_days_after_the_request(p: Personas) -> None:
    complaint = stage2_accepted(p)
    stored = _stage2(complaint)
    assert stored.start_basis == "request_date"
    assert stored.start_on == REQUESTED_ON
    assert (stored.due_on, stored.cap_on) == (FRI_31_OCT_2025, TUE_30_DEC_2025)
    assert (stored.request_due_on, stored.request_cap_on) == (FRI_31_OCT_2025, TUE_30_DEC_2025)
    assert Complaint.objects.get(pk=complaint.pk).due_on == FRI_31_OCT_2025
    assert "response due Friday 31 October 2025" in last_event(complaint).summary


def test_rule_17_clock_from_the_agreed_statement_keeps_the_request_deadline(
    p: Personas, settings: SettingsWrapper
) -> None:
    settings.STAGE2_START = "statement_agreed_date"
    complaint = stage2_accepted(p)
    stored = _stage2(complaint)
    assert stored.start_basis == "statement_agreed_date"
    assert (stored.start_on, stored.due_on) == (None, None)
    # The Ombudsman's view is always there, and is the due date until the clock starts.
    assert (stored.request_due_on, stored.request_cap_on) == (FRI_31_OCT_2025, TUE_30_DEC_2025)
    assert Complaint.objects.get(pk=complaint.pk).due_on == FRI_31_OCT_2025

    complaint = statement_agreed_from(complaint, p)
    stored = _stage2(complaint)
    assert stored.start_on == AGREED_ON
    assert (stored.due_on, stored.cap_on) == (date(2025, 11, 12), date(2026, 1, 12))
    assert (stored.request_due_on, stored.request_cap_on) == (FRI_31_OCT_2025, TUE_30_DEC_2025)
    assert Complaint.objects.get(pk=complaint.pk).due_on == date(2025, 11, 12)

    with refused(complaint, "The statement is already agreed"):
        stage2.agree_statement(complaint, by=p.io, agreed_on=date(2025, 10, 20), how="Email")


def statement_agreed_from(complaint: Complaint, p: Personas) -> Complaint:
    appoint_io(complaint, p)
    appoint_ip(complaint, p)
    stage2.start_investigation(complaint, by=p.manager, on=ACCEPTED_ON)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput("Contact", "Restore")]
    )
    stage2.agree_statement(complaint, by=p.io, agreed_on=AGREED_ON, how="Signed")
    return complaint


# Rule 18: extension by a recorded decision, reason, new date and letter; never beyond 65 WD.


def _extend(
    complaint: Complaint, by: User, new_due_on: date, reason: str = "Staff sickness"
) -> Stage2:
    return stage2.extend_stage2(
        complaint,
        by=by,
        new_due_on=new_due_on,
        reason=reason,
        letter_sent_on=date(2025, 10, 29),
    )


def test_rule_18_extension_up_to_65_working_days(p: Personas) -> None:
    complaint = stage2_accepted(p)
    extended = _extend(complaint, p.manager, TUE_30_DEC_2025)
    assert extended.due_on == TUE_30_DEC_2025
    assert extended.extended_on == timezone.localdate()
    assert extended.extension_reason == "Staff sickness"
    assert extended.cap_on == TUE_30_DEC_2025
    assert Complaint.objects.get(pk=complaint.pk).due_on == TUE_30_DEC_2025
    assert last_event(complaint).details == {
        "from": "2025-10-31",
        "to": "2025-12-30",
        "reason": "Staff sickness",
        "letter_sent_on": "2025-10-29",
    }


def test_rule_18_no_date_beyond_65_working_days(p: Personas) -> None:
    complaint = stage2_accepted(p)
    with refused(
        complaint,
        "Stage 2 cannot run beyond 65 working days: the latest date is Tuesday 30 December 2025",
    ):
        _extend(complaint, p.manager, date(2025, 12, 31))


@pytest.mark.parametrize(
    ("new_due_on", "reason", "message"),
    [
        (date(2025, 11, 28), " ", "Give the reason for the extension"),
        (FRI_31_OCT_2025, "Sickness", "The new date must be after the current due date"),
        (date(2025, 12, 25), "Sickness", "The new date must be a working day"),
    ],
)
def test_rule_18_extension_needs_a_reason_and_a_later_working_day(
    p: Personas, new_due_on: date, reason: str, message: str
) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, message):
        _extend(complaint, p.manager, new_due_on, reason=reason)


def test_rule_18_only_the_complaints_manager_extends(p: Personas) -> None:
    complaint = stage2_accepted(p)
    with not_allowed(complaint):
        _extend(complaint, p.officer, date(2025, 11, 28))
    in_stage1 = create_stage1_complaint(p.officer)
    with refused(in_stage1, "You cannot extend Stage 2 while the complaint is 'stage 1 open'"):
        _extend(in_stage1, p.manager, date(2025, 11, 28))


def test_rule_18_cap_follows_the_councils_stage2_start(
    p: Personas, settings: SettingsWrapper
) -> None:
    settings.STAGE2_START = "statement_agreed_date"
    complaint = statement_agreed_from(stage2_accepted(p), p)
    with refused(complaint, "the latest date is Monday 12 January 2026"):
        _extend(complaint, p.manager, date(2026, 1, 13))
    assert _extend(complaint, p.manager, date(2026, 1, 12)).due_on == date(2026, 1, 12)


# Rule 19: a Children Act Stage 2 needs an independent IP; a corporate one does not.


def test_rule_19_statutory_stage2_cannot_start_without_an_independent_person(
    p: Personas,
) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, "Appoint an Investigating Officer first"):
        stage2.start_investigation(complaint, by=p.manager)
    appoint_io(complaint, p)
    with refused(complaint, "Appoint an Independent Person: part of this complaint is statutory"):
        stage2.start_investigation(complaint, by=p.manager)

    appoint_ip(complaint, p)
    stage2.start_investigation(complaint, by=p.manager)
    assert complaint.status == Status.STAGE2_INVESTIGATION
    assert _stage2(complaint).investigation_started_on == timezone.localdate()
    appointment = Appointment.objects.get(complaint=complaint, person=p.ip)
    assert appointment.attested_not_council and appointment.attested_not_spouse
    assert appointment.conflict_declaration == "None"


def test_rule_19_corporate_stage2_needs_no_independent_person(p: Personas) -> None:
    complaint = stage2_accepted(p, route=Route.CORPORATE)
    appoint_io(complaint, p)
    stage2.start_investigation(complaint, by=p.manager)
    assert complaint.status == Status.STAGE2_INVESTIGATION

    complaint = adjudicated(p, route=Route.CORPORATE)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 30))
    assert complaint.status == Status.STAGE2_COMPLETE
    assert not Appointment.objects.filter(
        complaint=complaint, role=AppointmentRole.INDEPENDENT_PERSON
    ).exists()


def test_rule_19_a_statutory_point_in_a_corporate_complaint_needs_the_ip(p: Personas) -> None:
    complaint = report_final(
        p, route=Route.CORPORATE, point_routes=(Route.CORPORATE, Route.STATUTORY)
    )
    appoint_adjudicator(complaint, p)
    with refused(complaint, "The Independent Person's report is needed before adjudication"):
        decisions.adjudicate(complaint, by=p.adjudicator, **all_accepted(complaint))


def test_rule_19_a_council_officer_cannot_be_independent(p: Personas) -> None:
    insider = create_user("insider", StaffRole.INDEPENDENT_PERSON)  # a council officer
    complaint = stage2_accepted(p)
    with refused(complaint, "is a member or officer of the council, so cannot be independent"):
        appoint_ip(complaint, p, person=insider)


@pytest.mark.parametrize(
    ("not_council", "not_spouse", "message"),
    [
        (False, True, "Confirm the person is not a member or officer of the council"),
        (True, False, "Confirm the person is not the spouse or civil partner"),
    ],
)
def test_rule_19_independence_must_be_attested(
    p: Personas, not_council: bool, not_spouse: bool, message: str
) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, message):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=p.ip,
            role=AppointmentRole.INDEPENDENT_PERSON,
            conflict_declaration="None",
            attested_not_council=not_council,
            attested_not_spouse=not_spouse,
        )


def test_rule_19_former_staff_within_3_years_need_the_warning_acknowledged(p: Personas) -> None:
    left = timezone.localdate() - timedelta(days=2 * 365)
    former = _external("former", StaffRole.INDEPENDENT_PERSON, left_council_on=left)
    complaint = stage2_accepted(p)
    with refused(complaint, "less than 3 years ago. Good practice is at least 3 years."):
        appoint_ip(complaint, p, person=former)

    appointments.appoint(
        complaint,
        by=p.manager,
        person=former,
        role=AppointmentRole.INDEPENDENT_PERSON,
        conflict_declaration="Left the fostering team two years ago",
        attested_not_council=True,
        attested_not_spouse=True,
        former_staff_warning_acknowledged=True,
    )
    appointment = Appointment.objects.get(complaint=complaint, person=former)
    assert appointment.former_staff_warning_acknowledged is True
    assert last_event(complaint).details["warnings"]


def test_rule_19_former_staff_after_3_years_get_no_warning(p: Personas) -> None:
    # Judged on the date of the appointment (the helper appoints on ACCEPTED_ON).
    left = ACCEPTED_ON - timedelta(days=4 * 365)
    former = _external("former", StaffRole.INDEPENDENT_PERSON, left_council_on=left)
    complaint = stage2_accepted(p)
    appoint_ip(complaint, p, person=former)
    assert last_event(complaint).details["warnings"] == []


def test_rule_19_ip_comes_from_the_list_and_declares_conflicts(p: Personas) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, "is not on the list of Independent Persons"):
        appoint_ip(complaint, p, person=p.other_io)
    with refused(complaint, "Record the conflict-of-interest declaration"):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=p.ip,
            role=AppointmentRole.INDEPENDENT_PERSON,
            conflict_declaration=" ",
            attested_not_council=True,
            attested_not_spouse=True,
        )
    with not_allowed(complaint):
        appointments.appoint(
            complaint,
            by=p.officer,
            person=p.ip,
            role=AppointmentRole.INDEPENDENT_PERSON,
            conflict_declaration="None",
            attested_not_council=True,
            attested_not_spouse=True,
        )


# Rule 20: one person, one role on a complaint; the IP holds no other role.


def test_rule_20_the_io_cannot_also_be_the_ip(p: Personas) -> None:
    dual = _external("dual", StaffRole.INVESTIGATING_OFFICER, StaffRole.INDEPENDENT_PERSON)
    complaint = stage2_accepted(p)
    appointments.appoint(
        complaint,
        by=p.manager,
        person=dual,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
    )
    with refused(
        complaint,
        "is already the Investigating Officer on this complaint: one person holds one role",
    ):
        appoint_ip(complaint, p, person=dual)


def test_rule_20_the_ip_holds_no_other_role(p: Personas) -> None:
    complaint = stage2_accepted(p)
    appoint_ip(complaint, p)
    for role in (AppointmentRole.INVESTIGATING_OFFICER, AppointmentRole.ADJUDICATOR):
        with refused(complaint, "is already the Independent Person on this complaint"):
            appointments.appoint(
                complaint, by=p.manager, person=p.ip, role=role, conflict_declaration="None"
            )


def test_rule_20_the_stage1_responder_cannot_become_the_ip(p: Personas) -> None:
    dual = _external("dual", StaffRole.STAFF_MEMBER, StaffRole.INDEPENDENT_PERSON)
    complaint = create_stage1_complaint(p.officer, received_on=date(2025, 8, 29))
    stage1.assign_responder(complaint, by=p.officer, responder=dual)
    stage1.record_stage1_response(
        complaint, by=dual, sent_on=date(2025, 9, 12), resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(complaint, by=p.officer, requested_on=REQUESTED_ON, channel="email")
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=ACCEPTED_ON)
    with refused(complaint, "is already the Stage 1 responder on this complaint"):
        appoint_ip(complaint, p, person=dual)


def test_rule_20_a_replaced_io_still_cannot_become_the_ip(p: Personas) -> None:
    dual = _external("dual", StaffRole.INVESTIGATING_OFFICER, StaffRole.INDEPENDENT_PERSON)
    complaint = stage2_accepted(p)
    appointments.appoint(
        complaint,
        by=p.manager,
        person=dual,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
    )
    appoint_io(complaint, p)  # replaces dual, whose appointment ends
    with refused(complaint, "is already the Investigating Officer on this complaint"):
        appoint_ip(complaint, p, person=dual)


# Rule 21: a versioned statement of numbered points with outcomes, agreed by the complainant.


def test_rule_21_statement_is_versioned_numbered_points_with_outcomes(p: Personas) -> None:
    complaint = stage2_investigating(p)
    first = stage2.save_statement(
        complaint,
        by=p.io,
        based_on_version=0,
        points=[stage2.PointInput("Contact was cancelled", "Reinstate contact")],
    )
    second = stage2.save_statement(
        complaint,
        by=p.ip,
        based_on_version=1,
        points=[
            stage2.PointInput("Contact was cancelled", "Reinstate contact"),
            stage2.PointInput("Calls not returned", "An apology", Route.CORPORATE),
        ],
    )
    assert (first.number, second.number) == (1, 2)
    assert second.points == [
        {
            "text": "Contact was cancelled",
            "desired_outcomes": "Reinstate contact",
            "route": Route.STATUTORY,
            "number": 1,
        },
        {
            "text": "Calls not returned",
            "desired_outcomes": "An apology",
            "route": Route.CORPORATE,
            "number": 2,
        },
    ]
    points = list(ComplaintPoint.objects.filter(complaint=complaint).values_list("number", "text"))
    assert points == [(1, "Contact was cancelled"), (2, "Calls not returned")]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([], "The statement needs at least one complaint point"),
        ([stage2.PointInput(" ", "An apology")], "Point 1: say what the complaint is"),
        (
            [stage2.PointInput("Contact", "Restore"), stage2.PointInput("Calls", " ")],
            "Point 2: give the desired outcome",
        ),
    ],
)
def test_rule_21_each_point_needs_text_and_a_desired_outcome(
    p: Personas, points: list[stage2.PointInput], message: str
) -> None:
    complaint = stage2_investigating(p)
    with refused(complaint, message):
        stage2.save_statement(complaint, by=p.io, based_on_version=0, points=points)


def test_rule_21_a_save_over_someone_elses_is_refused(p: Personas) -> None:
    complaint = stage2_investigating(p)
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput("Contact", "Restore")]
    )
    with refused(complaint, "Someone else saved the statement (version 1) while you were editing"):
        stage2.save_statement(
            complaint, by=p.ip, based_on_version=0, points=[stage2.PointInput("Calls", "Apology")]
        )


def test_rule_21_agreed_only_when_the_complainants_agreement_is_recorded(p: Personas) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    with refused(complaint, "Write the statement before recording agreement"):
        stage2.agree_statement(complaint, by=p.io, agreed_on=AGREED_ON, how="Signed")
    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput("Contact", "Restore")]
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    for agreed_on, how, message in [
        (AGREED_ON, " ", "Say how the complainant agreed"),
        (date(2025, 9, 30), "Signed", "Agreement cannot be before first contact"),
        (tomorrow, "Signed", "The date cannot be in the future"),
    ]:
        with refused(complaint, message):
            stage2.agree_statement(complaint, by=p.io, agreed_on=agreed_on, how=how)

    version = stage2.agree_statement(complaint, by=p.io, agreed_on=AGREED_ON, how="Signed")
    assert (version.agreed_on, version.agreed_how) == (AGREED_ON, "Signed")
    assert version.agreement_recorded_by == p.io
    assert _stage2(complaint).statement_agreed_on == AGREED_ON
    with refused(complaint, "The statement has been agreed and is locked"):
        stage2.save_statement(
            complaint, by=p.io, based_on_version=1, points=[stage2.PointInput("New", "New")]
        )


def test_rule_21_statement_due_10_working_days_after_first_contact(p: Personas) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.ip, contacted_on=FIRST_CONTACT_ON)
    assert _stage2(complaint).statement_due_on == date(2025, 10, 15)
    with refused(complaint, "First contact is already recorded"):
        stage2.record_first_contact(complaint, by=p.io, contacted_on=date(2025, 10, 2))

    stage2.save_statement(
        complaint, by=p.io, based_on_version=0, points=[stage2.PointInput("Contact", "Restore")]
    )
    stage2.agree_statement(complaint, by=p.io, agreed_on=date(2025, 10, 16), how="By email")
    event = last_event(complaint)
    assert event.details == {"version": 1, "overdue": True}
    assert event.summary.endswith("after its target date")


def test_rule_21_outsiders_do_not_edit_the_statement(p: Personas) -> None:
    complaint = stage2_investigating(p)
    with not_allowed(complaint):
        stage2.save_statement(
            complaint,
            by=p.other_io,
            based_on_version=0,
            points=[stage2.PointInput("Contact", "Restore")],
        )


# Rule 22: a point added after agreement is exceptional; no clock is silently reset.


def _add_point(
    complaint: Complaint,
    by: User,
    reasons: str = "A new incident on 20 October",
    new_due_on: date | None = None,
) -> ComplaintPoint:
    return stage2.add_point_exceptionally(
        complaint,
        by=by,
        text="Contact was cancelled again",
        desired_outcomes="Reinstate contact",
        route=Route.STATUTORY,
        reasons=reasons,
        new_due_on=new_due_on,
    )


def test_rule_22_point_after_agreement_only_by_exceptional_decision(p: Personas) -> None:
    complaint = stage2_investigating(p)
    with refused(complaint, "The Statement of Complaint has not been agreed"):
        _add_point(complaint, p.manager)

    complaint = statement_agreed(p)
    clock = (
        Stage2.objects.filter(complaint=complaint)
        .values("start_on", "due_on", "cap_on", "request_due_on", "request_cap_on", "extended_on")
        .get()
    )
    with not_allowed(complaint):
        _add_point(complaint, p.officer)
    with refused(complaint, "Give the exceptional reasons for adding this point"):
        _add_point(complaint, p.manager, reasons=" ")

    point = _add_point(complaint, p.manager)
    assert point.number == 3
    assert point.added_exceptionally is True
    assert point.exception_reasons == "A new incident on 20 October"
    assert point.exception_decided_by == p.manager
    # No statutory clock moves unless the decision says so.
    assert Stage2.objects.filter(complaint=complaint).values(*clock).get() == clock
    assert Complaint.objects.get(pk=complaint.pk).due_on == FRI_31_OCT_2025
    assert last_event(complaint).details == {"point": 3, "reasons": "A new incident on 20 October"}


def test_rule_22_timescale_review_moves_the_due_date_within_65_days(p: Personas) -> None:
    complaint = statement_agreed(p)
    with refused(complaint, "The due date cannot go beyond 65 working days: Tuesday 30 December"):
        _add_point(complaint, p.manager, new_due_on=date(2025, 12, 31))
    with refused(complaint, "The new date must be a working day"):
        _add_point(complaint, p.manager, new_due_on=date(2025, 12, 26))

    _add_point(complaint, p.manager, new_due_on=date(2025, 11, 28))
    stored = _stage2(complaint)
    assert stored.due_on == date(2025, 11, 28)
    assert stored.start_on == REQUESTED_ON  # the clock's start is never reset
    assert stored.extension_reason.startswith("Point 3 added exceptionally")
    assert Complaint.objects.get(pk=complaint.pk).due_on == date(2025, 11, 28)
    assert last_event(complaint).details["to"] == "2025-11-28"


# Rule 23: consent to access records (or another lawful basis) before records access.


def test_rule_23_records_access_waits_for_consent(p: Personas) -> None:
    complaint = stage2_investigating(p)
    with refused(complaint, "Records access stays blocked until Consent to Access Records"):
        investigations.grant_records_access(complaint, by=p.officer)

    consent = investigations.record_consent(
        complaint,
        by=p.officer,
        signed_on=date(2025, 10, 2),
        signed_by="Sam Rivers",
        scope="Alex's social care file 2023 to 2025",
    )
    assert (consent.signed_on, consent.signed_by) == (date(2025, 10, 2), "Sam Rivers")
    assert consent.scope == "Alex's social care file 2023 to 2025"
    investigations.grant_records_access(complaint, by=p.officer)
    assert _stage2(complaint).records_access_granted_on == timezone.localdate()


@pytest.mark.parametrize(
    ("signed_on", "signed_by", "scope", "message"),
    [
        (None, "", "", "Give the date the form was signed, or the other lawful basis"),
        (date(2025, 10, 2), "Sam Rivers", " ", "Say who signed and what the consent covers"),
        (date(2025, 10, 2), "", "The file", "Say who signed and what the consent covers"),
    ],
)
def test_rule_23_consent_needs_date_signatory_and_scope(
    p: Personas, signed_on: date | None, signed_by: str, scope: str, message: str
) -> None:
    complaint = stage2_investigating(p)
    with refused(complaint, message):
        investigations.record_consent(
            complaint, by=p.officer, signed_on=signed_on, signed_by=signed_by, scope=scope
        )


def test_rule_23_another_lawful_basis_instead_of_consent(p: Personas) -> None:
    complaint = stage2_investigating(p)
    investigations.record_consent(
        complaint,
        by=p.manager,
        signed_on=None,
        signed_by="",
        scope="",
        other_lawful_basis="UK GDPR Article 6(1)(c): the council's duty under reg 17",
    )
    investigations.grant_records_access(complaint, by=p.manager)
    assert _stage2(complaint).records_access_granted_on == timezone.localdate()


def test_rule_23_investigators_do_not_grant_themselves_access(p: Personas) -> None:
    complaint = stage2_investigating(p)
    investigations.record_consent(
        complaint, by=p.officer, signed_on=date(2025, 10, 2), signed_by="Sam Rivers", scope="File"
    )
    with not_allowed(complaint):
        investigations.grant_records_access(complaint, by=p.io)


# Rule 24: closing for non-engagement: two unanswered attempts, reasons, a letter.


def _attempt(complaint: Complaint, by: User, made_on: date, outcome: str = "unanswered") -> None:
    investigations.record_contact_attempt(
        complaint, by=by, made_on=made_on, method="phone", outcome=outcome
    )


def _close(complaint: Complaint, by: User, reasons: str = "No reply to two letters") -> None:
    stage2.close_for_non_engagement(
        complaint, by=by, reasons=reasons, letter_sent_on=date(2025, 10, 20)
    )


def test_rule_24_non_engagement_closure_needs_two_unanswered_attempts(p: Personas) -> None:
    complaint = stage2_investigating(p)
    _attempt(complaint, p.io, date(2025, 10, 1))
    _attempt(complaint, p.io, date(2025, 10, 3), outcome="answered")
    with refused(complaint, "Only 1 unanswered contact attempt recorded"):
        _close(complaint, p.manager)

    _attempt(complaint, p.officer, date(2025, 10, 10))
    with refused(complaint, "Give the reasons for closing"):
        _close(complaint, p.manager, reasons=" ")
    with not_allowed(complaint):
        _close(complaint, p.officer)

    _close(complaint, p.manager)
    complaint.refresh_from_db()
    stored = _stage2(complaint)
    assert complaint.status == Status.CLOSED_NON_ENGAGEMENT
    assert stored.closed_for_non_engagement_on == timezone.localdate()
    assert stored.non_engagement_reasons == "No reply to two letters"
    assert (complaint.closed_on, complaint.due_on) == (timezone.localdate(), None)
    assert last_event(complaint).details == {
        "statutory": True,
        "reasons": "No reply to two letters",
        "unanswered_attempts": 2,
        "letter_sent_on": "2025-10-20",
    }


def test_rule_24_contact_attempts_are_documented(p: Personas) -> None:
    complaint = stage2_investigating(p)
    with refused(complaint, "Say how the complainant was contacted"):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=date(2025, 10, 1), method="telepathy", outcome="unanswered"
        )
    with refused(complaint, "Say whether the complainant engaged"):
        _attempt(complaint, p.io, date(2025, 10, 1), outcome="no answer")
    with refused(complaint, "The date cannot be in the future"):
        _attempt(complaint, p.io, timezone.localdate() + timedelta(days=1))
    with pytest.raises(NotAllowed):
        _attempt(complaint, p.other_io, date(2025, 10, 1))


def test_rule_24_a_closed_investigation_reopens_only_with_reasons(p: Personas) -> None:
    complaint = stage2_investigating(p)
    _attempt(complaint, p.io, date(2025, 10, 1))
    _attempt(complaint, p.io, date(2025, 10, 8))
    _close(complaint, p.manager)
    with refused(complaint, "Give the exceptional reasons for reopening"):
        stage2.reopen(complaint, by=p.manager, reasons="")
    stage2.reopen(complaint, by=p.manager, reasons="The complainant was in hospital")
    complaint.refresh_from_db()
    assert complaint.status == Status.STAGE2_INVESTIGATION
    assert (complaint.closed_on, complaint.due_on) == (None, FRI_31_OCT_2025)
