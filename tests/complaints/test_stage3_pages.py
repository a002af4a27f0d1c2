"""The Stage 3 step pages and the case page's panel section, through the Django test client
(domain.md rules 30 to 37).

For each step: a valid answer by the right person changes the case and writes its event; a
bad answer shows the message beside the box and in the error summary and changes nothing.
Dates follow the worked example in ``stage3_helpers``: Stage 3 requested Monday 30 March
2026, so the panel must meet by Thursday 14 May 2026.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heard.complaints.models import Breach, Complaint, Stage3
from heard.complaints.models.choices import (
    AttendeeCapacity,
    BreachKind,
    CirculationKind,
    Status,
    SubmissionSource,
)
from heard.decisions import stage3
from heard.decisions.models import Action, PanelAttendee, PanelCirculation, PanelSubmission
from tests.complaints.stage3_helpers import (
    MEETING_ON,
    REPORT_SENT_ON,
    REQUESTED_ON,
    add_recommendations,
    panel_convened,
    panel_met,
    stage2_complete,
    stage3_accepted,
    stage3_requested,
    stage3_responded,
    submit,
)
from tests.complaints.step_pages import (
    as_user,
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    step_url,
    submit_ok,
    submit_refused,
)
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _stage3(complaint: Complaint) -> Stage3:
    return Stage3.objects.get(complaint=complaint)


def detail(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


# -- the request ----------------------------------------------------------------------------------


def test_request_stage3(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)
    page = page_text(get_step(client, p.officer, complaint, "request_stage3"))
    assert "Stage 3 should be asked for by Tuesday 14 April 2026" in page
    answers = {**day("requested_on", REQUESTED_ON), "channel": "letter", "what_remains": ""}

    submit_refused(
        client,
        p.officer,
        complaint,
        "request_stage3",
        {**answers, "requested_on_day": "", "requested_on_month": "", "requested_on_year": ""},
        "Enter the date the request was received",
        beside="id_requested_on",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "request_stage3",
        {**answers, **day("requested_on", date(2026, 3, 12))},
        "before the adjudication letter was sent, on Friday 13 March 2026",
        beside="id_requested_on",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "request_stage3",
        {**answers, "channel": ""},
        "Select how Stage 3 was asked for",
        beside="id_channel",
    )
    submit_ok(client, p.officer, complaint, "request_stage3", answers)
    assert complaint.status == Status.STAGE3_REQUESTED
    assert _stage3(complaint).channel == "letter"


def test_accept_stage3_asks_for_reasons_only_when_the_request_was_late(
    client: Client, p: Personas
) -> None:
    on_time = stage3_requested(p)
    page = page_text(get_step(client, p.manager, on_time, "accept_stage3"))
    assert "The panel must meet by Thursday 14 May 2026" in page
    assert "Why is the late request being accepted?" not in page
    submit_ok(client, p.manager, on_time, "accept_stage3", day("accepted_on", date(2026, 4, 1)))
    assert on_time.status == Status.STAGE3_PANEL

    late = stage3_requested(p, requested_on=date(2026, 4, 20))
    page = page_text(get_step(client, p.manager, late, "accept_stage3"))
    assert "Monday 20 April 2026 (late)" in page
    answers = {**day("accepted_on", date(2026, 4, 21)), "late_decision_reasons": ""}
    submit_refused(
        client,
        p.manager,
        late,
        "accept_stage3",
        answers,
        "A late request is never refused automatically",
        beside="id_late_decision_reasons",
    )
    submit_ok(
        client,
        p.manager,
        late,
        "accept_stage3",
        {**answers, "late_decision_reasons": "They were in hospital."},
    )
    assert _stage3(late).late_decision_reasons == "They were in hospital."
    forbidden(client, p.officer, late, "refuse_stage3", {})


def test_refuse_stage3_needs_a_senior_sign_off(client: Client, p: Personas) -> None:
    complaint = stage3_requested(p)
    page = page_text(get_step(client, p.manager, complaint, "refuse_stage3"))
    assert "Refusing a Stage 3 request is not a normal outcome" in page
    answers = {
        "reasons": "Decided by the court.",
        "signed_off_by": str(p.senior.pk),
        **day("letter_sent_on", date(2026, 4, 2)),
    }
    submit_refused(
        client,
        p.manager,
        complaint,
        "refuse_stage3",
        {**answers, "signed_off_by": str(p.officer.pk)},
        "Choose a senior manager from the list",
        beside="id_signed_off_by",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "refuse_stage3",
        {**answers, **day("letter_sent_on", date(2026, 3, 27))},
        "cannot be before the request was received",
        beside="id_letter_sent_on",
    )
    event = submit_ok(client, p.manager, complaint, "refuse_stage3", answers)
    assert complaint.status == Status.STAGE3_REFUSED
    assert event.details["statutory"] is True
    shown = page_text(as_user(client, p.manager).get(detail(complaint)))
    # Shown like every other decision (issue 8): under Decisions, with the sign-off.
    assert "Stage 3 request refused" in shown and "Signed off by Senior Tester" in shown


# -- the panel meeting ----------------------------------------------------------------------------


def _schedule(**changes: Any) -> dict[str, Any]:
    return {
        **day("meeting_on", MEETING_ON),
        "meeting_place": "County Hall",
        "complainant_availability": "Tuesdays and Thursdays",
        "late_reason": "",
        **changes,
    }


def test_schedule_panel(client: Client, p: Personas) -> None:
    complaint = stage3_accepted(p)
    page = page_text(get_step(client, p.officer, complaint, "schedule_panel"))
    assert "A working day no later than Thursday 14 May 2026" in page

    submit_refused(
        client,
        p.officer,
        complaint,
        "schedule_panel",
        _schedule(complainant_availability=""),
        "Enter when the complainant said they could attend",
        beside="id_complainant_availability",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "schedule_panel",
        _schedule(**day("meeting_on", date(2026, 5, 4))),
        "Monday 4 May 2026 is not a working day",
        beside="id_meeting_on",
    )
    late = _schedule(**day("meeting_on", date(2026, 5, 15)))
    submit_refused(
        client,
        p.officer,
        complaint,
        "schedule_panel",
        late,
        "after the statutory date, Thursday 14 May 2026",
        beside="id_late_reason",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "schedule_panel",
        {**late, "late_reason": "The chair is ill."},
        "Enter the date of the letter telling the complainant",
        beside="id_letter_sent_on",
    )
    submit_ok(
        client,
        p.officer,
        complaint,
        "schedule_panel",
        {**late, "late_reason": "The chair is ill.", **day("letter_sent_on", date(2026, 5, 1))},
    )
    assert Breach.objects.get(complaint=complaint).kind == BreachKind.PANEL_MEETING

    shown = page_text(as_user(client, p.officer).get(detail(complaint)))
    assert "1 statutory deadline missed on this complaint" in shown
    assert "Panel meeting later than 30 working days after the request" in shown
    assert "The chair is ill." in shown
    assert "Panel meeting Friday 15 May 2026 Late" in shown

    # Setting it again inside the limit replaces the date, and the breach goes.
    submit_ok(client, p.officer, complaint, "schedule_panel", _schedule())
    assert _stage3(complaint).meeting_on == MEETING_ON
    assert not Breach.objects.filter(complaint=complaint).exists()


def _submission(**changes: Any) -> dict[str, Any]:
    return {
        "source": SubmissionSource.COUNCIL,
        "name": "Head of Service",
        **day("received_on", date(2026, 5, 5)),
        "oral": "no",
        "summary": "The council's view of the Stage 2 outcome.",
        **changes,
    }


def test_record_submission(client: Client, p: Personas) -> None:
    complaint = panel_convened(p)
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_submission",
        _submission(source=""),
        "Select who made the submission",
        beside="id_source",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_submission",
        _submission(**day("received_on", date(2026, 3, 27))),
        "cannot be before the Stage 3 request",
        beside="id_received_on",
    )
    submit_ok(client, p.officer, complaint, "record_submission", _submission())
    stored = PanelSubmission.objects.get(complaint=complaint)
    assert (stored.source, stored.oral) == (SubmissionSource.COUNCIL, False)
    page = page_text(get_step(client, p.officer, complaint, "record_submission"))
    assert "The council Head of Service, Tuesday 5 May 2026" in page


def test_record_attendee(client: Client, p: Personas) -> None:
    complaint = panel_convened(p)
    stage3.record_attendee(
        complaint, by=p.officer, name="Pat Rivers", capacity=AttendeeCapacity.COMPANION
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_attendee",
        {"name": "Lee Friend", "capacity": AttendeeCapacity.COMPANION},
        "Pat Rivers is already recorded as accompanying the complainant",
        beside="id_capacity",
    )
    submit_refused(
        client,
        p.officer,
        complaint,
        "record_attendee",
        {
            "name": "Head of Service",
            "capacity": AttendeeCapacity.COUNCIL,
            "speaks_for_complainant": "on",
        },
        "Only the complainant, their advocate or the person accompanying them",
        beside="id_speaks_for_complainant",
    )
    submit_ok(
        client,
        p.officer,
        complaint,
        "record_attendee",
        {
            "name": "Jo Advocate",
            "capacity": AttendeeCapacity.ADVOCATE,
            "speaks_for_complainant": "on",
        },
    )
    assert PanelAttendee.objects.get(complaint=complaint, name="Jo Advocate").speaks_for_complainant


def test_hold_panel(client: Client, p: Personas) -> None:
    complaint = panel_convened(p)
    page = page_text(get_step(client, p.officer, complaint, "hold_panel"))
    assert "Submissions from the council None yet" in page
    submit_refused(
        client,
        p.officer,
        complaint,
        "hold_panel",
        day("met_on", MEETING_ON),
        "Record the council's submission to the panel first",
    )
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service")
    submit_refused(
        client,
        p.officer,
        complaint,
        "hold_panel",
        day("met_on", date(2026, 3, 2)),
        "cannot have met before the request was received",
        beside="id_met_on",
    )
    submit_ok(client, p.officer, complaint, "hold_panel", day("met_on", MEETING_ON))
    assert complaint.status == Status.STAGE3_REPORT
    assert _stage3(complaint).report_due_on == date(2026, 5, 19)


def test_the_panel_cannot_meet_until_it_is_complete(client: Client, p: Personas) -> None:
    complaint = stage3_accepted(p)
    page = page_text(get_step(client, p.officer, complaint, "hold_panel"))
    assert "The panel must be three independent people, one of them the chair" in page
    submit_refused(
        client,
        p.officer,
        complaint,
        "hold_panel",
        day("met_on", MEETING_ON),
        "it has 0 chairs and 0 other members",
    )


# -- the report -----------------------------------------------------------------------------------


def test_add_panel_recommendation_by_the_chair(client: Client, p: Personas) -> None:
    complaint = panel_met(p)
    submit_refused(
        client,
        p.chair,
        complaint,
        "add_panel_recommendation",
        {"text": ""},
        "Enter the recommendation",
        beside="id_text",
    )
    submit_ok(client, p.chair, complaint, "add_panel_recommendation", {"text": "Restore contact"})
    rec = complaint.recommendations.get(stage=3)
    assert (rec.number, rec.text) == (1, "Restore contact")
    forbidden(client, p.member, complaint, "add_panel_recommendation", {"text": "More"})


def _report(**changes: Any) -> dict[str, Any]:
    return {
        "summary_of_representations": "The complainant and the council both spoke.",
        **day("sent_on", REPORT_SENT_ON),
        "council": "Director of Children's Services",
        "complainant_1": "Sam Rivers",
        "stage2_ip": "Ip Tester",
        "others": "Alex's grandmother\n\n",
        **changes,
    }


def test_issue_panel_report_fills_in_the_circulation_from_the_case(
    client: Client, p: Personas
) -> None:
    complaint = panel_met(p)
    page = get_step(client, p.chair, complaint, "issue_panel_report").content.decode()
    assert 'value="Sam Rivers"' in page and 'value="Ip Tester"' in page
    assert "Director of Children&#x27;s Services, Demo Borough Council" in page
    assert "The panel made no recommendations" in page  # the confirmation box

    submit_refused(
        client,
        p.chair,
        complaint,
        "issue_panel_report",
        _report(),
        "Add the panel's recommendations first, or confirm that the panel made none.",
        beside="id_no_recommendations",
    )
    add_recommendations(complaint, p)
    submit_refused(
        client,
        p.chair,
        complaint,
        "issue_panel_report",
        _report(stage2_ip=""),
        "Enter the Stage 2 Independent Person's name: the report must go to them",
        beside="id_stage2_ip",
    )
    submit_refused(
        client,
        p.chair,
        complaint,
        "issue_panel_report",
        _report(summary_of_representations=""),
        "Enter a summary of the representations",
        beside="id_summary_of_representations",
    )
    submit_ok(client, p.chair, complaint, "issue_panel_report", _report())
    assert complaint.status == Status.STAGE3_RESPONSE
    rows = list(PanelCirculation.objects.filter(report__complaint=complaint).values_list("kind"))
    assert [k for (k,) in rows] == [
        CirculationKind.COUNCIL,
        CirculationKind.COMPLAINANT,
        CirculationKind.STAGE2_IP,
        CirculationKind.OTHER,
    ]
    assert _stage3(complaint).response_due_on == date(2026, 6, 9)


def test_the_report_asks_for_the_advocate_when_there_is_one(client: Client, p: Personas) -> None:
    complaint = panel_met(p)
    add_recommendations(complaint, p)
    Complaint.objects.filter(pk=complaint.pk).update(advocate_name="Jo Advocate")  # setup only
    page = get_step(client, p.chair, complaint, "issue_panel_report").content.decode()
    assert 'value="Jo Advocate"' in page
    submit_refused(
        client,
        p.chair,
        complaint,
        "issue_panel_report",
        _report(advocate=""),
        "Enter the advocate's name: the report must go to them",
        beside="id_advocate",
    )
    submit_ok(client, p.chair, complaint, "issue_panel_report", _report(advocate="Jo Advocate"))


# -- the council's response -----------------------------------------------------------------------


def _response(**changes: Any) -> dict[str, Any]:
    return {
        "ip_participation": "Met the Director on 2 June 2026.",
        "rec_1_accepted": "yes",
        "rec_1_reasons": "In the child's interest.",
        "rec_1_action": "Reinstate weekly contact",
        "rec_1_owner": "Team manager",
        **day("rec_1_due_on", date(2026, 6, 30)),
        "rec_2_accepted": "no",
        "rec_2_reasons": "The apology was enough.",
        "ombudsman_information_given": "on",
        **day("response_sent_on", date(2026, 6, 5)),
        "late_reason": "",
        **changes,
    }


def _reported(p: Personas) -> Complaint:
    complaint = panel_met(p)
    add_recommendations(complaint, p)
    stage3.issue_panel_report(
        complaint,
        by=p.chair,
        summary_of_representations="Both spoke.",
        sent_on=REPORT_SENT_ON,
        circulation=[
            stage3.Recipient(CirculationKind.COUNCIL, "Director"),
            stage3.Recipient(CirculationKind.COMPLAINANT, "Sam Rivers"),
            stage3.Recipient(CirculationKind.STAGE2_IP, "Ip Tester"),
        ],
    )
    return complaint


def test_respond_to_panel(client: Client, p: Personas) -> None:
    complaint = _reported(p)
    page = page_text(get_step(client, p.manager, complaint, "respond_to_panel"))
    assert "Panel recommendation 1 Restore weekly contact" in page
    assert "Ip Tester was the Stage 2 Independent Person" in page
    assert "Response due (15 working days) Tuesday 9 June 2026" in page

    submit_refused(
        client,
        p.manager,
        complaint,
        "respond_to_panel",
        {**_response(), "ombudsman_information_given": ""},
        "The response must tell the complainant they can take the complaint to the Local",
        beside="id_ombudsman_information_given",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "respond_to_panel",
        _response(rec_1_owner=""),
        "Enter who is responsible for recommendation 1",
        beside="id_rec_1_owner",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "respond_to_panel",
        _response(ip_participation=""),
        "Enter how the Stage 2 Independent Person took part",
        beside="id_ip_participation",
    )
    submit_refused(
        client,
        p.manager,
        complaint,
        "respond_to_panel",
        _response(rec_2_reasons=""),
        "Enter the reasons for the decision on recommendation 2",
        beside="id_rec_2_reasons",
    )
    forbidden(client, p.officer, complaint, "respond_to_panel", _response())
    submit_ok(client, p.manager, complaint, "respond_to_panel", _response())
    assert complaint.status == Status.STAGE3_COMPLETE
    action = Action.objects.get(complaint=complaint, recommendation__stage=3)
    assert (action.owner, action.due_on) == ("Team manager", date(2026, 6, 30))


# -- the case page --------------------------------------------------------------------------------


def test_the_case_page_shows_the_panel_its_report_and_the_response(
    client: Client, p: Personas
) -> None:
    complaint = stage3_responded(p)
    stage3_complete = Complaint.objects.get(pk=complaint.pk)
    assert stage3_complete.status == Status.STAGE3_COMPLETE
    shown = page_text(as_user(client, p.manager).get(detail(complaint)))
    start = shown.index("Stage 3 review panel")
    # Stage 3 comes after the people on the case page (decision 026): up to what follows it.
    panel = shown[start : shown.index("What has happened", start)]
    for expected in [
        "Received Monday 30 March 2026 by email",
        "The contact arrangements are still not back in place.",
        "Chair Tester Independent Reviews Ltd Chair Chair Tester declares no earlier dealings",
        "Member2 Tester Independent Reviews Ltd Member",
        "Met on Tuesday 12 May 2026, Committee Room 2, County Hall",
        "Any weekday in May except Mondays.",
        "Head of Service, Children in Care The council 12 May 2026 Written",
        "Sam Rivers The complainant",
        "Sent Monday 18 May 2026",
        "The complainant and the council both spoke.",
        "Sam Rivers (The complainant)",
        "Ip Tester (The Stage 2 Independent Person)",
        "1. Restore weekly contact Accepted Contact is in the child's interest. "
        "Reinstate weekly contact Team manager, Children in Care, due 30 Jun 2026 (open)",
        "2. Pay £250 for the distress Not accepted The Stage 2 apology was a sufficient remedy.",
        "How the Stage 2 Independent Person took part The Independent Person joined the meeting",
        "Ombudsman information given Yes",
    ]:
        assert expected in panel, expected
    dates = shown[shown.index("Stage 3 dates") : shown.index("Stage 3 review panel")]
    assert "Panel must meet by (30 working days) Thursday 14 May 2026" in dates
    assert "Council response sent Friday 5 June 2026 On time" in dates
    assert "Deadlines missed" not in shown


def test_the_case_page_shows_who_attends_and_who_speaks(client: Client, p: Personas) -> None:
    complaint = panel_convened(p)
    stage3.record_attendee(
        complaint,
        by=p.officer,
        name="Jo Advocate",
        capacity=AttendeeCapacity.ADVOCATE,
        speaks_for_complainant=True,
    )
    shown = page_text(as_user(client, p.chair).get(detail(complaint)))
    assert "Jo Advocate Advocate Nominated speaker" in shown
    assert "No submissions recorded yet." in shown


def _panel_with(p: Personas, n: int) -> Complaint:
    """A Stage 3 case through to the council's response, with ``n`` submissions, attendees,
    panel recommendations and other recipients of the report."""
    complaint = panel_met(p)
    for i in range(n):
        submit(complaint, p, SubmissionSource.OTHER, f"Relative {i}")
        stage3.record_attendee(
            complaint, by=p.officer, name=f"Officer {i}", capacity=AttendeeCapacity.COUNCIL
        )
        stage3.add_panel_recommendation(complaint, by=p.chair, text=f"Recommendation {i}")
    stage3.issue_panel_report(
        complaint,
        by=p.chair,
        summary_of_representations="Many spoke.",
        sent_on=REPORT_SENT_ON,
        circulation=[
            stage3.Recipient(CirculationKind.COUNCIL, "Director"),
            stage3.Recipient(CirculationKind.COMPLAINANT, "Sam Rivers"),
            stage3.Recipient(CirculationKind.STAGE2_IP, "Ip Tester"),
            *(stage3.Recipient(CirculationKind.OTHER, f"Relative {i}") for i in range(n)),
        ],
    )
    stage3.respond_to_panel(
        complaint,
        by=p.manager,
        ip_participation="Joined the meeting.",
        recommendations=[
            stage3.RecommendationDecision(
                number, True, "Yes", action="Do it", owner="Manager", due_on=date(2026, 7, 1)
            )
            for number in range(1, n + 1)
        ],
        ombudsman_information_given=True,
        response_sent_on=date(2026, 6, 5),
    )
    return complaint


def test_the_stage3_case_page_asks_the_database_the_same_however_much_is_recorded(
    client: Client, p: Personas
) -> None:
    """One of each or ten: the same questions. A kind of record a case has none of is not
    asked about (decision 033), so a case with less may ask fewer, never more."""
    small = stage3_responded(p)
    one = _panel_with(p, 1)
    big = _panel_with(p, 10)
    viewer = as_user(client, p.manager)

    def queries(complaint: Complaint) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer.get(detail(complaint)).status_code == 200
        return len(captured)

    assert queries(one) == queries(big)
    assert queries(small) <= queries(big)


# -- who may see it -------------------------------------------------------------------------------


def test_a_panel_member_sees_only_the_complaint_they_sit_on(client: Client, p: Personas) -> None:
    theirs = panel_convened(p)
    other = stage3_accepted(p)
    member = as_user(client, p.member)
    assert member.get(detail(theirs)).status_code == 200
    assert member.get(detail(other)).status_code == 404
    assert member.get(step_url(other, "record_submission")).status_code == 404
    hidden(client, p.member, other, "schedule_panel", {})
    # On their own complaint they see it but may not take the complaints team's steps.
    forbidden(client, p.member, theirs, "record_submission", {})


def test_the_panel_is_shown_only_once_the_request_is_accepted(client: Client, p: Personas) -> None:
    requested = stage3_requested(p, requested_on=date(2026, 4, 20))
    shown = page_text(as_user(client, p.manager).get(detail(requested)))
    assert "Stage 3 review panel The request Received Monday 20 April 2026 by email" in shown
    assert "After the advisory date" in shown
    assert "Panel members and their conflict of interest declarations" not in shown
    assert "Submissions to the panel" not in shown

    accepted = stage3_accepted(p)
    shown = page_text(as_user(client, p.manager).get(detail(accepted)))
    assert "Panel members and their conflict of interest declarations" in shown
    assert (
        "The panel meets only as three independent people, exactly one of them the chair" in shown
    )
