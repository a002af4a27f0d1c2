"""Issue 8, point 2: a case looks like what it is.

A refused Stage 2 shows as refused, with no live task list and no running 25 or 65 working-day
dates; a complaint refused as out of time ends in a status that says so; a Stage 2 past its
65-working-day limit is tagged as past the limit, by how many working days (counted with the
calendar in force), apart from being past its 25-day due date.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import intake, stage1, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import ENDED_STATUSES, Route, Status
from heard.complaints.transitions import Refused
from heard.timescales.snapshot import current_calendar
from tests.complaints.helpers import refused, stage2_accepted, stage2_requested
from tests.complaints.stage3_helpers import stage2_complete, today_is
from tests.complaints.step_pages import as_user, text
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db

# stage2_requested: asked for on Friday 26 September 2025, so due Friday 31 October 2025
# (25 working days) and at the latest Tuesday 30 December 2025 (65 working days).
DUE_25 = date(2025, 10, 31)
LIMIT_65 = date(2025, 12, 30)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def case_page(client: Client, p: Personas, complaint: Complaint) -> str:
    response = as_user(client, p.manager).get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 200
    return response.content.decode()


def stage2_card(page: str) -> str:
    found = re.search(r">Stage 2 dates</h2>(.*?)</dl>", page, re.S)
    assert found, "no Stage 2 dates card"
    return text(found.group(1))


# -- a refused Stage 2 ---------------------------------------------------------------------


def test_a_refused_stage2_has_no_task_list_and_its_dates_are_stopped(
    client: Client, p: Personas
) -> None:
    complaint = stage2_requested(p)
    before = case_page(client, p, complaint)
    assert 'id="stage2-tasks"' in before  # the task list is there while the request is open
    stage2.refuse_stage2(
        complaint,
        by=p.manager,
        reasons="Decided by the court.",
        signed_off_by=p.senior,
        letter_sent_on=date(2025, 10, 3),
    )
    page = case_page(client, p, complaint)
    assert 'id="stage2-tasks"' not in page
    # Nothing that belongs to a live investigation, such as access to records, is offered.
    assert "Investigators' access to social care records" not in text(page)
    assert "Stage 2 refused" in text(page)
    card = stage2_card(page)
    stopped = f"Stopped: refused on {timezone.localdate():%-d %B %Y}"
    assert f"Due: 25 working days from the request {stopped}" in card
    assert f"Latest: 65 working days from the request {stopped}" in card
    assert "31 October 2025" not in card and "30 December 2025" not in card
    assert "Past the" not in card


# -- refused as out of time ------------------------------------------------------------------


def _out_of_time(p: Personas) -> Complaint:
    complaint = create_complaint(
        p.officer, received_on=date(2025, 12, 19), earliest_event_on=date(2023, 6, 1)
    )
    intake.classify(
        complaint, by=p.officer, route=Route.STATUTORY, reason="Parent", specified_function="part3"
    )
    return complaint


def test_an_out_of_time_refusal_ends_the_complaint_in_a_status_that_says_so(
    client: Client, p: Personas
) -> None:
    complaint = _out_of_time(p)
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="refused",
        why_not_earlier="No reason given.",
        fair_consideration="The staff involved have left.",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.REFUSED_OUT_OF_TIME
    assert complaint.status in ENDED_STATUSES and not complaint.is_open
    assert complaint.closed_on == timezone.localdate()
    assert complaint.due_on is None
    page = case_page(client, p, complaint)
    assert "Refused: made more than 12 months later" in main_text_of(page)
    assert 'govuk-tag govuk-tag--red">Refused: made more than 12 months later' in page
    with refused(complaint, "while the complaint is 'refused: made more than 12 months later'"):
        stage1.start_stage1(complaint, by=p.officer)


def main_text_of(page: str) -> str:
    start = page.index("<main")
    return text(page[start : page.index("</main>", start)])


def test_an_out_of_time_complaint_considered_stays_being_recorded(p: Personas) -> None:
    complaint = _out_of_time(p)
    intake.decide_out_of_time(
        complaint,
        by=p.manager,
        decision="accepted",
        why_not_earlier="In hospital.",
        fair_consideration="Records survive.",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.INTAKE
    stage1.start_stage1(complaint, by=p.officer)
    assert complaint.status == Status.STAGE1_OPEN


def test_only_complaints_staff_refuse_as_out_of_time(p: Personas) -> None:
    complaint = _out_of_time(p)
    with pytest.raises(Exception, match="You do not have a role"):
        intake.decide_out_of_time(
            complaint, by=p.io, decision="refused", why_not_earlier="x", fair_consideration="y"
        )
    with pytest.raises(Refused):
        intake.decide_out_of_time(
            complaint, by=p.manager, decision="refused", why_not_earlier="", fair_consideration="y"
        )
    complaint.refresh_from_db()
    assert complaint.status == Status.INTAKE


# -- past the 65-working-day limit ---------------------------------------------------------


def test_a_stage2_past_its_65_day_limit_is_tagged_by_how_many_working_days(
    client: Client, p: Personas
) -> None:
    complaint = stage2_accepted(p)
    today = date(2026, 1, 9)  # a Friday
    calendar = current_calendar()
    over_65 = calendar.working_days_between(LIMIT_65, today)
    over_25 = calendar.working_days_between(DUE_25, today)
    # 31 December, then 2, 5, 6, 7, 8 and 9 January: New Year's Day is not a working day.
    assert over_65 == 7
    with today_is(today):
        card = stage2_card(case_page(client, p, complaint))
    assert f"Past the 65-day limit by {over_65} working days" in card
    assert f"Past the 25-day due date by {over_25} working days" in card
    assert card.index("Past the 25-day") < card.index("Past the 65-day")


def test_a_stage2_past_25_but_within_65_is_not_tagged_past_the_limit(
    client: Client, p: Personas
) -> None:
    complaint = stage2_accepted(p)
    with today_is(date(2025, 11, 3)):  # Monday: one working day past 31 October 2025
        card = stage2_card(case_page(client, p, complaint))
    assert "Past the 25-day due date by 1 working day" in card
    assert "Past the 65-day limit" not in card


def test_a_finished_stage2_is_not_tagged_past_the_limit(client: Client, p: Personas) -> None:
    complaint = stage2_complete(p)  # the letter went on 13 March 2026, after the limit
    card = stage2_card(case_page(client, p, complaint))
    assert "Past the" not in card
