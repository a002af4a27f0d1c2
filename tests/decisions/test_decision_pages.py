"""The decision step pages, through the Django test client (domain.md rules 25 to 29).

For each step: a valid answer by the right person changes the case and writes its event; a
bad answer shows the message beside the box and in the error summary and changes nothing;
someone who can see the case but may not take the step gets 403 (the Independent Person
recording a finding, the Investigating Officer giving the Independent Person's view, the
Complaints Manager adjudicating); an Investigating Officer not appointed gets 404.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from heard.complaints.models import Complaint, Stage2
from heard.complaints.models.choices import Status
from heard.decisions import actions as decisions
from heard.decisions.models import Action, Finding, InvestigationReport, Recommendation
from tests.complaints.helpers import (
    FACT_CHECK_RETURNED_ON,
    FACT_CHECK_SENT_ON,
    REPORT_FINAL_ON,
    adjudicated,
    appoint_adjudicator,
    fact_checked,
    ip_reported,
    record_findings,
    report_final,
    statement_agreed,
)
from tests.complaints.step_pages import (
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    submit_ok,
    submit_refused,
)
from tests.personas import Personas, create_personas
from tests.shared import OneCaseForTheClass

# How a message names both points of the statement the helpers agree.
BOTH_POINTS = (
    "point 1 (“Contact was cancelled without notice”); point 2 (“No one returned my calls”)."
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _report(complaint: Complaint) -> InvestigationReport:
    return InvestigationReport.objects.get(complaint=complaint)


# -- the Investigating Officer's report ---------------------------------------------------


def test_record_finding(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    point = complaint.points.get(number=1)
    shown = page_text(get_step(client, p.io, complaint, "record_finding"))
    assert "Point 1: Contact was cancelled without notice" in shown
    assert "Unable to reach a finding" in shown
    data = {"point": str(point.pk), "outcome": "partially_upheld", "reasons": "Records show it"}

    submit_refused(
        client,
        p.io,
        complaint,
        "record_finding",
        {**data, "outcome": ""},
        "Choose a finding",
        beside="id_outcome",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "record_finding",
        {**data, "reasons": ""},
        "Enter the reasons for the finding",
        beside="id_reasons",
    )
    other = statement_agreed(p)
    submit_refused(
        client,
        p.io,
        complaint,
        "record_finding",
        {**data, "point": str(other.points.get(number=1).pk)},
        "Choose one of this complaint's points",
        beside="id_point",
    )
    forbidden(client, p.ip, complaint, "record_finding", data)
    submit_ok(client, p.io, complaint, "record_finding", data)
    assert Finding.objects.get(point=point).outcome == "partially_upheld"


def test_add_recommendation(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    data = {"text": "Apologise and review how contact is cancelled"}
    submit_refused(
        client,
        p.io,
        complaint,
        "add_recommendation",
        {"text": " "},
        "Enter the recommendation",
        beside="id_text",
    )
    forbidden(client, p.ip, complaint, "add_recommendation", data)
    submit_ok(client, p.io, complaint, "add_recommendation", data)
    assert complaint.recommendations.get().number == 1


def test_send_and_return_the_fact_check(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    sent = day("sent_on", FACT_CHECK_SENT_ON)
    submit_refused(
        client,
        p.io,
        complaint,
        "send_fact_check",
        sent,
        "Record a finding for every complaint point first. Still without one: " + BOTH_POINTS,
    )
    record_findings(complaint, p)
    forbidden(client, p.ip, complaint, "send_fact_check", sent)
    submit_ok(client, p.io, complaint, "send_fact_check", sent)
    assert _report(complaint).fact_check_sent_on == FACT_CHECK_SENT_ON

    returned = {**day("returned_on", FACT_CHECK_RETURNED_ON), "comments": "Date corrected"}
    submit_refused(
        client,
        p.officer,
        complaint,
        "return_fact_check",
        {**returned, **day("returned_on", date(2025, 10, 14))},
        "It cannot come back before it was sent.",
        beside="id_returned_on",
    )
    forbidden(client, p.ip, complaint, "return_fact_check", returned)
    submit_ok(client, p.officer, complaint, "return_fact_check", returned)
    assert _report(complaint).fact_check_comments == "Date corrected"


def test_finalise_report(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    data = {**day("final_on", REPORT_FINAL_ON), "summary": "Both points upheld."}
    submit_refused(
        client,
        p.io,
        complaint,
        "finalise_report",
        data,
        "Send the draft report for fact-checking first.",
    )
    fact_checked(complaint, p)
    tomorrow = timezone.localdate() + timedelta(days=1)
    submit_refused(
        client,
        p.io,
        complaint,
        "finalise_report",
        {**data, **day("final_on", tomorrow)},
        "The date cannot be in the future.",
        beside="id_final_on",
    )
    submit_refused(
        client,
        p.io,
        complaint,
        "finalise_report",
        {**data, **day("final_on", date(2025, 10, 16))},
        "The report cannot be final before the fact-check came back on Friday 17 October 2025.",
        beside="id_final_on",
    )
    forbidden(client, p.ip, complaint, "finalise_report", data)
    submit_ok(client, p.io, complaint, "finalise_report", data)
    assert complaint.status == Status.STAGE2_ADJUDICATION
    assert Stage2.objects.get(complaint=complaint).report_date == REPORT_FINAL_ON


# -- the Independent Person ---------------------------------------------------------------


def test_record_ip_view(client: Client, p: Personas) -> None:
    complaint = report_final(p)
    point = complaint.points.get(number=2)
    data = {"point": str(point.pk), "agrees": "no", "comments": "The call log was not checked."}
    submit_refused(
        client,
        p.ip,
        complaint,
        "record_ip_view",
        {**data, "agrees": ""},
        "Choose whether you agree with the finding",
        beside="id_agrees",
    )
    submit_refused(
        client,
        p.ip,
        complaint,
        "record_ip_view",
        {**data, "comments": ""},
        "Say why you disagree with the finding.",
        beside="id_comments",
    )
    forbidden(client, p.io, complaint, "record_ip_view", data)
    event = submit_ok(client, p.ip, complaint, "record_ip_view", data)
    assert "disagrees with the finding on point 2" in event.summary
    assert point.__class__.objects.get(pk=point.pk).ip_view.agrees is False


def test_submit_ip_report(client: Client, p: Personas) -> None:
    complaint = report_final(p)
    data = {"fair_and_complete": "no", "concerns": "", **day("submitted_on", date(2025, 10, 22))}
    submit_refused(
        client,
        p.ip,
        complaint,
        "submit_ip_report",
        data,
        "Record your view on every finding first. Still without one: " + BOTH_POINTS,
    )
    for point in complaint.points.all():
        decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=True, comments="")
    submit_refused(
        client,
        p.ip,
        complaint,
        "submit_ip_report",
        data,
        "Say why the investigation was unfair or incomplete.",
        beside="id_concerns",
    )
    forbidden(client, p.io, complaint, "submit_ip_report", data)
    submit_ok(
        client,
        p.ip,
        complaint,
        "submit_ip_report",
        {**data, "concerns": "The team manager was not interviewed."},
    )
    report = complaint.ip_report
    assert report.investigation_fair_and_complete is False
    assert report.concerns == "The team manager was not interviewed."


# -- adjudication -------------------------------------------------------------------------


def _ready_to_adjudicate(p: Personas) -> Complaint:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    return complaint


def _decisions(**changes: Any) -> dict[str, Any]:
    return {
        "finding_1_accepted": "yes",
        "finding_1_reasons": "The records support the finding.",
        "finding_2_accepted": "no",
        "finding_2_reasons": "The call log shows two calls were returned.",
        "rec_1_accepted": "yes",
        "rec_1_reasons": "Agreed: contact matters most to Alex.",
        "rec_1_action": "Write to apologise and review the contact procedure",
        "rec_1_owner": "Team manager, Children in Care",
        **day("rec_1_due_on", date(2025, 11, 14)),
        **changes,
    }


def test_adjudicate_decides_every_finding_and_recommendation(client: Client, p: Personas) -> None:
    complaint = _ready_to_adjudicate(p)
    page = get_step(client, p.adjudicator, complaint, "adjudicate")
    shown = page_text(page)
    assert "Point 1 Complaint Contact was cancelled without notice" in shown
    assert "Investigating Officer's finding Upheld The records show it" in shown
    assert "Independent Person Agrees" in shown
    assert "Recommendation 1 Apologise and review contact" in shown
    assert 'name="rec_1_due_on_day"' in page.content.decode()

    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "adjudicate",
        _decisions(finding_2_reasons=""),
        "Enter the reasons for your decision on point 2",
        beside="id_finding_2_reasons",
    )
    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "adjudicate",
        _decisions(finding_1_accepted=""),
        "Choose whether you accept the finding on point 1",
        beside="id_finding_1_accepted",
    )
    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "adjudicate",
        _decisions(rec_1_owner=""),
        "Enter who is responsible for recommendation 1",
        beside="id_rec_1_owner",
    )
    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "adjudicate",
        _decisions(rec_1_due_on_day="", rec_1_due_on_month="", rec_1_due_on_year=""),
        "Enter the date the action on recommendation 1 is due",
        beside="id_rec_1_due_on",
    )
    forbidden(client, p.manager, complaint, "adjudicate", _decisions())

    event = submit_ok(client, p.adjudicator, complaint, "adjudicate", _decisions())
    assert event.details == {"findings": {"1": True, "2": False}, "recommendations": {"1": True}}
    finding = Finding.objects.get(point__complaint=complaint, point__number=2)
    assert finding.adjudication_accepted is False
    action = Action.objects.get(complaint=complaint)
    assert (action.owner, action.due_on) == ("Team manager, Children in Care", date(2025, 11, 14))

    # The page opens again with the decisions made, to change them.
    page = get_step(client, p.adjudicator, complaint, "adjudicate").content.decode()
    assert 'value="no" checked' in page
    assert "Team manager, Children in Care" in page


def test_a_rejected_recommendation_needs_no_action(client: Client, p: Personas) -> None:
    complaint = _ready_to_adjudicate(p)
    submit_ok(
        client,
        p.adjudicator,
        complaint,
        "adjudicate",
        _decisions(
            rec_1_accepted="no",
            rec_1_reasons="Already done",
            rec_1_action="",
            rec_1_owner="",
            rec_1_due_on_day="",
            rec_1_due_on_month="",
            rec_1_due_on_year="",
        ),
    )
    assert Recommendation.objects.get(complaint=complaint).accepted is False
    assert not Action.objects.filter(complaint=complaint).exists()


def test_adjudication_letter(client: Client, p: Personas) -> None:
    complaint = _ready_to_adjudicate(p)
    data = day("sent_on", date(2025, 10, 27))
    shown = page_text(get_step(client, p.adjudicator, complaint, "send_adjudication_letter"))
    assert "a decision on each finding, with reasons" in shown
    assert "each action the council will take, who is responsible for it and when" in shown
    assert "the complainant's right to ask for Stage 3" in shown
    assert "the Local Government and Social Care Ombudsman's contact details" in shown
    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "send_adjudication_letter",
        data,
        "Record the adjudication decisions before the letter.",
    )
    forbidden(client, p.io, complaint, "send_adjudication_letter", data)


def test_adjudication_letter_completes_stage2(client: Client, p: Personas) -> None:
    complaint = adjudicated(p)
    shown = page_text(get_step(client, p.adjudicator, complaint, "send_adjudication_letter"))
    assert "Write to apologise Team manager, Children in Care 14 November 2025" in shown
    tomorrow = timezone.localdate() + timedelta(days=1)
    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "send_adjudication_letter",
        day("sent_on", tomorrow),
        "The date cannot be in the future.",
        beside="id_sent_on",
    )
    submit_refused(
        client,
        p.adjudicator,
        complaint,
        "send_adjudication_letter",
        {},
        "Enter the date the letter was sent",
        beside="id_sent_on",
    )
    event = submit_ok(
        client,
        p.adjudicator,
        complaint,
        "send_adjudication_letter",
        day("sent_on", date(2025, 10, 27)),
    )
    assert complaint.status == Status.STAGE2_COMPLETE
    assert event.details == {"completed_within": "within 25 working days"}
    assert Stage2.objects.get(complaint=complaint).stage3_request_by == date(2025, 11, 24)


class TestAnOfficerNotAppointedToAdjudicate(OneCaseForTheClass):
    """The same case for every step: built once for the class (tests/shared.py)."""

    build = staticmethod(_ready_to_adjudicate)

    @pytest.mark.parametrize(
        "event", ["record_ip_view", "submit_ip_report", "adjudicate", "send_adjudication_letter"]
    )
    def test_an_investigating_officer_not_appointed_gets_404(
        self, client: Client, p: Personas, complaint: Complaint, event: str
    ) -> None:
        hidden(client, p.other_io, complaint, event, {})


class TestReportStepsHiddenFromAnOfficerNotAppointed(OneCaseForTheClass):
    """The same case for every step: built once for the class (tests/shared.py)."""

    build = staticmethod(statement_agreed)

    @pytest.mark.parametrize(
        "event",
        [
            "record_finding",
            "add_recommendation",
            "send_fact_check",
            "return_fact_check",
            "finalise_report",
        ],
    )
    def test_report_steps_are_hidden_from_an_officer_not_appointed(
        self, client: Client, p: Personas, complaint: Complaint, event: str
    ) -> None:
        hidden(client, p.other_io, complaint, event, {})
