"""How pages lay out what they show, for helpers that pages in several apps share.

These used to live in ``complaints.views.cases``, so the roster, the reports and the actions
list imported a view module to page their tables. A view is the top of its app; what other
apps need belongs in a module like this one, which imports no view (decision 016).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import QueryDict


def page_links(page: Page, params: QueryDict) -> dict[str, Any]:
    """GOV.UK pagination for ``complaints/includes/pagination.html``: previous, next, and
    numbers around the current page with ellipses. ``params`` is the query string to keep
    (filters, sort) without its ``page``."""

    def url(number: int) -> str:
        query = params.copy()
        query["page"] = str(number)
        return "?" + query.urlencode()

    current, last = page.number, page.paginator.num_pages
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    for number in shown:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append({"number": number, "url": url(number), "current": number == current})
    return {
        "items": items if last > 1 else [],
        "previous": url(current - 1) if page.has_previous() else None,
        "next": url(current + 1) if page.has_next() else None,
    }
