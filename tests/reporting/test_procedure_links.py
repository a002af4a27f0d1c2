"""The procedure report's figures open the cases behind them, and the report downloads
(issue 9, point 6; decision 028).

Each count links to the case list with a hidden ``figure`` filter (``complaints.case_sets``,
filled by ``reporting`` at start-up). Every figure's rows are held equal to the count shown,
so a link never opens a different set than the number promised.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.complaints.case_sets import CASE_SETS
from heard.complaints.models import Complaint
from heard.complaints.models.choices import BreachKind
from heard.decisions.models import Action
from heard.reporting.queries.procedure import FIGURES, procedure_report
from tests.complaints.helpers import adjudicated, stage2_requested
from tests.complaints.step_pages import as_user, error_summary, page_text
from tests.personas import Personas, create_complaint, create_personas
from tests.reporting.test_procedure_report import (
    breach,
    close_for_non_engagement,
    ombudsman_case,
    period,
    refuse,
    stage3_refused,
)

pytestmark = pytest.mark.django_db

REPORT = reverse("reporting:procedure")
LIST = reverse("complaints:list")
FIRST, LAST = date(2025, 1, 1), timezone.localdate()


@pytest.fixture
def p() -> Personas:
    return create_personas()


def references(response: Any) -> list[str]:
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>',
        response.content.decode(),
    )


def a_bit_of_everything(p: Personas) -> dict[str, Complaint]:
    refused = stage2_requested(p)
    refuse(refused, p)
    closed = close_for_non_engagement(p)
    done = adjudicated(p)
    Action.objects.filter(complaint=done).update(
        state=Action.State.DONE, evidence="Letter sent", completed_on=date(2025, 11, 20)
    )
    ombudsman_case(done, p, "25 000 001", received_on=date(2026, 1, 5))
    stage3_refused(adjudicated(p), p, date(2026, 2, 2))
    breach(closed, p, BreachKind.PANEL_MEETING, date(2026, 3, 2))
    create_complaint(p.officer, received_on=date(2026, 3, 2))
    return {"refused": refused, "closed": closed, "done": done}


def test_every_figure_opens_exactly_the_rows_it_counts(p: Personas) -> None:
    a_bit_of_everything(p)
    today = timezone.localdate()
    lines = [line for section in procedure_report(FIRST, LAST, today) for line in section.lines]
    assert {line.key for line in lines} == set(FIGURES)  # every line has a figure
    assert set(FIGURES) <= set(CASE_SETS)  # and the case list knows them all
    for line in lines:
        assert FIGURES[line.key].rows(FIRST, LAST, today).count() == line.count, line.label
    assert sum(line.count for line in lines) > 10  # the data exercised the lines


def test_a_count_links_to_the_case_list_of_its_cases(client: Client, p: Personas) -> None:
    cases = a_bit_of_everything(p)
    staff = as_user(client, p.manager)
    report = staff.get(REPORT, period(FIRST, LAST))
    page = report.content.decode()
    link = f"{LIST}?figure=stage2_refused&amp;figure_from=2025-01-01&amp;figure_to={LAST}"
    assert f'href="{link}"' in page
    assert "see the cases behind “Stage 2 requests refused: statutory complaints”" in page
    # A 0 is not a link: there is nothing behind it.
    assert re.search(r"Stage 3 requests refused: other complaints</th>\s*<td[^>]*>0</td>", page)

    listed = staff.get(link.replace("&amp;", "&"))
    assert references(listed) == [cases["refused"].reference]
    words = page_text(listed)
    assert (
        "Filters applied: Procedure report: Stage 2 requests refused: statutory complaints, "
        f"1 January 2025 to {LAST:%-d %B %Y}." in words
    )
    # The figure stays through the other filters (hidden fields) and into the downloads.
    assert 'type="hidden" name="figure" value="stage2_refused"' in listed.content.decode()
    assert "download.csv?figure=stage2_refused" in listed.content.decode()
    closed = staff.get(
        LIST, {"figure": "non_engagement", "figure_from": "2025-01-01", "figure_to": str(LAST)}
    )
    assert references(closed) == [cases["closed"].reference]


def test_an_unknown_figure_is_said_and_left_out(client: Client, p: Personas) -> None:
    create_complaint(p.officer, received_on=date(2026, 3, 2))
    response = as_user(client, p.manager).get(
        LIST, {"figure": "nonsense", "figure_from": "2025-01-01", "figure_to": "2026-01-01"}
    )
    assert "That report figure is not known" in error_summary(response)
    assert len(references(response)) == 1


def test_the_report_downloads_as_csv_with_its_period(client: Client, p: Personas) -> None:
    a_bit_of_everything(p)
    staff = as_user(client, p.manager)
    page = staff.get(REPORT).content.decode()
    assert f'href="{reverse("reporting:procedure_csv")}"' in page
    response = staff.get(reverse("reporting:procedure_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    today = timezone.localdate()
    shown = {r["What"]: r for r in rows}
    expected = [line for s in procedure_report(*_last_year(today), today) for line in s.lines]
    assert [r["What"] for r in rows] == [line.label for line in expected]
    assert shown["Stage 2 requests refused: statutory complaints"]["Note"] == "Rule 15"
    assert {r["To"] for r in rows} == {today.isoformat()}
    bad = staff.get(reverse("reporting:procedure_csv"), {"period_from-day": "40"})
    assert bad["Content-Type"].startswith("text/html")


def _last_year(today: date) -> tuple[date, date]:
    from heard.reporting.forms import last_twelve_months

    return last_twelve_months(today)


def test_only_complaints_staff_may_download_the_report(client: Client, p: Personas) -> None:
    assert as_user(client, p.io).get(reverse("reporting:procedure_csv")).status_code == 404
