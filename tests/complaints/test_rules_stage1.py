"""Domain rules 8 to 11 (docs/domain.md section 9): Stage 1, local resolution.

Worked example from the domain reference: received Friday 19 December 2025, so Stage 1 is due
Wednesday 7 January 2026 (10 working days over Christmas) and may be extended to at most
Wednesday 21 January 2026 (20 working days).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from heard.complaints.actions import intake, stage1, stage2
from heard.complaints.models import Complaint, Stage1
from heard.complaints.models.choices import Route, Status
from heard.complaints.transitions import NotAllowed
from heard.people.models import User
from tests.complaints.helpers import last_event, not_allowed, refused, running
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

FRI_19_DEC_2025 = date(2025, 12, 19)
WED_7_JAN_2026 = date(2026, 1, 7)
WED_21_JAN_2026 = date(2026, 1, 21)


@pytest.fixture
def p() -> Personas:
    return create_personas()


@pytest.fixture
def complaint(p: Personas) -> Complaint:
    """Received 19 December 2025 and in Stage 1."""
    return create_stage1_complaint(p.officer, received_on=FRI_19_DEC_2025)


def _stage1(complaint: Complaint) -> Stage1:
    return Stage1.objects.get(complaint=complaint)


def _extend(complaint: Complaint, by: User, new_due_on: date, reason: str = "complex") -> Stage1:
    return stage1.extend_stage1(
        complaint,
        by=by,
        reason=reason,
        detail="Three teams are involved",
        new_due_on=new_due_on,
        letter_sent_on=date(2026, 1, 5),
    )


# Rule 8: Stage 1 is due 10 working days after receipt.


def test_rule_08_stage1_due_10_working_days_after_receipt(
    p: Personas, complaint: Complaint
) -> None:
    record = _stage1(complaint)
    assert record.started_on == FRI_19_DEC_2025
    assert record.due_on == WED_7_JAN_2026
    assert record.cap_on == WED_21_JAN_2026
    assert running(complaint)["Stage 1 response"] == WED_7_JAN_2026
    assert last_event(complaint).details == {"due_on": "2026-01-07", "rule": "stage1_response"}


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        (date(2025, 12, 20), WED_7_JAN_2026),  # a Saturday: day 1 is Monday 22 December
        (date(2025, 12, 24), date(2026, 1, 12)),  # Christmas, Boxing Day and New Year skipped
        (date(2026, 3, 27), date(2026, 4, 14)),  # Good Friday and Easter Monday skipped
    ],
)
def test_rule_08_receipt_day_is_never_counted(p: Personas, received_on: date, due_on: date) -> None:
    complaint = create_stage1_complaint(p.officer, received_on=received_on)
    assert _stage1(complaint).due_on == due_on


def test_rule_08_stage1_clock_starts_once(p: Personas, complaint: Complaint) -> None:
    with refused(complaint, "You cannot start Stage 1 while the complaint is 'stage 1 open'"):
        stage1.start_stage1(complaint, by=p.officer)


def test_rule_08_only_complaints_staff_start_stage1(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    intake.classify(complaint, by=p.officer, route=Route.CORPORATE, reason="Corporate matter")
    with not_allowed(complaint):
        stage1.start_stage1(complaint, by=p.responder)


# Rule 9: extended once, with a reason and a letter, never beyond receipt + 20 WD.


def test_rule_09_stage1_extends_once_only(p: Personas, complaint: Complaint) -> None:
    extended = _extend(complaint, p.officer, date(2026, 1, 14))
    assert extended.due_on == date(2026, 1, 14)
    assert extended.extended_on == timezone.localdate()
    assert (extended.extension_reason, extended.extension_detail) == (
        "complex",
        "Three teams are involved",
    )
    assert running(complaint)["Stage 1 response"] == date(2026, 1, 14)
    assert last_event(complaint).details == {
        "from": "2026-01-07",
        "to": "2026-01-14",
        "reason": "complex",
        "letter_sent_on": "2026-01-05",
    }

    with refused(complaint, "Stage 1 has already been extended once; it cannot be extended again"):
        _extend(complaint, p.officer, WED_21_JAN_2026)


def test_rule_09_no_due_date_beyond_20_working_days(p: Personas, complaint: Complaint) -> None:
    with refused(
        complaint,
        "Stage 1 cannot run beyond 20 working days: the latest date is Wednesday 21 January 2026",
    ):
        _extend(complaint, p.officer, date(2026, 1, 22))

    assert _extend(complaint, p.officer, WED_21_JAN_2026, reason="advocate").due_on == (
        WED_21_JAN_2026
    )


@pytest.mark.parametrize("reason", ["", "busy"])
def test_rule_09_extension_needs_complexity_or_an_advocate(
    p: Personas, complaint: Complaint, reason: str
) -> None:
    with refused(complaint, "Give the reason for the extension: the complaint is complex"):
        _extend(complaint, p.officer, date(2026, 1, 14), reason=reason)


@pytest.mark.parametrize(
    ("new_due_on", "message"),
    [
        (WED_7_JAN_2026, "The new date must be after the current due date, Wednesday 7 January"),
        (date(2026, 1, 10), "The new date must be a working day"),  # a Saturday
    ],
)
def test_rule_09_new_date_is_a_later_working_day(
    p: Personas, complaint: Complaint, new_due_on: date, message: str
) -> None:
    with refused(complaint, message):
        _extend(complaint, p.officer, new_due_on)


def test_rule_09_assigned_responder_may_extend_others_may_not(
    p: Personas, complaint: Complaint
) -> None:
    with not_allowed(complaint):
        _extend(complaint, p.responder, date(2026, 1, 14))
    stage1.assign_responder(complaint, by=p.officer, responder=p.responder)
    assert _extend(complaint, p.responder, date(2026, 1, 14)).due_on == date(2026, 1, 14)
    with pytest.raises(NotAllowed):
        _extend(complaint, p.outsider, WED_21_JAN_2026)


def test_rule_09_no_extension_once_answered_or_before_stage1(
    p: Personas, complaint: Complaint
) -> None:
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=WED_7_JAN_2026, resolved=False, summary="Not upheld"
    )
    with refused(complaint, "You cannot extend Stage 1 while the complaint is 'stage 1 responded'"):
        _extend(complaint, p.officer, date(2026, 1, 14))

    new = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    with refused(new, "You cannot extend Stage 1 while the complaint is 'being recorded'"):
        _extend(new, p.officer, date(2026, 1, 14))


# Rule 10: a written response, terms of resolution if resolved, and the Stage 2 window.


def test_rule_10_response_says_how_and_by_when_to_ask_for_stage2(
    p: Personas, complaint: Complaint
) -> None:
    record = stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=WED_7_JAN_2026, resolved=False, summary="Not upheld"
    )
    assert record.response_sent_on == WED_7_JAN_2026
    assert record.response_summary == "Not upheld"
    assert record.stage2_request_by == date(2026, 2, 4)  # 20 working days after the response
    complaint.refresh_from_db()
    assert complaint.status == Status.STAGE1_RESPONDED
    assert complaint.due_on is None
    event = last_event(complaint)
    assert "Stage 2 may be requested by Wednesday 4 February 2026" in event.summary
    assert event.details == {"resolved": False, "late": False, "stage2_request_by": "2026-02-04"}


def test_rule_10_resolved_needs_terms_of_resolution(p: Personas, complaint: Complaint) -> None:
    with refused(complaint, "Set out the terms of resolution agreed with the complainant"):
        stage1.record_stage1_response(
            complaint, by=p.officer, sent_on=WED_7_JAN_2026, resolved=True, summary="Resolved"
        )
    record = stage1.record_stage1_response(
        complaint,
        by=p.officer,
        sent_on=WED_7_JAN_2026,
        resolved=True,
        summary="Resolved",
        terms_of_resolution="Weekly contact restored from 12 January; written apology.",
    )
    assert record.resolved is True
    assert record.terms_of_resolution.startswith("Weekly contact restored")


def test_rule_10_response_needs_its_written_summary(p: Personas, complaint: Complaint) -> None:
    with refused(complaint, "Summarise the written response sent to the complainant"):
        stage1.record_stage1_response(
            complaint, by=p.officer, sent_on=WED_7_JAN_2026, resolved=False, summary=" "
        )


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (None, "The response cannot be before the complaint was received"),
        (1, "The date sent cannot be in the future"),
    ],
)
def test_rule_10_response_date_must_be_possible(
    p: Personas, complaint: Complaint, offset: int | None, message: str
) -> None:
    sent_on = (
        date(2025, 12, 18) if offset is None else timezone.localdate() + timedelta(days=offset)
    )
    with refused(complaint, message):
        stage1.record_stage1_response(
            complaint, by=p.officer, sent_on=sent_on, resolved=False, summary="Not upheld"
        )


def test_rule_10_no_response_before_stage1_starts(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    with refused(complaint, "You cannot record the Stage 1 response while the complaint is"):
        stage1.record_stage1_response(
            complaint, by=p.officer, sent_on=WED_7_JAN_2026, resolved=False, summary="Not upheld"
        )


def test_rule_10_a_late_response_is_recorded_as_late(p: Personas, complaint: Complaint) -> None:
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 1, 8), resolved=False, summary="Not upheld"
    )
    event = last_event(complaint)
    assert event.details["late"] is True
    assert "(late)" in event.summary


def test_rule_10_only_staff_or_the_responder_record_the_response(
    p: Personas, complaint: Complaint
) -> None:
    with not_allowed(complaint):
        stage1.record_stage1_response(
            complaint, by=p.io, sent_on=WED_7_JAN_2026, resolved=False, summary="Not upheld"
        )


# Rule 11: unanswered by its due date, Stage 1 is eligible for Stage 2 on request.


def test_rule_11_unanswered_stage1_is_eligible_after_its_due_date(
    p: Personas, complaint: Complaint
) -> None:
    assert not stage1.is_eligible_for_stage2_on_request(complaint, WED_7_JAN_2026)
    assert stage1.is_eligible_for_stage2_on_request(complaint, date(2026, 1, 8))

    with refused(
        complaint,
        "Stage 1 has not been answered and is not yet past its due date (Wednesday 7 January 2026)",
    ):
        stage2.request_stage2(complaint, by=p.officer, requested_on=WED_7_JAN_2026, channel="phone")

    stage2.request_stage2(complaint, by=p.officer, requested_on=date(2026, 1, 8), channel="phone")
    assert complaint.status == Status.STAGE2_REQUESTED


def test_rule_11_eligibility_follows_an_extended_due_date(
    p: Personas, complaint: Complaint
) -> None:
    _extend(complaint, p.officer, date(2026, 1, 14))
    complaint = Complaint.objects.get(pk=complaint.pk)
    with refused(complaint, "not yet past its due date (Wednesday 14 January 2026)"):
        stage2.request_stage2(
            complaint, by=p.officer, requested_on=date(2026, 1, 8), channel="phone"
        )
    assert stage1.is_eligible_for_stage2_on_request(complaint, date(2026, 1, 15))


def test_rule_11_answered_stage1_is_eligible_at_once(p: Personas, complaint: Complaint) -> None:
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=date(2026, 1, 6), resolved=False, summary="Not upheld"
    )
    assert stage1.is_eligible_for_stage2_on_request(complaint, date(2026, 1, 6))
    stage2.request_stage2(complaint, by=p.officer, requested_on=date(2026, 1, 6), channel="email")
    assert complaint.status == Status.STAGE2_REQUESTED


def test_rule_11_no_stage2_before_stage1(p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=FRI_19_DEC_2025)
    assert not stage1.is_eligible_for_stage2_on_request(complaint, date(2026, 3, 1))
    with refused(complaint, "while the complaint is 'being recorded'"):
        stage2.request_stage2(
            complaint, by=p.officer, requested_on=date(2026, 3, 1), channel="phone"
        )
