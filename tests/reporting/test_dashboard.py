"""The dashboard at /dashboard/ (issue 9, point 3; decision 031).

Each figure is checked on a built set of cases, and then by following its link: the list it
links to must hold exactly as many rows as the figure says, so a count and its filter cannot
drift apart. The page reads a fixed number of queries however many cases there are, and only
complaints staff may open it (everyone else gets 404).

The timeliness chart counts each stage's responses sent in the last 12 months with the
procedure report's definitions (``reporting.queries.procedure``); its rows are made with the
models directly, dated from today, so the test does not age out of the window.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import stage1, stage2
from heard.complaints.models import (
    Breach,
    Complaint,
    RunningDeadline,
    Stage1,
    Stage2,
    Stage3,
    WaitsOn,
)
from heard.complaints.models.choices import BreachKind
from heard.decisions.tracking import agree_stage1_action
from heard.ombudsman.models import OmbudsmanCase
from heard.reporting.chart import timeliness_chart
from heard.reporting.queries.dashboard import timeliness
from heard.reporting.queries.procedure import Timeliness
from heard.timescales.snapshot import current_calendar
from tests.complaints.helpers import stage2_accepted, stage2_requested
from tests.complaints.step_pages import as_user, page_text
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def figures(response: Any) -> dict[str, tuple[int, str]]:
    """Each figure on the page: its words, with its number and the address it links to."""
    found = re.findall(
        r'<a class="govuk-link govuk-link--no-visited-state" href="([^"]+)">\s*'
        r"<span [^>]*data-figure>(\d+)</span>\s*<span [^>]*>([^<]+)</span>",
        response.content.decode(),
    )
    return {
        words.replace("&#x27;", "'"): (int(n), href.replace("&amp;", "&"))
        for href, n, words in found
    }


def listed(client: Client, url: str) -> int:
    """How many rows the list at ``url`` holds, over all its pages."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.context["form"].errors, url
    return int(response.context["page"].paginator.count)


def ombudsman_case(complaint: Complaint, p: Personas, ref: str, **fields: Any) -> None:
    # Setup only: these are the rows recording an Ombudsman enquiry stores.
    received_on = fields.pop("received_on", timezone.localdate() - timedelta(days=10))
    OmbudsmanCase.objects.create(
        complaint=complaint,
        reference=ref,
        kind=OmbudsmanCase.Kind.ENQUIRY,
        received_on=received_on,
        reply_due_on=received_on + timedelta(days=20),
        recorded_by=p.manager,
        **fields,
    )


def waiting_on_complainant(complaint: Complaint, key: str) -> None:
    # Setup only: the row ``store_running`` keeps for a deadline whose move is the
    # complainant's (the Statement of Complaint is one), put straight in for any case.
    RunningDeadline.objects.create(
        complaint=complaint,
        key=key,
        label="Complainant to agree the statement",
        due_on=timezone.localdate() + timedelta(days=3),
        waits_on="Complainant",
        waits_role=WaitsOn.COMPLAINANT,
    )


def build_cases(p: Personas) -> dict[str, Complaint]:
    """Two cases open at Stage 1 (one extended and due soon, one overdue with an overdue
    action), one at Stage 2, and one refused at Stage 2 (ended)."""
    today = timezone.localdate()
    overdue = create_stage1_complaint(p.manager)  # received 2 March 2026: long overdue
    agree_stage1_action(
        overdue,
        by=p.manager,
        text="Apologise in writing",
        owner="Head of Service",
        due_on=overdue.received_on + timedelta(days=7),
    )
    received = current_calendar().add_working_days(today, -1)
    extended = create_stage1_complaint(p.manager, received_on=received)
    stage1.extend_stage1(
        extended,
        by=p.manager,
        new_due_on=extended.stage1.cap_on,
        reason="complex",
        detail="Three teams involved",
        on=received,
        letter_sent_on=received,
    )
    at_stage2 = stage2_requested(p)
    refused = stage2_requested(p)
    stage2.refuse_stage2(
        refused,
        by=p.manager,
        reasons="The matters were decided by the court.",
        signed_off_by=p.senior,
        letter_sent_on=today,
    )
    # Rows stored by other apps' work, written after the actions (which rewrite the stored
    # running deadlines).
    waiting_on_complainant(at_stage2, "statement_agreed_by_complainant")
    waiting_on_complainant(at_stage2, "interview_date")
    waiting_on_complainant(overdue, "statement_agreed_by_complainant")
    ombudsman_case(at_stage2, p, f"26 {at_stage2.pk:06} 1")
    ombudsman_case(at_stage2, p, f"26 {at_stage2.pk:06} 2")
    ombudsman_case(refused, p, f"26 {refused.pk:06} 1", final_decision_on=today)
    return {"overdue": overdue, "extended": extended, "stage2": at_stage2, "refused": refused}


def test_each_figure_counts_the_built_cases_and_its_link_lists_as_many(
    client: Client, p: Personas
) -> None:
    build_cases(p)
    as_user(client, p.manager)
    shown = figures(client.get(DASHBOARD))
    counts = {words: n for words, (n, _url) in shown.items()}
    assert counts == {
        "cases open at Stage 1": 2,
        "case open at Stage 2": 1,
        "cases open at Stage 3": 0,
        "case with a deadline in the next 5 working days": 1,
        "cases with a deadline passed": 2,
        "case running on an extended timescale": 1,
        "cases waiting on the complainant": 2,
        "agreed action overdue": 1,
        "case with the Ombudsman": 1,
    }
    for words, (n, url) in shown.items():
        assert listed(client, url) == n, words


def test_the_extended_figure_counts_both_stages_as_its_list_does(
    client: Client, p: Personas
) -> None:
    """The figure adds up two counts, one per stage (``selections.extended_parts``); the
    list filters by ``extended_q``. With an extended case at each stage, and one extended
    at Stage 2 whose letter has gone, both say 2."""
    build_cases(p)  # one extended at Stage 1
    for letter_sent in (False, True):
        complaint = stage2_accepted(p)
        stage2.extend_stage2(
            complaint,
            by=p.manager,
            new_due_on=date(2025, 11, 14),
            reason="Two more interviews",
            letter_sent_on=date(2025, 10, 29),
        )
        if letter_sent:
            Stage2.objects.filter(complaint=complaint).update(
                adjudication_letter_sent_on=date(2025, 11, 13)
            )
    as_user(client, p.manager)
    shown = figures(client.get(DASHBOARD))
    n, url = shown["cases running on an extended timescale"]
    assert n == listed(client, url) == 2


def test_a_figure_of_nothing_is_shown_as_0_and_links_to_an_empty_list(
    client: Client, p: Personas
) -> None:
    as_user(client, p.officer)
    shown = figures(client.get(DASHBOARD))
    assert len(shown) == 9
    for words, (n, url) in shown.items():
        assert n == 0, words
        assert listed(client, url) == 0, words
    assert "Needs attention" not in page_text(client.get(DASHBOARD))


def test_the_extended_filter_leaves_out_a_stage_that_has_finished(
    client: Client, p: Personas
) -> None:
    cases = build_cases(p)
    stage1.record_stage1_response(
        cases["extended"],
        by=p.officer,
        sent_on=timezone.localdate(),
        resolved=False,
        summary="Not upheld",
    )
    as_user(client, p.manager)
    assert figures(client.get(DASHBOARD))["cases running on an extended timescale"][0] == 0
    assert listed(client, reverse("complaints:list") + "?extended=on") == 0


def test_the_query_count_does_not_grow_with_the_cases(client: Client, p: Personas) -> None:
    as_user(client, p.manager)
    build_cases(p)
    client.get(DASHBOARD)  # warm the calendar and the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(DASHBOARD).status_code == 200
    build_cases(p)
    for _ in range(3):
        create_stage1_complaint(p.manager)
    with CaptureQueriesContext(connection) as more:
        assert client.get(DASHBOARD).status_code == 200
    assert len(more) == len(few)
    assert len(few) <= 13, [q["sql"] for q in few.captured_queries]


@pytest.mark.parametrize("who", ["outsider", "io", "responder", "adjudicator", "chair"])
def test_only_complaints_staff_may_open_it(client: Client, p: Personas, who: str) -> None:
    response = as_user(client, getattr(p, who)).get(DASHBOARD)
    assert response.status_code == 404
    assert 'href="/dashboard/"' not in as_user(client, getattr(p, who)).get("/").content.decode()


def test_complaints_staff_have_it_in_the_header(client: Client, p: Personas) -> None:
    page = as_user(client, p.officer).get("/").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/dashboard/">' in page


# -- timeliness over the last 12 months ------------------------------------------------


def stage_rows(p: Personas, today: date) -> None:
    """Responses of each stage, one of each kind, and one sent before the 12 months."""
    recent = today - timedelta(days=30)
    long_ago = today - timedelta(days=400)

    def complaint() -> Complaint:
        return create_complaint(p.officer, received_on=long_ago)

    # Stage 1: within 10 days; within an extension; late without one; late after one; old.
    for sent, extended, due in (
        (recent, None, recent),
        (recent, recent - timedelta(days=5), recent + timedelta(days=1)),
        (recent, None, recent - timedelta(days=1)),
        (recent, recent - timedelta(days=20), recent - timedelta(days=2)),
        (long_ago, None, long_ago),
    ):
        Stage1.objects.create(
            complaint=complaint(),
            started_on=due - timedelta(days=14),
            due_on=due,
            cap_on=due + timedelta(days=14),
            extended_on=extended,
            response_sent_on=sent,
        )
    # Stage 2, measured from the request: within 25 days, within 65, later, and old.
    for sent, due, cap in (
        (recent, recent, recent + timedelta(days=50)),
        (recent, recent - timedelta(days=1), recent),
        (recent, recent - timedelta(days=60), recent - timedelta(days=1)),
        (long_ago, long_ago, long_ago),
    ):
        Stage2.objects.create(
            complaint=complaint(),
            requested_on=due - timedelta(days=35),
            request_channel="letter",
            request_due_on=due,
            request_cap_on=cap,
            adjudication_letter_sent_on=sent,
        )
    # Stage 3: one on time, one with a missed deadline (a Breach), and one old.
    for sent, missed in ((recent, False), (recent, True), (long_ago, False)):
        case = complaint()
        Stage3.objects.create(
            complaint=case,
            requested_on=sent - timedelta(days=70),
            channel="letter",
            response_sent_on=sent,
        )
        if missed:
            Breach.objects.create(
                complaint=case,
                kind=BreachKind.PANEL_MEETING,
                due_on=sent - timedelta(days=30),
                happened_on=sent - timedelta(days=25),
                reason="No chair was free",
                letter_sent_on=sent - timedelta(days=30),
                recorded_by=p.manager,
            )


def test_timeliness_per_stage_uses_the_procedure_reports_definitions(p: Personas) -> None:
    today = timezone.localdate()
    stage_rows(p, today)
    first = today - timedelta(days=364)
    assert timeliness(first, today) == [
        Timeliness(1, sent=4, within=1, extended=1, late=2),
        Timeliness(2, sent=3, within=1, extended=1, late=1),
        Timeliness(3, sent=2, within=1, extended=0, late=1),
    ]


def test_the_chart_and_its_table_show_the_same_figures(client: Client, p: Personas) -> None:
    stage_rows(p, timezone.localdate())
    page = as_user(client, p.manager).get(DASHBOARD).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="heard-chart-title heard-chart-desc"' in svg
    assert (
        "Stage 1: 4 sent, 1 within 10 working days (25%), 1 within an extension (25%), "
        "2 late (50%)" in svg
    )
    assert "Stage 3: 2 sent, 1 within the three Stage 3 deadlines (50%), 1 late (50%)" in svg
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">Stage (\d)</th>\s*'
        r"<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(\d+)</td>",
        page,
        re.S,
    )
    assert [
        (s, sent, within, re.sub("<.*?>", "", ext), late) for s, sent, within, ext, late in rows
    ] == [
        ("1", "4", "1", "1", "2"),
        ("2", "3", "1", "1", "1"),
        ("3", "2", "1", "–Cannot be extended", "1"),
    ]


def test_the_chart_splits_each_bar_by_its_own_stages_responses() -> None:
    chart = timeliness_chart(
        [
            Timeliness(1, sent=200, within=150, extended=30, late=20),
            Timeliness(2, sent=0, within=0, extended=0, late=0),
            Timeliness(3, sent=4, within=4, extended=0, late=0),
        ]
    )
    first, empty, third = chart.bars
    assert [round(s.width) for s in first.segments] == [390, 78, 52]
    assert sum(s.width for s in first.segments) == pytest.approx(chart.bar_width)
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    assert empty.empty and empty.segments == [] and empty.summary == "No responses sent"
    assert [s.width for s in third.segments] == [chart.bar_width]
    # Every part is told apart by a pattern as well as its colour.
    assert {s.fill for s in first.segments} == {
        "url(#heard-chart-within)",
        "url(#heard-chart-extended)",
        "url(#heard-chart-late)",
    }
