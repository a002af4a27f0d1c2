"""Domain rules 30 to 37 (docs/domain.md section 9): Stage 3, the review panel.

Worked examples from the domain reference:
- Stage 3 request received Monday 30 March 2026: the panel must meet by Thursday 14 May 2026
  (30 working days, over Easter and the early May bank holiday);
- panel met Wednesday 23 December 2026: its report is due Monday 4 January 2027;
- panel report received Friday 18 December 2026: the council must respond by Wednesday
  13 January 2027.
The December examples are later than the day these tests were written, so they run with
"today" moved on (``today_is``): the actions refuse dates in the future.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from heard.complaints.actions import appointments
from heard.complaints.models import Breach, Complaint, Stage3
from heard.complaints.models.choices import (
    AppointmentRole,
    AttendeeCapacity,
    BreachKind,
    CirculationKind,
    Route,
    Status,
    SubmissionSource,
)
from heard.decisions import actions as decisions
from heard.decisions import stage3
from heard.decisions.models import (
    Action,
    PanelAttendee,
    PanelCirculation,
    PanelReport,
    PanelSubmission,
    Recommendation,
)
from heard.people.roles import StaffRole
from tests.complaints.helpers import (
    event_names,
    last_event,
    not_allowed,
    refused,
    running,
    stage2_accepted,
)
from tests.complaints.stage3_helpers import (
    ACCEPTED_ON,
    LETTER_SENT_ON,
    MEETING_ON,
    PANEL_DUE_ON,
    REPORT_DUE_ON,
    REPORT_SENT_ON,
    REQUESTED_ON,
    RESPONSE_DUE_ON,
    RESPONSE_SENT_ON,
    STAGE3_REQUEST_BY,
    add_recommendations,
    appoint_panel,
    appoint_to_panel,
    circulation,
    decisions_on_panel_recommendations,
    panel_convened,
    panel_met,
    panel_reported,
    schedule,
    stage2_complete,
    stage3_accepted,
    stage3_requested,
    stage3_responded,
    submit,
    today_is,
)
from tests.personas import Personas, create_personas, create_user, put_on_roster

pytestmark = pytest.mark.django_db

THU_14_MAY_2026 = date(2026, 5, 14)
WED_23_DEC_2026 = date(2026, 12, 23)
MON_4_JAN_2027 = date(2027, 1, 4)
FRI_18_DEC_2026 = date(2026, 12, 18)
WED_13_JAN_2027 = date(2027, 1, 13)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _stage3(complaint: Complaint) -> Stage3:
    return Stage3.objects.get(complaint=complaint)


def _panel_user(username: str, *roles: str, **fields: Any) -> Any:
    fields.setdefault("is_council_member_or_officer", False)
    return create_user(username, StaffRole.PANEL_MEMBER, *roles, **fields)


# -- rule 30: the request -------------------------------------------------------------------------


def test_rule_30_a_request_from_any_channel_stores_the_advisory_date_and_the_panel_deadline(
    p: Personas,
) -> None:
    complaint = stage2_complete(p)
    assert complaint.stage2.stage3_request_by == STAGE3_REQUEST_BY
    stage3.request_stage3(
        complaint, by=p.officer, requested_on=REQUESTED_ON, channel="phone", what_remains=""
    )
    stored = _stage3(complaint)
    assert complaint.status == Status.STAGE3_REQUESTED and complaint.stage == 3
    assert (stored.requested_on, stored.channel) == (REQUESTED_ON, "phone")
    assert stored.request_by == STAGE3_REQUEST_BY and not stored.request_was_late
    # The worked example: received Monday 30 March 2026, the panel must meet by 14 May 2026.
    assert stored.panel_due_on == THU_14_MAY_2026
    assert running(complaint)["Panel meeting"] == THU_14_MAY_2026
    assert last_event(complaint).details["late"] is False


def test_rule_30_a_late_request_is_recorded_not_refused(p: Personas) -> None:
    late_on = STAGE3_REQUEST_BY + timedelta(days=1)
    complaint = stage3_requested(p, requested_on=late_on)
    stored = _stage3(complaint)
    assert complaint.status == Status.STAGE3_REQUESTED
    assert stored.request_was_late
    assert "after the advisory date, Tuesday 14 April 2026" in last_event(complaint).summary


def test_rule_30_accepting_a_late_request_needs_a_recorded_decision_with_reasons(
    p: Personas,
) -> None:
    complaint = stage3_requested(p, requested_on=date(2026, 4, 20))
    with refused(complaint, "A late request is never refused automatically"):
        stage3.accept_stage3(complaint, by=p.manager, accepted_on=date(2026, 4, 21))
    stage3.accept_stage3(
        complaint,
        by=p.manager,
        accepted_on=date(2026, 4, 21),
        late_decision_reasons="The complainant was in hospital for three weeks.",
    )
    stored = _stage3(complaint)
    assert complaint.status == Status.STAGE3_PANEL
    assert stored.late_decision_reasons == "The complainant was in hospital for three weeks."


def test_rule_30_the_request_date_is_not_in_the_future_nor_before_the_letter(
    p: Personas,
) -> None:
    complaint = stage2_complete(p)
    with refused(complaint, "cannot be in the future"):
        stage3.request_stage3(
            complaint,
            by=p.officer,
            requested_on=timezone.localdate() + timedelta(days=1),
            channel="email",
        )
    with refused(complaint, "before the adjudication letter was sent, on Friday 13 March 2026"):
        stage3.request_stage3(
            complaint,
            by=p.officer,
            requested_on=LETTER_SENT_ON - timedelta(days=1),
            channel="email",
        )
    with refused(complaint, "Say how the request was made."):
        stage3.request_stage3(complaint, by=p.officer, requested_on=REQUESTED_ON, channel="fax")


def test_rule_30_staff_record_the_request_and_only_the_manager_accepts(p: Personas) -> None:
    complaint = stage2_complete(p)
    with not_allowed(complaint):
        stage3.request_stage3(complaint, by=p.io, requested_on=REQUESTED_ON, channel="email")
    stage3.request_stage3(complaint, by=p.officer, requested_on=REQUESTED_ON, channel="email")
    with not_allowed(complaint):
        stage3.accept_stage3(complaint, by=p.officer, accepted_on=ACCEPTED_ON)
    with refused(complaint, "Acceptance cannot be before the request was received."):
        stage3.accept_stage3(complaint, by=p.manager, accepted_on=REQUESTED_ON - timedelta(1))


def test_rule_30_stage3_can_only_be_asked_for_once_stage2_is_complete(p: Personas) -> None:
    complaint = stage2_accepted(p)
    with refused(complaint, "while the complaint is 'stage 2 accepted"):
        stage3.request_stage3(complaint, by=p.officer, requested_on=REQUESTED_ON, channel="email")


# -- rule 31: refusing Stage 3 --------------------------------------------------------------------


def test_rule_31_a_refusal_needs_reasons_a_senior_sign_off_and_the_ombudsman_letter(
    p: Personas,
) -> None:
    complaint = stage3_requested(p)
    letter = date(2026, 4, 2)
    with refused(complaint, "Give the reasons for refusing."):
        stage3.refuse_stage3(
            complaint, by=p.manager, reasons=" ", signed_off_by=p.senior, letter_sent_on=letter
        )
    with refused(complaint, "signed off by a senior manager"):
        stage3.refuse_stage3(
            complaint, by=p.manager, reasons="No", signed_off_by=p.officer, letter_sent_on=letter
        )
    both = create_user("both", StaffRole.COMPLAINTS_MANAGER, StaffRole.ADJUDICATING_OFFICER)
    with refused(complaint, "The sign-off must come from someone else."):
        stage3.refuse_stage3(
            complaint, by=both, reasons="No", signed_off_by=both, letter_sent_on=letter
        )
    with refused(complaint, "The letter's date cannot be in the future."):
        stage3.refuse_stage3(
            complaint,
            by=p.manager,
            reasons="No",
            signed_off_by=p.senior,
            letter_sent_on=timezone.localdate() + timedelta(days=1),
        )
    with refused(complaint, "cannot be before the request was received"):
        stage3.refuse_stage3(
            complaint,
            by=p.manager,
            reasons="No",
            signed_off_by=p.senior,
            letter_sent_on=REQUESTED_ON - timedelta(days=1),
        )

    stage3.refuse_stage3(
        complaint,
        by=p.manager,
        reasons="The matters were decided by the court.",
        signed_off_by=p.senior,
        letter_sent_on=letter,
    )
    stored = _stage3(complaint)
    assert complaint.status == Status.STAGE3_REFUSED
    assert stored.refused_on == timezone.localdate()
    assert stored.refusal_reasons == "The matters were decided by the court."
    assert stored.refusal_signed_off_by == p.senior
    assert stored.refusal_letter_sent_on == letter
    assert complaint.closed_on == timezone.localdate()
    # No Stage 3 clock runs; only the actions Stage 2 agreed (decision 018).
    assert all(label.startswith("Agreed action") for label in running(complaint))
    # Counted in reports: the event says whether the complaint was statutory.
    details = last_event(complaint).details
    assert details["statutory"] is True and details["signed_off_by"] == p.senior.pk
    assert details["letter_sent_on"] == "2026-04-02"


def test_rule_31_only_the_complaints_manager_refuses(p: Personas) -> None:
    complaint = stage3_requested(p)
    with not_allowed(complaint):
        stage3.refuse_stage3(
            complaint,
            by=p.officer,
            reasons="No",
            signed_off_by=p.senior,
            letter_sent_on=date(2026, 4, 2),
        )


# -- rule 32: the panel meeting -------------------------------------------------------------------


def test_rule_32_the_panel_deadline_runs_from_the_request_received_not_the_acceptance(
    p: Personas,
) -> None:
    complaint = stage3_accepted(p, accepted_on=date(2026, 4, 24))
    stored = _stage3(complaint)
    assert stored.accepted_on == date(2026, 4, 24)
    assert stored.panel_due_on == THU_14_MAY_2026 == PANEL_DUE_ON
    assert running(complaint)["Panel meeting"] == THU_14_MAY_2026
    assert last_event(complaint).details["panel_due_on"] == "2026-05-14"


def test_rule_32_the_complainants_availability_is_recorded_when_the_date_is_set(
    p: Personas,
) -> None:
    complaint = stage3_accepted(p)
    with refused(complaint, "Record when the complainant said they could attend"):
        stage3.schedule_panel(
            complaint,
            by=p.officer,
            meeting_on=MEETING_ON,
            meeting_place="County Hall",
            complainant_availability="  ",
        )
    with refused(complaint, "Say where the panel will meet."):
        stage3.schedule_panel(
            complaint,
            by=p.officer,
            meeting_on=MEETING_ON,
            meeting_place="",
            complainant_availability="Tuesdays",
        )
    schedule(complaint, p)
    stored = _stage3(complaint)
    assert stored.meeting_on == MEETING_ON
    assert stored.complainant_availability == "Any weekday in May except Mondays."
    assert stored.meeting_place == "Committee Room 2, County Hall"
    assert not Breach.objects.filter(complaint=complaint).exists()


def test_rule_32_the_meeting_is_on_a_working_day_and_not_before_the_request(
    p: Personas,
) -> None:
    complaint = stage3_accepted(p)
    with refused(complaint, "Monday 4 May 2026 is not a working day"):  # early May bank holiday
        schedule(complaint, p, date(2026, 5, 4))
    with refused(complaint, "Saturday 9 May 2026 is not a working day"):
        schedule(complaint, p, date(2026, 5, 9))
    with refused(complaint, "cannot be before the request was received"):
        schedule(complaint, p, date(2026, 3, 27))


def test_rule_32_a_meeting_after_30_working_days_needs_a_reason_and_a_letter_and_is_a_breach(
    p: Personas,
) -> None:
    complaint = stage3_accepted(p)
    late = date(2026, 5, 15)
    with refused(complaint, "after the statutory date, Thursday 14 May 2026"):
        schedule(complaint, p, late)
    with refused(complaint, "Enter the date of the letter telling the complainant"):
        schedule(complaint, p, late, late_reason="The chair is ill.")
    schedule(complaint, p, late, late_reason="The chair is ill.", letter_sent_on=date(2026, 5, 1))
    breach = Breach.objects.get(complaint=complaint)
    assert breach.kind == BreachKind.PANEL_MEETING
    assert (breach.due_on, breach.happened_on) == (THU_14_MAY_2026, late)
    assert (breach.reason, breach.letter_sent_on) == ("The chair is ill.", date(2026, 5, 1))
    assert breach.recorded_by == p.officer
    assert last_event(complaint).details["late"] is True


def test_rule_32_setting_the_date_again_replaces_it_and_updates_the_breach(p: Personas) -> None:
    complaint = stage3_accepted(p)
    schedule(complaint, p, date(2026, 5, 15), late_reason="Ill", letter_sent_on=date(2026, 5, 1))
    schedule(
        complaint, p, date(2026, 5, 19), late_reason="Still ill", letter_sent_on=date(2026, 5, 8)
    )
    breach = Breach.objects.get(complaint=complaint, kind=BreachKind.PANEL_MEETING)
    assert (breach.happened_on, breach.reason) == (date(2026, 5, 19), "Still ill")
    assert _stage3(complaint).meeting_on == date(2026, 5, 19)
    # Moved back inside the 30 working days: no breach any more.
    schedule(complaint, p, date(2026, 5, 13))
    assert not Breach.objects.filter(complaint=complaint).exists()
    assert last_event(complaint).details["breach_withdrawn"] is True


def test_rule_32_a_panel_that_met_later_than_set_needs_the_breach_recorded(p: Personas) -> None:
    complaint = panel_convened(p)  # set for 12 May, inside the limit
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service")
    moved = date(2026, 5, 18)
    with refused(
        complaint, "The date the panel met (Monday 18 May 2026) is after the statutory date"
    ):
        stage3.hold_panel(complaint, by=p.officer, met_on=moved)
    stage3.hold_panel(
        complaint,
        by=p.officer,
        met_on=moved,
        late_reason="The complainant asked to move it.",
        letter_sent_on=date(2026, 5, 11),
    )
    breach = Breach.objects.get(complaint=complaint)
    assert (breach.kind, breach.happened_on) == (BreachKind.PANEL_MEETING, moved)
    stored = _stage3(complaint)
    assert (stored.met_on, stored.meeting_on) == (moved, moved)


def test_rule_32_a_panel_that_met_on_its_late_date_keeps_the_breach_already_recorded(
    p: Personas,
) -> None:
    late = date(2026, 5, 15)
    complaint = stage3_accepted(p)
    appoint_panel(complaint, p)
    schedule(complaint, p, late, late_reason="Ill", letter_sent_on=date(2026, 5, 1))
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service")
    stage3.hold_panel(complaint, by=p.officer, met_on=late)
    breach = Breach.objects.get(complaint=complaint)
    assert (breach.happened_on, breach.reason) == (late, "Ill")
    assert Breach.objects.filter(complaint=complaint).count() == 1


def test_rule_32_the_meeting_date_recorded_is_not_in_the_future(p: Personas) -> None:
    complaint = panel_convened(p)
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service")
    with refused(complaint, "The date the panel met cannot be in the future."):
        stage3.hold_panel(complaint, by=p.officer, met_on=timezone.localdate() + timedelta(days=1))


# -- rule 33: the panel (appointments.appoint enforces it) ----------------------------------------


def test_rule_33_the_stage2_independent_person_cannot_sit_on_the_panel(p: Personas) -> None:
    complaint = stage3_accepted(p)
    # Even when they are also on the list of panel members.
    p.ip.groups.add(Group.objects.get_or_create(name=StaffRole.PANEL_MEMBER)[0])
    with refused(complaint, "cannot sit on the Stage 3 panel (regulation 19(3))"):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=p.ip,
            role=AppointmentRole.PANEL_MEMBER,
            conflict_declaration="None",
            attested_not_council=True,
            attested_not_spouse=True,
        )


def test_rule_33_a_council_officer_cannot_chair_the_panel(p: Personas) -> None:
    complaint = stage3_accepted(p)
    officer_chair = put_on_roster(
        _panel_user("officer_chair", StaffRole.PANEL_CHAIR, is_council_member_or_officer=True)
    )
    with refused(complaint, "is a member or officer of the council, so cannot be independent"):
        appoint_to_panel(complaint, p, officer_chair, AppointmentRole.PANEL_CHAIR)


def test_rule_33_a_fourth_panel_member_is_refused(p: Personas) -> None:
    complaint = stage3_accepted(p)
    appoint_panel(complaint, p)
    with refused(complaint, "The panel already has three members."):
        appoint_to_panel(complaint, p, p.spare_member, AppointmentRole.PANEL_MEMBER)


def test_rule_33_a_member_whose_dbs_check_has_expired_is_refused(p: Personas) -> None:
    complaint = stage3_accepted(p)
    expired = put_on_roster(_panel_user("expired"), dbs_expires_on=date(2026, 1, 31))
    with refused(complaint, "DBS check expired on Saturday 31 January 2026"):
        appoint_to_panel(complaint, p, expired, AppointmentRole.PANEL_MEMBER)


def test_rule_33_a_second_chair_is_refused(p: Personas) -> None:
    complaint = stage3_accepted(p)
    appoint_to_panel(complaint, p, p.chair, AppointmentRole.PANEL_CHAIR)
    second = put_on_roster(_panel_user("second_chair", StaffRole.PANEL_CHAIR))
    with refused(complaint, "The panel already has a chair"):
        appoint_to_panel(complaint, p, second, AppointmentRole.PANEL_CHAIR)


def test_rule_33_a_conflict_declaration_is_stored_for_every_member(p: Personas) -> None:
    complaint = stage3_accepted(p)
    with refused(complaint, "Record the conflict-of-interest declaration"):
        appointments.appoint(
            complaint,
            by=p.manager,
            person=p.member,
            role=AppointmentRole.PANEL_MEMBER,
            conflict_declaration=" ",
            attested_not_council=True,
            attested_not_spouse=True,
        )
    appoint_panel(complaint, p)
    declarations = complaint.appointments.filter(role__in=["panel_chair", "panel_member"])
    assert all("declares no earlier dealings" in a.conflict_declaration for a in declarations)


def test_rule_33_panel_roles_are_appointed_only_at_stage3(p: Personas) -> None:
    at_stage2 = stage2_accepted(p)
    with refused(at_stage2, "A Stage 3 panel chair is appointed at Stage 3"):
        appoint_to_panel(at_stage2, p, p.chair, AppointmentRole.PANEL_CHAIR)
    # Nor before the Stage 3 request is accepted.
    requested = stage3_requested(p)
    with refused(requested, "while the complaint is 'stage 3 requested'"):
        appoint_to_panel(requested, p, p.chair, AppointmentRole.PANEL_CHAIR)


def test_rule_33_the_panel_cannot_meet_until_it_is_complete_and_the_date_is_set(
    p: Personas,
) -> None:
    complaint = stage3_accepted(p)
    appoint_to_panel(complaint, p, p.chair, AppointmentRole.PANEL_CHAIR)
    appoint_to_panel(complaint, p, p.member, AppointmentRole.PANEL_MEMBER)
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service")
    with refused(complaint, "it has 1 chair and 1 other member"):
        stage3.hold_panel(complaint, by=p.officer, met_on=MEETING_ON)
    appoint_to_panel(complaint, p, p.member2, AppointmentRole.PANEL_MEMBER)
    with refused(complaint, "Set the date of the panel meeting first."):
        stage3.hold_panel(complaint, by=p.officer, met_on=MEETING_ON)
    schedule(complaint, p)
    stage3.hold_panel(complaint, by=p.officer, met_on=MEETING_ON)
    assert complaint.status == Status.STAGE3_REPORT


# -- rule 34: submissions -------------------------------------------------------------------------


def test_rule_34_the_panel_papers_list_every_submission_by_source(p: Personas) -> None:
    complaint = panel_convened(p)
    for source, name in [
        (SubmissionSource.COMPLAINANT, "Sam Rivers"),
        (SubmissionSource.ADVOCATE, "Jo Advocate"),
        (SubmissionSource.COUNCIL, "Head of Service"),
        (SubmissionSource.STAGE2_IP, "Ip Tester"),
        (SubmissionSource.OTHER, "Grandparent"),
    ]:
        submit(complaint, p, source, name, date(2026, 5, 5))
    stage3.record_submission(
        complaint,
        by=p.officer,
        source=SubmissionSource.COMPLAINANT,
        name="Sam Rivers",
        received_on=MEETING_ON,
        oral=True,
        summary="Spoke about the missed contact.",
    )
    rows = list(PanelSubmission.objects.filter(complaint=complaint).order_by("id"))
    assert [r.source for r in rows] == [
        "complainant",
        "advocate",
        "council",
        "stage2_ip",
        "other",
        "complainant",
    ]
    assert rows[-1].oral and not rows[0].oral
    assert rows[-1].recorded_by == p.officer
    assert last_event(complaint).summary == "Oral submission to the panel from Sam Rivers"


def test_rule_34_a_submission_needs_its_source_name_summary_and_a_real_date(
    p: Personas,
) -> None:
    complaint = panel_convened(p)
    good: dict[str, Any] = {
        "source": SubmissionSource.COUNCIL,
        "name": "Head of Service",
        "received_on": date(2026, 5, 5),
        "oral": False,
        "summary": "The council's view.",
    }
    for change, message in [
        ({"source": "press"}, "Choose who made the submission."),
        ({"name": ""}, "Give the name"),
        ({"summary": " "}, "Summarise what the submission says."),
        ({"received_on": timezone.localdate() + timedelta(days=1)}, "cannot be in the future"),
        ({"received_on": date(2026, 3, 27)}, "cannot be before the Stage 3 request"),
    ]:
        with refused(complaint, message):
            stage3.record_submission(complaint, by=p.officer, **(good | change))
    with not_allowed(complaint):
        stage3.record_submission(complaint, by=p.chair, **good)


def test_rule_34_only_a_complaint_that_had_a_stage2_ip_lists_their_submission(
    p: Personas,
) -> None:
    complaint = panel_convened(p, route=Route.CORPORATE)
    with refused(complaint, "This complaint had no Independent Person at Stage 2"):
        submit(complaint, p, SubmissionSource.STAGE2_IP, "Someone")


def test_rule_34_the_panel_cannot_meet_before_the_councils_submission_is_listed(
    p: Personas,
) -> None:
    complaint = panel_convened(p)
    submit(complaint, p, SubmissionSource.COMPLAINANT, "Sam Rivers")
    with refused(complaint, "Record the council's submission to the panel first"):
        stage3.hold_panel(complaint, by=p.officer, met_on=MEETING_ON)
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service")
    stage3.hold_panel(complaint, by=p.officer, met_on=MEETING_ON)
    assert complaint.status == Status.STAGE3_REPORT


def test_rule_34_oral_submissions_can_be_recorded_after_the_meeting(p: Personas) -> None:
    complaint = panel_met(p)
    stage3.record_submission(
        complaint,
        by=p.officer,
        source=SubmissionSource.ADVOCATE,
        name="Jo Advocate",
        received_on=MEETING_ON,
        oral=True,
        summary="Asked for contact to be restored.",
    )
    assert PanelSubmission.objects.filter(complaint=complaint, oral=True).count() == 1


# -- rule 35: attendance --------------------------------------------------------------------------


def _attend(complaint: Complaint, p: Personas, name: str, capacity: str, speaks: bool = False):
    return stage3.record_attendee(
        complaint, by=p.officer, name=name, capacity=capacity, speaks_for_complainant=speaks
    )


def test_rule_35_the_complainant_may_bring_their_advocate_and_one_other_person(
    p: Personas,
) -> None:
    complaint = panel_convened(p)
    _attend(complaint, p, "Sam Rivers", AttendeeCapacity.COMPLAINANT)
    _attend(complaint, p, "Jo Advocate", AttendeeCapacity.ADVOCATE, speaks=True)
    _attend(complaint, p, "Pat Rivers", AttendeeCapacity.COMPANION)
    with refused(complaint, "Pat Rivers is already recorded as accompanying the complainant"):
        _attend(complaint, p, "Lee Friend", AttendeeCapacity.COMPANION)
    with refused(complaint, "Jo Advocate is already recorded as the complainant's advocate"):
        _attend(complaint, p, "Second Advocate", AttendeeCapacity.ADVOCATE)
    with refused(complaint, "Every complainant is already recorded as attending"):
        _attend(complaint, p, "Sam Again", AttendeeCapacity.COMPLAINANT)
    # The council and others are not limited.
    _attend(complaint, p, "Head of Service", AttendeeCapacity.COUNCIL)
    _attend(complaint, p, "Team Manager", AttendeeCapacity.COUNCIL)
    _attend(complaint, p, "Io Tester", AttendeeCapacity.STAGE2_INVESTIGATOR)
    stored = PanelAttendee.objects.filter(complaint=complaint)
    assert stored.count() == 6
    assert [a.name for a in stored if a.speaks_for_complainant] == ["Jo Advocate"]


def test_rule_35_one_nominated_speaker_from_the_complainants_side(p: Personas) -> None:
    complaint = panel_convened(p)
    _attend(complaint, p, "Sam Rivers", AttendeeCapacity.COMPLAINANT)
    with refused(complaint, "Only the complainant, their advocate or the person accompanying"):
        _attend(complaint, p, "Head of Service", AttendeeCapacity.COUNCIL, speaks=True)
    _attend(complaint, p, "Pat Rivers", AttendeeCapacity.COMPANION, speaks=True)
    with refused(complaint, "Pat Rivers is already nominated to speak for the complainant"):
        _attend(complaint, p, "Jo Advocate", AttendeeCapacity.ADVOCATE, speaks=True)
    with refused(complaint, "Choose in what capacity they attend."):
        _attend(complaint, p, "Someone", "observer")


# -- rule 36: the panel report --------------------------------------------------------------------


def test_rule_36_the_report_is_due_5_working_days_after_the_meeting(p: Personas) -> None:
    """Worked example: the panel met on Wednesday 23 December 2026, so the report is due by
    Monday 4 January 2027 (over Christmas, Boxing Day's substitute and New Year's Day)."""
    with today_is(WED_23_DEC_2026):
        complaint = panel_met(
            p,
            letter_sent_on=date(2026, 11, 6),
            requested_on=date(2026, 11, 16),
            accepted_on=date(2026, 11, 17),
            meeting_on=WED_23_DEC_2026,
        )
    stored = _stage3(complaint)
    assert stored.panel_due_on == date(2026, 12, 30)
    assert stored.met_on == WED_23_DEC_2026
    assert stored.report_due_on == MON_4_JAN_2027
    assert running(complaint)["Panel report"] == MON_4_JAN_2027
    assert complaint.status == Status.STAGE3_REPORT


def test_rule_36_a_late_report_needs_a_reason_and_a_letter_and_is_a_breach(p: Personas) -> None:
    with today_is(WED_23_DEC_2026):
        complaint = panel_met(
            p,
            letter_sent_on=date(2026, 11, 6),
            requested_on=date(2026, 11, 16),
            accepted_on=date(2026, 11, 17),
            meeting_on=WED_23_DEC_2026,
        )
        add_recommendations(complaint, p)
    report = {
        "summary_of_representations": "Both sides spoke.",
        "sent_on": date(2027, 1, 5),
        "circulation": circulation(complaint),
    }
    with today_is(date(2027, 1, 6)):
        with refused(complaint, "after the statutory date, Monday 4 January 2027"):
            stage3.issue_panel_report(complaint, by=p.chair, **report)
        stage3.issue_panel_report(
            complaint,
            by=p.chair,
            **report,
            late_reason="The chair was away over Christmas.",
            letter_sent_on=date(2027, 1, 4),
        )
    breach = Breach.objects.get(complaint=complaint)
    assert breach.kind == BreachKind.PANEL_REPORT
    assert (breach.due_on, breach.happened_on) == (MON_4_JAN_2027, date(2027, 1, 5))
    assert breach.recorded_by == p.chair


def test_rule_36_the_report_goes_to_everyone_the_regulations_name_and_starts_the_response_clock(
    p: Personas,
) -> None:
    """Worked example: the report received on Friday 18 December 2026, so the council must
    respond by Wednesday 13 January 2027."""
    with today_is(FRI_18_DEC_2026):
        complaint = panel_met(
            p,
            letter_sent_on=date(2026, 11, 6),
            requested_on=date(2026, 11, 16),
            accepted_on=date(2026, 11, 17),
            meeting_on=date(2026, 12, 16),
        )
        add_recommendations(complaint, p)
        recipients = [
            *circulation(complaint),
            stage3.Recipient(CirculationKind.OTHER, "Alex's grandmother"),
        ]
        stage3.issue_panel_report(
            complaint,
            by=p.chair,
            summary_of_representations="The complainant and the council both spoke.",
            sent_on=FRI_18_DEC_2026,
            circulation=recipients,
        )
    report = PanelReport.objects.get(complaint=complaint)
    assert report.summary_of_representations == "The complainant and the council both spoke."
    assert report.sent_on == FRI_18_DEC_2026 and report.recorded_by == p.chair
    rows = list(PanelCirculation.objects.filter(report=report).values_list("kind", "name"))
    assert rows == [
        ("council", "Director of Children's Services"),
        ("complainant", "Sam Rivers"),
        ("stage2_ip", "Ip Tester"),
        ("other", "Alex's grandmother"),
    ]
    stored = _stage3(complaint)
    assert stored.report_received_on == FRI_18_DEC_2026
    assert stored.response_due_on == WED_13_JAN_2027
    assert running(complaint)["Council's response to the panel"] == WED_13_JAN_2027
    assert complaint.status == Status.STAGE3_RESPONSE


def test_rule_36_a_report_missing_a_required_recipient_is_refused(p: Personas) -> None:
    complaint = panel_met(p)
    add_recommendations(complaint, p)
    Complaint.objects.filter(pk=complaint.pk).update(advocate_name="Jo Advocate")  # setup only
    complaint.refresh_from_db()
    everyone = circulation(complaint)
    assert {r.kind for r in everyone} == {"council", "complainant", "advocate", "stage2_ip"}
    for left_out, why in [
        ("council", "the council"),
        ("complainant", "the complainant"),
        ("advocate", "the advocate (Jo Advocate)"),
        ("stage2_ip", "the Stage 2 Independent Person (Ip Tester)"),
    ]:
        with refused(complaint, f"The report must also go to {why} (regulation 20)."):
            stage3.issue_panel_report(
                complaint,
                by=p.officer,
                summary_of_representations="Both spoke.",
                sent_on=REPORT_SENT_ON,
                circulation=[r for r in everyone if r.kind != left_out],
            )
    with refused(complaint, "Give a name for everyone on the list."):
        stage3.issue_panel_report(
            complaint,
            by=p.officer,
            summary_of_representations="Both spoke.",
            sent_on=REPORT_SENT_ON,
            circulation=[*everyone, stage3.Recipient(CirculationKind.OTHER, " ")],
        )
    with refused(complaint, "Summarise the representations the panel heard."):
        stage3.issue_panel_report(
            complaint,
            by=p.officer,
            summary_of_representations="",
            sent_on=REPORT_SENT_ON,
            circulation=everyone,
        )
    with refused(complaint, "The report cannot be sent before the panel met"):
        stage3.issue_panel_report(
            complaint,
            by=p.officer,
            summary_of_representations="Both spoke.",
            sent_on=MEETING_ON - timedelta(days=1),
            circulation=everyone,
        )


def test_rule_36_the_panels_recommendations_are_numbered_apart_from_stage2s(
    p: Personas,
) -> None:
    complaint = panel_met(p)
    add_recommendations(complaint, p)
    rows = list(
        Recommendation.objects.filter(complaint=complaint).values_list("stage", "number", "text")
    )
    assert rows == [
        (2, 1, "Apologise and review contact"),
        (3, 1, "Restore weekly contact"),
        (3, 2, "Pay £250 for the distress"),
    ]
    with refused(complaint, "Write the recommendation."):
        stage3.add_panel_recommendation(complaint, by=p.chair, text=" ")
    # A panel member who is not the chair does not write the report.
    with not_allowed(complaint):
        stage3.add_panel_recommendation(complaint, by=p.member, text="Something")


def test_rule_36_a_report_with_no_recommendations_must_say_so(p: Personas) -> None:
    complaint = panel_met(p)
    report = {
        "summary_of_representations": "Both spoke.",
        "sent_on": REPORT_SENT_ON,
        "circulation": circulation(complaint),
    }
    with refused(complaint, "Add the panel's recommendations first, or confirm"):
        stage3.issue_panel_report(complaint, by=p.chair, **report)
    stage3.issue_panel_report(complaint, by=p.chair, no_recommendations=True, **report)
    assert complaint.status == Status.STAGE3_RESPONSE


# -- rule 37: the council's response --------------------------------------------------------------


def _respond(complaint: Complaint, p: Personas, **changes: Any) -> Stage3:
    answers: dict[str, Any] = {
        "ip_participation": "The Independent Person met the Director on 2 June 2026.",
        "recommendations": decisions_on_panel_recommendations(),
        "ombudsman_information_given": True,
        "response_sent_on": RESPONSE_SENT_ON,
    }
    return stage3.respond_to_panel(complaint, by=p.manager, **(answers | changes))


def test_rule_37_a_decision_on_every_recommendation_and_an_action_for_each_accepted(
    p: Personas,
) -> None:
    complaint = panel_reported(p)
    assert _stage3(complaint).response_due_on == RESPONSE_DUE_ON
    _respond(complaint, p)
    first, second = Recommendation.objects.filter(complaint=complaint, stage=3)
    assert (first.accepted, first.decision_reasons) == (True, "Contact is in the child's interest.")
    assert (second.accepted, second.decided_by) == (False, p.manager)
    action = Action.objects.get(complaint=complaint, recommendation__stage=3)
    assert action.recommendation == first
    assert (action.description, action.owner, action.due_on) == (
        "Reinstate weekly contact",
        "Team manager, Children in Care",
        date(2026, 6, 30),
    )
    assert action.state == Action.State.OPEN
    stored = _stage3(complaint)
    assert stored.ip_participation == "The Independent Person met the Director on 2 June 2026."
    assert stored.ombudsman_information_given and stored.response_sent_on == RESPONSE_SENT_ON
    assert complaint.status == Status.STAGE3_COMPLETE
    # The procedure ends the day the response is sent, not the day it is recorded.
    assert complaint.closed_on == RESPONSE_SENT_ON
    # No Stage 3 clock runs; only the actions agreed (decision 018).
    assert all(label.startswith("Agreed action") for label in running(complaint))
    assert not Breach.objects.filter(complaint=complaint).exists()
    assert last_event(complaint).details["recommendations"] == {"1": True, "2": False}


def test_rule_37_the_stage2_independent_person_takes_part(p: Personas) -> None:
    complaint = panel_reported(p)
    with refused(complaint, "Record how the Stage 2 Independent Person took part"):
        _respond(complaint, p, ip_participation=" ")


def test_rule_37_without_a_stage2_independent_person_their_part_is_not_asked_for(
    p: Personas,
) -> None:
    complaint = panel_reported(p, route=Route.CORPORATE)
    assert {r.kind for r in circulation(complaint)} == {"council", "complainant"}
    _respond(complaint, p, ip_participation="")
    assert complaint.status == Status.STAGE3_COMPLETE


def test_rule_37_the_response_must_give_the_ombudsman_information(p: Personas) -> None:
    complaint = panel_reported(p)
    with refused(complaint, "Local Government and Social Care Ombudsman"):
        _respond(complaint, p, ombudsman_information_given=False)


def test_rule_37_reasons_always_and_an_owner_and_date_for_an_accepted_recommendation(
    p: Personas,
) -> None:
    complaint = panel_reported(p)
    accept, reject = decisions_on_panel_recommendations()
    no_reasons = decisions.RecommendationDecision(2, False, " ")
    with refused(complaint, "Give the reasons for the decision on recommendation 2."):
        _respond(complaint, p, recommendations=[accept, no_reasons])
    no_owner = decisions.RecommendationDecision(1, True, "Yes", action="Do it", due_on=None)
    with refused(complaint, "Recommendation 1 is accepted: give the action, its owner"):
        _respond(complaint, p, recommendations=[no_owner, reject])
    with refused(complaint, "Decide on every recommendation."):
        _respond(complaint, p, recommendations=[accept])


def test_rule_37_the_response_is_due_15_working_days_after_the_report_and_late_is_a_breach(
    p: Personas,
) -> None:
    """Worked example: the report received Friday 18 December 2026, so the response is due
    Wednesday 13 January 2027; sent on the 14th it is late."""
    with today_is(FRI_18_DEC_2026):
        complaint = panel_reported(
            p,
            letter_sent_on=date(2026, 11, 6),
            requested_on=date(2026, 11, 16),
            accepted_on=date(2026, 11, 17),
            meeting_on=date(2026, 12, 16),
            sent_on=FRI_18_DEC_2026,
        )
    assert _stage3(complaint).response_due_on == WED_13_JAN_2027
    late = date(2027, 1, 14)
    with today_is(late):
        with refused(complaint, "after the statutory date, Wednesday 13 January 2027"):
            _respond(complaint, p, response_sent_on=late)
        _respond(
            complaint,
            p,
            response_sent_on=late,
            late_reason="The Director was away.",
            letter_sent_on=date(2027, 1, 12),
        )
    breach = Breach.objects.get(complaint=complaint)
    assert breach.kind == BreachKind.COUNCIL_RESPONSE
    assert (breach.due_on, breach.happened_on) == (WED_13_JAN_2027, late)
    assert (breach.reason, breach.letter_sent_on) == ("The Director was away.", date(2027, 1, 12))


def test_rule_37_only_the_complaints_manager_records_the_response(p: Personas) -> None:
    complaint = panel_reported(p)
    with not_allowed(complaint):
        stage3.respond_to_panel(
            complaint,
            by=p.officer,
            ip_participation="x",
            recommendations=decisions_on_panel_recommendations(),
            ombudsman_information_given=True,
            response_sent_on=RESPONSE_SENT_ON,
        )
    with refused(complaint, "cannot be before the panel report was received"):
        _respond(complaint, p, response_sent_on=REPORT_SENT_ON - timedelta(days=1))


def test_stage3_builders_walk_the_worked_example_end_to_end(p: Personas) -> None:
    complaint = stage3_responded(p)
    stored = _stage3(complaint)
    assert (stored.panel_due_on, stored.met_on, stored.report_due_on) == (
        PANEL_DUE_ON,
        MEETING_ON,
        REPORT_DUE_ON,
    )
    assert (stored.report_received_on, stored.response_due_on) == (REPORT_SENT_ON, RESPONSE_DUE_ON)
    assert complaint.status == Status.STAGE3_COMPLETE
    stage3_events = [e for e in event_names(complaint) if e.split(".")[1] in STAGE3_EVENTS]
    assert stage3_events == [
        "complaint.request_stage3",
        "complaint.accept_stage3",
        "complaint.schedule_panel",
        "complaint.record_submission",
        "complaint.record_submission",
        "complaint.hold_panel",
        "complaint.add_panel_recommendation",
        "complaint.add_panel_recommendation",
        "complaint.issue_panel_report",
        "complaint.respond_to_panel",
    ]


STAGE3_EVENTS = {
    "request_stage3",
    "accept_stage3",
    "schedule_panel",
    "record_submission",
    "hold_panel",
    "add_panel_recommendation",
    "issue_panel_report",
    "respond_to_panel",
}
