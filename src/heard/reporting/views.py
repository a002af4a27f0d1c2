"""The reports' pages: the learning log (and its CSV download) and the procedure report.

Each view checks the reader is complaints staff, reads the filters, asks ``queries`` for the
rows or counts, and renders. Reading the learning log is recorded in the access log once for
each complaint whose details the reader was shown: ``audit.AccessRecord`` is kept per case
so that "who has read about this complaint?" has one complete answer, however the details
were reached; the path says it was through the log. The procedure report shows only counts,
which identify no one, so reading it is not recorded.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from heard.audit.models import AccessRecord
from heard.complaints.access import complaints_staff_only
from heard.complaints.presentation import page_links
from heard.reporting.chart import timeliness_chart
from heard.reporting.forms import LearningFilterForm, PeriodForm, last_twelve_months
from heard.reporting.queries.dashboard import case_figures, timeliness
from heard.reporting.queries.learning import (
    LogPages,
    LogRow,
    Tally,
    as_log_rows,
    in_chunks,
    log_count,
    log_rows,
    tallies,
)
from heard.reporting.queries.procedure import procedure_report
from heard.users import signed_in_id

PER_PAGE = 50


def record_reading(request: HttpRequest, complaint_ids: Iterable[int]) -> None:
    """One access record per complaint shown, in one insert."""
    path = request.get_full_path()[:300]
    AccessRecord.objects.bulk_create(
        AccessRecord(
            complaint_id=pk,
            by_id=signed_in_id(request.user),
            method=request.method or "GET",
            path=path,
        )
        for pk in sorted(set(complaint_ids))
    )


@require_safe
@complaints_staff_only
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/index.html")


@require_safe
@complaints_staff_only
def learning_log(request: HttpRequest) -> HttpResponse:
    """Across cases: what was found, what the council agreed to change, and where it is."""
    today = timezone.localdate()
    form = LearningFilterForm(request.GET or None)
    wanted = form.filters()
    by_theme, by_team = tallies(wanted, today)
    # LogPages reads one page of the log with a query per part; it is not a sequence, but it
    # answers the two questions Paginator asks (count, and a slice). Its count is the team
    # table's total, which counts the same rows (no query of its own).
    log = LogPages(wanted, today, count=log_count(by_team))
    pages = cast("Sequence[dict[str, Any]]", log)
    page = Paginator(pages, PER_PAGE).get_page(request.GET.get("page"))
    rows = as_log_rows(page.object_list, today)
    record_reading(request, (row.complaint_id for row in rows))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "reporting/learning.html",
        {
            "form": form,
            "count_tables": [
                ("By theme", _linked(by_theme, params, "theme"), "theme"),
                ("By team", _linked(by_team, params, "team"), "team"),
            ],
            "page": page,
            "rows": rows,
            "pagination": page_links(page, params),
            "filtered": bool(wanted),
            "csv_url": reverse("reporting:learning_csv")
            + (f"?{params.urlencode()}" if params else ""),
        },
    )


def _linked(counts: list[Tally], params: QueryDict, name: str) -> list[tuple[Tally, str]]:
    """Each count with the address of the log showing just its rows (the other filters kept);
    no link for "none recorded", which no filter can pick out."""

    def url(key: str) -> str:
        query = params.copy()
        query[name] = key
        return "?" + query.urlencode()

    return [(tally, url(tally.key) if tally.key else "") for tally in counts]


CSV_HEADINGS = (
    "Reference",
    "Team",
    "Stage",
    "Themes",
    "Point",
    "What was found",
    "Finding",
    "Reasons",
    "What the council agreed to change",
    "Action",
    "Owner",
    "Due",
    "State",
    "Evidence of completion",
    "Completed on",
    "Signed off on",
    "Date found or decided",
)

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_line(row: LogRow) -> list[str]:
    return [
        _cell(v)
        for v in (
            row.reference,
            row.team,
            row.stage,
            "; ".join(row.themes),
            row.point,
            row.found,
            row.outcome,
            row.reasons,
            row.change,
            row.action,
            row.owner,
            row.due_on,
            row.state_label,
            row.evidence,
            row.completed_on,
            row.signed_off_on,
            row.on,
        )
    ]


@require_safe
@complaints_staff_only
def learning_log_csv(request: HttpRequest) -> HttpResponse:
    """The filtered log as a CSV file, every row, for a spreadsheet or a committee paper.

    Built whole before it is sent, so the access log records exactly the complaints in a
    file that was produced (a streamed file could be cut off half way).
    """
    today = timezone.localdate()
    form = LearningFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return learning_log(request)  # show the errors rather than an unfiltered file
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="learning-log-{today}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    shown: set[int] = set()
    for chunk in in_chunks(log_rows(form.filters(), today), today):
        writer.writerows(_csv_line(row) for row in chunk)
        shown.update(row.complaint_id for row in chunk)
    record_reading(request, shown)
    return response


def _figure_url(key: str, first: date, last: date) -> str:
    query = urlencode(
        {"figure": key, "figure_from": first.isoformat(), "figure_to": last.isoformat()}
    )
    return f"{reverse('complaints:list')}?{query}"


@require_safe
@complaints_staff_only
def procedure(request: HttpRequest) -> HttpResponse:
    """Counts for a period (the last 12 months unless chosen): refusals, closures, deadlines
    missed, the Ombudsman and actions. Each count above 0 links to the case list showing the
    cases behind it (decision 028); the whole report downloads as a CSV file."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    first, last = form.period(today)
    sections = procedure_report(first, last, today)
    params = request.GET.urlencode()
    return render(
        request,
        "reporting/procedure.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "sections": [
                (
                    section,
                    [
                        (line, _figure_url(line.key, first, last) if line.count else "")
                        for line in section.lines
                    ],
                )
                for section in sections
            ],
            "csv_url": reverse("reporting:procedure_csv") + (f"?{params}" if params else ""),
        },
    )


@require_safe
@complaints_staff_only
def procedure_csv(request: HttpRequest) -> HttpResponse:
    """The report's counts as a CSV file, one line per count, with the period on each line so
    a file read on its own says what it covers. Counts name no one, so nothing is recorded."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return procedure(request)  # show the errors rather than another period's file
    first, last = form.period(today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="procedure-report-{first}-to-{last}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(("Section", "What", "Number", "Note", "From", "To"))
    for section in procedure_report(first, last, today):
        for line in section.lines:
            writer.writerow(
                [_cell(v) for v in (section.title, line.label, line.count, line.note, first, last)]
            )
    return response


@require_safe
@complaints_staff_only
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where the team's work stands today, each figure a link to what it counts, and how
    timely each stage's responses were over the last 12 months (decision 031)."""
    today = timezone.localdate()
    first, last = last_twelve_months(today)
    rows = timeliness(first, last)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "today": today,
            "figures": case_figures(today),
            "first": first,
            "last": last,
            "timeliness": rows,
            "chart": timeliness_chart(rows),
        },
    )
