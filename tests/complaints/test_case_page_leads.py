"""The case page leads (decision 026): a summary with the next step, who it waits on and every
running deadline; a contents list; a task list for each stage; and "What you can do" offering
only what can be done now, with the reason for what cannot, and nothing already done."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.models import Complaint
from heard.complaints.tasklist import stage2_tasks
from heard.complaints.views.case_page import case_queryset
from heard.investigations import actions as investigations
from heard.timescales.snapshot import current_calendar
from tests.complaints.helpers import (
    appoint_io,
    stage2_accepted,
    stage2_investigating,
    stage2_requested,
    statement_agreed,
)
from tests.complaints.stage3_helpers import stage3_accepted
from tests.complaints.step_pages import as_user, page_text, step_url, text
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

START_STAGE1_REASON = (
    "Record which procedure the complaint follows, and why, before starting Stage 1."
)


@pytest.fixture
def p() -> Personas:
    return create_personas()


def detail(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def html(client: Client, complaint: Complaint) -> str:
    response = client.get(detail(complaint))
    assert response.status_code == 200
    return str(response.content.decode())


def between(page: str, start: str, end: str) -> str:
    """What a reader sees from ``start`` up to ``end`` in the page's HTML."""
    found = re.search(re.escape(start) + "(.*?)" + re.escape(end), page, re.S)
    assert found, f"nothing between {start!r} and {end!r}"
    return text(found.group(1))


def summary(page: str) -> str:
    return between(page, 'id="summary">', 'class="heard-contents-list"')


def actions(page: str) -> str:
    return between(page, 'id="actions-title">', "</aside>")


def test_the_summary_names_the_next_step_and_who_it_waits_on(client: Client, p: Personas) -> None:
    complaint = stage2_requested(p)
    shown = summary(html(as_user(client, p.officer), complaint))
    assert "Status Stage 2 requested" in shown
    assert "Handled by Officer Tester" in shown
    assert "Next step Accept the Stage 2 request : waits on the Complaints Manager" in shown


def test_the_first_task_not_done_is_the_next_step(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    Complaint.objects.filter(pk=complaint.pk).update(status="intake")
    page = html(as_user(client, p.officer), complaint)
    # The first task not done leads: deciding the procedure, which the team does.
    assert "Next step Decide which procedure applies : waits on the complaints team" in summary(
        page
    )


def test_every_running_deadline_is_in_the_summary_with_working_days(
    client: Client, p: Personas
) -> None:
    today = timezone.localdate()
    calendar = current_calendar()
    fresh = create_complaint(p.officer, received_on=today)
    due = fresh.acknowledgement_due_on
    left = calendar.working_days_between(today, due)
    shown = summary(html(as_user(client, p.officer), fresh))
    assert "Acknowledgement" in shown
    assert f"{due:%-d %b %Y}" in shown
    assert f"{left} working day{'s' if left != 1 else ''} left" in shown or "Due today" in shown

    late = stage2_requested(p)
    stored = late.running_deadlines.get(key="stage2_response")
    past = calendar.working_days_between(stored.due_on, today)
    shown = summary(html(as_user(client, p.officer), late))
    assert f"Stage 2 response {stored.due_on:%-d %b %Y} Overdue by {past} working days" in shown


def test_a_step_a_rule_holds_up_is_shown_with_the_reason_not_as_a_form(
    client: Client, p: Personas
) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    page = html(as_user(client, p.officer), complaint)
    assert f"Start Stage 1 Not yet: {START_STAGE1_REASON}" in actions(page)
    assert f'href="{step_url(complaint, "start_stage1")}"' not in page
    # The same check refuses the step on its own page: the case page asks it, not a copy.
    step_page = page_text(as_user(client, p.officer).get(step_url(complaint, "start_stage1")))
    assert START_STAGE1_REASON in step_page
    # The next step comes first.
    assert actions(page).startswith("What you can do Intake Decide which procedure applies")


def test_an_agreed_statement_is_not_offered_again(client: Client, p: Personas) -> None:
    before = stage2_investigating(p)
    offered = actions(html(as_user(client, p.io), before))
    assert "Edit the Statement of Complaint" in offered
    assert "Record the complainant's agreement to the statement" in offered

    agreed = statement_agreed(p)
    page = html(as_user(client, p.io), agreed)
    offered = actions(page)
    assert "Edit the Statement of Complaint" not in offered
    assert "Record the complainant's agreement to the statement" not in offered
    assert f'href="{step_url(agreed, "save_statement")}"' not in page


def test_the_contents_list_links_to_the_sections_shown(client: Client, p: Personas) -> None:
    complaint = stage2_requested(p)
    page = html(as_user(client, p.manager), complaint)
    contents = between(page, 'id="contents-title">', "</nav>")
    assert contents == (
        "On this page Summary The complaint People Stage 1 Stage 2 Letters and reports"
        " What has happened"
    )
    anchors = re.findall(
        r'href="#([^"]+)"', page.split('id="contents-title"')[1].split("</nav>")[0]
    )
    for anchor in anchors:
        assert f'id="{anchor}"' in page, anchor


def test_stage3_has_its_own_task_list(client: Client, p: Personas) -> None:
    complaint = stage3_accepted(p)
    page = html(as_user(client, p.manager), complaint)
    assert "Stage 3" in between(page, 'id="contents-title">', "</nav>")
    tasks = between(page, 'id="stage3-tasks">', "</ul>\n")
    assert "Accept the Stage 3 request Completed" in tasks
    assert "Appoint the panel: a chair and two members Not yet started" in tasks
    assert "Record that the panel met The panel must be three independent people" in tasks
    assert "Stage 2 tasks" not in page


def test_records_requests_are_listed_under_their_task(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    for team in ("Team A", "Team B"):
        investigations.request_records(
            complaint,
            by=p.officer,
            requested_from=team,
            description="Case notes",
            requested_on=date(2025, 10, 2),
            due_on=date(2025, 10, 9),
        )
    page = html(as_user(client, p.officer), complaint)
    tasks = between(page, 'id="stage2-tasks">', 'class="govuk-summary-card"')
    assert "Case notes from Team A: due 9 October 2025" in tasks
    assert "Case notes from Team B: due 9 October 2025" in tasks


def test_an_appointment_made_is_offered_as_a_change_not_again(p: Personas) -> None:
    complaint = stage2_accepted(p)
    names = {t.key: t.name for t in stage2_tasks(case_queryset().get(pk=complaint.pk), may_fire=())}
    assert names["appoint_io"] == "Appoint the Investigating Officer"
    appoint_io(complaint, p)
    names = {t.key: t.name for t in stage2_tasks(case_queryset().get(pk=complaint.pk), may_fire=())}
    assert names["appoint_io"] == "Change the Investigating Officer"


def test_a_case_before_stage2_does_not_ask_for_stage2_records(client: Client, p: Personas) -> None:
    complaint = create_complaint(p.officer, received_on=date(2026, 3, 2))
    viewer = as_user(client, p.manager)
    with CaptureQueriesContext(connection) as captured:
        assert viewer.get(detail(complaint)).status_code == 200
    # No query reads their rows (the case's own query asks only whether any exist).
    tables = ('SELECT "complaints_copysent".', 'SELECT "investigations_', 'SELECT "decisions_panel')
    asked = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(tables)]
    assert asked == []


def test_the_next_step_leads_what_you_can_do_whatever_its_group(
    client: Client, p: Personas
) -> None:
    complaint = create_stage1_complaint(p.officer)
    page = html(as_user(client, p.officer), complaint)
    assert "Next step Acknowledge the complaint : waits on the complaints team" in summary(page)
    # Acknowledging may be done at any point, but here it is the next step, so it leads.
    assert actions(page).startswith("What you can do Stage 1 Record the acknowledgement")
