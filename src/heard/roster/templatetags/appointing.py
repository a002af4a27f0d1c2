"""Template helpers for the appoint page and the time shown on the case page.

The one step view gives a step form only the POST data; the appoint page also needs the
role and person chosen through the query string, so its template hands them to the form.
Imports are made when a helper is used, not when the template engine loads its libraries,
so loading templates never registers workflow steps as a side effect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.http import QueryDict

if TYPE_CHECKING:
    from heard.complaints.models import Complaint
    from heard.complaints.steps.appointments import AppointForm, AppointPage
    from heard.roster.fees import TimeSheet

register = template.Library()


@register.filter
def appoint_page(form: AppointForm, query: QueryDict) -> AppointPage:
    """``{% with page=form|appoint_page:request.GET %}``: what the appoint page shows."""
    return form.page(query)


@register.simple_tag
def time_sheets(complaint: Complaint, user: Any) -> list[TimeSheet]:
    """``{% time_sheets complaint user as sheets %}``: one query, whatever is recorded."""
    from heard.roster.fees import time_on_complaint

    return time_on_complaint(complaint, user)
