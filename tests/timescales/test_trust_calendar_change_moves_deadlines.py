"""Issue 8, point 3: a calendar change moves the open deadlines it touches (domain.md rule 43).

A one-off bank holiday added inside a running Stage 2 moves its due dates by one working day,
each move is recorded on the case with the old and the new date, a date set by a recorded
decision stays as decided, and removing the holiday moves them back. The Stage 2 is the
worked example of ``tests/complaints/helpers.py``: requested Friday 26 September 2025, due
Friday 31 October 2025 (25 WD) and at the latest Tuesday 30 December 2025 (65 WD).
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from heard.audit.models import CaseEvent
from heard.complaints.actions import intake, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Route, SpecifiedFunction
from heard.investigations import actions as investigations
from heard.people.models import User
from heard.timescales import actions
from heard.timescales.models import BankHoliday, CalendarChange
from tests.complaints import stage3_helpers as s3
from tests.complaints.helpers import stage2_accepted, stage2_investigating, stage2_requested
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db

INSIDE = date(2025, 10, 13)  # a plain Monday inside the Stage 2's 25 working days
AFTER = date(2026, 1, 12)  # a plain Monday after every Stage 2 date

RECALCULATED = "complaint.deadline_recalculated"


@pytest.fixture
def p() -> Personas:
    return create_personas()


def moves(complaint: Complaint) -> dict[str, tuple[str, str]]:
    """Each recorded recalculation on the case: deadline -> (old date, new date)."""
    events = CaseEvent.objects.filter(complaint_id=complaint.pk, name=RECALCULATED).order_by("id")
    return {e.details["deadline"]: (e.details["from"], e.details["to"]) for e in events}


def stage2_dates(complaint: Complaint) -> dict[str, Any]:
    return (
        Complaint.objects.filter(pk=complaint.pk)
        .values(
            "due_on",
            "stage2__due_on",
            "stage2__cap_on",
            "stage2__request_due_on",
            "stage2__request_cap_on",
        )
        .get()
    )


def test_a_holiday_inside_a_running_stage2_moves_its_dates_and_records_each_move(
    p: Personas,
) -> None:
    complaint = stage2_accepted(p)
    assert stage2_dates(complaint) == {
        "due_on": date(2025, 10, 31),
        "stage2__due_on": date(2025, 10, 31),
        "stage2__cap_on": date(2025, 12, 30),
        "stage2__request_due_on": date(2025, 10, 31),
        "stage2__request_cap_on": date(2025, 12, 30),
    }

    actions.add_bank_holiday(INSIDE, "State funeral", by=p.manager)

    assert stage2_dates(complaint) == {
        "due_on": date(2025, 11, 3),  # the list's due date follows
        "stage2__due_on": date(2025, 11, 3),
        "stage2__cap_on": date(2025, 12, 31),
        "stage2__request_due_on": date(2025, 11, 3),
        "stage2__request_cap_on": date(2025, 12, 31),
    }
    assert moves(complaint) == {
        "stage2.due_on": ("2025-10-31", "2025-11-03"),
        "stage2.cap_on": ("2025-12-30", "2025-12-31"),
        "stage2.request_due_on": ("2025-10-31", "2025-11-03"),
        "stage2.request_cap_on": ("2025-12-30", "2025-12-31"),
    }
    event = CaseEvent.objects.filter(complaint_id=complaint.pk, name=RECALCULATED).first()
    assert event is not None
    assert event.by == p.manager
    assert event.from_state == event.to_state == "stage2_setup"
    assert "from Friday 31 October 2025 to Monday 3 November 2025" in (
        CaseEvent.objects.get(complaint_id=complaint.pk, details__deadline="stage2.due_on").summary
    )
    assert "State funeral (Monday 13 October 2025) added" in event.summary


def test_removing_the_holiday_moves_the_dates_back_and_records_that_too(p: Personas) -> None:
    complaint = stage2_accepted(p)
    before = stage2_dates(complaint)
    holiday = actions.add_bank_holiday(INSIDE, "State funeral", by=p.manager)

    actions.remove_bank_holiday(holiday, by=p.manager)

    assert stage2_dates(complaint) == before
    back = CaseEvent.objects.filter(
        complaint_id=complaint.pk, name=RECALCULATED, details__deadline="stage2.due_on"
    ).order_by("id")
    assert [(e.details["from"], e.details["to"]) for e in back] == [
        ("2025-10-31", "2025-11-03"),
        ("2025-11-03", "2025-10-31"),
    ]
    assert "removed from the bank holidays" in back.last().summary  # type: ignore[union-attr]


def test_a_due_date_set_by_an_extension_decision_stays_as_decided(p: Personas) -> None:
    complaint = stage2_accepted(p)
    stage2.extend_stage2(
        complaint,
        by=p.manager,
        new_due_on=date(2025, 11, 28),
        reason="Records arrive late",
        letter_sent_on=date(2025, 10, 20),
    )

    actions.add_bank_holiday(INSIDE, "State funeral", by=p.manager)

    dates = stage2_dates(complaint)
    assert dates["stage2__due_on"] == dates["due_on"] == date(2025, 11, 28)
    # The request-date measure the Ombudsman uses is a count, not a decision: it moves.
    assert dates["stage2__request_due_on"] == date(2025, 11, 3)
    assert "stage2.due_on" not in moves(complaint)


def test_a_date_a_person_typed_in_does_not_move(p: Personas) -> None:
    complaint = stage2_investigating(p)
    investigations.request_records(
        complaint,
        by=p.officer,
        requested_from="Fostering team",
        description="Contact logs",
        requested_on=date(2025, 10, 1),
        due_on=date(2025, 10, 15),
    )

    actions.add_bank_holiday(INSIDE, "State funeral", by=p.manager)

    complaint.refresh_from_db()
    assert complaint.records_requests.get().due_on == date(2025, 10, 15)
    assert (complaint.due_on, complaint.due_label) == (
        date(2025, 10, 15),
        "Records from Fostering team",
    )


def test_a_holiday_after_every_deadline_moves_nothing_and_records_nothing(p: Personas) -> None:
    complaint = stage2_accepted(p)
    before = stage2_dates(complaint)

    actions.add_bank_holiday(AFTER, "State funeral", by=p.manager)

    assert stage2_dates(complaint) == before
    assert moves(complaint) == {}


def test_moving_a_holiday_recounts_from_both_days(p: Personas) -> None:
    """Moved from inside the Stage 2 to after it: the dates come back to the original."""
    complaint = stage2_accepted(p)
    before = stage2_dates(complaint)
    holiday = actions.add_bank_holiday(INSIDE, "State funeral", by=p.manager)
    assert stage2_dates(complaint)["due_on"] == date(2025, 11, 3)

    actions.change_bank_holiday(holiday, day=AFTER, name="State funeral", by=p.manager)

    assert stage2_dates(complaint) == before


def test_a_stage2_not_yet_accepted_and_a_case_being_recorded_move_too(p: Personas) -> None:
    requested = stage2_requested(p)
    recorded = create_complaint(p.officer, received_on=date(2025, 10, 6))
    intake.classify(
        recorded,
        by=p.officer,
        route=Route.STATUTORY,
        reason="Parent",
        specified_function=SpecifiedFunction.PART_3,
    )
    recorded.refresh_from_db()
    assert (recorded.due_on, recorded.due_label) == (date(2025, 10, 8), "Acknowledgement")

    actions.add_bank_holiday(INSIDE, "State funeral", by=p.manager)

    requested.refresh_from_db()
    assert requested.due_on == date(2025, 11, 3)
    # Received Monday 6 October: acknowledgement due Wednesday 8 October, before the holiday,
    # so it stays; the Stage 1 clock from receipt, Monday 20 October, moves a day.
    assert moves(recorded) == {"stage1.due_on": ("2025-10-20", "2025-10-21")}


def test_stage3_panel_deadline_moves(p: Personas) -> None:
    complaint = s3.stage3_accepted(p)
    assert complaint.stage3.panel_due_on == s3.PANEL_DUE_ON  # Thursday 14 May 2026

    actions.add_bank_holiday(date(2026, 4, 20), "One-off", by=p.manager)

    complaint.stage3.refresh_from_db()
    assert complaint.stage3.panel_due_on == date(2026, 5, 15)
    assert moves(complaint)["stage3.panel_due_on"] == ("2026-05-14", "2026-05-15")


def test_an_administrator_adding_a_day_in_the_admin_moves_deadlines(p: Personas) -> None:
    admin = User.objects.create_superuser("calendar.admin", "admin@example.org", "pass-123-abc")
    complaint = stage2_accepted(p)
    client = Client()
    client.force_login(admin)

    response = client.post(
        "/admin/timescales/bankholiday/add/", {"date": INSIDE.isoformat(), "name": "State funeral"}
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.due_on == date(2025, 11, 3)
    event = CaseEvent.objects.filter(complaint_id=complaint.pk, name=RECALCULATED).first()
    assert event is not None and event.by == admin


def test_tick_moves_deadlines_for_a_holiday_the_maintained_list_adds(p: Personas) -> None:
    """A holiday missing from the table comes back on ``heard tick``, and moves deadlines."""
    complaint = s3.stage3_accepted(p)
    early_may = date(2026, 5, 4)  # the early May bank holiday, inside the panel's 30 days
    # As if the day had been missing from the table when the panel's date was counted.
    BankHoliday.objects.filter(date=early_may).delete()
    CalendarChange.objects.create(action="removed", date=early_may, name="Early May bank holiday")
    complaint.stage3.panel_due_on = date(2026, 5, 13)
    complaint.stage3.save(update_fields=["panel_due_on"])

    call_command("tick", stdout=StringIO())

    complaint.stage3.refresh_from_db()
    assert complaint.stage3.panel_due_on == s3.PANEL_DUE_ON  # counted with 4 May again
    assert moves(complaint)["stage3.panel_due_on"] == ("2026-05-13", "2026-05-14")
