"""The Stage 1 step pages, through the Django test client (domain.md rules 8 to 14).

Received Monday 2 March 2026: Stage 1 due Monday 16 March, at the latest Monday 30 March
2026. A response sent Friday 13 March 2026 means Stage 2 should be asked for by Tuesday
14 April 2026 (Good Friday and Easter Monday are skipped).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from heard.complaints.actions import stage1
from heard.complaints.models import Appointment, Complaint, Stage1, Stage2
from heard.complaints.models.choices import AppointmentRole, Status
from tests.complaints.helpers import running
from tests.complaints.step_pages import (
    day,
    forbidden,
    get_step,
    hidden,
    page_text,
    submit_ok,
    submit_refused,
)
from tests.personas import Personas, create_personas, create_stage1_complaint, create_user

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)


@pytest.fixture
def p() -> Personas:
    return create_personas()


@pytest.fixture
def open_stage1(p: Personas) -> Complaint:
    """In Stage 1 with the responder assigned."""
    complaint = create_stage1_complaint(p.officer, received_on=RECEIVED)
    stage1.assign_responder(complaint, by=p.officer, responder=p.responder)
    return complaint


def answered(p: Personas) -> Complaint:
    complaint = create_stage1_complaint(p.officer, received_on=RECEIVED)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 3, 13), resolved=False, summary="Not upheld"
    )
    return complaint


def stage1_of(complaint: Complaint) -> Stage1:
    return Stage1.objects.get(complaint=complaint)


# -- the responder ------------------------------------------------------------------------


def test_assign_a_responder(client: Client, p: Personas) -> None:
    complaint = create_stage1_complaint(p.officer, received_on=RECEIVED)
    page = get_step(client, p.officer, complaint, "assign_responder").content.decode()
    assert f'<option value="{p.responder.pk}">Responder Tester</option>' in page
    assert f'<option value="{p.io.pk}">' not in page  # an external investigator is not staff
    assert "Choose a member of staff" in page
    submit_ok(client, p.officer, complaint, "assign_responder", {"responder": p.responder.pk})
    appointment = Appointment.objects.get(complaint=complaint)
    assert (appointment.person_id, appointment.role) == (
        p.responder.pk,
        AppointmentRole.STAGE1_RESPONDER,
    )


def test_assign_responder_refusals(client: Client, p: Personas, open_stage1: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "assign_responder",
        {},
        "Select who will respond",
        beside="id_responder",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "assign_responder",
        {"responder": p.io.pk},
        "Select who will respond",
        beside="id_responder",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "assign_responder",
        {"responder": p.responder.pk},
        "Responder Tester already has a role on this complaint.",
        beside="id_responder",
    )
    leaver = create_user("leaver", "staff_member", is_active=False)
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "assign_responder",
        {"responder": leaver.pk},
        "Select who will respond",
        beside="id_responder",
    )


def test_a_responder_may_not_assign_and_others_see_nothing(
    client: Client, p: Personas, open_stage1: Complaint
) -> None:
    forbidden(client, p.responder, open_stage1, "assign_responder", {"responder": p.officer.pk})
    forbidden(client, p.responder, open_stage1, "request_stage2", {})
    for user in (p.other_io, p.outsider, p.adjudicator):
        hidden(client, user, open_stage1, "extend_stage1", {})


# -- extending Stage 1 --------------------------------------------------------------------


def _extension(**changes: Any) -> dict[str, Any]:
    answers = {
        "reason": "complex",
        "detail": "Three teams were involved",
        **day("new_due_on", date(2026, 3, 30)),
        **day("letter_sent_on", date(2026, 3, 12)),
    }
    answers.update(changes)
    return answers


def test_the_responder_extends_stage1(client: Client, p: Personas, open_stage1: Complaint) -> None:
    words = page_text(get_step(client, p.responder, open_stage1, "extend_stage1"))
    assert "Currently due Monday 16 March 2026" in words
    assert "Latest possible date (20 working days) Monday 30 March 2026" in words
    assert "no later than Monday 30 March 2026" in words
    event = submit_ok(client, p.responder, open_stage1, "extend_stage1", _extension())
    assert event.summary == "Stage 1 extended to Monday 30 March 2026"
    assert event.details["letter_sent_on"] == "2026-03-12"
    s1 = stage1_of(open_stage1)
    assert (s1.due_on, s1.extension_reason, s1.extension_detail) == (
        date(2026, 3, 30),
        "complex",
        "Three teams were involved",
    )
    assert running(open_stage1)["Stage 1 response"] == date(2026, 3, 30)


def test_extension_refusals(client: Client, p: Personas, open_stage1: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "extend_stage1",
        _extension(**day("new_due_on", date(2026, 3, 31))),
        "Stage 1 cannot run beyond 20 working days: the latest date is Monday 30 March 2026.",
        beside="id_new_due_on",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "extend_stage1",
        _extension(**day("new_due_on", date(2026, 3, 21))),
        "The new date must be a working day.",
        beside="id_new_due_on",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "extend_stage1",
        _extension(reason=""),
        "Select why more time is needed",
        beside="id_reason",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "extend_stage1",
        _extension(detail=""),
        "Explain why more time is needed",
        beside="id_detail",
    )


def test_stage1_is_extended_only_once(client: Client, p: Personas, open_stage1: Complaint) -> None:
    submit_ok(
        client,
        p.officer,
        open_stage1,
        "extend_stage1",
        _extension(**day("new_due_on", date(2026, 3, 23))),
    )
    message = "Stage 1 has already been extended once; it cannot be extended again."
    assert message in page_text(get_step(client, p.officer, open_stage1, "extend_stage1"))
    submit_refused(client, p.officer, open_stage1, "extend_stage1", _extension(), message)


# -- the response -------------------------------------------------------------------------


def test_record_the_stage1_response(client: Client, p: Personas, open_stage1: Complaint) -> None:
    assert "Response due Monday 16 March 2026" in page_text(
        get_step(client, p.responder, open_stage1, "record_stage1_response")
    )
    event = submit_ok(
        client,
        p.responder,
        open_stage1,
        "record_stage1_response",
        {
            **day("sent_on", date(2026, 3, 13)),
            "resolved": "yes",
            "summary": "Contact restored",
            "terms_of_resolution": "Weekly contact from 20 March",
        },
    )
    assert "Stage 2 may be requested by Tuesday 14 April 2026" in event.summary
    s1 = stage1_of(open_stage1)
    assert (s1.response_sent_on, s1.resolved, s1.terms_of_resolution, s1.stage2_request_by) == (
        date(2026, 3, 13),
        True,
        "Weekly contact from 20 March",
        date(2026, 4, 14),
    )
    c = Complaint.objects.get(pk=open_stage1.pk)
    assert c.status == Status.STAGE1_RESPONDED and c.due_on is None


def test_response_refusals(client: Client, p: Personas, open_stage1: Complaint) -> None:
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "record_stage1_response",
        {**day("sent_on", date(2026, 3, 13)), "resolved": "yes", "summary": "Resolved"},
        "Set out the terms of resolution agreed with the complainant.",
        beside="id_terms_of_resolution",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "record_stage1_response",
        {**day("sent_on", date(2026, 2, 27)), "resolved": "no", "summary": "Not upheld"},
        "The response cannot be before the complaint was received.",
        beside="id_sent_on",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "record_stage1_response",
        {**day("sent_on", date(2026, 3, 13)), "summary": "Not upheld"},
        "Select yes if the complaint was resolved",
        beside="id_resolved",
    )


# -- asking for Stage 2 -------------------------------------------------------------------


def test_request_stage2_shows_the_advisory_deadline(client: Client, p: Personas) -> None:
    complaint = answered(p)
    words = page_text(get_step(client, p.officer, complaint, "request_stage2"))
    assert "Stage 2 should be asked for by Tuesday 14 April 2026" in words
    assert "This is advice, not a bar" in words
    event = submit_ok(
        client,
        p.officer,
        complaint,
        "request_stage2",
        {
            **day("requested_on", date(2026, 4, 1)),
            "channel": "phone",
            "details": "Unhappy with the response",
        },
    )
    assert event.summary == "Stage 2 requested on Wednesday 1 April 2026"
    s2 = Stage2.objects.get(complaint=complaint)
    assert (s2.requested_on, s2.request_channel, s2.request_was_late) == (
        date(2026, 4, 1),
        "phone",
        False,
    )
    assert Complaint.objects.get(pk=complaint.pk).status == Status.STAGE2_REQUESTED


def test_a_late_stage2_request_needs_recorded_reasons(client: Client, p: Personas) -> None:
    complaint = answered(p)
    late = {**day("requested_on", date(2026, 4, 20)), "channel": "letter"}
    submit_refused(
        client,
        p.officer,
        complaint,
        "request_stage2",
        late,
        "The request is after Tuesday 14 April 2026. A late request is never refused "
        "automatically: record the decision to accept it and why.",
        beside="id_late_reasons",
    )
    submit_ok(
        client, p.officer, complaint, "request_stage2", {**late, "late_reasons": "Was in hospital"}
    )
    s2 = Stage2.objects.get(complaint=complaint)
    assert s2.request_was_late and s2.late_request_decided_by_id == p.officer.pk


def test_stage2_before_an_unanswered_stage1_is_due_is_refused(
    client: Client, p: Personas, open_stage1: Complaint
) -> None:
    words = page_text(get_step(client, p.officer, open_stage1, "request_stage2"))
    assert "Stage 2 can be asked for once its due date, Monday 16 March 2026, has passed" in words
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "request_stage2",
        {**day("requested_on", date(2026, 3, 10)), "channel": "email"},
        "Stage 1 has not been answered and is not yet past its due date (Monday 16 March 2026).",
        beside="id_requested_on",
    )
    submit_refused(
        client,
        p.officer,
        open_stage1,
        "request_stage2",
        {**day("requested_on", date(2026, 3, 17))},
        "Select how Stage 2 was asked for",
        beside="id_channel",
    )
    submit_ok(
        client,
        p.officer,
        open_stage1,
        "request_stage2",
        {**day("requested_on", date(2026, 3, 17)), "channel": "email"},
    )
