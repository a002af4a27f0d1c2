"""One complaint from intake to the adjudication letter, through the actions alone."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.actions import appointments, stage2
from heard.complaints.models.choices import AppointmentRole, Status
from heard.decisions import actions as decisions
from heard.investigations import actions as investigations
from heard.investigations.models import Room
from tests.personas import create_personas, create_stage2_complaint

pytestmark = pytest.mark.django_db


def test_a_statutory_complaint_goes_from_intake_to_a_complete_stage2() -> None:
    p = create_personas()
    complaint = create_stage2_complaint(p)
    assert complaint.status == Status.STAGE2_SETUP
    assert complaint.stage2.request_due_on == date(2026, 4, 28)  # 25 WD over Easter 2026
    stage2.start_investigation(complaint, by=p.manager, on=date(2026, 3, 24))
    stage2.record_first_contact(complaint, by=p.io, contacted_on=date(2026, 3, 25))
    version = stage2.save_statement(
        complaint,
        by=p.io,
        based_on_version=0,
        points=[
            stage2.PointInput("Contact was cancelled", "Reinstate contact"),
            stage2.PointInput("No one returned my calls", "An apology"),
        ],
    )
    stage2.agree_statement(complaint, by=p.io, agreed_on=date(2026, 3, 27), how="Signed")
    investigations.record_consent(
        complaint,
        by=p.officer,
        signed_on=date(2026, 3, 27),
        signed_by="Sam Rivers",
        scope="Alex's social care file",
    )
    investigations.grant_records_access(complaint, by=p.officer)
    room = Room.objects.create(name="Room 1")
    start = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.get_current_timezone())
    interview = investigations.book_interview(
        complaint,
        by=p.officer,
        interviewee="Jo Social Worker",
        room=room,
        starts_at=start,
        ends_at=start.replace(hour=11),
        attendees="IO and IP",
    )
    investigations.record_interview_notes(complaint, by=p.io, interview=interview, notes="Notes")
    for point in complaint.points.all():
        decisions.record_finding(complaint, by=p.io, point=point, outcome="upheld", reasons="R")
    decisions.add_recommendation(complaint, by=p.io, text="Apologise and review contact")
    decisions.send_fact_check(complaint, by=p.io, sent_on=date(2026, 4, 8))
    decisions.return_fact_check(complaint, by=p.officer, returned_on=date(2026, 4, 10), comments="")
    decisions.finalise_report(complaint, by=p.io, final_on=date(2026, 4, 13))
    for point in complaint.points.all():
        decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=True, comments="")
    decisions.submit_ip_report(
        complaint, by=p.ip, fair_and_complete=True, concerns="", submitted_on=date(2026, 4, 14)
    )
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.adjudicator,
        role=AppointmentRole.ADJUDICATOR,
        conflict_declaration="None",
    )
    decisions.adjudicate(
        complaint,
        by=p.adjudicator,
        findings=[decisions.FindingDecision(n, True, "Agreed") for n in (1, 2)],
        recommendations=[
            decisions.RecommendationDecision(
                1,
                True,
                "Agreed",
                action="Apology letter",
                owner="Team manager",
                due_on=date(2026, 5, 1),
            )
        ],
        on=date(2026, 4, 17),
    )
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2026, 4, 20))
    complaint.refresh_from_db()
    assert complaint.status == Status.STAGE2_COMPLETE
    assert complaint.stage2.completed_within == "within 25 working days"
    assert version.number == 1
    assert CaseEvent.objects.filter(complaint_id=complaint.pk).count() >= 25
