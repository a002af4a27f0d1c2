"""Template context shared by every page."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

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
        "menu": lambda: menu(request),
        "council_name": settings.COUNCIL_NAME,
        "phase": settings.PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


@dataclass(frozen=True)
class MenuItem:
    """One link of the service navigation; ``current`` marks the page the person is on."""

    label: str
    href: str
    current: bool


# The service navigation: (URL name, words), and whether only complaints staff see it.
MENU: tuple[tuple[str, str, bool], ...] = (
    ("home", "Home", False),
    ("dashboard", "Dashboard", True),
    ("complaints:list", "Cases", True),
    ("decisions:actions", "Agreed actions", True),
    ("roster:roster", "Roster", True),
    ("reporting:index", "Reports", True),
    ("complaints:mine", "My cases", False),
    ("timescales:calculator", "Timescales calculator", False),
)


@functools.cache
def _menu_links(prefix: str) -> tuple[tuple[str, str, str, bool], ...]:
    """The menu's addresses, found once for each script prefix the site is served under."""
    return tuple((name, label, reverse(name), staff_only) for name, label, staff_only in MENU)


def menu(request: HttpRequest) -> list[MenuItem]:
    """The menu this person sees, worked out in Python and laid out in one loop: as eight
    template includes it was a millisecond of every page."""
    match = request.resolver_match
    current = match.view_name if match else ""
    staff = is_complaints_staff(request.user)
    return [
        MenuItem(label, href, name == current)
        for name, label, href, staff_only in _menu_links(get_script_prefix())
        if staff or not staff_only
    ]
