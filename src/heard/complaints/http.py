"""Request helpers shared by the complaint views: finding the case and recording the read."""

from __future__ import annotations

from django.http import HttpRequest

from heard.audit.events import record_access
from heard.complaints.access import get_complaint_for_user
from heard.complaints.models import Complaint


def case_for_request(request: HttpRequest, pk: int, *, event: str = "") -> Complaint:
    """The complaint if this user may see it (else 404), with the access recorded. ``event``
    names the step asked for: a step that outlasts an appointment (recording time and fees)
    may open a complaint its page no longer shows."""
    complaint = get_complaint_for_user(request.user, pk, event=event)
    record_access(complaint.pk, by=request.user, method=request.method or "GET", path=request.path)
    return complaint
