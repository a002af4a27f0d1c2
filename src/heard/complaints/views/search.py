"""The search page: every case this person may see that matches what they typed.

The header of every page has a search box that sends ``q`` here by GET, so a search works
without JavaScript and can be bookmarked. The rules (what is searched, how each database
matches, the access scope) are in ``complaints.search``; this view reads the box, asks, records
the search in the access record, and lays the rows out.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from heard.audit.events import record_search
from heard.complaints.listing import COLUMNS
from heard.complaints.queue import case_url_maker
from heard.complaints.search import MAX_RESULTS, search
from heard.complaints.views.cases import CaseRow
from heard.timescales.snapshot import current_calendar


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """With no words, just the box; otherwise the results, at most 50, with how many matched.
    Every search with words is recorded, including one that found nothing."""
    raw = request.GET.get("q", "")
    # Each case found is laid out as a row of the case list (the same columns).
    results = search(request.user, raw)
    searched = bool(results.query.strip())
    if searched:
        record_search(
            results.query,
            [c.pk for c in results.cases],
            results.count,
            by=request.user,
            method=request.method or "GET",
            path=request.get_full_path(),
        )
    today = timezone.localdate()
    calendar = current_calendar() if results.cases else None
    url_for = case_url_maker()
    return render(
        request,
        "complaints/search.html",
        {
            "query": results.query,
            "searched": searched,
            "results": results,
            "rows": [CaseRow.of(c, today, calendar, url_for) for c in results.cases],
            "columns": [label for label, _sort in COLUMNS],
            "max_results": MAX_RESULTS,
        },
    )
