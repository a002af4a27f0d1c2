"""Who may read the reports: complaints staff only.

The reports read across every case, so they follow the rule for cross-case pages (ADR 008):
only people who may see every complaint may see them. Anyone else signed in gets 403 rather
than 404: the pages' addresses are in the navigation and reveal nothing about any one case.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from heard.people.roles import is_complaints_staff

View = Callable[..., HttpResponse]


def complaints_staff_only(view: View) -> View:
    """Refuse (403) anyone who is not complaints staff."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_complaints_staff(request.user):
            raise PermissionDenied("Reports are for the complaints team.")
        return view(request, *args, **kwargs)

    return wrapped
