"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, str]:
    """The council's name, the service phase and where feedback goes, for the page frame.

    The header, phase banner and footer are on every page, so they read these here rather
    than each view passing them.
    """
    return {
        "council_name": settings.COUNCIL_NAME,
        "phase": settings.PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
