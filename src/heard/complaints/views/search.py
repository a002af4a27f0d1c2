"""The search page: every case this person may see that matches what they typed.

The header of every page has a search box that sends ``q`` here by GET, so a search works
without JavaScript and can be bookmarked. The rules (what is searched, how each database
matches, the access scope) are in ``complaints.search``; this view reads the box, asks, records
the search in the access record, and lays the rows out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from heard.audit.events import record_search
from heard.complaints.models import Complaint
from heard.complaints.search import MAX_RESULTS, search
from heard.complaints.views.cases import STATUS_TAGS


@dataclass(frozen=True)
class ResultRow:
    """One case found, worked out in Python so the template only lays it out."""

    complaint: Complaint
    complainants: list[str]
    handler: str
    overdue: bool
    status_tag: str

    @classmethod
    def of(cls, complaint: Complaint, today: date) -> ResultRow:
        return cls(
            complaint=complaint,
            complainants=[c.name for c in complaint.complainants.all()],
            handler=str(complaint.handler) if complaint.handler else "",
            overdue=complaint.is_overdue(today),
            status_tag=STATUS_TAGS.get(complaint.status, ""),
        )


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """With no words, just the box; otherwise the results, at most 50, with how many matched.
    Every search with words is recorded, including one that found nothing."""
    raw = request.GET.get("q", "")
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
    return render(
        request,
        "complaints/search.html",
        {
            "query": results.query,
            "searched": searched,
            "results": results,
            "rows": [ResultRow.of(c, today) for c in results.cases],
            "max_results": MAX_RESULTS,
        },
    )
