"""Issue 8, point 3: every running deadline feeds the case list, its filters and the home page.

For each kind of deadline a case is brought, through the real actions, to where that deadline
is the earliest one running and already past: the "Overdue only" filter lists the case with
the deadline's name in its row, and the home page counts it. A deadline still to come is found
by "due within", the list sorts by whichever deadline is earliest, and a complaint still being
recorded shows its Stage 1 clock from receipt once classified.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import intake, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Route, SpecifiedFunction
from heard.decisions import tracking
from heard.decisions.models import Action
from heard.investigations import actions as investigations
from heard.ombudsman import actions as ombudsman
from heard.timescales.dates import due
from heard.timescales.snapshot import current_calendar
from tests.complaints import stage3_helpers as s3
from tests.complaints.helpers import (
    FIRST_CONTACT_ON,
    stage2_investigating,
    stage2_requested,
)
from tests.complaints.step_pages import as_user, text
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:list")
HOME = reverse("home")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def row_of(response: Any, complaint: Complaint) -> str | None:
    """The text of the list row for ``complaint``, or None when it is not listed."""
    for row in re.findall(
        r"<tr class=\"govuk-table__row\">(.*?)</tr>", response.content.decode(), re.S
    ):
        if f">{complaint.reference}</a>" in row:
            return text(row)
    return None


def references(response: Any) -> list[str]:
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>',
        response.content.decode(),
    )


def finish_open_actions(complaint: Complaint, p: Personas) -> None:
    """Mark every agreed action done, so it no longer runs (it waits only for sign-off)."""
    for action in Action.objects.filter(complaint=complaint, state=Action.State.OPEN):
        tracking.complete_action(
            complaint,
            by=p.officer,
            action=action,
            evidence="Letter sent",
            completed_on=date(2025, 11, 10),
        )


# -- one builder per kind of deadline: (the case, the deadline's name, its date) -----------


def acknowledgement(p: Personas) -> tuple[Complaint, str, date]:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    return complaint, "Acknowledgement", due(date(2026, 3, 2), "acknowledgement")


def stage1_while_recorded(p: Personas) -> tuple[Complaint, str, date]:
    """Classified and acknowledged but Stage 1 not yet started: the clock runs from receipt."""
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    intake.classify(
        complaint,
        by=p.officer,
        route=Route.STATUTORY,
        reason="Parent",
        specified_function=SpecifiedFunction.PART_3,
    )
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    return complaint, "Stage 1 response", date(2026, 3, 16)


def stage1_open(p: Personas) -> tuple[Complaint, str, date]:
    complaint = create_stage1_complaint(p.officer, received_on=date(2026, 3, 2))
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    return complaint, "Stage 1 response", date(2026, 3, 16)


def stage2_response(p: Personas) -> tuple[Complaint, str, date]:
    return stage2_requested(p), "Stage 2 response", date(2025, 10, 31)


def statement_of_complaint(p: Personas) -> tuple[Complaint, str, date]:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    return complaint, "Statement of Complaint agreed", date(2025, 10, 15)


def records_request(p: Personas) -> tuple[Complaint, str, date]:
    complaint = stage2_investigating(p)
    investigations.request_records(
        complaint,
        by=p.officer,
        requested_from="Fostering team",
        description="Contact logs for August",
        requested_on=date(2025, 10, 1),
        due_on=date(2025, 10, 8),
    )
    return complaint, "Records from Fostering team", date(2025, 10, 8)


def panel_meeting(p: Personas) -> tuple[Complaint, str, date]:
    complaint = s3.stage3_accepted(p)
    finish_open_actions(complaint, p)
    return complaint, "Panel meeting", s3.PANEL_DUE_ON


def panel_report(p: Personas) -> tuple[Complaint, str, date]:
    complaint = s3.panel_met(p)
    finish_open_actions(complaint, p)
    return complaint, "Panel report", s3.REPORT_DUE_ON


def council_response(p: Personas) -> tuple[Complaint, str, date]:
    complaint = s3.panel_reported(p)
    finish_open_actions(complaint, p)
    return complaint, "Council's response to the panel", s3.RESPONSE_DUE_ON


def agreed_action(p: Personas) -> tuple[Complaint, str, date]:
    """Stage 2 is complete, so the procedure has ended; the action it agreed still runs."""
    complaint = s3.stage2_complete(p)
    return complaint, "Agreed action (Team manager, Children in Care)", date(2025, 11, 14)


def ombudsman_reply(p: Personas) -> tuple[Complaint, str, date]:
    complaint = s3.stage2_complete(p)
    finish_open_actions(complaint, p)
    ombudsman.record_ombudsman_case(
        complaint,
        by=p.officer,
        reference="25 012 345",
        kind="enquiry",
        received_on=date(2026, 6, 1),
        reply_due_on=date(2026, 6, 29),
    )
    return complaint, "Reply to the Ombudsman", date(2026, 6, 29)


KINDS: dict[str, Callable[[Personas], tuple[Complaint, str, date]]] = {
    "acknowledgement": acknowledgement,
    "stage1 clock while recorded": stage1_while_recorded,
    "stage1 response": stage1_open,
    "stage2 response": stage2_response,
    "statement of complaint": statement_of_complaint,
    "records request": records_request,
    "panel meeting": panel_meeting,
    "panel report": panel_report,
    "council response": council_response,
    "agreed action": agreed_action,
    "ombudsman reply": ombudsman_reply,
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_deadline_past_due_is_in_the_overdue_filter_with_its_name(
    kind: str, p: Personas, client: Client
) -> None:
    complaint, label, due_on = KINDS[kind](p)
    assert due_on < timezone.localdate()

    row = row_of(as_user(client, p.officer).get(LIST, {"overdue": "on"}), complaint)

    assert row is not None, f"{kind}: the case is not in the overdue list"
    assert f"{due_on:%-d %b %Y} {label} Overdue" in row


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_deadline_past_due_is_counted_on_the_home_page(
    kind: str, p: Personas, client: Client
) -> None:
    KINDS[kind](p)

    page = text(as_user(client, p.manager).get(HOME).content.decode())

    assert "1 case has a deadline that has passed" in page


def test_a_deadline_still_to_come_is_found_by_due_within_and_counted_as_due_soon(
    p: Personas, client: Client
) -> None:
    complaint = s3.stage2_complete(p)
    finish_open_actions(complaint, p)
    today = timezone.localdate()
    soon = current_calendar().add_working_days(today, 3)
    ombudsman.record_ombudsman_case(
        complaint,
        by=p.officer,
        reference="25 999 001",
        kind="enquiry",
        received_on=today,
        reply_due_on=soon,
    )

    row = row_of(as_user(client, p.officer).get(LIST, {"due_within": "5"}), complaint)
    page = text(as_user(client, p.manager).get(HOME).content.decode())

    assert row is not None
    assert f"{soon:%-d %b %Y} Reply to the Ombudsman" in row
    assert "Overdue" not in row
    assert "1 case has a deadline in the next 5 working days" in page
    assert "deadline that has passed" not in page


def test_the_list_sorts_by_the_earliest_deadline_whichever_kind_it_is(
    p: Personas, client: Client
) -> None:
    """Records due 8 October 2025 put their case before a Stage 2 due 20 October, although
    the first case's own Stage 2 response is due later, on 31 October."""
    records_case, _, _ = records_request(p)
    other = stage2_requested(p, requested_on=date(2025, 9, 15))
    assert other.stage2.request_due_on == date(2025, 10, 20)

    soonest_first = references(as_user(client, p.officer).get(LIST))
    latest_first = references(client.get(LIST, {"sort": "-due"}))

    assert soonest_first == [records_case.reference, other.reference]
    assert latest_first == [other.reference, records_case.reference]


def test_the_due_date_is_worked_out_again_for_a_complaint_that_never_had_it(
    p: Personas,
) -> None:
    """What the migration leaves (``due_label`` NULL) is filled in by ``refresh_unset``."""
    from heard.complaints.deadlines import refresh_unset

    complaint, label, due_on = records_request(p)
    Complaint.objects.filter(pk=complaint.pk).update(due_on=None, due_label=None)

    assert refresh_unset() == 1
    assert refresh_unset() == 0

    complaint.refresh_from_db()
    assert (complaint.due_on, complaint.due_label) == (due_on, label)


def test_a_case_being_recorded_shows_its_stage1_clock_from_receipt_once_classified(
    p: Personas,
) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    intake.acknowledge(complaint, by=p.officer, acknowledged_on=date(2026, 3, 3))
    complaint.refresh_from_db()
    assert (complaint.due_on, complaint.due_label) == (None, "")  # rule 1: not yet classified

    intake.classify(
        complaint,
        by=p.officer,
        route=Route.STATUTORY,
        reason="Parent",
        specified_function=SpecifiedFunction.PART_3,
    )
    complaint.refresh_from_db()

    assert complaint.status == "intake"
    assert (complaint.due_on, complaint.due_label) == (date(2026, 3, 16), "Stage 1 response")


def test_the_due_date_stops_when_nothing_runs_any_more(p: Personas) -> None:
    """Once every action is done the ended case has no due date and is not overdue."""
    complaint, _, _ = agreed_action(p)
    finish_open_actions(complaint, p)
    complaint.refresh_from_db()

    assert (complaint.due_on, complaint.due_label) == (None, "")
    assert not complaint.is_overdue(timezone.localdate())


def test_tick_works_out_the_due_date_of_a_complaint_recorded_before(p: Personas) -> None:
    complaint, label, due_on = records_request(p)
    Complaint.objects.filter(pk=complaint.pk).update(due_on=None, due_label=None)

    call_command("tick", stdout=StringIO())

    complaint.refresh_from_db()
    assert (complaint.due_on, complaint.due_label) == (due_on, label)


def test_the_case_page_says_which_deadline_its_due_date_is(p: Personas, client: Client) -> None:
    complaint, label, due_on = records_request(p)

    page = text(
        as_user(client, p.officer)
        .get(reverse("complaints:detail", args=[complaint.pk]))
        .content.decode()
    )

    # The summary's table of running deadlines names each one, soonest first (decision 026).
    table = "Deadlines running Deadline Due Working days Waits on"
    assert f"{table} {label} {due_on:%-d %b %Y} " in page
    assert "Status Stage 2 investigation Overdue" in page


def test_my_cases_shows_the_earliest_deadline_by_name_too(p: Personas, client: Client) -> None:
    complaint, label, due_on = records_request(p)  # the IO is appointed to it

    row = row_of(
        as_user(client, p.io).get(reverse("complaints:mine"), {"overdue": "on"}), complaint
    )

    assert row is not None
    assert f"{due_on:%-d %b %Y} {label} Overdue" in row
