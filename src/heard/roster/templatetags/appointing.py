"""Template helper for the time shown on the case page.

Imports are made when the helper is used, not when the template engine loads its libraries,
so loading templates never pulls in the roster's queries as a side effect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

if TYPE_CHECKING:
    from heard.complaints.models import Complaint
    from heard.roster.fees import TimeSheet

register = template.Library()


@register.simple_tag
def time_sheets(complaint: Complaint, user: Any) -> list[TimeSheet]:
    """``{% time_sheets complaint user as sheets %}``: one query, whatever is recorded."""
    from heard.roster.fees import time_on_complaint

    return time_on_complaint(complaint, user)
