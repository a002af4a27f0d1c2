"""Issue 8, point 7: access ends with the work (docs/decisions/022-access-ends-with-the-work.md).

Each appointment ends when its role's work ends, in the same transaction as the step that ends
it, with a case event saying whose appointment ended and why. After the end the person's case
page answers 404; an independent officer keeps only the page for recording their time and fees,
for ``HEARD_FEES_ACCESS_DAYS`` after the end. A Stage 1 responder never sees Stage 2 or 3.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.access import complaints_visible_to
from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.models import Appointment, Complaint, TimeEntry
from heard.complaints.models.choices import AppointmentRole, Status
from heard.decisions import stage3, tracking
from heard.investigations import actions as investigations
from heard.people.models import User
from tests.complaints.helpers import adjudicated, stage2_investigating
from tests.complaints.stage3_helpers import (
    stage2_complete,
    stage3_requested,
    stage3_responded,
    today_is,
)
from tests.complaints.step_pages import day, step_url
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def case_page(client: Client, user: User, complaint: Complaint) -> int:
    client.force_login(user)
    return client.get(reverse("complaints:detail", args=[complaint.pk])).status_code


def time_page(client: Client, user: User, complaint: Complaint) -> int:
    client.force_login(user)
    return client.get(step_url(complaint, "record_time")).status_code


def current(complaint: Complaint, user: User) -> bool:
    return Appointment.objects.filter(
        complaint=complaint, person=user, ended_on__isnull=True
    ).exists()


def ending_events(complaint: Complaint, user: User) -> list[CaseEvent]:
    return [
        e
        for e in CaseEvent.objects.filter(complaint_id=complaint.pk, name="appointment.ended")
        if e.details.get("person") == user.pk
    ]


def assert_ended(client: Client, complaint: Complaint, user: User, why: str, by: User) -> None:
    """Not current, 404 on the case page, and one ending event with who did it and why."""
    assert not current(complaint, user)
    assert case_page(client, user, complaint) == 404
    events = ending_events(complaint, user)
    assert len(events) == 1, [e.summary for e in events]
    assert why in events[0].summary
    assert str(user) in events[0].summary
    assert events[0].by_id == by.pk


def assigned_responder(p: Personas) -> Complaint:
    complaint = create_stage1_complaint(p.manager)
    stage1.assign_responder(complaint, by=p.officer, responder=p.responder)
    return complaint


# -- Stage 1: the responder's work ends when Stage 1 ends ----------------------------------


def test_the_stage1_response_ends_the_responder(client: Client, p: Personas) -> None:
    complaint = assigned_responder(p)
    assert case_page(client, p.responder, complaint) == 200
    stage1.record_stage1_response(
        complaint, by=p.responder, sent_on=date(2026, 3, 13), resolved=False, summary="Not upheld"
    )
    assert_ended(client, complaint, p.responder, "Stage 1 response was sent", p.responder)


def test_a_stage2_request_before_the_response_ends_the_responder(
    client: Client, p: Personas
) -> None:
    complaint = assigned_responder(p)
    stage2.request_stage2(complaint, by=p.officer, requested_on=date(2026, 3, 20), channel="phone")
    assert complaint.status == Status.STAGE2_REQUESTED
    assert_ended(client, complaint, p.responder, "Stage 2 was asked for", p.officer)


def test_closing_at_stage1_ends_the_responder(client: Client, p: Personas) -> None:
    complaint = assigned_responder(p)
    intake.close(complaint, by=p.manager, reason="Withdrawn by the complainant")
    assert_ended(client, complaint, p.responder, "closed", p.manager)


def test_the_stage1_responder_never_sees_stage2_or_3(client: Client, p: Personas) -> None:
    """Even an appointment left open (say from before this rule) gives a responder no sight of
    a complaint past Stage 1, and the case page shows them nothing of the later stages."""
    from heard.complaints.access import sees_later_stages

    complaint = stage2_investigating(p)
    Appointment.objects.create(
        complaint=complaint,
        person=p.responder,
        role=AppointmentRole.STAGE1_RESPONDER,
        appointed_on=date(2025, 9, 1),
        appointed_by=p.officer,
    )
    assert complaint not in complaints_visible_to(p.responder)
    assert case_page(client, p.responder, complaint) == 404
    assert not sees_later_stages(p.responder, complaint)
    assert sees_later_stages(p.io, complaint)
    assert sees_later_stages(p.officer, complaint)


def test_the_case_page_leaves_later_stages_out_for_a_responder(client: Client, p: Personas) -> None:
    """The page check behind the visibility rule: a responder's case page never has the Stage 2
    or Stage 3 sections, whatever the complaint holds."""
    from heard.complaints.views.case_page import CasePage, case_queryset

    complaint = stage2_investigating(p)
    Appointment.objects.create(
        complaint=complaint,
        person=p.responder,
        role=AppointmentRole.STAGE1_RESPONDER,
        appointed_on=date(2025, 9, 1),
        appointed_by=p.officer,
    )
    loaded = case_queryset().get(pk=complaint.pk)
    as_responder = CasePage.build(loaded, p.responder, timezone.localdate())
    assert not as_responder.shows_later_stages
    assert as_responder.stage2_dates == [] and as_responder.tasks == []
    as_io = CasePage.build(loaded, p.io, timezone.localdate())
    assert as_io.shows_later_stages and as_io.stage2_dates


# -- Stage 2 ----------------------------------------------------------------------------------


def test_the_adjudication_letter_ends_the_io_ip_and_adjudicator(
    client: Client, p: Personas
) -> None:
    complaint = adjudicated(p)
    for user in (p.io, p.ip, p.adjudicator):
        assert case_page(client, user, complaint) == 200
    stage2_complete_letter(complaint, p)
    for user in (p.io, p.ip, p.adjudicator):
        assert_ended(client, complaint, user, "Stage 2 is complete", p.adjudicator)


def stage2_complete_letter(complaint: Complaint, p: Personas) -> None:
    from heard.decisions import actions as decisions

    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2026, 3, 13))


def non_engagement_closed(p: Personas) -> Complaint:
    complaint = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        complaint, by=p.manager, reasons="No reply", letter_sent_on=date(2025, 10, 20)
    )
    return complaint


def test_closing_for_non_engagement_ends_the_investigators(client: Client, p: Personas) -> None:
    complaint = non_engagement_closed(p)
    for user in (p.io, p.ip):
        assert_ended(client, complaint, user, "non-engagement", p.manager)


def test_reopening_brings_back_the_investigators_whose_work_resumes(
    client: Client, p: Personas
) -> None:
    complaint = non_engagement_closed(p)
    stage2.reopen(complaint, by=p.manager, reasons="The complainant was in hospital")
    for user in (p.io, p.ip):
        assert current(complaint, user)
        assert case_page(client, user, complaint) == 200
        assert CaseEvent.objects.filter(
            complaint_id=complaint.pk, name="appointment.resumed", details__person=user.pk
        ).exists()


def test_someone_stood_down_is_not_brought_back(client: Client, p: Personas) -> None:
    """Only an appointment ended because its work ended comes back; one ended by a decision
    (replaced or stood down) stays ended."""
    complaint = stage2_investigating(p)
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.other_io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
    )
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        investigations.record_contact_attempt(
            complaint, by=p.other_io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        complaint, by=p.manager, reasons="No reply", letter_sent_on=date(2025, 10, 20)
    )
    stage2.reopen(complaint, by=p.manager, reasons="Exceptional")
    assert current(complaint, p.other_io)
    assert not current(complaint, p.io)


# -- Stage 3 ----------------------------------------------------------------------------------


def test_a_stage3_request_keeps_the_io_and_ip_but_not_the_adjudicator(
    client: Client, p: Personas
) -> None:
    complaint = stage3_requested(p)
    for user in (p.io, p.ip):
        assert current(complaint, user)
        assert case_page(client, user, complaint) == 200
    assert case_page(client, p.adjudicator, complaint) == 404


def test_the_council_response_ends_the_panel_and_the_stage2_investigators(
    client: Client, p: Personas
) -> None:
    complaint = stage3_responded(p)
    assert complaint.status == Status.STAGE3_COMPLETE
    for user in (p.chair, p.member, p.member2, p.io, p.ip):
        assert not current(complaint, user)
        assert case_page(client, user, complaint) == 404
        events = ending_events(complaint, user)
        assert events and "council has responded to the panel" in events[-1].summary


def test_a_stage3_refusal_ends_the_io_and_ip_again(client: Client, p: Personas) -> None:
    complaint = stage3_requested(p)
    stage3.refuse_stage3(
        complaint,
        by=p.manager,
        reasons="Nothing remains to consider",
        signed_off_by=p.senior,
        letter_sent_on=date(2026, 4, 2),
    )
    for user in (p.io, p.ip):
        assert not current(complaint, user)
        assert case_page(client, user, complaint) == 404
        assert "Stage 3 was refused" in ending_events(complaint, user)[-1].summary


def test_archiving_ends_any_appointment_still_open(client: Client, p: Personas) -> None:
    """An appointment left open on ended work (from before this rule) ends when archived."""
    complaint = stage2_complete(p)
    Appointment.objects.filter(complaint=complaint, person=p.io).update(ended_on=None)
    for action in complaint.actions.all():
        tracking.complete_action(
            complaint, by=p.officer, action=action, completed_on=date(2026, 3, 20), evidence="Done"
        )
        tracking.sign_off_action(complaint, by=p.manager, action=action)
    tracking.archive(complaint, by=p.manager)
    complaint.refresh_from_db()
    assert complaint.archived_on is not None
    assert not current(complaint, p.io)
    assert case_page(client, p.io, complaint) == 404
    assert "archived" in ending_events(complaint, p.io)[-1].summary


# -- after the end: time and fees only, for a set period --------------------------------------


def time_form(p: Personas, complaint: Complaint, worked_on: date) -> dict[str, Any]:
    appointment = Appointment.objects.get(complaint=complaint, person=p.io)
    return {
        "appointment": str(appointment.pk),
        **day("worked_on", worked_on),
        "hours": "2",
        "fee": "100",
        "description": "Wrote up the final notes",
    }


def test_the_time_page_works_within_the_period_and_not_after(
    client: Client, p: Personas, settings: Any
) -> None:
    settings.FEES_ACCESS_DAYS = 90
    complaint = stage2_complete(p)
    ended_on = Appointment.objects.get(complaint=complaint, person=p.io).ended_on
    assert ended_on is not None
    assert case_page(client, p.io, complaint) == 404
    with today_is(ended_on + timedelta(days=90)):
        assert time_page(client, p.io, complaint) == 200
        response = client.post(
            step_url(complaint, "record_time"), time_form(p, complaint, ended_on)
        )
        assert response.status_code == 302
        assert TimeEntry.objects.filter(appointment__person=p.io).count() == 1
        # Every other step and page of the case stays closed to them.
        assert client.get(step_url(complaint, "record_contact_attempt")).status_code == 404
    with today_is(ended_on + timedelta(days=91)):
        assert time_page(client, p.io, complaint) == 404
        response = client.post(
            step_url(complaint, "record_time"), time_form(p, complaint, ended_on)
        )
        assert response.status_code == 404
        assert TimeEntry.objects.filter(appointment__person=p.io).count() == 1


def test_the_period_is_a_setting(client: Client, p: Personas, settings: Any) -> None:
    complaint = stage2_complete(p)
    settings.FEES_ACCESS_DAYS = 0
    assert time_page(client, p.io, complaint) == 200  # the day it ended
    with today_is(timezone.localdate() + timedelta(days=1)):
        assert time_page(client, p.io, complaint) == 404


def test_roles_not_paid_for_their_time_keep_nothing(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)
    assert time_page(client, p.adjudicator, complaint) == 404
    responder_case = assigned_responder(p)
    stage1.record_stage1_response(
        responder_case,
        by=p.officer,
        sent_on=date(2026, 3, 13),
        resolved=False,
        summary="Not upheld",
    )
    assert time_page(client, p.responder, responder_case) == 404


def test_the_migration_ends_appointments_on_work_already_ended(client: Client, p: Personas) -> None:
    """Appointments left open before this rule (on ended work, or on an archived complaint)
    are ended by the data migration, each with its event; current work is left alone."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    name = "0007_access_appointments_end_with_the_work"
    migration = import_module(f"heard.complaints.migrations.{name}")
    # The models as the migration sees them (no methods), not today's.
    apps = MigrationExecutor(connection).loader.project_state(("complaints", name)).apps
    finished = stage2_complete(p)
    Appointment.objects.filter(complaint=finished).update(ended_on=None, ended_with_work=False)
    ongoing = stage2_investigating_for_other_io(p)
    migration.end_finished_work(apps, None)
    for user in (p.io, p.ip, p.adjudicator):
        assert not current(finished, user)
        assert len(ending_events(finished, user)) == 2  # the letter's, then the migration's
    assert current(ongoing, p.other_io)


def stage2_investigating_for_other_io(p: Personas) -> Complaint:
    complaint = create_stage1_complaint(p.manager, received_on=date(2026, 2, 2))
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 2, 13), resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(complaint, by=p.officer, requested_on=date(2026, 2, 20), channel="phone")
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=date(2026, 2, 23))
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.other_io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
    )
    return complaint


def test_the_step_that_ends_your_part_takes_you_to_your_cases_not_a_missing_page(
    client: Client, p: Personas
) -> None:
    """The responder's last step ends their appointment: the page after it says so and lists
    their cases, instead of sending them to a case page they may no longer open (a 404)."""
    complaint = assigned_responder(p)
    client.force_login(p.responder)
    answer = {
        **day("sent_on", date(2026, 3, 13)),
        "resolved": "no",
        "summary": "Not upheld: the cancellations were unavoidable.",
    }
    response = client.post(step_url(complaint, "record_stage1_response"), answer, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("complaints:mine")
    page = response.content.decode()
    assert "Stage 1 response recorded." in page
    assert f"Your part in {complaint.reference} has ended" in page
    assert not current(complaint, p.responder)
