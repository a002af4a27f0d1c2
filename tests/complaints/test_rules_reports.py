"""Domain rules 25 to 29 (docs/domain.md section 9): findings, reports and adjudication.

Stage 2 requested Friday 26 September 2025: due Friday 31 October 2025 (25 WD), at the latest
Tuesday 30 December 2025 (65 WD). The IO's report is final on Monday 20 October 2025.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from heard.complaints.actions import appointments, stage2
from heard.complaints.models import Complaint, ComplaintPoint, Stage2
from heard.complaints.models.choices import AppointmentRole, Status
from heard.complaints.models.choices import Finding as FindingOutcome
from heard.decisions import actions as decisions
from heard.decisions.models import (
    Action,
    Finding,
    IndependentPersonReport,
    IndependentPersonView,
    InvestigationReport,
    Recommendation,
)
from heard.people.models import User
from tests.complaints.helpers import (
    ADJUDICATED_ON,
    FACT_CHECK_RETURNED_ON,
    FACT_CHECK_SENT_ON,
    REPORT_FINAL_ON,
    adjudicated,
    all_accepted,
    appoint_adjudicator,
    fact_checked,
    ip_reported,
    last_event,
    not_allowed,
    record_findings,
    refused,
    report_final,
    running,
    statement_agreed,
)
from tests.personas import Personas, create_personas

# How a message names the second point of the statement the helpers agree.
POINT_2 = "point 2 (“No one returned my calls”)"

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def _point(complaint: Complaint, number: int) -> ComplaintPoint:
    return ComplaintPoint.objects.get(complaint=complaint, number=number)


def _find(
    complaint: Complaint,
    by: User,
    number: int,
    outcome: str = "upheld",
    reasons: str = "The contact log shows three cancellations",
) -> Finding:
    return decisions.record_finding(
        complaint, by=by, point=_point(complaint, number), outcome=outcome, reasons=reasons
    )


# Rule 25: exactly one IO finding per point, with reasons; none missing when the report is final.


@pytest.mark.parametrize("outcome", FindingOutcome.values)
def test_rule_25_each_point_gets_one_of_the_four_findings(p: Personas, outcome: str) -> None:
    complaint = statement_agreed(p)
    finding = _find(complaint, p.io, 1, outcome=outcome)
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.outcome, stored.reasons) == (
        outcome,
        "The contact log shows three cancellations",
    )
    assert stored.recorded_by == p.io


def test_rule_25_exactly_one_finding_per_point(p: Personas) -> None:
    complaint = statement_agreed(p)
    _find(complaint, p.io, 1, outcome="upheld")
    _find(complaint, p.io, 1, outcome="partially_upheld", reasons="On reflection, in part")
    stored = Finding.objects.get(point=_point(complaint, 1))
    assert (stored.outcome, stored.reasons) == ("partially_upheld", "On reflection, in part")
    assert Finding.objects.filter(point__complaint=complaint).count() == 1


@pytest.mark.parametrize(
    ("outcome", "reasons", "message"),
    [
        ("guilty", "Reasons", "Choose a finding"),
        ("upheld", "  ", "Give the reasons for the finding"),
    ],
)
def test_rule_25_finding_must_be_listed_and_reasoned(
    p: Personas, outcome: str, reasons: str, message: str
) -> None:
    complaint = statement_agreed(p)
    with refused(complaint, message):
        _find(complaint, p.io, 1, outcome=outcome, reasons=reasons)


def test_rule_25_report_not_final_while_a_point_lacks_a_finding(p: Personas) -> None:
    complaint = statement_agreed(p)
    _find(complaint, p.io, 1)
    message = f"Record a finding for every complaint point first. Still without one: {POINT_2}."
    with refused(complaint, message):
        decisions.send_fact_check(complaint, by=p.io, sent_on=FACT_CHECK_SENT_ON)
    with refused(complaint, message):
        decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)

    _find(complaint, p.io, 2, outcome="not_upheld")
    fact_checked(complaint, p)
    decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)
    assert complaint.status == Status.STAGE2_ADJUDICATION


def test_rule_25_an_exceptional_point_needs_its_finding_too(p: Personas) -> None:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    stage2.add_point_exceptionally(
        complaint,
        by=p.manager,
        text="Contact cancelled again",
        desired_outcomes="Restore it",
        route="statutory_children_act",
        reasons="A new incident during the investigation",
    )
    with refused(complaint, "Still without one: point 3 (“Contact cancelled again”)."):
        decisions.send_fact_check(complaint, by=p.io, sent_on=FACT_CHECK_SENT_ON)


def test_rule_25_only_the_appointed_io_records_findings(p: Personas) -> None:
    complaint = statement_agreed(p)
    for user in (p.manager, p.officer, p.other_io, p.ip):
        with not_allowed(complaint):
            _find(complaint, user, 1)


def test_rule_25_findings_follow_the_agreed_statement_of_this_complaint(p: Personas) -> None:
    complaint = statement_agreed(p)
    other = statement_agreed(p)
    with refused(complaint, "That point is not on this complaint"):
        decisions.record_finding(
            complaint, by=p.io, point=_point(other, 1), outcome="upheld", reasons="R"
        )

    Stage2.objects.filter(complaint=complaint).update(statement_agreed_on=None)
    with refused(complaint, "The Statement of Complaint has not been agreed"):
        _find(complaint, p.io, 1)


# Rule 26: the IP's view on each finding, and on the investigation's fairness.


def test_rule_26_ip_records_agreement_or_disagreement_per_finding(p: Personas) -> None:
    complaint = report_final(p)
    decisions.record_ip_view(
        complaint, by=p.ip, point=_point(complaint, 1), agrees=True, comments=""
    )
    with refused(complaint, "Say why you disagree with the finding"):
        decisions.record_ip_view(
            complaint, by=p.ip, point=_point(complaint, 2), agrees=False, comments=" "
        )
    decisions.record_ip_view(
        complaint,
        by=p.ip,
        point=_point(complaint, 2),
        agrees=False,
        comments="The call log was not checked",
    )
    views = IndependentPersonView.objects.filter(point__complaint=complaint).order_by(
        "point__number"
    )
    assert [(v.point.number, v.agrees, v.comments) for v in views] == [
        (1, True, ""),
        (2, False, "The call log was not checked"),
    ]


def test_rule_26_ip_report_needs_a_view_on_every_finding(p: Personas) -> None:
    complaint = report_final(p)
    decisions.record_ip_view(
        complaint, by=p.ip, point=_point(complaint, 1), agrees=True, comments=""
    )
    message = f"Record your view on every finding first. Still without one: {POINT_2}."
    with refused(complaint, message):
        decisions.submit_ip_report(
            complaint, by=p.ip, fair_and_complete=True, concerns="", submitted_on=date(2025, 10, 22)
        )


def test_rule_26_ip_report_explains_an_unfair_or_incomplete_investigation(p: Personas) -> None:
    complaint = report_final(p)
    for point in complaint.points.all():
        decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=True, comments="")
    with refused(complaint, "Say why the investigation was unfair or incomplete"):
        decisions.submit_ip_report(
            complaint,
            by=p.ip,
            fair_and_complete=False,
            concerns="",
            submitted_on=date(2025, 10, 22),
        )
    decisions.submit_ip_report(
        complaint,
        by=p.ip,
        fair_and_complete=False,
        concerns="The foster carer was not interviewed",
        submitted_on=date(2025, 10, 22),
    )
    report = IndependentPersonReport.objects.get(complaint=complaint)
    assert report.investigation_fair_and_complete is False
    assert report.concerns == "The foster carer was not interviewed"
    assert (report.submitted_on, report.submitted_by) == (date(2025, 10, 22), p.ip)


def test_rule_26_only_the_ip_gives_the_view_and_only_on_a_final_report(p: Personas) -> None:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    with refused(
        complaint,
        "You cannot record the Independent Person's view on a finding while the complaint "
        "is 'stage 2 investigation'",
    ):
        decisions.record_ip_view(
            complaint, by=p.ip, point=_point(complaint, 1), agrees=True, comments=""
        )
    complaint = report_final(p)
    for user in (p.io, p.manager):
        with not_allowed(complaint):
            decisions.record_ip_view(
                complaint, by=user, point=_point(complaint, 1), agrees=True, comments=""
            )


# Rule 27: the draft's fact-check is sent, returned and logged before the report is final.


def test_rule_27_fact_check_is_recorded_before_the_report_is_final(p: Personas) -> None:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    with refused(complaint, "Send the draft report for fact-checking first"):
        decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)
    with refused(complaint, "The draft has not been sent for fact-checking"):
        decisions.return_fact_check(
            complaint, by=p.officer, returned_on=FACT_CHECK_RETURNED_ON, comments=""
        )

    decisions.send_fact_check(complaint, by=p.io, sent_on=FACT_CHECK_SENT_ON)
    with refused(complaint, "Record the fact-check's return (and any comments) first"):
        decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)
    with refused(complaint, "It cannot come back before it was sent"):
        decisions.return_fact_check(
            complaint, by=p.officer, returned_on=date(2025, 10, 14), comments=""
        )

    decisions.return_fact_check(
        complaint,
        by=p.officer,
        returned_on=FACT_CHECK_RETURNED_ON,
        comments="The date of the review meeting was 3 March, not 4 March",
    )
    with refused(
        complaint,
        "The report cannot be final before the fact-check came back on Friday 17 October 2025",
    ):
        decisions.finalise_report(complaint, by=p.io, final_on=date(2025, 10, 16))

    decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)
    report = InvestigationReport.objects.get(complaint=complaint)
    assert (report.fact_check_sent_on, report.fact_check_returned_on, report.final_on) == (
        FACT_CHECK_SENT_ON,
        FACT_CHECK_RETURNED_ON,
        REPORT_FINAL_ON,
    )
    assert report.fact_check_comments.startswith("The date of the review meeting")
    assert Stage2.objects.get(complaint=complaint).report_date == REPORT_FINAL_ON
    assert Complaint.objects.get(pk=complaint.pk).status == Status.STAGE2_ADJUDICATION


def test_rule_27_a_second_draft_must_come_back_again(p: Personas) -> None:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    fact_checked(complaint, p)
    decisions.send_fact_check(complaint, by=p.io, sent_on=date(2025, 10, 20))
    assert InvestigationReport.objects.get(complaint=complaint).fact_check_returned_on is None
    with refused(complaint, "Record the fact-check's return"):
        decisions.finalise_report(complaint, by=p.io, final_on=date(2025, 10, 21))


def test_rule_27_only_the_io_makes_the_report_final(p: Personas) -> None:
    complaint = statement_agreed(p)
    record_findings(complaint, p)
    fact_checked(complaint, p)
    for user in (p.manager, p.ip):
        with not_allowed(complaint):
            decisions.finalise_report(complaint, by=user, final_on=REPORT_FINAL_ON)
    with refused(complaint, "The date cannot be in the future"):
        decisions.finalise_report(
            complaint, by=p.io, final_on=timezone.localdate() + timedelta(days=1)
        )


# Rule 28: the adjudicating officer decides every finding and recommendation.


def test_rule_28_the_adjudicator_is_a_senior_manager_not_the_io_or_ip(p: Personas) -> None:
    complaint = report_final(p)
    for person, message in [
        (p.officer, "is not an adjudicating officer (senior manager)"),
        (p.io, "is already the Investigating Officer on this complaint"),
        (p.ip, "is already the Independent Person on this complaint"),
    ]:
        with refused(complaint, message):
            appointments.appoint(
                complaint,
                by=p.manager,
                person=person,
                role=AppointmentRole.ADJUDICATOR,
                conflict_declaration="None",
            )
    appoint_adjudicator(complaint, p)


def test_rule_28_only_the_appointed_adjudicator_adjudicates(p: Personas) -> None:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    for user in (p.senior, p.manager, p.io, p.ip):
        with not_allowed(complaint):
            decisions.adjudicate(complaint, by=user, **all_accepted(complaint))


def test_rule_28_the_ip_report_comes_before_adjudication(p: Personas) -> None:
    complaint = report_final(p)
    appoint_adjudicator(complaint, p)
    with refused(complaint, "The Independent Person's report is needed before adjudication"):
        decisions.adjudicate(complaint, by=p.adjudicator, **all_accepted(complaint))


def test_rule_28_a_decision_per_finding_and_an_owned_dated_action(p: Personas) -> None:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    good = all_accepted(complaint)
    finding1, finding2 = good["findings"]
    [rec] = good["recommendations"]
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {"findings": [finding1]},
            f"Decide on every finding. Still without a decision: {POINT_2}.",
        ),
        (
            {"findings": [finding1, finding2, decisions.FindingDecision(9, True, "R")]},
            "Give one decision for each point, and only for points on this complaint",
        ),
        ({"findings": [finding1, finding1, finding2]}, "Give one decision for each point"),
        ({"recommendations": []}, "Decide on every recommendation"),
        (
            {"findings": [finding1, decisions.FindingDecision(2, False, " ")]},
            "Give reasons for each decision",
        ),
        (
            {"recommendations": [decisions.RecommendationDecision(1, True, "Agreed")]},
            "Recommendation 1 is accepted: give the action, its owner and its due date",
        ),
    ]
    for overrides, message in cases:
        with refused(complaint, message):
            decisions.adjudicate(complaint, by=p.adjudicator, **(good | overrides))

    decisions.adjudicate(
        complaint,
        by=p.adjudicator,
        findings=[finding1, decisions.FindingDecision(2, False, "The calls were returned")],
        recommendations=[rec],
    )
    findings = Finding.objects.filter(point__complaint=complaint).order_by("point__number")
    assert [(f.adjudication_accepted, f.adjudication_reasons) for f in findings] == [
        (True, "Agreed with the IO"),
        (False, "The calls were returned"),
    ]
    stored = Recommendation.objects.get(complaint=complaint)
    assert (stored.accepted, stored.decided_by) == (True, p.adjudicator)
    action = Action.objects.get(recommendation=stored)
    assert (action.owner, action.due_on) == ("Team manager, Children in Care", date(2025, 11, 14))
    assert last_event(complaint).details == {
        "findings": {"1": True, "2": False},
        "recommendations": {"1": True},
    }


def test_rule_28_the_letter_gives_the_stage3_deadline(p: Personas) -> None:
    complaint = adjudicated(p)
    letter = decisions.send_adjudication_letter(
        complaint, by=p.adjudicator, sent_on=date(2025, 10, 31)
    )
    assert letter.stage3_request_by == date(2025, 11, 28)  # 20 working days after the letter
    assert "Stage 3 may be requested by Friday 28 November 2025" in last_event(complaint).summary


# Rule 29: complete only when the letter is sent; timeliness judged on the letter's date.


def test_rule_29_stage2_complete_only_when_the_letter_is_sent(p: Personas) -> None:
    complaint = report_final(p)
    ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    with refused(complaint, "Record the adjudication decisions before the letter"):
        decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 31))

    decisions.adjudicate(complaint, by=p.adjudicator, **all_accepted(complaint), on=ADJUDICATED_ON)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.STAGE2_ADJUDICATION
    assert complaint.stage2.adjudication_date is not None
    assert not complaint.stage2.is_complete
    assert complaint.stage2.completed_within == ""
    with refused(complaint, "The date cannot be in the future"):
        decisions.send_adjudication_letter(
            complaint, by=p.adjudicator, sent_on=timezone.localdate() + timedelta(days=1)
        )
    with not_allowed(complaint):
        decisions.send_adjudication_letter(complaint, by=p.io, sent_on=date(2025, 10, 31))

    decisions.send_adjudication_letter(complaint, by=p.officer, sent_on=date(2025, 10, 31))
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.STAGE2_COMPLETE
    assert complaint.stage2.is_complete
    # No Stage 2 clock runs any more; only the action the adjudication agreed (decision 018).
    assert list(running(complaint)) == ["Agreed action (Team manager, Children in Care)"]
    with refused(complaint, "while the complaint is 'stage 2 complete'"):
        decisions.send_adjudication_letter(complaint, by=p.officer, sent_on=date(2025, 11, 3))


@pytest.mark.parametrize(
    ("sent_on", "verdict"),
    [
        (date(2025, 10, 31), "within 25 working days"),
        (date(2025, 11, 3), "within the 65-working-day limit"),
        (date(2025, 12, 30), "within the 65-working-day limit"),
        (date(2025, 12, 31), "late"),
    ],
)
def test_rule_29_timeliness_is_judged_on_the_letter_not_the_report(
    p: Personas, sent_on: date, verdict: str
) -> None:
    complaint = adjudicated(p)  # the report was final on 20 October, inside 25 working days
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=sent_on)
    stored = Stage2.objects.get(complaint=complaint)
    assert stored.report_date == REPORT_FINAL_ON
    assert stored.completed_within == verdict
    assert last_event(complaint).details == {"completed_within": verdict}
