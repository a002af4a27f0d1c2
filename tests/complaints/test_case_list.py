"""The case list people can scan (issue 9, point 6; decision 028).

Its columns (next deadline with what it is and working days left, the handler, current
appointments only), sorting by column heading, filters kept when coming back, and the CSV and
Excel downloads: the page's filters, sort and access, formula injection, the access log, and
a fixed number of queries per batch however many cases.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from heard.audit.models import AccessRecord
from heard.complaints import export
from heard.complaints.listing import days_left
from heard.complaints.models import Appointment, Complaint
from tests.complaints.helpers import stage2_investigating
from tests.complaints.step_pages import as_user, error_summary, page_text
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:list")
MINE = reverse("complaints:mine")
LIST_CSV = reverse("complaints:list_csv")
LIST_XLSX = reverse("complaints:list_xlsx")
MINE_CSV = reverse("complaints:mine_csv")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def references(response: Any) -> list[str]:
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>',
        response.content.decode(),
    )


def received_days_ago(p: Personas, days: int, **kwargs: Any) -> Complaint:
    return create_stage1_complaint(
        p.officer, received_on=timezone.localdate() - timedelta(days=days), **kwargs
    )


def handled_by(complaint: Complaint, user: Any) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(handler=user)
    complaint.refresh_from_db()
    return complaint


def csv_rows(response: Any) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def xlsx_rows(response: Any) -> list[list[Any]]:
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True)["Cases"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# -- the columns ----------------------------------------------------------------------------


def test_the_row_shows_the_next_deadline_with_days_left_the_handler_and_current_officers(
    client: Client, p: Personas
) -> None:
    case = handled_by(stage2_investigating(p), p.officer)
    Appointment.objects.filter(complaint=case, person=p.ip).update(ended_on=timezone.localdate())
    response = as_user(client, p.manager).get(LIST)
    words = page_text(response)
    assert "Officer Tester" in words  # the handler column
    assert "Io Tester (Investigating Officer)" in words
    assert "Ip Tester" not in words  # an ended appointment is not shown
    assert case.due_label and case.due_label in words
    assert days_left(case.due_on, timezone.localdate()) in words
    page = response.content.decode()
    assert 'class="govuk-width-container heard-width-full"' in page
    assert 'class="heard-table-scroll" tabindex="0" role="region"' in page


def test_days_left_in_words(p: Personas) -> None:
    today = timezone.localdate()
    assert days_left(None, today) == ""
    assert days_left(today, today) == "Due today"
    monday = today + timedelta(days=7 - today.weekday())  # the next Monday
    friday_before = monday - timedelta(days=3)
    assert days_left(monday, friday_before) == "1 working day left"
    assert days_left(friday_before, monday) == "Overdue by 1 working day"
    assert days_left(monday + timedelta(days=1), friday_before) == "2 working days left"


# -- sorting --------------------------------------------------------------------------------


def test_column_headings_sort_the_list_both_ways(client: Client, p: Personas) -> None:
    first = handled_by(received_days_ago(p, 1), p.officer)
    second = handled_by(received_days_ago(p, 5), p.manager)
    third = handled_by(received_days_ago(p, 3), None)  # nobody handles it: last either way
    staff = as_user(client, p.officer)

    by_reference = staff.get(LIST, {"sort": "reference"})
    assert references(by_reference) == [first.reference, second.reference, third.reference]
    page = by_reference.content.decode()
    assert re.search(
        r'<th scope="col" class="govuk-table__header" aria-sort="ascending">'
        r'<a class="govuk-link heard-sort-link" href="\?sort=-reference">',
        page,
    )
    assert page.count("aria-sort=") == 1  # only the column in use
    backwards = staff.get(LIST, {"sort": "-reference"})
    assert references(backwards) == [third.reference, second.reference, first.reference]
    assert 'aria-sort="descending"' in backwards.content.decode()

    by_handler = staff.get(LIST, {"sort": "handler"})  # Manager Tester, Officer Tester, none
    assert references(by_handler) == [second.reference, first.reference, third.reference]
    assert references(staff.get(LIST, {"sort": "-handler"}))[:2] == [
        first.reference,
        second.reference,
    ]


def test_a_sort_link_keeps_the_filters_and_goes_back_to_the_first_page(
    client: Client, p: Personas
) -> None:
    received_days_ago(p, 1)
    page = as_user(client, p.officer).get(LIST, {"stage": "1", "page": "1"}).content.decode()
    assert 'href="?stage=1&amp;sort=reference"' in page
    assert 'href="?stage=1&amp;sort=-due"' in page  # the default sort, reversed


def test_an_unknown_sort_is_refused_and_the_default_used(client: Client, p: Personas) -> None:
    received_days_ago(p, 1)
    response = as_user(client, p.officer).get(LIST, {"sort": "summary"})
    assert "Select a sort order from the list" in error_summary(response)
    assert 'aria-sort="ascending"' in response.content.decode()


def test_pages_never_share_a_case_when_many_sort_the_same(client: Client, p: Personas) -> None:
    for _ in range(53):
        received_days_ago(p, 2)  # the same stage, status and due date
    staff = as_user(client, p.officer)
    for sort in ("stage", "-stage", "due", "handler"):
        one = references(staff.get(LIST, {"sort": sort}))
        two = references(staff.get(LIST, {"sort": sort, "page": "2"}))
        assert len(one) == 50 and len(two) == 3
        assert len(set(one) | set(two)) == 53, sort


def test_sorting_asks_the_database_the_same_however_many_cases(client: Client, p: Personas) -> None:
    staff = as_user(client, p.manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(LIST, {"sort": "handler"}).status_code == 200
        return len(captured)

    for _ in range(2):
        handled_by(received_days_ago(p, 1), p.officer)
    queries()  # the first remembers the query in the session; later ones have nothing to write
    few = queries()
    for _ in range(12):
        handled_by(received_days_ago(p, 1), p.manager)
    assert queries() == few


# -- filters kept when coming back -----------------------------------------------------------


def test_the_list_opened_bare_goes_back_to_the_filters_last_used(
    client: Client, p: Personas
) -> None:
    at_stage2 = stage2_investigating(p)
    received_days_ago(p, 1)
    staff = as_user(client, p.officer)
    filtered = staff.get(LIST, {"stage": "2", "sort": "reference", "junk": "x"})
    assert references(filtered) == [at_stage2.reference]
    assert "Filters applied: Stage: Stage 2." in page_text(filtered)

    back = staff.get(LIST)  # from the menu, or a case's back link
    assert back.status_code == 302
    assert back["Location"] == f"{LIST}?sort=reference&stage=2"  # only the form's own keys
    assert references(staff.get(LIST, follow=True)) == [at_stage2.reference]
    # "My cases" keeps its own filters.
    assert staff.get(MINE).status_code == 200

    cleared = staff.get(LIST, {"clear": ""})
    assert cleared.status_code == 302 and cleared["Location"] == LIST
    everything = staff.get(LIST)
    assert everything.status_code == 200 and len(references(everything)) == 2
    assert "Filters applied" not in page_text(everything)


# -- downloads -------------------------------------------------------------------------------


def test_the_csv_holds_the_filtered_cases_in_the_pages_order(client: Client, p: Personas) -> None:
    at_stage2 = stage2_investigating(p)
    older = received_days_ago(p, 9)
    newer = received_days_ago(p, 2)
    staff = as_user(client, p.officer)
    page = staff.get(LIST, {"stage": "1", "sort": "-reference"}).content.decode()
    assert f'href="{LIST_CSV}?stage=1&amp;sort=-reference"' in page
    rows = csv_rows(staff.get(LIST_CSV, {"stage": "1", "sort": "-reference"}))
    assert rows[0] == list(export.HEADINGS)
    assert [r[0] for r in rows[1:]] == sorted([older.reference, newer.reference], reverse=True)
    assert at_stage2.reference not in {r[0] for r in rows}
    everything = csv_rows(staff.get(LIST_CSV))
    assert len(everything) == 4


def test_a_download_holds_only_what_the_person_may_see(client: Client, p: Personas) -> None:
    theirs = stage2_investigating(p)
    received_days_ago(p, 1)
    rows = csv_rows(as_user(client, p.io).get(LIST_CSV))
    assert [r[0] for r in rows[1:]] == [theirs.reference]
    assert [r[0] for r in csv_rows(as_user(client, p.io).get(MINE_CSV))[1:]] == [theirs.reference]
    assert csv_rows(as_user(client, p.outsider).get(LIST_CSV))[1:] == []
    sheet = xlsx_rows(as_user(client, p.io).get(LIST_XLSX))
    assert [r[0] for r in sheet[1:]] == [theirs.reference]


def test_the_excel_file_matches_the_csv(client: Client, p: Personas) -> None:
    case = handled_by(received_days_ago(p, 3), p.officer)
    staff = as_user(client, p.officer)
    response = staff.get(LIST_XLSX, {"stage": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="cases-' in response["Content-Disposition"]
    sheet = xlsx_rows(response)
    assert tuple(sheet[0]) == export.HEADINGS
    row = dict(zip(export.HEADINGS, sheet[1], strict=True))
    assert row["Reference"] == case.reference
    assert row["Received"].date() == case.received_on  # a real date, not text
    assert row["Next deadline"].date() == case.due_on
    assert row["Handler"] == "Officer Tester"
    assert isinstance(row["Working days left"], int)


def test_a_cell_that_would_be_a_formula_is_written_as_text(client: Client, p: Personas) -> None:
    case = received_days_ago(p, 1)
    case.complainants.update(name='=HYPERLINK("http://x.example","Click")')
    Complaint.objects.filter(pk=case.pk).update(team="@SUM(A1)")
    staff = as_user(client, p.officer)
    line = dict(zip(export.HEADINGS, csv_rows(staff.get(LIST_CSV))[1], strict=True))
    assert line["Complainants"] == """'=HYPERLINK("http://x.example","Click")"""
    assert line["Team"] == "'@SUM(A1)"
    sheet = xlsx_rows(staff.get(LIST_XLSX))[1]
    cell = dict(zip(export.HEADINGS, sheet, strict=True))
    assert cell["Complainants"] == line["Complainants"]  # text, not a formula
    assert cell["Team"] == "'@SUM(A1)"
    for start in ("=1+1", "+1", "-2", "@x", "\tx", "\rx"):
        assert export.safe(start) == f"'{start}"
    assert export.safe("Sam Rivers") == "Sam Rivers" and export.safe(-3) == -3


def test_each_download_is_in_the_access_log_for_every_case_in_it(
    client: Client, p: Personas
) -> None:
    shown = [received_days_ago(p, 1), received_days_ago(p, 2)]
    hidden = stage2_investigating(p)
    AccessRecord.objects.all().delete()
    csv_rows(as_user(client, p.officer).get(LIST_CSV, {"stage": "1"}))
    records = AccessRecord.objects.filter(path__startswith=LIST_CSV)
    assert sorted(r.complaint_id for r in records) == sorted(c.pk for c in shown)
    assert {r.by_id for r in records} == {p.officer.pk}
    assert not AccessRecord.objects.filter(complaint_id=hidden.pk).exists()
    assert records[0].path == f"{LIST_CSV}?stage=1"
    xlsx_rows(as_user(client, p.officer).get(LIST_XLSX))
    assert AccessRecord.objects.filter(path__startswith=LIST_XLSX).count() == 3


def test_a_download_reads_in_batches_with_a_fixed_number_of_queries_each(
    client: Client, p: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "BATCH", 4)
    staff = as_user(client, p.officer)

    def download() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(staff.get(LIST_CSV))
        return len(captured), len(rows) - 1

    for i in range(4):
        received_days_ago(p, i)
    one_batch, count = download()
    assert count == 4
    for i in range(8):
        received_days_ago(p, i)
    three_batches, count = download()
    assert count == 12
    # Each batch: the cases, complainants, children, appointments, and the access records.
    per_batch = (three_batches - one_batch) // 2
    assert three_batches == one_batch + 2 * per_batch and per_batch <= 5
    # In the page's order, across the batches.
    assert [r[0] for r in csv_rows(staff.get(LIST_CSV))[1:]] == references(
        staff.get(LIST, {"sort": "due"})
    )[:12]


def test_a_download_with_a_bad_filter_shows_the_list_with_its_error(
    client: Client, p: Personas
) -> None:
    response = as_user(client, p.officer).get(LIST_CSV, {"due_within": "soon"}, follow=True)
    assert "Due within must be a whole number" in error_summary(response)
