"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from heard.people.roles import is_complaints_staff


def service(request: HttpRequest) -> dict[str, Any]:
    """The council's name, the service phase and where feedback goes, for the page frame.

    The header, phase banner and footer are on every page, so they read these here rather
    than each view passing them. ``is_complaints_staff`` decides whether the navigation shows
    "Cases"; it is a function, so the template asks only when it draws the navigation, and the
    user's roles are read once per request (``roles_of`` remembers them on the user).
    """
    return {
        "is_complaints_staff": lambda: is_complaints_staff(request.user),
        "council_name": settings.COUNCIL_NAME,
        "phase": settings.PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
