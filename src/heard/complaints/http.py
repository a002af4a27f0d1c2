"""Request helpers shared by the complaint views: finding the case and recording the read."""

from __future__ import annotations

from django.http import HttpRequest

from heard.audit.events import record_access
from heard.complaints.access import get_complaint_for_user
from heard.complaints.models import Complaint


def case_for_request(request: HttpRequest, pk: int) -> Complaint:
    """The complaint if this user may see it (else 404), with the access recorded."""
    complaint = get_complaint_for_user(request.user, pk)
    record_access(complaint.pk, by=request.user, method=request.method or "GET", path=request.path)
    return complaint
