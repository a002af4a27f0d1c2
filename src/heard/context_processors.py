"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, str]:
    """The council's name and the service phase, for the header and phase banner."""
    return {"council_name": settings.COUNCIL_NAME, "phase": settings.PHASE}
